// The Alliance's use cases (app/alliance, app/annual_review) on a real SQLite store: every
// computed indicator against a small registry worked out by hand, manual progress, follow-ups
// and overdue recommendations, and the yearly review of the demo province.

#include "app/alliance.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "app/alliance_json.hpp"
#include "app/annual_review.hpp"
#include "app/demo.hpp"
#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "report/document.hpp"
#include "store/open_alliance_store.hpp"
#include "store/open_store.hpp"

namespace hoptac::app {
namespace {

using domain::EventType;
using domain::FollowUp;
using domain::FollowUpState;
using ::testing::HasSubstr;
using ::testing::SizeIs;

Date D(const char* iso) { return Date::Parse(iso).value(); }
Timestamp T(const char* iso) { return Timestamp::Parse(iso).value(); }

class AllianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hoptac-alliance-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    const std::string path = (dir_ / "t.db").string();
    store_ = store::OpenStore(path).value();
    alliance_store_ = store::OpenAllianceStore(path).value();
    registry_ = std::make_unique<Registry>(*store_, clock_);
    static const ReferenceUnits kUnits = ParseReferenceUnits(EmbeddedReferenceUnitFiles()).value();
    ASSERT_TRUE(registry_->LoadUnits(kUnits, actor_).ok());
    service_ = std::make_unique<AllianceService>(*store_, *alliance_store_, clock_);
  }
  void TearDown() override {
    service_.reset();
    registry_.reset();
    alliance_store_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static NewEvent Event(EventType type, const char* date) {
    NewEvent e;
    e.type = type;
    e.effective_date = D(date);
    return e;
  }

  void Add(const char* code, const char* date, const char* unit,
           domain::OrgKind kind = domain::OrgKind::kHTX) {
    NewEvent f = Event(EventType::kFounded, date);
    f.changes.name = std::string("Tổ chức ") + code;
    f.changes.field = domain::Field::kAgriculture;
    f.changes.unit_code = unit;
    auto id = registry_->AddOrganisation(
        NewOrganisation{kind, domain::RegistryCode::Parse(code).value(), f}, actor_);
    ASSERT_TRUE(id.ok()) << id.error().ToString();
  }
  void Record(const char* code, EventType type, const char* date) {
    auto id = registry_->RecordEvent(code, Event(type, date), actor_);
    ASSERT_TRUE(id.ok()) << id.error().ToString();
  }
  void Rate(const char* code, int year, domain::Rating rating) {
    domain::YearlyFigures f;
    f.year = year;
    f.members = 20;
    f.rating = rating;
    f.rating_scheme = "Địa phương";
    auto set = registry_->SetFigures(code, f, actor_);
    ASSERT_TRUE(set.ok()) << set.error().ToString();
  }

  // The hand-worked registry (units of Hà Giang: 00967 Việt Lâm and 00703 Kim Thạch in Vị
  // Xuyên 030; 00700 Ngọc Đường in the city 024):
  //   A 1001000011 HTX 2010 in 00967, re-registered 2017-03-01      → resolved in 2017
  //   B 1001000029 HTX 2011 in 00703, dissolved voluntarily 2017-09-01 → resolved in 2017
  //   C 1001000036 HTX 2012 in 00700, re-registered 2016-05-01      → resolved before 2017
  //   D 1001000043 HTX 2012 in 00700                                 → pending throughout
  //   E 1001000050 HTX founded 2017-04-01 in 00967;  F 1001000068 HTX 2017-08-15 in 00700
  //   G 1001000075 THT founded 2017-02-01 in 00703;  H 1001000082 THT 2016-12-01 in 00967
  // Ratings of 2017: A good, D fair, C average. Pilot communes of 2017: 00967 and 00703.
  void BuildFixture() {
    Add("1001000011", "2010-01-10", "00967");
    Add("1001000029", "2011-05-01", "00703");
    Add("1001000036", "2012-02-01", "00700");
    Add("1001000043", "2012-06-01", "00700");
    Add("1001000050", "2017-04-01", "00967");
    Add("1001000068", "2017-08-15", "00700");
    Add("1001000075", "2017-02-01", "00703", domain::OrgKind::kTHT);
    Add("1001000082", "2016-12-01", "00967", domain::OrgKind::kTHT);
    Record("1001000011", EventType::kReregistered2012, "2017-03-01");
    Record("1001000029", EventType::kDissolvedVoluntary, "2017-09-01");
    Record("1001000036", EventType::kReregistered2012, "2016-05-01");
    Rate("1001000011", 2017, domain::Rating::kGood);
    Rate("1001000043", 2017, domain::Rating::kFair);
    Rate("1001000036", 2017, domain::Rating::kAverage);
    ASSERT_TRUE(
        service_->SetPilotCommunes(2017, {{2017, "00967", ""}, {2017, "00703", ""}}, actor_).ok());

    auto activity = [&](const char* type, const char* start, const char* unit) {
      domain::Activity a;
      a.type = type;
      a.title = std::string("Hoạt động ") + type + " " + start;
      a.start_date = D(start);
      a.end_date = D(start);
      a.unit_code = unit;
      auto r = service_->AddActivity(a, actor_);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
    };
    activity("training", "2017-03-10", "00967");
    activity("training", "2017-09-01", "00700");
    activity("training", "2016-11-01", "00967");
    activity("contest", "2017-05-05", "");

    domain::Inspection i1;
    i1.planned_date = D("2017-04-05");
    i1.held_date = D("2017-04-10");
    i1.subject = "Xây dựng HTX kiểu mới";
    i1.org_code = "1001000011";
    i1.unit_code = "00967";
    i1.findings = {"Sổ sách chưa đầy đủ"};
    domain::Recommendation r1;
    r1.text = "Hoàn thiện sổ sách";
    r1.deadline = D("2017-06-30");
    domain::Recommendation r2;
    r2.text = "Đại hội thường niên";
    r2.deadline = D("2017-12-31");
    r2.status = FollowUp::kDone;
    r2.done_on = D("2017-11-20");
    i1.recommendations = {r1, r2};
    auto a1 = service_->AddInspection(i1, actor_);
    ASSERT_TRUE(a1.ok()) << a1.error().ToString();
    inspection_ = a1->id;

    domain::Inspection i2;
    i2.planned_date = D("2017-10-01");
    i2.subject = "Chuyển đổi theo Luật 2012";
    i2.unit_code = "00700";
    ASSERT_TRUE(service_->AddInspection(i2, actor_).ok());

    domain::Inspection i3;
    i3.planned_date = D("2016-11-01");
    i3.held_date = D("2016-11-05");
    i3.subject = "Kiểm tra HTX";
    i3.unit_code = "00703";
    domain::Recommendation r3;
    r3.text = "Sửa điều lệ";
    r3.deadline = D("2017-02-28");
    r3.status = FollowUp::kDone;
    r3.done_on = D("2017-03-15");
    i3.recommendations = {r3};
    ASSERT_TRUE(service_->AddInspection(i3, actor_).ok());
  }

  int64_t Indicator(const char* id, const char* as_of, const char* area = "",
                    const char* parameter = "") {
    auto v = service_->ComputeIndicator(id, parameter, 2017, D(as_of), area);
    EXPECT_TRUE(v.ok()) << id << ": " << v.error().ToString();
    return v.ok() ? *v : -1;
  }

  std::filesystem::path dir_;
  domain::ManualClock clock_{T("2026-11-29T12:00:00Z")};
  std::unique_ptr<domain::Store> store_;
  std::unique_ptr<domain::AllianceStore> alliance_store_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<AllianceService> service_;
  Actor actor_{"lan"};
  domain::AllianceId inspection_ = 0;
};

TEST_F(AllianceTest, ConvertedOrDissolvedAmongThosePendingInTheYear) {
  BuildFixture();
  EXPECT_EQ(Indicator("converted_or_dissolved_pending", "2017-12-31"), 2);  // A and B
  EXPECT_EQ(Indicator("converted_or_dissolved_pending", "2017-06-30"), 1);  // A
  EXPECT_EQ(Indicator("converted_or_dissolved_pending", "2017-12-31", "030"), 2);
  EXPECT_EQ(Indicator("converted_or_dissolved_pending", "2017-12-31", "024"), 0);  // C in 2016
  EXPECT_EQ(Indicator("converted_or_dissolved_pending", "2016-12-31"), 0);  // before the year
}

TEST_F(AllianceTest, FoundedCooperativesAndGroups) {
  BuildFixture();
  EXPECT_EQ(Indicator("founded_cooperatives", "2017-12-31"), 2);  // E, F
  EXPECT_EQ(Indicator("founded_cooperatives", "2017-06-30"), 1);  // E
  EXPECT_EQ(Indicator("founded_cooperatives", "2017-12-31", "030"), 1);
  EXPECT_EQ(Indicator("founded_cooperatives", "2017-12-31", "00700"), 1);
  EXPECT_EQ(Indicator("founded_groups", "2017-12-31"), 1);  // G (H is 2016)
  EXPECT_EQ(Indicator("founded_groups", "2017-12-31", "024"), 0);
}

TEST_F(AllianceTest, RatedFairOrGood) {
  BuildFixture();
  EXPECT_EQ(Indicator("rated_fair_or_good", "2017-12-31"), 2);         // A good, D fair
  EXPECT_EQ(Indicator("rated_fair_or_good", "2017-12-31", "024"), 1);  // D (C is average)
  EXPECT_EQ(Indicator("rated_fair_or_good", "2017-12-31", "030"), 1);  // A
}

TEST_F(AllianceTest, PilotCommunesMeeting13Point1) {
  BuildFixture();
  // 31/12/2017: Việt Lâm has A and E operating; Kim Thạch only B, dissolved in September.
  EXPECT_EQ(Indicator("pilot_communes_13_1", "2017-12-31"), 1);
  EXPECT_EQ(Indicator("pilot_communes_13_1", "2017-06-30"), 2);
  EXPECT_EQ(Indicator("pilot_communes_13_1", "2017-12-31", "024"), 0);  // no pilot there
  auto statuses = service_->PilotCommuneStatuses(2017, D("2017-12-31"));
  ASSERT_TRUE(statuses.ok()) << statuses.error().ToString();
  ASSERT_THAT(*statuses, SizeIs(2));
  EXPECT_EQ((*statuses)[0].commune.unit_code, "00703");
  EXPECT_FALSE((*statuses)[0].met);
  EXPECT_EQ((*statuses)[0].activities, 0);
  EXPECT_EQ((*statuses)[1].commune.unit_code, "00967");
  EXPECT_EQ((*statuses)[1].name, "Xã Việt Lâm");
  EXPECT_TRUE((*statuses)[1].met);
  EXPECT_EQ((*statuses)[1].qualifying, 2);  // A and E
  EXPECT_EQ((*statuses)[1].activities, 1);  // the training of March 2017
}

TEST_F(AllianceTest, ActivitiesOfATypeInTheirArea) {
  BuildFixture();
  EXPECT_EQ(Indicator("activities_of_type", "2017-12-31", "", "training"), 2);
  EXPECT_EQ(Indicator("activities_of_type", "2017-06-30", "", "training"), 1);
  EXPECT_EQ(Indicator("activities_of_type", "2017-12-31", "030", "training"), 1);
  EXPECT_EQ(Indicator("activities_of_type", "2017-12-31", "024", "training"), 1);
  EXPECT_EQ(Indicator("activities_of_type", "2017-12-31", "", "contest"), 1);
  EXPECT_EQ(Indicator("activities_of_type", "2017-12-31", "030", "contest"), 0);  // province-wide
}

TEST_F(AllianceTest, InspectionsHeldAndRecommendationsDone) {
  BuildFixture();
  EXPECT_EQ(Indicator("inspections_held", "2017-12-31"), 1);  // i2 not held, i3 in 2016
  EXPECT_EQ(Indicator("inspections_held", "2017-03-31"), 0);
  EXPECT_EQ(Indicator("recommendations_done", "2017-12-31"), 2);  // r2, r3
  EXPECT_EQ(Indicator("recommendations_done", "2017-06-30"), 1);  // r3
  EXPECT_EQ(Indicator("recommendations_done", "2017-12-31", "00700"), 0);
}

TEST_F(AllianceTest, PlanProgressAsOfADateWithManualTasks) {
  BuildFixture();
  domain::Plan p;
  p.year = 2017;
  p.revision = 0;
  p.tasks = {{0, 0, "Chuyển đổi, giải thể", domain::TaskKind::kComputed,
              "converted_or_dissolved_pending", "", 4, "", ""},
             {0, 0, "Đánh giá mô hình", domain::TaskKind::kManual, "", "", 10, "", "huyện"}};
  auto stored = service_->PutPlan(p, actor_);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(stored->revision, 1);
  const domain::AllianceId manual = stored->tasks[1].id;
  ASSERT_TRUE(service_->AddProgress({0, manual, D("2017-06-30"), 3, "", {}, {}}, actor_).ok());
  ASSERT_TRUE(service_->AddProgress({0, manual, D("2017-12-20"), 8, "", {}, {}}, actor_).ok());
  auto computed_entry =
      service_->AddProgress({0, stored->tasks[0].id, D("2017-06-30"), 1, "", {}, {}}, actor_);
  ASSERT_FALSE(computed_entry.ok());
  EXPECT_EQ(computed_entry.error().rule, "progress.manual");

  auto mid = service_->PlanProgressAsOf(2017, D("2017-07-01"), "");
  ASSERT_TRUE(mid.ok()) << mid.error().ToString();
  ASSERT_THAT(mid->tasks, SizeIs(2));
  EXPECT_EQ(mid->tasks[0].actual, 1);
  EXPECT_DOUBLE_EQ(*mid->tasks[0].percent, 25.0);
  EXPECT_EQ(mid->tasks[1].actual, 3);
  auto end = service_->PlanProgressAsOf(2017, D("2017-12-31"), "");
  EXPECT_EQ(end->tasks[0].actual, 2);
  EXPECT_EQ(end->tasks[1].actual, 8);
  EXPECT_THAT(end->tasks[0].basis, HasSubstr("conversion-2012"));

  // An edit must carry the revision it read.
  domain::Plan stale = *stored;
  stale.revision = 0;
  auto refused = service_->PutPlan(stale, actor_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  domain::Plan bad = *stored;
  bad.tasks[0].indicator = "happiness";
  auto invalid = service_->PutPlan(bad, actor_);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().field, "tasks[1].indicator");
}

TEST_F(AllianceTest, FollowUpStatusChangesAndOverdueDetection) {
  BuildFixture();
  auto before = service_->FollowUps(D("2017-06-30"), "", true);
  ASSERT_TRUE(before.ok());
  EXPECT_THAT(*before, SizeIs(0));  // due that day: not yet overdue
  auto overdue = service_->FollowUps(D("2017-07-01"), "", true);
  ASSERT_THAT(*overdue, SizeIs(1));
  EXPECT_EQ((*overdue)[0].recommendation.text, "Hoàn thiện sổ sách");
  EXPECT_EQ((*overdue)[0].state, FollowUpState::kOverdue);
  EXPECT_THAT(*service_->FollowUps(D("2017-07-01"), "024", true), SizeIs(0));
  EXPECT_THAT(*service_->FollowUps(D("2017-07-01"), "030", true), SizeIs(1));
  auto all = service_->FollowUps(D("2017-07-01"), "", false);
  EXPECT_THAT(*all, SizeIs(3));

  auto i = service_->GetInspection(inspection_).value();
  const domain::AllianceId rec = i.recommendations[0].id;
  // Done needs its day, not before the inspection, not in the future.
  auto no_day =
      service_->SetFollowUp(inspection_, rec, FollowUp::kDone, std::nullopt, "", 0, actor_);
  ASSERT_FALSE(no_day.ok());
  EXPECT_EQ(no_day.error().field, "done_on");
  auto early =
      service_->SetFollowUp(inspection_, rec, FollowUp::kDone, D("2017-04-01"), "", 0, actor_);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().rule, "follow_up.done_on");
  auto future =
      service_->SetFollowUp(inspection_, rec, FollowUp::kDone, D("2027-01-01"), "", 0, actor_);
  ASSERT_FALSE(future.ok());
  // A stale revision is refused.
  auto stale =
      service_->SetFollowUp(inspection_, rec, FollowUp::kDone, D("2017-08-01"), "", 7, actor_);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);

  const int64_t audit_before = registry_->Counts()->audit;
  auto done = service_->SetFollowUp(inspection_, rec, FollowUp::kDone, D("2017-08-01"),
                                    "Đã hoàn thiện", i.revision, actor_);
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(done->revision, i.revision + 1);
  EXPECT_EQ(registry_->Counts()->audit, audit_before + 1);
  auto audit = registry_->Audit({"", "inspection/" + std::to_string(inspection_), "", {}, {}, 1});
  ASSERT_THAT(*audit, SizeIs(1));
  EXPECT_EQ((*audit)[0].action, "recommendation.follow_up");
  EXPECT_THAT((*audit)[0].after, HasSubstr("Đã hoàn thiện"));
  EXPECT_THAT(*service_->FollowUps(D("2018-01-01"), "", true), SizeIs(0));
  // Still overdue as known before it was done? The state is the record's: done is done.
  auto reread = service_->GetInspection(inspection_).value();
  EXPECT_EQ(domain::StateOf(reread.recommendations[0], D("2017-07-15")), FollowUpState::kDone);
  EXPECT_EQ(*reread.recommendations[0].done_on, D("2017-08-01"));

  // Reopened: open again, overdue again, its day cleared.
  auto reopened = service_->SetFollowUp(inspection_, rec, FollowUp::kOpen, D("2017-08-01"), "",
                                        reread.revision, actor_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  EXPECT_FALSE(reopened->recommendations[0].done_on.has_value());
  EXPECT_THAT(*service_->FollowUps(D("2018-01-01"), "", true), SizeIs(1));
}

