#include <string>
#include <string_view>

#include "report/cell_format.hpp"
#include "report/document.hpp"
#include "report/html_text.hpp"
#include "report/render.hpp"

namespace hoptac::report {
namespace {

constexpr std::string_view kStyle = R"(<style>
body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 13pt; color: #000; margin: 2em auto; max-width: 60em; line-height: 1.4; }
table.heading { width: 100%; border: none; margin-bottom: 1em; }
table.heading td { border: none; text-align: center; vertical-align: top; width: 50%; padding: 0; }
.issuer-parent { text-transform: uppercase; }
.issuer, .motto { font-weight: bold; text-transform: uppercase; }
.motto-line { font-weight: bold; text-decoration: underline; }
.place-date { font-style: italic; text-align: right; margin: .5em 0 1.5em; }
h1 { text-align: center; font-size: 15pt; margin: 0; }
.subtitle { text-align: center; font-weight: bold; margin: .2em 0 1.5em; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; text-transform: uppercase; }
h3 { font-size: 13pt; margin: 1em 0 .3em; }
p { text-align: justify; text-indent: 2em; margin: .3em 0; }
.caption { font-style: italic; text-indent: 0; margin-top: .8em; }
table.data { border-collapse: collapse; margin: .3em 0 1em; font-size: 11pt; width: 100%; }
table.data th, table.data td { border: 1px solid #000; padding: .15em .4em; vertical-align: top; }
table.data thead th { text-align: center; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
table.data tfoot td { font-weight: bold; }
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 12pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .no-print { display: none; }
}
</style>
)";

void Cells(const Table& t, std::string& out, bool totals, const Row* row) {
  out.append("<tr>");
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const ColumnType type = t.columns[i].type;
    const Cell cell = totals ? TotalsCell(t, i) : CellAt(*row, i);
    AppendElement(out, "td", ForPeople(cell, type), IsNumeric(type) ? "num" : "");
  }
  out.append("</tr>\n");
}

void HtmlTable(const Table& t, std::string& out) {
  out.append("<table class=\"data\">\n<thead><tr>");
  for (const Column& c : t.columns)
    AppendElement(out, "th", c.label, IsNumeric(c.type) ? "num" : "");
  out.append("</tr></thead>\n<tbody>\n");
  for (const Row& row : t.rows) Cells(t, out, false, &row);
  out.append("</tbody>\n");
  if (t.totals) {
    out.append("<tfoot>\n");
    Cells(t, out, true, nullptr);
    out.append("</tfoot>\n");
  }
  out.append("</table>\n");
}

std::string SectionTitle(const DocumentSection& s) {
  std::string out = s.number;
  if (!out.empty()) out.append(". ");
  out.append(s.heading);
  return out;
}

}  // namespace

std::string RenderDocumentHtml(const Document& d) {
  std::string out =
      "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  AppendElement(out, "title", d.title + " " + d.subtitle);
  out.append("\n").append(kStyle).append("</head>\n<body>\n");
  out.append("<table class=\"heading\"><tr><td>");
  AppendElement(out, "div", d.issuer_parent, "issuer-parent");
  AppendElement(out, "div", d.issuer, "issuer");
  out.append("</td><td>");
  AppendElement(out, "div", "Cộng hòa xã hội chủ nghĩa Việt Nam", "motto");
  AppendElement(out, "div", "Độc lập - Tự do - Hạnh phúc", "motto-line");
  out.append("</td></tr></table>\n");
  AppendElement(out, "div", d.place_date, "place-date");
  out.append("\n");
  AppendElement(out, "h1", d.title);
  out.append("\n");
  AppendElement(out, "div", d.subtitle, "subtitle");
  out.append("\n");
  for (const DocumentSection& s : d.sections) {
    out.append("<section>\n");
    AppendElement(out, s.level <= 1 ? "h2" : "h3", SectionTitle(s));
    out.append("\n");
    for (const std::string& p : s.paragraphs) {
      AppendElement(out, "p", p);
      out.append("\n");
    }
    for (const DocumentTable& t : s.tables) {
      AppendElement(out, "p", t.caption, "caption");
      out.append("\n");
      HtmlTable(t.table, out);
    }
    out.append("</section>\n");
  }
  out.append("</body>\n</html>\n");
  return out;
}

std::string RenderDocumentText(const Document& d) {
  std::string out;
  out.append(d.issuer_parent).append("\n").append(d.issuer).append("\n");
  out.append(d.place_date).append("\n\n");
  out.append(d.title).append("\n").append(d.subtitle).append("\n");
  for (const DocumentSection& s : d.sections) {
    out.append("\n").append(SectionTitle(s)).append("\n");
    for (const std::string& p : s.paragraphs) out.append("  ").append(p).append("\n");
    for (const DocumentTable& t : s.tables) {
      out.append("\n").append(t.caption).append("\n");
      Table bare = t.table;
      bare.title.clear();
      bare.parameters.clear();
      out.append(RenderText(bare));
    }
  }
  return out;
}

Result<std::string> RenderDocumentXlsx(const Document& d) {
  std::vector<NamedTable> sheets;
  NamedTable text;
  text.sheet = "Báo cáo";
  text.table.title = d.title + " " + d.subtitle;
  text.table.parameters = {{d.issuer_parent, d.issuer}, {"Ngày", d.place_date}};
  text.table.columns = {{"section", "Mục", ColumnType::kText},
                        {"content", "Nội dung", ColumnType::kText}};
  for (const DocumentSection& s : d.sections) {
    text.table.rows.push_back({{s.number, s.heading}, {}});
    for (const std::string& p : s.paragraphs) text.table.rows.push_back({{std::string(), p}, {}});
    for (const DocumentTable& t : s.tables) {
      text.table.rows.push_back(
          {{std::string(), t.caption + " (trang tính \"" + t.sheet + "\")"}, {}});
    }
  }
  sheets.push_back(std::move(text));
  for (const DocumentSection& s : d.sections) {
    for (const DocumentTable& t : s.tables) {
      NamedTable n{t.sheet, t.table};
      if (n.table.title.empty()) n.table.title = t.caption;
      sheets.push_back(std::move(n));
    }
  }
  return RenderXlsxBook(sheets, d.title + " " + d.subtitle);
}

}  // namespace hoptac::report
