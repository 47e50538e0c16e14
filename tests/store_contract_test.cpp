// The contract of domain::Store, written against the interface only and run for every backend:
// SQLite on a fresh temporary file, PostgreSQL on a fresh database of the server named by
// $HOPTAC_TEST_PG_URL (scripts/pg-test-server; scripts/test starts one). Without that server the
// PostgreSQL cases fail with a message saying so: they are always compiled and never skipped.
// What a backend cannot show through the interface (its schema version, statements the schema
// must refuse) goes through Backend's side door, which each backend implements with its driver.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "base/text.hpp"
#include "domain/lifecycle.hpp"
#include "domain/store.hpp"
#include "pg_test_database.hpp"
#include "raw_sqlite.hpp"
#include "store/migrations/migrations.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac {
namespace {

using domain::Event;
using domain::EventId;
using domain::EventType;
using domain::Field;
using domain::LegalStatus;
using domain::Money;
using domain::Organisation;
using domain::OrgId;
using domain::OrgKind;
using domain::OrgState;
using domain::Store;
using domain::WriteTransaction;
using domain::YearlyFigures;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// --- Backends ------------------------------------------------------------------------------

// One database for one test: opens the store on it (again after a close), and runs SQL on it
// directly, as an administrator would, bypassing the store.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Result<std::unique_ptr<Store>> Open() = 0;
  // nullopt when the statement succeeded, else the database's error.
  virtual std::optional<std::string> ExecDirect(const std::string& sql) = 0;
  virtual std::string ScalarDirect(const std::string& sql) = 0;
  // The migrations the backend applies (SQLite's and PostgreSQL's are separate lists).
  virtual std::span<const store::Migration> Migrations() const = 0;
};

class SqliteBackend final : public Backend {
 public:
  Result<std::unique_ptr<Store>> Open() override { return store::OpenStore(path_); }
  std::optional<std::string> ExecDirect(const std::string& sql) override {
    return testing::RawSqlite(path_).Exec(sql);
  }
  std::string ScalarDirect(const std::string& sql) override {
    return testing::RawSqlite(path_).Scalar(sql);
  }
  std::span<const store::Migration> Migrations() const override { return store::Migrations(); }

 private:
  testing::TempDir dir_;
  std::string path_ = dir_.File("registry.db");
};

class PostgresBackend final : public Backend {
 public:
  Result<std::unique_ptr<Store>> Open() override {
    if (db_.url().empty()) return Error::Unavailable(db_.error());
    return store::OpenStore(db_.url());
  }
  std::optional<std::string> ExecDirect(const std::string& sql) override { return db_.Exec(sql); }
  std::string ScalarDirect(const std::string& sql) override { return db_.Scalar(sql); }
  std::span<const store::Migration> Migrations() const override {
    return store::PostgresMigrations();
  }

 private:
  testing::PgTestDatabase db_;
};

struct BackendFactory {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
};

std::string BackendName(const ::testing::TestParamInfo<BackendFactory>& info) {
  return info.param.name;
}

// --- Values --------------------------------------------------------------------------------

Date D(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }
Timestamp T(int y, int m, int d, int64_t micros = 0) {
  return Timestamp::FromMicros(Timestamp::StartOf(D(y, m, d)).micros() + micros);
}

template <typename T>
std::string Opt(const std::optional<T>& v) {
  if (!v) return "<unset>";
  if constexpr (std::is_same_v<T, std::string>) {
    return "'" + *v + "'";
  } else if constexpr (std::is_same_v<T, Money>) {
    return v->ToString();
  } else if constexpr (std::is_same_v<T, Date>) {
    return v->ToString();
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    std::string out = "[";
    for (const auto& s : *v) out += "'" + s + "' ";
    return out + "]";
  } else {
    return std::to_string(*v);
  }
}

// Every field of an event, so that a round trip compares all of them and a failure shows which.
std::string Describe(const Event& e) {
  const domain::Changes& c = e.changes;
  std::string out = "id=" + std::to_string(e.id) + " org=" + std::to_string(e.org_id) +
                    " type=" + domain::Id(e.type) + " effective=" + e.effective_date.ToString() +
                    " recorded_at=" + e.recorded_at.ToString() + " recorded_by='" + e.recorded_by +
                    "'\n";
  out += "basis: no='" + e.basis.decision_no + "' date=" + Opt(e.basis.decision_date) + " by='" +
         e.basis.decided_by + "'\n";
  out += std::string("ground=") + (e.ground ? domain::Id(*e.ground) : "<unset>") + "\n";
  out += "name=" + Opt(c.name) + " short=" + Opt(c.short_name) + " foreign=" + Opt(c.foreign_name) +
         "\n";
  out += std::string("field=") + (c.field ? domain::Id(*c.field) : "<unset>") +
         " sectors=" + Opt(c.sectors) + " unit=" + Opt(c.unit_code) +
         " address=" + Opt(c.address_detail) + "\n";
  out += "representative=" + Opt(c.representative) + " capital=" + Opt(c.charter_capital) +
         " models=" + Opt(c.models) + " certificate=" + Opt(c.certificate_no) + "\n";
  out += "related=";
  for (OrgId r : e.related) out += std::to_string(r) + " ";
  out += "\nnote='" + e.note + "'\n";
  if (e.voided) {
    out += "voided at=" + e.voided->voided_at.ToString() + " by='" + e.voided->voided_by +
           "' reason='" + e.voided->reason + "'\n";
  }
  return out;
}

std::string Describe(const YearlyFigures& f) {
  std::string out = "org=" + std::to_string(f.org_id) + " year=" + std::to_string(f.year) +
                    " recorded_at=" + f.recorded_at.ToString() + " by='" + f.recorded_by +
                    "' source='" + f.source + "'\n";
  out += "members=" + Opt(f.members) + " individual=" + Opt(f.members_individual) +
         " household=" + Opt(f.members_household) + " legal=" + Opt(f.members_legal_entity) +
         " workers=" + Opt(f.workers) + " workers_members=" + Opt(f.workers_members) + "\n";
  out += "capital=" + Opt(f.charter_capital) + " assets=" + Opt(f.total_assets) +
         " revenue=" + Opt(f.revenue) + " from_members=" + Opt(f.revenue_from_members) +
         " profit=" + Opt(f.profit_before_tax) + " income=" + Opt(f.avg_income) + "\n";
  out += std::string("rating=") + (f.rating ? domain::Id(*f.rating) : "<unset>") + " scheme='" +
         f.rating_scheme + "'\n";
  return out;
}

std::string Describe(const Organisation& o) {
  return "id=" + std::to_string(o.id) + " kind=" + domain::Id(o.kind) + " code=" + o.registry_code +
         " legacy=" + std::to_string(o.legacy_code) + " created_at=" + o.created_at.ToString() +
         " by='" + o.created_by + "'";
}

Organisation Org(std::string code, OrgKind kind = OrgKind::kHTX) {
  Organisation o;
  o.kind = kind;
  o.registry_code = std::move(code);
  o.created_at = T(2024, 1, 2, 345678);
  o.created_by = "cán bộ đăng ký";
  return o;
}

Event Founding(OrgId org, Date on, std::string name) {
  Event e;
  e.org_id = org;
  e.type = EventType::kFounded;
  e.effective_date = on;
  e.recorded_at = T(2024, 1, 2);
  e.recorded_by = "tester";
  e.changes.name = std::move(name);
  e.changes.field = Field::kAgriculture;
  e.changes.unit_code = "00967";
  return e;
}

Event Simple(OrgId org, EventType type, Date on, Timestamp recorded_at) {
  Event e;
  e.org_id = org;
  e.type = type;
  e.effective_date = on;
  e.recorded_at = recorded_at;
  e.recorded_by = "tester";
  return e;
}

std::vector<EventId> Ids(const std::vector<Event>& events) {
  std::vector<EventId> out;
  for (const auto& e : events) out.push_back(e.id);
  return out;
}

std::vector<std::string> Codes(const std::vector<domain::OrgListRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.state.registry_code);
  return out;
}

// --- Fixture -------------------------------------------------------------------------------

class StoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    Reopen();
  }

  void Reopen() {
    store_.reset();
    auto s = backend_->Open();
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    store_ = std::move(s).value();
  }

  // Throws (failing the test) when no transaction can be started.
  std::unique_ptr<WriteTransaction> Begin() {
    auto t = store_->BeginWrite();
    if (!t.ok()) throw std::runtime_error("BeginWrite: " + t.error().ToString());
    return std::move(t).value();
  }

  // Inserts an organisation with `events` (their org_id is set) in one committed transaction.
  OrgId AddOrg(const Organisation& org, std::vector<Event> events = {}) {
    auto txn = Begin();
    auto id = txn->InsertOrganisation(org);
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    for (Event& e : events) {
      e.org_id = *id;
      auto eid = txn->AppendEvent(e);
      EXPECT_TRUE(eid.ok()) << eid.error().ToString();
    }
    auto committed = txn->Commit();
    EXPECT_TRUE(committed.ok()) << committed.error().ToString();
    return *id;
  }

  EventId Append(const Event& e) {
    auto txn = Begin();
    auto id = txn->AppendEvent(e);
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    auto committed = txn->Commit();
    EXPECT_TRUE(committed.ok()) << committed.error().ToString();
    return id.ok() ? *id : 0;
  }

  std::vector<Event> Events(OrgId id) {
    auto events = store_->LoadEvents(id);
    EXPECT_TRUE(events.ok()) << events.error().ToString();
    return events.ok() ? *events : std::vector<Event>{};
  }

  std::vector<domain::OrgListRow> Query(const domain::OrgQuery& q) {
    auto rows = store_->QueryLatest(q);
    EXPECT_TRUE(rows.ok()) << rows.error().ToString();
    return rows.ok() ? *rows : std::vector<domain::OrgListRow>{};
  }

  domain::StoreCounts Counts() {
    auto c = store_->Counts();
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    return c.ok() ? *c : domain::StoreCounts{};
  }

  // Six organisations with their projection rows. In Vietnamese order of their names:
  // F "…Dung Hà", E "…Đồng Tâm", D "…Én Bạc" (once "…Việt Hưng"), A "…Việt Lâm" (short name
  // "Tâm Phúc"), B "Quỹ… Đồng Văn", C "Tổ hợp tác Dung Quất".
  struct Seed {
    std::string code, name, short_name, old_name;
    OrgKind kind;
    LegalStatus status;
    Field field;
    std::string unit;
    std::vector<std::string> models;
  };
  void SeedProjection() {
    const std::vector<Seed> seeds = {
        {"5100123452",
         "Hợp tác xã Nông nghiệp Việt Lâm",
         "Tâm Phúc",
         "",
         OrgKind::kHTX,
         LegalStatus::kOperating,
         Field::kAgriculture,
         "00967",
         {"HTX toàn thôn"}},
        {"0100000010",
         "Quỹ tín dụng nhân dân Đồng Văn",
         "",
         "",
         OrgKind::kQTDND,
         LegalStatus::kSuspended,
         Field::kCredit,
         "00721",
         {}},
        {"0100000028",
         "Tổ hợp tác Dung Quất",
         "",
         "",
         OrgKind::kTHT,
         LegalStatus::kDissolved,
         Field::kNonAgriculture,
         "00001",
         {"HTX toàn thôn", "Liên kết chuỗi"}},
        {"0100000035",
         "Hợp tác xã Én Bạc",
         "",
         "Hợp tác xã Việt Hưng",
         OrgKind::kHTX,
         LegalStatus::kOperating,
         Field::kAgriculture,
         "00967",
         {"Liên kết chuỗi"}},
        {"0100000042",
         "Hợp tác xã Đồng Tâm",
         "",
         "",
         OrgKind::kHTX,
         LegalStatus::kOperating,
         Field::kAgriculture,
         "00967",
         {}},
        {"0300000001",
         "Hợp tác xã Dung Hà",
         "",
         "",
         OrgKind::kHTX,
         LegalStatus::kOperating,
         Field::kNonAgriculture,
         "00721",
         {}},
    };
    for (const Seed& s : seeds) {
      auto txn = Begin();
      auto id = txn->InsertOrganisation(Org(s.code, s.kind));
      ASSERT_TRUE(id.ok()) << id.error().ToString();
      Event founded = Founding(*id, D(2010, 1, 1), s.old_name.empty() ? s.name : s.old_name);
      if (!s.short_name.empty()) founded.changes.short_name = s.short_name;
      ASSERT_TRUE(txn->AppendEvent(founded).ok());
      if (!s.old_name.empty()) {
        Event renamed = Simple(*id, EventType::kAmended, D(2015, 1, 1), T(2024, 1, 3));
        renamed.changes.name = s.name;
        ASSERT_TRUE(txn->AppendEvent(renamed).ok());
      }
      OrgState st;
      st.id = *id;
      st.kind = s.kind;
      st.registry_code = s.code;
      st.exists = true;
      st.status = s.status;
      st.name = s.name;
      st.field = s.field;
      st.unit_code = s.unit;
      st.unit_since = D(2010, 1, 1);
      st.founded_on = D(2010, 1, 1);
      if (s.status == LegalStatus::kDissolved) st.ended_on = D(2020, 5, 6);
      st.models = s.models;
      ASSERT_TRUE(txn->PutLatest(st).ok());
      ASSERT_TRUE(txn->Commit().ok());
      ids_[s.code] = *id;
    }
  }

  // The latest-state row of `code` (seeded by SeedProjection).
  OrgState LatestOf(const std::string& code) {
    domain::OrgQuery q;
    q.code_prefix = code;
    return Query(q).at(0).state;
  }
  // Writes `st` as its organisation's latest-state row, in a transaction of its own.
  void PutLatest(const OrgState& st) {
    auto txn = Begin();
    ASSERT_TRUE(txn->PutLatest(st).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Store> store_;
  std::map<std::string, OrgId> ids_;
};

// --- Migrations ----------------------------------------------------------------------------

TEST_P(StoreContract, AppliesEveryMigrationOnOpen) {
  // Listed in src/store/CMakeLists.txt by hand: in ascending order, each version once (the last
  // is the newest, which the schema version and the newer-schema check take it to be).
  const auto migrations = backend_->Migrations();
  for (size_t i = 1; i < migrations.size(); ++i) {
    EXPECT_LT(migrations[i - 1].version, migrations[i].version) << migrations[i].name;
  }
  const int latest = backend_->Migrations().back().version;
  EXPECT_EQ(backend_->ScalarDirect("SELECT max(version) FROM schema_migrations"),
            std::to_string(latest));
  EXPECT_EQ(backend_->ScalarDirect("SELECT count(*) FROM schema_migrations"),
            std::to_string(backend_->Migrations().size()));
  const domain::StoreCounts c = Counts();
  EXPECT_EQ(c.organisations, 0);
  EXPECT_EQ(c.events, 0);
}

TEST_P(StoreContract, ReopeningKeepsTheSchemaVersionAndTheData) {
  const OrgId id = AddOrg(Org("5100123452"), {Founding(0, D(2010, 3, 15), "Hợp tác xã A")});
  auto applied_at = [&] {
    std::string all;
    for (const store::Migration& m : backend_->Migrations()) {
      all += backend_->ScalarDirect("SELECT applied_at FROM schema_migrations WHERE version = " +
                                    std::to_string(m.version));
      all += ' ';
    }
    return all;
  };
  const std::string applied = applied_at();
  for (int i = 0; i < 2; ++i) {
    Reopen();
    EXPECT_EQ(backend_->ScalarDirect("SELECT count(*) FROM schema_migrations"),
              std::to_string(backend_->Migrations().size()));
    EXPECT_EQ(applied_at(), applied);
    auto org = store_->FindOrganisationByCode("5100123452");
    ASSERT_TRUE(org.ok() && org->has_value());
    EXPECT_EQ((*org)->id, id);
    EXPECT_THAT(Events(id), SizeIs(1));
  }
}

// Branches developed side by side may land a migration numbered below one already applied.
TEST_P(StoreContract, AMigrationNotAppliedYetIsAppliedEvenBelowTheNewest) {
  ASSERT_EQ(backend_->ExecDirect("DROP INDEX org_latest_by_status; DROP INDEX org_latest_by_kind; "
                                 "DELETE FROM schema_migrations WHERE version = 7"),
            std::nullopt);
  Reopen();
  EXPECT_EQ(backend_->ScalarDirect("SELECT count(*) FROM schema_migrations WHERE version = 7"),
            "1");
  EXPECT_EQ(backend_->ScalarDirect("SELECT count(*) FROM schema_migrations"),
            std::to_string(backend_->Migrations().size()));
  domain::OrgQuery q;
  q.status = LegalStatus::kOperating;  // reads org_latest_by_status again
  EXPECT_THAT(Query(q), IsEmpty());
}

// A database written by a newer hoptac may hold what this one would misread: it is refused.
TEST_P(StoreContract, ADatabaseOfANewerSchemaIsRefusedAndLeftAsItWas) {
  const int newest = backend_->Migrations().back().version;
  const std::string future = std::to_string(newest + 1);
  ASSERT_EQ(backend_->ExecDirect("INSERT INTO schema_migrations (version, name, applied_at) "
                                 "VALUES (" +
                                 future + ", 'future.sql', '2030-01-01')"),
            std::nullopt);
  auto refused = backend_->Open();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "schema_version");
  EXPECT_EQ(refused.error().value, future);
  EXPECT_THAT(refused.error().message, HasSubstr("newer hoptac"));
  EXPECT_EQ(backend_->ScalarDirect("SELECT count(*) FROM schema_migrations"),
            std::to_string(backend_->Migrations().size() + 1));
  ASSERT_EQ(backend_->ExecDirect("DELETE FROM schema_migrations WHERE version = " + future),
            std::nullopt);
  Reopen();
}

// --- Data versions (decision 0031) -----------------------------------------------------------

