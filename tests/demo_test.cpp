#include "app/demo.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "app/report_service.hpp"
#include "store/open_store.hpp"

namespace hoptac::app {
namespace {

using domain::Event;
using domain::Organisation;

Timestamp Now() { return Timestamp::Parse("2026-11-29T12:00:00Z").value(); }
Date D(const char* text) { return Date::Parse(text).value(); }

// A registry over a fresh SQLite file, with the embedded units loaded.
struct Env {
  std::string path;
  std::unique_ptr<domain::Store> store;
  domain::ManualClock clock{Now()};
  std::unique_ptr<Registry> registry;

  explicit Env(const std::string& name) {
    path = (std::filesystem::temp_directory_path() /
            ("hoptac_demo_test_" + std::to_string(::getpid()) + "_" + name + ".db"))
               .string();
    Remove();
    store = store::OpenStore(path).value();
    registry = std::make_unique<Registry>(*store, clock);
    auto units = ParseReferenceUnits(EmbeddedReferenceUnitFiles());
    EXPECT_TRUE(units.ok());
    EXPECT_TRUE(registry->LoadUnits(*units, Actor{"test"}).ok());
  }
  ~Env() {
    registry.reset();
    store.reset();
    Remove();
  }
  void Remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  DemoSummary Build(const DemoOptions& options) {
    auto r = BuildDemo(*registry, options);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? *r : DemoSummary{};
  }
};

// The article's figures as of `d`, folded from every history in the store.
ArticleFigures FoldArticle(domain::Store& store, Date d) {
  ArticleFigures f;
  f.as_of = d;
  EXPECT_TRUE(store
                  .ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
                    CountArticle(domain::Fold(org, events, d, Timestamp::Max()), f);
                  })
                  .ok());
  return f;
}

void Mix(uint64_t& h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= 0xff;
  h *= 1099511628211ull;
}
void Mix(uint64_t& h, int64_t v) { Mix(h, std::to_string(v)); }
template <typename T>
void Mix(uint64_t& h, const std::optional<T>& v) {
  if (!v) {
    Mix(h, "-");
  } else if constexpr (std::is_same_v<T, domain::Money>) {
    Mix(h, v->vnd());
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    for (const auto& s : *v) Mix(h, s);
  } else if constexpr (std::is_same_v<T, Date>) {
    Mix(h, v->ToString());
  } else if constexpr (std::is_integral_v<T>) {
    Mix(h, static_cast<int64_t>(*v));
  } else if constexpr (std::is_enum_v<T>) {
    Mix(h, domain::Id(*v));
  } else {
    Mix(h, std::string_view(*v));
  }
}

// Everything the store holds about organisations, events and figures, except created_at.
uint64_t Digest(domain::Store& store) {
  uint64_t h = 1469598103934665603ull;
  EXPECT_TRUE(
      store
          .ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
            Mix(h, org.id);
            Mix(h, domain::Id(org.kind));
            Mix(h, org.registry_code);
            Mix(h, org.created_by);
            for (const Event& e : events) {
              Mix(h, e.id);
              Mix(h, domain::Id(e.type));
              Mix(h, e.effective_date.ToString());
              Mix(h, e.recorded_at.ToString());
              Mix(h, e.recorded_by);
              Mix(h, e.basis.decision_no);
              Mix(h, e.basis.decision_date);
              Mix(h, e.basis.decided_by);
              Mix(h, e.ground);
              const domain::Changes& c = e.changes;
              Mix(h, c.name);
              Mix(h, c.short_name);
              Mix(h, c.foreign_name);
              Mix(h, c.field);
              Mix(h, c.sectors);
              Mix(h, c.unit_code);
              Mix(h, c.address_detail);
              Mix(h, c.representative);
              Mix(h, c.charter_capital);
              Mix(h, c.models);
              Mix(h, c.certificate_no);
              for (auto r : e.related) Mix(h, r);
              Mix(h, e.note);
              if (e.voided) {
                Mix(h, e.voided->voided_at.ToString());
                Mix(h, e.voided->reason);
              }
            }
            auto figures = store.LoadFigures(org.id);
            EXPECT_TRUE(figures.ok());
            for (const domain::YearlyFigures& f : *figures) {
              Mix(h, f.year);
              Mix(h, f.recorded_at.ToString());
              Mix(h, f.source);
              for (const auto* v : {&f.members, &f.members_individual, &f.members_household,
                                    &f.members_legal_entity, &f.workers, &f.workers_members}) {
                Mix(h, *v);
              }
              for (const auto* v : {&f.charter_capital, &f.total_assets, &f.revenue,
                                    &f.revenue_from_members, &f.profit_before_tax, &f.avg_income}) {
                Mix(h, *v);
              }
              Mix(h, f.rating);
              Mix(h, f.rating_scheme);
            }
          })
          .ok());
  return h;
}

