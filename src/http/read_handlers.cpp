// Read endpoints: organisations, their history and figures, units, the public lookup, health,
// metrics and the API document. Each handler is one call of a plain function below it.

#include <algorithm>

#include "app/access.hpp"
#include "app/views_json.hpp"
#include "base/text.hpp"
#include "domain/area.hpp"
#include "domain/org_sort.hpp"
#include "domain/registry_code.hpp"
#include "domain/vocabulary.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"
#include "report/render.hpp"

namespace hoptac::http {
namespace {

using app::FiguresJson;
using app::HistoryJson;
using app::PublicOrgJson;
using app::UnitsJson;

// A scoped user's list is limited to the scope: no unit asked means the scope's unit; a unit
// asked must lie inside it. Managers see their organisation's page, not lists.
Status ScopeList(app::Registry& r, const app::Principal& who, app::ListQuery& q, Date today) {
  if (who.user.role == domain::Role::kManager) {
    return Error{ErrorCode::kForbidden,
                 "a manager sees only the organisation's own page",
                 {},
                 {},
                 "access.scope"};
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty()) return OkStatus();
  if (q.unit_code.empty()) {
    q.unit_code = scope;
    return OkStatus();
  }
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  const Date at = q.as_of.value_or(today);
  const auto inside = domain::CodesWithin(*units, scope, at);
  for (const std::string& code : domain::CodesWithin(*units, q.unit_code, at)) {
    if (!std::binary_search(inside.begin(), inside.end(), code)) {
      return Error{ErrorCode::kForbidden, "this unit is outside your scope", "unit", q.unit_code,
                   "access.scope"};
    }
  }
  return OkStatus();
}

Result<app::ListQuery> ListQueryOf(app::Registry& r, const Request& req, const app::Principal& who,
                                   Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"q", "kind", "status", "field", "unit", "model", "as_of",
                                           "known_at", "limit", "after", "sort", "dir", "format"}));
  app::ListQuery q;
  HOPTAC_ASSIGN_OR_RETURN(q.as_of, DateParam(req, "as_of"));
  HOPTAC_ASSIGN_OR_RETURN(q.known_at, TimestampParam(req, "known_at"));
  if (const auto& v = QueryParam(req, "kind"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(q.kind, domain::ParseOrgKind(v, "kind"));
  }
  if (const auto& v = QueryParam(req, "status"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(q.status, domain::ParseStatus(v, "status"));
  }
  if (const auto& v = QueryParam(req, "field"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(q.field, domain::ParseField(v, "field"));
  }
  if (const auto& v = QueryParam(req, "unit"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(q.unit_code, domain::ParseUnitCode(v, "unit"));
  }
  HOPTAC_ASSIGN_OR_RETURN(q.model, text::ToNfc(QueryParam(req, "model"), "model"));
  HOPTAC_ASSIGN_OR_RETURN(q.query, text::ToNfc(QueryParam(req, "q"), "q"));
  HOPTAC_ASSIGN_OR_RETURN(q.limit, LimitParam(req, 50, 500));
  if (const auto& v = QueryParam(req, "sort"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(q.sort, domain::ParseOrgSort(v, "sort"));
  }
  if (const auto& v = QueryParam(req, "dir"); !v.empty()) {
    if (v != "asc" && v != "desc") return Error::Invalid("dir", v, "use asc or desc", "sort.dir");
    q.descending = v == "desc";
  }
  q.after = QueryParam(req, "after");
  HOPTAC_RETURN_IF_ERROR(ScopeList(r, who, q, today));
  return q;
}

Result<JsonText> ListOrganisations(app::Registry& r, const Request& req, const app::Principal& who,
                                   Date today) {
  HOPTAC_ASSIGN_OR_RETURN(const app::ListQuery q, ListQueryOf(r, req, who, today));
  HOPTAC_ASSIGN_OR_RETURN(const app::ListPage page, r.List(q));
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  return JsonText{app::OrgListText(page.items, page.next, *units), std::nullopt};
}

// The whole list (every page, at most kMaxListRows) as a table, for format=csv|xlsx|html: the
// "Excel of the current view".
constexpr size_t kMaxListRows = 100000;

Result<report::Table> ListTable(app::Registry& r, const Request& req, const app::Principal& who,
                                Date today) {
  HOPTAC_ASSIGN_OR_RETURN(app::ListQuery q, ListQueryOf(r, req, who, today));
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  report::Table t;
  t.report_id = "organisations";
  t.title = "Danh sách tổ chức kinh tế hợp tác";
  const Date as_of = q.as_of.value_or(today);
  t.parameters.push_back({"Tính đến ngày", as_of.ToString()});
  for (const char* name : {"q", "kind", "status", "field", "unit", "model", "sort", "dir"}) {
    if (const std::string& v = QueryParam(req, name); !v.empty()) t.parameters.push_back({name, v});
  }
  using report::ColumnType;
  t.columns = {{"registry_code", "Mã số", ColumnType::kText},
               {"name", "Tên", ColumnType::kText},
               {"kind", "Loại hình", ColumnType::kText},
               {"status", "Tình trạng", ColumnType::kText},
               {"field", "Lĩnh vực", ColumnType::kText},
               {"unit", "Địa bàn", ColumnType::kText},
               {"founded_on", "Ngày thành lập", ColumnType::kDate}};
  q.limit = 10000;
  q.after.clear();
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(const app::ListPage page, r.List(q));
    for (const domain::OrgState& s : page.items) {
      if (t.rows.size() >= kMaxListRows) break;
      t.rows.push_back({{s.registry_code, s.name, std::string(domain::Label(s.kind)),
                         std::string(domain::Label(s.status)), std::string(domain::Label(s.field)),
                         app::UnitName(*units, s), s.founded_on.ToString()},
                        {}});
    }
    if (page.next.empty() || t.rows.size() >= kMaxListRows) break;
    q.after = page.next;
  }
  if (t.rows.size() >= kMaxListRows) {
    t.notes.push_back("Chỉ ghi " + std::to_string(kMaxListRows) + " dòng đầu; hãy lọc hẹp hơn.");
  }
  return t;
}

// The tag covers every member but known_at, which echoes when the read was made (now, unless
// asked for): the same data read twice has the same tag.
JsonText ViewText(const app::OrgView& v) {
  const json_text::Object o = app::OrgViewObject(v);
  return JsonText{o.Text(), o.Text("known_at")};
}

Result<JsonText> ShowOrganisation(app::Registry& r, const Request& req, const app::Principal& who,
                                  Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"as_of", "known_at"}));
  if (!req.query.contains("as_of") && !req.query.contains("known_at")) {
    // Today's view, known now, is the one the scope is checked on: read once.
    HOPTAC_ASSIGN_OR_RETURN(const app::OrgView v,
                            r.Show(req.Param("code"), std::nullopt, std::nullopt));
    HOPTAC_RETURN_IF_ERROR(CheckScope(r, who, req.Param("code"), v, today));
    return ViewText(v);
  }
  HOPTAC_RETURN_IF_ERROR(CheckScope(r, who, req.Param("code"), today));
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<Date> as_of, DateParam(req, "as_of"));
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<Timestamp> known_at, TimestampParam(req, "known_at"));
  HOPTAC_ASSIGN_OR_RETURN(const app::OrgView v, r.Show(req.Param("code"), as_of, known_at));
  return ViewText(v);
}