TEST_P(StoreContract, VersionsMoveWithEveryCommittedWriteOfWhatTheyGuard) {
  auto versions = [&](Store& s) {
    auto v = s.Versions();
    EXPECT_TRUE(v.ok()) << v.error().ToString();
    return v.ok() ? *v : domain::DataVersions{-1, -1};
  };
  const domain::DataVersions v0 = versions(*store_);
  const OrgId id = AddOrg(Org("5100123452"), {Founding(0, D(2010, 3, 15), "Hợp tác xã A")});
  const domain::DataVersions v1 = versions(*store_);
  EXPECT_EQ(v1.registry, v0.registry + 1);  // once per transaction, not per statement
  EXPECT_EQ(v1.units, v0.units);
  {
    auto txn = Begin();  // rolled back: nothing moves
    ASSERT_TRUE(txn->AppendEvent(Founding(id, D(2011, 1, 1), "B")).ok());
  }
  EXPECT_EQ(versions(*store_), v1);
  {
    auto txn = Begin();  // the member register and the audit log are not what the caches hold
    domain::Member m;
    m.org_id = id;
    m.member_no = "TV-01";
    m.name = "Lò Văn Minh";
    m.joined_on = D(2015, 4, 1);
    ASSERT_TRUE(txn->AppendMember(m).ok());
    domain::AuditEntry a;
    a.action = "member.add";
    a.actor = "test";
    ASSERT_TRUE(txn->AppendAudit(a).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(versions(*store_), v1);
  {
    auto txn = Begin();
    ASSERT_TRUE(
        txn->ReplaceUnits({{"02", "Tỉnh Hà Giang", domain::UnitLevel::kProvince, ""}}, {}, {})
            .ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  const domain::DataVersions v2 = versions(*store_);
  EXPECT_EQ(v2.registry, v1.registry);
  EXPECT_EQ(v2.units, v1.units + 1);
  {
    auto txn = Begin();
    YearlyFigures f;
    f.org_id = id;
    f.year = 2020;
    f.members = 9;
    ASSERT_TRUE(txn->AppendFigures(f).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(versions(*store_).registry, v2.registry + 1);
  // Another connection (another process) reads the same.
  auto other = backend_->Open();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  EXPECT_EQ(versions(**other), versions(*store_));
}

// --- Organisations -------------------------------------------------------------------------

TEST_P(StoreContract, OrganisationRoundTripsEveryField) {
  Organisation o = Org("HN/GCN-123.45", OrgKind::kLHHTX);
  o.legacy_code = true;
  o.created_at = T(2023, 12, 31, 86399'999'999);
  const OrgId id = AddOrg(o);
  o.id = id;
  auto by_id = store_->FindOrganisation(id);
  auto by_code = store_->FindOrganisationByCode("HN/GCN-123.45");
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  ASSERT_TRUE(by_code.ok() && by_code->has_value());
  EXPECT_EQ(Describe(**by_id), Describe(o));
  EXPECT_EQ(Describe(**by_code), Describe(o));
}

TEST_P(StoreContract, UnknownOrganisationIsEmptyNotAnError) {
  auto by_id = store_->FindOrganisation(42);
  auto by_code = store_->FindOrganisationByCode("0100000010");
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_code.ok());
  EXPECT_FALSE(by_id->has_value());
  EXPECT_FALSE(by_code->has_value());
}

TEST_P(StoreContract, DuplicateRegistryCodeIsAConflictNamingTheCode) {
  auto txn = Begin();
  ASSERT_TRUE(txn->InsertOrganisation(Org("5100123452")).ok());
  auto again = txn->InsertOrganisation(Org("5100123452", OrgKind::kTHT));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "registry_code");
  EXPECT_EQ(again.error().value, "5100123452");
  ASSERT_TRUE(txn->Commit().ok());
  txn.reset();
  EXPECT_EQ(Counts().organisations, 1);

  auto later = Begin();
  auto third = later->InsertOrganisation(Org("5100123452"));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);
}

// --- Events --------------------------------------------------------------------------------

TEST_P(StoreContract, EventRoundTripsEveryField) {
  const OrgId a = AddOrg(Org("5100123452"));
  const OrgId b = AddOrg(Org("0100000010"));
  const OrgId c = AddOrg(Org("0100000028"));
  Event e;
  e.org_id = a;
  e.type = EventType::kDividedInto;
  e.effective_date = D(2016, 2, 29);
  e.recorded_at = T(2016, 3, 1, 123457);
  e.recorded_by = "Phòng Tài chính – Kế hoạch";
  e.basis = {"12/QĐ-UBND", D(2016, 2, 28), "Ủy ban nhân dân huyện Vị Xuyên"};
  e.ground = domain::DissolutionGround::kNoGeneralMeeting18Months;
  domain::Changes& ch = e.changes;
  ch.name = "Hợp tác xã Nông nghiệp Việt Lâm";
  // NFD on purpose: the store keeps bytes as given, it does not normalise.
  ch.short_name = "HTX Vie\xcc\xa3\xcc\x82t La\xcc\x82m";
  ch.foreign_name = "Viet Lam Agricultural Cooperative";
  ch.field = Field::kNonAgriculture;
  ch.sectors = std::vector<std::string>{"Trồng chè", "0118 — Trồng rau, đậu", "Dịch vụ"};
  ch.unit_code = "00967";
  ch.address_detail = "Thôn Khuổi Luông, \"số 5\"; 'A'";
  ch.representative = "Nguyễn Thị Ánh Tuyết";
  ch.charter_capital = Money::Vnd(1'234'567'890'123);
  ch.models = std::vector<std::string>{"HTX toàn thôn", "Liên kết chuỗi giá trị"};
  ch.certificate_no = "10.07.000123";
  e.related = {c, b};  // out of id order: the order given is kept
  e.note = "Ghi chú: ệ ự ỹ Đ đ — 100% ✓";

  const EventId id = Append(e);
  ASSERT_NE(id, 0);
  e.id = id;
  const std::vector<Event> loaded = Events(a);
  ASSERT_THAT(loaded, SizeIs(1));
  EXPECT_EQ(Describe(loaded[0]), Describe(e));
  EXPECT_EQ(*loaded[0].changes.short_name, *e.changes.short_name);  // byte-exact
  auto found = store_->FindEvent(id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(Describe(**found), Describe(e));
}

TEST_P(StoreContract, UnsetFieldsStayUnsetAndEmptyListsStaySet) {
  const OrgId a = AddOrg(Org("5100123452"));
  Event e = Simple(a, EventType::kSuspended, D(2016, 5, 1), T(2016, 5, 2));
  const EventId bare = Append(e);
  Event cleared = Simple(a, EventType::kAmended, D(2016, 6, 1), T(2016, 6, 2));
  cleared.changes.models = std::vector<std::string>{};   // "clear every model tag"
  cleared.changes.sectors = std::vector<std::string>{};  // likewise
  cleared.changes.address_detail = "";
  const EventId clearing = Append(cleared);
  e.id = bare;
  cleared.id = clearing;
  const std::vector<Event> loaded = Events(a);
  ASSERT_THAT(loaded, SizeIs(2));
  EXPECT_EQ(Describe(loaded[0]), Describe(e));
  EXPECT_TRUE(loaded[0].changes.empty());
  EXPECT_FALSE(loaded[0].voided.has_value());
  EXPECT_FALSE(loaded[0].basis.decision_date.has_value());
  EXPECT_FALSE(loaded[0].ground.has_value());
  EXPECT_EQ(Describe(loaded[1]), Describe(cleared));
  ASSERT_TRUE(loaded[1].changes.models.has_value());
  EXPECT_THAT(*loaded[1].changes.models, IsEmpty());
  ASSERT_TRUE(loaded[1].changes.address_detail.has_value());
}

TEST_P(StoreContract, HistoryIsOrderedByEffectiveDateThenRecordedAtThenId) {
  const OrgId a = AddOrg(Org("5100123452"));
  // Appended in an order unrelated to history order.
  const EventId late = Append(Simple(a, EventType::kResumed, D(2018, 1, 1), T(2018, 1, 1)));
  const EventId same_day_later =
      Append(Simple(a, EventType::kAmended, D(2016, 5, 1), T(2017, 1, 1)));
  const EventId same_day_first =
      Append(Simple(a, EventType::kSuspended, D(2016, 5, 1), T(2016, 5, 1)));
  const EventId tie_a = Append(Simple(a, EventType::kAmended, D(2017, 1, 1), T(2017, 2, 2)));
  const EventId tie_b = Append(Simple(a, EventType::kAmended, D(2017, 1, 1), T(2017, 2, 2)));
  const EventId founded = Append(Founding(a, D(2010, 1, 1), "HTX"));
  EXPECT_THAT(Ids(Events(a)),
              ElementsAre(founded, same_day_first, same_day_later, tie_a, tie_b, late));
}

TEST_P(StoreContract, EventsOfOtherOrganisationsAreNotLoaded) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2010, 1, 1), "A")});
  const OrgId b = AddOrg(Org("0100000010"), {Founding(0, D(2011, 1, 1), "B")});
  EXPECT_THAT(Events(a), SizeIs(1));
  EXPECT_THAT(Events(b), SizeIs(1));
  EXPECT_THAT(Events(999), IsEmpty());
  EXPECT_NE(Events(a)[0].id, Events(b)[0].id);
}

TEST_P(StoreContract, FindEventOfAnUnknownIdIsEmpty) {
  auto found = store_->FindEvent(12345);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

// --- Voids ---------------------------------------------------------------------------------

TEST_P(StoreContract, VoidIsShownWithItsEventAndCannotBeRepeated) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2010, 1, 1), "A")});
  const EventId s = Append(Simple(a, EventType::kSuspended, D(2016, 5, 1), T(2016, 5, 1)));
  const domain::EventVoid v{T(2016, 7, 1, 42), "Nguyễn Văn Bình", "nhầm ngày hiệu lực"};
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->AppendVoid(s, v).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  const std::vector<Event> loaded = Events(a);
  ASSERT_THAT(loaded, SizeIs(2));
  EXPECT_FALSE(loaded[0].voided.has_value());
  ASSERT_TRUE(loaded[1].voided.has_value());
  EXPECT_EQ(loaded[1].voided->voided_at, v.voided_at);
  EXPECT_EQ(loaded[1].voided->voided_by, v.voided_by);
  EXPECT_EQ(loaded[1].voided->reason, v.reason);
  auto found = store_->FindEvent(s);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(Describe(**found), Describe(loaded[1]));

  auto txn = Begin();
  auto again = txn->AppendVoid(s, {T(2016, 8, 1), "x", "again"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "event_id");
  EXPECT_EQ(again.error().value, std::to_string(s));
  txn.reset();
  EXPECT_EQ(Events(a)[1].voided->reason, v.reason);
  EXPECT_EQ(Counts().voids, 1);
}

// FoundedOn reads what domain::FoundedOn finds in the loaded history: the earliest founding
// that is not void, none for an organisation without one, also inside a write transaction.
TEST_P(StoreContract, FoundedOnIsTheEarliestFoundingNotVoid) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2012, 4, 1), "A")});
  const EventId early = Append(Founding(a, D(2009, 6, 1), "A"));
  const OrgId b = AddOrg(Org("0100000010"));
  Append(Simple(b, EventType::kAmended, D(2015, 1, 1), T(2015, 1, 1)));
  auto founded_on = [&](domain::RegistryReader& reader, OrgId id) {
    auto on = reader.FoundedOn(id);
    EXPECT_TRUE(on.ok()) << on.error().ToString();
    auto events = reader.LoadEvents(id);
    EXPECT_TRUE(events.ok());
    EXPECT_EQ(*on, domain::FoundedOn(*events, Timestamp::Max()));
    return *on;
  };
  EXPECT_EQ(founded_on(*store_, a), D(2009, 6, 1));
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->AppendVoid(early, {T(2016, 7, 1), "x", "nhầm"}).ok());
    EXPECT_EQ(founded_on(*txn, a), D(2012, 4, 1));
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(founded_on(*store_, a), D(2012, 4, 1));
  EXPECT_EQ(founded_on(*store_, b), std::nullopt);
  EXPECT_EQ(founded_on(*store_, 999), std::nullopt);
}

// --- Figures -------------------------------------------------------------------------------

