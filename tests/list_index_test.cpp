// app::ListIndex against the store it stands in for: thousands of lists and searches (words,
// parts of words, every filter, both directions, pages followed by their cursors) must give
// exactly the rows Store::QueryLatest gives, on the demo province; and a write through another
// connection must show in the index's next answer.
//
// With HOPTAC_TEST_BACKEND=postgres (ctest's list_index_test_postgres) the registry is a fresh
// database on the server of $HOPTAC_TEST_PG_URL. With HOPTAC_LIST_INDEX_DB=FILE the comparison
// runs on that file instead of the demo (e.g. the national data set): run only
// --gtest_filter='*GivesWhat*' there, the other case writes.

#include "app/list_index.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "base/text.hpp"
#include "pg_test_database.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac::app {
namespace {

using domain::OrgListRow;
using domain::OrgQuery;

Timestamp T(const char* text) { return Timestamp::Parse(text).value(); }

std::string Describe(const OrgQuery& q) {
  std::string s = "q=[";
  for (const auto& t : q.name_tokens) s += t + " ";
  s += "]";
  if (q.kind) s += " kind=" + std::string(domain::Id(*q.kind));
  if (q.status) s += " status=" + std::string(domain::Id(*q.status));
  if (q.field) s += " field=" + std::string(domain::Id(*q.field));
  if (!q.model.empty()) s += " model=" + q.model;
  if (!q.code_prefix.empty()) s += " code=" + q.code_prefix;
  for (const auto& u : q.unit_codes) s += " unit=" + u;
  s += " limit=" + std::to_string(q.limit) + (q.descending ? " desc" : " asc");
  if (!q.after_key.empty()) s += " after a cursor";
  return s;
}

// Both answers row for row, every field the list shows.
void ExpectSame(const std::vector<OrgListRow>& want, const std::vector<OrgListRow>& got,
                const OrgQuery& q) {
  ASSERT_EQ(want.size(), got.size()) << Describe(q);
  for (size_t i = 0; i < want.size(); ++i) {
    const domain::OrgState& a = want[i].state;
    const domain::OrgState& b = got[i].state;
    ASSERT_EQ(a.id, b.id) << Describe(q) << " row " << i;
    EXPECT_EQ(want[i].sort_key, got[i].sort_key);
    EXPECT_EQ(a.registry_code, b.registry_code);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.field, b.field);
    EXPECT_EQ(a.unit_code, b.unit_code);
    EXPECT_EQ(a.unit_since, b.unit_since);
    EXPECT_EQ(a.founded_on, b.founded_on);
    EXPECT_EQ(a.ended_on, b.ended_on);
    EXPECT_EQ(a.models, b.models);
    EXPECT_EQ(a.exists, b.exists);
  }
}

class ListIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new hoptac::testing::TempDir();
    clock_ = new domain::ManualClock(T("2026-11-29T12:00:00Z"));
    std::string url = dir_->File("l.db");
    if (const char* given = std::getenv("HOPTAC_LIST_INDEX_DB"); given != nullptr) {
      url = given;
      read_only_ = true;
    } else if (const char* backend = std::getenv("HOPTAC_TEST_BACKEND");
               backend != nullptr && std::string(backend) == "postgres") {
      pg_ = new hoptac::testing::PgTestDatabase();
      url = pg_->url();
      if (url.empty()) {
        setup_error_ = pg_->error();
        return;
      }
    }
    url_ = url;
    auto opened = store::OpenStore(url);
    auto second = store::OpenStore(url);
    if (!opened.ok() || !second.ok()) {
      setup_error_ = (opened.ok() ? second.error() : opened.error()).ToString();
      return;
    }
    store_ = std::move(opened).value().release();
    other_ = std::move(second).value().release();
    registry_ = new Registry(*store_, *clock_);
    if (!read_only_) {
      ASSERT_TRUE(
          registry_->LoadUnits(ParseReferenceUnits(EmbeddedReferenceUnitFiles()).value(), {"test"})
              .ok());
      DemoOptions options;
      options.seed = 7;
      auto built = BuildDemo(*registry_, options);
      ASSERT_TRUE(built.ok()) << built.error().ToString();
    }
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete other_;
    delete store_;
    delete clock_;
    delete pg_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(store_, nullptr) << setup_error_; }

  // Every row, in name order, from the store.
  static std::vector<OrgListRow> AllRows() {
    OrgQuery q;
    q.limit = 10'000'000;
    return store_->QueryLatest(q).value();
  }

  // The query, and the pages after it (up to `pages`), from the store and from `index` (on the
  // other connection).
  static void Compare(ListIndex& index, OrgQuery q, int pages) {
    for (int page = 0; page < pages; ++page) {
      auto want = store_->QueryLatest(q);
      ASSERT_TRUE(want.ok()) << want.error().ToString();
      auto got = index.Query(*other_, q);
      ASSERT_TRUE(got.ok()) << got.error().ToString();
      ASSERT_TRUE(got->has_value()) << "the index is behind";
      ExpectSame(*want, **got, q);
      if (want->size() < q.limit || want->empty()) return;
      q.after_key = want->back().sort_key;
    }
  }

  static hoptac::testing::TempDir* dir_;
  static domain::ManualClock* clock_;
  static hoptac::testing::PgTestDatabase* pg_;
  static domain::Store* store_;
  static domain::Store* other_;
  static Registry* registry_;
  static bool read_only_;
  static std::string url_;
  static std::string setup_error_;
};

