#include "app/registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "app/reference_units.hpp"
#include "store/open_store.hpp"

namespace hoptac::app {
namespace {

using domain::EventType;
using domain::LegalStatus;

Date D(const char* s) { return Date::Parse(s).value(); }
Timestamp T(const char* s) { return Timestamp::Parse(s).value(); }

// A registry on a fresh SQLite file with the official units, and a clock the test moves.
class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hoptac-registry-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    store_ = store::OpenStore((dir_ / "t.db").string()).value();
    registry_ = std::make_unique<Registry>(*store_, clock_);
    static const ReferenceUnits kUnits = ParseReferenceUnits(EmbeddedReferenceUnitFiles()).value();
    ASSERT_TRUE(registry_->LoadUnits(kUnits, actor_).ok());
  }
  void TearDown() override {
    registry_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static NewEvent Event(EventType type, const char* date) {
    NewEvent e;
    e.type = type;
    e.effective_date = D(date);
    return e;
  }

  Status Add(const char* code, const char* name, const char* date, const char* unit = "00967",
             domain::OrgKind kind = domain::OrgKind::kHTX) {
    NewEvent f = Event(EventType::kFounded, date);
    f.changes.name = name;
    f.changes.field = domain::Field::kAgriculture;
    f.changes.unit_code = unit;
    auto id = registry_->AddOrganisation(
        NewOrganisation{kind, domain::RegistryCode::Parse(code).value(), f}, actor_);
    if (!id.ok()) return id.take_error();
    return OkStatus();
  }

  domain::StoreCounts Counts() { return registry_->Counts().value(); }

  std::filesystem::path dir_;
  domain::ManualClock clock_{T("2026-11-29T12:00:00Z")};
  std::unique_ptr<domain::Store> store_;
  std::unique_ptr<Registry> registry_;
  Actor actor_{"test"};
};

TEST_F(RegistryTest, AddsAnOrganisationAndShowsItAsOfADate) {
  ASSERT_TRUE(
      Add("5100123452", "Hợp tác xã Nông lâm nghiệp thôn Chang Việt Lâm", "2010-05-01").ok());
  auto v = registry_->Show("5100123452", D("2016-12-31"), std::nullopt);
  ASSERT_TRUE(v.ok()) << v.error().ToString();
  EXPECT_TRUE(v->state.exists);
  EXPECT_EQ(v->state.status, LegalStatus::kOperating);
  EXPECT_EQ(v->unit_path, "Xã Việt Lâm, Huyện Vị Xuyên, Tỉnh Hà Giang");
  EXPECT_EQ(v->unit_now_path, "Xã Việt Lâm, Tỉnh Tuyên Quang");
  EXPECT_EQ(v->conversion, domain::Conversion::kPending);
  auto before = registry_->Show("5100123452", D("2009-01-01"), std::nullopt);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->state.exists);
}

TEST_F(RegistryTest, ARefusedWriteChangesNothing) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2010-05-01").ok());
  const auto before = Counts();
  // Resuming an operating cooperative breaks a rule: nothing is written.
  auto r = registry_->RecordEvent("5100123452", Event(EventType::kResumed, "2012-01-01"), actor_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "lifecycle.resume_requires_suspended");
  // A founding in a unit that does not exist yet: the organisation row is not written either.
  auto bad = Add("0100109106", "HTX B", "2010-05-01", "23938");
  EXPECT_TRUE(bad.ok()) << "23938 exists in both lists";
  auto bad2 = Add("0300588569", "HTX C", "2010-05-01", "99999");
  ASSERT_FALSE(bad2.ok());
  EXPECT_EQ(bad2.error().rule, "event.unit_exists");
  const auto after = Counts();
  EXPECT_EQ(after.organisations, before.organisations + 1);
  EXPECT_EQ(after.events, before.events + 1);
}

TEST_F(RegistryTest, DuplicateRegistryCodeIsAConflict) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2010-05-01").ok());
  auto again = Add("5100123452", "HTX A bis", "2011-05-01");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "registry_code");
}

