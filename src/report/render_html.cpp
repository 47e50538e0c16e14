// RenderHtml: a standalone page to read in a browser and print (A4 landscape, the table heading
// repeated on every page). No scripts and no external resources.
#include <string>
#include <string_view>

#include "report/cell_format.hpp"
#include "report/html_text.hpp"
#include "report/render.hpp"

namespace hoptac::report {
namespace {

constexpr std::string_view kStyle = R"(<style>
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 11pt; color: #111; margin: 1.5em; }
h1 { font-size: 16pt; margin: 0 0 .6em; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; }
h3 { font-size: 11pt; margin: 1em 0 .3em; }
dl.parameters { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; margin: 0 0 1em; }
dl.parameters dt { font-weight: bold; }
dl.parameters dd { margin: 0; }
table { border-collapse: collapse; margin: 0 0 1em; }
th, td { border: 1px solid #999; padding: .2em .5em; vertical-align: top; }
thead th { background: #eee; text-align: center; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; border-top: 2px solid #333; }
.notes { font-size: 10pt; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
</style>
)";

void AppendCells(const Table& t, std::string& out, std::string_view tag, bool totals,
                 const Row* row) {
  out.append("<tr>");
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const ColumnType type = t.columns[i].type;
    const Cell cell = totals ? TotalsCell(t, i) : CellAt(*row, i);
    AppendElement(out, tag, ForPeople(cell, type), IsNumeric(type) ? "num" : "");
  }
  out.append("</tr>\n");
}

void AppendTable(const Table& t, std::string& out) {
  out.append("<table class=\"report\">\n<thead>\n<tr>");
  for (const Column& c : t.columns)
    AppendElement(out, "th", c.label, IsNumeric(c.type) ? "num" : "");
  out.append("</tr>\n</thead>\n<tbody>\n");
  for (const Row& row : t.rows) AppendCells(t, out, "td", false, &row);
  out.append("</tbody>\n");
  if (t.totals) {
    out.append("<tfoot>\n");
    AppendCells(t, out, "td", true, nullptr);
    out.append("</tfoot>\n");
  }
  out.append("</table>\n");
}

void AppendDetail(const Table& t, std::string& out) {
  out.append("<section class=\"detail\">\n");
  AppendElement(out, "h2", WordsOf(t).detail_title);
  out.push_back('\n');
  const ColumnType first = t.columns.empty() ? ColumnType::kText : t.columns[0].type;
  for (const Row& row : t.rows) {
    if (row.detail.empty()) continue;
    std::string heading = ForPeople(CellAt(row, 0), first);
    heading.append(" (");
    heading.append(GroupedInteger(static_cast<int64_t>(row.detail.size())));
    heading.push_back(')');
    AppendElement(out, "h3", heading);
    out.append("\n<table class=\"detail\">\n<thead>\n<tr>");
    for (std::string_view h : WordsOf(t).detail_headings) AppendElement(out, "th", h);
    out.append("</tr>\n</thead>\n<tbody>\n");
    for (const DetailItem& item : row.detail) {
      out.append("<tr>");
      for (const std::string& field : DetailFields(t, item)) AppendElement(out, "td", field);
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }
  out.append("</section>\n");
}

}  // namespace

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      case '\r':
        break;
      case '\n':
        out.append("<br>");
        break;
      default:
        out.push_back(c);
    }
  }
}

void AppendElement(std::string& out, std::string_view tag, std::string_view text,
                   std::string_view css_class) {
  out.push_back('<');
  out.append(tag);
  if (!css_class.empty()) {
    out.append(" class=\"");
    out.append(css_class);
    out.push_back('"');
  }
  out.push_back('>');
  AppendEscaped(out, text);
  out.append("</");
  out.append(tag);
  out.push_back('>');
}

std::string RenderHtml(const Table& t) {
  std::string out = "<!doctype html>\n<html lang=\"";
  out.append(t.english ? "en" : "vi");
  out.append(
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  AppendElement(out, "title", t.title);
  out.push_back('\n');
  out.append(kStyle);
  out.append("</head>\n<body>\n");
  AppendElement(out, "h1", t.title);
  out.push_back('\n');
  if (!t.parameters.empty()) {
    out.append("<dl class=\"parameters\">\n");
    for (const Parameter& p : t.parameters) {
      AppendElement(out, "dt", p.label);
      AppendElement(out, "dd", p.value);
      out.push_back('\n');
    }
    out.append("</dl>\n");
  }
  AppendTable(t, out);
  if (!t.notes.empty()) {
    out.append("<section class=\"notes\">\n");
    AppendElement(out, "h2", WordsOf(t).notes);
    out.append("\n<ul>\n");
    for (const std::string& note : t.notes) {
      AppendElement(out, "li", note);
      out.push_back('\n');
    }
    out.append("</ul>\n</section>\n");
  }
  if (HasDetail(t)) AppendDetail(t, out);
  out.append("</body>\n</html>\n");
  return out;
}

}  // namespace hoptac::report
