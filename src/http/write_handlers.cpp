// Write endpoints: create an organisation, record and void events, set yearly figures. Each is
// one use case of app::Registry in one transaction, which also appends the audit entry. Updates
// of an existing organisation need If-Match with its revision (the ETag of its history and
// figures); the registry compares it inside the transaction, so two writers cannot both pass.

#include <algorithm>

#include "app/access.hpp"
#include "app/views_json.hpp"
#include "domain/area.hpp"
#include "http/body.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"

namespace hoptac::http {
namespace {

app::Actor ActorOf(const Call& c) {
  return app::Actor(c.who->user.username, c.req.remote_address, c.req.request_id);
}

// An officer creates organisations only in the area of their scope; a manager not at all.
Status CheckCreateScope(app::Registry& r, const app::Principal& who,
                        const app::NewOrganisation& org) {
  if (who.user.role == domain::Role::kManager) {
    return Error{
        ErrorCode::kForbidden, "a manager cannot create organisations", {}, {}, "access.scope"};
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty()) return OkStatus();
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  const std::string& commune = org.founding.changes.unit_code.value_or("");
  const auto inside = domain::CodesWithin(*units, scope, org.founding.effective_date);
  if (std::binary_search(inside.begin(), inside.end(), commune)) return OkStatus();
  return Error{ErrorCode::kForbidden, "this commune is outside your scope", "commune_code", commune,
               "access.scope"};
}

// The history of the organisation with its revision as the entity tag.
Response HistoryResponse(app::Registry& r, const Call& c, const std::string& code, int status) {
  Result<app::HistoryView> h = r.History(code);
  if (!h.ok()) return Problem(h.error(), c.req.request_id);
  return JsonWithTag(c, app::HistoryJson(*h), RevisionTag(h->revision), status);
}

Response FiguresResponse(app::Registry& r, const Call& c, const std::string& code) {
  Result<std::string> rev = r.Revision(code);  // before the read: never a newer tag on older data
  if (!rev.ok()) return Problem(rev.error(), c.req.request_id);
  auto figures = r.Figures(code, std::nullopt);
  if (!figures.ok()) return Problem(figures.error(), c.req.request_id);
  return JsonWithTag(c, app::FiguresJson(code, *figures), RevisionTag(*rev), 200);
}

Result<int> YearParam(const Request& req) {
  const std::string& text = req.Param("year");
  int year = 0;
  const bool digits = text.size() == 4 && std::all_of(text.begin(), text.end(), [](char ch) {
                        return ch >= '0' && ch <= '9';
                      });
  if (digits) year = std::stoi(text);
  if (!digits || year < 1900) {
    return Error::Invalid("year", text, "expected a year such as 2024", "figures.year");
  }
  return year;
}

}  // namespace

Response PostOrganisation(Services& s, Call& c) {
  Result<json> body = JsonBody(c.req, OrganisationMembers());
  if (!body.ok()) return Problem(body.error(), c.req.request_id);
  Result<app::NewOrganisation> cmd = OrganisationFromJson(*body);
  if (!cmd.ok()) return Problem(cmd.error(), c.req.request_id);
  return WithRegistry(s, c, [&](app::Registry& r) -> Response {
    if (Status allowed = CheckCreateScope(r, *c.who, *cmd); !allowed.ok()) {
      return Problem(allowed.error(), c.req.request_id);
    }
    Result<domain::OrgId> id = r.AddOrganisation(*cmd, ActorOf(c));
    if (!id.ok()) return Problem(id.error(), c.req.request_id);
    const std::string code = cmd->code.value();
    Result<app::OrgView> v = r.Show(code, std::nullopt, std::nullopt);
    if (!v.ok()) return Problem(v.error(), c.req.request_id);
    Result<std::string> rev = r.Revision(code);
    if (!rev.ok()) return Problem(rev.error(), c.req.request_id);
    Response resp = JsonWithTag(c, app::OrgViewJson(*v), RevisionTag(*rev), 201);
    resp.headers.emplace_back("Location", "/api/organisations/" + code);
    return resp;
  });
}

Response PostEvent(Services& s, Call& c) {
  Result<std::string> expected = IfMatch(c.req);
  if (!expected.ok()) return Problem(expected.error(), c.req.request_id);
  Result<json> body = JsonBody(c.req, EventMembers());
  if (!body.ok()) return Problem(body.error(), c.req.request_id);
  Result<app::NewEvent> cmd = EventFromJson(*body);
  if (!cmd.ok()) return Problem(cmd.error(), c.req.request_id);
  const std::string code = c.req.Param("code");
  return WithRegistry(s, c, [&](app::Registry& r) -> Response {
    if (Status allowed = CheckScope(r, *c.who, code, s.clock.Today()); !allowed.ok()) {
      return Problem(allowed.error(), c.req.request_id);
    }
    app::Expect expect;
    expect.revision = *expected;
    Result<domain::EventId> id = r.RecordEvent(code, *cmd, ActorOf(c), expect);
    if (!id.ok()) return Problem(id.error(), c.req.request_id);
    return HistoryResponse(r, c, code, 201);
  });
}

Response PostVoid(Services& s, Call& c) {
  Result<std::string> expected = IfMatch(c.req);
  if (!expected.ok()) return Problem(expected.error(), c.req.request_id);
  Result<json> body = JsonBody(c.req, {"reason", "replacement"});
  if (!body.ok()) return Problem(body.error(), c.req.request_id);
  Result<std::string> reason = StringMember(*body, "reason", true);
  if (!reason.ok()) return Problem(reason.error(), c.req.request_id);
  std::optional<app::NewEvent> replacement;
  if (auto it = body->find("replacement"); it != body->end() && !it->is_null()) {
    if (!it->is_object()) {
      return Problem(
          Error::Invalid("replacement", it->dump(), "expected an event object", "body.field_type"),
          c.req.request_id);
    }
    Result<app::NewEvent> e = EventFromJson(*it, "replacement.");
    if (!e.ok()) return Problem(e.error(), c.req.request_id);
    replacement = std::move(e).value();
  }
  const std::string& id_text = c.req.Param("id");
  domain::EventId id = 0;
  const bool numeric =
      !id_text.empty() && id_text.size() <= 18 &&
      std::all_of(id_text.begin(), id_text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (numeric) id = std::stoll(id_text);
  if (id <= 0) {
    return Problem(Error::Invalid("id", id_text, "expected an event id", "event.id"),
                   c.req.request_id);
  }
  const std::string code = c.req.Param("code");
  return WithRegistry(s, c, [&](app::Registry& r) -> Response {
    if (Status allowed = CheckScope(r, *c.who, code, s.clock.Today()); !allowed.ok()) {
      return Problem(allowed.error(), c.req.request_id);
    }
    app::Expect expect;
    expect.revision = *expected;
    expect.registry_code = code;
    Result<domain::EventId> done = r.VoidEvent(id, *reason, replacement, ActorOf(c), expect);
    if (!done.ok()) return Problem(done.error(), c.req.request_id);
    return HistoryResponse(r, c, code, 200);
  });
}

Response PutFigures(Services& s, Call& c) {
  Result<std::string> expected = IfMatch(c.req);
  if (!expected.ok()) return Problem(expected.error(), c.req.request_id);
  Result<int> year = YearParam(c.req);
  if (!year.ok()) return Problem(year.error(), c.req.request_id);
  Result<json> body = JsonBody(c.req, FiguresMembers());
  if (!body.ok()) return Problem(body.error(), c.req.request_id);
  Result<domain::YearlyFigures> figures = FiguresFromJson(*body, *year);
  if (!figures.ok()) return Problem(figures.error(), c.req.request_id);
  const std::string code = c.req.Param("code");
  return WithRegistry(s, c, [&](app::Registry& r) -> Response {
    if (Status allowed = CheckScope(r, *c.who, code, s.clock.Today()); !allowed.ok()) {
      return Problem(allowed.error(), c.req.request_id);
    }
    app::Expect expect;
    expect.revision = *expected;
    if (Status done = r.SetFigures(code, *figures, ActorOf(c), expect); !done.ok()) {
      return Problem(done.error(), c.req.request_id);
    }
    return FiguresResponse(r, c, code);
  });
}

}  // namespace hoptac::http