// One province build shared by the tests that only read it.
class DemoProvince : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new Env("province");
    summary_ = new DemoSummary(env_->Build(DemoOptions{}));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete env_;
  }
  static Env* env_;
  static DemoSummary* summary_;
};
Env* DemoProvince::env_ = nullptr;
DemoSummary* DemoProvince::summary_ = nullptr;

TEST_F(DemoProvince, ReproducesTheArticleAtTheEndOf2016) {
  const ArticleFigures f = FoldArticle(*env_->store, D("2016-12-31"));
  EXPECT_EQ(f.required, 460);
  EXPECT_EQ(f.converted, 183);
  EXPECT_EQ(f.dissolved_voluntary, 90);
  EXPECT_EQ(f.thon_chang_replications, 29);
  // The summary folds the same events.
  EXPECT_EQ(summary_->article_2016.required, 460);
  EXPECT_EQ(summary_->article_2016.converted, 183);
  EXPECT_EQ(summary_->article_2016.dissolved_voluntary, 90);
  EXPECT_EQ(summary_->article_2016.thon_chang_replications, 29);
  EXPECT_GT(f.dissolved_forced, 0);
  EXPECT_GT(f.pending, 0);
}

// The conversion-2012 report computes the article's figures from the events, in the units of
// 2016 and in today's (Tuyên Quang), with the same totals.
TEST_F(DemoProvince, ConversionReportShowsTheArticleFiguresInOldAndNewUnits) {
  ReportService reports(*env_->store, env_->clock);
  for (auto units : {report::UnitsMode::kAsThen, report::UnitsMode::kCurrent}) {
    ReportRequest req;
    req.as_of = D("2016-12-31");
    req.params.units = units;
    auto t = reports.Run("conversion-2012", req);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    ASSERT_EQ(t->rows.size(), 1u);
    EXPECT_EQ(std::get<std::string>(t->rows[0].cells[0]),
              units == report::UnitsMode::kAsThen ? "02" : "08");
    ASSERT_TRUE(t->totals);
    EXPECT_EQ(std::get<int64_t>(t->totals->cells[2]), 460);
    EXPECT_EQ(std::get<int64_t>(t->totals->cells[3]), 183);
    EXPECT_EQ(std::get<int64_t>(t->totals->cells[4]), 90);
  }
  ReportRequest by_commune;
  by_commune.as_of = D("2016-12-31");
  by_commune.params.by = report::GroupBy::kCommune;
  by_commune.params.units = report::UnitsMode::kCurrent;
  auto communes = reports.Run("conversion-2012", by_commune);
  ASSERT_TRUE(communes.ok());
  EXPECT_GT(communes->rows.size(), 50u);  // Tuyên Quang's new communes
  EXPECT_EQ(std::get<int64_t>(communes->totals->cells[2]), 460);
}