TEST_F(AllianceTest, ActivitiesAreCheckedSearchedAndEditedWithTheirRevision) {
  BuildFixture();
  domain::Activity a;
  a.type = "consulting";
  a.title = "Tư vấn  chuyển đổi";
  a.start_date = D("2017-02-01");
  a.end_date = D("2017-02-01");
  a.org_codes = {"1001000011"};
  a.unit_code = "00967";
  auto added = service_->AddActivity(a, actor_);
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  ActivityFilter f;
  f.text = "TU VAN";
  auto found = service_->ListActivities(f);
  ASSERT_THAT(*found, SizeIs(1));
  f = {};
  f.org_code = "1001000011";
  EXPECT_THAT(*service_->ListActivities(f), SizeIs(1));
  f = {};
  f.area = "02";  // the province holds every activity, province-wide ones too
  EXPECT_THAT(*service_->ListActivities(f), SizeIs(5));
  f.area = "030";
  EXPECT_THAT(*service_->ListActivities(f), SizeIs(3));  // the three in Việt Lâm

  domain::Activity unknown_org = a;
  unknown_org.org_codes = {"1001000099"};
  auto refused = service_->AddActivity(unknown_org, actor_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "org_codes[1]");
  domain::Activity unknown_unit = a;
  unknown_unit.unit_code = "99999";
  EXPECT_EQ(service_->AddActivity(unknown_unit, actor_).error().field, "unit_code");

  domain::Activity edit = *added;
  edit.title = "Tư vấn chuyển đổi (sửa)";
  auto edited = service_->EditActivity(edit, actor_);
  ASSERT_TRUE(edited.ok()) << edited.error().ToString();
  EXPECT_EQ(edited->revision, 2);
  auto again = service_->EditActivity(edit, actor_);  // still revision 1: stale
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(AllianceTest, AnInspectionLinksToTheEventItLedTo) {
  BuildFixture();
  auto h = registry_->History("1001000029").value();
  domain::EventId dissolution = 0;
  for (const auto& e : h.events) {
    if (e.type == EventType::kDissolvedVoluntary) dissolution = e.id;
  }
  auto i = service_->GetInspection(inspection_).value();
  i.event_ids = {dissolution};
  auto edited = service_->EditInspection(i, actor_);
  ASSERT_TRUE(edited.ok()) << edited.error().ToString();
  auto back = service_->InspectionsOfEvent(dissolution);
  ASSERT_THAT(*back, SizeIs(1));
  EXPECT_EQ((*back)[0].id, inspection_);
  EXPECT_EQ((*back)[0].recommendations.size(), 2u);
}

TEST_F(AllianceTest, TheReviewOfTheFixtureYear) {
  BuildFixture();
  domain::Plan p2018;
  p2018.year = 2018;
  p2018.revision = 0;
  p2018.tasks = {{0, 0, "Thành lập mới 5 HTX", domain::TaskKind::kComputed, "founded_cooperatives",
                  "", 5, "", ""}};
  ASSERT_TRUE(service_->PutPlan(p2018, actor_).ok());
  ASSERT_TRUE(service_->SetDifficulties(2017, "Năng lực quản lý hạn chế", actor_).ok());
  auto r = BuildAnnualReview(*service_, 2017, "");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->area_name, "Tỉnh Hà Giang");
  EXPECT_EQ(r->conversion_required, 4);
  EXPECT_EQ(r->converted, 2);  // A, C
  EXPECT_EQ(r->dissolved_voluntary, 1);
  EXPECT_EQ(r->pending, 1);
  EXPECT_EQ(r->founded_cooperatives, 2);
  EXPECT_EQ(r->founded_groups, 1);
  EXPECT_EQ(r->activities, 3);
  EXPECT_EQ(r->inspections_held, 1);
  EXPECT_EQ(r->overdue_recommendations, 1);
  EXPECT_FALSE(r->plan.has_value());
  ASSERT_TRUE(r->next_plan.has_value());
  const std::string html = report::RenderDocumentHtml(r->document);
  EXPECT_THAT(html, HasSubstr("Liên minh Hợp tác xã tỉnh Hà Giang"));
  EXPECT_THAT(html, HasSubstr("Cộng hòa xã hội chủ nghĩa Việt Nam"));
  EXPECT_THAT(html, HasSubstr("Hà Giang, ngày 29 tháng 11 năm 2026"));
  EXPECT_THAT(html, HasSubstr("III. Nhiệm vụ trọng tâm năm 2018"));
  EXPECT_THAT(html, HasSubstr("Thành lập mới 5 HTX"));
  EXPECT_THAT(html, HasSubstr("Năng lực quản lý hạn chế"));
  auto xlsx = report::RenderDocumentXlsx(r->document);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  const auto json = AnnualReviewJson(*r);
  EXPECT_EQ(json["conversion"]["required"], 4);
  EXPECT_EQ(json["next_plan"]["tasks"][0]["title"], "Thành lập mới 5 HTX");
}

