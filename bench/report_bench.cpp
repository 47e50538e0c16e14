// Reports on the national data set: each report over 50 random dates and groupings, p50 and p95
// (docs/benchmarks.md). Runs on the database named by HOPTAC_BENCH_DB, built beforehand with
// `hoptac demo --scale national --seed 1 --db nat.db`. Plain timing, not Google Benchmark: the
// figure asked for is the distribution over parameter sets.
//
// `report_bench --dump DIR` times nothing: it writes the JSON of every report for the timed
// parameter sets and for further sets (--unit, --kind, --field, --year, --detail) to DIR, so that
// two builds can be compared with `diff -r` on the national set.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "report/engine.hpp"
#include "report/render.hpp"
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

// A line of /proc/self/status in MB (0 where there is none).
double ProcStatusMb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::strtod(line.c_str() + std::strlen(key), nullptr) / 1e3;
  }
  return 0;
}

// The timed parameter sets: the i-th of the sequence seeded with 42.
hoptac::report::ReportParams Timed(uint64_t& seed, hoptac::Date first, hoptac::Date today) {
  using namespace hoptac;
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
  return p;
}

// Further parameter sets for --dump: restrictions, filters, years and detail lists.
std::vector<hoptac::report::ReportParams> Variants(uint64_t& seed, hoptac::Date first,
                                                   hoptac::Date today) {
  using namespace hoptac;
  std::vector<report::ReportParams> out;
  const char* units[] = {"02", "030", "08", "00967", "01", "79", "001", "26734"};
  for (int i = 0; i < 24; ++i) {
    report::ReportParams p = Timed(seed, first, today);
    if (i % 3 != 2) p.unit = units[Next(seed) % std::size(units)];
    if (i % 4 == 1) p.kind = static_cast<domain::OrgKind>(Next(seed) % 4);
    if (i % 5 == 2) p.field = static_cast<domain::Field>(Next(seed) % 3);
    if (i % 6 == 3) p.year = 2013 + static_cast<int>(Next(seed) % 14);
    p.detail = i % 3 != 2 || i % 2 == 0;
    out.push_back(p);
  }
  return out;
}

int Dump(const char* dir, const hoptac::report::Projection& projection,
         const hoptac::domain::UnitCatalog& units, hoptac::Date first, hoptac::Date today) {
  using namespace hoptac;
  const report::Engine engine(projection, units);
  for (const auto& info : report::Reports()) {
    uint64_t seed = 42;
    std::vector<report::ReportParams> sets;
    for (int i = 0; i < 50; ++i) sets.push_back(Timed(seed, first, today));
    for (auto& p : Variants(seed, first, today)) sets.push_back(p);
    for (size_t i = 0; i < sets.size(); ++i) {
      auto t = engine.Run(info.id, sets[i]);
      const std::string path = std::string(dir) + "/" + std::string(info.id) + "-" +
                               std::to_string(i) + (t.ok() ? ".json" : ".error");
      std::ofstream out(path, std::ios::binary);
      out << (t.ok() ? report::RenderJson(*t) : t.error().ToString());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
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
  const double rss_before = ProcStatusMb("VmRSS:");
  const auto t0 = Clock::now();
  const std::clock_t c0 = std::clock();
  auto projection = report::Projection::Build(**store, Timestamp::Max());
  const std::clock_t c1 = std::clock();
  const auto t1 = Clock::now();
  if (!units.ok() || !projection.ok()) return 1;
  std::printf(
      "projection: %zu organisations, %zu snapshots, %zu figure rows, %zu places, %zu names; "
      "built in %.0f ms (CPU %.0f ms); arrays %.0f MB; process RSS %.0f MB before, %.0f MB after, "
      "peak %.0f MB\n",
      projection->orgs().size(), projection->snapshot_count(), projection->figures_count(),
      projection->places().size(), projection->name_count(), Ms(t1 - t0),
      1000.0 * static_cast<double>(c1 - c0) / CLOCKS_PER_SEC,
      static_cast<double>(projection->MemoryBytes()) / 1e6, rss_before, ProcStatusMb("VmRSS:"),
      ProcStatusMb("VmHWM:"));
  const Date today = Date::Parse("2026-11-29").value();
  const Date first = Date::Parse("2013-07-01").value();
  if (argc == 3 && std::string(argv[1]) == "--dump") {
    return Dump(argv[2], *projection, *units, first, today);
  }
  // What app::ReportService adds to every run: the store's data versions (decision 0031), to see
  // whether the registry changed since the projection was built; and, for comparison, the record
  // counts it read for that before.
  {
    std::vector<double> versions, counts;
    for (int i = 0; i < 5; ++i) {
      const auto s = Clock::now();
      if (!(*store)->Versions().ok()) return 1;
      versions.push_back(Ms(Clock::now() - s));
      const auto s2 = Clock::now();
      if (!(*store)->Counts().ok()) return 1;
      counts.push_back(Ms(Clock::now() - s2));
    }
    std::sort(versions.begin(), versions.end());
    std::sort(counts.begin(), counts.end());
    std::printf("Store::Versions: median %.3f ms over 5 (Store::Counts: %.1f ms)\n", versions[2],
                counts[2]);
  }
  // The first run on a fresh engine maps every head office to its area (for that level and
  // period of the unit catalogue); later runs reuse the map.
  for (const auto by : {report::GroupBy::kProvince, report::GroupBy::kCommune}) {
    const report::Engine fresh(*projection, *units);
    report::ReportParams p;
    p.today = today;
    p.as_of = Date::Parse("2016-12-31").value();
    p.by = by;
    p.units =
        by == report::GroupBy::kCommune ? report::UnitsMode::kCurrent : report::UnitsMode::kAsThen;
    const auto s = Clock::now();
    const bool ok = fresh.Run("conversion-2012", p).ok();
    const auto cold = Clock::now() - s;
    const auto s2 = Clock::now();
    const bool ok2 = fresh.Run("conversion-2012", p).ok();
    const auto warm = Clock::now() - s2;
    if (!ok || !ok2) return 1;
    std::printf("conversion-2012 by %s (%s), fresh engine: first run %.1f ms, second %.1f ms\n",
                by == report::GroupBy::kCommune ? "commune" : "province",
                by == report::GroupBy::kCommune ? "current" : "as-then", Ms(cold), Ms(warm));
  }
  // As a server keeps it: one engine on the projection for every run. First the 50 parameter
  // sets without --unit, then 50 with a --unit drawn from the whole catalogue (any level, old or
  // new).
  const report::Engine engine(*projection, *units);
  for (const bool restricted : {false, true}) {
    std::printf("%s\n", restricted ? "with --unit:" : "without --unit:");
    for (const auto& info : report::Reports()) {
      uint64_t seed = 42, unit_seed = 7;
      std::vector<double> times;
      for (int i = 0; i < 50; ++i) {
        report::ReportParams p = Timed(seed, first, today);
        if (restricted) p.unit = units->units()[Next(unit_seed) % units->units().size()].code;
        const auto s = Clock::now();
        auto t = engine.Run(info.id, p);
        times.push_back(Ms(Clock::now() - s));
        if (!t.ok() && !(restricted && t.error().code == ErrorCode::kInvalid)) {
          std::fprintf(stderr, "%s: %s\n", std::string(info.id).c_str(),
                       t.error().ToString().c_str());
          return 1;
        }
      }
      std::sort(times.begin(), times.end());
      std::printf("%-18s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms\n", std::string(info.id).c_str(),
                  times[24], times[47], times.back());
    }
  }
  return 0;
}
