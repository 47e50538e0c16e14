// RenderCsv: the report for spreadsheets and scripts. The table comes first so that the file
// imports cleanly; the title and parameters, the notes and the detail follow as sections, each
// after a blank line.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "report/cell_format.hpp"
#include "report/render.hpp"

namespace hoptac::report {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

// RFC 4180: a field with a comma, a quote, CR or LF is quoted, its quotes doubled.
void AppendField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

class CsvWriter {
 public:
  void Field(std::string_view field) {
    if (!first_in_line_) out_.push_back(',');
    AppendField(out_, field);
    first_in_line_ = false;
  }
  void EndLine() {
    out_.append(kLineEnd);
    first_in_line_ = true;
  }
  void Line(std::initializer_list<std::string_view> fields) {
    for (std::string_view f : fields) Field(f);
    EndLine();
  }
  std::string Take() && { return std::move(out_); }

 private:
  std::string out_{kBom};
  bool first_in_line_ = true;
};

}  // namespace

std::string RenderCsv(const Table& t) {
  CsvWriter csv;
  for (const Column& c : t.columns) csv.Field(c.label);
  csv.EndLine();
  for (const Row& row : t.rows) {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      csv.Field(ForMachines(CellAt(row, i), t.columns[i].type));
    }
    csv.EndLine();
  }
  if (t.totals) {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      csv.Field(ForMachines(TotalsCell(t, i), t.columns[i].type));
    }
    csv.EndLine();
  }

  csv.EndLine();
  csv.Line({WordsOf(t).parameters});
  csv.Line({WordsOf(t).report, t.title});
  for (const Parameter& p : t.parameters) csv.Line({p.label, p.value});

  if (!t.notes.empty()) {
    csv.EndLine();
    csv.Line({WordsOf(t).notes});
    for (const std::string& note : t.notes) csv.Line({note});
  }

  if (HasDetail(t)) {
    csv.EndLine();
    csv.Field(WordsOf(t).row);
    for (std::string_view heading : WordsOf(t).detail_headings) csv.Field(heading);
    csv.EndLine();
    const ColumnType first = t.columns.empty() ? ColumnType::kText : t.columns[0].type;
    for (const Row& row : t.rows) {
      const std::string label = ForMachines(CellAt(row, 0), first);
      for (const DetailItem& item : row.detail) {
        csv.Field(label);
        for (const std::string& field : DetailFields(t, item)) csv.Field(field);
        csv.EndLine();
      }
    }
  }
  return std::move(csv).Take();
}

}  // namespace hoptac::report
