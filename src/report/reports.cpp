// The reports of issue 3, each a function from a Scope to a Table.

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <span>

#include "domain/area.hpp"
#include "domain/conversion.hpp"
#include "domain/rating_scheme.hpp"
#include "report/engine.hpp"
#include "report/english.hpp"
#include "report/scope.hpp"

namespace hoptac::report {
namespace {

using domain::LegalStatus;

constexpr std::array<ReportInfo, 8> kReports{{
    {"conversion-2012", "Tình hình chuyển đổi hợp tác xã theo Luật Hợp tác xã năm 2012",
     "required / converted / dissolved voluntarily / dissolved forcibly / pending / % done"},
    {"sector-summary", "Tổng hợp khu vực kinh tế tập thể",
     "counts by kind × field × legal status; members, workers, capital, revenue, profit, income"},
    {"year-review", "Kết quả phát triển hợp tác xã trong năm",
     "the year's flows, stock at the start and the end, ratings"},
    {"inactive", "Danh sách tổ chức có dấu hiệu không hoạt động, hoạt động kém hiệu quả",
     "organisations that look inactive or ineffective, each with its reasons"},
    {"model-replication", "Nhân rộng mô hình hợp tác xã",
     "per model tag: organisations founded on it by year and area, and how many still operate"},
    {"ntm-13", "Tiêu chí 13.1 xây dựng nông thôn mới theo xã",
     "per commune: whether criterion 13.1 is met, with the cooperatives that make it so"},
    {"rating", "Kết quả đánh giá, xếp loại hợp tác xã",
     "distribution by band under the scheme in force"},
    {"status-series", "Số tổ chức theo tình trạng qua các năm",
     "per year from `year` (default ten years back) to as_of: the organisations by legal status at "
     "the year's end (at as_of in its own year), founded and ended during the year"},
}};

// Measures per area, plus the totals row, in one flat array.
class Counts {
 public:
  Counts(size_t n, size_t areas) : n_(n), values_(n * areas, 0) {}
  std::span<int64_t> Of(size_t area) { return {values_.data() + area * n_, n_}; }
  std::vector<int64_t> Total() const {
    std::vector<int64_t> t(n_, 0);
    for (size_t i = 0; i < values_.size(); ++i) t[i % n_] += values_[i];
    return t;
  }

