// Listing and searching a whole registry. Runs on the database named by HOPTAC_BENCH_DB, built
// beforehand with `hoptac demo --scale national --seed 1 --db nat.db` (docs/benchmarks.md).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "app/list_index.hpp"
#include "app/registry.hpp"
#include "store/open_store.hpp"

namespace hoptac::app {
namespace {

class SystemClock final : public domain::Clock {
 public:
  Timestamp Now() const override {
    return Timestamp::FromMicros(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  }
};

struct Fixture {
  SystemClock clock;
  std::unique_ptr<domain::Store> store;
  std::unique_ptr<Registry> registry;
};

Fixture& Shared() {
  static Fixture* f = [] {
    const char* db = std::getenv("HOPTAC_BENCH_DB");
    if (db == nullptr) {
      std::fprintf(stderr, "set HOPTAC_BENCH_DB to a database built by `hoptac demo`\n");
      std::exit(2);
    }
    auto* fx = new Fixture;
    auto store = store::OpenStore(db);
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
      std::exit(2);
    }
    fx->store = std::move(store).value();
    fx->registry = std::make_unique<Registry>(*fx->store, fx->clock);
    return fx;
  }();
  return *f;
}

void BM_SearchByName(benchmark::State& state) {
  Registry& r = *Shared().registry;
  for (auto _ : state) {
    auto hits = r.Search("viet lam", 20);
    benchmark::DoNotOptimize(hits);
  }
}
BENCHMARK(BM_SearchByName)->Unit(benchmark::kMillisecond);

void BM_ListFirstPageToday(benchmark::State& state) {
  Registry& r = *Shared().registry;
  ListQuery q;
  q.limit = 50;
  for (auto _ : state) {
    auto page = r.List(q);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListFirstPageToday)->Unit(benchmark::kMillisecond);

void BM_ListByProvinceToday(benchmark::State& state) {
  Registry& r = *Shared().registry;
  ListQuery q;
  q.unit_code = "08";
  q.status = domain::LegalStatus::kOperating;
  q.limit = 50;
  for (auto _ : state) {
    auto page = r.List(q);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListByProvinceToday)->Unit(benchmark::kMillisecond);

void BM_ListAsOf2016FoldingEverything(benchmark::State& state) {
  Registry& r = *Shared().registry;
  ListQuery q;
  q.as_of = Date::Parse("2016-12-31").value();
  q.limit = 50;
  for (auto _ : state) {
    auto page = r.List(q);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListAsOf2016FoldingEverything)->Unit(benchmark::kMillisecond)->Iterations(3);

// The in-memory list index (decision 0016): a whole build from the store (what a server does
// after every write), then a search answered from it.
void BM_ListIndexBuild(benchmark::State& state) {
  domain::Store& store = *Shared().store;
  domain::OrgQuery q;
  q.limit = 1;
  for (auto _ : state) {
    ListIndex index;  // without a store of its own: the query builds it
    auto rows = index.Query(store, q);
    if (!rows.ok() || !rows->has_value()) state.SkipWithError("the index did not answer");
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_ListIndexBuild)->Unit(benchmark::kMillisecond);

void BM_ListIndexSearch(benchmark::State& state) {
  domain::Store& store = *Shared().store;
  ListIndex index;
  domain::OrgQuery q;
  q.name_tokens = {"viet", "lam"};
  q.limit = 51;
  for (auto _ : state) {
    auto rows = index.Query(store, q);
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_ListIndexSearch)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hoptac::app

BENCHMARK_MAIN();