TEST_F(DemoProvince, ConversionFiguresMoveConsistentlyAcrossYears) {
  const ArticleFigures y15 = FoldArticle(*env_->store, D("2015-12-31"));
  const ArticleFigures y16 = FoldArticle(*env_->store, D("2016-12-31"));
  const ArticleFigures y17 = FoldArticle(*env_->store, D("2017-12-31"));
  const ArticleFigures y20 = FoldArticle(*env_->store, D("2020-12-31"));
  for (const ArticleFigures* f : {&y15, &y16, &y17, &y20}) {
    EXPECT_EQ(f->required, 460) << f->as_of.ToString();
    EXPECT_EQ(f->converted + f->dissolved_voluntary + f->dissolved_forced + f->ended_otherwise +
                  f->pending,
              f->required);
  }
  EXPECT_EQ(FoldArticle(*env_->store, D("2013-07-01")).required, 460);
  EXPECT_LT(y15.converted, y16.converted);
  EXPECT_LT(y16.converted, y17.converted);
  EXPECT_LE(y17.converted, y20.converted);
  EXPECT_LT(y15.dissolved_voluntary, y16.dissolved_voluntary);
  EXPECT_LE(y16.dissolved_voluntary, y17.dissolved_voluntary);
  EXPECT_GT(y15.pending, y16.pending);
  EXPECT_GT(y16.pending, y17.pending);
}

TEST_F(DemoProvince, FindsTheThonChangCooperative) {
  auto hits = env_->registry->Search("viet lam", 50);
  ASSERT_TRUE(hits.ok());
  bool found = false;
  for (const auto& s : *hits) {
    if (s.name == "Hợp tác xã Nông lâm nghiệp thôn Chang Việt Lâm") {
      found = true;
      EXPECT_EQ(s.unit_code, "00967");
      EXPECT_EQ(s.registry_code, summary_->prototype_code);
    }
  }
  EXPECT_TRUE(found);
  auto view = env_->registry->Show(summary_->prototype_code, D("2016-12-31"), std::nullopt);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->state.address_detail, "Thôn Chang");
  EXPECT_NE(std::find(view->state.models.begin(), view->state.models.end(), kWholeVillageModel),
            view->state.models.end());
}

TEST_F(DemoProvince, EveryOrganisationAliveAtAYearEndHasThatYearsFigures) {
  int alive = 0;
  int missing = 0;
  domain::Store& store = *env_->store;
  ASSERT_TRUE(store
                  .ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
                    auto figures = store.LoadFigures(org.id);
                    ASSERT_TRUE(figures.ok());
                    std::set<int> years;
                    for (const auto& f : *figures) years.insert(f.year);
                    for (int y : {2013, 2016, 2020, 2025}) {
                      const auto s =
                          domain::Fold(org, events, *Date::FromYmd(y, 12, 31), Timestamp::Max());
                      if (!s.exists || domain::IsTerminal(s.status)) continue;
                      ++alive;
                      if (!years.count(y)) ++missing;
                    }
                  })
                  .ok());
  EXPECT_GT(alive, 1000);
  EXPECT_EQ(missing, 0);
}

TEST_F(DemoProvince, HasTheShapeOfTheProvince) {
  const DemoSummary& s = *summary_;
  EXPECT_EQ(s.provinces, 1);
  EXPECT_GT(s.cooperative_groups, 200);
  EXPECT_NEAR(static_cast<double>(s.province_htx_2017), 623, 60);
  EXPECT_NEAR(static_cast<double>(s.province_htx_2023), 858, 80);
  EXPECT_GE(s.corrections, 5);
  EXPECT_EQ(s.voids, s.corrections);
  // Every kind of event of the lifecycle occurs.
  std::set<domain::EventType> types;
  std::set<std::string> provinces_after_reform;
  int late = 0;
  ASSERT_TRUE(env_->store
                  ->ForEachHistory([&](const Organisation&, std::vector<Event>& events) {
                    for (const Event& e : events) {
                      types.insert(e.type);
                      EXPECT_LE(e.recorded_at, Now());
                      EXPECT_GE(e.recorded_at.date(), e.effective_date);
                      if (e.recorded_at.date() > e.effective_date.AddDays(365)) ++late;
                      if (e.changes.unit_code && e.effective_date >= D("2025-07-01")) {
                        provinces_after_reform.insert(e.changes.unit_code->substr(0, 2));
                      }
                    }
                  })
                  .ok());
  for (domain::EventType t : domain::AllEventTypes()) {
    EXPECT_TRUE(types.count(t)) << domain::Id(t);
  }
  EXPECT_GT(late, 10);
  EXPECT_FALSE(provinces_after_reform.empty());
}