 private:
  size_t n_;
  std::vector<int64_t> values_;
};

Cell Percent(int64_t part, int64_t whole) {
  if (whole == 0) return std::monostate{};
  return static_cast<double>(part) * 100.0 / static_cast<double>(whole);
}

bool IsCooperative(domain::OrgKind k) { return k != domain::OrgKind::kTHT; }

// Standard table shell: title, parameters, area columns + measures.
Table Shell(std::string_view id, const Scope& scope, std::vector<Column> measures) {
  Table t;
  t.report_id = std::string(id);
  for (const ReportInfo& r : kReports) {
    if (r.id == id) t.title = std::string(r.title);
  }
  t.parameters = scope.Describe();
  t.columns = AreaColumns();
  for (auto& c : measures) t.columns.push_back(std::move(c));
  return t;
}

// Rows from per-area counts, with their detail lists; `extra` adds computed cells per row.
template <typename Extra>
void FillRows(Table& t, const Scope& scope, Counts& counts,
              std::vector<std::vector<DetailItem>>& detail, Extra extra) {
  const std::vector<size_t> areas = scope.SortedAreas();
  t.rows.reserve(areas.size());
  for (size_t a : areas) {
    Row& row = t.rows.emplace_back();
    row.cells.reserve(t.columns.size());
    row.cells.emplace_back(scope.areas()[a].code);
    row.cells.emplace_back(scope.areas()[a].name);
    const std::span<const int64_t> c = counts.Of(a);
    for (int64_t v : c) row.cells.emplace_back(v);
    extra(c, row.cells);
    if (scope.params().detail && a < detail.size()) row.detail = std::move(detail[a]);
  }
  Row totals;
  totals.cells = {std::string(), std::string()};
  const auto sum = counts.Total();
  for (int64_t v : sum) totals.cells.emplace_back(v);
  extra(std::span<const int64_t>(sum), totals.cells);
  t.totals = std::move(totals);
}

// The ids of the measures at `indices` (counted after the two area columns of a Shell table).
std::vector<std::string> MeasureIds(const Table& t, std::span<const size_t> indices) {
  std::vector<std::string> ids;
  ids.reserve(indices.size());
  for (size_t i : indices) ids.push_back(t.columns[2 + i].id);
  return ids;
}

DetailItem WithColumns(DetailItem item, std::vector<std::string> columns) {
  item.columns = std::move(columns);
  return item;
}

void AddDetail(std::vector<std::vector<DetailItem>>& detail, size_t area, DetailItem item) {
  if (area >= detail.size()) detail.resize(area + 1);
  detail[area].push_back(std::move(item));
}

// --- conversion-2012 ---

Table Conversion(Scope& scope) {
  const Projection& p = scope.projection();
  const Date d = scope.params().as_of;
  Table t = Shell("conversion-2012", scope,
                  {{"required", "Phải chuyển đổi", ColumnType::kCount},
                   {"converted", "Đã chuyển đổi", ColumnType::kCount},
                   {"dissolved_voluntary", "Giải thể tự nguyện", ColumnType::kCount},
                   {"dissolved_forced", "Giải thể bắt buộc", ColumnType::kCount},
                   {"ended_otherwise", "Chấm dứt khác", ColumnType::kCount},
                   {"pending", "Chưa chuyển đổi", ColumnType::kCount},
                   {"done_percent", "Tỷ lệ hoàn thành (%)", ColumnType::kPercent}});
  Counts counts(6, scope.areas().size());
  std::vector<std::vector<DetailItem>> detail;
  domain::OrgState st;
  for (const OrgEntry& o : p.orgs()) {
    if (!IsCooperative(o.kind)) continue;
    const Snapshot* s = p.At(o, d);
    if (s == nullptr || !scope.Includes(o, *s)) continue;
    p.ToState(o, *s, st);
    const domain::Conversion c = domain::ConversionAsOf(st);
    if (c == domain::Conversion::kNotRequired) continue;
    const size_t area = scope.AreaOf(*s);
    const std::span<int64_t> row = counts.Of(area);
    ++row[0];
    size_t measure = 5;
    switch (c) {
      case domain::Conversion::kConverted:
        measure = 1;
        break;
      case domain::Conversion::kDissolvedVoluntary:
        measure = 2;
        break;
      case domain::Conversion::kDissolvedForced:
        measure = 3;
        break;
      case domain::Conversion::kEndedOtherwise:
        measure = 4;
        break;
      default:
        break;
    }
    ++row[measure];
    if (scope.params().detail) {
      const size_t measures[] = {0, measure};
      AddDetail(detail, area,
                WithColumns(scope.Detail(o, *s, area, domain::Label(c)), MeasureIds(t, measures)));
    }
  }
  FillRows(t, scope, counts, detail, [](std::span<const int64_t> c, std::vector<Cell>& cells) {
    cells.push_back(Percent(c[0] - c[5], c[0]));
  });
  t.notes.push_back(
      "Phải chuyển đổi: HTX, LHHTX, QTDND thành lập trước 01/07/2013 và chưa chấm dứt trước "
      "ngày đó. Tỷ lệ hoàn thành = (đã chuyển đổi + giải thể + chấm dứt khác) / phải chuyển đổi.");
  return t;
}

// --- sector-summary ---

Table SectorSummary(Scope& scope) {
  const Projection& p = scope.projection();
  const Date d = scope.params().as_of;
  Table t = Shell("sector-summary", scope, {});
  t.columns.push_back({"kind", "Loại hình", ColumnType::kText});
  t.columns.push_back({"field", "Lĩnh vực", ColumnType::kText});
  const std::vector<Column> measures = {
      {"active", "Tổng số đang tồn tại", ColumnType::kCount},
      {"operating", "Đang hoạt động", ColumnType::kCount},
      {"suspended", "Tạm ngừng", ColumnType::kCount},
      {"not_at_address", "Không hoạt động tại địa chỉ", ColumnType::kCount},
      {"dissolving", "Đang giải thể", ColumnType::kCount},
      {"with_figures", "Có số liệu", ColumnType::kCount},
      {"members", "Thành viên", ColumnType::kCount},
      {"workers", "Lao động", ColumnType::kCount},
      {"charter_capital", "Vốn điều lệ (đồng)", ColumnType::kMoney},
      {"revenue", "Doanh thu (đồng)", ColumnType::kMoney},
      {"profit", "Lợi nhuận trước thuế (đồng)", ColumnType::kMoney},
      {"avg_income_sum", "Tổng thu nhập bình quân (đồng)", ColumnType::kMoney},
      {"avg_members", "Thành viên bình quân / tổ chức", ColumnType::kCount},
      {"avg_revenue", "Doanh thu bình quân / tổ chức (đồng)", ColumnType::kMoney},
      {"avg_profit", "Lợi nhuận bình quân / tổ chức (đồng)", ColumnType::kMoney},
      {"avg_income", "Thu nhập bình quân người lao động (đồng/năm)", ColumnType::kMoney},
  };
  for (const auto& c : measures) t.columns.push_back(c);
  // Rows: area × kind × field, in code, kind and field order. A slot per (area, kind, field)
  // holds its row's index; each row's sums are kWidth numbers in one array.
  constexpr size_t kN = 12;             // the numbers shown
  constexpr size_t kWidth = kN + 6;     // and how many organisations gave each figure
  constexpr size_t kSlotsPerArea = 16;  // kind * 4 + field
  std::vector<int32_t> row_of_slot(scope.areas().size() * kSlotsPerArea, -1);
  std::vector<size_t> slot_of_row;
  std::vector<int64_t> sums;
  std::vector<std::vector<DetailItem>> detail;  // per row
  const bool with_detail = scope.params().detail;
  for (const OrgEntry& o : p.orgs()) {
    const Snapshot* s = p.At(o, d);
    if (s == nullptr || domain::IsTerminal(s->status) || !scope.Includes(o, *s)) continue;
    const size_t area = scope.AreaOf(*s);
    const size_t slot =
        area * kSlotsPerArea + static_cast<size_t>(o.kind) * 4 + static_cast<size_t>(s->field);
    int32_t& index = row_of_slot[slot];
    if (index < 0) {
      index = static_cast<int32_t>(slot_of_row.size());
      slot_of_row.push_back(slot);
      sums.resize(sums.size() + kWidth, 0);
      if (with_detail) detail.emplace_back();
    }
    int64_t* r = sums.data() + static_cast<size_t>(index) * kWidth;
    std::vector<size_t> counted;  // the measures this organisation is counted in (for the detail)
    if (with_detail) counted.push_back(0);
    ++r[0];
    size_t status = 4;
    switch (s->status) {
      case LegalStatus::kOperating:
        status = 1;
        break;
      case LegalStatus::kSuspended:
        status = 2;
        break;
      case LegalStatus::kNotAtAddress:
        status = 3;
        break;
      default:
        break;
    }
    ++r[status];
    if (with_detail) counted.push_back(status);
    if (const Figures* f = p.LatestFigures(o, d.year())) {
      ++r[5];
      if (with_detail) counted.push_back(5);
      // Sums, and (in the slots after the shown ones) how many organisations gave each value.
      auto add = [r, &counted, with_detail](size_t i, int64_t v) {
        if (v == Figures::kMissing) return;
        r[i] += v;
        ++r[kN + i - 6];
        if (with_detail) counted.push_back(i);
      };
      add(6, f->members);
      add(7, f->workers);
      add(8, f->charter_capital);
      add(9, f->revenue);
      add(10, f->profit);
      add(11, f->avg_income);
    }
    if (with_detail) {
      DetailItem item = scope.Detail(o, *s, area, "");
      for (size_t i : counted) item.columns.push_back(t.columns[4 + i].id);
      detail[static_cast<size_t>(index)].push_back(std::move(item));
    }
  }
  std::vector<size_t> order(slot_of_row.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const size_t x = slot_of_row[a], y = slot_of_row[b];
    const uint32_t rx = scope.Rank(x / kSlotsPerArea), ry = scope.Rank(y / kSlotsPerArea);
    return rx != ry ? rx < ry : x % kSlotsPerArea < y % kSlotsPerArea;
  });
  // Each average is over the organisations that gave that value.
  auto averages = [](const int64_t* r, std::vector<Cell>& cells) {
    auto avg = [&](size_t i) -> Cell {
      const int64_t n = r[kN + i - 6];
      if (n == 0) return std::monostate{};
      return r[i] / n;
    };
    cells.push_back(avg(6));
    cells.push_back(avg(9));
    cells.push_back(avg(10));
    cells.push_back(avg(11));
  };
  std::vector<int64_t> total(kWidth, 0);
  t.rows.reserve(order.size());
  for (const size_t i : order) {
    const int64_t* r = sums.data() + i * kWidth;
    const size_t slot = slot_of_row[i];
    const auto kind = static_cast<domain::OrgKind>(slot % kSlotsPerArea / 4);
    const auto field = static_cast<domain::Field>(slot % 4);
    Row& row = t.rows.emplace_back();
    row.cells.reserve(t.columns.size());
    const Area& area = scope.areas()[slot / kSlotsPerArea];
    row.cells.emplace_back(area.code);
    row.cells.emplace_back(area.name);
    row.cells.emplace_back(std::string(domain::Id(kind)));
    row.cells.emplace_back(std::string(domain::Label(field)));
    for (size_t k = 0; k < kN; ++k) row.cells.emplace_back(r[k]);
    for (size_t k = 0; k < kWidth; ++k) total[k] += r[k];
    averages(r, row.cells);
    if (with_detail) row.detail = std::move(detail[i]);
  }
  Row totals;
  totals.cells = {std::string(), std::string(), std::string(), std::string()};
  for (size_t i = 0; i < kN; ++i) totals.cells.emplace_back(total[i]);
  averages(total.data(), totals.cells);
  t.totals = std::move(totals);
  t.notes.push_back("Số liệu tài chính: báo cáo năm gần nhất không muộn hơn năm " +
                    std::to_string(d.year()) +
                    "; bình quân tính trên các tổ chức có số liệu. Thu nhập bình quân người lao "
                    "động là trung bình các giá trị của từng tổ chức.");
  return t;
}

// --- year-review ---

Table YearReview(Scope& scope) {
  const Projection& p = scope.projection();
  const int year = scope.params().year.value_or(scope.params().as_of.year());
  const Date start = Date::FromYmd(year - 1, 12, 31).value();
  const Date end = Date::FromYmd(year, 12, 31).value();
  const int32_t from = start.days() + 1, to = end.days();
  Table t = Shell("year-review", scope,
                  {{"stock_start", "Số đầu năm", ColumnType::kCount},
                   {"founded", "Thành lập mới", ColumnType::kCount},
                   {"reregistered_2012", "Đăng ký lại theo Luật 2012", ColumnType::kCount},
                   {"dissolved_voluntary", "Giải thể tự nguyện", ColumnType::kCount},
                   {"dissolved_forced", "Giải thể bắt buộc", ColumnType::kCount},
                   {"certificate_revoked", "Thu hồi giấy chứng nhận", ColumnType::kCount},
                   {"reorganised", "Chấm dứt do tổ chức lại", ColumnType::kCount},
                   {"converted_to_enterprise", "Chuyển thành doanh nghiệp", ColumnType::kCount},
                   {"bankrupt", "Phá sản", ColumnType::kCount},
                   {"stock_end", "Số cuối năm", ColumnType::kCount},
                   {"rated_good", "Xếp loại tốt", ColumnType::kCount},
                   {"rated_fair", "Xếp loại khá", ColumnType::kCount},
                   {"rated_average", "Xếp loại trung bình", ColumnType::kCount},
                   {"rated_weak", "Xếp loại yếu", ColumnType::kCount},
                   {"not_rated", "Chưa xếp loại", ColumnType::kCount},
                   {"change", "Tăng/giảm trong năm", ColumnType::kCount},
                   {"change_percent", "Tăng/giảm (%)", ColumnType::kPercent}});
  t.parameters.push_back({"Năm", std::to_string(year)});
  Counts counts(15, scope.areas().size());
  std::vector<std::vector<DetailItem>> detail;
  auto in_year = [&](int32_t day) { return day != kNoDate && day >= from && day <= to; };
  for (const OrgEntry& o : p.orgs()) {
    const Snapshot* e = p.At(o, end);
    if (e == nullptr || !scope.Includes(o, *e)) continue;
    const Snapshot* s = p.At(o, start);
    const size_t area = scope.AreaOf(*e);
    const std::span<int64_t> c = counts.Of(area);
    std::string what;
    std::vector<size_t> counted;  // the measures this organisation is counted in
    auto count = [&](size_t i, const char* w) {
      ++c[i];
      counted.push_back(i);
      if (w == nullptr) return;
      if (!what.empty()) what += ", ";
      what += w;
    };
    if (s != nullptr && !domain::IsTerminal(s->status)) count(0, nullptr);
    if (in_year(o.founded)) count(1, "thành lập");
    if (in_year(e->reregistered_2012)) count(2, "đăng ký lại");
    if (in_year(e->revoked)) count(5, "thu hồi GCN");
    if (in_year(e->ended)) {
      switch (e->ended_by) {
        case domain::EventType::kDissolvedVoluntary:
          count(3, "giải thể tự nguyện");
          break;
        case domain::EventType::kDissolvedForced:
          count(4, "giải thể bắt buộc");
          break;
        case domain::EventType::kConvertedToEnterprise:
          count(7, "chuyển thành DN");
          break;
        case domain::EventType::kBankrupt:
          count(8, "phá sản");
          break;
        default:
          count(6, "tổ chức lại");
          break;
      }
    }
    if (!domain::IsTerminal(e->status)) count(9, nullptr);
    if (const Figures* f = p.FiguresFor(o, year); f != nullptr && f->rating >= 0) {
      count(10 + static_cast<size_t>(f->rating), nullptr);
    }
    if (scope.params().detail && !counted.empty()) {
      AddDetail(detail, area, WithColumns(scope.Detail(o, *e, area, what), MeasureIds(t, counted)));
    }
  }
  FillRows(t, scope, counts, detail, [](std::span<const int64_t> c, std::vector<Cell>& cells) {
    cells.emplace_back(c[9] - c[0]);
    cells.push_back(Percent(c[9] - c[0], c[0]));
  });
  t.notes.push_back(
      "Số đầu năm, cuối năm: tổ chức đang tồn tại (chưa giải thể, chấm dứt) ngày "
      "31/12; xếp loại theo số liệu năm " +
      std::to_string(year) + ".");
  return t;
}

// --- inactive ---

Table Inactive(Scope& scope) {
  const Projection& p = scope.projection();
  const Date d = scope.params().as_of;
  Table t;
  t.report_id = "inactive";
  t.title = std::string(kReports[3].title);
  t.parameters = scope.Describe();
  t.columns = AreaColumns();
  t.columns.push_back({"registry_code", "Mã số", ColumnType::kText});
  t.columns.push_back({"name", "Tên tổ chức", ColumnType::kText});
  t.columns.push_back({"kind", "Loại hình", ColumnType::kText});
  t.columns.push_back({"status", "Tình trạng pháp lý", ColumnType::kText});
  t.columns.push_back({"reasons", "Dấu hiệu", ColumnType::kText});
  t.columns.push_back({"reason_count", "Số dấu hiệu", ColumnType::kCount});
  const int last = d.year() - 1;  // the last complete year
  const int min_members = d < domain::Law2023InForce() ? 7 : 5;
  const int32_t old_enough_day = Date::FromYmd(last - 1, 1, 1).value().days();
  struct Hit {
    size_t area;
    std::string name;
    Row row;
  };
  std::vector<Hit> hits;
  for (const OrgEntry& o : p.orgs()) {
    if (!IsCooperative(o.kind)) continue;  // the grounds of the law apply to cooperatives
    const Snapshot* s = p.At(o, d);
    if (s == nullptr || !domain::IsActive(s->status) || !scope.Includes(o, *s)) continue;
    std::vector<std::string> reasons;
    const bool old_enough = o.founded <= old_enough_day;
    if (old_enough && p.FiguresFor(o, last) == nullptr && p.FiguresFor(o, last - 1) == nullptr) {
      reasons.push_back("không có báo cáo năm " + std::to_string(last - 1) + " và " +
                        std::to_string(last));
    }
    const Figures* latest = p.LatestFigures(o, last);
    if (latest != nullptr && latest->revenue == 0) {
      reasons.push_back("doanh thu năm " + std::to_string(latest->year) + " bằng 0");
    }
    const Figures* a = p.FiguresFor(o, last);
    const Figures* b = p.FiguresFor(o, last - 1);
    const auto weak = static_cast<int8_t>(domain::Rating::kWeak);
    if (a != nullptr && b != nullptr && a->rating == weak && b->rating == weak) {
      reasons.push_back("xếp loại yếu hai năm liền (" + std::to_string(last - 1) + ", " +
                        std::to_string(last) + ")");
    }
    if (s->status == LegalStatus::kSuspended && s->suspended_since != kNoDate &&
        Date::FromDays(s->suspended_since).AddYears(1) <= d) {
      reasons.push_back("tạm ngừng kinh doanh từ " +
                        Date::FromDays(s->suspended_since).ToVietnamese() + ", quá 12 tháng");
    }
    if (s->status == LegalStatus::kNotAtAddress) {
      reasons.push_back("không hoạt động tại địa chỉ đã đăng ký");
    }
    if (o.kind == domain::OrgKind::kHTX && latest != nullptr &&
        latest->members != Figures::kMissing && latest->members < min_members) {
      reasons.push_back("chỉ có " + std::to_string(latest->members) +
                        " thành viên, dưới mức tối thiểu " + std::to_string(min_members));
    }
    if (reasons.empty()) continue;
    std::string joined;
    for (const auto& r : reasons) {
      if (!joined.empty()) joined += "; ";
      joined += r;
    }
    const size_t area = scope.AreaOf(*s);
    Hit h;
    h.area = area;
    h.name = s->name >= 0 ? std::string(p.name(s->name)) : std::string();
    h.row.cells = AreaCells(scope.areas()[area]);
    h.row.cells.emplace_back(p.registry_code(o));
    h.row.cells.emplace_back(h.name);
    h.row.cells.emplace_back(std::string(domain::Id(o.kind)));
    h.row.cells.emplace_back(std::string(domain::Label(s->status)));
    h.row.cells.emplace_back(joined);
    h.row.cells.emplace_back(static_cast<int64_t>(reasons.size()));
    if (scope.params().detail) {
      h.row.detail.push_back(WithColumns(scope.Detail(o, *s, area, joined), {"reason_count"}));
    }
    hits.push_back(std::move(h));
  }
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& x, const Hit& y) {
    if (x.area != y.area) return scope.Rank(x.area) < scope.Rank(y.area);
    return std::get<std::string>(x.row.cells[2]) < std::get<std::string>(y.row.cells[2]);
  });
  for (auto& h : hits) t.rows.push_back(std::move(h.row));
  Row totals;
  totals.cells = {
      std::string(), std::string(), std::string(), std::to_string(hits.size()) + " tổ chức",
      std::string(), std::string(), std::string(), std::monostate{}};
  t.totals = std::move(totals);
  t.notes.push_back(
      "Căn cứ: Điều 54 Luật HTX 2012 (không hoạt động 12 tháng liên tục, không đủ "
      "số thành viên tối thiểu: 7 theo Luật 2012, 5 theo Luật 2023 từ 01/07/2024); "
      "báo cáo năm, doanh thu và xếp loại theo số liệu các năm " +
      std::to_string(last - 1) + "–" + std::to_string(last) + ".");
  return t;
}

