#pragma once
// Opening a store from a --db argument: a file path or sqlite:PATH (SQLite), or
// postgresql://user@host:port/db (PostgreSQL).

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/store.hpp"

namespace hoptac::store {

// Opens the database named by `url` and brings its schema up to date (migrations). kInvalid
// (rule "db.url") for a URL of another scheme (mysql://…).
Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& url);

// The schema of a database before and after `hoptac db migrate`.
struct SchemaVersions {
  int found = 0;    // when opened (0: a new database)
  int current = 0;  // after the migrations
  int latest = 0;   // the highest this program knows for the database's backend
};

// Opens the database named by `url`, applies the pending migrations and says which.
Result<SchemaVersions> MigrateDatabase(const std::string& url);

// kInvalid (naming `flag` and rule "db.url") unless `url` is a file path, sqlite:PATH or
// postgresql://… (postgres://…).
Status CheckDatabaseUrl(const std::string& url, const std::string& flag);

// True when `url` names a PostgreSQL database; otherwise it is a SQLite file, whose path
// SqlitePath gives.
bool IsPostgres(const std::string& url);
std::string SqlitePath(const std::string& url);

}  // namespace hoptac::store
