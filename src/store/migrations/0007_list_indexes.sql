-- 0007: lists filtered by status or kind alone walk these in name order instead of every row.
CREATE INDEX org_latest_by_status ON org_latest (status, sort_key);
CREATE INDEX org_latest_by_kind ON org_latest (kind, sort_key);