// --- model-replication ---

Table ModelReplication(Scope& scope) {
  const Projection& p = scope.projection();
  const Date d = scope.params().as_of;
  // (model, area) -> founded per year, and operating on d.
  struct Tally {
    std::map<int, int64_t> by_year;
    int64_t founded = 0;
    int64_t operating = 0;
    std::vector<DetailItem> detail;
  };
  std::map<std::pair<std::string, size_t>, Tally> tallies;
  std::set<int> years;
  for (const OrgEntry& o : p.orgs()) {
    const Snapshot* s = p.At(o, d);
    if (s == nullptr || !scope.Includes(o, *s)) continue;
    const Snapshot& first = p.Snapshots(o).front();  // the models it was founded on
    if (first.models < 0) continue;
    const int year = Date::FromDays(o.founded).year();
    const size_t area = scope.AreaOf(*s);
    for (const std::string& model : p.models(first.models)) {
      Tally& tally = tallies[{model, area}];
      ++tally.by_year[year];
      ++tally.founded;
      years.insert(year);
      const bool operating = s->status == LegalStatus::kOperating;
      tally.operating += operating ? 1 : 0;
      if (scope.params().detail) {
        std::vector<std::string> columns = {"founded_" + std::to_string(year), "founded"};
        if (operating) columns.emplace_back("operating");
        tally.detail.push_back(
            WithColumns(scope.Detail(o, *s, area, "thành lập năm " + std::to_string(year)),
                        std::move(columns)));
      }
    }
  }
  Table t;
  t.report_id = "model-replication";
  t.title = std::string(kReports[4].title);
  t.parameters = scope.Describe();
  t.columns.push_back({"model", "Mô hình", ColumnType::kText});
  for (auto& c : AreaColumns()) t.columns.push_back(c);
  for (int y : years) {
    t.columns.push_back(
        {"founded_" + std::to_string(y), "Thành lập năm " + std::to_string(y), ColumnType::kCount});
  }
  t.columns.push_back({"founded", "Tổng số thành lập", ColumnType::kCount});
  t.columns.push_back({"operating", "Đang hoạt động", ColumnType::kCount});
  t.columns.push_back({"operating_percent", "Tỷ lệ đang hoạt động (%)", ColumnType::kPercent});
  std::vector<std::pair<std::pair<std::string, size_t>, Tally*>> sorted;
  for (auto& [key, tally] : tallies) sorted.emplace_back(key, &tally);
  std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
    if (a.first.first != b.first.first) return a.first.first < b.first.first;
    return scope.Rank(a.first.second) < scope.Rank(b.first.second);
  });
  std::map<int, int64_t> total_years;
  int64_t total_founded = 0, total_operating = 0;
  for (auto& [key, tally] : sorted) {
    Row row;
    row.cells.emplace_back(key.first);
    for (auto& c : AreaCells(scope.areas()[key.second])) row.cells.push_back(std::move(c));
    for (int y : years) {
      const auto it = tally->by_year.find(y);
      const int64_t n = it == tally->by_year.end() ? 0 : it->second;
      row.cells.emplace_back(n);
      total_years[y] += n;
    }
    row.cells.emplace_back(tally->founded);
    row.cells.emplace_back(tally->operating);
    row.cells.push_back(Percent(tally->operating, tally->founded));
    total_founded += tally->founded;
    total_operating += tally->operating;
    if (scope.params().detail) row.detail = std::move(tally->detail);
    t.rows.push_back(std::move(row));
  }
  Row totals;
  totals.cells = {std::string("Tổng cộng"), std::string(), std::string()};
  for (int y : years) totals.cells.emplace_back(total_years[y]);
  totals.cells.emplace_back(total_founded);
  totals.cells.emplace_back(total_operating);
  totals.cells.push_back(Percent(total_operating, total_founded));
  t.totals = std::move(totals);
  t.notes.push_back(
      "Mô hình: nhãn mô hình ghi khi thành lập; một tổ chức có nhiều nhãn được tính "
      "ở mỗi mô hình.");
  return t;
}

