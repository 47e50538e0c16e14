#pragma once
// Users, sessions and API tokens on PostgreSQL (domain::AccessStore): a connection of its own to
// the registry's database, whose schema PostgresStore::Open brought up to date.

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/access.hpp"

namespace hoptac::store::postgres {

// kUnavailable when the server cannot be reached.
Result<std::unique_ptr<domain::AccessStore>> OpenPostgresAccessStore(const std::string& url);

}  // namespace hoptac::store::postgres
