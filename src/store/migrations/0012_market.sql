-- 0012: the market (domain/market.hpp, issue 9): products, raw-material zones, buyers' demands,
-- linkage programmes and the offers imported from partner provinces' catalogues. Lists of codes
-- are kept joined by ',' and certifications one per line (domain/market_store.hpp).

CREATE TABLE products (
  id             INTEGER PRIMARY KEY,
  org_code       TEXT NOT NULL,
  name           TEXT NOT NULL,
  category       TEXT NOT NULL,
  key_level      TEXT NOT NULL,
  ocop_stars     INTEGER NOT NULL DEFAULT 0,
  ocop_year      INTEGER NOT NULL DEFAULT 0,
  certifications TEXT NOT NULL DEFAULT '',
  months         INTEGER NOT NULL DEFAULT 0,
  capacity       INTEGER NOT NULL DEFAULT 0,
  capacity_unit  TEXT NOT NULL DEFAULT '',
  price_min      INTEGER,
  price_max      INTEGER,
  packaging      TEXT NOT NULL DEFAULT '',
  photo_url      TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  is_public      INTEGER NOT NULL DEFAULT 0,
  revision       INTEGER NOT NULL
);
CREATE INDEX products_by_org ON products (org_code, id);

CREATE TABLE raw_material_zones (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL,
  crop         TEXT NOT NULL,
  area_centiha INTEGER NOT NULL,
  communes     TEXT NOT NULL DEFAULT '',
  org_codes    TEXT NOT NULL DEFAULT '',
  product_ids  TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  revision     INTEGER NOT NULL
);

CREATE TABLE demands (
  id             INTEGER PRIMARY KEY,
  buyer_name     TEXT NOT NULL,
  buyer_org      TEXT NOT NULL DEFAULT '',
  buyer_province TEXT NOT NULL DEFAULT '',
  contact        TEXT NOT NULL,
  product        TEXT NOT NULL DEFAULT '',
  category       TEXT NOT NULL DEFAULT '',
  quantity       INTEGER NOT NULL,
  unit           TEXT NOT NULL,
  period_from    TEXT NOT NULL,
  period_to      TEXT NOT NULL,
  required_certs TEXT NOT NULL DEFAULT '',
  provinces      TEXT NOT NULL DEFAULT '',
  max_distance   INTEGER,
  note           TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL CHECK (status IN ('open', 'matched', 'closed')),
  origin         TEXT NOT NULL CHECK (origin IN ('officer', 'public')),
  approved       INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  revision       INTEGER NOT NULL
);

CREATE TABLE linkage_programmes (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  provinces TEXT NOT NULL DEFAULT '',
  note      TEXT NOT NULL DEFAULT '',
  revision  INTEGER NOT NULL
);

CREATE TABLE partner_offers (
  id             INTEGER PRIMARY KEY,
  source         TEXT NOT NULL,
  source_name    TEXT NOT NULL DEFAULT '',
  published_on   TEXT NOT NULL,
  imported_at    TEXT NOT NULL,
  ref            TEXT NOT NULL,
  org_code       TEXT NOT NULL DEFAULT '',
  org_name       TEXT NOT NULL DEFAULT '',
  org_province   TEXT NOT NULL DEFAULT '',
  org_address    TEXT NOT NULL DEFAULT '',
  name           TEXT NOT NULL,
  category       TEXT NOT NULL,
  key_level      TEXT NOT NULL,
  ocop_stars     INTEGER NOT NULL DEFAULT 0,
  ocop_year      INTEGER NOT NULL DEFAULT 0,
  certifications TEXT NOT NULL DEFAULT '',
  months         INTEGER NOT NULL DEFAULT 0,
  capacity       INTEGER NOT NULL DEFAULT 0,
  capacity_unit  TEXT NOT NULL DEFAULT '',
  price_min      INTEGER,
  price_max      INTEGER,
  packaging      TEXT NOT NULL DEFAULT '',
  photo_url      TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  UNIQUE (source, ref)
);