// The demo province, as the article of seed/ tells it.
TEST_F(AllianceTest, TheDemoReviewOf2016ShowsTheArticlesFiguresAndThe2017Tasks) {
  DemoOptions options;
  options.alliance = service_.get();
  auto demo = BuildDemo(*registry_, options);
  ASSERT_TRUE(demo.ok()) << demo.error().ToString();
  auto r = BuildAnnualReview(*service_, 2016, "");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->conversion_required, 460);
  EXPECT_EQ(r->converted, 183);
  EXPECT_EQ(r->dissolved_voluntary, 90);
  EXPECT_GT(r->activities, 10);
  EXPECT_GT(r->inspections_held, 3);
  EXPECT_GT(r->overdue_recommendations, 0);  // open past their deadline on 31/12/2016
  ASSERT_TRUE(r->plan.has_value());
  ASSERT_TRUE(r->next_plan.has_value());
  ASSERT_THAT(r->next_plan->tasks, SizeIs(6));
  const std::string text = report::RenderDocumentText(r->document);
  EXPECT_THAT(text, HasSubstr("đã chuyển đổi 183 HTX, giải thể tự nguyện 90 HTX trên tổng số "
                              "460 HTX phải chuyển đổi"));
  for (const auto& task : r->next_plan->tasks) EXPECT_THAT(text, HasSubstr(task.title));
  EXPECT_THAT(text, HasSubstr("Tập trung chỉ đạo, tuyên truyền, triển khai thực hiện việc "
                              "chuyển đổi, giải thể HTX không hoạt động"));
  EXPECT_THAT(text, HasSubstr("Phần lớn các HTX còn hạn chế về năng lực quản lý"));
  // Some recommendations of the demo are overdue today, one inspection led to an event.
  auto overdue = service_->FollowUps(clock_.Today(), "", true);
  EXPECT_FALSE(overdue->empty());
  // Deterministic: the same tasks and pilot communes each time.
  auto pilots = service_->PilotCommunes(2016);
  EXPECT_GT(pilots->size(), 5u);
}

}  // namespace
}  // namespace hoptac::app
