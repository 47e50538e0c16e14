-- 0001: the registry core. Dates are ISO text (YYYY-MM-DD), instants ISO text in UTC with
-- microseconds (YYYY-MM-DDThh:mm:ss.ffffffZ): both sort as text. Amounts are whole VND.

CREATE TABLE units (
  code        TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL,
  name        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  parent_code TEXT NOT NULL,
  legacy      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (code, valid_from)
);

CREATE TABLE unit_successions (
  from_code TEXT NOT NULL,
  to_code   TEXT NOT NULL,
  effective TEXT NOT NULL,
  partial   INTEGER NOT NULL,
  PRIMARY KEY (from_code, to_code, effective)
);

CREATE TABLE unit_aliases (
  code   TEXT NOT NULL,
  name   TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (code, name)
);

CREATE TABLE organisations (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('THT', 'HTX', 'LHHTX', 'QTDND')),
  registry_code TEXT NOT NULL UNIQUE,
  legacy_code   INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);

-- Append-only: see the triggers below.
CREATE TABLE events (
  id              INTEGER PRIMARY KEY,
  org_id          INTEGER NOT NULL REFERENCES organisations (id),
  type            TEXT NOT NULL,
  effective_date  TEXT NOT NULL,
  recorded_at     TEXT NOT NULL,
  recorded_by     TEXT NOT NULL,
  decision_no     TEXT,
  decision_date   TEXT,
  decided_by      TEXT,
  ground          TEXT,
  name            TEXT,
  short_name      TEXT,
  foreign_name    TEXT,
  field           TEXT,
  sectors         TEXT,   -- newline-separated
  unit_code       TEXT,
  address_detail  TEXT,
  representative  TEXT,
  charter_capital INTEGER,
  models          TEXT,   -- newline-separated
  certificate_no  TEXT,
  note            TEXT
);
CREATE INDEX events_by_org ON events (org_id, effective_date);

CREATE TABLE event_links (
  event_id INTEGER NOT NULL REFERENCES events (id),
  position INTEGER NOT NULL,
  org_id   INTEGER NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (event_id, position)
);
CREATE INDEX event_links_by_org ON event_links (org_id);

CREATE TABLE event_voids (
  event_id  INTEGER PRIMARY KEY REFERENCES events (id),
  voided_at TEXT NOT NULL,
  voided_by TEXT NOT NULL,
  reason    TEXT NOT NULL
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER event_links_no_update BEFORE UPDATE ON event_links
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER event_links_no_delete BEFORE DELETE ON event_links
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER event_voids_no_update BEFORE UPDATE ON event_voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
CREATE TRIGGER event_voids_no_delete BEFORE DELETE ON event_voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;

-- Yearly figures: every save is a revision; the latest recorded_at wins.
CREATE TABLE yearly_figures (
  id                   INTEGER PRIMARY KEY,
  org_id               INTEGER NOT NULL REFERENCES organisations (id),
  year                 INTEGER NOT NULL,
  recorded_at          TEXT NOT NULL,
  recorded_by          TEXT NOT NULL,
  source               TEXT NOT NULL DEFAULT '',
  members              INTEGER,
  members_individual   INTEGER,
  members_household    INTEGER,
  members_legal_entity INTEGER,
  workers              INTEGER,
  workers_members      INTEGER,
  charter_capital      INTEGER,
  total_assets         INTEGER,
  revenue              INTEGER,
  revenue_from_members INTEGER,
  profit_before_tax    INTEGER,
  avg_income           INTEGER,
  rating               TEXT,
  rating_scheme        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX yearly_figures_by_org ON yearly_figures (org_id, year, recorded_at);
CREATE TRIGGER yearly_figures_no_update BEFORE UPDATE ON yearly_figures
BEGIN SELECT RAISE(ABORT, 'figures are append-only'); END;
CREATE TRIGGER yearly_figures_no_delete BEFORE DELETE ON yearly_figures
BEGIN SELECT RAISE(ABORT, 'figures are append-only'); END;

-- Every name an organisation has had, folded for search.
CREATE TABLE org_names (
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  name   TEXT NOT NULL,
  folded TEXT NOT NULL,
  PRIMARY KEY (org_id, name)
);

-- Projection: each organisation's latest state (as of today, as known now), rewritten in the
-- transaction that appends its events. Lists and search read it.
CREATE TABLE org_latest (
  org_id          INTEGER PRIMARY KEY REFERENCES organisations (id),
  sort_key        BLOB NOT NULL,   -- ICU 'vi' sort key of the name, then the id
  kind            TEXT NOT NULL,
  registry_code   TEXT NOT NULL,
  status          TEXT NOT NULL,
  name            TEXT NOT NULL,
  field           TEXT NOT NULL,
  unit_code       TEXT NOT NULL,
  founded_on      TEXT NOT NULL,
  ended_on        TEXT,
  models          TEXT NOT NULL
);
CREATE INDEX org_latest_by_sort ON org_latest (sort_key);
CREATE INDEX org_latest_by_unit ON org_latest (unit_code);
