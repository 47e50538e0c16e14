#include "app/import.hpp"

#include <algorithm>
#include <future>
#include <unordered_map>

#include "exchange/csv_reader.hpp"
#include "exchange/csv_writer.hpp"
#include "exchange/json_reader.hpp"
#include "exchange/rows.hpp"
#include "exchange/xlsx_reader.hpp"

namespace hoptac::app {

namespace {

using exchange::RecordKind;
using exchange::RowError;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The canonical column a registry error is about: by its rule, else by its field.
std::string ColumnOf(const Error& e, RecordKind kind) {
  const std::string_view rule = e.rule;
  const std::string_view date_column = kind == RecordKind::kOrganisations ? "founded_on"
                                       : kind == RecordKind::kMembers     ? "joined_on"
                                                                          : "effective_date";
  struct ByRule {
    std::string_view prefix;
    std::string_view column;
  };
  static constexpr ByRule kByRule[] = {
      {"event.unit_", "commune_code"},
      {"event.founded_requires_unit", "commune_code"},
      {"event.relocated_requires_unit", "commune_code"},
      {"event.amended_no_address", "commune_code"},
      {"event.founded_requires_name", "name"},
      {"event.name_empty", "name"},
      {"event.founded_requires_field", "field"},
      {"kind.qtdnd_credit", "field"},
      {"event.decision_future", "decision_date"},
      {"event.ground_", "ground"},
      {"event.related_", "successor_code"},
      {"charter_capital.", "charter_capital"},
      {"figures.year_", "year"},
      {"figures.member_parts", "members"},
      {"figures.worker_parts", "workers"},
      {"figures.revenue_parts", "revenue_from_members"},
      {"figures.rating_scheme", "rating_scheme"},
      {"member.member_no", "member_no"},
      {"member.duplicate_row", "member_no"},
      {"member.name", "name"},
      {"member.joined", "joined_on"},
      {"member.left", "left_on"},
      {"member.reason", "left_reason"},
      {"member.cooperative", "member_type"},
      {"member.capital_before", "capital_date"},
      {"member.capital_future", "capital_date"},
      {"member.certificate", "capital_certificate_date"},
      {"member.", "capital"},
      {"capital.", "capital"},
  };
  for (const ByRule& r : kByRule) {
    if (rule.starts_with(r.prefix)) return std::string(r.column);
  }
  if (rule == "event.future" || rule.starts_with("event.recorded")) return std::string(date_column);
  if (rule.starts_with("lifecycle.") || rule.starts_with("event.")) {
    return kind == RecordKind::kOrganisations ? std::string(date_column) : "event_type";
  }
  if (e.field == "unit_code") return "commune_code";
  if (e.field == "effective_date") return std::string(date_column);
  if (e.field == "type") return "event_type";
  if (e.field == "related") return "successor_code";
  if (rule.ends_with(".non_negative")) return std::string(rule.substr(0, rule.find('.')));
  return e.field;
}

// Turns a registry error about the record on `row` into a RowError naming the file's column and
// the cell as written in the file.
RowError FromRegistry(Error e, const exchange::SheetRow& row, const exchange::HeaderMatch& header,
                      RecordKind kind) {
  const std::string column = ColumnOf(e, kind);
  const auto columns = exchange::Columns(kind);
  RowError out{row.line, column, std::move(e.value), std::move(e.message), std::move(e.rule)};
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].name != column) continue;
    out.column = header.header_text[c];
    if (header.at[c] && *header.at[c] < row.cells.size() && !row.cells[*header.at[c]].empty()) {
      out.value = row.cells[*header.at[c]];
    }
    break;
  }
  if (out.rule.empty()) out.rule = std::string("registry.") + ErrorCodeName(e.code);
  return out;
}

NewEvent ToNewEvent(exchange::EventRecord&& r) {
  NewEvent e;
  e.type = r.type;
  e.effective_date = r.effective_date;
  e.basis = std::move(r.basis);
  e.ground = r.ground;
  e.changes = std::move(r.changes);
  e.related_codes = std::move(r.related_codes);
  e.note = std::move(r.note);
  return e;
}

