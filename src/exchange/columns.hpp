#pragma once
// The columns of the interchange format (docs/formats.md) and the matching of a file's header
// row to them.
//
// A header cell matches a column when its key equals the key of the column's canonical name or of
// one of its Vietnamese headers; the key is the text folded (case, diacritics and đ ignored) with
// everything but letters and digits removed, so "Mã số HTX", "MA SO HTX" and "ma_so_htx" are one
// header. A trailing currency unit ("(đồng)", "VNĐ") is ignored; other units are not.
// A column map (--map) names, for a file header, the canonical column it holds, or "-" to ignore
// it on purpose. A column named "STT" (row number) is ignored. Every other header that matches
// nothing is an error, as are two headers for one column and a missing required column: nothing
// in a file is dropped silently.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "exchange/sheet.hpp"

namespace hoptac::exchange {

enum class RecordKind { kOrganisations, kEvents, kFigures, kMembers };
const char* Id(RecordKind kind);  // "organisations", "events", "figures", "members"
Result<RecordKind> ParseRecordKind(std::string_view text);

// What a column holds, for the writers that type their cells (XLSX numbers and dates, JSON
// numbers, arrays and booleans). The text form (CSV) is the same for every type.
enum class ValueType {
  kText,    // any text, codes included (kept as text: leading zeros matter)
  kDate,    // YYYY-MM-DD
  kNumber,  // a whole number: counts, years, amounts of đồng (profit may be negative)
  kList,    // items joined by "; "
  kFlag,    // "1" or empty
};

struct ColumnSpec {
  std::string_view name;  // canonical, as exported
  bool required = false;
  std::span<const std::string_view> headers;  // Vietnamese headers accepted
  ValueType type = ValueType::kText;
  bool clearable = false;  // an events cell may hold kClearMarker
};

// The cell that clears a field in an events file (docs/formats.md, decision 0011): the field is
// set to nothing, where an empty cell leaves it as it was. Only columns marked `clearable`.
inline constexpr std::string_view kClearMarker = "(xóa)";
// True for the marker in any case, with or without diacritics: "(xóa)", "(XOÁ)", "(xoa)", and
// "(clear)".
bool IsClearMarker(std::string_view cell);

// The columns of a kind, in export order.
std::span<const ColumnSpec> Columns(RecordKind kind);

// A problem found in a file, named by row and column as the user sees them.
struct RowError {
  size_t line = 0;     // the row's line in the file (0: the file as a whole)
  std::string column;  // the file's header text (or the canonical name when it has no column)
  std::string value;
  std::string message;
  std::string rule;
};

// The key a header is compared by: folded, letters and digits only.
std::string HeaderKey(std::string_view header);

// --map: file header -> canonical column, or "-" to ignore the column.
struct ColumnMap {
  std::vector<std::pair<std::string, std::string>> entries;  // (HeaderKey of header, target)
};
// Reads a two-column sheet: a file header, then the canonical name it holds or "-". A first row
// whose second cell is "column" or "canonical" is a title and skipped. kInvalid naming the line
// for a row without two cells or naming no column of `kind`.
Result<ColumnMap> ParseColumnMap(const Sheet& sheet, RecordKind kind);

// Where each canonical column is in the file.
struct HeaderMatch {
  size_t header_line = 0;
  size_t first_data_row = 0;              // index into Sheet::rows
  std::vector<std::optional<size_t>> at;  // per Columns(kind): cell index
  std::vector<std::string> header_text;   // per Columns(kind): the file's header, or the name
};

// Matches the header row: the first row of the sheet, or the row on line `header_line` (the
// line number as the reader counts it). Errors (header line, column, value = the header text):
// no such row, unknown, duplicate and missing required columns; all are appended to `errors`.
HeaderMatch MatchHeader(RecordKind kind, const Sheet& sheet, std::optional<size_t> header_line,
                        const ColumnMap& map, std::vector<RowError>& errors);

}  // namespace hoptac::exchange
