-- 0015: a unit's list in name order (a province is thousands of organisations under hundreds of
-- commune codes, old and new) picks its page from this index alone: the unit, kind and status
-- tests and the name order need no row of the table, and only the page's rows are read. Before,
-- every organisation of the province was read and sorted for a page of 50 (docs/benchmarks.md).
CREATE INDEX org_latest_by_unit_kind_status ON org_latest (unit_code, kind, status, sort_key);
