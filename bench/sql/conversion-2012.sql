-- Baseline for the conversion-2012 report: the same question in plain SQL, run by sqlite3 on the
-- database file (docs/benchmarks.md). As of :d, by province in the units of that date, as known
-- now. The date is set by the caller: sqlite3 -cmd ".parameter set :d \"'2016-12-31'\"" nat.db < this file
WITH ending(type) AS (VALUES ('dissolved_voluntary'), ('dissolved_forced'), ('merged_into'),
                             ('consolidated_into'), ('divided_into'), ('bankrupt'),
                             ('converted_to_enterprise')),
live AS (
  SELECT e.id, e.org_id, e.type, e.effective_date, e.recorded_at, e.unit_code
  FROM events e
  WHERE e.effective_date <= :d
    AND NOT EXISTS (SELECT 1 FROM event_voids v WHERE v.event_id = e.id)
),
state AS (
  SELECT o.id,
    (SELECT min(l.effective_date) FROM live l WHERE l.org_id = o.id AND l.type = 'founded') AS founded,
    (SELECT min(l.effective_date) FROM live l
      WHERE l.org_id = o.id AND l.type = 'reregistered_2012') AS rereg,
    (SELECT l.type FROM live l WHERE l.org_id = o.id AND l.type IN (SELECT type FROM ending)
      ORDER BY l.effective_date LIMIT 1) AS end_type,
    (SELECT min(l.effective_date) FROM live l
      WHERE l.org_id = o.id AND l.type IN (SELECT type FROM ending)) AS ended,
    (SELECT l.unit_code FROM live l WHERE l.org_id = o.id AND l.unit_code IS NOT NULL
      ORDER BY l.effective_date DESC, l.recorded_at DESC, l.id DESC LIMIT 1) AS unit
  FROM organisations o
  WHERE o.kind <> 'THT'
),
required AS (
  SELECT * FROM state WHERE founded < '2013-07-01' AND (ended IS NULL OR ended >= '2013-07-01')
)
SELECT coalesce(p.code, '') AS province,
       count(*) AS required,
       sum(rereg IS NOT NULL) AS converted,
       sum(rereg IS NULL AND end_type = 'dissolved_voluntary') AS dissolved_voluntary,
       sum(rereg IS NULL AND end_type = 'dissolved_forced') AS dissolved_forced,
       sum(rereg IS NULL AND end_type IS NOT NULL
           AND end_type NOT IN ('dissolved_voluntary', 'dissolved_forced')) AS ended_otherwise,
       sum(rereg IS NULL AND end_type IS NULL) AS pending
FROM required r
LEFT JOIN units c ON c.code = r.unit AND c.valid_from <= :d AND c.valid_to >= :d
LEFT JOIN units x ON x.code = c.parent_code AND x.valid_from <= :d AND x.valid_to >= :d
LEFT JOIN units p ON p.code = CASE WHEN x.level = 'province' THEN x.code ELSE x.parent_code END
                 AND p.valid_from <= :d AND p.valid_to >= :d
GROUP BY 1
ORDER BY 1;
