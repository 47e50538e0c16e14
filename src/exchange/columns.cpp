#include "exchange/columns.hpp"

#include <algorithm>
#include <array>

#include "base/text.hpp"

namespace hoptac::exchange {

namespace {

using H = std::string_view;

// Organisations: a row creates the organisation and its founding event.
constexpr H kCode[] = {"Mã số HTX",          "Mã số",         "Mã HTX",    "Mã số thuế", "MST",
                       "Mã số doanh nghiệp", "Mã số đăng ký", "Mã tổ chức"};
constexpr H kLegacy[] = {"Mã cũ", "Mã số cũ", "Số đăng ký cũ"};
constexpr H kKind[] = {"Loại hình", "Loại hình tổ chức", "Loại tổ chức"};
constexpr H kName[] = {"Tên HTX", "Tên", "Tên tổ chức", "Tên hợp tác xã", "Tên tiếng Việt"};
constexpr H kShortName[] = {"Tên viết tắt"};
constexpr H kForeignName[] = {"Tên nước ngoài", "Tên tiếng Anh", "Tên bằng tiếng nước ngoài"};
constexpr H kField[] = {"Lĩnh vực", "Lĩnh vực hoạt động"};
constexpr H kSectors[] = {"Ngành nghề", "Ngành nghề kinh doanh", "Ngành nghề sản xuất kinh doanh"};
constexpr H kFoundedOn[] = {"Ngày thành lập", "Ngày thành lập HTX"};
constexpr H kCommune[] = {"Mã xã", "Mã đơn vị hành chính", "Mã ĐVHC", "Mã xã phường"};
constexpr H kAddress[] = {"Địa chỉ", "Địa chỉ chi tiết", "Địa chỉ trụ sở", "Thôn bản"};
constexpr H kRepresentative[] = {"Người đại diện", "Người đại diện theo pháp luật",
                                 "Đại diện pháp luật"};
constexpr H kCapital[] = {"Vốn điều lệ"};
constexpr H kModels[] = {"Mô hình"};
constexpr H kCertificate[] = {"Số giấy chứng nhận", "Số GCN", "Số GCNĐK"};
constexpr H kDecisionNo[] = {"Số quyết định", "Số QĐ"};
constexpr H kDecisionDate[] = {"Ngày quyết định", "Ngày QĐ"};
constexpr H kDecidedBy[] = {"Cơ quan quyết định", "Người quyết định", "Cơ quan ra quyết định"};
constexpr H kNote[] = {"Ghi chú"};
// Events.
constexpr H kEventType[] = {"Loại sự kiện", "Sự kiện"};
constexpr H kEffective[] = {"Ngày hiệu lực", "Ngày sự kiện", "Ngày"};
constexpr H kGround[] = {"Căn cứ giải thể", "Lý do giải thể"};
constexpr H kEventName[] = {"Tên mới", "Tên HTX", "Tên"};
constexpr H kSuccessor[] = {"Mã kế thừa", "Mã số HTX kế thừa", "Mã tổ chức liên quan"};
// Figures.
constexpr H kYear[] = {"Năm", "Năm báo cáo"};
constexpr H kMembers[] = {"Số thành viên", "Tổng số thành viên"};
constexpr H kMembersIndividual[] = {"Thành viên cá nhân", "Số thành viên cá nhân"};
constexpr H kMembersHousehold[] = {"Thành viên hộ gia đình", "Thành viên là hộ gia đình"};
constexpr H kMembersLegal[] = {"Thành viên pháp nhân", "Thành viên là pháp nhân"};
constexpr H kWorkers[] = {"Số lao động", "Tổng số lao động", "Lao động"};
constexpr H kWorkersMembers[] = {"Lao động là thành viên", "Số lao động là thành viên"};
constexpr H kTotalAssets[] = {"Tổng tài sản", "Tổng giá trị tài sản"};
constexpr H kRevenue[] = {"Doanh thu", "Tổng doanh thu"};
constexpr H kRevenueMembers[] = {"Doanh thu từ thành viên", "Doanh thu cung ứng cho thành viên"};
constexpr H kProfit[] = {"Lợi nhuận trước thuế", "Lợi nhuận", "Lãi trước thuế"};
constexpr H kAvgIncome[] = {"Thu nhập bình quân", "Thu nhập bình quân của người lao động"};
constexpr H kRating[] = {"Xếp loại", "Kết quả xếp loại", "Phân loại"};
constexpr H kRatingScore[] = {"Điểm xếp loại", "Tổng điểm", "Điểm"};
constexpr H kRatingPoints[] = {"Điểm theo tiêu chí", "Điểm từng tiêu chí"};
constexpr H kRatingScheme[] = {"Căn cứ xếp loại", "Tiêu chí xếp loại"};
constexpr H kSource[] = {"Nguồn", "Nguồn số liệu"};
// Members (the member register).
constexpr H kMemberNo[] = {"Mã thành viên", "Mã số thành viên", "Số hiệu thành viên",
                           "Số sổ thành viên"};
constexpr H kMemberType[] = {"Loại thành viên", "Thành viên là"};
constexpr H kMembership[] = {"Hình thức thành viên", "Tư cách thành viên", "Loại hình thành viên"};
constexpr H kMemberName[] = {"Họ và tên", "Họ tên", "Tên thành viên", "Tên"};
constexpr H kMemberRepresentative[] = {"Người đại diện", "Đại diện hộ",
                                       "Người đại diện theo pháp luật"};
constexpr H kIdNumber[] = {"Số CCCD",
                           "Số CMND",
                           "Số định danh cá nhân",
                           "Số hộ chiếu",
                           "CCCD/CMND/Hộ chiếu",
                           "Số giấy tờ pháp lý",
                           "Số giấy tờ tùy thân"};
constexpr H kNationality[] = {"Quốc tịch"};
constexpr H kMemberAddress[] = {"Địa chỉ", "Địa chỉ thường trú", "Nơi thường trú", "Trụ sở"};
constexpr H kJoinedOn[] = {"Ngày gia nhập", "Ngày vào", "Ngày kết nạp",
                           "Ngày trở thành thành viên"};
constexpr H kLeftOn[] = {"Ngày ra", "Ngày ra khỏi HTX", "Ngày chấm dứt tư cách thành viên"};
constexpr H kLeftReason[] = {"Lý do ra", "Lý do chấm dứt tư cách thành viên"};
constexpr H kMemberCapital[] = {"Vốn góp", "Số vốn góp", "Giá trị vốn góp"};
constexpr H kCapitalDate[] = {"Ngày góp vốn", "Thời điểm góp vốn"};
constexpr H kCapitalCertificate[] = {"Số giấy chứng nhận vốn góp", "Số GCN vốn góp"};
constexpr H kCapitalCertificateDate[] = {"Ngày cấp giấy chứng nhận vốn góp",
                                         "Ngày cấp GCN vốn góp"};

constexpr ColumnSpec kOrganisationColumns[] = {
    {"registry_code", true, kCode},
    {"legacy_code", false, kLegacy, ValueType::kFlag},
    {"kind", false, kKind},
    {"name", true, kName},
    {"short_name", false, kShortName},
    {"foreign_name", false, kForeignName},
    {"field", false, kField},
    {"sectors", false, kSectors, ValueType::kList},
    {"founded_on", true, kFoundedOn, ValueType::kDate},
    {"commune_code", true, kCommune},
    {"address_detail", false, kAddress},
    {"representative", false, kRepresentative},
    {"charter_capital", false, kCapital, ValueType::kNumber},
    {"models", false, kModels, ValueType::kList},
    {"certificate_no", false, kCertificate},
    {"decision_no", false, kDecisionNo},
    {"decision_date", false, kDecisionDate, ValueType::kDate},
    {"decided_by", false, kDecidedBy},
    {"note", false, kNote},
};

constexpr ColumnSpec kEventColumns[] = {
    {"registry_code", true, kCode},
    {"event_type", true, kEventType},
    {"effective_date", true, kEffective, ValueType::kDate},
    {"decision_no", false, kDecisionNo},
    {"decision_date", false, kDecisionDate, ValueType::kDate},
    {"decided_by", false, kDecidedBy},
    {"ground", false, kGround},
    {"commune_code", false, kCommune},
    {"address_detail", false, kAddress, ValueType::kText, true},
    {"name", false, kEventName},
    {"short_name", false, kShortName, ValueType::kText, true},
    {"foreign_name", false, kForeignName, ValueType::kText, true},
    {"field", false, kField},
    {"sectors", false, kSectors, ValueType::kList, true},
    {"models", false, kModels, ValueType::kList, true},
    {"certificate_no", false, kCertificate, ValueType::kText, true},
    {"charter_capital", false, kCapital, ValueType::kNumber},
    {"representative", false, kRepresentative, ValueType::kText, true},
    {"successor_code", false, kSuccessor, ValueType::kList},
    {"note", false, kNote},
};

constexpr ColumnSpec kFiguresColumns[] = {
    {"registry_code", true, kCode},
    {"year", true, kYear, ValueType::kNumber},
    {"members", false, kMembers, ValueType::kNumber},
    {"members_individual", false, kMembersIndividual, ValueType::kNumber},
    {"members_household", false, kMembersHousehold, ValueType::kNumber},
    {"members_legal_entity", false, kMembersLegal, ValueType::kNumber},
    {"workers", false, kWorkers, ValueType::kNumber},
    {"workers_members", false, kWorkersMembers, ValueType::kNumber},
    {"charter_capital", false, kCapital, ValueType::kNumber},
    {"total_assets", false, kTotalAssets, ValueType::kNumber},
    {"revenue", false, kRevenue, ValueType::kNumber},
    {"revenue_from_members", false, kRevenueMembers, ValueType::kNumber},
    {"profit_before_tax", false, kProfit, ValueType::kNumber},
    {"avg_income", false, kAvgIncome, ValueType::kNumber},
    {"rating", false, kRating},
    {"rating_score", false, kRatingScore, ValueType::kNumber},
    {"rating_scheme", false, kRatingScheme},
    {"source", false, kSource},
    {"rating_points", false, kRatingPoints},
};

constexpr ColumnSpec kMemberColumns[] = {
    {"registry_code", true, kCode},
    {"member_no", true, kMemberNo},
    {"member_type", false, kMemberType},
    {"membership", false, kMembership},
    {"name", true, kMemberName},
    {"representative", false, kMemberRepresentative},
    {"id_number", false, kIdNumber},
    {"nationality", false, kNationality},
    {"address", false, kMemberAddress},
    {"joined_on", true, kJoinedOn, ValueType::kDate},
    {"left_on", false, kLeftOn, ValueType::kDate},
    {"left_reason", false, kLeftReason},
    {"capital", false, kMemberCapital, ValueType::kNumber},
    {"capital_date", false, kCapitalDate, ValueType::kDate},
    {"capital_certificate_no", false, kCapitalCertificate},
    {"capital_certificate_date", false, kCapitalCertificateDate, ValueType::kDate},
    {"note", false, kNote},
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The keys of every column's names (canonical first), computed once per file: folding is ICU
// work, and a header row has many cells.
class ColumnKeys {
 public:
  explicit ColumnKeys(std::span<const ColumnSpec> columns) {
    for (size_t i = 0; i < columns.size(); ++i) {
      keys_.emplace_back(HeaderKey(columns[i].name), i);
      for (H h : columns[i].headers) keys_.emplace_back(HeaderKey(h), i);
    }
  }
  std::optional<size_t> Find(std::string_view key) const {
    for (const auto& [k, i] : keys_) {
      if (k == key) return i;
    }
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string, size_t>> keys_;  // in column order
};

std::string CanonicalNames(std::span<const ColumnSpec> columns) {
  std::string out;
  for (const ColumnSpec& c : columns) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

}  // namespace

const char* Id(RecordKind kind) {
  switch (kind) {
    case RecordKind::kOrganisations:
      return "organisations";
    case RecordKind::kEvents:
      return "events";
    case RecordKind::kFigures:
      return "figures";
    case RecordKind::kMembers:
      return "members";
  }
  return "?";
}

Result<RecordKind> ParseRecordKind(std::string_view text) {
  for (RecordKind k : {RecordKind::kOrganisations, RecordKind::kEvents, RecordKind::kFigures,
                       RecordKind::kMembers}) {
    if (text == Id(k)) return k;
  }
  return Error::Invalid("kind", std::string(text),
                        "expected organisations, events, figures or members", "import.kind");
}

std::span<const ColumnSpec> Columns(RecordKind kind) {
  switch (kind) {
    case RecordKind::kOrganisations:
      return kOrganisationColumns;
    case RecordKind::kEvents:
      return kEventColumns;
    case RecordKind::kFigures:
      return kFiguresColumns;
    case RecordKind::kMembers:
      return kMemberColumns;
  }
  return {};
}

std::string HeaderKey(std::string_view header) {
  if (!text::IsValidUtf8(header)) return {};
  const std::string folded = text::Fold(header);
  std::string key;
  key.reserve(folded.size());
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key.push_back(c);
  }
  // A currency unit after the name: "Vốn điều lệ (đồng)", "Doanh thu VNĐ".
  for (std::string_view unit : {"dong", "vnd"}) {
    if (EndsWith(key, unit)) {
      key.resize(key.size() - unit.size());
      break;
    }
  }
  return key;
}

bool IsClearMarker(std::string_view cell) {
  if (cell.size() < 5 || cell.size() > 12 || cell.front() != '(' || cell.back() != ')') {
    return false;
  }
  const std::string key = HeaderKey(cell);
  return key == "xoa" || key == "clear";
}

Result<ColumnMap> ParseColumnMap(const Sheet& sheet, RecordKind kind) {
  ColumnMap map;
  const auto columns = Columns(kind);
  const ColumnKeys keys(columns);
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    const SheetRow& row = sheet.rows[i];
    const std::string where = "line " + std::to_string(row.line) + " of the column map: ";
    if (row.cells.size() < 2 || row.cells[0].empty() || row.cells[1].empty()) {
      return Error::Invalid("map", row.cells.empty() ? "" : row.cells[0],
                            where + "expected two cells: a header of the file, then a column",
                            "map.format");
    }
    const std::string target_key = HeaderKey(row.cells[1]);
    if (i == 0 && (target_key == "column" || target_key == "canonical")) continue;
    std::string target = "-";
    if (row.cells[1] != "-") {
      auto at = keys.Find(target_key);
      if (!at) {
        return Error::Invalid(
            "map", row.cells[1],
            where + "no column of " + Id(kind) +
                " has this name; expected \"-\" or one of: " + CanonicalNames(columns),
            "map.column");
      }
      target = std::string(columns[*at].name);
    }
    map.entries.emplace_back(HeaderKey(row.cells[0]), std::move(target));
  }
  return map;
}

HeaderMatch MatchHeader(RecordKind kind, const Sheet& sheet, std::optional<size_t> header_line,
                        const ColumnMap& map, std::vector<RowError>& errors) {
  const auto columns = Columns(kind);
  const ColumnKeys keys(columns);
  HeaderMatch match;
  match.at.assign(columns.size(), std::nullopt);
  for (const ColumnSpec& c : columns) match.header_text.emplace_back(c.name);
  size_t index = 0;
  if (header_line) {
    while (index < sheet.rows.size() && sheet.rows[index].line < *header_line) ++index;
    if (index == sheet.rows.size() || sheet.rows[index].line != *header_line) {
      errors.push_back({*header_line, "", std::to_string(*header_line),
                        "the header row is not on this line (it is empty or past the end)",
                        "header.row"});
      return match;
    }
  }
  if (index >= sheet.rows.size()) {
    errors.push_back({0, "", "", "the file has no header row", "header.row"});
    return match;
  }
  const SheetRow& header = sheet.rows[index];
  match.header_line = header.line;
  match.first_data_row = index + 1;
  std::vector<std::string> unknown;
  for (size_t cell = 0; cell < header.cells.size(); ++cell) {
    const std::string& text = header.cells[cell];
    if (text.empty()) continue;
    const std::string key = HeaderKey(text);
    std::optional<size_t> col;
    bool mapped = false;
    for (const auto& [from, to] : map.entries) {
      if (from != key) continue;
      mapped = true;
      if (to != "-") col = keys.Find(HeaderKey(to));
      break;
    }
    if (mapped && !col) continue;  // ignored on purpose
    if (!mapped) {
      if (key == "stt") continue;
      col = keys.Find(key);
    }
    if (!col) {
      errors.push_back({header.line, text, text,
                        "no column of " + std::string(Id(kind)) +
                            " has this header; rename it, map it with --map (to a column, or to "
                            "\"-\" to ignore it), or remove it. Columns: " +
                            CanonicalNames(columns),
                        "header.unknown"});
      continue;
    }
    if (match.at[*col]) {
      errors.push_back({header.line, text, text,
                        "two headers name the column " + std::string(columns[*col].name) +
                            " (the other is \"" + match.header_text[*col] + "\")",
                        "header.duplicate"});
      continue;
    }
    match.at[*col] = cell;
    match.header_text[*col] = text;
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].required && !match.at[c]) {
      errors.push_back({header.line, std::string(columns[c].name), "",
                        "the required column " + std::string(columns[c].name) +
                            " is missing (accepted headers: " + std::string(columns[c].name) +
                            [&] {
                              std::string s;
                              for (H h : columns[c].headers) s.append(", ").append(h);
                              return s;
                            }() +
                            ")",
                        "header.missing"});
    }
  }
  return match;
}

}  // namespace hoptac::exchange
