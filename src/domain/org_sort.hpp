#pragma once
// The orders of the organisation list (GET /api/organisations?sort=…&dir=…). Every order ends
// with the name's sort key, which itself ends with the id, so no two rows tie and a page's
// cursor (the last row's sort value and name key) says exactly where the next page starts.

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "domain/lifecycle.hpp"

namespace hoptac::domain {

enum class OrgSort {
  kName,          // Vietnamese collation of the name
  kRegistryCode,  // bytewise
  kFoundedOn,     // founding date
  kStatus,        // lifecycle order of the legal status (operating first), as LegalStatus lists it
  kUnit,          // the head office's unit code: the official (GSO) order of the units
};

// "name", "registry_code", "founded_on", "status", "unit".
std::string_view Id(OrgSort s);
// kInvalid naming `field` and the value when it is none of the ids.
Result<OrgSort> ParseOrgSort(std::string_view s, std::string_view field);

// The value a row is ordered by before its name key: bytewise comparable text; empty for kName
// (the name key alone orders). For kStatus, one digit: the status's place in LegalStatus.
std::string SortValue(const OrgState& s, OrgSort sort);

}  // namespace hoptac::domain
