// Import and export over HTTP. An import is an upload (multipart/form-data with a part "file",
// or the file itself as the body with ?filename=…; a part "map" maps its headers to columns as
// `hoptac import --map` does) checked and written by app::ImportFile, all
// or nothing, with `dry_run`; the answer lists every error by row, column and value. Both need an
// unscoped user: an area-scoped officer's file could name organisations outside the area
// (docs/decisions/0020-server-writes.md).

#include <algorithm>
#include <optional>
#include <string>

#include "app/access.hpp"
#include "app/export.hpp"
#include "app/import.hpp"
#include "http/handlers.hpp"
#include "http/multipart.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"
#include "report/render.hpp"

namespace hoptac::http {
namespace {

Status CheckUnscoped(const app::Principal& who) {
  if (who.user.role == domain::Role::kAdmin) return OkStatus();
  if (who.user.role != domain::Role::kManager && who.user.scope_unit.empty()) return OkStatus();
  return Error{ErrorCode::kForbidden,
               "imports and exports of the whole registry need an account without an area scope",
               {},
               {},
               "access.scope"};
}

Result<bool> DryRun(const Request& req) {
  const std::string& v = QueryParam(req, "dry_run");
  if (v.empty() || v == "false") return false;
  if (v == "true") return true;
  return Error::Invalid("dry_run", v, "expected true or false", "import.dry_run");
}

// The uploaded file: its name and bytes (a view into the request body), and the column map sent
// with it (part "map": the two-column CSV of `hoptac import --map`, docs/formats.md), if any.
struct Upload {
  std::string filename;
  std::string_view bytes;
  std::string map;
};

Result<Upload> UploadOf(const Request& req) {
  const std::string& type = req.Header("content-type");
  if (auto boundary = MultipartBoundary(type)) {
    HOPTAC_ASSIGN_OR_RETURN(std::vector<FormPart> parts, ParseMultipart(req.body, *boundary));
    std::optional<Upload> upload;
    std::string map;
    for (const FormPart& p : parts) {
      if (p.name == "file") {
        if (p.filename.empty()) {
          return Error::Invalid("file", "", "the part has no file name", "import.filename");
        }
        upload = Upload{p.filename, p.data, {}};
      } else if (p.name == "map") {
        map.assign(p.data);
        if (map.empty()) {
          return Error::Invalid("map", "", "the column map is empty; leave the part out",
                                "import.map");
        }
      }
    }
    if (!upload) {
      return Error::Invalid("file", "", "send the spreadsheet in a form part named \"file\"",
                            "import.file");
    }
    upload->map = std::move(map);
    return *upload;
  }
  const std::string& name = QueryParam(req, "filename");
  if (name.empty()) {
    return Error::Invalid("filename", "",
                          "send multipart/form-data with a part \"file\", or the file as the body "
                          "with ?filename=NAME.csv|.xlsx",
                          "import.filename");
  }
  return Upload{name, req.body, {}};
}

json ReportJson(const app::ImportReport& r) {
  json header = json::array();
  for (const auto& h : r.header) {
    header.push_back(
        {{"header", h.header}, {"column", h.column.empty() ? json(nullptr) : json(h.column)}});
  }
  json errors = json::array();
  for (const exchange::RowError& e : r.errors) {
    errors.push_back({{"row", e.line},
                      {"column", e.column == "--map" ? std::string("map") : e.column},
                      {"value", e.value},
                      {"message", e.message},
                      {"rule", e.rule}});
  }
  return {{"kind", exchange::Id(r.kind)},
          {"dry_run", r.dry_run},
          {"committed", r.written},
          {"encoding", r.encoding},
          {"rows_read", r.rows_read},
          {"created", r.created},
          {"unchanged", r.unchanged},
          {"rows_with_errors", r.rows_with_errors},
          {"header", header},
          {"errors", errors}};
}

}  // namespace

Response PostImport(Services& s, Call& c) {
  auto fail = [&](const Error& e) { return Problem(e, c.req.request_id); };
  if (Status ok = CheckUnscoped(*c.who); !ok.ok()) return fail(ok.error());
  if (Status ok = CheckParams(c.req, {"dry_run", "filename", "header_row", "sheet"}); !ok.ok()) {
    return fail(ok.error());
  }
  Result<exchange::RecordKind> kind = exchange::ParseRecordKind(c.req.Param("kind"));
  if (!kind.ok()) return fail(kind.error());
  Result<bool> dry_run = DryRun(c.req);
  if (!dry_run.ok()) return fail(dry_run.error());
  Result<Upload> upload = UploadOf(c.req);
  if (!upload.ok()) return fail(upload.error());
  app::ImportOptions options;
  options.kind = *kind;
  options.dry_run = *dry_run;
  options.sheet = QueryParam(c.req, "sheet");
  options.map_csv = upload->map;
  if (const std::string& h = QueryParam(c.req, "header_row"); !h.empty()) {
    size_t n = 0;
    for (char ch : h) n = ch >= '0' && ch <= '9' && n < 100000 ? n * 10 + (ch - '0') : 0;
    if (n == 0 || n > 1000) {
      return fail(Error::Invalid("header_row", h, "expected a line number from 1 to 1000",
                                 "import.header_row"));
    }
    options.header_row = n;
  }
  const app::Actor actor(c.who->user.username, c.req.remote_address, c.req.request_id);
  Result<app::ImportReport> report = WithRegistry(s, c, [&](app::Registry& r) {
    return app::ImportFile(r, upload->filename, upload->bytes, options, actor);
  });
  if (!report.ok()) return fail(report.error());
  Response resp = JsonOk(c, ReportJson(*report));
  // A dry run is asked for its errors: 200. An import refused for its errors wrote nothing: 422.
  if (!report->errors.empty() && !options.dry_run) resp.status = 422;
  return resp;
}

// The whole audit log as a table (oldest first), for admins: GET /api/export/audit.
Response ExportAudit(Services& s, Call& c) {
  auto fail = [&](const Error& e) { return Problem(e, c.req.request_id); };
  if (Status ok = app::Authorise(c.who->user, app::Action::kAdmin); !ok.ok()) {
    return fail(ok.error());
  }
  if (Status ok = CheckParams(c.req, {"format"}); !ok.ok()) return fail(ok.error());
  const std::string& f = QueryParam(c.req, "format");
  Result<report::OutputFormat> format = report::ParseOutputFormat(f.empty() ? "csv" : f, "format");
  if (!format.ok() || *format == report::OutputFormat::kTable ||
      *format == report::OutputFormat::kHtml) {
    return fail(Error::Invalid("format", f, "use csv, xlsx or json", "export.format"));
  }
  report::Table t;
  t.report_id = "audit";
  t.title = "Nhật ký thay đổi";
  using report::ColumnType;
  t.columns = {{"id", "STT", ColumnType::kCount},
               {"at", "Thời điểm", ColumnType::kText},
               {"user", "Người thực hiện", ColumnType::kText},
               {"address", "Địa chỉ", ColumnType::kText},
               {"request_id", "Mã yêu cầu", ColumnType::kText},
               {"action", "Thao tác", ColumnType::kText},
               {"entity", "Đối tượng", ColumnType::kText},
               {"before", "Trước", ColumnType::kText},
               {"after", "Sau", ColumnType::kText}};
  Status read = WithRegistry(s, c, [&](app::Registry& r) -> Status {
    domain::AuditQuery q;
    q.limit = 10000;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const std::vector<domain::AuditEntry> page, r.Audit(q));
      for (const domain::AuditEntry& a : page) {
        t.rows.push_back({{int64_t{a.id}, a.at.ToString(), a.actor, a.address, a.request_id,
                           a.action, a.entity, a.before, a.after},
                          {}});
      }
      if (page.size() < q.limit) return OkStatus();
      q.before_id = page.back().id;
    }
  });
  if (!read.ok()) return fail(read.error());
  std::reverse(t.rows.begin(), t.rows.end());
  Result<std::string> bytes = report::Render(t, *format);
  if (!bytes.ok()) return fail(bytes.error());
  Response resp;
  resp.content_type = report::MimeType(*format);
  resp.body = std::move(bytes).value();
  std::string disposition = "attachment; filename=\"audit.";
  disposition.append(report::FileExtension(*format)).append("\"");
  resp.headers.emplace_back("Content-Disposition", disposition);
  return resp;
}

