#pragma once
// Opening the users/sessions/tokens store on the database named by a --db argument. The schema
// must be current: open it after store::OpenStore, which applies the migrations.

#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/access.hpp"

namespace hoptac::store {

Result<std::unique_ptr<domain::AccessStore>> OpenAccessStore(const std::string& url);

}  // namespace hoptac::store
