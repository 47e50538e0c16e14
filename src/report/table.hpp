#pragma once
// Table: what every report produces and every renderer consumes. A title, the parameters it was
// run with (printed above the table), typed columns with Vietnamese headings, rows of cells, an
// optional totals row, and for each row the organisations behind its numbers (the drill-down),
// each naming the columns it is counted in.
//
// Cells hold either text or a number; numbers carry their kind so that renderers format them
// (counts and VND as 1.234.567 / `#,##0`, percentages with one decimal). A missing number (no data)
// is `std::nullopt` and renders empty.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hoptac::report {

enum class ColumnType {
  kText,
  kCount,    // whole number
  kMoney,    // whole VND
  kPercent,  // value in percent, e.g. 39.8
  kDate,     // text "YYYY-MM-DD", rendered dd/mm/yyyy for people
};

struct Column {
  std::string id;     // stable machine name: "converted"
  std::string label;  // Vietnamese heading: "Đã chuyển đổi"
  ColumnType type = ColumnType::kText;
};

// Text, or a number (integers for counts and money, doubles for percentages).
using Cell = std::variant<std::monostate, std::string, int64_t, double>;

// An organisation behind a row: enough to find it and to read the list.
struct DetailItem {
  std::string registry_code;
  std::string name;
  std::string unit_name;  // the grouping unit's name (or the commune)
  std::string status;     // Vietnamese label
  std::string note;       // why it is in this row (e.g. the inactive report's reasons)
  // The ids of the row's columns whose numbers count it (the cells a click lists it under): a
  // conversion row's "required" and "converted", say. Empty: the row as a whole.
  std::vector<std::string> columns;
};

struct Row {
  std::vector<Cell> cells;         // one per column
  std::vector<DetailItem> detail;  // filled only when the report runs with detail
};

struct Parameter {
  std::string label;  // Vietnamese: "Tính đến ngày"
  std::string value;  // "31/12/2016"
};

struct Table {
  std::string report_id;  // "conversion-2012"
  std::string title;      // Vietnamese title
  std::vector<Parameter> parameters;
  std::vector<Column> columns;
  std::vector<Row> rows;
  std::optional<Row> totals;
  std::vector<std::string> notes;  // footnotes: rules applied, e.g. how split communes are counted
  bool english = false;  // title, headings and the renderers' own words in English (lang=en)
};

}  // namespace hoptac::report
