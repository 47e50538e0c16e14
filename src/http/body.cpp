#include "http/body.hpp"

#include "domain/money.hpp"
#include "domain/registry_code.hpp"
#include "domain/vocabulary.hpp"

namespace hoptac::http {
namespace {

using nlohmann::json;

// Reads the members of one JSON object, each error naming prefix + member.
class Members {
 public:
  Members(const json& object, std::string_view prefix) : object_(object), prefix_(prefix) {}

  std::string Name(std::string_view member) const {
    std::string name(prefix_);
    name.append(member);
    return name;
  }

  // The member, or nullptr when absent or null.
  const json* Find(std::string_view member) const {
    auto it = object_.find(member);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  Error TypeError(std::string_view member, const json& value, std::string_view expected) const {
    return Error::Invalid(Name(member), value.dump(-1, ' ', false, json::error_handler_t::replace),
                          "expected " + std::string(expected), "body.field_type");
  }

  Result<std::optional<std::string>> Text(std::string_view member) const {
    const json* v = Find(member);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->is_string()) return TypeError(member, *v, "a string");
    return std::optional<std::string>(v->get<std::string>());
  }

  Result<std::string> RequiredText(std::string_view member) const {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> v, Text(member));
    if (!v || v->empty())
      return Error::Invalid(Name(member), "", "required", "body.field_required");
    return *v;
  }

  Result<std::optional<Date>> DateMember(std::string_view member) const {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> v, Text(member));
    if (!v || v->empty()) return std::optional<Date>();
    HOPTAC_ASSIGN_OR_RETURN(Date d, Date::Parse(*v, Name(member)));
    return std::optional<Date>(d);
  }

  Result<std::optional<int64_t>> Integer(std::string_view member) const {
    const json* v = Find(member);
    if (v == nullptr) return std::optional<int64_t>();
    if (!v->is_number_integer()) return TypeError(member, *v, "a whole number");
    return std::optional<int64_t>(v->get<int64_t>());
  }

  // An amount in VND: a whole number, or a string as people write it ("1.234.567").
  Result<std::optional<domain::Money>> Amount(std::string_view member, bool non_negative) const {
    const json* v = Find(member);
    if (v == nullptr) return std::optional<domain::Money>();
    std::string text;
    if (v->is_number_integer()) {
      text = std::to_string(v->get<int64_t>());
    } else if (v->is_string()) {
      text = v->get<std::string>();
    } else {
      return TypeError(member, *v, "a whole number of VND");
    }
    HOPTAC_ASSIGN_OR_RETURN(domain::Money m,
                            domain::Money::Parse(text, Name(member), non_negative));
    return std::optional<domain::Money>(m);
  }