// --- ntm-13 ---

Result<Table> Ntm13(Scope& scope, const domain::UnitCatalog& units) {
  const Projection& p = scope.projection();
  const ReportParams& params = scope.params();
  const Date d = params.as_of;
  const bool effective_rule = d >= Date::FromYmd(2021, 1, 1).value();
  // Communes: every commune valid on the grouping date inside the area (or everywhere).
  std::vector<std::vector<DetailItem>> qualifying(params.detail ? scope.areas().size() : 0);
  std::vector<int64_t> qualifying_count(scope.areas().size(), 0);
  for (const OrgEntry& o : p.orgs()) {
    if (!IsCooperative(o.kind)) continue;
    const Snapshot* s = p.At(o, d);
    if (s == nullptr || s->status != LegalStatus::kOperating || !scope.Includes(o, *s)) continue;
    const Figures* f = effective_rule ? p.LatestFigures(o, d.year()) : nullptr;
    if (effective_rule) {
      const bool effective =
          f != nullptr && (f->rating == static_cast<int8_t>(domain::Rating::kGood) ||
                           f->rating == static_cast<int8_t>(domain::Rating::kFair));
      if (!effective) continue;
    }
    std::string why;
    if (params.detail) {
      why = "đang hoạt động";
      if (f != nullptr) {
        why.append(", xếp loại ").append(domain::Label(static_cast<domain::Rating>(f->rating)));
        why.append(" năm ").append(std::to_string(f->year));
      }
    }
    const size_t area = scope.AreaOf(*s);
    ++qualifying_count[area];
    if (params.detail) {
      qualifying[area].push_back(WithColumns(scope.Detail(o, *s, area, why), {"qualifying"}));
    }
  }
  // Every commune of the area, met or not.
  std::vector<const domain::Unit*> communes;
  const Date g = scope.grouping_date();
  std::vector<const domain::Unit*> stack;
  if (params.unit.empty()) {
    // The provinces (on the grouping date) where the registry has cooperatives.
    std::set<std::string> provinces;
    for (const size_t area : scope.SortedAreas()) {
      if (const domain::Unit* prov = scope.ProvinceOf(area)) provinces.insert(prov->code);
    }
    for (const auto& code : provinces) stack.push_back(units.At(code, g));
  } else if (const domain::Unit* u = units.At(params.unit, g)) {
    stack.push_back(u);
  } else {
    for (const auto& code : domain::CodesWithin(units, params.unit, g)) {
      if (const domain::Unit* c = units.At(code, g)) stack.push_back(c);
    }
  }
  while (!stack.empty()) {
    const domain::Unit* u = stack.back();
    stack.pop_back();
    const auto children = units.ChildrenAt(u->code, g);
    if (children.empty()) {
      communes.push_back(u);
    } else {
      for (const domain::Unit* c : children) stack.push_back(c);
    }
  }
  std::sort(communes.begin(), communes.end(),
            [](const domain::Unit* a, const domain::Unit* b) { return a->code < b->code; });
  communes.erase(std::unique(communes.begin(), communes.end()), communes.end());
  Table t;
  t.report_id = "ntm-13";
  t.title = std::string(kReports[5].title);
  t.parameters = scope.Describe();
  t.parameters.push_back({"Tiêu chí", effective_rule
                                          ? "13.1 (2021–2025): có HTX hoạt động hiệu quả (xếp "
                                            "loại khá, tốt) và đúng quy định"
                                          : "13.1 (2016–2020): có HTX hoạt động theo Luật HTX "
                                            "2012"});
  t.columns = {{"commune_code", "Mã xã", ColumnType::kText},
               {"commune", "Xã, phường", ColumnType::kText},
               {"parent", "Thuộc", ColumnType::kText},
               {"qualifying", "Số HTX đạt", ColumnType::kCount},
               {"met", "Đạt tiêu chí 13.1", ColumnType::kText}};
  // Communes and used areas are both in code order (the unmapped area, "", last): walk them
  // together.
  const std::vector<size_t> areas = scope.SortedAreas();
  size_t next_area = 0;
  int64_t met = 0;
  t.rows.reserve(communes.size());
  for (const domain::Unit* c : communes) {
    Row& row = t.rows.emplace_back();
    row.cells.reserve(t.columns.size());
    const domain::Unit* parent = units.Parent(*c, g);
    row.cells.emplace_back(c->code);
    row.cells.emplace_back(c->name);
    row.cells.emplace_back(parent != nullptr ? parent->name : std::string());
    while (next_area < areas.size() && !scope.areas()[areas[next_area]].code.empty() &&
           scope.areas()[areas[next_area]].code < c->code) {
      ++next_area;
    }
    int64_t n = 0;
    if (next_area < areas.size() && scope.areas()[areas[next_area]].code == c->code) {
      const size_t area = areas[next_area];
      n = qualifying_count[area];
      if (params.detail) row.detail = std::move(qualifying[area]);
    }
    row.cells.emplace_back(n);
    row.cells.emplace_back(std::string(n > 0 ? "Đạt" : "Chưa đạt"));
    met += n > 0 ? 1 : 0;
  }
  Row totals;
  totals.cells = {std::string(), std::string(), std::to_string(communes.size()) + " xã",
                  std::monostate{}, std::to_string(met) + " xã đạt"};
  t.totals = std::move(totals);
  return t;
}

