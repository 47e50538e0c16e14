// The contract of domain::AllianceStore (the Alliance's activities, inspections, pilot communes,
// plans, progress and review notes), written against the interface only and run on SQLite (a
// fresh temporary file) and PostgreSQL (a fresh database of the server named by
// $HOPTAC_TEST_PG_URL; scripts/pg-test-server). Without that server the PostgreSQL cases fail
// with a message saying so: they are never skipped.

#include "domain/alliance_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "domain/store.hpp"
#include "pg_test_database.hpp"
#include "store/open_alliance_store.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac {
namespace {

using domain::Activity;
using domain::AllianceId;
using domain::AllianceStore;
using domain::AuditEntry;
using domain::FollowUp;
using domain::Inspection;
using domain::Plan;
using domain::PlanTask;
using domain::ProgressEntry;
using domain::Recommendation;
using domain::TaskKind;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

Date D(const char* iso) { return Date::Parse(iso).value(); }
Timestamp T(const char* iso) { return Timestamp::Parse(iso).value(); }

// --- Backends ------------------------------------------------------------------------------

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string Url() = 0;  // "" when the backend cannot run (with Why())
  virtual std::string Why() { return {}; }
};

class SqliteBackend final : public Backend {
 public:
  std::string Url() override { return path_; }

 private:
  testing::TempDir dir_;
  std::string path_ = dir_.File("registry.db");
};

class PostgresBackend final : public Backend {
 public:
  std::string Url() override { return db_.url(); }
  std::string Why() override { return db_.error(); }

 private:
  testing::PgTestDatabase db_;
};

struct BackendFactory {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
};

// --- Fixture -------------------------------------------------------------------------------

class AllianceStoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    const std::string url = backend_->Url();
    ASSERT_FALSE(url.empty()) << "no database for this backend: " << backend_->Why();
    auto registry = store::OpenStore(url);  // migrates
    ASSERT_TRUE(registry.ok()) << registry.error().ToString();
    registry_ = std::move(registry).value();
    auto alliance = store::OpenAllianceStore(url);
    ASSERT_TRUE(alliance.ok()) << alliance.error().ToString();
    store_ = std::move(alliance).value();
  }

  // Another connection to the same database, to read what was committed.
  std::unique_ptr<AllianceStore> Second() {
    auto s = store::OpenAllianceStore(backend_->Url());
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  AuditEntry Entry(std::string action, std::string entity) {
    AuditEntry e;
    e.at = T("2017-01-05T08:00:00Z");
    e.actor = "lan";
    e.action = std::move(action);
    e.entity = std::move(entity);
    e.after = "{}";
    return e;
  }

  // Runs `write` audited; returns its status.
  Status Write(const std::string& action, const std::function<Status()>& write) {
    return store_->Audited(Entry(action, "alliance/test"), write);
  }

  AllianceId AddActivity(const Activity& a) {
    AllianceId id = 0;
    Status s = Write("activity.add", [&]() -> Status {
      HOPTAC_ASSIGN_OR_RETURN(id, store_->InsertActivity(a));
      return OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return id;
  }

  int64_t AuditCount() {
    domain::AuditQuery q;
    q.limit = 1000;
    auto entries = registry_->QueryAudit(q);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? static_cast<int64_t>(entries->size()) : -1;
  }

  domain::EventId AddOrgWithEvent() {
    auto txn = registry_->BeginWrite();
    EXPECT_TRUE(txn.ok());
    domain::Organisation o;
    o.kind = domain::OrgKind::kHTX;
    o.registry_code = "1001000011";
    o.created_at = T("2016-01-01T00:00:00Z");
    o.created_by = "tester";
    auto org = (*txn)->InsertOrganisation(o);
    EXPECT_TRUE(org.ok());
    domain::Event e;
    e.org_id = *org;
    e.type = domain::EventType::kFounded;
    e.effective_date = D("2010-03-01");
    e.recorded_at = T("2016-01-01T00:00:00Z");
    e.recorded_by = "tester";
    e.changes.name = "HTX Thôn Chang";
    auto id = (*txn)->AppendEvent(e);
    EXPECT_TRUE(id.ok());
    EXPECT_TRUE((*txn)->Commit().ok());
    return *id;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<domain::Store> registry_;
  std::unique_ptr<AllianceStore> store_;
};

Activity Training() {
  Activity a;
  a.type = "training";
  a.title = "Tập huấn Luật Hợp tác xã";
  a.start_date = D("2016-05-10");
  a.end_date = D("2016-05-12");
  a.unit_code = "00967";
  a.org_codes = {"1001000011", "1001000029"};
  a.participants = 60;
  a.staff = "Nguyễn Thị Lan";
  a.funding_source = "Ngân sách tỉnh";
  a.funding_amount = domain::Money::Vnd(45'000'000);
  a.outcome = "60 cán bộ quản lý được tập huấn";
  a.documents = {"https://example.org/a", "KH 12/KH-LMHTX"};
  a.recorded_at = T("2016-05-13T02:00:00Z");
  a.recorded_by = "lan";
  a.updated_at = a.recorded_at;
  a.updated_by = "lan";
  return a;
}

Inspection Visit() {
  Inspection i;
  i.planned_date = D("2016-09-01");
  i.held_date = D("2016-09-05");
  i.team = "Đoàn kiểm tra số 3";
  i.org_code = "1001000011";
  i.unit_code = "00967";
  i.subject = "Xây dựng HTX kiểu mới";
  i.findings = {"Sổ sách chưa đầy đủ", "Chưa đại hội thường niên"};
  Recommendation r1;
  r1.text = "Hoàn thiện sổ sách";
  r1.deadline = D("2016-12-31");
  Recommendation r2;
  r2.text = "Tổ chức đại hội";
  r2.deadline = D("2017-03-31");
  r2.status = FollowUp::kDone;
  r2.done_on = D("2017-02-01");
  r2.follow_up_note = "Đã đại hội";
  i.recommendations = {r1, r2};
  i.recorded_at = T("2016-09-06T02:00:00Z");
  i.recorded_by = "lan";
  i.updated_at = i.recorded_at;
  i.updated_by = "lan";
  return i;
}

// --- Activities ----------------------------------------------------------------------------

TEST_P(AllianceStoreContract, AnActivityRoundTripsWithItsAuditEntry) {
  const int64_t before = AuditCount();
  const AllianceId id = AddActivity(Training());
  ASSERT_GT(id, 0);
  EXPECT_EQ(AuditCount(), before + 1);
  auto other = Second();
  auto found = other->FindActivity(id);
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_TRUE(found->has_value());
  const Activity& a = **found;
  const Activity want = Training();
  EXPECT_EQ(a.id, id);
  EXPECT_EQ(a.revision, 1);
  EXPECT_EQ(a.type, want.type);
  EXPECT_EQ(a.title, want.title);
  EXPECT_EQ(a.start_date, want.start_date);
  EXPECT_EQ(a.end_date, want.end_date);
  EXPECT_EQ(a.unit_code, want.unit_code);
  EXPECT_EQ(a.org_codes, want.org_codes);
  EXPECT_EQ(a.participants, 60);
  EXPECT_EQ(a.staff, want.staff);
  EXPECT_EQ(a.funding_source, want.funding_source);
  ASSERT_TRUE(a.funding_amount.has_value());
  EXPECT_EQ(a.funding_amount->vnd(), 45'000'000);
  EXPECT_EQ(a.outcome, want.outcome);
  EXPECT_EQ(a.documents, want.documents);
  EXPECT_EQ(a.recorded_at, want.recorded_at);
  EXPECT_EQ(a.recorded_by, "lan");
  auto missing = store_->FindActivity(id + 100);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(AllianceStoreContract, AFailedWriteLeavesNeitherTheRecordNorItsEntry) {
  const int64_t before = AuditCount();
  Status s = Write("activity.add", [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(store_->InsertActivity(Training()));
    return Error::Invalid("x", "y", "refused after the insert");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(AuditCount(), before);
  auto all = store_->ListActivities({});
  ASSERT_TRUE(all.ok());
  EXPECT_THAT(*all, IsEmpty());
}

TEST_P(AllianceStoreContract, UpdatesCheckTheRevision) {
  const AllianceId id = AddActivity(Training());
  Activity a = Training();
  a.id = id;
  a.revision = 2;
  a.title = "Tập huấn (đã sửa)";
  a.org_codes = {"1001000036"};
  Status ok = Write("activity.edit", [&] { return store_->UpdateActivity(a); });
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  auto found = store_->FindActivity(id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->revision, 2);
  EXPECT_EQ((*found)->title, "Tập huấn (đã sửa)");
  EXPECT_THAT((*found)->org_codes, ElementsAre("1001000036"));
  // Someone holding revision 1 writes again: refused.
  Status stale = Write("activity.edit", [&] { return store_->UpdateActivity(a); });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  a.id = id + 50;
  Status missing = Write("activity.edit", [&] { return store_->UpdateActivity(a); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(AllianceStoreContract, ListsFilterByTypeDatesOrganisationUnitAndWords) {
  Activity contest = Training();
  contest.type = "contest";
  contest.title = "Cuộc thi tìm hiểu mô hình HTX kiểu mới";
  contest.start_date = D("2016-10-01");
  contest.end_date = D("2016-11-30");
  contest.org_codes = {};
  contest.unit_code = "";
  Activity fair = Training();
  fair.type = "trade_promotion";
  fair.title = "Hội chợ 7 tỉnh Đông Bắc";
  fair.start_date = D("2017-04-01");
  fair.end_date = D("2017-04-05");
  fair.org_codes = {"1001000029"};
  const AllianceId t = AddActivity(Training());
  const AllianceId c = AddActivity(contest);
  const AllianceId f = AddActivity(fair);
  auto ids = [&](const domain::ActivityQuery& q) {
    std::vector<AllianceId> out;
    auto r = store_->ListActivities(q);
    EXPECT_TRUE(r.ok());
    if (r.ok()) {
      for (const auto& a : *r) out.push_back(a.id);
    }
    return out;
  };
  EXPECT_THAT(ids({}), ElementsAre(f, c, t));  // newest start first
  domain::ActivityQuery q;
  q.type = "contest";
  EXPECT_THAT(ids(q), ElementsAre(c));
  q = {};
  q.from = D("2016-11-01");
  q.to = D("2016-12-31");
  EXPECT_THAT(ids(q), ElementsAre(c));  // overlaps the range
  q = {};
  q.org_code = "1001000029";
  EXPECT_THAT(ids(q), ElementsAre(f, t));
  q = {};
  q.unit = "";
  EXPECT_THAT(ids(q), ElementsAre(c));
  q = {};
  q.tokens = text::Tokens(text::Fold("KIEU MOI"));
  EXPECT_THAT(ids(q), ElementsAre(c));
  q.tokens = text::Tokens(text::Fold("đông bắc"));
  EXPECT_THAT(ids(q), ElementsAre(f));
}

// --- Inspections ---------------------------------------------------------------------------

TEST_P(AllianceStoreContract, AnInspectionKeepsItsFindingsRecommendationsAndEventsBothWays) {
  const domain::EventId event = AddOrgWithEvent();
  Inspection in = Visit();
  in.event_ids = {event};
  AllianceId id = 0;
  Status s = Write("inspection.add", [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, store_->InsertInspection(in));
    return OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  auto found = Second()->FindInspection(id);
  ASSERT_TRUE(found.ok() && found->has_value());
  const Inspection& x = **found;
  EXPECT_EQ(x.planned_date, D("2016-09-01"));
  ASSERT_TRUE(x.held_date.has_value());
  EXPECT_EQ(*x.held_date, D("2016-09-05"));
  EXPECT_EQ(x.team, "Đoàn kiểm tra số 3");
  EXPECT_EQ(x.org_code, "1001000011");
  EXPECT_THAT(x.findings, ElementsAre("Sổ sách chưa đầy đủ", "Chưa đại hội thường niên"));
  ASSERT_THAT(x.recommendations, SizeIs(2));
  EXPECT_GT(x.recommendations[0].id, 0);
  EXPECT_EQ(x.recommendations[0].text, "Hoàn thiện sổ sách");
  EXPECT_EQ(x.recommendations[0].status, FollowUp::kOpen);
  EXPECT_FALSE(x.recommendations[0].done_on.has_value());
  EXPECT_EQ(x.recommendations[1].status, FollowUp::kDone);
  EXPECT_EQ(*x.recommendations[1].done_on, D("2017-02-01"));
  EXPECT_EQ(x.recommendations[1].follow_up_note, "Đã đại hội");
  EXPECT_THAT(x.event_ids, ElementsAre(event));
  auto back = store_->InspectionsOfEvent(event);
  ASSERT_TRUE(back.ok());
  EXPECT_THAT(*back, ElementsAre(id));

  // A follow-up: the first recommendation done, the ids kept.
  Inspection next = x;
  next.revision = 2;
  next.recommendations[0].status = FollowUp::kDone;
  next.recommendations[0].done_on = D("2016-12-20");
  Status done = Write("recommendation.follow_up", [&] { return store_->UpdateInspection(next); });
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  auto after = store_->FindInspection(id);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->recommendations[0].id, x.recommendations[0].id);
  EXPECT_EQ((*after)->recommendations[0].status, FollowUp::kDone);
  EXPECT_EQ(*(*after)->recommendations[0].done_on, D("2016-12-20"));
  EXPECT_EQ((*after)->revision, 2);

  // An unknown event is refused and nothing of the write stays.
  next.revision = 3;
  next.event_ids = {event + 1000};
  Status bad = Write("inspection.edit", [&] { return store_->UpdateInspection(next); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  auto unchanged = store_->FindInspection(id);
  EXPECT_EQ((*unchanged)->revision, 2);
  EXPECT_THAT((*unchanged)->event_ids, ElementsAre(event));
}

TEST_P(AllianceStoreContract, InspectionListsFilterByDatesOrganisationAndWords) {
  Inspection other = Visit();
  other.planned_date = D("2017-05-01");
  other.held_date.reset();
  other.findings.clear();
  other.recommendations.clear();
  other.org_code = "1001000029";
  other.subject = "Chuyển đổi theo Luật 2012";
  AllianceId a = 0, b = 0;
  ASSERT_TRUE(Write("inspection.add", [&]() -> Status {
                HOPTAC_ASSIGN_OR_RETURN(a, store_->InsertInspection(Visit()));
                HOPTAC_ASSIGN_OR_RETURN(b, store_->InsertInspection(other));
                return OkStatus();
              }).ok());
  auto ids = [&](const domain::InspectionQuery& q) {
    std::vector<AllianceId> out;
    auto r = store_->ListInspections(q);
    EXPECT_TRUE(r.ok());
    if (r.ok()) {
      for (const auto& x : *r) out.push_back(x.id);
    }
    return out;
  };
  EXPECT_THAT(ids({}), ElementsAre(b, a));
  domain::InspectionQuery q;
  q.from = D("2016-01-01");
  q.to = D("2016-12-31");
  EXPECT_THAT(ids(q), ElementsAre(a));
  q = {};
  q.org_code = "1001000029";
  EXPECT_THAT(ids(q), ElementsAre(b));
  q = {};
  q.tokens = text::Tokens(text::Fold("so sach"));  // in a finding and a recommendation
  EXPECT_THAT(ids(q), ElementsAre(a));
}

// --- Pilot communes, plans, progress, notes ------------------------------------------------

TEST_P(AllianceStoreContract, PilotCommunesAreReplacedPerYear) {
  ASSERT_TRUE(
      Write("pilot.set", [&] {
        return store_->PutPilotCommunes(2016, {{2016, "00967", "Việt Lâm"}, {2016, "00715", ""}});
      }).ok());
  ASSERT_TRUE(Write("pilot.set", [&] {
                return store_->PutPilotCommunes(2017, {{2017, "00967", ""}});
              }).ok());
  ASSERT_TRUE(Write("pilot.set", [&] {
                return store_->PutPilotCommunes(2016, {{2016, "00967", "Việt Lâm"}});
              }).ok());
  auto y2016 = store_->ListPilotCommunes(2016);
  ASSERT_TRUE(y2016.ok());
  ASSERT_THAT(*y2016, SizeIs(1));
  EXPECT_EQ((*y2016)[0].note, "Việt Lâm");
  auto all = store_->ListPilotCommunes(0);
  ASSERT_TRUE(all.ok());
  EXPECT_THAT(*all, SizeIs(2));
  Status twice = Write("pilot.set", [&] {
    return store_->PutPilotCommunes(2018, {{2018, "00967", ""}, {2018, "00967", ""}});
  });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "unit_code");
  auto none = store_->ListPilotCommunes(2018);
  EXPECT_THAT(*none, IsEmpty());
}

TEST_P(AllianceStoreContract, PlansKeepTaskIdsCheckRevisionsAndDropProgressOfRemovedTasks) {
  Plan p;
  p.year = 2017;
  p.revision = 1;
  p.title = "Kế hoạch năm 2017";
  p.updated_at = T("2017-01-10T00:00:00Z");
  p.updated_by = "lan";
  p.tasks = {{0, 1, "Chuyển đổi, giải thể HTX", TaskKind::kComputed,
              "converted_or_dissolved_pending", "", 120, "", ""},
             {0, 2, "Đánh giá mô hình", TaskKind::kManual, "", "", 11, "02", "huyện"}};
  ASSERT_TRUE(Write("plan.put", [&] { return store_->PutPlan(p); }).ok());
  auto found = store_->FindPlan(2017);
  ASSERT_TRUE(found.ok() && found->has_value());
  Plan stored = **found;
  ASSERT_THAT(stored.tasks, SizeIs(2));
  EXPECT_EQ(stored.tasks[0].indicator, "converted_or_dissolved_pending");
  EXPECT_EQ(stored.tasks[1].kind, TaskKind::kManual);
  EXPECT_EQ(stored.tasks[1].unit_code, "02");
  EXPECT_EQ(stored.tasks[1].unit, "huyện");
  const AllianceId manual = stored.tasks[1].id;
  ProgressEntry e{0, manual, D("2017-06-30"), 4, "6 tháng", T("2017-07-01T00:00:00Z"), "lan"};
  ASSERT_TRUE(Write("progress.add", [&]() -> Status {
                HOPTAC_RETURN_IF_ERROR(store_->InsertProgress(e));
                return OkStatus();
              }).ok());
  auto progress = store_->ListProgress(2017);
  ASSERT_TRUE(progress.ok());
  ASSERT_THAT(*progress, SizeIs(1));
  EXPECT_EQ((*progress)[0].value, 4);
  EXPECT_EQ((*progress)[0].task_id, manual);
  ProgressEntry orphan = e;
  orphan.task_id = manual + 999;
  Status no_task = Write("progress.add", [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(store_->InsertProgress(orphan));
    return OkStatus();
  });
  ASSERT_FALSE(no_task.ok());
  EXPECT_EQ(no_task.error().code, ErrorCode::kNotFound);

  // A stale revision is refused.
  Status stale = Write("plan.put", [&] { return store_->PutPlan(p); });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  // The next revision keeps the first task (its id), drops the manual one and its progress.
  stored.revision = 2;
  stored.tasks.pop_back();
  stored.tasks[0].target = 130;
  stored.tasks.push_back(
      {0, 2, "Tổ chức cuộc thi", TaskKind::kComputed, "activities_of_type", "contest", 1, "", ""});
  ASSERT_TRUE(Write("plan.put", [&] { return store_->PutPlan(stored); }).ok());
  auto again = store_->FindPlan(2017);
  ASSERT_TRUE(again.ok() && again->has_value());
  ASSERT_THAT((*again)->tasks, SizeIs(2));
  EXPECT_EQ((*again)->tasks[0].id, found->value().tasks[0].id);
  EXPECT_EQ((*again)->tasks[0].target, 130);
  EXPECT_EQ((*again)->tasks[1].parameter, "contest");
  auto gone = store_->ListProgress(0);
  EXPECT_THAT(*gone, IsEmpty());
  auto years = store_->PlanYears();
  EXPECT_THAT(*years, ElementsAre(2017));
}

TEST_P(AllianceStoreContract, ReviewNotesAreOnePerYear) {
  ASSERT_TRUE(Write("review.note", [&] {
                return store_->PutReviewNote(
                    {2016, "Năng lực quản lý hạn chế", T("2017-02-01T00:00:00Z"), "lan"});
              }).ok());
  ASSERT_TRUE(Write("review.note", [&] {
                return store_->PutReviewNote(
                    {2016, "Năng lực quản lý còn hạn chế", T("2017-02-02T00:00:00Z"), "minh"});
              }).ok());
  auto n = Second()->FindReviewNote(2016);
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->difficulties, "Năng lực quản lý còn hạn chế");
  EXPECT_EQ((*n)->updated_by, "minh");
  EXPECT_THAT(*store_->ListReviewNotes(), SizeIs(1));
  EXPECT_FALSE(store_->FindReviewNote(2015)->has_value());
  EXPECT_EQ(*store_->CountAll(), 1);
}

TEST_P(AllianceStoreContract, RecordsInsertedWithTheirIdsKeepThemAndNumberingGoesOn) {
  Activity a = Training();
  a.id = 40;
  ASSERT_TRUE(store_
                  ->Unaudited([&]() -> Status {
                    HOPTAC_RETURN_IF_ERROR(store_->InsertActivity(a));
                    return OkStatus();
                  })
                  .ok());
  const AllianceId next = AddActivity(Training());
  EXPECT_GT(next, 40);
  auto found = store_->FindActivity(40);
  ASSERT_TRUE(found.ok() && found->has_value());
  Inspection in = Visit();
  in.id = 7;
  in.recommendations[0].id = 70;
  in.recommendations[1].id = 71;
  ASSERT_TRUE(store_
                  ->Unaudited([&]() -> Status {
                    HOPTAC_RETURN_IF_ERROR(store_->InsertInspection(in));
                    return OkStatus();
                  })
                  .ok());
  AllianceId fresh = 0;
  ASSERT_TRUE(Write("inspection.add", [&]() -> Status {
                HOPTAC_ASSIGN_OR_RETURN(fresh, store_->InsertInspection(Visit()));
                return OkStatus();
              }).ok());
  auto x = store_->FindInspection(fresh);
  ASSERT_TRUE(x.ok() && x->has_value());
  EXPECT_GT((*x)->recommendations[0].id, 71);
  auto kept = store_->FindInspection(7);
  EXPECT_EQ((*kept)->recommendations[1].id, 71);
}

const BackendFactory kBackends[] = {
    {"Sqlite", [] { return std::unique_ptr<Backend>(new SqliteBackend()); }},
    {"Postgres", [] { return std::unique_ptr<Backend>(new PostgresBackend()); }},
};

std::string BackendName(const ::testing::TestParamInfo<BackendFactory>& p) { return p.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, AllianceStoreContract, ::testing::ValuesIn(kBackends),
                         BackendName);

}  // namespace
}  // namespace hoptac
