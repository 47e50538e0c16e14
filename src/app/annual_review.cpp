#include "app/annual_review.hpp"

#include <map>

#include "app/alliance_json.hpp"
#include "report/render.hpp"

namespace hoptac::app {

using report::Cell;
using report::Column;
using report::ColumnType;
using report::DocumentSection;
using report::DocumentTable;
using report::Row;
using report::Table;

namespace {

Date Ymd(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

int64_t Total(const Table& t, std::string_view id) {
  if (!t.totals) return 0;
  for (size_t i = 0; i < t.columns.size() && i < t.totals->cells.size(); ++i) {
    if (t.columns[i].id != id) continue;
    if (const auto* v = std::get_if<int64_t>(&t.totals->cells[i])) return *v;
  }
  return 0;
}

std::string N(int64_t v) {
  // 1.234 grouping, as the reports print counts.
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return v < 0 ? "-" + out : out;
}

std::string TwoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// "Tỉnh Hà Giang" → "Hà Giang"; "Tỉnh Hà Giang" → "tỉnh Hà Giang" (lowered).
std::string PlaceName(const std::string& name) {
  for (std::string_view prefix :
       {"Tỉnh ", "Thành phố ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ", "Thị trấn "}) {
    if (name.rfind(prefix, 0) == 0) return name.substr(prefix.size());
  }
  return name;
}

std::string LowerType(const std::string& name) {
  const std::string place = PlaceName(name);
  if (place.size() == name.size()) return name;
  std::string type = name.substr(0, name.size() - place.size());
  // The unit words are "Tỉnh", "Thành phố", …: lower their first letter only.
  if (type.rfind("Tỉnh", 0) == 0) return "tỉnh " + place;
  if (type.rfind("Thành phố", 0) == 0) return "thành phố " + place;
  if (type.rfind("Huyện", 0) == 0) return "huyện " + place;
  if (type.rfind("Xã", 0) == 0) return "xã " + place;
  return name;
}

void AddTable(DocumentSection& s, std::string caption, std::string sheet, Table t) {
  s.tables.push_back({std::move(caption), std::move(sheet), std::move(t)});
}

std::string Percent(std::optional<double> p) {
  if (!p) return "";
  const auto tenths = static_cast<int64_t>(*p * 10 + 0.5);
  return N(tenths / 10) + "," + std::to_string(tenths % 10) + "%";
}

}  // namespace

Result<AnnualReview> BuildAnnualReview(AllianceService& service, int year,
                                       const std::string& area) {
  if (year < 2000 || year > 2100) {
    return Error::Invalid("year", std::to_string(year), "a year from 2000 to 2100", "review.year");
  }
  AnnualReview r;
  r.year = year;
  r.as_of = Ymd(year, 12, 31);
  r.issued = service.clock().Today();
  r.area = area;
  const std::string y = std::to_string(year);
  const std::string next = std::to_string(year + 1);

  report::ReportParams params;
  params.as_of = r.as_of;
  params.unit = area;
  params.year = year;
  params.by = r.as_of <= Ymd(2025, 6, 30) ? report::GroupBy::kDistrict : report::GroupBy::kProvince;

  // Where: the area, or the one province the registry holds.
  if (!area.empty()) {
    r.area_name = service.UnitName(area, r.as_of);
    if (r.area_name.empty()) {
      return Error::Invalid("area", area, "no administrative unit has this code", "unit.known");
    }
  } else {
    report::ReportParams by_province = params;
    by_province.by = report::GroupBy::kProvince;
    HOPTAC_ASSIGN_OR_RETURN(Table provinces, service.RunReport("conversion-2012", by_province));
    if (provinces.rows.size() == 1 && provinces.rows[0].cells.size() > 1) {
      if (const auto* name = std::get_if<std::string>(&provinces.rows[0].cells[1])) {
        r.area_name = *name;
      }
    }
  }
  const std::string where = r.area_name.empty() ? "toàn quốc" : LowerType(r.area_name);

  HOPTAC_ASSIGN_OR_RETURN(Table flows, service.RunReport("year-review", params));
  HOPTAC_ASSIGN_OR_RETURN(Table conversion, service.RunReport("conversion-2012", params));
  HOPTAC_ASSIGN_OR_RETURN(Table ratings, service.RunReport("rating", params));
  r.conversion_required = Total(conversion, "required");
  r.converted = Total(conversion, "converted");
  r.dissolved_voluntary = Total(conversion, "dissolved_voluntary");
  r.dissolved_forced = Total(conversion, "dissolved_forced");
  r.ended_otherwise = Total(conversion, "ended_otherwise");
  r.pending = Total(conversion, "pending");
  HOPTAC_ASSIGN_OR_RETURN(
      r.founded_cooperatives,
      service.ComputeIndicator("founded_cooperatives", "", year, r.as_of, area));
  HOPTAC_ASSIGN_OR_RETURN(r.founded_groups,
                          service.ComputeIndicator("founded_groups", "", year, r.as_of, area));

  // Activities of the year, by type and listed.
  ActivityFilter af;
  af.from = Ymd(year, 1, 1);
  af.to = r.as_of;
  af.area = area;
  af.limit = SIZE_MAX;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Activity> activities, service.ListActivities(af));
  Table by_type;
  by_type.report_id = "annual-review-activities";
  by_type.title = "Hoạt động của Liên minh năm " + y + " theo loại";
  by_type.columns = {{"type", "Loại hoạt động", ColumnType::kText},
                     {"count", "Số hoạt động", ColumnType::kCount},
                     {"participants", "Lượt người tham gia", ColumnType::kCount},
                     {"organisations", "Lượt tổ chức tham gia", ColumnType::kCount},
                     {"funding", "Kinh phí (đồng)", ColumnType::kMoney}};
  Table listed;
  listed.report_id = "annual-review-activity-list";
  listed.title = "Danh sách hoạt động năm " + y;
  listed.columns = {{"start_date", "Từ ngày", ColumnType::kDate},
                    {"end_date", "Đến ngày", ColumnType::kDate},
                    {"type", "Loại", ColumnType::kText},
                    {"title", "Nội dung", ColumnType::kText},
                    {"area", "Địa bàn", ColumnType::kText},
                    {"organisations", "Tổ chức tham gia", ColumnType::kText},
                    {"participants", "Số người", ColumnType::kCount},
                    {"funding_source", "Nguồn kinh phí", ColumnType::kText},
                    {"funding", "Kinh phí (đồng)", ColumnType::kMoney},
                    {"outcome", "Kết quả", ColumnType::kText}};
  {
    std::map<std::string, std::array<int64_t, 4>> sums;
    std::array<int64_t, 4> total{};
    for (auto it = activities.rbegin(); it != activities.rend(); ++it) {
      const domain::Activity& a = *it;
      auto& s = sums[a.type];
      const std::array<int64_t, 4> add{1, a.participants, static_cast<int64_t>(a.org_codes.size()),
                                       a.funding_amount ? a.funding_amount->vnd() : 0};
      for (size_t k = 0; k < 4; ++k) {
        s[k] += add[k];
        total[k] += add[k];
      }
      std::string orgs;
      for (const auto& code : a.org_codes) {
        if (!orgs.empty()) orgs += "; ";
        const std::string name = service.OrgName(code);
        orgs += name.empty() ? code : name + " (" + code + ")";
      }
      const domain::ActivityType* type = domain::FindActivityType(a.type);
      Row row;
      row.cells = {a.start_date.ToString(),
                   a.end_date.ToString(),
                   std::string(type != nullptr ? type->label : a.type),
                   a.title,
                   a.unit_code.empty() ? std::string("Toàn tỉnh")
                                       : service.UnitName(a.unit_code, a.start_date),
                   orgs,
                   a.participants,
                   a.funding_source,
                   a.funding_amount ? Cell(a.funding_amount->vnd()) : Cell(std::monostate{}),
                   a.outcome};
      listed.rows.push_back(std::move(row));
    }
    for (const domain::ActivityType& t : domain::ActivityTypes()) {
      auto it = sums.find(std::string(t.id));
      if (it == sums.end()) continue;
      by_type.rows.push_back(
          {{std::string(t.label), it->second[0], it->second[1], it->second[2], it->second[3]}, {}});
    }
    by_type.totals = Row{{std::string(), total[0], total[1], total[2], total[3]}, {}};
    r.activities = total[0];
  }

