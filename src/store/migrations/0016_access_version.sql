-- 0016: a version of who may do what, beside 0009's: any change to the users or the API tokens,
-- from any process, adds 1 (by trigger, so no writer can forget it). A server keeps the users of
-- the API tokens it has checked while this version holds (decision 0014): a token revoked or a
-- user disabled from the CLI is refused on the very next request.
ALTER TABLE data_versions ADD COLUMN access INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER users_access_insert AFTER INSERT ON users
BEGIN UPDATE data_versions SET access = access + 1 WHERE id = 1; END;
CREATE TRIGGER users_access_update AFTER UPDATE ON users
BEGIN UPDATE data_versions SET access = access + 1 WHERE id = 1; END;
CREATE TRIGGER users_access_delete AFTER DELETE ON users
BEGIN UPDATE data_versions SET access = access + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_access_insert AFTER INSERT ON api_tokens
BEGIN UPDATE data_versions SET access = access + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_access_update AFTER UPDATE ON api_tokens
BEGIN UPDATE data_versions SET access = access + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_access_delete AFTER DELETE ON api_tokens
BEGIN UPDATE data_versions SET access = access + 1 WHERE id = 1; END;
