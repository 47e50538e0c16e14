#pragma once
// Renderers: a report Table as JSON, CSV, XLSX or printable HTML. Each returns the bytes of the
// whole document; none does I/O.

#include <string>
#include <vector>

#include "base/result.hpp"
#include "report/table.hpp"

namespace hoptac::report {

enum class OutputFormat { kTable, kJson, kCsv, kXlsx, kHtml };

// "table", "json", "csv", "xlsx", "html"; kInvalid otherwise (naming `field`).
Result<OutputFormat> ParseOutputFormat(std::string_view s, std::string_view field = "format");
const char* MimeType(OutputFormat f);
const char* FileExtension(OutputFormat f);

// Aligned plain text for a terminal: parameters, the table, the totals, the notes, and with
// detail the organisations under each row.
std::string RenderText(const Table& t);
// {"report", "title", "parameters": [{label, value}], "columns": [{id, label, type}],
//  "rows": [{"cells": {...by column id...}, "detail": [...]}], "totals": {...}, "notes": [...]}
std::string RenderJson(const Table& t);
// UTF-8 with a BOM so Excel opens it; a header line of column labels; CRLF line ends; RFC 4180
// quoting; numbers unformatted (1234567, 39.8) so they stay numbers in Excel. Detail, when
// present, follows as a second section after a blank line.
std::string RenderCsv(const Table& t);
// A workbook: sheet "Báo cáo" with the title, the parameters above the table, bold frozen header,
// autofilter, `#,##0` for counts and money, `0.0` for percentages, sensible column widths; the
// totals row in bold; a second sheet "Danh sách" with the detail when present.
Result<std::string> RenderXlsx(const Table& t);
// A standalone printable HTML page (lang="vi", inline CSS, A4 landscape print rules).
std::string RenderHtml(const Table& t);

Result<std::string> Render(const Table& t, OutputFormat f);

// A workbook of several tables, one sheet each (laid out as RenderXlsx's report sheet), in order;
// `title` goes to the document properties. Sheet names are cut to Excel's 31 characters.
struct NamedTable {
  std::string sheet;
  Table table;
};
Result<std::string> RenderXlsxBook(const std::vector<NamedTable>& sheets, const std::string& title);

}  // namespace hoptac::report