// The history, tagged with the organisation's revision (what If-Match names on writes).
Result<std::pair<json, std::string>> OrganisationHistory(app::Registry& r, const Request& req,
                                                         const app::Principal& who, Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {}));
  HOPTAC_RETURN_IF_ERROR(CheckScope(r, who, req.Param("code"), today));
  HOPTAC_ASSIGN_OR_RETURN(const app::HistoryView h, r.History(req.Param("code")));
  return std::make_pair(HistoryJson(h), RevisionTag(h.revision));
}

// The figures as known now are tagged with the revision (read first: never a newer tag on older
// figures); as known at another time, with a hash of the body.
Result<std::pair<json, std::string>> OrganisationFigures(app::Registry& r, const Request& req,
                                                         const app::Principal& who, Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"known_at"}));
  HOPTAC_RETURN_IF_ERROR(CheckScope(r, who, req.Param("code"), today));
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<Timestamp> known_at, TimestampParam(req, "known_at"));
  HOPTAC_ASSIGN_OR_RETURN(const std::string revision, r.Revision(req.Param("code")));
  HOPTAC_ASSIGN_OR_RETURN(const auto figures, r.Figures(req.Param("code"), known_at));
  json body = FiguresJson(req.Param("code"), figures);
  std::string tag = known_at ? EntityTag(body.dump()) : RevisionTag(revision);
  return std::make_pair(std::move(body), std::move(tag));
}