  Result<std::optional<std::vector<std::string>>> List(std::string_view member) const {
    const json* v = Find(member);
    if (v == nullptr) return std::optional<std::vector<std::string>>();
    if (!v->is_array()) return TypeError(member, *v, "an array of strings");
    std::vector<std::string> out;
    for (const json& item : *v) {
      if (!item.is_string()) return TypeError(member, *v, "an array of strings");
      out.push_back(item.get<std::string>());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
  }

 private:
  const json& object_;
  std::string_view prefix_;
};

constexpr std::string_view kEventMembers[] = {"type",          "effective_date",  "decision_no",
                                              "decision_date", "decided_by",      "ground",
                                              "commune_code",  "address_detail",  "name",
                                              "short_name",    "foreign_name",    "field",
                                              "sectors",       "charter_capital", "representative",
                                              "models",        "certificate_no",  "related_codes",
                                              "note"};

constexpr std::string_view kOrganisationMembers[] = {
    "kind",           "registry_code",   "name",       "short_name",     "foreign_name",
    "field",          "sectors",         "founded_on", "commune_code",   "address_detail",
    "representative", "charter_capital", "models",     "certificate_no", "decision_no",
    "decision_date",  "decided_by",      "note"};

constexpr std::string_view kFiguresMembers[] = {
    "members", "members_individual",   "members_household", "members_legal_entity",
    "workers", "workers_members",      "charter_capital",   "total_assets",
    "revenue", "revenue_from_members", "profit_before_tax", "avg_income",
    "rating",  "rating_scheme",        "rating_score",      "source"};

// The members an event and a founding share: the changes and the legal basis.
Status ReadChanges(const Members& m, app::NewEvent& e) {
  domain::Changes& c = e.changes;
  HOPTAC_ASSIGN_OR_RETURN(c.name, m.Text("name"));
  HOPTAC_ASSIGN_OR_RETURN(c.short_name, m.Text("short_name"));
  HOPTAC_ASSIGN_OR_RETURN(c.foreign_name, m.Text("foreign_name"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> field, m.Text("field"));
  if (field && !field->empty()) {
    HOPTAC_ASSIGN_OR_RETURN(c.field, domain::ParseField(*field, m.Name("field")));
  }
  HOPTAC_ASSIGN_OR_RETURN(c.sectors, m.List("sectors"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> unit, m.Text("commune_code"));
  if (unit && !unit->empty()) {
    HOPTAC_ASSIGN_OR_RETURN(c.unit_code, domain::ParseUnitCode(*unit, m.Name("commune_code")));
  }
  HOPTAC_ASSIGN_OR_RETURN(c.address_detail, m.Text("address_detail"));
  HOPTAC_ASSIGN_OR_RETURN(c.representative, m.Text("representative"));
  HOPTAC_ASSIGN_OR_RETURN(c.charter_capital, m.Amount("charter_capital", true));
  HOPTAC_ASSIGN_OR_RETURN(c.models, m.List("models"));
  HOPTAC_ASSIGN_OR_RETURN(c.certificate_no, m.Text("certificate_no"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> no, m.Text("decision_no"));
  e.basis.decision_no = no.value_or("");
  HOPTAC_ASSIGN_OR_RETURN(e.basis.decision_date, m.DateMember("decision_date"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> by, m.Text("decided_by"));
  e.basis.decided_by = by.value_or("");
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> note, m.Text("note"));
  e.note = note.value_or("");
  return OkStatus();
}

}  // namespace

Status CheckMembers(const json& object, std::span<const std::string_view> allowed,
                    std::string_view prefix) {
  for (const auto& [name, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (!known) {
      std::string full(prefix);
      full.append(name.empty() ? std::string_view("body") : std::string_view(name));
      return Error::Invalid(full, value.dump(-1, ' ', false, json::error_handler_t::replace),
                            "unknown field", "body.field_known");
    }
  }
  return OkStatus();
}

std::span<const std::string_view> OrganisationMembers() { return kOrganisationMembers; }
std::span<const std::string_view> EventMembers() { return kEventMembers; }
std::span<const std::string_view> FiguresMembers() { return kFiguresMembers; }

Result<app::NewOrganisation> OrganisationFromJson(const json& body) {
  const Members m(body, "");
  HOPTAC_ASSIGN_OR_RETURN(const std::string kind_text, m.RequiredText("kind"));
  HOPTAC_ASSIGN_OR_RETURN(const domain::OrgKind kind, domain::ParseOrgKind(kind_text, "kind"));
  HOPTAC_ASSIGN_OR_RETURN(const std::string code_text, m.RequiredText("registry_code"));
  HOPTAC_ASSIGN_OR_RETURN(domain::RegistryCode code,
                          domain::RegistryCode::Parse(code_text, false, "registry_code"));
  app::NewOrganisation o{kind, std::move(code), {}};
  for (std::string_view member : {"name", "commune_code"}) {
    if (auto given = m.RequiredText(member); !given.ok()) return given.take_error();
  }
  HOPTAC_ASSIGN_OR_RETURN(const std::string founded, m.RequiredText("founded_on"));
  o.founding.type = domain::EventType::kFounded;
  HOPTAC_ASSIGN_OR_RETURN(o.founding.effective_date, Date::Parse(founded, "founded_on"));
  HOPTAC_RETURN_IF_ERROR(ReadChanges(m, o.founding));
  return o;
}

Result<app::NewEvent> EventFromJson(const json& body, std::string_view prefix) {
  HOPTAC_RETURN_IF_ERROR(CheckMembers(body, kEventMembers, prefix));
  const Members m(body, prefix);
  app::NewEvent e;
  HOPTAC_ASSIGN_OR_RETURN(const std::string type, m.RequiredText("type"));
  HOPTAC_ASSIGN_OR_RETURN(e.type, domain::ParseEventType(type, m.Name("type")));
  HOPTAC_ASSIGN_OR_RETURN(const std::string date, m.RequiredText("effective_date"));
  HOPTAC_ASSIGN_OR_RETURN(e.effective_date, Date::Parse(date, m.Name("effective_date")));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> ground, m.Text("ground"));
  if (ground && !ground->empty()) {
    HOPTAC_ASSIGN_OR_RETURN(e.ground, domain::ParseGround(*ground, m.Name("ground")));
  }
  HOPTAC_RETURN_IF_ERROR(ReadChanges(m, e));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> related, m.List("related_codes"));
  for (const std::string& r : related.value_or(std::vector<std::string>())) {
    HOPTAC_ASSIGN_OR_RETURN(domain::RegistryCode code,
                            domain::RegistryCode::Parse(r, true, m.Name("related_codes")));
    e.related_codes.push_back(code.value());
  }
  return e;
}

Result<domain::YearlyFigures> FiguresFromJson(const json& body, int year) {
  const Members m(body, "");
  domain::YearlyFigures f;
  f.year = year;
  HOPTAC_ASSIGN_OR_RETURN(f.members, m.Integer("members"));
  HOPTAC_ASSIGN_OR_RETURN(f.members_individual, m.Integer("members_individual"));
  HOPTAC_ASSIGN_OR_RETURN(f.members_household, m.Integer("members_household"));
  HOPTAC_ASSIGN_OR_RETURN(f.members_legal_entity, m.Integer("members_legal_entity"));
  HOPTAC_ASSIGN_OR_RETURN(f.workers, m.Integer("workers"));
  HOPTAC_ASSIGN_OR_RETURN(f.workers_members, m.Integer("workers_members"));
  HOPTAC_ASSIGN_OR_RETURN(f.charter_capital, m.Amount("charter_capital", true));
  HOPTAC_ASSIGN_OR_RETURN(f.total_assets, m.Amount("total_assets", true));
  HOPTAC_ASSIGN_OR_RETURN(f.revenue, m.Amount("revenue", true));
  HOPTAC_ASSIGN_OR_RETURN(f.revenue_from_members, m.Amount("revenue_from_members", true));
  HOPTAC_ASSIGN_OR_RETURN(f.profit_before_tax, m.Amount("profit_before_tax", false));
  HOPTAC_ASSIGN_OR_RETURN(f.avg_income, m.Amount("avg_income", true));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> rating, m.Text("rating"));
  if (rating && !rating->empty()) {
    HOPTAC_ASSIGN_OR_RETURN(f.rating, domain::ParseRating(*rating, "rating"));
  }
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> scheme, m.Text("rating_scheme"));
  f.rating_scheme = scheme.value_or("");
  HOPTAC_ASSIGN_OR_RETURN(f.rating_score, m.Integer("rating_score"));
  if (const json* points = m.Find("rating_points")) {
    if (!points->is_object()) {
      return m.TypeError("rating_points", *points, "an object of criterion: points");
    }
    for (const auto& [criterion, value] : points->items()) {
      if (!value.is_number_integer()) {
        return m.TypeError("rating_points", *points, "whole points per criterion");
      }
      f.rating_points.push_back({criterion, value.get<int64_t>()});
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(std::optional<std::string> source, m.Text("source"));
  f.source = source.value_or("");
  return f;
}

}  // namespace hoptac::http