// --- rating ---

Table Rating(Scope& scope) {
  const Projection& p = scope.projection();
  const int year = scope.params().year.value_or(scope.params().as_of.year());
  const Date end = Date::FromYmd(year, 12, 31).value();
  Table t = Shell("rating", scope,
                  {{"reported", "Có báo cáo năm", ColumnType::kCount},
                   {"good", "Tốt", ColumnType::kCount},
                   {"fair", "Khá", ColumnType::kCount},
                   {"average", "Trung bình", ColumnType::kCount},
                   {"weak", "Yếu", ColumnType::kCount},
                   {"not_rated", "Chưa xếp loại", ColumnType::kCount},
                   {"no_rating", "Không có xếp loại", ColumnType::kCount},
                   {"scored", "Có điểm đánh giá", ColumnType::kCount},
                   {"band_from_score", "Xếp loại tính từ điểm", ColumnType::kCount},
                   {"good_fair_percent", "Tỷ lệ khá, tốt (%)", ColumnType::kPercent}});
  t.parameters.push_back({"Năm đánh giá", std::to_string(year)});
  Counts counts(9, scope.areas().size());
  std::vector<std::vector<DetailItem>> detail;
  std::map<std::string, int64_t> schemes;
  for (const OrgEntry& o : p.orgs()) {
    if (!IsCooperative(o.kind)) continue;
    const Snapshot* s = p.At(o, end);
    if (s == nullptr || !scope.Includes(o, *s)) continue;
    const Figures* f = p.FiguresFor(o, year);
    if (f == nullptr) continue;
    const size_t area = scope.AreaOf(*s);
    const std::span<int64_t> c = counts.Of(area);
    std::vector<size_t> counted = {0};  // the measures this organisation is counted in
    ++c[0];
    // A stored band wins; otherwise the band the scheme's data gives the stored score.
    int rating = f->rating;
    const domain::RatingScheme* scheme =
        f->scheme >= 0 ? domain::FindRatingScheme(p.name(f->scheme)) : nullptr;
    if (f->score != Figures::kMissing) {
      ++c[7];
      counted.push_back(7);
      if (rating < 0 && scheme != nullptr) {
        if (auto band = domain::BandFor(*scheme, static_cast<int>(f->score))) {
          rating = static_cast<int>(*band);
          ++c[8];
          counted.push_back(8);
        }
      }
    }
    const size_t band = rating < 0 ? 6 : 1 + static_cast<size_t>(rating);
    ++c[band];
    counted.push_back(band);
    if (f->scheme >= 0) ++schemes[std::string(p.name(f->scheme))];
    if (scope.params().detail) {
      std::sort(counted.begin(), counted.end());
      AddDetail(
          detail, area,
          WithColumns(scope.Detail(o, *s, area,
                                   rating < 0 ? "không có xếp loại"
                                              : domain::Label(static_cast<domain::Rating>(rating))),
                      MeasureIds(t, counted)));
    }
  }
  FillRows(t, scope, counts, detail, [](std::span<const int64_t> c, std::vector<Cell>& cells) {
    cells.push_back(Percent(c[1] + c[2], c[0] - c[5] - c[6]));
  });
  std::string used;
  for (const auto& [name, n] : schemes) {
    if (!used.empty()) used += "; ";
    used += name + ": " + std::to_string(n);
  }
  t.parameters.push_back({"Căn cứ xếp loại", used.empty() ? "không có" : used});
  std::string bands;
  for (const domain::RatingScheme& scheme : domain::KnownRatingSchemes()) {
    bands.append(scheme.id).append(":");
    for (const domain::RatingBand& b : scheme.bands) {
      bands.append(" ").append(domain::Label(b.rating)).append(" từ ");
      bands.append(std::to_string(b.min_score)).append(" điểm;");
    }
  }
  t.notes.push_back("Tỷ lệ khá, tốt tính trên các tổ chức đã được xếp loại, theo số liệu năm " +
                    std::to_string(year) +
                    ". Khi chỉ có điểm, xếp loại tính theo bảng của căn cứ (" + bands + ").");
  return t;
}

