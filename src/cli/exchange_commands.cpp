// Commands that move spreadsheets in and out: import, export (docs/formats.md).

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>

#include "app/export.hpp"
#include "app/import.hpp"
#include "cli/context.hpp"
#include "cli/exit_codes.hpp"

namespace hoptac::cli {
namespace {

Result<std::string> ReadFile(const std::string& path, std::string_view option) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return Error::Invalid(std::string(option), path, "cannot open this file", "file.open");
  }
  // Read in one piece (the national files are tens of megabytes); a pipe has no size.
  const std::streamoff size = in.tellg();
  if (size < 0) {
    in.clear();
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return Error::Invalid(std::string(option), path, "cannot read this file", "file.read");
  }
  return bytes;
}

Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Error::Invalid("-o", path, "cannot write this file", "file.write");
  return OkStatus();
}

void PrintReport(std::ostream& out, const app::ImportReport& r, const std::string& file) {
  const char* kind = exchange::Id(r.kind);
  out << "import " << kind << " from " << file;
  if (!r.encoding.empty()) out << " (" << r.encoding << ")";
  out << (r.dry_run ? ", dry run" : "") << '\n';
  out << "  rows read:    " << r.rows_read << '\n';
  out << "  " << (r.written ? "created:      " : "would create: ") << r.created << '\n';
  out << "  unchanged:    " << r.unchanged << '\n';
  out << "  errors:       " << r.errors.size();
  if (!r.errors.empty()) out << " (in " << r.rows_with_errors << " rows)";
  out << '\n';
  if (r.errors.empty()) {
    out << (r.written ? "written.\n" : "nothing written (dry run).\n");
    return;
  }
  out << "nothing written: the file is imported whole or not at all.\n";
  std::vector<std::vector<std::string>> rows;
  for (const exchange::RowError& e : r.errors) {
    rows.push_back({e.line == 0 ? "-" : std::to_string(e.line), e.column, e.value,
                    e.message + (e.rule.empty() ? "" : " [" + e.rule + "]")});
  }
  PrintTable(out, {"row", "column", "value", "message"}, rows);
}

// A progress bar on a terminal's stderr, redrawn in place ("\r"), for imports longer than one
// batch; nothing at all when `enabled` is false (stderr is not a terminal, or --quiet).
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, bool enabled, std::string label)
      : err_(err), enabled_(enabled), label_(std::move(label)) {}
  ~ProgressBar() { Clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Show(size_t done, size_t total) {
    if (!enabled_ || total == 0 || (!shown_ && done >= total)) return;  // one batch: no bar
    constexpr size_t kWidth = 30;
    const size_t filled = std::min(kWidth, done * kWidth / total);
    std::string line = "\rimport ";
    line.append(label_).append(" [").append(filled, '#').append(kWidth - filled, '.');
    line.append("] ").append(std::to_string(done * 100 / total)).append("% ");
    line.append(std::to_string(done)).append("/").append(std::to_string(total)).append(" rows");
    err_ << line << std::flush;
    shown_ = true;
  }
  void Clear() {
    if (!shown_) return;
    err_ << "\r\x1b[K" << std::flush;
    shown_ = false;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  std::string label_;
  bool shown_ = false;
};

// --format csv|xlsx|json; without it (the global default "table"), the -o file's extension.
Result<exchange::FileFormat> ExportFormat(const std::string& format, const std::string& output) {
  if (format != "table") return exchange::ParseFileFormat(format, "--format");
  for (exchange::FileFormat f :
       {exchange::FileFormat::kXlsx, exchange::FileFormat::kJson, exchange::FileFormat::kCsv}) {
    const std::string ext = std::string(".") + exchange::Id(f);
    if (output.size() > ext.size() && output.ends_with(ext)) return f;
  }
  return exchange::FileFormat::kCsv;
}

}  // namespace

