// RenderText: the report as aligned plain text for a terminal.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "report/cell_format.hpp"
#include "report/render.hpp"

namespace hoptac::report {
namespace {

constexpr std::string_view kGap = "  ";

// A cell on one line: line breaks inside text become spaces.
std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

// Lines of cells aligned into columns, each padded to the widest cell of its column.
class Grid {
 public:
  explicit Grid(std::vector<bool> right_aligned)
      : right_(std::move(right_aligned)), widths_(right_.size(), 0) {}

  void AddRow(std::vector<std::string> cells) {
    for (size_t i = 0; i < cells.size() && i < widths_.size(); ++i) {
      widths_[i] = std::max(widths_[i], DisplayWidth(cells[i]));
    }
    lines_.push_back(Line{std::move(cells), false});
  }
  void AddRule() { lines_.push_back(Line{{}, true}); }

  // Every line prefixed with `indent`, trailing spaces removed.
  void AppendTo(std::string& out, std::string_view indent) const {
    size_t total = 0;
    for (size_t w : widths_) total += w;
    if (!widths_.empty()) total += kGap.size() * (widths_.size() - 1);
    for (const Line& line : lines_) {
      std::string text(indent);
      if (line.rule) {
        text.append(total, '-');
      } else {
        for (size_t i = 0; i < widths_.size(); ++i) {
          const std::string& cell = i < line.cells.size() ? line.cells[i] : kEmpty;
          const size_t pad = widths_[i] - std::min(widths_[i], DisplayWidth(cell));
          if (i > 0) text.append(kGap);
          if (right_[i]) text.append(pad, ' ');
          text.append(cell);
          if (!right_[i]) text.append(pad, ' ');
        }
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out.append(text);
      out.push_back('\n');
    }
  }

 private:
  struct Line {
    std::vector<std::string> cells;
    bool rule = false;
  };
  static inline const std::string kEmpty;
  std::vector<bool> right_;
  std::vector<size_t> widths_;
  std::vector<Line> lines_;
};

std::vector<std::string> PeopleCells(const Table& t, const Row& row) {
  std::vector<std::string> cells;
  cells.reserve(t.columns.size());
  for (size_t i = 0; i < t.columns.size(); ++i) {
    cells.push_back(OneLine(ForPeople(CellAt(row, i), t.columns[i].type)));
  }
  return cells;
}

void AppendMainTable(const Table& t, std::string& out) {
  std::vector<bool> right;
  std::vector<std::string> header;
  for (const Column& c : t.columns) {
    right.push_back(IsNumeric(c.type));
    header.push_back(OneLine(c.label));
  }
  Grid grid(std::move(right));
  grid.AddRow(std::move(header));
  grid.AddRule();
  for (const Row& row : t.rows) grid.AddRow(PeopleCells(t, row));
  if (t.totals) {
    grid.AddRule();
    std::vector<std::string> totals;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      totals.push_back(OneLine(ForPeople(TotalsCell(t, i), t.columns[i].type)));
    }
    grid.AddRow(std::move(totals));
  }
  grid.AppendTo(out, "");
}

void AppendDetail(const Table& t, std::string& out) {
  out.append("\n").append(WordsOf(t).detail_title).append("\n");
  for (const Row& row : t.rows) {
    if (row.detail.empty()) continue;
    out.push_back('\n');
    const ColumnType first = t.columns.empty() ? ColumnType::kText : t.columns[0].type;
    out.append(OneLine(ForPeople(CellAt(row, 0), first)));
    out.append(" (");
    out.append(GroupedInteger(static_cast<int64_t>(row.detail.size())));
    out.append(")\n");
    const auto& headings = WordsOf(t).detail_headings;
    Grid grid(std::vector<bool>(headings.size(), false));
    grid.AddRow({headings.begin(), headings.end()});
    grid.AddRule();
    for (const DetailItem& item : row.detail) {
      std::vector<std::string> cells;
      for (const std::string& field : DetailFields(t, item))
        cells.push_back(OneLine(std::string(field)));
      grid.AddRow(std::move(cells));
    }
    grid.AppendTo(out, "  ");
  }
}

}  // namespace

std::string RenderText(const Table& t) {
  std::string out = OneLine(t.title);
  out.append("\n");
  if (!t.parameters.empty()) {
    out.push_back('\n');
    for (const Parameter& p : t.parameters) {
      out.append(OneLine(p.label));
      out.append(": ");
      out.append(OneLine(p.value));
      out.push_back('\n');
    }
  }
  out.push_back('\n');
  AppendMainTable(t, out);
  if (!t.notes.empty()) {
    out.append("\n").append(WordsOf(t).notes).append(":\n");
    for (const std::string& note : t.notes) {
      out.append("- ");
      out.append(OneLine(note));
      out.push_back('\n');
    }
  }
  if (HasDetail(t)) AppendDetail(t, out);
  return out;
}

}  // namespace hoptac::report
