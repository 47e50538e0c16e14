-- 0013: SQLite's search gets a word index here (name_words, org_words; decision 0012).
-- PostgreSQL already finds names through the trigram index of 0001 (org_names_folded_trgm), so
-- this migration only keeps the two numbering sequences alike.
SELECT 1;
