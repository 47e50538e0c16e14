// The whole-database backup: backup -> restore into an empty database -> backup gives the same
// bytes, with everything in it (voids, revisions, members, users, tokens, the audit log);
// a database that holds anything is refused, and so is a file that is not a backup.

#include "app/backup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "app/alliance.hpp"
#include "app/import.hpp"
#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "store/open_access_store.hpp"
#include "store/open_alliance_store.hpp"
#include "store/open_market_store.hpp"
#include "store/open_store.hpp"

namespace hoptac::app {
namespace {

using exchange::RecordKind;

std::string Fixture(const std::string& name) {
  const char* root = std::getenv("HOPTAC_SOURCE_DIR");
  std::ifstream in(std::string(root != nullptr ? root : HOPTAC_SOURCE_DIR_DEFAULT) +
                       "/tests/fixtures/import/" + name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Date D(const char* s) { return Date::Parse(s).value(); }

struct Db {
  std::unique_ptr<domain::Store> store;
  std::unique_ptr<domain::AccessStore> access;
  std::unique_ptr<domain::AllianceStore> alliance_store;
  std::unique_ptr<domain::MarketStore> market_store;
  std::unique_ptr<Registry> registry;
  std::unique_ptr<AllianceService> alliance;

  Db(const std::filesystem::path& path, const domain::Clock& clock) {
    store = store::OpenStore(path.string()).value();
    access = store::OpenAccessStore(path.string()).value();
    alliance_store = store::OpenAllianceStore(path.string()).value();
    market_store = store::OpenMarketStore(path.string()).value();
    registry = std::make_unique<Registry>(*store, clock);
    alliance = std::make_unique<AllianceService>(*store, *alliance_store, clock);
  }

  std::string Backup() {
    std::ostringstream out;
    auto counts = WriteBackup(*store, *access, out, market_store.get(), alliance_store.get());
    EXPECT_TRUE(counts.ok()) << counts.error().ToString();
    return out.str();
  }
  Result<BackupCounts> Restore(const std::string& bytes) {
    std::istringstream in(bytes);
    return RestoreBackup(*store, *access, in, market_store.get(), alliance_store.get());
  }
};

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hoptac-backup-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A registry with a bit of everything: units, imported organisations, events, figures and
  // members, a void and a correction, a second figures revision, a member who left, users with
  // a revoked token, and the audit entries of all of it.
  void Fill(Db& db) {
    static const ReferenceUnits kUnits = ParseReferenceUnits(EmbeddedReferenceUnitFiles()).value();
    ASSERT_TRUE(db.registry->LoadUnits(kUnits, Actor{"admin"}).ok());
    const std::pair<RecordKind, const char*> files[] = {
        {RecordKind::kOrganisations, "organisations_vi.csv"},
        {RecordKind::kEvents, "events_vi.csv"},
        {RecordKind::kFigures, "figures_vi.csv"},
        {RecordKind::kMembers, "members_vi.csv"}};
    for (const auto& [kind, name] : files) {
      ImportOptions options;
      options.kind = kind;
      if (kind == RecordKind::kOrganisations) options.header_row = 3;
      auto r = ImportFile(*db.registry, name, Fixture(name), options, Actor{"lan"});
      ASSERT_TRUE(r.ok() && r->written) << name;
      clock_.Advance(1'000'000);
    }
    NewEvent suspended;
    suspended.type = domain::EventType::kSuspended;
    suspended.effective_date = D("2020-01-01");
    auto id = db.registry->RecordEvent("2001000038", suspended, Actor{"lan"});
    ASSERT_TRUE(id.ok()) << id.error().ToString();
    clock_.Advance(1'000'000);
    suspended.effective_date = D("2020-02-01");
    ASSERT_TRUE(db.registry->VoidEvent(*id, "sai ngày", suspended, Actor{"lan"}).ok());
    clock_.Advance(1'000'000);
    domain::YearlyFigures f;
    f.year = 2019;
    f.members = 12;
    ASSERT_TRUE(db.registry->SetFigures("2001000038", f, Actor{"lan"}).ok());
    ASSERT_TRUE(
        db.registry->LeaveMember("2001000013", "10", D("2021-01-01"), "rút vốn", Actor{"lan"})
            .ok());
    domain::User admin{0,
                       "admin",
                       "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                       domain::Role::kAdmin,
                       "",
                       "",
                       false,
                       clock_.Now()};
    domain::User lan{0,  "lan", "$argon2id$v=19$x", domain::Role::kOfficer, "030",
                     "", true,  clock_.Now()};
    ASSERT_TRUE(db.access->InsertUser(admin).ok());
    const auto lan_id = db.access->InsertUser(lan);
    ASSERT_TRUE(lan_id.ok());
    auto token =
        db.access->InsertToken({0, *lan_id, "kế toán", "ab12", clock_.Now(), std::nullopt});
    ASSERT_TRUE(token.ok());
    ASSERT_TRUE(db.access->RevokeToken(*token, clock_.Now()).ok());
    ASSERT_TRUE(
        db.access->InsertToken({0, *lan_id, "báo cáo", "cd34", clock_.Now(), std::nullopt}).ok());
    FillAlliance(db);
  }

  // The Alliance's work: an activity, an inspection that led to an event with a recommendation
  // followed up, pilot communes, a plan edited once with progress, the year's difficulties.
  void FillAlliance(Db& db) {
    const Actor lan{"lan"};
    domain::Activity a;
    a.type = "training";
    a.title = "Tập huấn Luật HTX";
    a.start_date = D("2021-03-01");
    a.end_date = D("2021-03-02");
    a.org_codes = {"2001000038"};
    a.funding_source = "Ngân sách tỉnh";
    a.funding_amount = domain::Money::Vnd(12'500'000);
    a.documents = {"https://example.org/kh"};
    ASSERT_TRUE(db.alliance->AddActivity(a, lan).ok());
    clock_.Advance(1'000'000);
    const HistoryView h = db.registry->History("2001000038").value();
    domain::Inspection i;
    i.planned_date = D("2020-01-10");
    i.held_date = D("2020-01-12");
    i.subject = "Kiểm tra HTX";
    i.org_code = "2001000038";
    i.findings = {"Ngừng hoạt động"};
    domain::Recommendation r;
    r.text = "Tạm ngừng kinh doanh";
    r.deadline = D("2020-03-01");
    i.recommendations = {r, r};
    i.event_ids = {h.events.back().id};
    auto stored = db.alliance->AddInspection(i, lan);
    ASSERT_TRUE(stored.ok()) << stored.error().ToString();
    clock_.Advance(1'000'000);
    ASSERT_TRUE(db.alliance
                    ->SetFollowUp(stored->id, stored->recommendations[0].id,
                                  domain::FollowUp::kDone, D("2020-02-01"), "xong", 0, lan)
                    .ok());
    clock_.Advance(1'000'000);
    ASSERT_TRUE(db.alliance->SetPilotCommunes(2021, {{2021, "00967", "Việt Lâm"}}, lan).ok());
    domain::Plan p;
    p.year = 2021;
    p.revision = 0;
    p.tasks = {
        {0, 0, "Thành lập HTX", domain::TaskKind::kComputed, "founded_cooperatives", "", 3, "", ""},
        {0, 0, "Đánh giá", domain::TaskKind::kManual, "", "", 2, "", "huyện"}};
    auto plan = db.alliance->PutPlan(p, lan);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    clock_.Advance(1'000'000);
    plan->tasks[0].target = 4;
    plan = db.alliance->PutPlan(*plan, lan);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    ASSERT_TRUE(
        db.alliance->AddProgress({0, plan->tasks[1].id, D("2021-06-30"), 1, "", {}, {}}, lan).ok());
    ASSERT_TRUE(db.alliance->SetDifficulties(2021, "Thiếu vốn", lan).ok());
  }

  std::filesystem::path dir_;
  domain::ManualClock clock_{Timestamp::Parse("2026-11-29T12:00:00Z").value()};
};

TEST_F(BackupTest, BackupRestoreBackupGivesTheSameBytesWithEverythingInIt) {
  Db first(dir_ / "first.db", clock_);
  Fill(first);
  const std::string bytes = first.Backup();
  for (const char* expected :
       {"\"void\":{\"voided_at\"", "\"reason\":\"sai ngày\"", "\"password_hash\":\"$argon2id",
        "\"revoked_at\"", "\"action\":\"member.leave\"", "\"left_reason\":\"rút vốn\"",
        "\"recorded_by\":\"lan\""}) {
    EXPECT_NE(bytes.find(expected), std::string::npos) << expected;
  }

  Db second(dir_ / "second.db", clock_);
  auto counts = second.Restore(bytes);
  ASSERT_TRUE(counts.ok()) << counts.error().ToString();
  EXPECT_EQ(counts->organisations, 3);
  EXPECT_EQ(counts->members, 6);  // five imported, then the revision of a leaving
  EXPECT_EQ(counts->users, 2);
  EXPECT_EQ(counts->api_tokens, 2);
  EXPECT_EQ(counts->alliance, 6);  // activity, inspection, commune, plan, progress, note
  EXPECT_EQ(second.Backup(), bytes);
  for (const char* expected : {"\"activities\":[", "\"follow_up_note\":\"xong\"",
                               "\"difficulties\":\"Thiếu vốn\"", "\"action\":\"plan.put\""}) {
    EXPECT_NE(bytes.find(expected), std::string::npos) << expected;
  }
  // The restored Alliance's work answers as the first: the plan at its revision, the follow-up.
  EXPECT_EQ(second.alliance->GetPlan(2021)->revision, 2);
  auto restored = second.alliance->FollowUps(D("2021-01-01"), "", false);
  ASSERT_EQ(restored->size(), 2u);
  EXPECT_EQ((*restored)[0].state, domain::FollowUpState::kDone);
  EXPECT_EQ((*restored)[1].state, domain::FollowUpState::kOverdue);
  // And numbering goes on after the restored ids.
  domain::Activity more = second.alliance->ListActivities({})->front();
  auto added = second.alliance->AddActivity(more, Actor{"lan"});
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  EXPECT_GT(added->id, more.id);

  // The restored registry answers as the first one: lists, history, members, sign-in data.
  EXPECT_EQ(second.registry->Show("2001000038", std::nullopt, std::nullopt)->state.status,
            first.registry->Show("2001000038", std::nullopt, std::nullopt)->state.status);
  EXPECT_EQ(second.registry->Revision("2001000038").value(),
            first.registry->Revision("2001000038").value());
  EXPECT_EQ(second.registry->Search("thai phin", 10)->size(), 1u);
  EXPECT_EQ(second.registry->Members("2001000013", MembersQuery{})->size(), 1u);
  EXPECT_EQ(second.access->FindUser("lan").value()->scope_unit, "030");
}

TEST_F(BackupTest, RefusesADatabaseThatHoldsAnythingAndWritesNothing) {
  Db first(dir_ / "first.db", clock_);
  Fill(first);
  const std::string bytes = first.Backup();
  const domain::StoreCounts before = first.registry->Counts().value();
  auto again = first.Restore(bytes);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("not empty"), std::string::npos);
  EXPECT_EQ(first.registry->Counts()->events, before.events);

  // Only users, or only the units, are something too.
  Db users(dir_ / "users.db", clock_);
  ASSERT_TRUE(
      users.access->InsertUser({0, "x", "h", domain::Role::kViewer, "", "", false, clock_.Now()})
          .ok());
  EXPECT_EQ(users.Restore(bytes).error().code, ErrorCode::kConflict);
}

TEST_F(BackupTest, AFileThatIsNotABackupIsRefusedAndNothingIsWritten) {
  Db first(dir_ / "first.db", clock_);
  Fill(first);
  const std::string good = first.Backup();
  const std::string bad_event = [&] {
    std::string s = good;
    const size_t at = s.find("\"type\":\"founded\"");
    s.replace(at, 16, "\"type\":\"foundit\"");
    return s;
  }();
  for (const std::string& bytes :
       {std::string("not json"), std::string("{\"kind\":\"figures\",\"records\":[]}"),
        std::string("{\"format\":\"hoptac-backup\",\"version\":2}"), bad_event,
        good.substr(0, good.size() / 2)}) {
    std::string name = "t";
    name.append(std::to_string(std::random_device{}())).append(".db");
    Db target(dir_ / name, clock_);
    auto r = target.Restore(bytes);
    ASSERT_FALSE(r.ok()) << bytes.substr(0, 40);
    EXPECT_EQ(r.error().rule, "backup.format") << r.error().ToString();
    const domain::StoreCounts c = target.registry->Counts().value();
    EXPECT_EQ(c.organisations + c.events + c.units + c.audit, 0);
  }
}

}  // namespace
}  // namespace hoptac::app