Response GetExport(Services& s, Call& c) {
  auto fail = [&](const Error& e) { return Problem(e, c.req.request_id); };
  if (c.req.Param("kind") == "audit") return ExportAudit(s, c);
  if (Status ok = CheckUnscoped(*c.who); !ok.ok()) return fail(ok.error());
  if (Status ok = CheckParams(c.req, {"format", "as_of"}); !ok.ok()) return fail(ok.error());
  app::ExportOptions options;
  Result<exchange::RecordKind> kind = exchange::ParseRecordKind(c.req.Param("kind"));
  if (!kind.ok()) return fail(kind.error());
  options.kind = *kind;
  if (const std::string& f = QueryParam(c.req, "format"); !f.empty()) {
    Result<exchange::FileFormat> format = exchange::ParseFileFormat(f, "format");
    if (!format.ok()) return fail(format.error());
    options.format = *format;
  }
  Result<std::optional<Date>> as_of = DateParam(c.req, "as_of");
  if (!as_of.ok()) return fail(as_of.error());
  options.as_of = *as_of;
  options.created = s.clock.Now();
  Result<std::string> bytes = [&] {
    const auto start = std::chrono::steady_clock::now();
    auto lease = s.registries.Borrow();
    auto r = app::Export(lease.store(), options);
    c.db_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  }();
  if (!bytes.ok()) return fail(bytes.error());
  Response resp;
  switch (options.format) {
    case exchange::FileFormat::kCsv:
      resp.content_type = "text/csv; charset=utf-8";
      break;
    case exchange::FileFormat::kXlsx:
      resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      break;
    case exchange::FileFormat::kJson:
      resp.content_type = "application/json";
      break;
  }
  resp.body = std::move(bytes).value();
  std::string disposition = "attachment; filename=\"";
  disposition.append(exchange::Id(*kind));
  if (options.as_of) disposition.append("-").append(options.as_of->ToString());
  disposition.append(".").append(exchange::Id(options.format)).append("\"");
  resp.headers.emplace_back("Content-Disposition", disposition);
  return resp;
}

}  // namespace hoptac::http
