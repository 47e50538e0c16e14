// Sessions: sign in (POST), who am I (GET), sign out (DELETE).

#include "app/views_json.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"

namespace hoptac::http {
namespace {

using app::UserJson;

Result<app::NewSession> Login(Services& s, Call& c) {
  HOPTAC_ASSIGN_OR_RETURN(const json body, JsonBody(c.req, {"username", "password"}));
  HOPTAC_ASSIGN_OR_RETURN(const std::string username, StringMember(body, "username", true));
  HOPTAC_ASSIGN_OR_RETURN(const std::string password, StringMember(body, "password", true));
  return WithAccess(s, c, [&](app::Access& a) {
    return a.Login(username, password, c.req.remote_address, s.throttle);
  });
}

}  // namespace

Response PostSession(Services& s, Call& c) {
  Result<app::NewSession> r = Login(s, c);
  if (!r.ok()) return Problem(r.error(), c.req.request_id);
  c.user = r->user.username;
  Response resp = JsonOk(c, {{"user", UserJson(r->user)}, {"csrf_token", r->csrf_token}});
  resp.status = 201;
  resp.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + r->token +
                                              "; Path=/; HttpOnly; SameSite=Strict");
  return resp;
}

Response GetSession(Services& s, Call& c) {
  (void)s;
  return JsonOk(c, {{"user", UserJson(c.who->user)},
                    {"csrf_token", c.who->via_session ? json(c.who->csrf_token) : json(nullptr)}});
}

Response DeleteSession(Services& s, Call& c) {
  std::string token;
  for (const auto& [name, value] : c.req.headers) {
    if (name != "cookie") continue;
    const size_t at = value.find(std::string(kSessionCookie) + "=");
    if (at != std::string::npos) {
      token = value.substr(at + kSessionCookie.size() + 1);
      token = token.substr(0, token.find(';'));
    }
  }
  const Status r = WithAccess(s, c, [&](app::Access& a) { return a.Logout(token); });
  if (!r.ok()) return Problem(r.error(), c.req.request_id);
  Response resp{204, "application/json", "", {}};
  resp.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                              "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return resp;
}

}  // namespace hoptac::http
