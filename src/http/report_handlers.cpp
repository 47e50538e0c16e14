// Reports over HTTP: the list, and every report with its parameters in JSON, CSV, XLSX or HTML
// (format=… or the Accept header). A scoped user's report is limited to the scope's area.

#include <algorithm>

#include "app/access.hpp"
#include "domain/area.hpp"
#include "domain/vocabulary.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"
#include "http/report_host.hpp"
#include "http/respond.hpp"
#include "report/english.hpp"
#include "report/render.hpp"

namespace hoptac::http {
namespace {

// format=… first, then the Accept header; JSON by default.
Result<report::OutputFormat> FormatOf(const Request& req) {
  if (const std::string& f = QueryParam(req, "format"); !f.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(report::OutputFormat format, report::ParseOutputFormat(f, "format"));
    if (format == report::OutputFormat::kTable) {
      return Error::Invalid("format", f, "use json, csv, xlsx or html", "report.format");
    }
    return format;
  }
  const std::string& accept = req.Header("accept");
  for (auto f :
       {report::OutputFormat::kCsv, report::OutputFormat::kXlsx, report::OutputFormat::kHtml}) {
    std::string_view mime = report::MimeType(f);
    mime = mime.substr(0, mime.find(';'));
    if (accept.find(mime) != std::string::npos) return f;
  }
  return report::OutputFormat::kJson;
}

// Limits the report to the caller's area; kForbidden for managers and units outside the area.
Status ScopeReport(app::Registry& r, const app::Principal& who, report::ReportParams& params,
                   Date at) {
  if (who.user.role == domain::Role::kManager) {
    return Error{ErrorCode::kForbidden,
                 "a manager sees only the organisation's own page",
                 {},
                 {},
                 "access.scope"};
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty()) return OkStatus();
  if (params.unit.empty()) {
    params.unit = scope;
    return OkStatus();
  }
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, r.Units());
  const auto inside = domain::CodesWithin(*units, scope, at);
  for (const std::string& code : domain::CodesWithin(*units, params.unit, at)) {
    if (!std::binary_search(inside.begin(), inside.end(), code)) {
      return Error{ErrorCode::kForbidden, "this unit is outside your scope", "unit", params.unit,
                   "access.scope"};
    }
  }
  return OkStatus();
}

// lang=vi (default) or en: the language of titles and headings.
Result<bool> EnglishParam(const Request& req) {
  const std::string& v = QueryParam(req, "lang");
  if (v.empty() || v == "vi") return false;
  if (v == "en") return true;
  return Error::Invalid("lang", v, "use vi or en", "report.lang");
}

Result<app::ReportRequest> ReportRequestOf(const Request& req) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"as_of", "known_at", "by", "unit", "units", "kind",
                                           "field", "year", "detail", "format", "lang"}));
  app::ReportRequest r;
  HOPTAC_ASSIGN_OR_RETURN(r.params.english, EnglishParam(req));
  HOPTAC_ASSIGN_OR_RETURN(r.as_of, DateParam(req, "as_of"));
  HOPTAC_ASSIGN_OR_RETURN(r.known_at, TimestampParam(req, "known_at"));
  if (const auto& v = QueryParam(req, "by"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(r.params.by, report::ParseGroupBy(v, "by"));
  }
  if (const auto& v = QueryParam(req, "units"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(r.params.units, report::ParseUnitsMode(v, "units"));
  }
  if (const auto& v = QueryParam(req, "unit"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(r.params.unit, domain::ParseUnitCode(v, "unit"));
  }
  if (const auto& v = QueryParam(req, "kind"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(r.params.kind, domain::ParseOrgKind(v, "kind"));
  }
  if (const auto& v = QueryParam(req, "field"); !v.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(r.params.field, domain::ParseField(v, "field"));
  }
  if (const auto& v = QueryParam(req, "year"); !v.empty()) {
    const bool digits = v.size() == 4 && std::all_of(v.begin(), v.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) return Error::Invalid("year", v, "expected a year such as 2016", "report.year");
    r.params.year = std::stoi(v);
  }
  if (const auto& v = QueryParam(req, "detail"); !v.empty()) {
    if (v != "true" && v != "false") {
      return Error::Invalid("detail", v, "expected true or false", "report.detail");
    }
    r.params.detail = v == "true";
  }
  return r;
}

}  // namespace

Response GetReports(Services& s, Call& c) {
  (void)s;
  if (Status ok = CheckParams(c.req, {"lang"}); !ok.ok())
    return Problem(ok.error(), c.req.request_id);
  Result<bool> english = EnglishParam(c.req);
  if (!english.ok()) return Problem(english.error(), c.req.request_id);
  json arr = json::array();
  for (const report::ReportInfo& r : report::Reports()) {
    arr.push_back({{"name", r.id},
                   {"title", *english ? report::EnglishTitle(r.id) : r.title},
                   {"description", r.description},
                   {"parameters",
                    {"as_of", "known_at", "by", "unit", "units", "kind", "field", "year", "detail",
                     "format", "lang"}}});
  }
  return JsonOk(c, {{"reports", arr}});
}

Response GetReport(Services& s, Call& c) {
  Result<report::OutputFormat> format = FormatOf(c.req);
  if (!format.ok()) return Problem(format.error(), c.req.request_id);
  Result<app::ReportRequest> request = ReportRequestOf(c.req);
  if (!request.ok()) return Problem(request.error(), c.req.request_id);
  const Date at = request->as_of.value_or(s.clock.Today());
  Status scoped = WithRegistry(
      s, c, [&](app::Registry& r) { return ScopeReport(r, *c.who, request->params, at); });
  if (!scoped.ok()) return Problem(scoped.error(), c.req.request_id);
  const std::string name = c.req.Param("name");
  Result<report::Table> table = s.reports.Run(name, *request);
  if (!table.ok()) return Problem(table.error(), c.req.request_id);
  Result<std::string> bytes = report::Render(*table, *format);
  if (!bytes.ok()) return Problem(bytes.error(), c.req.request_id);
  Response resp;
  resp.content_type = report::MimeType(*format);
  resp.body = std::move(bytes).value();
  resp.headers.emplace_back("Cache-Control", "no-cache");
  if (*format == report::OutputFormat::kCsv || *format == report::OutputFormat::kXlsx) {
    std::string disposition = "attachment; filename=\"";
    disposition.append(name)
        .append("-")
        .append(at.ToString())
        .append(".")
        .append(report::FileExtension(*format))
        .append("\"");
    resp.headers.emplace_back("Content-Disposition", disposition);
  }
  return resp;
}

}  // namespace hoptac::http