TEST_P(StoreContract, FiguresRevisionsRoundTripEveryField) {
  const OrgId a = AddOrg(Org("5100123452"));
  YearlyFigures full;
  full.org_id = a;
  full.year = 2020;
  full.members = 120;
  full.members_individual = 100;
  full.members_household = 15;
  full.members_legal_entity = 5;
  full.workers = 30;
  full.workers_members = 25;
  full.charter_capital = Money::Vnd(1'500'000'000);
  full.total_assets = Money::Vnd(9'000'000'000'000);
  full.revenue = Money::Vnd(2'000'000'000);
  full.revenue_from_members = Money::Vnd(1'200'000'000);
  full.profit_before_tax = Money::Vnd(-350'000'000);
  full.avg_income = Money::Vnd(48'000'000);
  full.rating = domain::Rating::kFair;
  full.rating_scheme = "TT01/2020";
  full.recorded_at = T(2021, 3, 1, 1);
  full.recorded_by = "Liên minh HTX tỉnh";
  full.source = "báo cáo của HTX";
  YearlyFigures revision = full;
  revision.recorded_at = T(2021, 4, 1);
  revision.profit_before_tax = Money::Vnd(-1);
  revision.rating = domain::Rating::kNotRated;
  YearlyFigures sparse;
  sparse.org_id = a;
  sparse.year = 2019;
  sparse.recorded_at = T(2021, 5, 1);
  sparse.recorded_by = "x";
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->AppendFigures(revision).ok());
    ASSERT_TRUE(txn->AppendFigures(full).ok());
    ASSERT_TRUE(txn->AppendFigures(sparse).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto loaded = store_->LoadFigures(a);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  ASSERT_THAT(*loaded, SizeIs(3));  // by year, then recorded_at
  EXPECT_EQ(Describe((*loaded)[0]), Describe(sparse));
  EXPECT_EQ(Describe((*loaded)[1]), Describe(full));
  EXPECT_EQ(Describe((*loaded)[2]), Describe(revision));
  EXPECT_EQ(Counts().figures, 3);
  auto other = store_->LoadFigures(a + 1);
  ASSERT_TRUE(other.ok());
  EXPECT_THAT(*other, IsEmpty());
}

// --- Members -------------------------------------------------------------------------------

std::string Describe(const domain::Member& m) {
  auto opt = [](const auto& v) { return v ? v->ToString() : std::string("-"); };
  return m.member_no + "|" + domain::Id(m.type) + "|" + domain::Id(m.kind) + "|" + m.name + "|" +
         m.representative + "|" + m.id_number + "|" + m.nationality + "|" + m.address + "|" +
         m.joined_on.ToString() + "|" + opt(m.left_on) + "|" + m.left_reason + "|" +
         opt(m.capital) + "|" + opt(m.capital_date) + "|" + m.capital_certificate_no + "|" +
         opt(m.capital_certificate_date) + "|" + m.note + "|" + m.recorded_at.ToString() + "|" +
         m.recorded_by;
}

TEST_P(StoreContract, MemberRevisionsRoundTripEveryFieldInRegisterOrder) {
  const OrgId a = AddOrg(Org("5100123452"));
  const OrgId b = AddOrg(Org("0100000010"));
  domain::Member full;
  full.org_id = a;
  full.member_no = "TV-02";
  full.type = domain::MemberType::kLegalEntity;
  full.kind = domain::MembershipKind::kOfficialC;
  full.name = "Công ty TNHH Chè Việt";
  full.representative = "Nguyễn Thị Lan";
  full.id_number = "5100999999";
  full.nationality = "Việt Nam";
  full.address = "Thôn Chang";
  full.joined_on = D(2015, 4, 1);
  full.left_on = D(2020, 1, 1);
  full.left_reason = "rút vốn";
  full.capital = Money::Vnd(150'000'000);
  full.capital_date = D(2015, 4, 2);
  full.capital_certificate_no = "02/GCN";
  full.capital_certificate_date = D(2015, 4, 3);
  full.note = "ghi chú";
  full.recorded_at = T(2021, 3, 1, 1);
  full.recorded_by = "lan";
  domain::Member sparse;
  sparse.org_id = a;
  sparse.member_no = "TV-01";
  sparse.name = "Lò Văn Sử";
  sparse.joined_on = D(2014, 1, 1);
  sparse.recorded_at = T(2021, 3, 1);
  domain::Member earlier = full;
  earlier.left_on.reset();
  earlier.left_reason.clear();
  earlier.recorded_at = T(2020, 1, 1);
  domain::Member other = sparse;
  other.org_id = b;
  {
    auto txn = Begin();
    for (const auto* m : {&full, &sparse, &earlier, &other}) {
      ASSERT_TRUE(txn->AppendMember(*m).ok());
    }
    auto inside = txn->LoadMembers(a);
    ASSERT_TRUE(inside.ok());
    EXPECT_THAT(*inside, SizeIs(3));
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto loaded = store_->LoadMembers(a);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  ASSERT_THAT(*loaded, SizeIs(3));  // by member number, then recorded_at
  EXPECT_EQ(Describe((*loaded)[0]), Describe(sparse));
  EXPECT_EQ(Describe((*loaded)[1]), Describe(earlier));
  EXPECT_EQ(Describe((*loaded)[2]), Describe(full));
  std::vector<std::pair<OrgId, size_t>> visited;
  ASSERT_TRUE(store_
                  ->ForEachMembers([&](OrgId id, std::vector<domain::Member>& ms) {
                    visited.emplace_back(id, ms.size());
                  })
                  .ok());
  EXPECT_THAT(visited, ElementsAre(std::make_pair(a, size_t{3}), std::make_pair(b, size_t{1})));
  EXPECT_EQ(Counts().members, 4);
}

TEST_P(StoreContract, RestoreKeepsTheIdsOfOrganisationsAndEventsWithTheirLinksAndVoids) {
  Organisation o = Org("5100123452");
  o.id = 40;
  Organisation p = Org("0100000010");
  p.id = 7;
  Event founded = Founding(40, D(2010, 1, 1), "Hợp tác xã Việt Lâm");
  founded.id = 900;
  Event merged = Simple(7, EventType::kMergedInto, D(2016, 1, 1), T(2016, 2, 1));
  merged.id = 17;
  merged.related = {40};
  merged.voided = domain::EventVoid{T(2017, 1, 1), "lan", "nhầm"};
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->RestoreOrganisation(o).ok());
    ASSERT_TRUE(txn->RestoreOrganisation(p).ok());
    ASSERT_TRUE(txn->RestoreEvent(founded).ok());
    ASSERT_TRUE(txn->RestoreEvent(merged).ok());
    const Status again = txn->RestoreEvent(merged);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto org = store_->FindOrganisation(40);
  ASSERT_TRUE(org.ok() && org->has_value());
  EXPECT_EQ(Describe(**org), Describe(o));
  auto e = store_->FindEvent(17);
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ(Describe(**e), Describe(merged));
  auto linked = store_->LinkedTo(40);
  ASSERT_TRUE(linked.ok());
  EXPECT_THAT(*linked, ElementsAre(7));
  // A new event after a restore takes the next id.
  EXPECT_EQ(Append(Simple(40, EventType::kSuspended, D(2018, 1, 1), T(2018, 1, 2))), 901);
}

// --- Links ---------------------------------------------------------------------------------

TEST_P(StoreContract, LinkedToListsTheOrganisationsWhoseEventsLinkHere) {
  const OrgId a = AddOrg(Org("5100123452"));
  const OrgId b = AddOrg(Org("0100000010"));
  const OrgId c = AddOrg(Org("0100000028"));
  const OrgId d = AddOrg(Org("0100000035"));
  Event merged = Simple(a, EventType::kMergedInto, D(2019, 1, 1), T(2019, 1, 1));
  merged.related = {c};
  Event divided = Simple(b, EventType::kDividedInto, D(2019, 2, 1), T(2019, 2, 1));
  divided.related = {d, c};
  Append(merged);
  Append(divided);
  auto to_c = store_->LinkedTo(c);
  auto to_d = store_->LinkedTo(d);
  auto to_a = store_->LinkedTo(a);
  ASSERT_TRUE(to_c.ok() && to_d.ok() && to_a.ok());
  EXPECT_THAT(*to_c, ElementsAre(a, b));
  EXPECT_THAT(*to_d, ElementsAre(b));
  EXPECT_THAT(*to_a, IsEmpty());
  EXPECT_THAT(Events(b)[0].related, ElementsAre(d, c));
}

// --- Projection ----------------------------------------------------------------------------

TEST_P(StoreContract, QueryLatestListsEveryRowInVietnameseOrder) {
  SeedProjection();
  EXPECT_THAT(Codes(Query({})), ElementsAre("0300000001", "0100000042", "0100000035", "5100123452",
                                            "0100000010", "0100000028"));
}

TEST_P(StoreContract, QueryLatestPutsDBeforeDStrokeBeforeE) {
  const std::vector<std::string> names = {"Én", "Đồng", "Dung", "Đa", "Duy"};
  int n = 0;
  for (const std::string& name : names) {
    const std::string code = "01000000" + std::to_string(10 + n++);
    const OrgId id = AddOrg(Org(code), {Founding(0, D(2010, 1, 1), name)});
    OrgState st;
    st.id = id;
    st.registry_code = code;
    st.exists = true;
    st.name = name;
    auto txn = Begin();
    ASSERT_TRUE(txn->PutLatest(st).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::vector<std::string> order;
  for (const auto& r : Query({})) order.push_back(r.state.name);
  EXPECT_THAT(order, ElementsAre("Dung", "Duy", "Đa", "Đồng", "Én"));
}

TEST_P(StoreContract, QueryLatestFiltersByKindStatusFieldAndModel) {
  SeedProjection();
  domain::OrgQuery q;
  q.kind = OrgKind::kHTX;
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0300000001", "0100000042", "0100000035", "5100123452"));
  q = {};
  q.kind = OrgKind::kQTDND;
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000010"));
  q = {};
  q.status = LegalStatus::kSuspended;
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000010"));
  q.status = LegalStatus::kDissolved;
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000028"));
  q.status = LegalStatus::kBankrupt;
  EXPECT_THAT(Codes(Query(q)), IsEmpty());
  q = {};
  q.field = Field::kNonAgriculture;
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0300000001", "0100000028"));
  q = {};
  q.model = "HTX toàn thôn";
  EXPECT_THAT(Codes(Query(q)), ElementsAre("5100123452", "0100000028"));
  q.model = "Liên kết chuỗi";
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000035", "0100000028"));
  q.model = "HTX";  // a tag matches whole, not as a prefix
  EXPECT_THAT(Codes(Query(q)), IsEmpty());
}

TEST_P(StoreContract, QueryLatestFiltersByCodePrefixAndUnits) {
  SeedProjection();
  domain::OrgQuery q;
  q.code_prefix = "51";
  EXPECT_THAT(Codes(Query(q)), ElementsAre("5100123452"));
  q.code_prefix = "01000000";
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000042", "0100000035", "0100000010", "0100000028"));
  q.code_prefix = "0100000010";
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000010"));
  q = {};
  q.unit_codes = {"00967"};
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000042", "0100000035", "5100123452"));
  q.unit_codes = {"00721", "00001"};
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0300000001", "0100000010", "0100000028"));
  q.unit_codes = {"99999"};
  EXPECT_THAT(Codes(Query(q)), IsEmpty());
}

TEST_P(StoreContract, QueryLatestMatchesFoldedTokensWithinOneNameTheOrganisationHasHad) {
  SeedProjection();
  auto search = [&](const std::string& text) {
    domain::OrgQuery q;
    q.name_tokens = text::Tokens(text::Fold(text));
    return Codes(Query(q));
  };
  EXPECT_THAT(search("viet lam"), ElementsAre("5100123452"));
  EXPECT_THAT(search("VIỆT LÂM"), ElementsAre("5100123452"));
  EXPECT_THAT(search("dong"), ElementsAre("0100000042", "0100000010"));
  EXPECT_THAT(search("đồng tâm"), ElementsAre("0100000042"));
  EXPECT_THAT(search("viet hung"), ElementsAre("0100000035"));  // its former name
  EXPECT_THAT(search("tam phuc"), ElementsAre("5100123452"));   // its short name
  EXPECT_THAT(search("lam phuc"), IsEmpty());                   // tokens from two different names
  EXPECT_THAT(search("viet xyz"), IsEmpty());
}

// Search against a brute-force answer on a registry where words repeat and bunch together in
// name order (SQLite reads candidates from its word index, migration 0013; PostgreSQL from its
// trigram index): every word, part of a word and pair, with and without a status, paged.
TEST_P(StoreContract, QueryLatestSearchAgreesWithTestingEveryNameOnAManyNamedRegistry) {
  const std::vector<std::string> words = {"Cẩm",  "Trồng", "Cam", "Chè",  "Đồng",  "Tâm",
                                          "Việt", "Lâm",   "Sản", "Xuất", "Nông",  "Nghiệp",
                                          "Thôn", "Phú",   "An",  "Xuân", "Đường", "Dương"};
  struct Known {
    std::vector<std::string> folded_names;
    LegalStatus status;
    OrgKind kind;
  };
  std::map<OrgId, Known> known;
  uint32_t seed = 12345;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  auto make_name = [&](bool group) {
    std::string name = group ? "Tổ hợp tác" : "Hợp tác xã";
    const uint32_t n = 2 + next(2);
    for (uint32_t k = 0; k < n; ++k) name += " " + words[next(words.size())];
    return name;
  };
  std::vector<std::pair<OrgId, OrgState>> renamed;
  for (int i = 0; i < 700; ++i) {
    const bool group = i % 2 == 1;
    const std::string name = make_name(group);
    char code[11];
    std::snprintf(code, sizeof code, "02%08d", i);
    auto txn = Begin();
    // A few credit funds: a rare kind, which a search filtered by it follows.
    const OrgKind kind = i % 50 == 4 ? OrgKind::kQTDND : group ? OrgKind::kTHT : OrgKind::kHTX;
    auto id = txn->InsertOrganisation(Org(code, kind));
    ASSERT_TRUE(id.ok()) << id.error().ToString();
    ASSERT_TRUE(txn->AppendEvent(Founding(*id, D(2010, 1, 1), name)).ok());
    OrgState st;
    st.id = *id;
    st.kind = kind;
    st.registry_code = code;
    st.exists = true;
    // Suspended ones are rare and all groups, whose names sort after every cooperative's.
    st.status = group && i % 20 == 1 ? LegalStatus::kSuspended
                : i % 3 == 0         ? LegalStatus::kDissolved
                                     : LegalStatus::kOperating;
    st.name = name;
    st.unit_code = "00967";
    ASSERT_TRUE(txn->PutLatest(st).ok());
    ASSERT_TRUE(txn->Commit().ok());
    known[*id] = {{text::Fold(name)}, st.status, kind};
    if (i % 7 == 0) renamed.emplace_back(*id, st);
  }
  // Renamed later: found by either name, listed under the new one.
  for (auto& [id, st] : renamed) {
    auto txn = Begin();
    Event e = Simple(id, EventType::kAmended, D(2016, 1, 1), T(2024, 2, 1));
    st.name = make_name(st.kind == OrgKind::kTHT);
    e.changes.name = st.name;
    ASSERT_TRUE(txn->AppendEvent(e).ok());
    ASSERT_TRUE(txn->PutLatest(st).ok());
    ASSERT_TRUE(txn->Commit().ok());
    known[id].folded_names.push_back(text::Fold(st.name));
  }
  domain::OrgQuery all;
  all.limit = 100000;
  const std::vector<domain::OrgListRow> order = Query(all);
  ASSERT_EQ(order.size(), 700u);

  auto expect_search = [&](const std::string& text, std::optional<LegalStatus> status,
                           std::optional<OrgKind> kind = std::nullopt) {
    const std::vector<std::string> tokens = text::Tokens(text::Fold(text));
    std::vector<std::string> expected;
    for (const auto& row : order) {
      const Known& k = known.at(row.state.id);
      if (status && k.status != *status) continue;
      if (kind && k.kind != *kind) continue;
      const bool match =
          std::any_of(k.folded_names.begin(), k.folded_names.end(), [&](const std::string& name) {
            return std::all_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
              return name.find(t) != std::string::npos;
            });
          });
      if (match) expected.push_back(row.state.registry_code);
    }
    for (size_t limit : {size_t{7}, size_t{50}}) {
      domain::OrgQuery q;
      q.name_tokens = tokens;
      q.status = status;
      q.kind = kind;
      q.limit = limit;
      std::vector<std::string> got;
      for (int page = 0; page < 200; ++page) {
        const auto rows = Query(q);
        for (const auto& r : rows) got.push_back(r.state.registry_code);
        if (rows.size() < limit) break;
        q.after_key = rows.back().sort_key;
      }
      EXPECT_EQ(got, expected) << "search \"" << text << "\", page size " << limit
                               << (status ? ", a status" : "") << (kind ? ", a kind" : "");
    }
  };
  for (const std::string& w : words) {
    expect_search(w, std::nullopt);
    expect_search(w, LegalStatus::kSuspended);
    expect_search(w, std::nullopt, OrgKind::kQTDND);
    expect_search(w, LegalStatus::kDissolved, OrgKind::kTHT);
    const std::string folded = text::Fold(w);
    if (folded.size() >= 3) expect_search(folded.substr(1, 2), std::nullopt);
  }
  expect_search("hop", LegalStatus::kSuspended);  // 350 cooperatives read before the first
  expect_search("hop tac", std::nullopt);
  expect_search("cam trong", std::nullopt);
  expect_search("cam xuan", LegalStatus::kOperating);
  expect_search("dong duong", std::nullopt);
  expect_search("ng", std::nullopt);
  expect_search("a", LegalStatus::kSuspended);  // one letter: in many words
  expect_search("thon zzz", std::nullopt);
  expect_search("trong che", std::nullopt, OrgKind::kQTDND);
  expect_search("cam trong", LegalStatus::kOperating, OrgKind::kHTX);
  expect_search("xuan", LegalStatus::kSuspended, OrgKind::kTHT);
  expect_search("a", std::nullopt, OrgKind::kQTDND);  // one letter: only the kind's stream
}

TEST_P(StoreContract, QueryLatestCombinesFilters) {
  SeedProjection();
  domain::OrgQuery q;
  q.kind = OrgKind::kHTX;
  q.status = LegalStatus::kOperating;
  q.unit_codes = {"00967"};
  q.name_tokens = {"hop", "tac"};
  EXPECT_THAT(Codes(Query(q)), ElementsAre("0100000042", "0100000035", "5100123452"));
  q.model = "HTX toàn thôn";
  EXPECT_THAT(Codes(Query(q)), ElementsAre("5100123452"));
}

TEST_P(StoreContract, QueryLatestPagesWithTheLastSortKey) {
  SeedProjection();
  domain::OrgQuery q;
  q.limit = 2;
  std::vector<std::string> seen;
  std::vector<size_t> page_sizes;
  for (int page = 0; page < 10; ++page) {
    const auto rows = Query(q);
    page_sizes.push_back(rows.size());
    if (rows.empty()) break;
    for (const auto& r : rows) seen.push_back(r.state.registry_code);
    EXPECT_LT(q.after_key, rows.front().sort_key);
    q.after_key = rows.back().sort_key;
  }
  EXPECT_THAT(page_sizes, ElementsAre(2, 2, 2, 0));
  EXPECT_THAT(seen, ElementsAre("0300000001", "0100000042", "0100000035", "5100123452",
                                "0100000010", "0100000028"));
}

// Every order, both directions: ties on the sort value go by name; paging by the last row's sort
// value and name key (alone, and behind a filter) gives the same rows as one query.
TEST_P(StoreContract, QueryLatestSortsByEveryKeyBothWaysAndPagesWithTheCursor) {
  SeedProjection();
  for (const auto& [code, founded] :
       std::vector<std::pair<std::string, Date>>{{"5100123452", D(2012, 5, 1)},
                                                 {"0100000035", D(2012, 5, 1)},
                                                 {"0100000010", D(2008, 3, 1)}}) {
    domain::OrgQuery one;
    one.code_prefix = code;
    const auto rows = Query(one);
    ASSERT_THAT(rows, SizeIs(1));
    OrgState st = rows[0].state;
    st.founded_on = founded;
    auto txn = Begin();
    ASSERT_TRUE(txn->PutLatest(st).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  using domain::OrgSort;
  const struct {
    OrgSort sort;
    bool descending;
    std::vector<std::string> codes;
  } cases[] = {
      {OrgSort::kName,
       false,
       {"0300000001", "0100000042", "0100000035", "5100123452", "0100000010", "0100000028"}},
      {OrgSort::kName,
       true,
       {"0100000028", "0100000010", "5100123452", "0100000035", "0100000042", "0300000001"}},
      {OrgSort::kRegistryCode,
       false,
       {"0100000010", "0100000028", "0100000035", "0100000042", "0300000001", "5100123452"}},
      {OrgSort::kRegistryCode,
       true,
       {"5100123452", "0300000001", "0100000042", "0100000035", "0100000028", "0100000010"}},
      {OrgSort::kFoundedOn,
       false,
       {"0100000010", "0300000001", "0100000042", "0100000028", "0100000035", "5100123452"}},
      {OrgSort::kFoundedOn,
       true,
       {"0100000035", "5100123452", "0300000001", "0100000042", "0100000028", "0100000010"}},
      {OrgSort::kStatus,
       false,
       {"0300000001", "0100000042", "0100000035", "5100123452", "0100000010", "0100000028"}},
      {OrgSort::kStatus,
       true,
       {"0100000028", "0100000010", "0300000001", "0100000042", "0100000035", "5100123452"}},
      {OrgSort::kUnit,
       false,
       {"0100000028", "0300000001", "0100000010", "0100000042", "0100000035", "5100123452"}},
      {OrgSort::kUnit,
       true,
       {"0100000042", "0100000035", "5100123452", "0300000001", "0100000010", "0100000028"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(domain::Id(c.sort)) + (c.descending ? " desc" : " asc"));
    domain::OrgQuery q;
    q.sort = c.sort;
    q.descending = c.descending;
    EXPECT_EQ(Codes(Query(q)), c.codes);
    for (const size_t limit : {size_t{1}, size_t{4}}) {
      for (const bool filtered : {false, true}) {
        domain::OrgQuery p = q;
        p.limit = limit;
        if (filtered) p.code_prefix = "0";  // every code but 5100123452
        std::vector<std::string> seen;
        for (int page = 0; page < 10; ++page) {
          const auto rows = Query(p);
          if (rows.empty()) break;
          for (const auto& r : rows) seen.push_back(r.state.registry_code);
          p.after_value = domain::SortValue(rows.back().state, c.sort);
          p.after_key = rows.back().sort_key;
        }
        std::vector<std::string> expected = c.codes;
        if (filtered) std::erase(expected, "5100123452");
        EXPECT_EQ(seen, expected) << "limit " << limit << (filtered ? ", filtered" : "");
      }
    }
  }
}

TEST_P(StoreContract, QueryLatestRowRoundTripsTheProjectedState) {
  SeedProjection();
  domain::OrgQuery q;
  q.code_prefix = "0100000028";
  const auto rows = Query(q);
  ASSERT_THAT(rows, SizeIs(1));
  const OrgState& s = rows[0].state;
  EXPECT_EQ(s.id, ids_["0100000028"]);
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.kind, OrgKind::kTHT);
  EXPECT_EQ(s.status, LegalStatus::kDissolved);
  EXPECT_EQ(s.name, "Tổ hợp tác Dung Quất");
  EXPECT_EQ(s.field, Field::kNonAgriculture);
  EXPECT_EQ(s.unit_code, "00001");
  EXPECT_EQ(s.unit_since, D(2010, 1, 1));
  EXPECT_EQ(s.founded_on, D(2010, 1, 1));
  EXPECT_EQ(s.ended_on, D(2020, 5, 6));
  EXPECT_THAT(s.models, ElementsAre("HTX toàn thôn", "Liên kết chuỗi"));
}

TEST_P(StoreContract, PutLatestReplacesTheOrganisationsRow) {
  SeedProjection();
  OrgState st = LatestOf("5100123452");
  st.status = LegalStatus::kSuspended;
  st.name = "Hợp tác xã Ánh Dương";
  PutLatest(st);
  domain::OrgQuery q;
  q.code_prefix = "5100123452";
  const auto rows = Query(q);
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].state.status, LegalStatus::kSuspended);
  EXPECT_EQ(Codes(Query({})).front(), "5100123452");  // "Ánh" sorts first now
  EXPECT_THAT(Query({}), SizeIs(6));
}

// The rows written by transactions after a version (migration 0017), with the version read.
TEST_P(StoreContract, ForEachLatestChangedSinceVisitsTheRowsWrittenAfterTheVersionOnly) {
  SeedProjection();
  const int64_t before = store_->Versions().value().registry;
  OrgState st = LatestOf("0100000010");
  st.name = "Quỹ tín dụng nhân dân Đồng Văn Mới";
  PutLatest(st);
  const auto changed = [&](int64_t version, size_t at_most) {
    std::vector<std::string> seen;
    auto read = store_->ForEachLatestChangedSince(
        version, at_most, [&](domain::OrgListRow& r, std::string& names) {
          seen.push_back(r.state.registry_code + " " + r.state.name + " | " + names);
        });
    EXPECT_TRUE(read.ok()) << read.error().ToString();
    return std::make_pair(read.ok() ? *read : domain::Store::LatestChanges{}, seen);
  };
  const auto [since_before, rows] = changed(before, 10);
  EXPECT_EQ(since_before.version, before + 1);
  EXPECT_FALSE(since_before.more);
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_THAT(rows[0], HasSubstr("0100000010 Quỹ tín dụng nhân dân Đồng Văn Mới | "));
  EXPECT_THAT(rows[0], HasSubstr("dong van"));  // its folded names
  const auto [since_after, none] = changed(before + 1, 10);
  EXPECT_EQ(since_after.version, before + 1);
  EXPECT_THAT(none, IsEmpty());
  // Every seeded row was written after version 0: more than 2 of them, so none is visited.
  const auto [since_start, too_many] = changed(0, 2);
  EXPECT_TRUE(since_start.more);
  EXPECT_THAT(too_many, IsEmpty());
  EXPECT_FALSE(changed(0, 100).first.more);
  EXPECT_THAT(changed(0, 100).second, SizeIs(Query({}).size()));
}

TEST_P(StoreContract, AReaderThatThrowsLeavesNoTransactionOpen) {
  SeedProjection();
  const auto throwing = [](domain::OrgListRow&, std::string&) {
    throw std::runtime_error("the visitor ran out of memory");
  };
  EXPECT_THROW((void)store_->ForEachLatest(throwing), std::runtime_error);
  // The store writes, and reads the state after the write: not a snapshot left from before.
  OrgState st = LatestOf("5100123452");
  st.name = "Hợp tác xã Ánh Dương";
  PutLatest(st);
  auto other = backend_->Open();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  const auto now = (*other)->Versions();
  ASSERT_TRUE(now.ok()) << now.error().ToString();
  size_t seen = 0;
  bool renamed = false;
  const auto version = store_->ForEachLatest([&](domain::OrgListRow& r, std::string&) {
    ++seen;
    renamed = renamed || r.state.name == "Hợp tác xã Ánh Dương";
  });
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(*version, now->registry);
  EXPECT_EQ(seen, 6u);
  EXPECT_TRUE(renamed);
}

// --- Whole registry ------------------------------------------------------------------------

TEST_P(StoreContract, ForEachHistoryVisitsEveryOrganisationInIdOrderWithItsEvents) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2010, 1, 1), "A")});
  const OrgId empty = AddOrg(Org("0100000010"));
  const OrgId c = AddOrg(Org("0100000028"), {Founding(0, D(2011, 1, 1), "C")});
  Event merged = Simple(a, EventType::kMergedInto, D(2019, 1, 1), T(2019, 1, 1));
  merged.related = {c};
  Append(merged);
  Append(Simple(a, EventType::kSuspended, D(2016, 1, 1), T(2019, 1, 2)));
  Append(Simple(c, EventType::kSuspended, D(2016, 1, 1), T(2019, 1, 2)));

  std::vector<OrgId> visited;
  std::map<OrgId, std::string> histories;
  auto status = store_->ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
    visited.push_back(org.id);
    std::string all;
    for (const Event& e : events) all += Describe(e);
    histories[org.id] = all;
  });
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_THAT(visited, ElementsAre(a, empty, c));
  for (OrgId id : {a, empty, c}) {
    std::string all;
    for (const Event& e : Events(id)) all += Describe(e);
    EXPECT_EQ(histories[id], all) << "organisation " << id;
  }
  EXPECT_THAT(Events(a), SizeIs(3));
  EXPECT_THAT(Events(a)[2].related, ElementsAre(c));
}

