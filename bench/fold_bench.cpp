// Folding and validating one organisation's history (domain only, no I/O).

#include <benchmark/benchmark.h>

#include "domain/lifecycle.hpp"
#include "domain/unit.hpp"

namespace hoptac::domain {
namespace {

// A 2010 cooperative with `n` events after its founding: amendments and suspensions.
std::vector<Event> History(int n) {
  std::vector<Event> events;
  Event f;
  f.id = 1;
  f.type = EventType::kFounded;
  f.effective_date = Date::Parse("2005-01-10").value();
  f.recorded_at = Timestamp::StartOf(f.effective_date);
  f.changes.name = "Hợp tác xã Nông nghiệp Việt Lâm";
  f.changes.field = Field::kAgriculture;
  f.changes.unit_code = "00967";
  events.push_back(f);
  Date d = f.effective_date;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.id = i + 2;
    d = d.AddDays(60);
    e.effective_date = d;
    e.recorded_at = Timestamp::StartOf(d);
    switch (i % 3) {
      case 0:
        e.type = EventType::kAmended;
        e.changes.representative = "Nguyễn Văn " + std::to_string(i);
        break;
      case 1:
        e.type = EventType::kSuspended;
        break;
      default:
        e.type = EventType::kResumed;
        break;
    }
    events.push_back(std::move(e));
  }
  return events;
}

void BM_FoldOneOrganisation(benchmark::State& state) {
  const std::vector<Event> events = History(static_cast<int>(state.range(0)));
  Organisation org;
  org.id = 1;
  const Date as_of = Date::Parse("2016-12-31").value();
  for (auto _ : state) {
    OrgState s = Fold(org, events, as_of, Timestamp::Max());
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(BM_FoldOneOrganisation)->Arg(5)->Arg(20)->Arg(100);

void BM_ValidateHistory(benchmark::State& state) {
  const std::vector<Event> events = History(static_cast<int>(state.range(0)));
  Organisation org;
  org.id = 1;
  auto catalog = UnitCatalog::Build(
      {{"02", "Tỉnh Hà Giang", UnitLevel::kProvince, "", Date::Min(), Date::Max(), false},
       {"030", "Huyện Vị Xuyên", UnitLevel::kDistrict, "02", Date::Min(), Date::Max(), false},
       {"00967", "Xã Việt Lâm", UnitLevel::kCommune, "030", Date::Min(), Date::Max(), false}},
      {});
  const Date today = Date::Parse("2026-11-29").value();
  for (auto _ : state) {
    Status s = ValidateHistory(org, events, *catalog, nullptr, today);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(BM_ValidateHistory)->Arg(5)->Arg(20)->Arg(100);

}  // namespace
}  // namespace hoptac::domain

BENCHMARK_MAIN();