void RegisterExchangeCommands(CLI::App& app, Context& ctx) {
  struct ImportFlags {
    std::string kind;
    std::string file;
    bool dry_run = false;
    std::string map;
    size_t header_row = 0;
    std::string errors_out;
    std::string sheet;
    bool quiet = false;
  };
  auto in = std::make_shared<ImportFlags>();
  auto* import = app.add_subcommand("import",
                                    "import a spreadsheet (CSV, XLSX or JSON) of organisations, "
                                    "events, figures or members, all or nothing");
  import->add_option("kind", in->kind, "organisations, events, figures or members")->required();
  import->add_option("file", in->file, "the file (.csv, .xlsx or .json)")->required();
  import->add_flag("--dry-run", in->dry_run, "check everything, write nothing");
  import->add_option("--map", in->map,
                     "a two-column CSV: a header of the file, the column it holds (or -)");
  import->add_option("--header-row", in->header_row,
                     "the line of the header row (when title rows come first)");
  import->add_option("--errors-out", in->errors_out, "also write the errors to this CSV file");
  import->add_option("--sheet", in->sheet, "XLSX: the sheet to read (default: the first)");
  import->add_flag("--quiet", in->quiet,
                   "no progress bar and no report unless something is wrong (for scripts)");
  import->callback([&ctx, in] {
    app::ImportOptions options;
  options.kind = Check(exchange::ParseRecordKind(in->kind));
  options.dry_run = in->dry_run;
  if (in->header_row > 0) options.header_row = in->header_row;
  if (!in->map.empty()) options.map_csv = Check(ReadFile(in->map, "--map"));
  const std::string bytes = Check(ReadFile(in->file, "file"));
  app::Registry* registry = Check(ctx.Registry());
  ProgressBar bar(ctx.err(), ctx.deps.err_is_terminal && !in->quiet, exchange::Id(options.kind));
  options.progress = [&bar](size_t done, size_t total) { bar.Show(done, total); };
  const app::ImportReport report =
      Check(app::ImportFile(*registry, in->file, bytes, options, ctx.Actor()));
  bar.Clear();
  if (!in->quiet || !report.errors.empty()) PrintReport(ctx.out(), report, in->file);
  if (!in->errors_out.empty()) Check(WriteFile(in->errors_out, app::ErrorsCsv(report)));
  if (!report.errors.empty()) {
    std::string message = std::to_string(report.errors.size());
    message.append(" error(s) in ").append(in->file).append("; nothing was written");
    throw CommandFailed{Error::Invalid("file", in->file, std::move(message), "import.errors")};
  }
});

struct ExportFlags {
  std::string kind;
  std::string output;
  std::string as_of;
};
auto ex = std::make_shared<ExportFlags>();
auto* exp = app.add_subcommand(
    "export",
    "write organisations, events, figures or members as an interchange file: CSV (UTF-8 with BOM), "
    "XLSX "
    "or JSON (--format csv|xlsx|json; default: by the -o file's extension, else csv)");
exp->add_option("kind", ex->kind, "organisations, events, figures or members")->required();
exp->add_option("-o,--output", ex->output, "the file to write (default: standard output)");
exp->add_option("--as-of", ex->as_of,
                "the registry as it stood on this day: organisations founded and events "
                "effective by then, figures of the years ended by then");
exp->callback([&ctx, ex] {
  app::ExportOptions options;
  options.kind = Check(exchange::ParseRecordKind(ex->kind));
  options.format = Check(ExportFormat(ctx.format, ex->output));
  if (!ex->as_of.empty()) options.as_of = Check(Date::Parse(ex->as_of, "--as-of"));
  options.created = ctx.deps.clock->Now();
  Check(ctx.Registry());
  const std::string bytes = Check(app::Export(*ctx.store, options));
  if (ex->output.empty()) {
    ctx.out() << bytes;
  } else {
    Check(WriteFile(ex->output, bytes));
  }
});
}  // namespace hoptac::cli

}  // namespace hoptac::cli