TEST_P(StoreContract, CountsCountEveryKindOfRecord) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2010, 1, 1), "A")});
  AddOrg(Org("0100000010"));
  const EventId s = Append(Simple(a, EventType::kSuspended, D(2016, 1, 1), T(2019, 1, 2)));
  YearlyFigures f;
  f.org_id = a;
  f.year = 2019;
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->AppendVoid(s, {T(2020, 1, 1), "x", "sai"}).ok());
    ASSERT_TRUE(txn->AppendFigures(f).ok());
    ASSERT_TRUE(txn->AppendFigures(f).ok());
    ASSERT_TRUE(
        txn->ReplaceUnits({{"02", "Tỉnh Hà Giang", domain::UnitLevel::kProvince, ""}}, {}, {})
            .ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  const domain::StoreCounts c = Counts();
  EXPECT_EQ(c.organisations, 2);
  EXPECT_EQ(c.events, 2);
  EXPECT_EQ(c.voids, 1);
  EXPECT_EQ(c.figures, 2);
  EXPECT_EQ(c.units, 1);
}

// --- Units ---------------------------------------------------------------------------------

TEST_P(StoreContract, ReplaceUnitsReplacesTheWholeCatalogue) {
  using domain::UnitLevel;
  const Date eve = D(2025, 6, 30), reform = D(2025, 7, 1);
  const std::vector<domain::Unit> units = {
      {"02", "Tỉnh Hà Giang", UnitLevel::kProvince, "", Date::Min(), eve, false},
      {"08", "Tỉnh Tuyên Quang", UnitLevel::kProvince, "", Date::Min(), Date::Max(), false},
      {"030", "Huyện Vị Xuyên", UnitLevel::kDistrict, "02", Date::Min(), eve, false},
      {"00967", "Xã Việt Lâm", UnitLevel::kCommune, "030", Date::Min(), eve, false},
      {"00967", "Xã Việt Lâm", UnitLevel::kCommune, "08", reform, Date::Max(), false},
      {"00970", "Xã Quảng Ngần", UnitLevel::kCommune, "030", Date::Min(), D(2019, 12, 31), true},
  };
  const std::vector<domain::UnitSuccession> successions = {{"00967", "00967", reform, true}};
  const std::vector<domain::UnitAlias> aliases = {{"00967", "Xã Việt Lâm cũ", "units-2022"}};
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->ReplaceUnits({{"99", "Tỉnh Cũ", UnitLevel::kProvince, ""}}, {}, {}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->ReplaceUnits(units, successions, aliases).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto catalog = store_->LoadUnits();
  ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
  ASSERT_THAT(catalog->units(), SizeIs(units.size()));
  EXPECT_EQ(catalog->Latest("99"), nullptr);
  const domain::Unit* before = catalog->At("00967", D(2016, 1, 1));
  const domain::Unit* after = catalog->At("00967", reform);
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(before->parent_code, "030");
  EXPECT_EQ(before->valid_from, Date::Min());
  EXPECT_EQ(before->valid_to, eve);
  EXPECT_EQ(after->parent_code, "08");
  EXPECT_EQ(after->valid_to, Date::Max());
  const domain::Unit* legacy = catalog->Latest("00970");
  ASSERT_NE(legacy, nullptr);
  EXPECT_TRUE(legacy->legacy);
  EXPECT_EQ(legacy->valid_to, D(2019, 12, 31));
  ASSERT_THAT(catalog->successions(), SizeIs(1));
  EXPECT_TRUE(catalog->successions()[0].partial);
  EXPECT_EQ(catalog->successions()[0].effective, reform);
  ASSERT_THAT(catalog->aliases(), SizeIs(1));
  EXPECT_EQ(catalog->aliases()[0].name, "Xã Việt Lâm cũ");
  EXPECT_EQ(catalog->aliases()[0].source, "units-2022");
}

// --- Transactions --------------------------------------------------------------------------

TEST_P(StoreContract, TransactionDestroyedWithoutCommitLeavesNothing) {
  const OrgId kept = AddOrg(Org("0100000010"), {Founding(0, D(2010, 1, 1), "B")});
  {
    auto txn = Begin();
    auto id = txn->InsertOrganisation(Org("5100123452"));
    ASSERT_TRUE(id.ok());
    Event e = Founding(*id, D(2010, 1, 1), "A");
    ASSERT_TRUE(txn->AppendEvent(e).ok());
    ASSERT_TRUE(txn->AppendVoid(Events(kept)[0].id, {T(2020, 1, 1), "x", "y"}).ok());
    YearlyFigures f;
    f.org_id = *id;
    f.year = 2019;
    ASSERT_TRUE(txn->AppendFigures(f).ok());
    OrgState st;
    st.id = *id;
    st.registry_code = "5100123452";
    st.exists = true;
    st.name = "A";
    ASSERT_TRUE(txn->PutLatest(st).ok());
    ASSERT_TRUE(
        txn->ReplaceUnits({{"02", "Tỉnh Hà Giang", domain::UnitLevel::kProvince, ""}}, {}, {})
            .ok());
  }
  const domain::StoreCounts c = Counts();
  EXPECT_EQ(c.organisations, 1);
  EXPECT_EQ(c.events, 1);
  EXPECT_EQ(c.voids, 0);
  EXPECT_EQ(c.figures, 0);
  EXPECT_EQ(c.units, 0);
  EXPECT_THAT(Query({}), IsEmpty());
  auto gone = store_->FindOrganisationByCode("5100123452");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  EXPECT_FALSE(Events(kept)[0].voided.has_value());
  // The store takes writes again.
  AddOrg(Org("5100123452"));
  EXPECT_EQ(Counts().organisations, 2);
}

TEST_P(StoreContract, ReadsInsideATransactionSeeItsOwnWrites) {
  const OrgId parent = AddOrg(Org("0100000010"));
  auto txn = Begin();
  auto id = txn->InsertOrganisation(Org("5100123452"));
  ASSERT_TRUE(id.ok());
  auto by_code = txn->FindOrganisationByCode("5100123452");
  ASSERT_TRUE(by_code.ok() && by_code->has_value());
  EXPECT_EQ((*by_code)->id, *id);
  auto by_id = txn->FindOrganisation(*id);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());

  ASSERT_TRUE(txn->AppendEvent(Founding(*id, D(2010, 1, 1), "A")).ok());
  Event separated = Simple(*id, EventType::kSeparatedFrom, D(2012, 1, 1), T(2012, 1, 1));
  separated.related = {parent};
  auto sid = txn->AppendEvent(separated);
  ASSERT_TRUE(sid.ok());
  ASSERT_TRUE(txn->AppendVoid(*sid, {T(2013, 1, 1), "x", "sai"}).ok());
  YearlyFigures f;
  f.org_id = *id;
  f.year = 2012;
  f.members = 7;
  ASSERT_TRUE(txn->AppendFigures(f).ok());

  auto events = txn->LoadEvents(*id);
  ASSERT_TRUE(events.ok());
  ASSERT_THAT(*events, SizeIs(2));
  EXPECT_TRUE((*events)[1].voided.has_value());
  EXPECT_THAT((*events)[1].related, ElementsAre(parent));
  auto found = txn->FindEvent(*sid);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->voided.has_value());
  auto figures = txn->LoadFigures(*id);
  ASSERT_TRUE(figures.ok());
  ASSERT_THAT(*figures, SizeIs(1));
  EXPECT_EQ((*figures)[0].members, 7);
  auto linked = txn->LinkedTo(parent);
  ASSERT_TRUE(linked.ok());
  EXPECT_THAT(*linked, ElementsAre(*id));
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_THAT(Events(*id), SizeIs(2));
}

