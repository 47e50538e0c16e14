-- Baseline for the sector-summary report: the same question in plain SQL, run by sqlite3 on the
-- database file (docs/benchmarks.md). As of :d, by province in the units of that date, as known
-- now: organisations that exist and have not ended, by kind × field × legal status, with the
-- latest yearly figures of a year up to that of :d.
--   sqlite3 -cmd ".parameter set :d \"'2016-12-31'\"" nat.db < bench/sql/sector-summary.sql
WITH live AS (
  SELECT e.id, e.org_id, e.type, e.effective_date, e.recorded_at, e.unit_code, e.field
  FROM events e
  LEFT JOIN event_voids v ON v.event_id = e.id
  WHERE v.event_id IS NULL AND e.effective_date <= :d
),
state AS (
  SELECT l.org_id,
         max(CASE WHEN l.type IN ('founded', 'suspended', 'resumed', 'flagged_not_at_address',
                                  'cleared_not_at_address', 'dissolution_started',
                                  'certificate_revoked', 'dissolved_voluntary', 'dissolved_forced',
                                  'merged_into', 'consolidated_into', 'divided_into', 'bankrupt',
                                  'converted_to_enterprise')
                  THEN l.effective_date || l.recorded_at || printf('%012d', l.id) || l.type
             END) AS status_key,
         max(CASE WHEN l.field IS NOT NULL
                  THEN l.effective_date || l.recorded_at || printf('%012d', l.id) || l.field
             END) AS field_key,
         max(CASE WHEN l.unit_code IS NOT NULL
                  THEN l.effective_date || l.recorded_at || printf('%012d', l.id) || l.unit_code
             END) AS unit_key
  FROM live l
  GROUP BY l.org_id
),
current AS (
  SELECT s.org_id, o.kind,
         CASE substr(s.status_key, 50)
           WHEN 'suspended' THEN 'suspended'
           WHEN 'flagged_not_at_address' THEN 'not_at_address'
           WHEN 'dissolution_started' THEN 'dissolving'
           WHEN 'certificate_revoked' THEN 'dissolving'
           WHEN 'founded' THEN 'operating'
           WHEN 'resumed' THEN 'operating'
           WHEN 'cleared_not_at_address' THEN 'operating'
           ELSE 'ended'
         END AS status,
         substr(s.field_key, 50) AS field,
         substr(s.unit_key, -5) AS unit
  FROM state s JOIN organisations o ON o.id = s.org_id
),
latest_year AS (
  SELECT org_id, max(year) AS year FROM yearly_figures
  WHERE year <= CAST(substr(:d, 1, 4) AS INTEGER) GROUP BY org_id
),
figures AS (
  SELECT f.* FROM yearly_figures f
  JOIN latest_year y ON y.org_id = f.org_id AND y.year = f.year
  WHERE f.recorded_at = (SELECT max(g.recorded_at) FROM yearly_figures g
                         WHERE g.org_id = f.org_id AND g.year = f.year)
)
SELECT coalesce(p.code, '') AS province, c.kind, c.field,
       count(*) AS active,
       sum(c.status = 'operating') AS operating,
       sum(c.status = 'suspended') AS suspended,
       sum(c.status = 'not_at_address') AS not_at_address,
       sum(c.status = 'dissolving') AS dissolving,
       count(f.id) AS with_figures,
       sum(f.members) AS members, sum(f.workers) AS workers,
       sum(f.charter_capital) AS charter_capital, sum(f.revenue) AS revenue,
       sum(f.profit_before_tax) AS profit,
       avg(f.members) AS avg_members, avg(f.revenue) AS avg_revenue,
       avg(f.profit_before_tax) AS avg_profit, avg(f.avg_income) AS avg_income
FROM current c
LEFT JOIN figures f ON f.org_id = c.org_id
LEFT JOIN units u ON u.code = c.unit AND u.valid_from <= :d AND u.valid_to >= :d
LEFT JOIN units x ON x.code = u.parent_code AND x.valid_from <= :d AND x.valid_to >= :d
LEFT JOIN units p ON p.code = CASE WHEN x.level = 'province' THEN x.code ELSE x.parent_code END
                 AND p.valid_from <= :d AND p.valid_to >= :d
WHERE c.status <> 'ended'
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
