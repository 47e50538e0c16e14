-- Baseline for the conversion-2012 report: the same question in plain SQL, run by sqlite3 on the
-- database file (docs/benchmarks.md). As of :d, by province in the units of that date, as known
-- now. One pass over the events, grouped by organisation. Set the date with:
--   sqlite3 -cmd ".parameter set :d \"'2016-12-31'\"" nat.db < bench/sql/conversion-2012.sql
WITH live AS (
  SELECT e.id, e.org_id, e.type, e.effective_date, e.recorded_at, e.unit_code
  FROM events e
  LEFT JOIN event_voids v ON v.event_id = e.id
  WHERE v.event_id IS NULL AND e.effective_date <= :d
),
ending AS (
  SELECT org_id, min(effective_date || '|' || type) AS first_end
  FROM live
  WHERE type IN ('dissolved_voluntary', 'dissolved_forced', 'merged_into', 'consolidated_into',
                 'divided_into', 'bankrupt', 'converted_to_enterprise')
  GROUP BY org_id
),
state AS (
  SELECT l.org_id,
         min(CASE WHEN l.type = 'founded' THEN l.effective_date END) AS founded,
         min(CASE WHEN l.type = 'reregistered_2012' THEN l.effective_date END) AS rereg,
         max(CASE WHEN l.unit_code IS NOT NULL
                  THEN l.effective_date || l.recorded_at || printf('%012d', l.id) || l.unit_code
             END) AS unit_key
  FROM live l
  GROUP BY l.org_id
),
required AS (
  SELECT s.org_id, s.rereg, substr(s.unit_key, -5) AS unit,
         substr(e.first_end, 1, 10) AS ended, substr(e.first_end, 12) AS end_type
  FROM state s
  JOIN organisations o ON o.id = s.org_id AND o.kind <> 'THT'
  LEFT JOIN ending e ON e.org_id = s.org_id
  WHERE s.founded < '2013-07-01' AND (e.first_end IS NULL OR e.first_end >= '2013-07-01')
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
