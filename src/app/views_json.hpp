#pragma once
// JSON shapes of the registry's views: what the API answers (http/), what `hoptac … --format
// json` prints (cli/render.cpp), and the before/after of the audit log.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/registry.hpp"
#include "base/json_text.hpp"
#include "domain/access.hpp"

namespace hoptac::app {

// The name of the unit of the organisation's head office (as registered).
std::string UnitName(const domain::UnitCatalog& units, const domain::OrgState& s);
// The state's members (the shape of StateJson), for views that add their own.
void StateMembers(json_text::Object& o, const domain::OrgState& s);
nlohmann::json StateJson(const domain::OrgState& s);
// The detail: the state with its units, paths and links. The API writes it as text (with the tag
// over every member but known_at); OrgViewJson is the same as a tree.
json_text::Object OrgViewObject(const OrgView& v);
nlohmann::json OrgViewJson(const OrgView& v);
// A page of the list: {"items": [state + unit_name, …], "next": cursor or null}.
std::string OrgListText(const std::vector<domain::OrgState>& items, const std::string& next,
                        const domain::UnitCatalog& units);
nlohmann::json OrgListJson(const std::vector<domain::OrgState>& items, const std::string& next,
                           const domain::UnitCatalog& units);
// Only what the public may see: code, name, kind, status, commune, founding date.
nlohmann::json PublicOrgJson(const domain::OrgState& s, const domain::UnitCatalog& units);
nlohmann::json ChangesJson(const domain::Changes& c);
nlohmann::json EventJson(const domain::Event& e, const std::string& related_codes);
nlohmann::json FiguresRowJson(const domain::YearlyFigures& y);
// One revision of a member of the register; MembersJson the register of an organisation.
nlohmann::json MemberJson(const domain::Member& m);
nlohmann::json MembersJson(const std::string& code, const std::vector<domain::Member>& members);
// A user without its password hash.
nlohmann::json UserJson(const domain::User& u);
nlohmann::json HistoryJson(const HistoryView& h);
nlohmann::json FiguresJson(const std::string& code,
                           const std::vector<domain::YearlyFigures>& figures);
nlohmann::json UnitsJson(const std::vector<const domain::Unit*>& units,
                         const domain::UnitCatalog& catalog);

}  // namespace hoptac::app
