#pragma once
// The schema migrations, numbered, in order. Each runs once, in its own transaction, and is
// recorded in schema_migrations.

#include <span>

namespace hoptac::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// SQLite (migrations/*.sql) and PostgreSQL (migrations/postgres/*.sql): the same versions, the
// same tables and meaning, each in its backend's SQL.
std::span<const Migration> Migrations();
std::span<const Migration> PostgresMigrations();

}  // namespace hoptac::store
