// libFuzzer target for the CSV reader, the header matcher and the row parsers: any bytes must give
// a Sheet or an Error — no crash, no undefined behaviour, no read out of bounds — and every cell
// of a Sheet must be valid UTF-8 (never broken bytes).
//
//   scripts/fuzz csv_fuzz --seconds 60

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/text.hpp"
#include "exchange/columns.hpp"
#include "exchange/csv_reader.hpp"
#include "exchange/rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoptac::exchange;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CsvOptions options;
  options.max_rows = 10'000;
  options.max_cell_bytes = 4096;
  auto csv = ReadCsv(bytes, options);
  if (!csv.ok()) return 0;
  for (const SheetRow& row : csv->sheet.rows) {
    for (const std::string& cell : row.cells) {
      if (!hoptac::text::IsValidUtf8(cell)) std::abort();
    }
  }
  for (RecordKind kind : {RecordKind::kOrganisations, RecordKind::kEvents, RecordKind::kFigures,
                          RecordKind::kMembers}) {
    std::vector<RowError> errors;
    const HeaderMatch header = MatchHeader(kind, csv->sheet, std::nullopt, ColumnMap{}, errors);
    if (!errors.empty()) continue;
    switch (kind) {
      case RecordKind::kOrganisations:
        ParseOrganisations(csv->sheet, header);
        break;
      case RecordKind::kEvents:
        ParseEvents(csv->sheet, header);
        break;
      case RecordKind::kFigures:
        ParseFigures(csv->sheet, header);
        break;
      case RecordKind::kMembers:
        ParseMembers(csv->sheet, header);
        break;
    }
  }
  return 0;
}
