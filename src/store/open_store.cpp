#include "store/open_store.hpp"

#include "store/migrations/migrations.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hoptac::store {

bool IsPostgres(const std::string& url) { return postgres::IsPostgresUrl(url); }

std::string SqlitePath(const std::string& url) {
  return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
}

Status CheckDatabaseUrl(const std::string& url, const std::string& flag) {
  const char* expected =
      "expected a SQLite file (PATH or sqlite:PATH) or postgresql://user@host:port/db";
  if (url.empty()) return Error::Invalid(flag, url, expected, "db.url");
  if (IsPostgres(url)) return OkStatus();
  if (url.find("://") != std::string::npos || SqlitePath(url).empty()) {
    return Error::Invalid(flag, url, expected, "db.url");
  }
  return OkStatus();
}

Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& url) {
  HOPTAC_RETURN_IF_ERROR(CheckDatabaseUrl(url, "--db"));
  if (IsPostgres(url)) {
    auto s = postgres::PostgresStore::Open(url);
    if (!s.ok()) return s.take_error();
    return std::unique_ptr<domain::Store>(std::move(s).value());
  }
  auto s = sqlite::SqliteStore::Open(SqlitePath(url));
  if (!s.ok()) return s.take_error();
  return std::unique_ptr<domain::Store>(std::move(s).value());
}

Result<SchemaVersions> MigrateDatabase(const std::string& url) {
  HOPTAC_RETURN_IF_ERROR(CheckDatabaseUrl(url, "--db"));
  SchemaVersions v;
  if (IsPostgres(url)) {
    HOPTAC_ASSIGN_OR_RETURN(auto s, postgres::PostgresStore::Open(url));
    v.found = s->schema_version_found();
    v.current = s->schema_version();
    v.latest = PostgresMigrations().back().version;
  } else {
    HOPTAC_ASSIGN_OR_RETURN(auto s, sqlite::SqliteStore::Open(SqlitePath(url)));
    v.found = s->schema_version_found();
    v.current = s->schema_version();
    v.latest = Migrations().back().version;
  }
  return v;
}

}  // namespace hoptac::store