  // Inspections of the year and their follow-ups as of 31 December.
  InspectionFilter inf;
  inf.from = Ymd(year, 1, 1);
  inf.to = r.as_of;
  inf.area = area;
  inf.limit = SIZE_MAX;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Inspection> inspections,
                          service.ListInspections(inf));
  Table insp;
  insp.report_id = "annual-review-inspections";
  insp.title = "Kiểm tra, giám sát năm " + y;
  insp.columns = {{"planned_date", "Ngày dự kiến", ColumnType::kDate},
                  {"held_date", "Ngày kiểm tra", ColumnType::kDate},
                  {"subject", "Nội dung kiểm tra", ColumnType::kText},
                  {"organisation", "Đơn vị được kiểm tra", ColumnType::kText},
                  {"team", "Đoàn kiểm tra", ColumnType::kText},
                  {"findings", "Số phát hiện", ColumnType::kCount},
                  {"recommendations", "Số kiến nghị", ColumnType::kCount},
                  {"done", "Đã thực hiện", ColumnType::kCount},
                  {"overdue", "Quá hạn", ColumnType::kCount}};
  {
    std::array<int64_t, 4> total{};
    for (auto it = inspections.rbegin(); it != inspections.rend(); ++it) {
      const domain::Inspection& i = *it;
      int64_t done = 0, overdue = 0;
      for (const auto& rec : i.recommendations) {
        const domain::FollowUpState st = domain::StateOf(rec, r.as_of);
        done += st == domain::FollowUpState::kDone ? 1 : 0;
        overdue += st == domain::FollowUpState::kOverdue ? 1 : 0;
      }
      if (i.held_date && i.held_date->year() == year) ++r.inspections_held;
      const std::string name = i.org_code.empty() ? std::string() : service.OrgName(i.org_code);
      std::string org = i.org_code.empty()
                            ? (i.unit_code.empty() ? std::string("Toàn tỉnh")
                                                   : service.UnitName(i.unit_code, i.planned_date))
                            : (name.empty() ? i.org_code : name + " (" + i.org_code + ")");
      insp.rows.push_back(
          {{i.planned_date.ToString(),
            i.held_date ? Cell(i.held_date->ToString()) : Cell(std::monostate{}), i.subject,
            std::move(org), i.team, static_cast<int64_t>(i.findings.size()),
            static_cast<int64_t>(i.recommendations.size()), done, overdue},
           {}});
      total[0] += static_cast<int64_t>(i.findings.size());
      total[1] += static_cast<int64_t>(i.recommendations.size());
      total[2] += done;
      total[3] += overdue;
    }
    insp.totals = Row{{std::string(), std::monostate{}, std::string(), std::string(), std::string(),
                       total[0], total[1], total[2], total[3]},
                      {}};
    r.overdue_recommendations = total[3];
  }

