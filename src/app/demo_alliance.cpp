#include "app/demo_alliance.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "app/demo.hpp"

namespace hoptac::app {
namespace {

using domain::Activity;
using domain::FollowUp;
using domain::Inspection;
using domain::Plan;
using domain::PlanTask;
using domain::Recommendation;
using domain::TaskKind;

Date Ymd(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

constexpr const char* kProvince = "02";
constexpr const char* kVietLam = "00967";

struct Demo {
  AllianceService& service;
  const Actor& actor;
  domain::UnitCatalog units;
  std::vector<domain::OrgState> htx;         // operating HTX, in name order
  std::vector<domain::OrgState> thon_chang;  // the model and its replications
  DemoAllianceSummary summary;

  // The commune of an organisation if it is valid on `d`, else "" (province-wide).
  std::string UnitOn(const domain::OrgState& o, Date d) const {
    return units.At(o.unit_code, d) != nullptr ? o.unit_code : std::string();
  }

  // `n` organisations founded before `d`, starting at `from` in the list (cyclic).
  std::vector<const domain::OrgState*> Pick(const std::vector<domain::OrgState>& list, size_t from,
                                            size_t n, Date d) const {
    std::vector<const domain::OrgState*> founded;
    for (const domain::OrgState& o : list) {
      if (o.founded_on < d) founded.push_back(&o);
    }
    std::vector<const domain::OrgState*> out;
    for (size_t k = 0; k < founded.size() && out.size() < n; ++k) {
      out.push_back(founded[(from + k) % founded.size()]);
    }
    return out;
  }

  Status AddActivity(std::string type, std::string title, Date start, Date end,
                     std::vector<const domain::OrgState*> orgs, int64_t participants,
                     std::string funding_source, int64_t funding, std::string outcome,
                     std::string unit = {}, std::vector<std::string> documents = {}) {
    Activity a;
    a.type = std::move(type);
    a.title = std::move(title);
    a.start_date = start;
    a.end_date = end;
    a.unit_code = std::move(unit);
    for (const domain::OrgState* o : orgs) a.org_codes.push_back(o->registry_code);
    if (a.unit_code.empty() && orgs.size() == 1) a.unit_code = UnitOn(*orgs[0], start);
    a.participants = participants;
    a.staff = start.year() == 2016 ? "Hoàng Văn Minh; Nguyễn Thị Lan" : "Nguyễn Thị Lan";
    a.funding_source = std::move(funding_source);
    if (funding > 0) a.funding_amount = domain::Money::Vnd(funding);
    a.outcome = std::move(outcome);
    a.documents = std::move(documents);
    HOPTAC_RETURN_IF_ERROR(service.AddActivity(std::move(a), actor));
    ++summary.activities;
    return OkStatus();
  }

  Result<Inspection> AddInspection(Date planned, std::optional<Date> held, std::string subject,
                                   const domain::OrgState* org, std::vector<std::string> findings,
                                   std::vector<Recommendation> recs,
                                   std::vector<int64_t> events = {}) {
    Inspection i;
    i.planned_date = planned;
    i.held_date = held;
    i.team = "Đoàn kiểm tra Liên minh HTX tỉnh";
    i.subject = std::move(subject);
    if (org != nullptr) {
      i.org_code = org->registry_code;
      i.unit_code = UnitOn(*org, planned);
    }
    i.findings = std::move(findings);
    i.recommendations = std::move(recs);
    i.event_ids = std::move(events);
    HOPTAC_ASSIGN_OR_RETURN(Inspection stored, service.AddInspection(std::move(i), actor));
    ++summary.inspections;
    return stored;
  }
};

Recommendation Rec(std::string text, Date deadline) {
  Recommendation r;
  r.text = std::move(text);
  r.deadline = deadline;
  return r;
}

Recommendation Done(std::string text, Date deadline, Date done_on, std::string note) {
  Recommendation r = Rec(std::move(text), deadline);
  r.status = FollowUp::kDone;
  r.done_on = done_on;
  r.follow_up_note = std::move(note);
  return r;
}

PlanTask Computed(std::string title, std::string indicator, int64_t target,
                  std::string parameter = {}) {
  PlanTask t;
  t.title = std::move(title);
  t.kind = TaskKind::kComputed;
  t.indicator = std::move(indicator);
  t.parameter = std::move(parameter);
  t.target = target;
  return t;
}

PlanTask Manual(std::string title, int64_t target, std::string unit) {
  PlanTask t;
  t.title = std::move(title);
  t.kind = TaskKind::kManual;
  t.target = target;
  t.unit = std::move(unit);
  return t;
}

// Pilot communes: the `nth` commune from the last (in code order: rural communes, not the
// district towns) of each district of the province in `year`, and xã Việt Lâm (the thôn Chang
// model's commune).
std::vector<domain::PilotCommune> Pilots(const domain::UnitCatalog& units, int year, size_t nth) {
  const Date d = Ymd(year, 12, 31);
  std::vector<domain::PilotCommune> out;
  out.push_back({year, kVietLam, "Xã Việt Lâm, mô hình HTX thôn Chang"});
  std::vector<const domain::Unit*> districts = units.ChildrenAt(kProvince, d);
  std::sort(districts.begin(), districts.end(),
            [](const domain::Unit* a, const domain::Unit* b) { return a->code < b->code; });
  for (const domain::Unit* district : districts) {
    std::vector<const domain::Unit*> communes = units.ChildrenAt(district->code, d);
    std::sort(communes.begin(), communes.end(),
              [](const domain::Unit* a, const domain::Unit* b) { return a->code < b->code; });
    if (communes.size() <= nth) continue;
    const domain::Unit* c = communes[communes.size() - 1 - nth];
    if (c->code == kVietLam) continue;
    out.push_back({year, c->code, ""});
  }
  return out;
}

}  // namespace

Result<DemoAllianceSummary> BuildDemoAlliance(AllianceService& service, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(int64_t existing, service.store().CountAll());
  if (existing > 0) {
    return Error::Conflict("the Alliance's records are not empty; the demo fills empty ones");
  }
  domain::Store& registry = service.registry();
  Demo demo{service, actor, {}, {}, {}, {}};
  HOPTAC_ASSIGN_OR_RETURN(demo.units, registry.LoadUnits());
  if (demo.units.At(kProvince, Ymd(2016, 12, 31)) == nullptr) {
    return Error::NotFound("province 02 (Hà Giang) is not among the administrative units", "unit",
                           kProvince);
  }
  {
    domain::OrgQuery q;
    q.kind = domain::OrgKind::kHTX;
    q.code_prefix = "51";
    q.status = domain::LegalStatus::kOperating;
    q.limit = 400;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::OrgListRow> rows, registry.QueryLatest(q));
    for (auto& r : rows) demo.htx.push_back(std::move(r.state));
    q.model = std::string(kThonChangModel);
    q.status.reset();
    HOPTAC_ASSIGN_OR_RETURN(rows, registry.QueryLatest(q));
    for (auto& r : rows) demo.thon_chang.push_back(std::move(r.state));
  }
  if (demo.htx.size() < 40 || demo.thon_chang.empty()) {
    return Error::Unavailable("the demo registry must be built before the Alliance's demo");
  }

