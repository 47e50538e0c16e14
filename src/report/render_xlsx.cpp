// RenderXlsx: the report as an Excel workbook, written by libxlsxwriter. The library writes only
// to files (1.1.4 has no memory output), so the workbook goes to a private temporary file that is
// read back and removed.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/date.hpp"
#include "report/cell_format.hpp"
#include "report/render.hpp"

namespace hoptac::report {
namespace {

constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;
constexpr uint8_t kPaperA4 = 9;

// A file that exists only for the life of this object.
class TempFile {
 public:
  static Result<TempFile> Create() {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    std::string pattern = (dir / "hoptac-report-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) {
      std::string message = "cannot create a temporary file for the workbook: ";
      message.append(std::strerror(errno));
      return Error::Internal(std::move(message));
    }
    close(fd);
    return TempFile(std::move(pattern));
  }
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }

  const std::string& path() const { return path_; }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Column widths in characters: the longest cell, or for headings (which wrap) the longest word.
class Widths {
 public:
  explicit Widths(size_t columns) : chars_(columns, 0) {}
  void Fit(size_t column, std::string_view text) {
    if (column < chars_.size()) chars_[column] = std::max(chars_[column], DisplayWidth(text));
  }
  void Heading(size_t column, std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      const size_t space = std::min(text.find(' ', start), text.size());
      Fit(column, text.substr(start, space - start));
      start = space + 1;
    }
  }
  void Apply(lxw_worksheet* ws) const {
    for (size_t i = 0; i < chars_.size(); ++i) {
      const double width = std::clamp(static_cast<double>(chars_[i]) + 2, kMinWidth, kMaxWidth);
      worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), width,
                           nullptr);
    }
  }

 private:
  std::vector<size_t> chars_;
};

// Writes cells, keeping the first error libxlsxwriter reports.
class SheetWriter {
 public:
  explicit SheetWriter(lxw_worksheet* ws) : ws_(ws) {}

  void Text(lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    const std::string s(text);
    Check(worksheet_write_string(ws_, row, col, s.c_str(), format));
  }
  void Number(lxw_row_t row, lxw_col_t col, double v, lxw_format* format) {
    Check(worksheet_write_number(ws_, row, col, v, format));
  }
  void Blank(lxw_row_t row, lxw_col_t col, lxw_format* format) {
    Check(worksheet_write_blank(ws_, row, col, format));
  }
  void Date(lxw_row_t row, lxw_col_t col, const hoptac::Date& d, lxw_format* format) {
    lxw_datetime dt{d.year(), d.month(), d.day(), 0, 0, 0.0};
    Check(worksheet_write_datetime(ws_, row, col, &dt, format));
  }
  void Check(lxw_error e) {
    if (e != LXW_NO_ERROR && first_error_ == LXW_NO_ERROR) first_error_ = e;
  }
  lxw_worksheet* sheet() const { return ws_; }
  lxw_error first_error() const { return first_error_; }

 private:
  lxw_worksheet* ws_;
  lxw_error first_error_ = LXW_NO_ERROR;
};

// The formats of the workbook, made once.
struct Formats {
  explicit Formats(lxw_workbook* wb) {
    title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    label = workbook_add_format(wb);
    format_set_bold(label);
    note = workbook_add_format(wb);
    format_set_italic(note);
    for (int totals = 0; totals < 2; ++totals) {
      for (int k = 0; k < kKinds; ++k) {
        lxw_format* f = workbook_add_format(wb);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        if (k == kNumber) format_set_num_format(f, "#,##0");
        if (k == kPercent) format_set_num_format(f, "0.0");
        if (k == kDate) format_set_num_format(f, "dd/mm/yyyy");
        if (totals == 1) {
          format_set_bold(f);
          format_set_top(f, LXW_BORDER_THIN);
        }
        cells[totals][k] = f;
      }
    }
    for (int numeric = 0; numeric < 2; ++numeric) {
      lxw_format* f = workbook_add_format(wb);
      format_set_bold(f);
      format_set_text_wrap(f);
      format_set_bottom(f, LXW_BORDER_THIN);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      format_set_bg_color(f, 0xEEEEEE);
      if (numeric == 1) format_set_align(f, LXW_ALIGN_RIGHT);
      heading[numeric] = f;
    }
  }

  static constexpr int kText = 0, kNumber = 1, kPercent = 2, kDate = 3, kKinds = 4;
  static int Kind(ColumnType type) {
    switch (type) {
      case ColumnType::kCount:
      case ColumnType::kMoney:
        return kNumber;
      case ColumnType::kPercent:
        return kPercent;
      case ColumnType::kDate:
        return kDate;
      case ColumnType::kText:
        break;
    }
    return kText;
  }
  lxw_format* ForCell(ColumnType type, bool totals) const {
    return cells[totals ? 1 : 0][Kind(type)];
  }
  lxw_format* Heading(ColumnType type) const { return heading[IsNumeric(type) ? 1 : 0]; }