TEST_F(RegistryTest, CorrectionVoidsAndReplacesInOneStepKeepingBoth) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2010-05-01").ok());
  clock_.Set(T("2016-03-01T00:00:00Z"));
  auto wrong =
      registry_->RecordEvent("5100123452", Event(EventType::kSuspended, "2016-02-01"), actor_);
  ASSERT_TRUE(wrong.ok());
  clock_.Set(T("2017-01-10T00:00:00Z"));
  // It was in fact dissolved voluntarily on that day.
  auto fixed = registry_->VoidEvent(*wrong, "wrong type entered",
                                    Event(EventType::kDissolvedVoluntary, "2016-02-01"), actor_);
  ASSERT_TRUE(fixed.ok()) << fixed.error().ToString();
  auto known_before = registry_->Show("5100123452", D("2016-12-31"), T("2016-12-31"));
  auto known_after = registry_->Show("5100123452", D("2016-12-31"), std::nullopt);
  EXPECT_EQ(known_before->state.status, LegalStatus::kSuspended);
  EXPECT_EQ(known_after->state.status, LegalStatus::kDissolved);
  auto h = registry_->History("5100123452");
  ASSERT_EQ(h->events.size(), 3u);
  int voided = 0;
  for (const auto& e : h->events) voided += e.voided.has_value();
  EXPECT_EQ(voided, 1);
  // Voiding twice is a conflict.
  auto again = registry_->VoidEvent(*wrong, "again", std::nullopt, actor_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(RegistryTest, AVoidThatWouldBreakTheHistoryIsRefused) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2010-05-01").ok());
  auto s = registry_->RecordEvent("5100123452", Event(EventType::kSuspended, "2015-01-01"), actor_);
  ASSERT_TRUE(
      registry_->RecordEvent("5100123452", Event(EventType::kResumed, "2015-06-01"), actor_).ok());
  auto r = registry_->VoidEvent(*s, "never suspended", std::nullopt, actor_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "lifecycle.resume_requires_suspended");
  auto reason = registry_->VoidEvent(*s, "  ", std::nullopt, actor_);
  ASSERT_FALSE(reason.ok());
  EXPECT_EQ(reason.error().field, "reason");
}

TEST_F(RegistryTest, MergerLinksTheSuccessorBothWays) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2010-05-01").ok());
  ASSERT_TRUE(Add("0100109106", "HTX B", "2011-05-01").ok());
  NewEvent m = Event(EventType::kMergedInto, "2018-01-01");
  m.related_codes = {"0100109106"};
  ASSERT_TRUE(registry_->RecordEvent("5100123452", m, actor_).ok());
  auto a = registry_->Show("5100123452", std::nullopt, std::nullopt);
  EXPECT_EQ(a->state.status, LegalStatus::kEndedByReorganisation);
  EXPECT_EQ(a->successor_codes, std::vector<std::string>{"0100109106"});
  auto b = registry_->Show("0100109106", std::nullopt, std::nullopt);
  EXPECT_EQ(b->predecessor_codes, std::vector<std::string>{"5100123452"});
  NewEvent missing = Event(EventType::kMergedInto, "2019-01-01");
  missing.related_codes = {"0300588569"};
  auto r = registry_->RecordEvent("0100109106", missing, actor_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "related");
}

TEST_F(RegistryTest, SearchFoldsDiacriticsAndRanksExactMatchesFirst) {
  ASSERT_TRUE(Add("5100123452", "Hợp tác xã Viet Lam", "2010-05-01").ok());
  ASSERT_TRUE(Add("0100109106", "Hợp tác xã Việt Lâm", "2010-05-01").ok());
  ASSERT_TRUE(Add("0300588569", "Hợp tác xã Đồng Văn", "2010-05-01", "00730").ok());
  auto hits = registry_->Search("Việt Lâm", 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].registry_code, "0100109106");
  auto dong = registry_->Search("dong van", 10);
  ASSERT_EQ(dong->size(), 1u);
  EXPECT_EQ((*dong)[0].name, "Hợp tác xã Đồng Văn");
  auto by_code = registry_->Search("510012", 10);
  ASSERT_EQ(by_code->size(), 1u);
  EXPECT_FALSE(registry_->Search("  ", 10).ok());
}

TEST_F(RegistryTest, ListsAsOfADateInOldAndNewUnits) {
  ASSERT_TRUE(Add("5100123452", "HTX Việt Lâm", "2010-05-01", "00967").ok());
  ASSERT_TRUE(Add("0100109106", "HTX Ba Đình", "2010-05-01", "00004").ok());
  ListQuery q;
  q.unit_code = "030";  // the old district of Vị Xuyên
  q.as_of = D("2016-12-31");
  auto old_district = registry_->List(q);
  ASSERT_TRUE(old_district.ok()) << old_district.error().ToString();
  ASSERT_EQ(old_district->items.size(), 1u);
  EXPECT_EQ(old_district->items[0].registry_code, "5100123452");
  ListQuery now;
  now.unit_code = "08";  // Tuyên Quang today holds old Hà Giang
  auto new_province = registry_->List(now);
  ASSERT_EQ(new_province->items.size(), 1u);
  EXPECT_EQ(new_province->items[0].registry_code, "5100123452");
  ListQuery before;
  before.as_of = D("2009-12-31");
  EXPECT_TRUE(registry_->List(before)->items.empty());
}

