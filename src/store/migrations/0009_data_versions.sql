-- 0009: versions of what the processes on this database keep in memory (decision 0031). A write
-- transaction that changes the registry (organisations, events, voids, figures, the latest-state
-- projection) adds 1 to `registry` just before it commits; one that replaces the administrative
-- units adds 1 to `units`. A server compares them, once per request, with the versions its unit
-- catalogue and report projection were built from, and rebuilds what is behind.

CREATE TABLE data_versions (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  registry INTEGER NOT NULL,
  units    INTEGER NOT NULL
);
INSERT INTO data_versions (id, registry, units) VALUES (1, 0, 0);
