-- 0009: versions of what the processes on this database keep in memory (decision 0031). A write
-- transaction that changes the registry (organisations, events, voids, figures, the latest-state
-- projection) adds 1 to `registry` just before it commits; one that replaces the administrative
-- units adds 1 to `units`. The row is locked from that update to the commit only, so writers on
-- different organisations still run side by side. A server compares the versions, once per
-- request, with those its unit catalogue and report projection were built from.

CREATE TABLE data_versions (
  id       integer PRIMARY KEY CHECK (id = 1),
  registry bigint NOT NULL,
  units    bigint NOT NULL
);
INSERT INTO data_versions (id, registry, units) VALUES (1, 0, 0);
