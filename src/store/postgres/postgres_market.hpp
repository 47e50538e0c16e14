#pragma once
// The market on PostgreSQL (domain::MarketStore): a connection of its own to the registry's
// database, whose schema PostgresStore::Open brought up to date.

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/market_store.hpp"

namespace hoptac::store::postgres {

// kUnavailable when the server cannot be reached.
Result<std::unique_ptr<domain::MarketStore>> OpenPostgresMarketStore(const std::string& url);

}  // namespace hoptac::store::postgres