const exchange::SheetRow& RowOnLine(const exchange::Sheet& sheet, size_t begin, size_t end,
                                    size_t line) {
  auto first = sheet.rows.begin() + static_cast<std::ptrdiff_t>(begin);
  auto last = sheet.rows.begin() + static_cast<std::ptrdiff_t>(end);
  auto it = std::lower_bound(first, last, line,
                             [](const exchange::SheetRow& row, size_t l) { return row.line < l; });
  if (it != last && it->line == line) return *it;
  return *std::find_if(first, last,
                       [&](const exchange::SheetRow& row) { return row.line == line; });
}

// Streams the sheet's data rows through the registry, batch by batch, in one transaction, and
// fills the report. `parse(range)` gives the records of a batch, `convert(record)` the registry's
// command, `add(bulk, items)` checks and writes them. The next batch is parsed on a second thread
// while the registry checks and writes this one (parse and convert touch only the sheet; calls to
// parse stay in order, one at a time).
template <typename Item, typename Parse, typename Convert, typename Add>
Result<ImportReport> Run(Registry& registry, const Actor& actor, const exchange::Sheet& sheet,
                         const exchange::HeaderMatch& header, ImportReport report,
                         const ImportOptions& options, Parse parse, Convert convert, Add add) {
  const size_t batch_rows = std::max<size_t>(options.batch_rows, 1);
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<BulkImport> bulk, registry.BeginImport(actor));
  std::vector<RowError>& errors = report.errors;
  struct Batch {
    size_t begin = 0, end = 0, rows_read = 0;
    std::vector<RowError> errors;
    std::vector<Item> items;
    std::vector<size_t> line_of;
  };
  auto prepare = [&](size_t begin) {
    Batch b;
    b.begin = begin;
    b.end = std::min(begin + batch_rows, sheet.rows.size());
    auto parsed = parse(exchange::RowRange{b.begin, b.end});
    b.rows_read = parsed.rows_read;
    b.errors = std::move(parsed.errors);
    b.items.reserve(parsed.records.size());
    b.line_of.reserve(parsed.records.size());
    for (auto& r : parsed.records) {
      b.line_of.push_back(r.line);
      b.items.push_back(convert(r));
    }
    return b;
  };
  std::future<Batch> next;
  if (header.first_data_row < sheet.rows.size()) {
    next = std::async(std::launch::async, prepare, header.first_data_row);
  }
  while (next.valid()) {
    Batch batch = next.get();
    if (batch.end < sheet.rows.size()) next = std::async(std::launch::async, prepare, batch.end);
    const size_t begin = batch.begin;
    const size_t end = batch.end;
    report.rows_read += batch.rows_read;
    errors.insert(errors.end(), std::make_move_iterator(batch.errors.begin()),
                  std::make_move_iterator(batch.errors.end()));
    const std::vector<Item>& items = batch.items;
    // A failing `add` returns here; `next`'s destructor waits for the batch being parsed.
    HOPTAC_ASSIGN_OR_RETURN(BulkResult result, add(*bulk, std::span<const Item>(items)));
    std::vector<bool> failed(items.size(), false);
    for (auto& [index, error] : result.failures) {
      failed[index] = true;
      errors.push_back(FromRegistry(std::move(error),
                                    RowOnLine(sheet, begin, end, batch.line_of[index]), header,
                                    report.kind));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (failed[i]) continue;
      if (result.outcomes[i] == ItemOutcome::kUnchanged) {
        ++report.unchanged;
      } else {
        ++report.created;
      }
    }
    if (options.progress) {
      options.progress(end - header.first_data_row, sheet.rows.size() - header.first_data_row);
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(report.written, bulk->Finish(!options.dry_run && errors.empty()));
  std::stable_sort(errors.begin(), errors.end(),
                   [](const RowError& a, const RowError& b) { return a.line < b.line; });
  size_t last_line = 0;
  for (const RowError& e : errors) {
    if (e.line != 0 && e.line != last_line) ++report.rows_with_errors;
    last_line = e.line;
  }
  return report;
}

// Two rows of one file for the same organisation and year would be two revisions recorded at the
// same instant: refused, naming both lines. `first_line` carries over from batch to batch.
void CheckDuplicateYears(exchange::Parsed<exchange::FiguresRecord>& parsed,
                         const exchange::HeaderMatch& header,
                         std::unordered_map<std::string, size_t>& first_line) {
  std::vector<exchange::FiguresRecord> kept;
  kept.reserve(parsed.records.size());
  std::string key;
  for (exchange::FiguresRecord& r : parsed.records) {
    // The code and the year's two bytes: short enough to need no allocation of its own.
    key.assign(r.registry_code);
    key.push_back(static_cast<char>(r.figures.year >> 8));
    key.push_back(static_cast<char>(r.figures.year & 0xFF));
    auto [it, fresh] = first_line.try_emplace(key, r.line);
    if (fresh) {
      kept.push_back(std::move(r));
      continue;
    }
    std::string message = "line ";
    message.append(std::to_string(it->second))
        .append(" already has figures of this organisation for this year");
    parsed.errors.push_back({r.line, header.header_text[1], std::to_string(r.figures.year),
                             std::move(message), "figures.duplicate_row"});
  }
  parsed.records = std::move(kept);
}

}  // namespace