TEST_F(DemoProvince, CorrectionsChangeWhatWasKnown) {
  // Before the corrections were recorded, the voided events were still in force.
  int voided = 0;
  ASSERT_TRUE(
      env_->store
          ->ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
            for (const Event& e : events) {
              if (!e.voided) continue;
              ++voided;
              const Timestamp before = Timestamp::FromMicros(e.voided->voided_at.micros() - 1);
              const auto then = domain::Fold(org, events, Date::Max(), before);
              const auto now = domain::Fold(org, events, Date::Max(), Timestamp::Max());
              EXPECT_NE(then.event_count == now.event_count && then.founded_on == now.founded_on &&
                            then.unit_code == now.unit_code && then.status == now.status,
                        true)
                  << org.registry_code;
            }
          })
          .ok());
  EXPECT_EQ(voided, summary_->corrections);
}

TEST(Demo, IsDeterministicForASeed) {
  Env a("seed1"), b("seed2");
  DemoOptions options;
  a.Build(options);
  options.seed = 2;
  const DemoSummary other = b.Build(options);
  EXPECT_NE(Digest(*a.store), Digest(*b.store));
  EXPECT_EQ(other.article_2016.required, 460);
  EXPECT_EQ(other.article_2016.converted, 183);
  EXPECT_EQ(other.article_2016.dissolved_voluntary, 90);
  EXPECT_EQ(other.article_2016.thon_chang_replications, 29);
  const ArticleFigures f = FoldArticle(*b.store, D("2016-12-31"));
  EXPECT_EQ(f.required, 460);
  EXPECT_EQ(f.converted, 183);
  EXPECT_EQ(f.dissolved_voluntary, 90);
  EXPECT_EQ(f.thon_chang_replications, 29);
  // Same seed again, into a third file.
  Env c("seed1again");
  c.Build(DemoOptions{});
  EXPECT_EQ(Digest(*a.store), Digest(*c.store));
}

TEST_F(DemoProvince, RefusesARegistryThatIsNotEmpty) {
  auto again = BuildDemo(*env_->registry, DemoOptions{});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST(Demo, NationalScaleCoversTheProvinces) {
  Env e("national");
  DemoOptions options;
  options.scale = DemoOptions::Scale::kNational;
  options.national_fraction = 0.01;
  double last_progress = -1;
  options.progress = [&](std::string_view, double p) {
    EXPECT_GE(p, last_progress);
    last_progress = p;
  };
  const DemoSummary s = e.Build(options);
  EXPECT_EQ(last_progress, 1.0);
  EXPECT_GE(s.provinces, 50);
  EXPECT_EQ(s.article_2016.converted, 183);
  std::set<std::string> codes, prefixes;
  int64_t orgs = 0, events = 0;
  ASSERT_TRUE(e.store
                  ->ForEachHistory([&](const Organisation& org, std::vector<Event>& history) {
                    ++orgs;
                    events += static_cast<int64_t>(history.size());
                    EXPECT_TRUE(domain::RegistryCode::Parse(org.registry_code).ok());
                    codes.insert(org.registry_code);
                    prefixes.insert(org.registry_code.substr(0, 2));
                  })
                  .ok());
  EXPECT_EQ(static_cast<int64_t>(codes.size()), orgs);
  EXPECT_EQ(orgs, s.organisations);
  EXPECT_GE(prefixes.size(), 50u);
  EXPECT_GT(orgs, 2 * 1500);
  const double per_org = static_cast<double>(events) / static_cast<double>(orgs);
  EXPECT_GT(per_org, 4.0);
  EXPECT_LT(per_org, 15.0);
  EXPECT_GT(s.cooperative_groups, s.cooperatives / 2);
}

}  // namespace
}  // namespace hoptac::app
