#include "domain/alliance.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace hoptac::domain {
namespace {

Date D(const char* iso) { return Date::Parse(iso).value(); }

Activity Training() {
  Activity a;
  a.type = "training";
  a.title = "Tập huấn Luật HTX 2012 cho cán bộ quản lý HTX";
  a.start_date = D("2016-05-10");
  a.end_date = D("2016-05-12");
  a.unit_code = "024";
  a.org_codes = {"1001000011", "1001000029"};
  a.participants = 60;
  a.staff = "Nguyễn Thị Lan";
  a.funding_source = "Ngân sách tỉnh";
  a.funding_amount = Money::Vnd(45'000'000);
  a.documents = {"https://lienminhhtx.hagiang.gov.vn/tap-huan-2016", "KH 12/KH-LMHTX"};
  return a;
}

Inspection Held() {
  Inspection i;
  i.planned_date = D("2016-09-01");
  i.held_date = D("2016-09-05");
  i.team = "Đoàn kiểm tra Liên minh HTX tỉnh";
  i.org_code = "1001000011";
  i.subject = "Xây dựng mô hình HTX kiểu mới";
  i.findings = {"Sổ sách kế toán chưa đầy đủ"};
  Recommendation r;
  r.text = "Hoàn thiện sổ sách kế toán";
  r.deadline = D("2016-12-31");
  i.recommendations = {r};
  return i;
}

std::string FieldOf(const Status& s) { return s.ok() ? "ok" : s.error().field; }
std::string RuleOf(const Status& s) { return s.ok() ? "ok" : s.error().rule; }

TEST(AllianceLists, ActivityTypesAndIndicatorsAreData) {
  EXPECT_EQ(ActivityTypes().size(), 9u);
  ASSERT_NE(FindActivityType("contest"), nullptr);
  EXPECT_EQ(FindActivityType("contest")->label, "Cuộc thi");
  EXPECT_EQ(FindActivityType("party"), nullptr);
  ASSERT_NE(FindIndicator("activities_of_type"), nullptr);
  EXPECT_TRUE(FindIndicator("activities_of_type")->takes_parameter);
  EXPECT_FALSE(FindIndicator("founded_groups")->takes_parameter);
  EXPECT_EQ(FindIndicator("nothing"), nullptr);
}

TEST(ActivityRules, AcceptsAPlausibleActivity) { EXPECT_TRUE(ValidateActivity(Training()).ok()); }

TEST(ActivityRules, NamesTheFieldItRefuses) {
  Activity a = Training();
  a.type = "party";
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "type");
  a = Training();
  a.title.clear();
  EXPECT_EQ(RuleOf(ValidateActivity(a)), "title.required");
  a = Training();
  a.end_date = D("2016-05-01");
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "end_date");
  a = Training();
  a.org_codes.push_back("12ab");
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "org_codes[3]");
  a = Training();
  a.org_codes.push_back("1001000011");
  EXPECT_EQ(RuleOf(ValidateActivity(a)), "activity.org_codes.unique");
  a = Training();
  a.participants = -1;
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "participants");
  a = Training();
  a.funding_amount = Money::Vnd(-5);
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "funding_amount");
  a = Training();
  a.funding_source.clear();
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "funding_source");
  a = Training();
  a.documents.push_back("javascript:alert(1)");
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "documents[3]");
  a = Training();
  a.unit_code = "Hà Giang";
  EXPECT_EQ(FieldOf(ValidateActivity(a)), "unit_code");
}

TEST(InspectionRules, AcceptsAHeldInspectionAndAPlannedOne) {
  EXPECT_TRUE(ValidateInspection(Held()).ok());
  Inspection planned;
  planned.planned_date = D("2017-03-01");
  planned.subject = "Chuyển đổi HTX theo Luật 2012";
  EXPECT_TRUE(ValidateInspection(planned).ok());
}

TEST(InspectionRules, NamesTheRecommendationItRefuses) {
  Inspection i = Held();
  i.recommendations[0].deadline = D("2016-08-01");
  EXPECT_EQ(FieldOf(ValidateInspection(i)), "recommendations[1].deadline");
  i = Held();
  i.recommendations[0].text.clear();
  EXPECT_EQ(FieldOf(ValidateInspection(i)), "recommendations[1].text");
  i = Held();
  i.recommendations[0].status = FollowUp::kDone;
  EXPECT_EQ(FieldOf(ValidateInspection(i)), "recommendations[1].done_on");
  i = Held();
  i.held_date.reset();
  EXPECT_EQ(RuleOf(ValidateInspection(i)), "inspection.held_date");
  i = Held();
  i.subject.clear();
  EXPECT_EQ(FieldOf(ValidateInspection(i)), "subject");
  i = Held();
  i.event_ids = {0};
  EXPECT_EQ(FieldOf(ValidateInspection(i)), "event_ids[1]");
}