hoptac::testing::TempDir* ListIndexTest::dir_ = nullptr;
domain::ManualClock* ListIndexTest::clock_ = nullptr;
hoptac::testing::PgTestDatabase* ListIndexTest::pg_ = nullptr;
domain::Store* ListIndexTest::store_ = nullptr;
domain::Store* ListIndexTest::other_ = nullptr;
Registry* ListIndexTest::registry_ = nullptr;
bool ListIndexTest::read_only_ = false;
std::string ListIndexTest::url_;
std::string ListIndexTest::setup_error_;

TEST_F(ListIndexTest, AnswersTheNameOrderOnly) {
  OrgQuery q;
  EXPECT_TRUE(ListIndex::Answers(q));
  q.descending = true;
  EXPECT_TRUE(ListIndex::Answers(q));
  for (auto sort : {domain::OrgSort::kRegistryCode, domain::OrgSort::kFoundedOn,
                    domain::OrgSort::kStatus, domain::OrgSort::kUnit}) {
    q.sort = sort;
    EXPECT_FALSE(ListIndex::Answers(q));
  }
  // Models are held line by line: one asked with a line break is the store's to answer.
  q.sort = domain::OrgSort::kName;
  q.model = "Trồng lúa";
  EXPECT_TRUE(ListIndex::Answers(q));
  q.model = "Trồng lúa\nChăn nuôi";
  EXPECT_FALSE(ListIndex::Answers(q));
  q.name_tokens = {"viet lam"};
  q.model.clear();
  EXPECT_FALSE(ListIndex::Answers(q));
}

// A list or search as people ask them, drawn from `rows`: words of a real name (whole, cut
// short, one letter; now and then one no name has), every filter, both directions, limits of 1 to
// 60, and now and then a cursor in the middle (or past the end).
OrgQuery RandomQuery(std::mt19937_64& rng, const std::vector<OrgListRow>& rows) {
  const auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
  const auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const auto row = [&]() -> const domain::OrgState& { return rows[pick(rows.size())].state; };
  OrgQuery q;
  if (chance(0.7)) {
    const std::vector<std::string> words = text::Tokens(text::Fold(row().name));
    const size_t n = std::min(words.size(), 1 + pick(3));
    const size_t from = pick(words.size() - n + 1);
    for (size_t w = from; w < from + n; ++w) {
      std::string t = words[w];
      if (chance(0.2) && t.size() > 2) t = t.substr(pick(t.size() - 1), 2);
      if (chance(0.05)) t = t.substr(0, 1);
      q.name_tokens.push_back(t);
    }
    if (chance(0.05)) q.name_tokens.push_back("zqzq");
  }
  if (chance(0.3)) q.kind = row().kind;
  if (chance(0.3)) q.status = row().status;
  if (chance(0.1)) q.field = row().field;
  if (chance(0.1)) {
    const domain::OrgState& r = row();
    q.model = r.models.empty() ? "no-such-model" : r.models[pick(r.models.size())];
  }
  if (chance(0.1)) q.code_prefix = row().registry_code.substr(0, 2 + pick(4));
  if (chance(0.35)) {
    // A few units, as a district's or a province's communes would be; one no row has.
    const size_t units = 1 + pick(chance(0.5) ? 3 : 60);
    std::set<std::string> codes;
    for (size_t u = 0; u < units; ++u) codes.insert(row().unit_code);
    if (chance(0.1)) codes.insert("99999");
    q.unit_codes.assign(codes.begin(), codes.end());
  }
  q.descending = chance(0.3);
  q.limit = chance(0.2) ? 1 + pick(3) : 1 + pick(60);
  if (chance(0.15)) {
    q.after_key = rows[pick(rows.size())].sort_key;
    if (chance(0.1)) q.after_key += '\xff';
  }
  return q;
}

