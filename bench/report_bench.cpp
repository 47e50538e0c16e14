// Reports on the national data set: each report over 50 random dates and groupings, p50 and p95
// (docs/benchmarks.md). Runs on the database named by HOPTAC_BENCH_DB, built beforehand with
// `hoptac demo --scale national --seed 1 --db nat.db`. Plain timing, not Google Benchmark: the
// figure asked for is the distribution over parameter sets.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "report/engine.hpp"
#include "store/open_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

uint64_t Next(uint64_t& s) {  // splitmix64
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

int main() {
  using namespace hoptac;
  const char* db = std::getenv("HOPTAC_BENCH_DB");
  if (db == nullptr) {
    std::fprintf(stderr, "set HOPTAC_BENCH_DB to a database built by `hoptac demo`\n");
    return 2;
  }
  auto store = store::OpenStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
    return 2;
  }
  auto units = (*store)->LoadUnits();
  const auto t0 = Clock::now();
  auto projection = report::Projection::Build(**store, Timestamp::Max());
  const auto t1 = Clock::now();
  if (!units.ok() || !projection.ok()) return 1;
  std::printf("projection: %zu organisations, built in %.0f ms\n", projection->orgs().size(),
              Ms(t1 - t0));
  const Date today = Date::Parse("2026-11-29").value();
  const Date first = Date::Parse("2013-07-01").value();
  for (const auto& info : report::Reports()) {
    uint64_t seed = 42;
    std::vector<double> times;
    for (int i = 0; i < 50; ++i) {
      report::ReportParams p;
      p.today = today;
      p.as_of = first.AddDays(static_cast<int32_t>(Next(seed) % (today.days() - first.days())));
      const uint64_t g = Next(seed) % 3;
      p.units = Next(seed) % 2 == 0 ? report::UnitsMode::kAsThen : report::UnitsMode::kCurrent;
      const bool districts =
          p.units == report::UnitsMode::kAsThen && p.as_of < Date::Parse("2025-07-01").value();
      p.by = g == 0                ? report::GroupBy::kProvince
             : g == 1 && districts ? report::GroupBy::kDistrict
                                   : report::GroupBy::kCommune;
      const auto s = Clock::now();
      auto t = report::RunReport(info.id, *projection, *units, p);
      times.push_back(Ms(Clock::now() - s));
      if (!t.ok()) {
        std::fprintf(stderr, "%s: %s\n", std::string(info.id).c_str(),
                     t.error().ToString().c_str());
        return 1;
      }
    }
    std::sort(times.begin(), times.end());
    std::printf("%-18s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms\n", std::string(info.id).c_str(),
                times[24], times[47], times.back());
  }
  return 0;
}
