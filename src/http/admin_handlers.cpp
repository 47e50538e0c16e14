// Administration: users (list, add, change) and the audit log. Admins only (Guard::kAdmin);
// every change of a user is written with its audit entry (app::Access).

#include <charconv>

#include "app/access.hpp"
#include "app/views_json.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"

namespace hoptac::http {
namespace {

app::Actor ActorOf(const Call& c) {
  return app::Actor(c.who->user.username, c.req.remote_address, c.req.request_id);
}

// A JSON text from the log as JSON (null when empty).
json Parsed(const std::string& text) {
  if (text.empty()) return nullptr;
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

Result<json> AuditPage(app::Registry& r, const Request& req) {
  HOPTAC_RETURN_IF_ERROR(
      CheckParams(req, {"user", "entity", "action", "from", "to", "limit", "after"}));
  domain::AuditQuery q;
  q.actor = QueryParam(req, "user");
  q.entity = QueryParam(req, "entity");
  q.action = QueryParam(req, "action");
  HOPTAC_ASSIGN_OR_RETURN(q.from, TimestampParam(req, "from"));
  HOPTAC_ASSIGN_OR_RETURN(q.to, TimestampParam(req, "to"));
  HOPTAC_ASSIGN_OR_RETURN(q.limit, LimitParam(req, 50, 500));
  if (const std::string& after = QueryParam(req, "after"); !after.empty()) {
    const auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), q.before_id);
    if (ec != std::errc() || end != after.data() + after.size() || q.before_id <= 0) {
      return Error::Invalid("after", after, "not a cursor returned by this endpoint",
                            "cursor.format");
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(const std::vector<domain::AuditEntry> entries, r.Audit(q));
  json items = json::array();
  for (const domain::AuditEntry& a : entries) {
    items.push_back({{"id", a.id},
                     {"at", a.at.ToString()},
                     {"user", a.actor},
                     {"address", a.address},
                     {"request_id", a.request_id},
                     {"action", a.action},
                     {"entity", a.entity},
                     {"before", Parsed(a.before)},
                     {"after", Parsed(a.after)}});
  }
  const bool more = entries.size() == q.limit;
  return json{{"items", items},
              {"next", more ? json(std::to_string(entries.back().id)) : json(nullptr)}};
}

Result<app::UserChange> ChangeOf(const json& body) {
  app::UserChange change;
  if (auto it = body.find("role"); it != body.end() && !it->is_null()) {
    HOPTAC_ASSIGN_OR_RETURN(const std::string role, StringMember(body, "role", true));
    HOPTAC_ASSIGN_OR_RETURN(change.role, domain::ParseRole(role, "role"));
  }
  if (auto it = body.find("scope"); it != body.end() && !it->is_null()) {
    HOPTAC_ASSIGN_OR_RETURN(change.scope, StringMember(body, "scope", true));
  }
  if (auto it = body.find("disabled"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) {
      return Error::Invalid("disabled", it->dump(), "expected true or false", "body.field_type");
    }
    change.disabled = it->get<bool>();
  }
  if (auto it = body.find("password"); it != body.end() && !it->is_null()) {
    HOPTAC_ASSIGN_OR_RETURN(change.password, StringMember(body, "password", true));
  }
  return change;
}

Result<json> FindUserJson(app::Access& a, const std::string& username) {
  HOPTAC_ASSIGN_OR_RETURN(const std::vector<domain::User> users, a.Users());
  for (const domain::User& u : users) {
    if (u.username == username) return app::UserJson(u);
  }
  return Error::NotFound("no such user", "username", username);
}

}  // namespace

Response GetAudit(Services& s, Call& c) {
  return Respond(c, WithRegistry(s, c, [&](app::Registry& r) { return AuditPage(r, c.req); }));
}

Response GetUsers(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Problem(ok.error(), c.req.request_id);
  return Respond(c, WithAccess(s, c, [&](app::Access& a) -> Result<json> {
                   HOPTAC_ASSIGN_OR_RETURN(const std::vector<domain::User> users, a.Users());
                   json items = json::array();
                   for (const domain::User& u : users) items.push_back(app::UserJson(u));
                   return json{{"items", items}};
                 }));
}

Response PostUser(Services& s, Call& c) {
  Result<json> body = JsonBody(c.req, {"username", "password", "role", "scope"});
  if (!body.ok()) return Problem(body.error(), c.req.request_id);
  Result<json> done = [&]() -> Result<json> {
    HOPTAC_ASSIGN_OR_RETURN(const std::string username, StringMember(*body, "username", true));
    HOPTAC_ASSIGN_OR_RETURN(const std::string password, StringMember(*body, "password", true));
    HOPTAC_ASSIGN_OR_RETURN(const std::string role_text, StringMember(*body, "role", true));
    HOPTAC_ASSIGN_OR_RETURN(const std::string scope, StringMember(*body, "scope", false));
    HOPTAC_ASSIGN_OR_RETURN(const domain::Role role, domain::ParseRole(role_text, "role"));
    return WithAccess(s, c, [&](app::Access& a) -> Result<json> {
      HOPTAC_RETURN_IF_ERROR(a.AddUser(username, password, role, scope, ActorOf(c)));
      return FindUserJson(a, username);
    });
  }();
  if (!done.ok()) return Problem(done.error(), c.req.request_id);
  Response resp = JsonOk(c, *done);
  resp.status = 201;
  return resp;
}

Response PatchUser(Services& s, Call& c) {
  Result<json> body = JsonBody(c.req, {"role", "scope", "disabled", "password"});
  if (!body.ok()) return Problem(body.error(), c.req.request_id);
  Result<app::UserChange> change = ChangeOf(*body);
  if (!change.ok()) return Problem(change.error(), c.req.request_id);
  const std::string username = c.req.Param("username");
  if (username == c.who->user.username && (change->disabled.value_or(false) || change->role)) {
    return Problem(
        Error::Invalid("username", username, "an admin cannot disable or demote their own account",
                       "user.self"),
        c.req.request_id);
  }
  return Respond(c, WithAccess(s, c, [&](app::Access& a) -> Result<json> {
                   HOPTAC_RETURN_IF_ERROR(a.UpdateUser(username, *change, ActorOf(c)));
                   return FindUserJson(a, username);
                 }));
}

}  // namespace hoptac::http
