#pragma once
// The route table (routes.cpp) and what a handler gets: the shared services and the request.
// A handler maps the request to a call of one plain function over app/ and maps its result to a
// response; matching and dispatch are here, the wire is in server.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/access.hpp"
#include "domain/clock.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/registry_pool.hpp"

namespace hoptac::http {

// Shared by every request; thread-safe.
class ReportHost;
class MarketPool;
class AlliancePool;

struct Services {
  RegistryPool& registries;
  ReportHost& reports;
  app::LoginThrottle& throttle;
  Metrics& metrics;
  const domain::Clock& clock;
  std::string openapi_json;          // the API document, served at /api/openapi.json
  std::string web_dir;               // the web UI's files ("" : none)
  MarketPool* markets = nullptr;     // the market (market_handlers.cpp); nullptr: none
  AlliancePool* alliance = nullptr;  // the Alliance's work (null: not served)
};

// One request on its way through: the request, and what the handler measured.
struct Call {
  Request req;
  double db_seconds = 0;
  std::string user;                   // who is acting, for the log line ("" when anonymous)
  std::optional<app::Principal> who;  // set by Dispatch for routes that need a user
};

using Handler = Response (*)(Services&, Call&);

// The name of the session cookie (HttpOnly, SameSite=Strict, Path=/).
inline constexpr std::string_view kSessionCookie = "hoptac_session";

// Who may call a route, checked by Dispatch before the handler runs. Scopes (area, organisation)
// are checked by the handlers, which know the organisation.
enum class Guard {
  kPublic,    // anyone
  kSignedIn,  // any user (session cookie or bearer token)
  kWrite,     // a user whose role may write; with a session, the CSRF token too
  kAdmin,     // admins; with a session, writes need the CSRF token too
};

struct Route {
  const char* method;
  const char* pattern;  // "/api/organisations/{code}": {name} matches one path segment
  Guard guard;
  Handler handler;
};

// Every route the server answers, in matching order.
const std::vector<Route>& Routes();

// Finds the route for (method, path), filling `params`. nullptr when none matches; then
// `path_known` says whether another method would have matched (405 rather than 404).
const Route* FindRoute(const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params, bool& path_known);

// Answers one request: finds the route, runs its handler, turns a thrown exception into a 500
// problem (logging nothing itself: the caller logs). `route` is set to the matched pattern
// ("unmatched" otherwise) for the log and the metrics.
Response Dispatch(Services& services, Call& call, std::string& route);

}  // namespace hoptac::http
