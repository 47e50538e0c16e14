#include "app/views_json.hpp"

#include "domain/area.hpp"

namespace hoptac::app {
namespace {

using nlohmann::json;

json Opt(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }
template <typename T>
json OptNum(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
json OptMoney(const std::optional<domain::Money>& m) { return m ? json(m->vnd()) : json(nullptr); }
// {"1": 7, "2": 6}, or null when none were given.
json PointsJson(const std::vector<domain::CriterionPoints>& points) {
  if (points.empty()) return nullptr;
  json j = json::object();
  for (const auto& p : points) j[p.criterion] = p.points;
  return j;
}

}  // namespace

std::string UnitName(const domain::UnitCatalog& units, const domain::OrgState& s) {
  const domain::Unit* u = units.At(s.unit_code, s.unit_since);
  if (u == nullptr) u = units.Latest(s.unit_code);
  return u == nullptr ? s.unit_code : u->name;
}

json ChangesJson(const domain::Changes& c) {
  json j = json::object();
  if (c.name) j["name"] = *c.name;
  if (c.short_name) j["short_name"] = *c.short_name;
  if (c.foreign_name) j["foreign_name"] = *c.foreign_name;
  if (c.field) j["field"] = domain::Id(*c.field);
  if (c.sectors) j["sectors"] = *c.sectors;
  if (c.unit_code) j["unit_code"] = *c.unit_code;
  if (c.address_detail) j["address_detail"] = *c.address_detail;
  if (c.representative) j["representative"] = *c.representative;
  if (c.charter_capital) j["charter_capital"] = c.charter_capital->vnd();
  if (c.models) j["models"] = *c.models;
  if (c.certificate_no) j["certificate_no"] = *c.certificate_no;
  return j;
}

void StateMembers(json_text::Object& o, const domain::OrgState& s) {
  // In key order, the order they are written in (json_text::Object sorts what is not).
  if (!s.exists) {
    o.Bool("exists", false)
        .Int("id", s.id)
        .Str("kind", domain::Id(s.kind))
        .Bool("legacy_code", s.legacy_code)
        .Str("registry_code", s.registry_code);
    return;
  }
  const auto opt_date = [&o](std::string_view key, const std::optional<Date>& d) {
    d ? o.Str(key, d->ToString()) : o.Null(key);
  };
  const auto opt_id = [&o](std::string_view key, const auto& v) {
    v ? o.Str(key, domain::Id(*v)) : o.Null(key);
  };
  o.Str("address_detail", s.address_detail).Str("certificate_no", s.certificate_no);
  opt_date("charter_amended_2023_on", s.charter_amended_2023_on);
  s.charter_capital ? o.Int("charter_capital", s.charter_capital->vnd())
                    : o.Null("charter_capital");
  opt_date("dissolution_started_on", s.dissolution_started_on);
  opt_id("ended_by", s.ended_by);
  opt_date("ended_on", s.ended_on);
  o.Bool("exists", true)
      .Str("field", domain::Id(s.field))
      .Str("foreign_name", s.foreign_name)
      .Str("founded_on", s.founded_on.ToString());
  opt_id("ground", s.ground);
  o.Int("id", s.id)
      .Str("kind", domain::Id(s.kind))
      .Bool("legacy_code", s.legacy_code)
      .Strs("models", s.models)
      .Str("name", s.name)
      .Str("registry_code", s.registry_code)
      .Str("representative", s.representative);
  opt_date("reregistered_2012_on", s.reregistered_2012_on);
  o.Strs("sectors", s.sectors)
      .Str("short_name", s.short_name)
      .Str("status", domain::Id(s.status))
      .Str("status_label", domain::Label(s.status));
  opt_date("suspended_since", s.suspended_since);
  o.Str("unit_code", s.unit_code);
}

json StateJson(const domain::OrgState& s) {
  json_text::Object o;
  StateMembers(o, s);
  return json::parse(o.Text());
}

json_text::Object OrgViewObject(const OrgView& v) {
  const domain::OrgState& s = v.state;
  json_text::Object o;
  StateMembers(o, s);
  o.Str("as_of", v.as_of.ToString()).Str("known_at", v.known_at.ToString());
  if (!s.exists) return o;
  if (v.unit) {
    json_text::Object unit;
    unit.Str("code", v.unit->code)
        .Str("name", v.unit->name)
        .Str("path", v.unit_path)
        .Str("since", s.unit_since.ToString());
    o.Raw("unit", unit.Text());
  } else {
    o.Null("unit");
  }
  std::string now = "[";
  for (const auto& m : v.units_now) {
    if (now.size() > 1) now.push_back(',');
    json_text::Object u;
    u.Str("code", m.unit->code).Str("name", m.unit->name).Bool("partial", m.partial);
    u.AppendTo(now);
  }
  now.push_back(']');
  o.Raw("units_now", now)
      .Str("unit_now_path", v.unit_now_path)
      .Str("conversion_2012", domain::Id(v.conversion))
      .Strs("successors", v.successor_codes)
      .Strs("linked_from", v.predecessor_codes);
  return o;
}

json OrgViewJson(const OrgView& v) { return json::parse(OrgViewObject(v).Text()); }

std::string OrgListText(const std::vector<domain::OrgState>& items, const std::string& next,
                        const domain::UnitCatalog& units) {
  std::string out = R"({"items":[)";
  out.reserve(items.size() * 800 + 64);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    json_text::Object o;
    StateMembers(o, items[i]);
    o.Str("unit_name", UnitName(units, items[i]));
    o.AppendTo(out);
  }
  out.append(R"(],"next":)");
  if (next.empty()) {
    out.append("null");
  } else {
    json_text::AppendString(out, next);
  }
  out.push_back('}');
  return out;
}

json OrgListJson(const std::vector<domain::OrgState>& items, const std::string& next,
                 const domain::UnitCatalog& units) {
  return json::parse(OrgListText(items, next, units));
}

json PublicOrgJson(const domain::OrgState& s, const domain::UnitCatalog& units) {
  return {{"registry_code", s.registry_code},
          {"name", s.name},
          {"kind", domain::Id(s.kind)},
          {"status", domain::Id(s.status)},
          {"status_label", domain::Label(s.status)},
          {"unit_name", UnitName(units, s)},
          {"founded_on", s.founded_on.ToString()}};
}

json EventJson(const domain::Event& e, const std::string& related_codes) {
  return {
      {"id", e.id},
      {"type", domain::Id(e.type)},
      {"type_label", domain::Label(e.type)},
      {"effective_date", e.effective_date.ToString()},
      {"recorded_at", e.recorded_at.ToString()},
      {"recorded_by", e.recorded_by},
      {"decision_no", e.basis.decision_no},
      {"decision_date", Opt(e.basis.decision_date)},
      {"decided_by", e.basis.decided_by},
      {"ground", e.ground ? json(domain::Id(*e.ground)) : json(nullptr)},
      {"changes", ChangesJson(e.changes)},
      {"related", related_codes},
      {"note", e.note},
      {"voided", e.voided ? json{{"voided_at", e.voided->voided_at.ToString()},
                                 {"voided_by", e.voided->voided_by},
                                 {"reason", e.voided->reason}}
                          : json(nullptr)},
  };
}

json HistoryJson(const HistoryView& h) {
  json arr = json::array();
  for (size_t i = 0; i < h.events.size(); ++i)
    arr.push_back(EventJson(h.events[i], h.related_codes[i]));
  return {{"registry_code", h.organisation.registry_code}, {"events", arr}};
}

json FiguresRowJson(const domain::YearlyFigures& y) {
  return {
      {"year", y.year},
      {"members", OptNum(y.members)},
      {"members_individual", OptNum(y.members_individual)},
      {"members_household", OptNum(y.members_household)},
      {"members_legal_entity", OptNum(y.members_legal_entity)},
      {"workers", OptNum(y.workers)},
      {"workers_members", OptNum(y.workers_members)},
      {"charter_capital", OptMoney(y.charter_capital)},
      {"total_assets", OptMoney(y.total_assets)},
      {"revenue", OptMoney(y.revenue)},
      {"revenue_from_members", OptMoney(y.revenue_from_members)},
      {"profit_before_tax", OptMoney(y.profit_before_tax)},
      {"avg_income", OptMoney(y.avg_income)},
      {"rating", y.rating ? json(domain::Id(*y.rating)) : json(nullptr)},
      {"rating_scheme", y.rating_scheme},
      {"rating_score", OptNum(y.rating_score)},
      {"rating_points", PointsJson(y.rating_points)},
      {"score", OptNum(domain::EffectiveScore(y))},
      {"recorded_at", y.recorded_at.ToString()},
      {"recorded_by", y.recorded_by},
      {"source", y.source},
  };
}

json FiguresJson(const std::string& code, const std::vector<domain::YearlyFigures>& figures) {
  json arr = json::array();
  for (const auto& y : figures) arr.push_back(FiguresRowJson(y));
  return {{"registry_code", code}, {"figures", arr}};
}

json MemberJson(const domain::Member& m) {
  auto text = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
  return {
      {"member_no", m.member_no},
      {"member_type", domain::Id(m.type)},
      {"membership", domain::Id(m.kind)},
      {"name", m.name},
      {"representative", text(m.representative)},
      {"id_number", text(m.id_number)},
      {"nationality", text(m.nationality)},
      {"address", text(m.address)},
      {"joined_on", m.joined_on.ToString()},
      {"left_on", Opt(m.left_on)},
      {"left_reason", text(m.left_reason)},
      {"capital", OptMoney(m.capital)},
      {"capital_date", Opt(m.capital_date)},
      {"capital_certificate_no", text(m.capital_certificate_no)},
      {"capital_certificate_date", Opt(m.capital_certificate_date)},
      {"note", text(m.note)},
      {"recorded_at", m.recorded_at.ToString()},
      {"recorded_by", m.recorded_by},
  };
}

json MembersJson(const std::string& code, const std::vector<domain::Member>& members) {
  json arr = json::array();
  for (const auto& m : members) arr.push_back(MemberJson(m));
  return {{"registry_code", code}, {"members", arr}};
}

json UserJson(const domain::User& u) {
  return {{"username", u.username},
          {"role", domain::RoleName(u.role)},
          {"scope_unit", u.scope_unit.empty() ? json(nullptr) : json(u.scope_unit)},
          {"scope_org", u.scope_org.empty() ? json(nullptr) : json(u.scope_org)},
          {"disabled", u.disabled},
          {"created_at", u.created_at.ToString()}};
}

json UnitsJson(const std::vector<const domain::Unit*>& units, const domain::UnitCatalog& catalog) {
  json arr = json::array();
  for (const domain::Unit* u : units) {
    arr.push_back(
        {{"code", u->code},
         {"name", u->name},
         {"level", domain::UnitLevelName(u->level)},
         {"parent_code", u->parent_code},
         {"valid_from",
          u->valid_from == Date::Min() ? json(nullptr) : json(u->valid_from.ToString())},
         {"valid_to", u->valid_to == Date::Max() ? json(nullptr) : json(u->valid_to.ToString())},
         {"legacy", u->legacy},
         {"path", domain::UnitPath(catalog, *u,
                                   u->valid_to == Date::Max() ? u->valid_from : u->valid_to)}});
  }
  return arr;
}

}  // namespace hoptac::app
