#include "http/routes.hpp"

#include <exception>
#include <string_view>

#include "http/handlers.hpp"
#include "http/problem.hpp"

namespace hoptac::http {

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {"GET", "/healthz", GetHealth},
      {"GET", "/metrics", GetMetrics},
      {"GET", "/api/openapi.json", GetOpenApi},
      {"GET", "/api/organisations", GetOrganisations},
      {"GET", "/api/organisations/{code}", GetOrganisation},
      {"GET", "/api/organisations/{code}/history", GetHistory},
      {"GET", "/api/organisations/{code}/figures", GetFigures},
      {"GET", "/api/organisations/{code}/allowed-events", GetAllowedEvents},
      {"GET", "/api/units", GetUnits},
      {"GET", "/api/units/search", GetUnitSearch},
      {"GET", "/api/public/organisations", GetPublicOrganisations},
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

}  // namespace

const Route* FindRoute(const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params, bool& path_known) {
  path_known = false;
  // Literal segments win over parameters: /api/units/search is not /api/units/{code}.
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
    if (path_known) {
      return Problem(405, "Method not allowed", "This path does not answer " + req.method + ".",
                     req.request_id);
    }
    return Problem(404, "Not found", "No such resource.", req.request_id);
  }
  route = r->pattern;
  req.params = std::move(params);
  try {
    return r->handler(services, call);
  } catch (const std::exception&) {
    return Problem(Error::Internal("handler threw"), req.request_id);
  }
}

}  // namespace hoptac::http