  // The plan of the year against its actuals; next year's plan.
  auto plan = service.PlanProgressAsOf(year, r.as_of, area);
  if (plan.ok()) {
    r.plan = std::move(plan).value();
  } else if (plan.error().code != ErrorCode::kNotFound) {
    return plan.take_error();
  }
  auto next_plan = service.GetPlan(year + 1);
  if (next_plan.ok()) {
    r.next_plan = std::move(next_plan).value();
  } else if (next_plan.error().code != ErrorCode::kNotFound) {
    return next_plan.take_error();
  }
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::ReviewNote> note, service.Difficulties(year));
  if (note) r.difficulties = note->difficulties;

  // --- The document.
  report::Document& d = r.document;
  d.issuer_parent = "Liên minh Hợp tác xã " + (r.area_name.empty() ? "" : LowerType(r.area_name));
  d.issuer = "Ban Chấp hành";
  d.place_date = (r.area_name.empty() ? std::string() : PlaceName(r.area_name) + ", ") + "ngày " +
                 TwoDigits(r.issued.day()) + " tháng " + TwoDigits(r.issued.month()) + " năm " +
                 std::to_string(r.issued.year());
  d.title = "BÁO CÁO";
  d.subtitle = "Đánh giá kết quả hoạt động năm " + y + " và nhiệm vụ năm " + next;

  DocumentSection part1{"I", "Kết quả thực hiện năm " + y, 1, {}, {}};
  d.sections.push_back(part1);

  DocumentSection s1{"1", "Tình hình phát triển hợp tác xã, tổ hợp tác", 2, {}, {}};
  s1.paragraphs.push_back("Trong năm " + y + ", " + where + " thành lập mới " +
                          N(r.founded_cooperatives) + " hợp tác xã và " + N(r.founded_groups) +
                          " tổ hợp tác. Cuối năm có " + N(Total(flows, "stock_end")) +
                          " tổ chức kinh tế tập thể đang tồn tại (đầu năm " +
                          N(Total(flows, "stock_start")) + ").");
  AddTable(s1, "Bảng 1. Số lượng và biến động trong năm " + y, "1. Biến động", std::move(flows));
  d.sections.push_back(std::move(s1));

  DocumentSection s2{
      "2", "Chuyển đổi, giải thể hợp tác xã theo Luật Hợp tác xã năm 2012", 2, {}, {}};
  std::string conv = "Tính đến " + r.as_of.ToVietnamese() + ", " + where + " đã chuyển đổi " +
                     N(r.converted) + " HTX, giải thể tự nguyện " + N(r.dissolved_voluntary) +
                     " HTX trên tổng số " + N(r.conversion_required) +
                     " HTX phải chuyển đổi theo quy định của Luật HTX năm 2012";
  if (r.dissolved_forced > 0) conv += "; giải thể bắt buộc " + N(r.dissolved_forced) + " HTX";
  if (r.ended_otherwise > 0) conv += "; chấm dứt khác " + N(r.ended_otherwise) + " HTX";
  conv += "; còn " + N(r.pending) + " HTX chưa chuyển đổi.";
  s2.paragraphs.push_back(std::move(conv));
  AddTable(s2, "Bảng 2. Chuyển đổi HTX theo Luật HTX 2012 đến " + r.as_of.ToVietnamese(),
           "2. Chuyển đổi", std::move(conversion));
  d.sections.push_back(std::move(s2));

  DocumentSection s3{"3", "Đánh giá, xếp loại hợp tác xã", 2, {}, {}};
  s3.paragraphs.push_back("Số HTX xếp loại tốt: " + N(Total(ratings, "good")) +
                          "; khá: " + N(Total(ratings, "fair")) +
                          "; trung bình: " + N(Total(ratings, "average")) +
                          "; yếu: " + N(Total(ratings, "weak")) + " (theo số liệu năm " + y + ").");
  AddTable(s3, "Bảng 3. Kết quả xếp loại năm " + y, "3. Xếp loại", std::move(ratings));
  d.sections.push_back(std::move(s3));

  DocumentSection s4{"4", "Hoạt động tư vấn, hỗ trợ, đào tạo, xúc tiến thương mại", 2, {}, {}};
  s4.paragraphs.push_back("Trong năm, Liên minh tổ chức " + N(r.activities) + " hoạt động.");
  AddTable(s4, "Bảng 4. Hoạt động theo loại", "4. Hoạt động", std::move(by_type));
  AddTable(s4, "Bảng 5. Danh sách hoạt động", "5. DS hoạt động", std::move(listed));
  d.sections.push_back(std::move(s4));

  DocumentSection s5{"5", "Công tác kiểm tra, giám sát", 2, {}, {}};
  s5.paragraphs.push_back("Đã tiến hành " + N(r.inspections_held) +
                          " cuộc kiểm tra, giám sát; đến " + r.as_of.ToVietnamese() + " còn " +
                          N(r.overdue_recommendations) + " kiến nghị quá hạn chưa thực hiện.");
  AddTable(s5, "Bảng 6. Kiểm tra, giám sát và việc thực hiện kiến nghị", "6. Kiểm tra",
           std::move(insp));
  d.sections.push_back(std::move(s5));

  DocumentSection pilots{"6", "Hỗ trợ các xã điểm xây dựng nông thôn mới", 2, {}, {}};
  HOPTAC_ASSIGN_OR_RETURN(std::vector<PilotCommuneStatus> statuses,
                          service.PilotCommuneStatuses(year, r.as_of));
  if (statuses.empty()) {
    pilots.paragraphs.push_back("Chưa có danh sách xã điểm năm " + y + ".");
  } else {
    Table t;
    t.report_id = "annual-review-pilot-communes";
    t.title = "Xã điểm nông thôn mới năm " + y;
    t.columns = {{"commune_code", "Mã xã", ColumnType::kText},
                 {"commune", "Xã", ColumnType::kText},
                 {"qualifying", "Số HTX đạt", ColumnType::kCount},
                 {"met", "Tiêu chí 13.1", ColumnType::kText},
                 {"activities", "Số hoạt động của Liên minh", ColumnType::kCount}};
    int64_t met = 0;
    for (const PilotCommuneStatus& p : statuses) {
      met += p.met ? 1 : 0;
      t.rows.push_back({{p.commune.unit_code, p.name, p.qualifying,
                         std::string(p.met ? "Đạt" : "Chưa đạt"), p.activities},
                        {}});
    }
    pilots.paragraphs.push_back(N(met) + "/" + N(static_cast<int64_t>(statuses.size())) +
                                " xã điểm đạt tiêu chí 13.1 đến " + r.as_of.ToVietnamese() + ".");
    AddTable(pilots, "Bảng 7. Xã điểm nông thôn mới: tiêu chí 13.1 và hoạt động hỗ trợ",
             "7. Xã điểm NTM", std::move(t));
  }
  d.sections.push_back(std::move(pilots));

  DocumentSection s6{"7", "Kết quả thực hiện kế hoạch năm " + y, 2, {}, {}};
  if (r.plan) {
    Table t;
    t.report_id = "annual-review-plan";
    t.title = "Kế hoạch năm " + y + ": chỉ tiêu và kết quả";
    t.columns = {{"position", "STT", ColumnType::kCount},
                 {"task", "Nhiệm vụ", ColumnType::kText},
                 {"indicator", "Chỉ tiêu", ColumnType::kText},
                 {"target", "Kế hoạch", ColumnType::kCount},
                 {"actual", "Thực hiện", ColumnType::kCount},
                 {"percent", "Tỷ lệ (%)", ColumnType::kPercent},
                 {"basis", "Căn cứ", ColumnType::kText}};
    for (const TaskProgress& tp : r.plan->tasks) {
      t.rows.push_back(
          {{int64_t{tp.task.position}, tp.task.title, tp.indicator_label, tp.task.target, tp.actual,
            tp.percent ? Cell(*tp.percent) : Cell(std::monostate{}), tp.basis},
           {}});
      s6.paragraphs.push_back(tp.task.title + ": kế hoạch " + N(tp.task.target) +
                              (tp.task.unit.empty() ? "" : " " + tp.task.unit) + ", thực hiện " +
                              N(tp.actual) + (tp.percent ? " (" + Percent(tp.percent) + ")" : "") +
                              ".");
    }
    AddTable(s6, "Bảng 8. Kết quả thực hiện các chỉ tiêu kế hoạch năm " + y, "8. Kế hoạch",
             std::move(t));
  } else {
    s6.paragraphs.push_back("Chưa có kế hoạch năm " + y + ".");
  }
  d.sections.push_back(std::move(s6));

  DocumentSection part2{"II", "Khó khăn, hạn chế", 1, {}, {}};
  if (r.difficulties.empty()) {
    part2.paragraphs.push_back("(Chưa nhập nội dung.)");
  } else {
    size_t start = 0;
    while (start <= r.difficulties.size()) {
      const size_t nl = r.difficulties.find('\n', start);
      std::string line = r.difficulties.substr(start, nl == std::string::npos ? nl : nl - start);
      if (!line.empty()) part2.paragraphs.push_back(std::move(line));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  d.sections.push_back(std::move(part2));

  DocumentSection part3{"III", "Nhiệm vụ trọng tâm năm " + next, 1, {}, {}};
  if (r.next_plan) {
    Table t;
    t.report_id = "annual-review-next";
    t.title = "Nhiệm vụ năm " + next;
    t.columns = {{"position", "STT", ColumnType::kCount},
                 {"task", "Nhiệm vụ", ColumnType::kText},
                 {"indicator", "Chỉ tiêu", ColumnType::kText},
                 {"target", "Kế hoạch", ColumnType::kCount},
                 {"area", "Địa bàn", ColumnType::kText}};
    for (const domain::PlanTask& task : r.next_plan->tasks) {
      const domain::IndicatorInfo* info = domain::FindIndicator(task.indicator);
      std::string indicator = info != nullptr ? std::string(info->label) : "Theo dõi thủ công";
      if (!task.unit.empty()) indicator += " (" + task.unit + ")";
      part3.paragraphs.push_back(std::to_string(task.position) + ". " + task.title);
      t.rows.push_back(
          {{int64_t{task.position}, task.title, std::move(indicator), task.target,
            task.unit_code.empty() ? std::string("Toàn tỉnh")
                                   : service.UnitName(task.unit_code, Ymd(year + 1, 12, 31))},
           {}});
    }
    AddTable(part3, "Bảng 9. Nhiệm vụ và chỉ tiêu năm " + next, "9. Nhiệm vụ " + next,
             std::move(t));
  } else {
    part3.paragraphs.push_back("Chưa có kế hoạch năm " + next + ".");
  }
  d.sections.push_back(std::move(part3));
  return r;
}

nlohmann::json AnnualReviewJson(const AnnualReview& r) {
  nlohmann::json sections = nlohmann::json::array();
  for (const DocumentSection& s : r.document.sections) {
    nlohmann::json tables = nlohmann::json::array();
    for (const DocumentTable& t : s.tables) {
      tables.push_back({{"caption", t.caption},
                        {"sheet", t.sheet},
                        {"table", nlohmann::json::parse(report::RenderJson(t.table))}});
    }
    sections.push_back({{"number", s.number},
                        {"heading", s.heading},
                        {"level", s.level},
                        {"paragraphs", s.paragraphs},
                        {"tables", tables}});
  }
  return {{"year", r.year},
          {"as_of", r.as_of.ToString()},
          {"issued", r.issued.ToString()},
          {"area", r.area},
          {"area_name", r.area_name},
          {"conversion",
           {{"required", r.conversion_required},
            {"converted", r.converted},
            {"dissolved_voluntary", r.dissolved_voluntary},
            {"dissolved_forced", r.dissolved_forced},
            {"ended_otherwise", r.ended_otherwise},
            {"pending", r.pending}}},
          {"founded_cooperatives", r.founded_cooperatives},
          {"founded_groups", r.founded_groups},
          {"activities", r.activities},
          {"inspections_held", r.inspections_held},
          {"overdue_recommendations", r.overdue_recommendations},
          {"plan", r.plan ? PlanProgressJson(*r.plan) : nlohmann::json(nullptr)},
          {"next_plan", r.next_plan ? PlanJson(*r.next_plan) : nlohmann::json(nullptr)},
          {"difficulties", r.difficulties},
          {"document",
           {{"issuer_parent", r.document.issuer_parent},
            {"issuer", r.document.issuer},
            {"place_date", r.document.place_date},
            {"title", r.document.title},
            {"subtitle", r.document.subtitle},
            {"sections", sections}}}};
}

}  // namespace hoptac::app
