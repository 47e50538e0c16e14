#pragma once
// The ORDER BY and keyset conditions of the organisation list (domain::OrgQuery), shared by the
// SQLite and PostgreSQL stores so that both order every row the same way. Every piece is a
// constant; the values (the cursor) are always bound parameters, named by the caller's markers.

#include <string>
#include <string_view>

#include "domain/org_sort.hpp"

namespace hoptac::store {

// The lifecycle order of the statuses (domain::LegalStatus), one digit each, as
// domain::SortValue gives it. Migration 0010 indexes this very expression.
inline constexpr std::string_view kStatusRank =
    "(CASE l.status WHEN 'operating' THEN '0' WHEN 'suspended' THEN '1' "
    "WHEN 'not_at_address' THEN '2' WHEN 'dissolving' THEN '3' WHEN 'dissolved' THEN '4' "
    "WHEN 'ended_by_reorganisation' THEN '5' WHEN 'bankrupt' THEN '6' "
    "WHEN 'converted_to_enterprise' THEN '7' ELSE '9' END)";

inline std::string_view SortExpression(domain::OrgSort s) {
  switch (s) {
    case domain::OrgSort::kName:
      return "l.sort_key";
    case domain::OrgSort::kRegistryCode:
      return "l.registry_code";
    case domain::OrgSort::kFoundedOn:
      return "l.founded_on";
    case domain::OrgSort::kStatus:
      return kStatusRank;
    case domain::OrgSort::kUnit:
      return "l.unit_code";
  }
  return "l.sort_key";
}

// " AND …": the rows after the cursor (value `value`, name key `key`, both parameter markers) in
// the order asked. The first conjunct bounds the sort value, so an index on (value, sort_key)
// gives a range.
inline std::string ListAfter(domain::OrgSort s, bool descending, std::string_view value,
                             std::string_view key) {
  std::string out = " AND ";
  if (s == domain::OrgSort::kName) {
    out.append("l.sort_key ").append(descending ? "< " : "> ").append(key);
    return out;
  }
  const std::string_view e = SortExpression(s);
  out.append(e).append(descending ? " <= " : " >= ").append(value);
  out.append(" AND (").append(e).append(descending ? " < " : " > ").append(value);
  out.append(" OR l.sort_key > ").append(key).append(")");
  return out;
}

// " ORDER BY …" (without the LIMIT).
inline std::string ListOrder(domain::OrgSort s, bool descending) {
  std::string out = " ORDER BY ";
  out.append(SortExpression(s)).append(descending ? " DESC" : " ASC");
  if (s != domain::OrgSort::kName) out.append(", l.sort_key ASC");
  return out;
}

}  // namespace hoptac::store