std::string_view AcceptedImportFormats() { return ".csv, .tsv, .txt (CSV), .xlsx and .json"; }

Result<ImportReport> ImportFile(Registry& registry, std::string_view file_name,
                                std::string_view bytes, const ImportOptions& options,
                                const Actor& actor) {
  ImportReport report;
  report.kind = options.kind;
  report.dry_run = options.dry_run;
  const size_t dot = file_name.rfind('.');
  const std::string ext = dot == std::string_view::npos ? "" : Lower(file_name.substr(dot));
  if (ext == ".xlsx") {
    auto xlsx = exchange::ReadXlsx(bytes, exchange::XlsxOptions{options.sheet});
    if (!xlsx.ok()) {
      Error e = xlsx.take_error();
      report.errors.push_back({0, "", std::move(e.value), std::move(e.message), std::move(e.rule)});
      return report;
    }
    auto result = ImportSheet(registry, *xlsx, options, actor);
    if (result.ok()) result->encoding = "XLSX";
    return result;
  }
  if (ext == ".json") {
    auto json = exchange::ReadJsonRecords(bytes, options.kind);
    if (!json.ok()) {
      Error e = json.take_error();
      report.errors.push_back({0, "", std::move(e.value), std::move(e.message), std::move(e.rule)});
      return report;
    }
    auto result = ImportSheet(registry, *json, options, actor);
    if (result.ok()) result->encoding = "JSON";
    return result;
  }
  if (ext != ".csv" && ext != ".tsv" && ext != ".txt") {
    std::string message = "hoptac reads ";
    message.append(AcceptedImportFormats()).append(" files; save the sheet as one of these");
    report.errors.push_back({0, "", std::string(file_name), std::move(message), "file.format"});
    return report;
  }
  auto csv = exchange::ReadCsv(bytes, exchange::CsvOptions{std::string(file_name)});
  if (!csv.ok()) {
    Error e = csv.take_error();
    report.errors.push_back({0, "", std::move(e.value), std::move(e.message), std::move(e.rule)});
    return report;
  }
  auto result = ImportSheet(registry, csv->sheet, options, actor);
  if (result.ok()) result->encoding = exchange::EncodingName(csv->encoding);
  return result;
}