// --- status-series ---

Table StatusSeries(Scope& scope) {
  const Projection& p = scope.projection();
  const Date as_of = scope.params().as_of;
  const int last = as_of.year();
  const int first = std::clamp(scope.params().year.value_or(last - 10), last - 100, last);
  Table t;
  t.report_id = "status-series";
  t.title = std::string(kReports[7].title);
  t.parameters = scope.Describe();
  t.parameters.push_back({"Từ năm", std::to_string(first)});
  t.columns = {{"year", "Năm", ColumnType::kText},
               {"on", "Tính đến ngày", ColumnType::kDate},
               {"active", "Tổng số đang tồn tại", ColumnType::kCount},
               {"operating", "Đang hoạt động", ColumnType::kCount},
               {"suspended", "Tạm ngừng", ColumnType::kCount},
               {"not_at_address", "Không hoạt động tại địa chỉ", ColumnType::kCount},
               {"dissolving", "Đang giải thể", ColumnType::kCount},
               {"founded", "Thành lập mới", ColumnType::kCount},
               {"dissolved_voluntary", "Giải thể tự nguyện", ColumnType::kCount},
               {"dissolved_forced", "Giải thể bắt buộc", ColumnType::kCount},
               {"ended_otherwise", "Chấm dứt khác", ColumnType::kCount}};
  const bool with_detail = scope.params().detail;
  for (int year = first; year <= last; ++year) {
    const Date end = year == last ? as_of : Date::FromYmd(year, 12, 31).value();
    const int32_t from = Date::FromYmd(year, 1, 1).value().days(), to = end.days();
    std::array<int64_t, 9> c{};
    Row row;
    for (const OrgEntry& o : p.orgs()) {
      const Snapshot* s = p.At(o, end);
      if (s == nullptr || !scope.Includes(o, *s)) continue;
      std::vector<size_t> counted;
      auto count = [&](size_t i) {
        ++c[i];
        if (with_detail) counted.push_back(i);
      };
      if (!domain::IsTerminal(s->status)) {
        count(0);
        switch (s->status) {
          case LegalStatus::kOperating:
            count(1);
            break;
          case LegalStatus::kSuspended:
            count(2);
            break;
          case LegalStatus::kNotAtAddress:
            count(3);
            break;
          default:
            count(4);
            break;
        }
      }
      if (o.founded >= from && o.founded <= to) count(5);
      if (s->ended != kNoDate && s->ended >= from && s->ended <= to) {
        count(s->ended_by == domain::EventType::kDissolvedVoluntary ? 6
              : s->ended_by == domain::EventType::kDissolvedForced  ? 7
                                                                    : 8);
      }
      if (with_detail && !counted.empty()) {
        row.detail.push_back(
            WithColumns(scope.Detail(o, *s, scope.AreaOf(*s), ""), MeasureIds(t, counted)));
      }
    }
    row.cells = {std::to_string(year), end.ToString()};
    for (int64_t v : c) row.cells.emplace_back(v);
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back(
      "Số tổ chức đang tồn tại (chưa giải thể, chấm dứt) ngày 31/12 mỗi năm, năm cuối tính đến "
      "ngày báo cáo; thành lập và chấm dứt trong năm đến ngày đó.");
  return t;
}

}  // namespace

