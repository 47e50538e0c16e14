#pragma once
// JSON shapes of the registry's views, the same as `hoptac … --format json` prints
// (cli/render.cpp).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/registry.hpp"

namespace hoptac::http {

nlohmann::json StateJson(const domain::OrgState& s);
nlohmann::json OrgViewJson(const app::OrgView& v);
nlohmann::json OrgListJson(const std::vector<domain::OrgState>& items, const std::string& next,
                           const domain::UnitCatalog& units);
// Only what the public may see: code, name, kind, status, commune, founding date.
nlohmann::json PublicOrgJson(const domain::OrgState& s, const domain::UnitCatalog& units);
nlohmann::json HistoryJson(const app::HistoryView& h);
nlohmann::json FiguresJson(const std::string& code,
                           const std::vector<domain::YearlyFigures>& figures);
nlohmann::json UnitsJson(const std::vector<const domain::Unit*>& units,
                         const domain::UnitCatalog& catalog);

}  // namespace hoptac::http