Result<ImportReport> ImportSheet(Registry& registry, const exchange::Sheet& sheet,
                                 const ImportOptions& options, const Actor& actor) {
  ImportReport report;
  report.kind = options.kind;
  report.dry_run = options.dry_run;
  exchange::ColumnMap map;
  if (!options.map_csv.empty()) {
    auto map_sheet = exchange::ReadCsv(options.map_csv, exchange::CsvOptions{"map"});
    if (!map_sheet.ok()) {
      Error e = map_sheet.take_error();
      report.errors.push_back({0, "--map", std::move(e.value), std::move(e.message), e.rule});
      return report;
    }
    auto parsed_map = exchange::ParseColumnMap(map_sheet->sheet, options.kind);
    if (!parsed_map.ok()) {
      Error e = parsed_map.take_error();
      report.errors.push_back({0, "--map", std::move(e.value), std::move(e.message), e.rule});
      return report;
    }
    map = std::move(parsed_map).value();
  }
  const exchange::HeaderMatch header =
      exchange::MatchHeader(options.kind, sheet, options.header_row, map, report.errors);
  if (header.first_data_row > 0) {
    const auto columns = exchange::Columns(options.kind);
    const exchange::SheetRow& row = sheet.rows[header.first_data_row - 1];
    for (size_t cell = 0; cell < row.cells.size(); ++cell) {
      if (row.cells[cell].empty()) continue;
      std::string column;
      for (size_t c = 0; c < header.at.size(); ++c) {
        if (header.at[c] == cell) column = std::string(columns[c].name);
      }
      if (column.empty()) {
        const std::string key = exchange::HeaderKey(row.cells[cell]);
        bool ignored = key == "stt";
        for (const auto& [from, to] : map.entries) {
          if (from == key) ignored = to == "-";
        }
        if (ignored) column = "-";
      }
      report.header.push_back({row.cells[cell], std::move(column)});
    }
  }
  if (!report.errors.empty()) {
    report.rows_read = sheet.rows.size() > header.first_data_row && header.first_data_row > 0
                           ? sheet.rows.size() - header.first_data_row
                           : 0;
    return report;
  }
  switch (options.kind) {
    case RecordKind::kOrganisations:
      return Run<NewOrganisation>(
          registry, actor, sheet, header, std::move(report), options,
          [&](exchange::RowRange range) {
            return exchange::ParseOrganisations(sheet, header, range);
          },
          [](exchange::OrganisationRecord& r) {
            NewEvent founding;
            founding.type = domain::EventType::kFounded;
            founding.effective_date = r.founded_on;
            founding.basis = std::move(r.basis);
            founding.changes = std::move(r.changes);
            founding.note = std::move(r.note);
            return NewOrganisation{r.kind, *r.code, std::move(founding)};
          },
          [](BulkImport& bulk, std::span<const NewOrganisation> items) {
            return bulk.AddOrganisations(items);
          });
    case RecordKind::kEvents:
      return Run<CodedEvent>(
          registry, actor, sheet, header, std::move(report), options,
          [&](exchange::RowRange range) { return exchange::ParseEvents(sheet, header, range); },
          [](exchange::EventRecord& r) {
            return CodedEvent{std::move(r.registry_code), ToNewEvent(std::move(r))};
          },
          [](BulkImport& bulk, std::span<const CodedEvent> items) {
            return bulk.AddEvents(items);
          });
    case RecordKind::kFigures: {
      std::unordered_map<std::string, size_t> first_line;
      first_line.reserve(sheet.rows.size());
      return Run<CodedFigures>(
          registry, actor, sheet, header, std::move(report), options,
          [&](exchange::RowRange range) {
            auto parsed = exchange::ParseFigures(sheet, header, range);
            CheckDuplicateYears(parsed, header, first_line);
            return parsed;
          },
          [](exchange::FiguresRecord& r) {
            return CodedFigures{std::move(r.registry_code), std::move(r.figures)};
          },
          [](BulkImport& bulk, std::span<const CodedFigures> items) {
            return bulk.AddFigures(items);
          });
    }
    case RecordKind::kMembers:
      return Run<CodedMember>(
          registry, actor, sheet, header, std::move(report), options,
          [&](exchange::RowRange range) { return exchange::ParseMembers(sheet, header, range); },
          [](exchange::MemberRecord& r) {
            return CodedMember{std::move(r.registry_code), std::move(r.member)};
          },
          [](BulkImport& bulk, std::span<const CodedMember> items) {
            return bulk.AddMembers(items);
          });
  }
  return Error::Internal("unknown record kind");
}

std::string ErrorsCsv(const ImportReport& report) {
  std::string out(exchange::kUtf8Bom);
  const std::vector<std::string> head = {"line", "column", "value", "message", "rule"};
  exchange::AppendCsvRow(out, head);
  for (const RowError& e : report.errors) {
    const std::vector<std::string> row = {std::to_string(e.line), e.column, e.value, e.message,
                                          e.rule};
    exchange::AppendCsvRow(out, row);
  }
  return out;
}

}  // namespace hoptac::app
