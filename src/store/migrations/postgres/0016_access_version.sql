-- 0016 (PostgreSQL): the version of who may do what, as in ../0016_access_version.sql: any change
-- to the users or the API tokens adds 1, by trigger (decision 0014).
ALTER TABLE data_versions ADD COLUMN access bigint NOT NULL DEFAULT 0;

CREATE FUNCTION hoptac_access_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE data_versions SET access = access + 1 WHERE id = 1;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER users_access_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION hoptac_access_changed();
CREATE TRIGGER api_tokens_access_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION hoptac_access_changed();
