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

std::span<const Migration> Migrations();

}  // namespace hoptac::store