// --- Integrity -----------------------------------------------------------------------------

TEST_P(StoreContract, TheDatabaseRefusesToUpdateOrDeleteEventsVoidsFiguresAndLinks) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2010, 1, 1), "A")});
  const OrgId b = AddOrg(Org("0100000010"), {Founding(0, D(2010, 1, 1), "B")});
  Event merged = Simple(a, EventType::kMergedInto, D(2019, 1, 1), T(2019, 1, 1));
  merged.related = {b};
  const EventId m = Append(merged);
  YearlyFigures f;
  f.org_id = a;
  f.year = 2018;
  f.members = 9;
  {
    auto txn = Begin();
    ASSERT_TRUE(txn->AppendVoid(m, {T(2020, 1, 1), "x", "sai"}).ok());
    ASSERT_TRUE(txn->AppendFigures(f).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::string before;
  for (OrgId id : {a, b}) {
    for (const Event& e : Events(id)) before += Describe(e);
  }
  store_.reset();  // a second writer would only wait for the store's lock

  const std::vector<std::string> refused = {
      "UPDATE events SET note = 'changed'",
      "UPDATE events SET effective_date = '2000-01-01' WHERE type = 'founded'",
      "DELETE FROM events",
      "DELETE FROM events WHERE id = " + std::to_string(m),
      "UPDATE event_voids SET reason = 'changed'",
      "DELETE FROM event_voids",
      "UPDATE yearly_figures SET members = 10",
      "DELETE FROM yearly_figures",
      "UPDATE event_links SET org_id = " + std::to_string(a),
      "DELETE FROM event_links",
  };
  for (const std::string& sql : refused) {
    EXPECT_TRUE(backend_->ExecDirect(sql).has_value()) << sql << " was accepted";
  }

  Reopen();
  std::string after;
  for (OrgId id : {a, b}) {
    for (const Event& e : Events(id)) after += Describe(e);
  }
  EXPECT_EQ(after, before);
  auto figures = store_->LoadFigures(a);
  ASSERT_TRUE(figures.ok());
  ASSERT_THAT(*figures, SizeIs(1));
  EXPECT_EQ((*figures)[0].members, 9);
}

TEST_P(StoreContract, RecordsMustReferToExistingOrganisationsAndEvents) {
  const OrgId a = AddOrg(Org("5100123452"), {Founding(0, D(2010, 1, 1), "A")});
  const OrgId missing = a + 100;
  {
    auto txn = Begin();
    EXPECT_FALSE(txn->AppendEvent(Founding(missing, D(2010, 1, 1), "ghost")).ok());
  }
  {
    auto txn = Begin();
    Event merged = Simple(a, EventType::kMergedInto, D(2019, 1, 1), T(2019, 1, 1));
    merged.related = {missing};
    EXPECT_FALSE(txn->AppendEvent(merged).ok());
  }
  {
    auto txn = Begin();
    EXPECT_FALSE(txn->AppendVoid(987654, {T(2020, 1, 1), "x", "y"}).ok());
  }
  {
    auto txn = Begin();
    YearlyFigures f;
    f.org_id = missing;
    f.year = 2019;
    EXPECT_FALSE(txn->AppendFigures(f).ok());
  }
  {
    auto txn = Begin();
    OrgState st;
    st.id = missing;
    st.registry_code = "0100000010";
    st.exists = true;
    st.name = "ghost";
    EXPECT_FALSE(txn->PutLatest(st).ok());
  }
  const domain::StoreCounts c = Counts();
  EXPECT_EQ(c.organisations, 1);
  EXPECT_EQ(c.events, 1);
  EXPECT_EQ(c.voids, 0);
  EXPECT_EQ(c.figures, 0);
  EXPECT_THAT(Events(a), SizeIs(1));
  EXPECT_THAT(Query({}), IsEmpty());
}

// --- Concurrent writers ----------------------------------------------------------------------

// One writer process of the test below: `rounds` times for each organisation, a transaction that
// reads the history (as app::Registry does before it validates) and appends an event noting how
// many events it saw. Retries when the database is busy. Returns the process's exit status.
int WriterProcess(Backend& backend, const std::vector<OrgId>& orgs, int writer, int rounds) {
  auto opened = backend.Open();
  if (!opened.ok()) return 10;
  std::unique_ptr<Store> store = std::move(opened).value();
  for (int round = 0; round < rounds; ++round) {
    for (size_t k = 0; k < orgs.size(); ++k) {
      const OrgId org = orgs[(k + static_cast<size_t>(writer)) % orgs.size()];
      bool committed = false;
      for (int attempt = 0; attempt < 100 && !committed; ++attempt) {
        auto txn = store->BeginWrite();
        if (!txn.ok()) {
          if (txn.error().code == ErrorCode::kUnavailable) continue;
          return 11;
        }
        auto found = (*txn)->FindOrganisation(org);
        if (!found.ok() || !found->has_value()) return 12;
        auto events = (*txn)->LoadEvents(org);
        if (!events.ok()) {
          if (events.error().code == ErrorCode::kUnavailable) continue;
          return 13;
        }
        Event e = Simple(org, EventType::kAmended, D(2020, 1, 1), T(2020, 1, 1));
        e.note = "seen " + std::to_string(events->size()) + " by " + std::to_string(writer) +
                 " round " + std::to_string(round);
        auto id = (*txn)->AppendEvent(e);
        if (!id.ok()) {
          if (id.error().code == ErrorCode::kUnavailable) continue;
          return 14;
        }
        auto done = (*txn)->Commit();
        if (!done.ok()) {
          if (done.error().code == ErrorCode::kUnavailable) continue;
          return 15;
        }
        committed = true;
      }
      if (!committed) return 16;
    }
  }
  return 0;
}

// Several processes append to the same organisations at once. Writers to one organisation take
// turns, each reading what the previous one committed: in history order the events saw 0, 1, 2, …
// events before them — none lost, none twice, none out of order — and every writer's every
// round is there exactly once.
TEST_P(StoreContract, ConcurrentWritersOnTheSameOrganisationsLoseNothing) {
  constexpr int kWriters = 4;
  constexpr int kRounds = 12;
  const std::vector<OrgId> orgs = {AddOrg(Org("0100000010")), AddOrg(Org("0100000028")),
                                   AddOrg(Org("0100000035"))};
  store_.reset();  // no connection is open across fork()
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork() failed";
    if (pid == 0) _exit(WriterProcess(*backend_, orgs, w, kRounds));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "writer " << pid << " ended with status " << status;
  }
  Reopen();
  for (OrgId org : orgs) {
    const std::vector<Event> events = Events(org);
    ASSERT_THAT(events, SizeIs(kWriters * kRounds)) << "organisation " << org;
    std::set<std::string> rounds;
    for (size_t i = 0; i < events.size(); ++i) {
      const std::string& note = events[i].note;
      EXPECT_EQ(note.rfind("seen " + std::to_string(i) + " by ", 0), 0U)
          << "organisation " << org << ", event " << i << ": " << note;
      rounds.insert(note.substr(note.find(" by ")));
    }
    EXPECT_THAT(rounds, SizeIs(kWriters * kRounds)) << "organisation " << org;
  }
  EXPECT_EQ(Counts().events, static_cast<int64_t>(orgs.size()) * kWriters * kRounds);
}

