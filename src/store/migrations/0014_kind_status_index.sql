-- 0014: a list filtered by kind and status together reads this in name order. With only the
-- kind's and the status's own indexes SQLite took the status's, and "credit funds that are
-- dissolved" (none nationally) walked all 57,669 dissolved organisations: 92 ms.
CREATE INDEX org_latest_by_kind_status ON org_latest (kind, status, sort_key);
