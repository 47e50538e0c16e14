#include "http/routes.hpp"

#include <exception>
#include <string_view>

#include "http/alliance_handlers.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"
#include "http/static_files.hpp"

namespace hoptac::http {

const std::vector<Route>& Routes() {
  using G = Guard;
  static const std::vector<Route> routes = {
      {"GET", "/healthz", G::kPublic, GetHealth},
      {"GET", "/metrics", G::kPublic, GetMetrics},
      {"GET", "/api/openapi.json", G::kPublic, GetOpenApi},
      {"POST", "/api/session", G::kPublic, PostSession},
      {"GET", "/api/session", G::kSignedIn, GetSession},
      {"DELETE", "/api/session", G::kSignedIn, DeleteSession},
      {"GET", "/api/organisations", G::kSignedIn, GetOrganisations},
      {"POST", "/api/organisations", G::kWrite, PostOrganisation},
      {"GET", "/api/organisations/{code}", G::kSignedIn, GetOrganisation},
      {"GET", "/api/organisations/{code}/history", G::kSignedIn, GetHistory},
      {"POST", "/api/organisations/{code}/events", G::kWrite, PostEvent},
      {"POST", "/api/organisations/{code}/events/{id}/void", G::kWrite, PostVoid},
      {"GET", "/api/organisations/{code}/figures", G::kSignedIn, GetFigures},
      {"PUT", "/api/organisations/{code}/figures/{year}", G::kWrite, PutFigures},
      {"GET", "/api/organisations/{code}/allowed-events", G::kSignedIn, GetAllowedEvents},
      {"GET", "/api/organisations/{code}/members", G::kSignedIn, GetMembers},
      {"GET", "/api/units", G::kSignedIn, GetUnits},
      {"GET", "/api/units/search", G::kSignedIn, GetUnitSearch},
      {"GET", "/api/reports", G::kSignedIn, GetReports},
      {"GET", "/api/reports/{name}", G::kSignedIn, GetReport},
      {"POST", "/api/import/{kind}", G::kWrite, PostImport},
      {"GET", "/api/export/{kind}", G::kSignedIn, GetExport},
      {"GET", "/api/audit", G::kAdmin, GetAudit},
      {"GET", "/api/users", G::kAdmin, GetUsers},
      {"POST", "/api/users", G::kAdmin, PostUser},
      {"PATCH", "/api/users/{username}", G::kAdmin, PatchUser},
      {"GET", "/api/public/organisations", G::kPublic, GetPublicOrganisations},
      // The market (issue 9, market_handlers.cpp).
      {"GET", "/api/public/market", G::kPublic, GetPublicMarket},
      {"GET", "/api/public/catalogue", G::kPublic, GetPublicCatalogue},
      {"GET", "/api/public/catalogue/{id}", G::kPublic, GetPublicProduct},
      {"GET", "/api/public/demands", G::kPublic, GetPublicDemands},
      {"POST", "/api/public/demands", G::kPublic, PostPublicDemand},
      {"GET", "/api/public/demand-form", G::kPublic, GetPublicDemandForm},
      {"GET", "/api/products", G::kSignedIn, GetProducts},
      {"POST", "/api/organisations/{code}/products", G::kWrite, PostProduct},
      {"GET", "/api/products/{id}", G::kSignedIn, GetProduct},
      {"PUT", "/api/products/{id}", G::kWrite, PutProduct},
      {"DELETE", "/api/products/{id}", G::kWrite, DeleteProduct},
      {"GET", "/api/products/{id}/demands", G::kSignedIn, GetProductDemands},
      {"GET", "/api/demands", G::kSignedIn, GetDemands},
      {"POST", "/api/demands", G::kWrite, PostDemand},
      {"POST", "/api/demands/{id}/approve", G::kWrite, PostDemandApprove},
      {"POST", "/api/demands/{id}/status", G::kWrite, PostDemandStatus},
      {"GET", "/api/demands/{id}/offers", G::kSignedIn, GetDemandOffers},
      {"GET", "/api/zones", G::kSignedIn, GetZones},
      {"POST", "/api/zones", G::kWrite, PostZone},
      {"GET", "/api/programmes", G::kSignedIn, GetProgrammes},
      {"POST", "/api/programmes", G::kAdmin, PostProgramme},
      {"GET", "/api/partner-offers", G::kSignedIn, GetPartnerOffers},
      {"GET", "/api/catalogue/export", G::kSignedIn, GetCatalogueExport},
      {"POST", "/api/catalogue/import", G::kWrite, PostCatalogueImport},
      {"GET", "/api/market-reports/{name}", G::kSignedIn, GetMarketReport},
      // The Alliance's work (alliance_handlers.cpp).
      {"GET", "/api/alliance/lists", G::kSignedIn, GetAllianceLists},
      {"GET", "/api/activities", G::kSignedIn, GetActivities},
      {"POST", "/api/activities", G::kWrite, PostActivity},
      {"GET", "/api/activities/{id}", G::kSignedIn, GetActivity},
      {"PUT", "/api/activities/{id}", G::kWrite, PutActivity},
      {"GET", "/api/inspections", G::kSignedIn, GetInspections},
      {"POST", "/api/inspections", G::kWrite, PostInspection},
      {"GET", "/api/inspections/{id}", G::kSignedIn, GetInspection},
      {"PUT", "/api/inspections/{id}", G::kWrite, PutInspection},
      {"POST", "/api/inspections/{id}/recommendations/{rec}/follow-up", G::kWrite, PostFollowUp},
      {"GET", "/api/follow-ups", G::kSignedIn, GetFollowUps},
      {"GET", "/api/events/{id}/inspections", G::kSignedIn, GetEventInspections},
      {"GET", "/api/pilot-communes/{year}", G::kSignedIn, GetPilotCommunes},
      {"PUT", "/api/pilot-communes/{year}", G::kWrite, PutPilotCommunes},
      {"GET", "/api/plans", G::kSignedIn, GetPlans},
      {"GET", "/api/plans/{year}", G::kSignedIn, GetPlan},
      {"PUT", "/api/plans/{year}", G::kWrite, PutPlan},
      {"POST", "/api/plans/{year}/progress", G::kWrite, PostPlanProgress},
      {"GET", "/api/annual-review/{year}", G::kSignedIn, GetAnnualReview},
      {"PUT", "/api/annual-review/{year}/difficulties", G::kWrite, PutDifficulties},
  };
  return routes;
}

namespace {

// Matches `path` against `pattern` segment by segment; {name} takes one non-empty segment.
bool Match(std::string_view pattern, std::string_view path,
           std::map<std::string, std::string>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const size_t pe = pattern.find('/');
    const size_t se = path.find('/');
    const std::string_view pseg = pattern.substr(0, pe);
    const std::string_view sseg = path.substr(0, se);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (sseg.empty()) return false;
      params[std::string(pseg.substr(1, pseg.size() - 2))] = std::string(sseg);
    } else if (pseg != sseg) {
      return false;
    }
    pattern = pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = se == std::string_view::npos ? std::string_view() : path.substr(se);
  }
  return true;
}

