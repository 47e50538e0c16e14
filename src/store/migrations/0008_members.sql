-- 0008: the member register (domain/member.hpp): every revision of a member, identified by
-- its number in the organisation's register; the latest recorded_at wins. Append-only, like the
-- yearly figures: leaving is a revision with left_on.

CREATE TABLE members (
  id                       INTEGER PRIMARY KEY,
  org_id                   INTEGER NOT NULL REFERENCES organisations (id),
  member_no                TEXT NOT NULL,
  recorded_at              TEXT NOT NULL,
  recorded_by              TEXT NOT NULL,
  member_type              TEXT NOT NULL,
  membership               TEXT NOT NULL,
  name                     TEXT NOT NULL,
  representative           TEXT NOT NULL DEFAULT '',
  id_number                TEXT NOT NULL DEFAULT '',
  nationality              TEXT NOT NULL DEFAULT '',
  address                  TEXT NOT NULL DEFAULT '',
  joined_on                TEXT NOT NULL,
  left_on                  TEXT,
  left_reason              TEXT NOT NULL DEFAULT '',
  capital                  INTEGER,
  capital_date             TEXT,
  capital_certificate_no   TEXT NOT NULL DEFAULT '',
  capital_certificate_date TEXT,
  note                     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX members_by_org ON members (org_id, member_no, recorded_at);

CREATE TRIGGER members_no_update BEFORE UPDATE ON members
BEGIN SELECT RAISE(ABORT, 'members are append-only'); END;
CREATE TRIGGER members_no_delete BEFORE DELETE ON members
BEGIN SELECT RAISE(ABORT, 'members are append-only'); END;