TEST_F(ListIndexTest, GivesWhatTheStoreGivesForEveryKindOfQuery) {
  const std::vector<OrgListRow> rows = AllRows();
  ASSERT_GT(rows.size(), 1000u);
  ListIndex index;
  std::mt19937_64 rng(20261129);
  for (int i = 0; i < 1500; ++i) {
    Compare(index, RandomQuery(rng, rows), 4);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(index.stats().organisations, rows.size());
}

// Renames the `nth` operating organisation in name order; returns it as it was.
domain::OrgState Rename(Registry& registry, const std::vector<OrgListRow>& rows, int nth,
                        const std::string& name) {
  const Date on = Date::Parse("2026-11-01").value();
  for (const OrgListRow& r : rows) {
    if (r.state.status != domain::LegalStatus::kOperating || r.state.founded_on > on || nth-- > 0) {
      continue;
    }
    NewEvent rename;
    rename.type = domain::EventType::kAmended;
    rename.effective_date = on;
    rename.changes.name = name;
    auto recorded = registry.RecordEvent(r.state.registry_code, rename, {"test"});
    EXPECT_TRUE(recorded.ok()) << recorded.error().ToString();
    return r.state;
  }
  ADD_FAILURE() << "no operating organisation to rename";
  return {};
}

TEST_F(ListIndexTest, ShowsAWriteOfAnotherConnectionInItsNextAnswer) {
  ASSERT_FALSE(read_only_) << "writes: on HOPTAC_LIST_INDEX_DB, run GivesWhatTheStoreGives… only";
  ListIndex index;
  OrgQuery q;
  q.name_tokens = {"zeta", "nghiem"};
  q.limit = 50;
  Compare(index, q, 1);
  ASSERT_TRUE(index.Query(*other_, q).value()->empty()) << "the demo has no such name yet";

  // A name the demo does not have, and the organisation's old name still found.
  const domain::OrgState target = Rename(*registry_, AllRows(), 0, "Hợp tác xã Zêta Thử Nghiệm");
  // The projection is read with the version of the state it was read in.
  size_t rows = 0;
  const Result<int64_t> read = other_->ForEachLatest([&](OrgListRow&, std::string&) { ++rows; });
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(*read, other_->Versions().value().registry);
  EXPECT_EQ(rows, AllRows().size());
  const std::vector<OrgListRow> found = index.Query(*other_, q).value().value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].state.id, target.id);
  EXPECT_EQ(found[0].state.name, "Hợp tác xã Zêta Thử Nghiệm");
  Compare(index, q, 1);
  q.name_tokens = text::Tokens(text::Fold(target.name));
  Compare(index, q, 3);
  OrgQuery all;
  all.limit = 40;
  Compare(index, all, 5);
}