// The session cookie's value, or "".
std::string SessionCookie(const Request& req) {
  std::string_view cookies = req.Header("cookie");
  while (!cookies.empty()) {
    const size_t semi = cookies.find(';');
    std::string_view part = cookies.substr(0, semi);
    cookies = semi == std::string_view::npos ? std::string_view() : cookies.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.rfind(kSessionCookie, 0) == 0 && part.size() > kSessionCookie.size() &&
        part[kSessionCookie.size()] == '=') {
      return std::string(part.substr(kSessionCookie.size() + 1));
    }
  }
  return {};
}

// Who is calling, from "Authorization: Bearer …" or the session cookie; then the route's guard.
Status Authenticate(Services& s, Call& call, Guard guard) {
  const Request& req = call.req;
  const std::string& auth = req.Header("authorization");
  Result<app::Principal> who = WithAccess(s, call, [&](app::Access& a) -> Result<app::Principal> {
    if (auth.rfind("Bearer ", 0) == 0) return a.FromBearer(auth.substr(7));
    if (!auth.empty()) {
      return Error{
          ErrorCode::kUnauthorized, "use a Bearer token or the session cookie", {}, {}, {}};
    }
    return a.FromSession(SessionCookie(req));
  });
  if (!who.ok()) return who.take_error();
  call.user = who->user.username;
  const bool write = req.method != "GET" && req.method != "HEAD";
  if (write) HOPTAC_RETURN_IF_ERROR(app::CheckCsrf(*who, req.Header("x-csrf-token")));
  if (guard == Guard::kWrite)
    HOPTAC_RETURN_IF_ERROR(app::Authorise(who->user, app::Action::kWrite));
  if (guard == Guard::kAdmin)
    HOPTAC_RETURN_IF_ERROR(app::Authorise(who->user, app::Action::kAdmin));
  call.who = std::move(who).value();
  return OkStatus();
}

}  // namespace

const Route* FindRoute(const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params, bool& path_known) {
  path_known = false;
  for (const Route& r : Routes()) {
    if (!Match(r.pattern, path, params)) continue;
    if (method == r.method || (method == "HEAD" && std::string_view(r.method) == "GET")) {
      return &r;
    }
    path_known = true;
  }
  params.clear();
  return nullptr;
}

Response Dispatch(Services& services, Call& call, std::string& route) {
  Request& req = call.req;
  std::map<std::string, std::string> params;
  bool path_known = false;
  const Route* r = FindRoute(req.method, req.path, params, path_known);
  if (r == nullptr) {
    route = "unmatched";
    if (auto file = ServeStatic(services.web_dir, req)) {
      route = "static";
      return std::move(*file);
    }
    if (path_known) {
      return Problem(405, "Method not allowed", "This path does not answer " + req.method + ".",
                     req.request_id);
    }
    return Problem(404, "Not found", "No such resource.", req.request_id);
  }
  route = r->pattern;
  req.params = std::move(params);
  try {
    if (r->guard != Guard::kPublic) {
      Status allowed = Authenticate(services, call, r->guard);
      if (!allowed.ok()) return Problem(allowed.error(), req.request_id);
    }
    return r->handler(services, call);
  } catch (const std::exception&) {
    return Problem(Error::Internal("handler threw"), req.request_id);
  }
}

}  // namespace hoptac::http
