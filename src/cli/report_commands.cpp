// `hoptac report NAME …`: the point-in-time reports, in any format.

#include <CLI/CLI.hpp>
#include <fstream>
#include <ostream>

#include "app/report_service.hpp"
#include "cli/alliance_commands.hpp"
#include "cli/context.hpp"
#include "report/render.hpp"

namespace hoptac::cli {

void RegisterReportCommands(CLI::App& app, Context& ctx) {
  struct Options {
    std::string name, as_of, known_at, by = "province", unit, units = "as-then", kind, field, out;
    int year = 0;
    bool detail = false;
  };
  auto o = std::make_shared<Options>();
  std::string names;
  for (const auto& r : report::Reports()) {
    names += "\n  ";
    names += r.id;
    names += "  ";
    names += r.title;
  }
  names +=
      "\n  annual-review  Báo cáo đánh giá kết quả hoạt động năm của Liên minh (--year, "
      "--unit; text, json, html or xlsx)";
  auto* cmd = app.add_subcommand(
      "report", "point-in-time reports, for any date and area, in units of then or now:" + names);
  cmd->add_option("name", o->name, "report name (see above)")->required();
  cmd->add_option("--as-of", o->as_of, "the report date (default today)");
  cmd->add_option("--known-at", o->known_at, "what was known at this time (default now)");
  cmd->add_option("--by", o->by, "rows by province (default), district (until 2025) or commune");
  cmd->add_option("--unit", o->unit, "restrict to an area: a unit code of any level, old or new");
  cmd->add_option("--units", o->units,
                  "as-then (units valid on the report date, default) or current (today's)");
  cmd->add_option("--kind", o->kind, "THT, HTX, LHHTX or QTDND");
  cmd->add_option("--field", o->field, "agriculture, non_agriculture or credit");
  cmd->add_option("--year", o->year, "the year (year-review, rating; default: the report date's)");
  cmd->add_flag("--detail", o->detail, "list the organisations behind every row");
  cmd->add_option("-o,--output", o->out, "write to this file (needed for xlsx)");
  cmd->callback([&ctx, o] {
    if (o->name == "annual-review") return RunAnnualReview(ctx, o->year, o->unit, o->out);
    const report::OutputFormat format = Check(report::ParseOutputFormat(ctx.format, "--format"));
    app::ReportRequest req;
    if (!o->as_of.empty()) req.as_of = Check(Date::Parse(o->as_of, "--as-of"));
    if (!o->known_at.empty()) req.known_at = Check(Timestamp::Parse(o->known_at, "--known-at"));
    req.params.by = Check(report::ParseGroupBy(o->by, "--by"));
    req.params.units = Check(report::ParseUnitsMode(o->units, "--units"));
    if (!o->unit.empty()) req.params.unit = Check(domain::ParseUnitCode(o->unit, "--unit"));
    if (!o->kind.empty()) req.params.kind = Check(domain::ParseOrgKind(o->kind, "--kind"));
    if (!o->field.empty()) req.params.field = Check(domain::ParseField(o->field, "--field"));
    if (o->year != 0) req.params.year = o->year;
    req.params.detail = o->detail;
    if (format == report::OutputFormat::kXlsx && o->out.empty()) {
      throw CommandFailed{
          Error::Invalid("--output", "", "an xlsx report needs -o FILE", "report.output")};
    }
    Check(ctx.Registry());  // opens the store
    app::ReportService service(*ctx.store, *ctx.deps.clock);
    const report::Table table = Check(service.Run(o->name, req));
    const std::string bytes = Check(report::Render(table, format));
    if (o->out.empty()) {
      ctx.out() << bytes;
      return;
    }
    std::ofstream file(o->out, std::ios::binary | std::ios::trunc);
    file << bytes;
    file.close();
    if (!file) {
      throw CommandFailed{Error::Unavailable("cannot write the file " + o->out)};
    }
    ctx.out() << "wrote " << o->out << " (" << bytes.size() << " bytes)\n";
  });
}

}  // namespace hoptac::cli
