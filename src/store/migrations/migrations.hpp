#pragma once
// The schema migrations, numbered, in order. Each runs once, in its own transaction, and is
// recorded in schema_migrations.

#include <span>
#include <string>

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

// Why a database whose newest applied migration is `found` cannot be opened by a program that
// knows `known` migrations, or "" when it can: one written by a newer hoptac may hold what this
// one would misread (a status it does not know, say), so it is refused before anything changes.
inline std::string NewerSchema(int found, std::span<const Migration> known) {
  int newest = 0;
  for (const Migration& m : known) newest = m.version > newest ? m.version : newest;
  if (found <= newest) return {};
  return "the database has schema version " + std::to_string(found) +
         ", written by a newer hoptac; this one knows versions up to " + std::to_string(newest) +
         ": open it with the newer hoptac";
}

}  // namespace hoptac::store