TEST_F(ListIndexTest, OnItsOwnThreadItNeverAnswersBehindTheDatabase) {
  ASSERT_FALSE(read_only_) << "writes: on HOPTAC_LIST_INDEX_DB, run GivesWhatTheStoreGives… only";
  auto own = store::OpenStore(url_);
  ASSERT_TRUE(own.ok()) << own.error().ToString();
  ListIndex index(std::move(own).value());
  ASSERT_TRUE(index.WaitCurrent(*other_, 120'000));
  OrgQuery q;
  q.name_tokens = {"omega", "thu"};
  q.limit = 20;
  Compare(index, q, 1);
  ASSERT_TRUE(index.Query(*other_, q).value()->empty()) << "the demo has no such name yet";

  const domain::OrgState target = Rename(*registry_, AllRows(), 1, "Tổ hợp tác Ômêga Thử");
  // Behind the write it gives no answer (the caller asks the database), unless its thread has
  // built it again since (a build asked for earlier may have read after the write): never an
  // answer without the write.
  const std::optional<std::vector<OrgListRow>> behind = index.Query(*other_, q).value();
  if (behind) {
    ASSERT_EQ(behind->size(), 1u);
    EXPECT_EQ((*behind)[0].state.id, target.id);
  }
  ASSERT_TRUE(index.WaitCurrent(*other_, 120'000));
  const std::vector<OrgListRow> found = index.Query(*other_, q).value().value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].state.id, target.id);
  OrgQuery all;
  all.limit = 40;
  Compare(index, all, 3);
}

// After writes the index lays the rows written since its build over it (it is not built whole
// again), and still answers exactly what the store does: organisations renamed (moving in the
// name order, some twice), suspended (leaving a status), and added.
TEST_F(ListIndexTest, CatchesUpWithWritesFromTheRowsWrittenSince) {
  ASSERT_FALSE(read_only_) << "writes: on HOPTAC_LIST_INDEX_DB, run GivesWhatTheStoreGives… only";
  ListIndex index;
  OrgQuery first;
  first.limit = 10;
  Compare(index, first, 1);
  const ListIndex::Stats built = index.stats();
  std::mt19937_64 rng(20261130);
  const auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const Actor actor{"test"};
  int added = 0;
  int suspended = 0;
  for (int round = 0; round < 8; ++round) {
    std::vector<OrgListRow> rows = AllRows();
    // Renamed to sort first, next to another organisation, or last; now and then one renamed
    // before.
    const std::string names[] = {"Hợp tác xã An " + std::to_string(round),
                                 rows[pick(rows.size())].state.name + " Mới",
                                 "Tổ hợp tác Ỹ " + std::to_string(round)};
    for (const std::string& name : names) {
      Rename(*registry_, rows, static_cast<int>(round < 2 ? pick(40) : pick(3)), name);
    }
    {
      // A suspension: the organisation leaves "operating".
      const domain::OrgState& target = rows[pick(rows.size())].state;
      const Date on = Date::Parse("2026-11-02").value();
      if (target.status == domain::LegalStatus::kOperating && target.founded_on <= on &&
          target.unit_since <= on) {
        NewEvent suspend;
        suspend.type = domain::EventType::kSuspended;
        suspend.effective_date = on;
        ASSERT_TRUE(registry_->RecordEvent(target.registry_code, suspend, actor).ok());
        ++suspended;
      }
    }
    // A new organisation, named like an existing one so that searches find both.
    for (int tries = 0; tries < 20 && added <= round; ++tries) {
      const std::string nine = std::to_string(990000000 + round * 100 + tries);
      const int check = domain::RegistryCode::CheckDigit(nine);
      if (check < 0) continue;
      NewEvent founding;
      founding.type = domain::EventType::kFounded;
      const domain::OrgState& like = rows[pick(rows.size())].state;
      founding.effective_date = like.unit_since;  // when its unit was one
      founding.changes.name = like.name + " Hai";
      founding.changes.field = like.field;
      founding.changes.unit_code = like.unit_code;
      NewOrganisation org{domain::OrgKind::kHTX,
                          domain::RegistryCode::Parse(nine + std::to_string(check)).value(),
                          founding};
      const auto id = registry_->AddOrganisation(org, actor);
      ASSERT_TRUE(id.ok()) << id.error().ToString();
      ++added;
    }
    rows = AllRows();
    for (int i = 0; i < 80; ++i) {
      Compare(index, RandomQuery(rng, rows), 3);
      if (HasFatalFailure()) return;
    }
    // Every written row in the list, and where it now stands.
    OrgQuery all;
    all.limit = 10'000'000;
    Compare(index, all, 1);
    EXPECT_EQ(index.stats().organisations, rows.size());
  }
  EXPECT_EQ(index.stats().builds, built.builds) << "built whole again";
  EXPECT_GE(index.stats().updates, built.updates + 8);
  EXPECT_GE(suspended, 1);

  // An import of more organisations than are laid over the index (at least 256): built whole.
  std::vector<NewOrganisation> many;
  const std::vector<OrgListRow> rows = AllRows();
  for (int i = 0; many.size() < 300; ++i) {
    const std::string nine = std::to_string(980000000 + i);
    const int check = domain::RegistryCode::CheckDigit(nine);
    if (check < 0) continue;
    const domain::OrgState& like = rows[pick(rows.size())].state;
    NewEvent founding;
    founding.type = domain::EventType::kFounded;
    founding.effective_date = like.unit_since;
    founding.changes.name = "Hợp tác xã Nhập " + std::to_string(i) + " " + like.name;
    founding.changes.field = like.field;
    founding.changes.unit_code = like.unit_code;
    many.push_back({domain::OrgKind::kHTX,
                    domain::RegistryCode::Parse(nine + std::to_string(check)).value(), founding});
  }
  const auto imported = registry_->ImportOrganisations(many, actor, false);
  ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  ASSERT_TRUE(imported->committed);
  const ListIndex::Stats before_import = index.stats();
  const std::vector<OrgListRow> after = AllRows();
  for (int i = 0; i < 40; ++i) {
    Compare(index, RandomQuery(rng, after), 2);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(index.stats().builds, before_import.builds + 1);
  EXPECT_EQ(index.stats().organisations, after.size());
}

}  // namespace
}  // namespace hoptac::app
