#pragma once
// Opening a store from a --db argument: a file path (SQLite) — or, later, postgresql://…

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/store.hpp"

namespace hoptac::store {

// Opens the database named by `url` and brings its schema up to date (migrations).
Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& url);

}  // namespace hoptac::store