const BackendFactory kBackends[] = {
    {"Sqlite", [] { return std::unique_ptr<Backend>(new SqliteBackend()); }},
    {"Postgres", [] { return std::unique_ptr<Backend>(new PostgresBackend()); }},
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(kBackends), BackendName);

// --- SQLite specifics ----------------------------------------------------------------------

TEST(SqliteStore, UsesWriteAheadLogging) {
  testing::TempDir dir;
  const std::string path = dir.File("registry.db");
  auto store = store::OpenStore(path);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  // WAL is a property of the file: any new connection sees it.
  testing::RawSqlite raw(path);
  EXPECT_EQ(raw.Scalar("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.Scalar("PRAGMA integrity_check"), "ok");
}

// Migration 0013 indexes the words of the names already there; later writes keep the index.
TEST(SqliteStore, TheWordIndexIsBuiltFromTheNamesAlreadyThereAndKeptByWrites) {
  testing::TempDir dir;
  const std::string path = dir.File("registry.db");
  auto add = [&](domain::Store& store, const std::string& code, const std::string& name) {
    auto txn = store.BeginWrite();
    ASSERT_TRUE(txn.ok());
    auto id = (*txn)->InsertOrganisation(Org(code));
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE((*txn)->AppendEvent(Founding(*id, D(2010, 1, 1), name)).ok());
    OrgState st;
    st.id = *id;
    st.registry_code = code;
    st.exists = true;
    st.name = name;
    ASSERT_TRUE((*txn)->PutLatest(st).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  };
  auto search = [](domain::Store& store, const std::string& text) {
    domain::OrgQuery q;
    q.name_tokens = text::Tokens(text::Fold(text));
    auto rows = store.QueryLatest(q);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? Codes(*rows) : std::vector<std::string>{};
  };
  {
    auto store = store::OpenStore(path);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    add(**store, "0100000010", "Hợp tác xã Chè Shan Tuyết");
    add(**store, "0100000028", "Hợp tác xã Chè Xanh");
  }
  {
    // As a database from before 0013 was.
    testing::RawSqlite raw(path);
    ASSERT_EQ(raw.Exec("DROP TABLE org_words; DROP TABLE name_words; "
                       "DELETE FROM schema_migrations WHERE version = 13"),
              std::nullopt);
  }
  auto store = store::OpenStore(path);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_THAT(search(**store, "che"), ElementsAre("0100000010", "0100000028"));
  EXPECT_THAT(search(**store, "tuyet"), ElementsAre("0100000010"));
  add(**store, "0100000035", "Tổ hợp tác Chè Tuyết");
  EXPECT_THAT(search(**store, "tuyet che"), ElementsAre("0100000010", "0100000035"));
  testing::RawSqlite raw(path);
  EXPECT_EQ(raw.Scalar("SELECT orgs FROM name_words WHERE word = 'che'"), "3");
  EXPECT_EQ(raw.Scalar("SELECT orgs FROM name_words WHERE word = 'tuyet'"), "2");
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM org_words"), "16");  // 6 + 5 + 5 words
}

// A read snapshot (a server's GET) sees the database as it was when its first read ran, even
// after another connection commits; no write may begin inside it; after it, the reads are fresh.
TEST(SqliteStore, AReadSnapshotSeesOneStateAndRefusesWrites) {
  testing::TempDir dir;
  const std::string path = dir.File("registry.db");
  auto reader = store::OpenStore(path);
  auto writer = store::OpenStore(path);
  ASSERT_TRUE(reader.ok() && writer.ok());
  auto add = [&](const std::string& code) {
    auto txn = (*writer)->BeginWrite();
    ASSERT_TRUE(txn.ok());
    auto id = (*txn)->InsertOrganisation(Org(code));
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE((*txn)->AppendEvent(Founding(*id, D(2010, 1, 1), "HTX " + code)).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  };
  auto found = [&](const std::string& code) {
    auto org = (*reader)->FindOrganisationByCode(code);
    EXPECT_TRUE(org.ok());
    return org.ok() && org->has_value();
  };
  add("0100000010");
  {
    const domain::ReadSnapshot snapshot(**reader, true);
    EXPECT_TRUE(found("0100000010"));
    add("0100000028");
    EXPECT_FALSE(found("0100000028"));  // committed after the snapshot's first read
    auto write = (*reader)->BeginWrite();
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.error().code, ErrorCode::kInternal);
    EXPECT_FALSE((*reader)->BeginSnapshot().ok());  // not nested either
  }
  EXPECT_TRUE(found("0100000028"));
  {
    const domain::ReadSnapshot off(**reader, false);  // not wanted: every read is fresh
    add("0100000036");
    EXPECT_TRUE(found("0100000036"));
  }
  auto write = (*reader)->BeginWrite();
  EXPECT_TRUE(write.ok());
}

TEST(SqliteStore, OpensASqliteUrl) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite:" + dir.File("registry.db"));
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(dir.File("registry.db")));
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsAnErrorNotACrash) {
  testing::TempDir dir;
  const std::string path = dir.File("notes.txt");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "this is not a database, just some text that is long enough to look like one\n"
        "and then some more text to fill the first page of the file ..................\n",
        f);
    std::fclose(f);
  }
  auto store = store::OpenStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().code, ErrorCode::kInvalid);
}

