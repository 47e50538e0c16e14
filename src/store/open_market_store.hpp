#pragma once
// Opening the market store (products, zones, demands, programmes, partner offers) on the database
// named by a --db argument. The schema must be current: open it after store::OpenStore, which
// applies the migrations.

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/market_store.hpp"

namespace hoptac::store {

Result<std::unique_ptr<domain::MarketStore>> OpenMarketStore(const std::string& url);

}  // namespace hoptac::store
