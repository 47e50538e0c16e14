#pragma once
// The demo data set (product.md §7): a registry filled through the use cases of Registry, as an
// office would have filled it, so that every history passed the domain rules.
//
// Province scale: a province modelled on Hà Giang 2010–2026 (province 02 of the official
// catalogue, province 08 Tuyên Quang after 2025-07-01). Folded as of 2016-12-31 it reproduces the
// 2017 article of seed/: 460 cooperatives required to convert under the 2012 law, 183 converted,
// 90 dissolved voluntarily, 29 HTX founded on the thôn Chang model (plus the prototype, "Hợp tác
// xã Nông lâm nghiệp thôn Chang Việt Lâm"). National scale: that province plus every other
// province of the catalogue, shaped on the national figures of domain.md §6.1.
//
// Deterministic: the same seed and scale give the same organisations, events and figures (the
// generator has its own PRNG and its own recording times). What the registry takes from its clock
// is not: organisations' created_at, and the time of the few corrections (voids and their
// replacements), which Registry::VoidEvent records at "now".

#include <cstdint>
#include <functional>
#include <string_view>

#include "app/registry.hpp"
#include "domain/market_store.hpp"

namespace hoptac::app {

class AllianceService;

inline constexpr std::string_view kThonChangModel = "Mô hình HTX thôn Chang";
inline constexpr std::string_view kWholeVillageModel = "HTX toàn thôn";

// Where the demo's market goes (demo_market.cpp): the market store and the registry's store of
// the same database, and the clock. BuildDemo fills the market only when `market` is set.
struct DemoMarket {
  domain::MarketStore* market = nullptr;
  domain::Store* store = nullptr;
  const domain::Clock* clock = nullptr;
};

struct DemoOptions {
  uint64_t seed = 1;
  enum class Scale { kProvince, kNational } scale = Scale::kProvince;
  // Below 1, the provinces other than the demo province get proportionally fewer organisations
  // (for tests); the demo province is always complete.
  double national_fraction = 1.0;
  // Called now and then with a stage name and the fraction done (0..1) of the whole build.
  std::function<void(std::string_view stage, double progress)> progress;
  DemoMarket market;  // also products, zones, demands and partner catalogues when set
  // When set, the Alliance's work in the demo province is added after the registry
  // (app/demo_alliance.hpp).
  AllianceService* alliance = nullptr;
};

// The 2012-law conversion position of a set of organisations as of `as_of`
// (domain::ConversionAsOf over the states folded at that date), and the HTX founded by then that
// carry the thôn Chang model tag.
struct ArticleFigures {
  Date as_of;
  int64_t required = 0;
  int64_t converted = 0;
  int64_t dissolved_voluntary = 0;
  int64_t dissolved_forced = 0;
  int64_t ended_otherwise = 0;
  int64_t pending = 0;
  int64_t thon_chang_replications = 0;
};

// Adds one organisation, folded as of `figures.as_of`, to the counts.
void CountArticle(const domain::OrgState& state, ArticleFigures& figures);

struct DemoSummary {
  // What the registry holds after the build (Registry::Counts).
  int64_t organisations = 0;
  int64_t events = 0;
  int64_t voids = 0;
  int64_t figures = 0;
  int provinces = 0;               // provinces (before the 2025 reform) with organisations
  int64_t cooperatives = 0;        // HTX, LHHTX and QTDND, ended ones included
  int64_t cooperative_groups = 0;  // THT
  int64_t cooperatives_2025 = 0;   // HTX, LHHTX and QTDND active on 2025-12-31
  int corrections = 0;             // events voided after the bulk (with or without replacement)
  int64_t members = 0;             // members of the registers kept (the prototype's and others')
  // The demo province, folded from the events written (as known now).
  ArticleFigures article_2015, article_2016, article_2017;
  int64_t province_htx_2017 = 0;  // HTX active on 2017-12-31 (the province reported 623)
  int64_t province_htx_2023 = 0;  // HTX active on 2023-12-31 (858)
  std::string prototype_code;     // the thôn Chang cooperative
};

// Fills an empty registry whose administrative units are loaded. The demo's last event takes
// effect on 2026-11-27 and its last recording time is 2026-11-28T10:00Z, so the registry's clock
// must read at least that (else the registry refuses facts "recorded in the future"). Fails with
// kConflict when the registry already holds organisations, kUnavailable when no units are loaded,
// and with the registry's error (naming the organisation) if a generated history is refused — a bug
// of the generator or of the rules.
Result<DemoSummary> BuildDemo(Registry& registry, const DemoOptions& options);

// The demo province's market (demo_market.cpp), after its organisations: products, zones, the
// linkage programmes, the chain's partner catalogues and buyers' demands.
Status BuildDemoMarket(Registry& registry, const DemoMarket& where,
                       const std::string& prototype_code);

}  // namespace hoptac::app
