#pragma once
// The Alliance's work on PostgreSQL (domain::AllianceStore): a connection of its own to the
// registry's database, whose schema PostgresStore::Open brought up to date.

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/alliance_store.hpp"

namespace hoptac::store::postgres {

// kUnavailable when the server cannot be reached.
Result<std::unique_ptr<domain::AllianceStore>> OpenPostgresAllianceStore(const std::string& url);

}  // namespace hoptac::store::postgres
