#pragma once
// The Alliance's work in the demo province (product.md §7): pilot communes, activities,
// inspections (some recommendations done, some overdue, one inspection that led to a forced
// dissolution), the plans of 2016 and 2017 (the 2017 tasks are those the committee set in the
// article of seed/) with progress of their manual tasks, and the difficulties of 2016. Written
// through AllianceService, after the registry of app/demo.cpp. Deterministic in what it writes;
// the recording times are the clock's, as for the registry's corrections.

#include "app/actor.hpp"
#include "app/alliance.hpp"

namespace hoptac::app {

struct DemoAllianceSummary {
  int pilot_communes = 0;
  int activities = 0;
  int inspections = 0;
  int plans = 0;
};

// Fails with kConflict when the Alliance's store is not empty.
Result<DemoAllianceSummary> BuildDemoAlliance(AllianceService& service, const Actor& actor);

}  // namespace hoptac::app