// The member register on a date (default today), as known at a time (default now); `all`:
// every member ever registered.
Result<json> OrganisationMembers(app::Registry& r, const Request& req, const app::Principal& who,
                                 Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"as_of", "known_at", "all"}));
  HOPTAC_RETURN_IF_ERROR(CheckScope(r, who, req.Param("code"), today));
  app::MembersQuery q;
  HOPTAC_ASSIGN_OR_RETURN(q.as_of, DateParam(req, "as_of"));
  HOPTAC_ASSIGN_OR_RETURN(q.known_at, TimestampParam(req, "known_at"));
  if (const auto& v = QueryParam(req, "all"); !v.empty()) {
    if (v != "true" && v != "false") return Error::Invalid("all", v, "use true or false");
    q.all = v == "true";
  }
  HOPTAC_ASSIGN_OR_RETURN(const auto members, r.Members(req.Param("code"), q));
  json body = app::MembersJson(req.Param("code"), members);
  body["as_of"] = q.all ? json(nullptr) : json(q.as_of.value_or(today).ToString());
  return body;
}

Response Tagged(const Call& c, const Result<std::pair<json, std::string>>& r) {
  if (!r.ok()) return Problem(r.error(), c.req.request_id);
  return JsonWithTag(c, r->first, r->second, 200);
}

Result<json> AllowedEvents(app::Registry& r, const Request& req, const app::Principal& who,
                           Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {}));
  HOPTAC_RETURN_IF_ERROR(CheckScope(r, who, req.Param("code"), today));
  HOPTAC_ASSIGN_OR_RETURN(const auto types, r.AllowedNext(req.Param("code")));
  json arr = json::array();
  for (domain::EventType t : types) {
    arr.push_back({{"type", domain::Id(t)}, {"label", domain::Label(t)}});
  }
  return json{{"registry_code", req.Param("code")}, {"allowed", arr}};
}

Result<json> UnitChildren(app::Registry& r, const Request& req, Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"parent", "as_of"}));
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<Date> as_of, DateParam(req, "as_of"));
  std::string parent;
  if (const auto& v = QueryParam(req, "parent"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(parent, domain::ParseUnitCode(v, "parent"));
  }
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  const Date at = as_of.value_or(today);
  if (!parent.empty() && units->At(parent, at) == nullptr) {
    return Error::NotFound("no administrative unit has this code on " + at.ToString(), "parent",
                           parent);
  }
  return json{{"as_of", at.ToString()},
              {"parent", parent.empty() ? json(nullptr) : json(parent)},
              {"units", UnitsJson(units->ChildrenAt(parent, at), *units)}};
}

Result<json> SearchUnits(app::Registry& r, const Request& req) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"q", "as_of", "limit"}));
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<Date> as_of, DateParam(req, "as_of"));
  HOPTAC_ASSIGN_OR_RETURN(const size_t limit, LimitParam(req, 20, 200));
  HOPTAC_ASSIGN_OR_RETURN(const std::string q, text::ToNfc(QueryParam(req, "q"), "q"));
  if (q.empty()) return Error::Invalid("q", "", "give a part of the unit's name", "q.required");
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  return json{{"units", UnitsJson(units->Search(q, as_of, limit), *units)}};
}

Result<json> PublicLookup(app::Registry& r, const Request& req) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"q", "limit"}));
  HOPTAC_ASSIGN_OR_RETURN(const size_t limit, LimitParam(req, 20, 100));
  HOPTAC_ASSIGN_OR_RETURN(const std::string q, text::ToNfc(QueryParam(req, "q"), "q"));
  if (q.empty()) {
    return Error::Invalid("q", "", "give a part of the name or the registry code", "q.required");
  }
  HOPTAC_ASSIGN_OR_RETURN(const auto hits, r.Search(q, limit));
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  json arr = json::array();
  for (const auto& s : hits) {
    if (s.exists) arr.push_back(PublicOrgJson(s, *units));
  }
  return json{{"items", arr}};
}

