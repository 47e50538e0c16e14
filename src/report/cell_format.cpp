#include "report/cell_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <variant>

#include "base/date.hpp"

namespace hoptac::report {
namespace {

// Inserts a dot every three digits from the right of a run of digits.
std::string GroupDigits(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

std::string DateForPeople(const std::string& iso) {
  auto d = Date::Parse(iso);
  if (!d.ok() || iso.size() != 10 || iso[4] != '-') return iso;
  return d->ToVietnamese();
}

}  // namespace

std::string GroupedInteger(int64_t v) {
  // Magnitude as unsigned so that INT64_MIN has one too.
  const uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::array<char, 24> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), magnitude);
  std::string out = v < 0 ? "-" : "";
  out.append(GroupDigits(std::string_view(buf.data(), static_cast<size_t>(end - buf.data()))));
  return out;
}

std::string VietnameseDecimal(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  std::array<char, 400> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "";
  std::string_view text(buf.data(), static_cast<size_t>(end - buf.data()));
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  const bool zero = whole.find_first_not_of('0') == std::string_view::npos &&
                    fraction.find_first_not_of('0') == std::string_view::npos;
  std::string out = negative && !zero ? "-" : "";
  out.append(GroupDigits(whole));
  if (!fraction.empty()) {
    out.push_back(',');
    out.append(fraction);
  }
  return out;
}

std::string MachineDouble(double v) {
  if (!std::isfinite(v)) return "";
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc()) return "";
  return std::string(buf.data(), static_cast<size_t>(end - buf.data()));
}

std::string ForPeople(const Cell& cell, ColumnType type) {
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return type == ColumnType::kDate ? DateForPeople(*s) : *s;
  }
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return type == ColumnType::kPercent ? VietnameseDecimal(static_cast<double>(*i), 1)
                                        : GroupedInteger(*i);
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    if (type == ColumnType::kCount || type == ColumnType::kMoney) {
      return VietnameseDecimal(std::round(*d), 0);
    }
    return VietnameseDecimal(*d, 1);
  }
  return "";
}

std::string ForMachines(const Cell& cell, ColumnType /*type*/) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return MachineDouble(*d);
  return "";
}

bool IsNumeric(ColumnType type) {
  return type == ColumnType::kCount || type == ColumnType::kMoney || type == ColumnType::kPercent;
}

const char* ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kCount:
      return "count";
    case ColumnType::kMoney:
      return "money";
    case ColumnType::kPercent:
      return "percent";
    case ColumnType::kDate:
      return "date";
  }
  return "text";
}

size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    // U+0300..U+036F are 0xCC 0x80 .. 0xCD 0xAF in UTF-8.
    const bool combining =
        length == 2 && i + 1 < utf8.size() &&
        (lead == 0xCC || (lead == 0xCD && static_cast<unsigned char>(utf8[i + 1]) <= 0xAF));
    if (!combining) ++width;
    i += length;
  }
  return width;
}

const Cell& CellAt(const Row& row, size_t column) {
  static const Cell kMissing;
  return column < row.cells.size() ? row.cells[column] : kMissing;
}

Cell TotalsCell(const Table& t, size_t column) {
  if (!t.totals) return Cell{};
  const Cell& cell = CellAt(*t.totals, column);
  if (column == 0 && !t.columns.empty() && t.columns[0].type == ColumnType::kText) {
    const auto* s = std::get_if<std::string>(&cell);
    if (std::holds_alternative<std::monostate>(cell) || (s != nullptr && s->empty())) {
      return std::string(WordsOf(t).totals);
    }
  }
  return cell;
}

const Words& WordsOf(const Table& t) {
  static constexpr Words kVi = {
      "Tổng cộng",
      "Tham số",
      "Báo cáo",
      "Ghi chú",
      "Danh sách tổ chức",
      "Dòng",
      "Báo cáo",
      "Danh sách",
      {"Mã số", "Tên", "Địa bàn", "Tình trạng", "Ghi chú", "Tính trong cột"}};
  static constexpr Words kEn = {
      "Total",  "Parameters",    "Report",
      "Notes",  "Organisations", "Row",
      "Report", "Organisations", {"Code", "Name", "Area", "Status", "Note", "Counted in"}};
  return t.english ? kEn : kVi;
}

bool HasDetail(const Table& t) {
  for (const Row& row : t.rows) {
    if (!row.detail.empty()) return true;
  }
  return false;
}

std::array<std::string, 6> DetailFields(const Table& t, const DetailItem& item) {
  std::string columns;
  for (const std::string& id : item.columns) {
    const auto c = std::find_if(t.columns.begin(), t.columns.end(),
                                [&](const Column& col) { return col.id == id; });
    if (!columns.empty()) columns.append("; ");
    columns.append(c == t.columns.end() ? id : c->label);
  }
  return {item.registry_code, item.name, item.unit_name, item.status, item.note, columns};
}

}  // namespace hoptac::report
