-- 0017: the registry version (data_versions.registry, migration 0009) of the transaction that last
-- wrote each latest-state row. The in-memory list index (decision 0016) built at version v reads
-- only the rows written since (changed_in > v) to catch up with a write, not the whole projection.
-- Rows written before this migration keep 0: every index is built after them.
ALTER TABLE org_latest ADD COLUMN changed_in INTEGER NOT NULL DEFAULT 0;
CREATE INDEX org_latest_by_change ON org_latest (changed_in);
