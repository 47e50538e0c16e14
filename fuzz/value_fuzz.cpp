// libFuzzer target for the value parsers: the cells of a row, typed by the row parsers of the three
// kinds (dates, amounts, counts, years, registry codes, kinds, fields, event types, grounds,
// ratings, flags, lists, the clear marker), the domain's parsers on their own, and, when the input
// looks like JSON, the JSON records reader. No input may crash or hit undefined behaviour; a
// record's text must be valid UTF-8.
//
// The input is split at NUL bytes into cells; column c of each kind gets cell c modulo their
// number, so every parser sees every cell in turn as the corpus grows.
//
//   scripts/fuzz value_fuzz --seconds 60

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/text.hpp"
#include "domain/money.hpp"
#include "domain/registry_code.hpp"
#include "exchange/columns.hpp"
#include "exchange/json_reader.hpp"
#include "exchange/rows.hpp"

namespace {

using namespace hoptac::exchange;

void CheckText(const std::string& s) {
  if (!s.empty() && !hoptac::text::IsValidUtf8(s)) std::abort();
}

void ParseKind(RecordKind kind, const Sheet& sheet, const HeaderMatch& header) {
  switch (kind) {
    case RecordKind::kOrganisations:
      for (const auto& r : ParseOrganisations(sheet, header).records) {
        if (r.changes.name) CheckText(*r.changes.name);
      }
      break;
    case RecordKind::kEvents:
      for (const auto& r : ParseEvents(sheet, header).records) CheckText(r.note);
      break;
    case RecordKind::kFigures:
      for (const auto& r : ParseFigures(sheet, header).records) CheckText(r.figures.source);
      break;
    case RecordKind::kMembers:
      for (const auto& r : ParseMembers(sheet, header).records) CheckText(r.member.name);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> cells;
  size_t start = 0;
  while (start <= bytes.size() && cells.size() < 64) {
    const size_t nul = std::min(bytes.find('\0', start), bytes.size());
    cells.emplace_back(bytes.substr(start, nul - start));
    start = nul + 1;
  }
  for (const std::string& cell : cells) {
    (void)hoptac::Date::Parse(cell);
    (void)hoptac::domain::Money::Parse(cell, "amount", false);
    (void)hoptac::domain::RegistryCode::Parse(cell);
    (void)hoptac::domain::RegistryCode::Parse(cell, true);
    (void)HeaderKey(cell);
    (void)IsClearMarker(cell);
  }
  for (RecordKind kind : {RecordKind::kOrganisations, RecordKind::kEvents, RecordKind::kFigures,
                          RecordKind::kMembers}) {
    Sheet sheet;
    SheetRow header{1, {}};
    SheetRow row{2, {}};
    size_t c = 0;
    for (const ColumnSpec& column : Columns(kind)) {
      header.cells.emplace_back(column.name);
      // Cells come from the reader as valid UTF-8; others would be refused before parsing.
      const std::string& cell = cells[c++ % cells.size()];
      row.cells.push_back(hoptac::text::IsValidUtf8(cell) ? cell : std::string());
    }
    sheet.rows = {std::move(header), std::move(row)};
    // The header is the canonical one: matched by position, not by the (slow) header matcher.
    HeaderMatch match;
    match.header_line = 1;
    match.first_data_row = 1;
    for (size_t i = 0; i < Columns(kind).size(); ++i) {
      match.at.emplace_back(i);
      match.header_text.emplace_back(Columns(kind)[i].name);
    }
    ParseKind(kind, sheet, match);
  }
  if (!bytes.empty() && (bytes.front() == '{' || bytes.front() == '[')) {
    for (RecordKind kind : {RecordKind::kOrganisations, RecordKind::kEvents, RecordKind::kFigures,
                            RecordKind::kMembers}) {
      auto sheet = ReadJsonRecords(bytes, kind, 10'000);
      if (!sheet.ok()) continue;
      for (const SheetRow& row : sheet->rows) {
        for (const std::string& cell : row.cells) CheckText(cell);
      }
      std::vector<RowError> errors;
      const HeaderMatch match = MatchHeader(kind, *sheet, std::nullopt, ColumnMap{}, errors);
      if (errors.empty()) ParseKind(kind, *sheet, match);
    }
  }
  return 0;
}
