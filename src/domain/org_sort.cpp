#include "domain/org_sort.hpp"

#include <array>
#include <utility>

namespace hoptac::domain {
namespace {

constexpr std::array<std::pair<OrgSort, std::string_view>, 5> kSorts{{
    {OrgSort::kName, "name"},
    {OrgSort::kRegistryCode, "registry_code"},
    {OrgSort::kFoundedOn, "founded_on"},
    {OrgSort::kStatus, "status"},
    {OrgSort::kUnit, "unit"},
}};

}  // namespace

std::string_view Id(OrgSort s) {
  for (const auto& [sort, id] : kSorts) {
    if (sort == s) return id;
  }
  return "name";
}

Result<OrgSort> ParseOrgSort(std::string_view s, std::string_view field) {
  for (const auto& [sort, id] : kSorts) {
    if (id == s) return sort;
  }
  return Error::Invalid(std::string(field), std::string(s),
                        "use name, registry_code, founded_on, status or unit", "sort.unknown");
}

std::string SortValue(const OrgState& s, OrgSort sort) {
  switch (sort) {
    case OrgSort::kName:
      return {};
    case OrgSort::kRegistryCode:
      return s.registry_code;
    case OrgSort::kFoundedOn:
      return s.founded_on.ToString();
    case OrgSort::kStatus:
      return std::string(1, static_cast<char>('0' + static_cast<int>(s.status)));
    case OrgSort::kUnit:
      return s.unit_code;
  }
  return {};
}

}  // namespace hoptac::domain
