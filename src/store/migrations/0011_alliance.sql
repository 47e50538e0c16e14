-- 0011: the Alliance's work (domain/alliance.hpp, domain/alliance_store.hpp): activities with the
-- organisations involved, inspections with findings, recommendations (followed up) and the events
-- they led to, pilot communes per year, yearly plans with tasks, progress of manual tasks, and
-- the officers' notes of the yearly review. Editable records (revision for If-Match); every
-- change is in the audit log.

CREATE TABLE activities (
  id             INTEGER PRIMARY KEY,
  revision       INTEGER NOT NULL,
  type           TEXT NOT NULL,
  title          TEXT NOT NULL,
  start_date     TEXT NOT NULL,
  end_date       TEXT NOT NULL,
  unit_code      TEXT NOT NULL DEFAULT '',
  participants   INTEGER NOT NULL DEFAULT 0,
  staff          TEXT NOT NULL DEFAULT '',
  funding_source TEXT NOT NULL DEFAULT '',
  funding_amount INTEGER,
  outcome        TEXT NOT NULL DEFAULT '',
  documents      TEXT NOT NULL DEFAULT '',
  search         TEXT NOT NULL DEFAULT '',
  recorded_at    TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT NOT NULL
);
CREATE INDEX activities_by_start ON activities (start_date, id);

CREATE TABLE activity_orgs (
  activity_id   INTEGER NOT NULL REFERENCES activities (id),
  position      INTEGER NOT NULL,
  registry_code TEXT NOT NULL,
  PRIMARY KEY (activity_id, position)
);
CREATE INDEX activity_orgs_by_code ON activity_orgs (registry_code, activity_id);

CREATE TABLE inspections (
  id           INTEGER PRIMARY KEY,
  revision     INTEGER NOT NULL,
  planned_date TEXT NOT NULL,
  held_date    TEXT,
  team         TEXT NOT NULL DEFAULT '',
  org_code     TEXT NOT NULL DEFAULT '',
  unit_code    TEXT NOT NULL DEFAULT '',
  subject      TEXT NOT NULL,
  search       TEXT NOT NULL DEFAULT '',
  recorded_at  TEXT NOT NULL,
  recorded_by  TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT NOT NULL
);
CREATE INDEX inspections_by_planned ON inspections (planned_date, id);
CREATE INDEX inspections_by_org ON inspections (org_code, id);

CREATE TABLE inspection_findings (
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  position      INTEGER NOT NULL,
  text          TEXT NOT NULL,
  PRIMARY KEY (inspection_id, position)
);

CREATE TABLE recommendations (
  id             INTEGER PRIMARY KEY,
  inspection_id  INTEGER NOT NULL REFERENCES inspections (id),
  position       INTEGER NOT NULL,
  text           TEXT NOT NULL,
  deadline       TEXT,
  status         TEXT NOT NULL,
  done_on        TEXT,
  follow_up_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recommendations_by_inspection ON recommendations (inspection_id, position);

CREATE TABLE inspection_events (
  inspection_id INTEGER NOT NULL REFERENCES inspections (id),
  event_id      INTEGER NOT NULL REFERENCES events (id),
  PRIMARY KEY (inspection_id, event_id)
);
CREATE INDEX inspection_events_by_event ON inspection_events (event_id, inspection_id);

CREATE TABLE pilot_communes (
  year      INTEGER NOT NULL,
  unit_code TEXT NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (year, unit_code)
);

CREATE TABLE plans (
  year       INTEGER PRIMARY KEY,
  revision   INTEGER NOT NULL,
  title      TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

CREATE TABLE plan_tasks (
  id        INTEGER PRIMARY KEY,
  year      INTEGER NOT NULL REFERENCES plans (year),
  position  INTEGER NOT NULL,
  title     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  indicator TEXT NOT NULL DEFAULT '',
  parameter TEXT NOT NULL DEFAULT '',
  target    INTEGER NOT NULL,
  unit_code TEXT NOT NULL DEFAULT '',
  unit      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_tasks_by_year ON plan_tasks (year, position);

CREATE TABLE task_progress (
  id          INTEGER PRIMARY KEY,
  task_id     INTEGER NOT NULL REFERENCES plan_tasks (id),
  date        TEXT NOT NULL,
  value       INTEGER NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX task_progress_by_task ON task_progress (task_id, date, id);

CREATE TABLE review_notes (
  year         INTEGER PRIMARY KEY,
  difficulties TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  updated_by   TEXT NOT NULL
);
