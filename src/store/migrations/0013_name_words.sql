-- 0013: the words of every folded name, for search (decision 0012). Folded names are words
-- separated by single spaces and a query word holds no space, so a query word occurs in a name
-- exactly when it occurs in one of the name's words: a search looks up the few vocabulary words
-- that contain it and reads their organisations in list order, instead of testing every name.
CREATE TABLE name_words (
  word TEXT PRIMARY KEY,
  orgs INTEGER NOT NULL      -- how many organisations have a name with this word
) WITHOUT ROWID;

-- Each word of any name an organisation has had, with its org_latest.sort_key (rewritten with it).
CREATE TABLE org_words (
  word     TEXT NOT NULL,
  sort_key BLOB NOT NULL,
  org_id   INTEGER NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (word, sort_key)
) WITHOUT ROWID;

INSERT OR IGNORE INTO org_words (word, sort_key, org_id)
  WITH RECURSIVE split (org_id, word, rest) AS (
    SELECT org_id, '', folded || ' ' FROM org_names
    UNION ALL
    SELECT org_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest <> ''
  )
  SELECT s.word, l.sort_key, s.org_id FROM split s JOIN org_latest l ON l.org_id = s.org_id
  WHERE s.word <> '';

INSERT INTO name_words (word, orgs) SELECT word, count(*) FROM org_words GROUP BY word;