  lxw_format* title = nullptr;
  lxw_format* label = nullptr;
  lxw_format* note = nullptr;
  lxw_format* cells[2][kKinds] = {};
  lxw_format* heading[2] = {};
};

// An ISO date that Excel can hold (from 1900).
std::optional<hoptac::Date> ExcelDate(const Cell& cell) {
  const auto* s = std::get_if<std::string>(&cell);
  if (s == nullptr || s->size() != 10 || (*s)[4] != '-') return std::nullopt;
  auto d = hoptac::Date::Parse(*s);
  if (!d.ok() || d->year() < 1900) return std::nullopt;
  return *d;
}

void WriteCell(SheetWriter& w, lxw_row_t r, lxw_col_t c, const Cell& cell, ColumnType type,
               lxw_format* format) {
  if (type == ColumnType::kDate) {
    if (auto d = ExcelDate(cell)) return w.Date(r, c, *d, format);
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    if (!s->empty()) return w.Text(r, c, *s, format);
  } else if (const auto* i = std::get_if<int64_t>(&cell)) {
    return w.Number(r, c, static_cast<double>(*i), format);
  } else if (const auto* d = std::get_if<double>(&cell)) {
    if (std::isfinite(*d)) return w.Number(r, c, *d, format);
  }
  w.Blank(r, c, format);
}

void WriteReportSheet(const Table& t, const Formats& fmt, SheetWriter& w) {
  const auto columns = static_cast<lxw_col_t>(t.columns.size());
  Widths widths(t.columns.size());
  lxw_row_t r = 0;
  w.Text(r++, 0, t.title, fmt.title);
  for (const Parameter& p : t.parameters) {
    w.Text(r, 0, p.label, fmt.label);
    w.Text(r, 1, p.value, nullptr);
    widths.Fit(0, p.label);
    ++r;
  }
  ++r;  // a blank row before the table
  const lxw_row_t header = r;
  for (lxw_col_t c = 0; c < columns; ++c) {
    w.Text(header, c, t.columns[c].label, fmt.Heading(t.columns[c].type));
    widths.Heading(c, t.columns[c].label);
  }
  for (const Row& row : t.rows) {
    ++r;
    for (lxw_col_t c = 0; c < columns; ++c) {
      const ColumnType type = t.columns[c].type;
      WriteCell(w, r, c, CellAt(row, c), type, fmt.ForCell(type, false));
      widths.Fit(c, ForPeople(CellAt(row, c), type));
    }
  }
  const lxw_row_t last_data = r;
  if (t.totals) {
    ++r;
    for (lxw_col_t c = 0; c < columns; ++c) {
      const ColumnType type = t.columns[c].type;
      const Cell cell = TotalsCell(t, c);
      WriteCell(w, r, c, cell, type, fmt.ForCell(type, true));
      widths.Fit(c, ForPeople(cell, type));
    }
  }
  if (!t.notes.empty()) {
    ++r;
    for (const std::string& note : t.notes) w.Text(++r, 0, note, fmt.note);
  }

  lxw_worksheet* ws = w.sheet();
  widths.Apply(ws);
  worksheet_freeze_panes(ws, header + 1, 0);
  if (columns > 0) w.Check(worksheet_autofilter(ws, header, 0, last_data, columns - 1));
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, kPaperA4);
  worksheet_fit_to_pages(ws, 1, 0);
  w.Check(worksheet_repeat_rows(ws, header, header));
}

void WriteDetailSheet(const Table& t, const Formats& fmt, SheetWriter& w) {
  const auto& headings = WordsOf(t).detail_headings;
  Widths widths(headings.size() + 1);
  const std::string_view kRowHeading = WordsOf(t).row;
  w.Text(0, 0, kRowHeading, fmt.Heading(ColumnType::kText));
  widths.Heading(0, kRowHeading);
  for (size_t i = 0; i < headings.size(); ++i) {
    const auto c = static_cast<lxw_col_t>(i + 1);
    w.Text(0, c, headings[i], fmt.Heading(ColumnType::kText));
    widths.Heading(c, headings[i]);
  }
  const ColumnType first = t.columns.empty() ? ColumnType::kText : t.columns[0].type;
  lxw_format* text = fmt.ForCell(ColumnType::kText, false);
  lxw_row_t r = 0;
  for (const Row& row : t.rows) {
    const std::string label = ForPeople(CellAt(row, 0), first);
    for (const DetailItem& item : row.detail) {
      ++r;
      w.Text(r, 0, label, text);
      widths.Fit(0, label);
      lxw_col_t c = 1;
      for (const std::string& field : DetailFields(t, item)) {
        w.Text(r, c, field, text);
        widths.Fit(c, field);
        ++c;
      }
    }
  }
  lxw_worksheet* ws = w.sheet();
  widths.Apply(ws);
  worksheet_freeze_panes(ws, 1, 0);
  w.Check(worksheet_autofilter(ws, 0, 0, r, static_cast<lxw_col_t>(headings.size())));
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, kPaperA4);
  worksheet_fit_to_pages(ws, 1, 0);
  w.Check(worksheet_repeat_rows(ws, 0, 0));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) {
    std::string message = "cannot read the workbook back: ";
    message.append(path);
    return Error::Internal(std::move(message));
  }
  return std::move(bytes).str();
}