Result<json> Health(app::Registry& r, const Request& req) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {}));
  HOPTAC_ASSIGN_OR_RETURN(const domain::StoreCounts counts, r.Counts());
  return json{{"status", "ok"}, {"database", "reachable"}, {"organisations", counts.organisations}};
}

}  // namespace

Response GetOrganisations(Services& s, Call& c) {
  const Date today = s.clock.Today();
  if (const std::string& f = QueryParam(c.req, "format"); !f.empty() && f != "json") {
    Result<report::OutputFormat> format = report::ParseOutputFormat(f, "format");
    if (!format.ok() || *format == report::OutputFormat::kTable) {
      return Problem(Error::Invalid("format", f, "use json, csv, xlsx or html", "list.format"),
                     c.req.request_id);
    }
    Result<report::Table> table =
        WithRegistry(s, c, [&](auto& r) { return ListTable(r, c.req, *c.who, today); });
    if (!table.ok()) return Problem(table.error(), c.req.request_id);
    Result<std::string> bytes = report::Render(*table, *format);
    if (!bytes.ok()) return Problem(bytes.error(), c.req.request_id);
    Response resp;
    resp.content_type = report::MimeType(*format);
    resp.body = std::move(bytes).value();
    std::string disposition = "attachment; filename=\"to-chuc.";
    disposition.append(report::FileExtension(*format)).append("\"");
    if (*format != report::OutputFormat::kHtml) {
      resp.headers.emplace_back("Content-Disposition", disposition);
    }
    return resp;
  }
  return Respond(
      c, WithRegistry(s, c, [&](auto& r) { return ListOrganisations(r, c.req, *c.who, today); }));
}

Response GetOrganisation(Services& s, Call& c) {
  const Date today = s.clock.Today();
  return Respond(
      c, WithRegistry(s, c, [&](auto& r) { return ShowOrganisation(r, c.req, *c.who, today); }));
}

Response GetHistory(Services& s, Call& c) {
  const Date today = s.clock.Today();
  return Tagged(
      c, WithRegistry(s, c, [&](auto& r) { return OrganisationHistory(r, c.req, *c.who, today); }));
}

Response GetFigures(Services& s, Call& c) {
  const Date today = s.clock.Today();
  return Tagged(
      c, WithRegistry(s, c, [&](auto& r) { return OrganisationFigures(r, c.req, *c.who, today); }));
}

Response GetMembers(Services& s, Call& c) {
  const Date today = s.clock.Today();
  return Respond(
      c, WithRegistry(s, c, [&](auto& r) { return OrganisationMembers(r, c.req, *c.who, today); }));
}

Response GetAllowedEvents(Services& s, Call& c) {
  const Date today = s.clock.Today();
  return Respond(
      c, WithRegistry(s, c, [&](auto& r) { return AllowedEvents(r, c.req, *c.who, today); }));
}

Response GetUnits(Services& s, Call& c) {
  const Date today = s.clock.Today();
  return Respond(c, WithRegistry(s, c, [&](auto& r) { return UnitChildren(r, c.req, today); }));
}

Response GetUnitSearch(Services& s, Call& c) {
  return Respond(c, WithRegistry(s, c, [&](auto& r) { return SearchUnits(r, c.req); }));
}

Response GetPublicOrganisations(Services& s, Call& c) {
  return Respond(c, WithRegistry(s, c, [&](auto& r) { return PublicLookup(r, c.req); }));
}

Response GetHealth(Services& s, Call& c) {
  Result<json> r = WithRegistry(s, c, [&](auto& reg) { return Health(reg, c.req); });
  if (!r.ok() && r.error().code != ErrorCode::kInvalid) {
    return Problem(Error::Unavailable("the database is not reachable"), c.req.request_id);
  }
  return Respond(c, r);
}

Response GetMetrics(Services& s, Call& c) {
  (void)c;
  return Response{
      200, "text/plain; version=0.0.4", s.metrics.Render(s.registries.list_index().stats()), {}};
}

Response GetOpenApi(Services& s, Call& c) {
  (void)c;
  return Response{200, "application/json", s.openapi_json, {{"ETag", EntityTag(s.openapi_json)}}};
}

}  // namespace hoptac::http