TEST_F(RegistryTest, ListPagesWithACursorInVietnameseOrder) {
  const char* names[] = {"HTX Đồng", "HTX Dung", "HTX An", "HTX Ăn", "HTX Ba"};
  const char* codes[] = {"5100123452", "0100109106", "0300588569", "0100109106-001",
                         "0300588569-002"};
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Add(codes[i], names[i], "2010-05-01").ok());
  for (bool folded : {false, true}) {
    ListQuery q;
    q.limit = 2;
    if (folded) q.known_at = T("2026-11-29T12:00:00Z");  // forces the fold path
    std::vector<std::string> seen;
    for (;;) {
      auto page = registry_->List(q);
      ASSERT_TRUE(page.ok());
      for (const auto& s : page->items) seen.push_back(s.name);
      if (page->next.empty()) break;
      q.after = page->next;
    }
    EXPECT_EQ(seen,
              (std::vector<std::string>{"HTX An", "HTX Ăn", "HTX Ba", "HTX Dung", "HTX Đồng"}))
        << (folded ? "fold" : "projection");
  }
  ListQuery bad;
  bad.after = "zz";
  EXPECT_FALSE(registry_->List(bad).ok());
}

TEST_F(RegistryTest, FiguresKeepRevisionsAndAreValidated) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2014-05-01").ok());
  domain::YearlyFigures f;
  f.year = 2016;
  f.members = 30;
  f.revenue = domain::Money::Vnd(1'000'000'000);
  clock_.Set(T("2017-02-01T00:00:00Z"));
  ASSERT_TRUE(registry_->SetFigures("5100123452", f, actor_).ok());
  f.members = 32;
  clock_.Set(T("2017-06-01T00:00:00Z"));
  ASSERT_TRUE(registry_->SetFigures("5100123452", f, actor_).ok());
  EXPECT_EQ(*(*registry_->Figures("5100123452", T("2017-03-01")))[0].members, 30);
  EXPECT_EQ(*(*registry_->Figures("5100123452", std::nullopt))[0].members, 32);
  f.year = 2013;  // before the founding
  auto early = registry_->SetFigures("5100123452", f, actor_);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().rule, "figures.year_after_founding");
}

// One bulk import may add several kinds: the figures after an event of the same organisation
// are checked against its founding, the event after figures against its history.
TEST_F(RegistryTest, ABulkImportMayMixKindsForOneOrganisation) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2014-05-01").ok());
  auto bulk = registry_->BeginImport(actor_);
  ASSERT_TRUE(bulk.ok());
  const CodedEvent suspended{"5100123452", Event(EventType::kSuspended, "2018-02-01")};
  auto events = (*bulk)->AddEvents(std::span(&suspended, 1));
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->failures.empty());
  CodedFigures figures{"5100123452", {}};
  figures.figures.year = 2016;
  figures.figures.members = 30;
  CodedFigures before_founding = figures;
  before_founding.figures.year = 2013;
  const CodedFigures both[] = {figures, before_founding};
  auto added = (*bulk)->AddFigures(both);
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->failures.size(), 1u);
  EXPECT_EQ(added->failures[0].first, 1u);
  EXPECT_EQ(added->failures[0].second.rule, "figures.year_after_founding");
  const CodedEvent resumed{"5100123452", Event(EventType::kResumed, "2019-04-01")};
  auto again = (*bulk)->AddEvents(std::span(&resumed, 1));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->failures.empty());  // after the suspension added above
  const CodedEvent resumed_twice{"5100123452", Event(EventType::kResumed, "2019-05-01")};
  auto twice = (*bulk)->AddEvents(std::span(&resumed_twice, 1));
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->failures.size(), 1u);  // it is not suspended any more
}

TEST_F(RegistryTest, BulkHistoriesAreAllOrNothing) {
  std::vector<NewHistory> batch;
  auto founding = [](const char* name) {
    NewEvent f = Event(EventType::kFounded, "2010-01-01");
    f.changes.name = name;
    f.changes.field = domain::Field::kAgriculture;
    f.changes.unit_code = "00967";
    return f;
  };
  batch.push_back(
      {NewOrganisation{domain::OrgKind::kHTX, domain::RegistryCode::Parse("5100123452").value(),
                       founding("HTX A")},
       {Event(EventType::kSuspended, "2012-01-01")},
       {}});
  batch.push_back(
      {NewOrganisation{domain::OrgKind::kHTX, domain::RegistryCode::Parse("0100109106").value(),
                       founding("HTX B")},
       {Event(EventType::kResumed, "2012-01-01")},  // illegal
       {}});
  const auto before = Counts();
  auto r = registry_->RecordHistories(batch, actor_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("0100109106"), std::string::npos);
  EXPECT_EQ(Counts().organisations, before.organisations);
  batch.pop_back();
  ASSERT_TRUE(registry_->RecordHistories(batch, actor_).ok());
  EXPECT_EQ(Counts().organisations, before.organisations + 1);
}

TEST_F(RegistryTest, AllowedNextFollowsTheState) {
  ASSERT_TRUE(Add("5100123452", "HTX A", "2010-05-01").ok());
  auto next = registry_->AllowedNext("5100123452");
  ASSERT_TRUE(next.ok());
  auto has = [&](EventType t) { return std::find(next->begin(), next->end(), t) != next->end(); };
  EXPECT_TRUE(has(EventType::kSuspended));
  EXPECT_FALSE(has(EventType::kResumed));
  EXPECT_FALSE(has(EventType::kFounded));
}

}  // namespace
}  // namespace hoptac::app