std::span<const ReportInfo> Reports() { return kReports; }

Engine::Engine(const Projection& projection, const domain::UnitCatalog& units)
    : projection_(projection),
      units_(units),
      area_maps_(std::make_unique<AreaMaps>(projection, units)) {}

Engine::~Engine() = default;

Result<Table> Engine::Run(std::string_view id, const ReportParams& params) const {
  const Projection& projection = projection_;
  const domain::UnitCatalog& units = units_;
  bool known = false;
  for (const ReportInfo& r : kReports) known = known || r.id == id;
  if (!known) {
    std::string names;
    for (const ReportInfo& r : kReports) {
      if (!names.empty()) names += ", ";
      names += r.id;
    }
    return Error::NotFound("no report is called this; reports: " + names, "report",
                           std::string(id));
  }
  ReportParams effective = params;
  if (id == "ntm-13") effective.by = GroupBy::kCommune;
  HOPTAC_ASSIGN_OR_RETURN(Scope scope, Scope::Make(projection, units, *area_maps_, effective));
  Table t;
  if (id == "conversion-2012") {
    t = Conversion(scope);
  } else if (id == "sector-summary") {
    t = SectorSummary(scope);
  } else if (id == "year-review") {
    t = YearReview(scope);
  } else if (id == "inactive") {
    t = Inactive(scope);
  } else if (id == "model-replication") {
    t = ModelReplication(scope);
  } else if (id == "ntm-13") {
    HOPTAC_ASSIGN_OR_RETURN(t, Ntm13(scope, units));
  } else if (id == "status-series") {
    t = StatusSeries(scope);
  } else {
    t = Rating(scope);
  }
  if (params.english) ToEnglish(t);
  return t;
}

Result<Table> RunReport(std::string_view id, const Projection& projection,
                        const domain::UnitCatalog& units, const ReportParams& params) {
  return Engine(projection, units).Run(id, params);
}

}  // namespace hoptac::report
