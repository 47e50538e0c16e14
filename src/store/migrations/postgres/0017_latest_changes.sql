-- 0017: the twin of SQLite's: the registry version of the transaction that last wrote each
-- latest-state row, set at commit after the version is moved (its row lock orders the commits),
-- so that the in-memory list index reads only the rows written since the version it was built at.
ALTER TABLE org_latest ADD COLUMN changed_in bigint NOT NULL DEFAULT 0;
CREATE INDEX org_latest_by_change ON org_latest (changed_in);