Error XlsxError(std::string_view what, lxw_error e) {
  std::string message(what);
  message.append(": ");
  message.append(lxw_strerror(e));
  return Error::Internal(std::move(message));
}

}  // namespace

Result<std::string> RenderXlsx(const Table& t) {
  HOPTAC_ASSIGN_OR_RETURN(TempFile file, TempFile::Create());
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
  if (wb == nullptr) {
    std::string message = "cannot start a workbook in ";
    message.append(file.path());
    return Error::Internal(std::move(message));
  }

  std::string title = t.title;
  std::string subject = t.report_id;
  std::string application = "hoptac";
  lxw_doc_properties properties{};
  properties.title = title.data();
  properties.subject = subject.data();
  properties.author = application.data();
  lxw_error first_error = workbook_set_properties(wb, &properties);

  const Formats formats(wb);
  std::vector<lxw_error> errors;
  if (lxw_worksheet* ws =
          workbook_add_worksheet(wb, std::string(WordsOf(t).report_sheet).c_str())) {
    SheetWriter w(ws);
    WriteReportSheet(t, formats, w);
    errors.push_back(w.first_error());
  } else {
    errors.push_back(LXW_ERROR_MEMORY_MALLOC_FAILED);
  }
  if (HasDetail(t)) {
    if (lxw_worksheet* ws =
            workbook_add_worksheet(wb, std::string(WordsOf(t).detail_sheet).c_str())) {
      SheetWriter w(ws);
      WriteDetailSheet(t, formats, w);
      errors.push_back(w.first_error());
    } else {
      errors.push_back(LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
  }
  // workbook_close writes the file and frees the workbook, so it runs whatever happened above.
  const lxw_error closed = workbook_close(wb);
  for (lxw_error e : errors) {
    if (first_error == LXW_NO_ERROR) first_error = e;
  }
  if (first_error != LXW_NO_ERROR) return XlsxError("cannot write the workbook", first_error);
  if (closed != LXW_NO_ERROR) return XlsxError("cannot save the workbook", closed);
  return ReadFile(file.path());
}

Result<std::string> RenderXlsxBook(const std::vector<NamedTable>& sheets,
                                   const std::string& title) {
  HOPTAC_ASSIGN_OR_RETURN(TempFile file, TempFile::Create());
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
  if (wb == nullptr) {
    std::string message = "cannot start a workbook in ";
    message.append(file.path());
    return Error::Internal(std::move(message));
  }
  std::string doc_title = title;
  std::string application = "hoptac";
  lxw_doc_properties properties{};
  properties.title = doc_title.data();
  properties.author = application.data();
  lxw_error first_error = workbook_set_properties(wb, &properties);
  const Formats formats(wb);
  std::vector<lxw_error> errors;
  for (const NamedTable& sheet : sheets) {
    // Excel's limits: 31 characters (UTF-8 sequences kept whole), none of []:*?/\ .
    std::string name;
    size_t chars = 0;
    for (size_t i = 0; i < sheet.sheet.size() && chars < 31;) {
      const auto c = static_cast<unsigned char>(sheet.sheet[i]);
      const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      std::string piece = sheet.sheet.substr(i, len);
      if (piece.size() == 1 && std::string_view("[]:*?/\\").find(piece[0]) != std::string::npos) {
        piece = "-";
      }
      name += piece;
      i += len;
      ++chars;
    }
    if (lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str())) {
      SheetWriter w(ws);
      WriteReportSheet(sheet.table, formats, w);
      errors.push_back(w.first_error());
    } else {
      errors.push_back(LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
  }
  const lxw_error closed = workbook_close(wb);
  for (lxw_error e : errors) {
    if (first_error == LXW_NO_ERROR) first_error = e;
  }
  if (first_error != LXW_NO_ERROR) return XlsxError("cannot write the workbook", first_error);
  if (closed != LXW_NO_ERROR) return XlsxError("cannot save the workbook", closed);
  return ReadFile(file.path());
}

}  // namespace hoptac::report
