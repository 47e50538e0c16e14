#include "report/english.hpp"

#include <array>
#include <string>
#include <utility>
#include <variant>

namespace hoptac::report {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

constexpr std::array<Pair, 8> kTitles{{
    {"conversion-2012", "Conversion of cooperatives under the 2012 Law on Cooperatives"},
    {"sector-summary", "Summary of the collective economy"},
    {"year-review", "Development of cooperatives during the year"},
    {"inactive", "Organisations that look inactive or ineffective"},
    {"model-replication", "Replication of cooperative models"},
    {"ntm-13", "New countryside criterion 13.1 by commune"},
    {"rating", "Assessment and rating of cooperatives"},
    {"status-series", "Organisations by status over the years"},
}};

// Column headings by id (the same id means the same thing in every report, except those below).
constexpr std::array<Pair, 60> kColumns{{
    {"area_code", "Area code"},
    {"area", "Area"},
    {"required", "Required to convert"},
    {"converted", "Converted"},
    {"dissolved_voluntary", "Dissolved voluntarily"},
    {"dissolved_forced", "Dissolved forcibly"},
    {"ended_otherwise", "Ended otherwise"},
    {"pending", "Not yet converted"},
    {"done_percent", "Done (%)"},
    {"kind", "Kind"},
    {"field", "Field"},
    {"active", "Existing"},
    {"operating", "Operating"},
    {"suspended", "Suspended"},
    {"not_at_address", "Not at the registered address"},
    {"dissolving", "Dissolving"},
    {"with_figures", "With figures"},
    {"members", "Members"},
    {"workers", "Workers"},
    {"charter_capital", "Charter capital (VND)"},
    {"revenue", "Revenue (VND)"},
    {"profit", "Profit before tax (VND)"},
    {"avg_income_sum", "Sum of average incomes (VND)"},
    {"avg_members", "Average members per organisation"},
    {"avg_revenue", "Average revenue per organisation (VND)"},
    {"avg_profit", "Average profit per organisation (VND)"},
    {"avg_income", "Average income per worker (VND/year)"},
    {"stock_start", "At the start of the year"},
    {"founded", "Founded"},
    {"reregistered_2012", "Re-registered under the 2012 law"},
    {"certificate_revoked", "Certificate revoked"},
    {"reorganised", "Ended by reorganisation"},
    {"converted_to_enterprise", "Converted to an enterprise"},
    {"bankrupt", "Bankrupt"},
    {"stock_end", "At the end of the year"},
    {"rated_good", "Rated good"},
    {"rated_fair", "Rated fair"},
    {"rated_average", "Rated average"},
    {"rated_weak", "Rated weak"},
    {"not_rated", "Not rated"},
    {"change", "Change during the year"},
    {"change_percent", "Change (%)"},
    {"registry_code", "Code"},
    {"name", "Name"},
    {"status", "Legal status"},
    {"reasons", "Signs"},
    {"reason_count", "Number of signs"},
    {"model", "Model"},
    {"operating_percent", "Still operating (%)"},
    {"commune_code", "Commune code"},
    {"commune", "Commune"},
    {"parent", "In"},
    {"qualifying", "Qualifying cooperatives"},
    {"met", "Criterion 13.1 met"},
    {"reported", "With a yearly report"},
    {"good", "Good"},
    {"fair", "Fair"},
    {"average", "Average"},
    {"weak", "Weak"},
    {"no_rating", "Without a rating"},
}};
constexpr std::array<Pair, 5> kMoreColumns{{
    {"scored", "With an assessment score"},
    {"band_from_score", "Band from the score"},
    {"good_fair_percent", "Good or fair (%)"},
    {"year", "Year"},
    {"on", "As of"},
}};

constexpr std::array<Pair, 13> kParameters{{
    {"Tính đến ngày", "As of"},
    {"Dữ liệu ghi nhận đến", "Known at"},
    {"Theo cấp", "Grouped by"},
    {"Đơn vị hành chính", "Administrative units"},
    {"Địa bàn", "Area"},
    {"Loại hình", "Kind"},
    {"Lĩnh vực", "Field"},
    {"Năm", "Year"},
    {"Năm đánh giá", "Rating year"},
    {"Căn cứ xếp loại", "Rating basis"},
    {"Tiêu chí", "Criterion"},
    {"Báo cáo", "Report"},
    {"Từ năm", "From the year"},
}};
constexpr std::array<Pair, 8> kValues{{
    {"hiện tại", "now"},
    {"tỉnh", "province"},
    {"huyện", "district"},
    {"xã", "commune"},
    {"tại thời điểm báo cáo", "as they were then"},
    {"không có", "none"},
    {"13.1 (2021–2025): có HTX hoạt động hiệu quả (xếp loại khá, tốt) và đúng quy định",
     "13.1 (2021–2025): an effective cooperative (rated fair or good) operating lawfully"},
    {"13.1 (2016–2020): có HTX hoạt động theo Luật HTX 2012",
     "13.1 (2016–2020): a cooperative operating under the 2012 Law on Cooperatives"},
}};

template <size_t N>
std::string_view Find(const std::array<Pair, N>& table, std::string_view key) {
  for (const auto& [vi, en] : table) {
    if (vi == key) return en;
  }
  return {};
}

std::string ColumnLabel(const Table& t, const Column& c) {
  if (c.id == "founded" && t.report_id == "year-review") return "Founded during the year";
  if (c.id == "founded" && t.report_id == "model-replication") return "Founded in all";
  if (c.id == "founded" && t.report_id == "status-series") return "Founded during the year";
  if (c.id.starts_with("founded_")) return "Founded in " + c.id.substr(8);
  if (auto en = Find(kColumns, c.id); !en.empty()) return std::string(en);
  if (auto en = Find(kMoreColumns, c.id); !en.empty()) return std::string(en);
  return c.label;
}

}  // namespace

std::string_view EnglishTitle(std::string_view report_id) { return Find(kTitles, report_id); }

void ToEnglish(Table& t) {
  if (auto en = EnglishTitle(t.report_id); !en.empty()) t.title = std::string(en);
  for (Column& c : t.columns) c.label = ColumnLabel(t, c);
  for (Parameter& p : t.parameters) {
    if (auto en = Find(kParameters, p.label); !en.empty()) p.label = std::string(en);
    if (auto en = Find(kValues, p.value); !en.empty()) {
      p.value = std::string(en);
    } else if (p.value.starts_with("hiện nay (")) {
      p.value = "current (" + p.value.substr(std::string_view("hiện nay (").size());
    }
  }
  if (t.totals) {
    for (Cell& cell : t.totals->cells) {
      if (const auto* s = std::get_if<std::string>(&cell); s != nullptr && *s == "Tổng cộng") {
        cell = std::string("Total");
      }
    }
  }
  t.english = true;
}

}  // namespace hoptac::report