  // --- Pilot communes.
  std::vector<std::vector<domain::PilotCommune>> pilots_of;
  for (int year : {2016, 2017}) {
    std::vector<domain::PilotCommune> pilots = Pilots(demo.units, year, year == 2016 ? 0 : 1);
    demo.summary.pilot_communes += static_cast<int>(pilots.size());
    HOPTAC_RETURN_IF_ERROR(service.SetPilotCommunes(year, pilots, actor));
    pilots_of.push_back(std::move(pilots));
  }

  // --- Activities of 2016 and 2017.
  const std::string budget = "Ngân sách tỉnh";
  const std::string fund = "Quỹ hỗ trợ phát triển HTX tỉnh";
  for (int year : {2016, 2017}) {
    const size_t shift = year == 2016 ? 0 : 20;
    for (int q = 0; q < 4; ++q) {
      const Date start = Ymd(year, 3 * q + 2, 10);
      HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
          "training",
          "Tập huấn nâng cao năng lực quản lý HTX, đợt " + std::to_string(q + 1) + " năm " +
              std::to_string(year),
          start, start.AddDays(2), demo.Pick(demo.htx, shift + 5 * q, 5, start), 45 + 5 * q, budget,
          38'000'000 + 2'000'000 * q, "Cán bộ quản lý HTX được tập huấn kế toán, Luật HTX", "",
          {"KH " + std::to_string(10 + q) + "/KH-LMHTX"}));
    }
    for (int k = 0; k < 6; ++k) {
      const Date start = Ymd(year, 1 + 2 * k, 15);
      const auto orgs = demo.Pick(demo.htx, shift + 30 + 13 * k, 1, start);
      HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
          k % 2 == 0 ? "consulting" : "support",
          k % 2 == 0 ? "Tư vấn chuyển đổi, tổ chức lại HTX theo Luật HTX 2012"
                     : "Hỗ trợ xây dựng phương án sản xuất kinh doanh gắn với sản phẩm chủ lực",
          start, start, orgs, 12, "", 0, "HTX hoàn thiện hồ sơ, điều lệ"));
    }
    HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
        "trade_promotion",
        "Tham gia hội chợ chuỗi liên kết 7 tỉnh vùng Đông Bắc năm " + std::to_string(year),
        Ymd(year, 9, 20), Ymd(year, 9, 24), demo.Pick(demo.htx, shift + 40, 8, Ymd(year, 9, 20)),
        30, budget, 120'000'000, "Giới thiệu sản phẩm, ký kết tiêu thụ với doanh nghiệp"));
    HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
        "model_replication", "Hỗ trợ nhân rộng mô hình HTX thôn Chang, xã Việt Lâm",
        Ymd(year, 4, 5), Ymd(year, 4, 6), demo.Pick(demo.thon_chang, shift, 6, Ymd(year, 4, 5)), 80,
        budget, 60'000'000, "Các HTX mới học tập mô hình HTX thôn Chang", kVietLam));
    HOPTAC_RETURN_IF_ERROR(
        demo.AddActivity("fund_loan", "Cho vay vốn Quỹ hỗ trợ phát triển HTX", Ymd(year, 6, 1),
                         Ymd(year, 6, 1), demo.Pick(demo.htx, shift + 50, 3, Ymd(year, 6, 1)), 0,
                         fund, 900'000'000, "3 HTX được vay vốn đầu tư sản xuất"));
    // Consulting and support in the year's pilot communes of new rural development.
    const auto& pilots = pilots_of[year == 2016 ? 0 : 1];
    for (size_t k = 0; k < pilots.size() && k < 5; ++k) {
      const Date start = Ymd(year, 3 + 2 * static_cast<int>(k), 20);
      HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
          k % 2 == 0 ? "consulting" : "support",
          "Tư vấn, hỗ trợ phát triển kinh tế tập thể tại xã điểm xây dựng nông thôn mới", start,
          start.AddDays(1), {}, 25 + 5 * static_cast<int>(k), budget, 15'000'000,
          "Hướng dẫn thành lập HTX, tổ hợp tác đạt tiêu chí 13", pilots[k].unit_code));
    }
    HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
        "communication", "Tuyên truyền Luật HTX 2012 trên Báo Hà Giang và Đài PT-TH tỉnh",
        Ymd(year, 7, 1), Ymd(year, 12, 31), {}, 0, budget, 25'000'000,
        "12 tin, bài về kinh tế tập thể"));
  }
  HOPTAC_RETURN_IF_ERROR(demo.AddActivity(
      "contest", "Cuộc thi tìm hiểu mô hình HTX kiểu mới", Ymd(2016, 8, 1), Ymd(2016, 11, 15), {},
      1250, budget, 150'000'000, "1.250 bài dự thi; tổng kết, trao giải tháng 11/2016", "",
      {"QĐ 156/QĐ-UBND"}));

  // --- Inspections: building new-style HTX (2016), conversion (2017).
  const Date today = service.clock().Today();
  for (int k = 0; k < 6; ++k) {
    const Date planned = Ymd(2016, 4 + k, 10);
    const auto org = demo.Pick(demo.htx, 60 + 17 * k, 1, planned);
    std::vector<Recommendation> recs;
    recs.push_back(k % 3 == 0
                       ? Rec("Hoàn thiện sổ sách kế toán, báo cáo tài chính năm", Ymd(2016, 10, 31))
                       : Done("Hoàn thiện sổ sách kế toán, báo cáo tài chính năm",
                              Ymd(2016, 12, 31), Ymd(2016, 11, 30), "Đã kiểm tra lại"));
    recs.push_back(k % 2 == 0 ? Rec("Tổ chức đại hội thành viên thường niên, sửa đổi điều lệ",
                                    Ymd(2017, 3, 31))
                              : Done("Tổ chức đại hội thành viên thường niên, sửa đổi điều lệ",
                                     Ymd(2017, 3, 31), Ymd(2017, 2, 20), "Đã đại hội"));
    HOPTAC_RETURN_IF_ERROR(demo.AddInspection(
        planned, planned.AddDays(3), "Kiểm tra, giám sát xây dựng mô hình HTX kiểu mới",
        org.empty() ? nullptr : org[0],
        {"Chưa mở sổ sách kế toán theo quy định", "Chưa đại hội thường niên"}, std::move(recs)));
  }
  // An inspection that led to forced-dissolution proceedings: found in the registry.
  {
    domain::OrgQuery q;
    q.code_prefix = "51";
    q.status = domain::LegalStatus::kDissolved;
    q.limit = 5000;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::OrgListRow> rows, registry.QueryLatest(q));
    bool linked = false;
    for (const domain::OrgListRow& row : rows) {
      if (linked) break;
      HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Event> events, registry.LoadEvents(row.state.id));
      for (const domain::Event& e : events) {
        if (e.voided || e.type != domain::EventType::kDissolvedForced ||
            e.effective_date < Ymd(2017, 3, 1) || e.effective_date > Ymd(2018, 12, 31)) {
          continue;
        }
        const Date planned = e.effective_date.AddDays(-90);
        HOPTAC_RETURN_IF_ERROR(demo.AddInspection(
            planned, planned.AddDays(2), "Kiểm tra HTX không hoạt động, không chuyển đổi",
            &row.state, {"HTX ngừng hoạt động trên 12 tháng, không còn trụ sở"},
            {Done("Đề nghị cơ quan đăng ký giải thể bắt buộc", planned.AddDays(60),
                  e.effective_date, "Đã có quyết định giải thể bắt buộc")},
            {e.id}));
        linked = true;
        break;
      }
    }
  }
  for (int k = 0; k < 4; ++k) {
    const Date planned = Ymd(2017, 5 + k, 15);
    if (today < planned) break;
    const auto org = demo.Pick(demo.htx, 90 + 19 * k, 1, planned);
    HOPTAC_RETURN_IF_ERROR(demo.AddInspection(
        planned, planned.AddDays(2), "Kiểm tra việc chuyển đổi theo Luật HTX 2012",
        org.empty() ? nullptr : org[0], {"Điều lệ chưa sửa đổi theo Luật HTX 2012"},
        {Rec("Sửa đổi điều lệ, đăng ký lại theo Luật HTX 2012", Ymd(2017, 10, 31))}));
  }
  if (!(today < Ymd(2018, 3, 1))) {
    HOPTAC_RETURN_IF_ERROR(demo.AddInspection(Ymd(2018, 3, 1), std::nullopt,
                                              "Giám sát HTX tại các xã điểm nông thôn mới", nullptr,
                                              {}, {}));
  }

  // --- Plans of 2016 and 2017 (the 2017 tasks are the article's), progress of manual tasks.
  Plan p2016;
  p2016.year = 2016;
  p2016.title = "Kế hoạch hoạt động năm 2016 của Liên minh HTX tỉnh";
  p2016.tasks = {
      Computed("Chỉ đạo, đôn đốc chuyển đổi, giải thể HTX theo Luật HTX 2012",
               "converted_or_dissolved_pending", 150),
      Computed("Thành lập mới HTX, nhân rộng mô hình HTX thôn Chang", "founded_cooperatives", 40),
      Computed("Tổ chức cuộc thi tìm hiểu mô hình HTX kiểu mới", "activities_of_type", 1,
               "contest"),
      Computed("Tập huấn cán bộ quản lý HTX", "activities_of_type", 4, "training"),
      Computed("Kiểm tra, giám sát xây dựng mô hình HTX kiểu mới", "inspections_held", 6),
      Manual("Tham gia chuỗi liên kết 7 tỉnh vùng Đông Bắc", 1, "chuỗi liên kết"),
  };
  Plan p2017;
  p2017.year = 2017;
  p2017.title = "Nhiệm vụ trọng tâm năm 2017";
  p2017.tasks = {
      Computed("Tập trung chỉ đạo, tuyên truyền, triển khai thực hiện việc chuyển đổi, giải thể "
               "HTX không hoạt động, hoạt động kém hiệu quả",
               "converted_or_dissolved_pending", 120),
      Manual("Đánh giá, thống nhất mô hình phát triển HTX phù hợp với từng địa phương, từng "
             "loại hình",
             11, "huyện, thành phố"),
      Computed("Hỗ trợ HTX có sản phẩm chủ lực gắn với vùng nguyên liệu tập trung mang tính đặc "
               "thù của địa phương",
               "activities_of_type", 3, "support"),
      Computed("Phối hợp vận động, thành lập mới HTX", "founded_cooperatives", 40),
      Computed("Phối hợp vận động, thành lập mới tổ hợp tác", "founded_groups", 30),
      Computed("Tư vấn, hỗ trợ phát triển kinh tế tập thể tại các xã điểm xây dựng nông thôn mới",
               "pilot_communes_13_1", 8),
  };
  for (Plan* p : {&p2016, &p2017}) {
    p->revision = 0;
    HOPTAC_ASSIGN_OR_RETURN(Plan stored, service.PutPlan(*p, actor));
    ++demo.summary.plans;
    for (const PlanTask& t : stored.tasks) {
      if (t.kind != TaskKind::kManual) continue;
      const bool chain = p->year == 2016;
      domain::ProgressEntry half{0,  t.id, Ymd(p->year, 6, 30), chain ? 0 : 4, "Sơ kết 6 tháng",
                                 {}, {}};
      domain::ProgressEntry year_end{0,  t.id, Ymd(p->year, 12, 31), chain ? 1 : 9, "Tổng kết năm",
                                     {}, {}};
      HOPTAC_RETURN_IF_ERROR(service.AddProgress(half, actor));
      HOPTAC_RETURN_IF_ERROR(service.AddProgress(year_end, actor));
    }
  }
  HOPTAC_RETURN_IF_ERROR(service.SetDifficulties(
      2016,
      "Phần lớn các HTX còn hạn chế về năng lực quản lý, sản xuất kinh doanh nhỏ lẻ, chưa mang "
      "lại hiệu quả nhiều cho thành viên.\nCác cấp, ngành chưa tích cực trong công tác tuyên "
      "truyền, hướng dẫn, tháo gỡ vướng mắc để các HTX thực hiện chuyển đổi hoạt động theo Luật "
      "HTX 2012.",
      actor));
  return demo.summary;
}

}  // namespace hoptac::app
