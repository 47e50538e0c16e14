#pragma once
// Opening a store from a --db argument: a file path or sqlite:PATH (SQLite), or
// postgresql://user@host:port/db (PostgreSQL).

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/store.hpp"

namespace hoptac::store {

// Opens the database named by `url` and brings its schema up to date (migrations).
Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& url);

}  // namespace hoptac::store