TEST(FollowUps, OverdueIsOpenPastTheDeadlineOnTheAsOfDate) {
  Recommendation r;
  r.text = "x";
  r.deadline = D("2016-12-31");
  EXPECT_EQ(StateOf(r, D("2016-12-31")), FollowUpState::kOpen);  // due that day: not yet late
  EXPECT_EQ(StateOf(r, D("2017-01-01")), FollowUpState::kOverdue);
  r.status = FollowUp::kDone;
  r.done_on = D("2017-02-01");
  EXPECT_EQ(StateOf(r, D("2017-03-01")), FollowUpState::kDone);
  Recommendation no_deadline;
  EXPECT_EQ(StateOf(no_deadline, D("2030-01-01")), FollowUpState::kOpen);
  EXPECT_STREQ(FollowUpStateId(FollowUpState::kOverdue), "overdue");
  EXPECT_STREQ(FollowUpStateLabel(FollowUpState::kOverdue), "Quá hạn");
}

TEST(FollowUps, DoneNeedsADayNotBeforeTheInspection) {
  const Inspection i = Held();
  Recommendation r = i.recommendations[0];
  r.status = FollowUp::kDone;
  EXPECT_EQ(RuleOf(ValidateFollowUp(i, r)), "follow_up.done_on");
  r.done_on = D("2016-09-01");
  EXPECT_EQ(FieldOf(ValidateFollowUp(i, r)), "done_on");
  r.done_on = D("2016-10-01");
  EXPECT_TRUE(ValidateFollowUp(i, r).ok());
  r.status = FollowUp::kOpen;  // reopened with a day done left over
  EXPECT_FALSE(ValidateFollowUp(i, r).ok());
  EXPECT_EQ(ParseFollowUp("done").value(), FollowUp::kDone);
  EXPECT_EQ(ParseFollowUp("overdue", "status").error().field, "status");
}

TEST(PlanRules, ComputedTasksNeedAKnownIndicatorAndManualOnesNone) {
  Plan p;
  p.year = 2017;
  PlanTask convert{0,
                   1,
                   "Chuyển đổi, giải thể HTX",
                   TaskKind::kComputed,
                   "converted_or_dissolved_pending",
                   "",
                   100,
                   "",
                   ""};
  PlanTask contest{
      0, 2, "Tổ chức cuộc thi", TaskKind::kComputed, "activities_of_type", "contest", 1, "", ""};
  PlanTask manual{0, 3, "Đánh giá mô hình HTX", TaskKind::kManual, "", "", 11, "", "huyện"};
  p.tasks = {convert, contest, manual};
  EXPECT_TRUE(ValidatePlan(p).ok());
  p.tasks[1].parameter = "party";
  EXPECT_EQ(FieldOf(ValidatePlan(p)), "tasks[2].parameter");
  p.tasks[1].parameter = "contest";
  p.tasks[0].indicator = "happiness";
  EXPECT_EQ(FieldOf(ValidatePlan(p)), "tasks[1].indicator");
  p.tasks[0].indicator = "converted_or_dissolved_pending";
  p.tasks[0].parameter = "contest";
  EXPECT_EQ(FieldOf(ValidatePlan(p)), "tasks[1].parameter");
  p.tasks[0].parameter.clear();
  p.tasks[2].indicator = "founded_groups";
  EXPECT_EQ(FieldOf(ValidatePlan(p)), "tasks[3].indicator");
  p.tasks[2].indicator.clear();
  p.tasks[2].target = -1;
  EXPECT_EQ(FieldOf(ValidatePlan(p)), "tasks[3].target");
  p.tasks[2].target = 1;
  p.year = 1999;
  EXPECT_EQ(FieldOf(ValidatePlan(p)), "year");
}

TEST(ManualProgress, TheValueOfTheLatestEntryOnOrBeforeTheDate) {
  std::vector<ProgressEntry> entries;
  auto at = [](int64_t us) { return Timestamp::FromMicros(us); };
  entries.push_back({1, 9, D("2017-03-01"), 2, "", at(10), "lan"});
  entries.push_back({2, 9, D("2017-06-30"), 5, "", at(20), "lan"});
  entries.push_back({3, 9, D("2017-06-30"), 6, "sửa", at(30), "lan"});
  entries.push_back({4, 9, D("2017-01-15"), 1, "", at(40), "lan"});
  EXPECT_EQ(ProgressAsOf(entries, D("2016-12-31")), 0);
  EXPECT_EQ(ProgressAsOf(entries, D("2017-02-01")), 1);
  EXPECT_EQ(ProgressAsOf(entries, D("2017-03-01")), 2);
  EXPECT_EQ(ProgressAsOf(entries, D("2017-12-31")), 6);
  ProgressEntry bad{0, 9, D("2017-01-01"), -3, "", at(0), ""};
  EXPECT_EQ(FieldOf(ValidateProgress(bad)), "value");
}

}  // namespace
}  // namespace hoptac::domain