// --- PostgreSQL specifics ------------------------------------------------------------------

TEST(PostgresStore, AnUnreachableServerIsUnavailableAndNoDriverTextLeaks) {
  auto store = store::OpenStore("postgresql://hoptac@127.0.0.1:1/hoptac?connect_timeout=5");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.error().message.find("could not connect"), std::string::npos)
      << store.error().message;
  EXPECT_EQ(store.error().message.find("Connection refused"), std::string::npos)
      << store.error().message;
}

// One writer holds its organisation's row; a writer on another organisation goes ahead, and one
// on the same organisation waits (here: gives up after the lock timeout with kUnavailable).
TEST(PostgresStore, WritersOnDifferentOrganisationsDoNotWaitForEachOther) {
  testing::PgTestDatabase db;
  ASSERT_FALSE(db.url().empty()) << db.error();
  const std::string url = db.url() + "?options=-c%20lock_timeout%3D1000";
  auto first = store::OpenStore(url);
  auto second = store::OpenStore(url);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  OrgId a = 0, b = 0;
  {
    auto txn = (*first)->BeginWrite();
    ASSERT_TRUE(txn.ok());
    a = (*txn)->InsertOrganisation(Org("0100000010")).value();
    b = (*txn)->InsertOrganisation(Org("0100000028")).value();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto holding = (*first)->BeginWrite();
  ASSERT_TRUE(holding.ok());
  auto held = (*holding)->FindOrganisation(a);
  ASSERT_TRUE(held.ok() && held->has_value());

  {
    auto other = (*second)->BeginWrite();
    ASSERT_TRUE(other.ok());
    auto found = (*other)->FindOrganisation(b);
    ASSERT_TRUE(found.ok()) << found.error().ToString();
    ASSERT_TRUE((*other)->AppendEvent(Founding(b, D(2010, 1, 1), "B")).ok());
    auto committed = (*other)->Commit();
    EXPECT_TRUE(committed.ok()) << committed.error().ToString();
  }
  {
    auto same = (*second)->BeginWrite();
    ASSERT_TRUE(same.ok());
    auto found = (*same)->FindOrganisation(a);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::kUnavailable);
  }
  ASSERT_TRUE((*holding)->AppendEvent(Founding(a, D(2010, 1, 1), "A")).ok());
  ASSERT_TRUE((*holding)->Commit().ok());
  auto counts = (*second)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->events, 2);
}

// Many figures and members in one transaction (a bulk import, a restore): on PostgreSQL they go
// in batches with COPY, whose text format must carry tabs, newlines, backslashes, \N and NULLs
// exactly; a read inside the transaction sees the rows appended before it.
TEST_P(StoreContract, ManyFiguresAndMembersInOneTransactionRoundTripExactly) {
  const OrgId a = AddOrg(Org("5100123452"));
  const OrgId b = AddOrg(Org("0100000010"));
  const std::vector<std::string> texts = {
      "tab\there", "line\nbreak", "back\\slash", "\\N", "Hợp tác xã Đồng Tâm",
      "",          "cr\rlf",      "quote\"'"};
  std::vector<YearlyFigures> figures;
  std::vector<domain::Member> members;
  for (int i = 0; i < 120; ++i) {
    YearlyFigures f;
    f.org_id = i % 3 == 0 ? b : a;
    f.year = 2000 + i / 4;
    f.recorded_at = T(2020, 1, 1, i);
    f.recorded_by = texts[static_cast<size_t>(i) % texts.size()];
    f.source = texts[static_cast<size_t>(i + 3) % texts.size()];
    if (i % 2 == 0) f.members = i;
    if (i % 5 == 0) f.revenue = Money::Vnd(int64_t{1'000'000'007} * i);
    if (i % 7 == 0) f.rating = domain::Rating::kGood;
    f.rating_scheme = i % 7 == 0 ? "TT01/2020" : "";
    figures.push_back(f);
    domain::Member m;
    m.org_id = i % 4 == 0 ? b : a;
    m.member_no = std::string("TV-").append(std::to_string(1000 + i));
    m.name = texts[static_cast<size_t>(i) % texts.size()] + " " + std::to_string(i);
    m.address = texts[static_cast<size_t>(i + 5) % texts.size()];
    m.note = texts[static_cast<size_t>(i + 1) % texts.size()];
    m.joined_on = D(2015, 1, 1 + i % 28);
    if (i % 3 == 0) m.left_on = D(2020, 6, 30);
    if (i % 2 == 0) m.capital = Money::Vnd(5'000'000 + i);
    m.recorded_at = T(2021, 2, 3, i);
    m.recorded_by = "importer";
    members.push_back(m);
  }
  auto expected_figures = [&](OrgId id) {
    std::vector<std::string> out;
    for (const auto& f : figures) {
      if (f.org_id == id) out.push_back(Describe(f));
    }
    return out;
  };
  auto expected_members = [&](OrgId id) {
    std::vector<std::string> out;
    for (const auto& m : members) {
      if (m.org_id == id) out.push_back(Describe(m));
    }
    return out;
  };
  auto described = [](const auto& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(Describe(r));
    return out;
  };
  {
    auto txn = Begin();
    for (const auto& f : figures) ASSERT_TRUE(txn->AppendFigures(f).ok());
    for (const auto& m : members) ASSERT_TRUE(txn->AppendMember(m).ok());
    // Read back inside the transaction, then append more after the read.
    auto in_txn = txn->LoadFigures(a);
    ASSERT_TRUE(in_txn.ok()) << in_txn.error().ToString();
    EXPECT_EQ(described(*in_txn), expected_figures(a));
    auto members_in_txn = txn->LoadMembers(b);
    ASSERT_TRUE(members_in_txn.ok()) << members_in_txn.error().ToString();
    EXPECT_EQ(described(*members_in_txn), expected_members(b));
    YearlyFigures late;
    late.org_id = a;
    late.year = 2099;
    late.recorded_at = T(2022, 1, 1);
    late.recorded_by = "late";
    ASSERT_TRUE(txn->AppendFigures(late).ok());
    figures.push_back(late);
    ASSERT_TRUE(txn->Commit().ok());
  }
  for (OrgId id : {a, b}) {
    auto loaded = store_->LoadFigures(id);
    ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
    EXPECT_EQ(described(*loaded), expected_figures(id));
    auto loaded_members = store_->LoadMembers(id);
    ASSERT_TRUE(loaded_members.ok()) << loaded_members.error().ToString();
    std::vector<std::string> want = expected_members(id);
    std::sort(want.begin(), want.end());  // the register orders by member number: TV-1000…
    EXPECT_EQ(described(*loaded_members), want);
  }
  EXPECT_EQ(Counts().figures, 121);
  EXPECT_EQ(Counts().members, 120);
  // A transaction rolled back leaves none of its batched rows.
  {
    auto txn = Begin();
    for (const auto& f : figures) ASSERT_TRUE(txn->AppendFigures(f).ok());
  }
  EXPECT_EQ(Counts().figures, 121);
}

// Every SQLite migration has a PostgreSQL twin with the same number and file name, and the other
// way round; and every .sql file in the source folders is compiled in (listed in CMake).
TEST(MigrationTwins, EveryMigrationExistsForBothBackendsUnderOneName) {
  std::map<int, std::string> lite, pg;
  for (const store::Migration& m : store::Migrations()) {
    EXPECT_TRUE(lite.emplace(m.version, m.name).second) << "two SQLite migrations " << m.version;
    EXPECT_NE(std::string(m.sql).find_first_not_of(" \n"), std::string::npos) << m.name;
  }
  for (const store::Migration& m : store::PostgresMigrations()) {
    EXPECT_TRUE(pg.emplace(m.version, m.name).second) << "two PostgreSQL migrations " << m.version;
    EXPECT_NE(std::string(m.sql).find_first_not_of(" \n"), std::string::npos) << m.name;
  }
  ASSERT_FALSE(lite.empty());
  EXPECT_EQ(lite, pg);
  for (const auto& [version, name] : lite) {
    EXPECT_EQ(std::stoi(name.substr(0, 4)), version) << name;
  }
  for (const auto& [version, name] : pg) {
    EXPECT_EQ(std::stoi(name.substr(0, 4)), version) << name;
  }

  const char* source = std::getenv("HOPTAC_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "HOPTAC_SOURCE_DIR (ctest sets it)";
  const std::filesystem::path dir = std::filesystem::path(source) / "src/store/migrations";
  auto files = [](const std::filesystem::path& folder) {
    std::map<int, std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && entry.path().extension() == ".sql") {
        out.emplace(std::stoi(name.substr(0, 4)), name);
      }
    }
    return out;
  };
  EXPECT_EQ(files(dir), lite) << "a .sql file in " << dir << " is not listed in CMake";
  EXPECT_EQ(files(dir / "postgres"), pg) << "a .sql file in " << dir / "postgres"
                                         << " is not listed in CMake";
}

}  // namespace
}  // namespace hoptac
