#pragma once
// Opening the store of the Alliance's work (domain::AllianceStore) on the database named by a
// --db argument. The schema must be current: open it after store::OpenStore.

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/alliance_store.hpp"

namespace hoptac::store {

Result<std::unique_ptr<domain::AllianceStore>> OpenAllianceStore(const std::string& url);

}  // namespace hoptac::store
