-- 0015: the twin of SQLite's index for a unit's list in name order (kind and status tested in the
-- index, rows read for the page only); the planner may take it for the same lists here.
CREATE INDEX org_latest_by_unit_kind_status ON org_latest (unit_code, kind, status, sort_key);
