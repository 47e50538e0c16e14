#pragma once
// The executive committee's yearly review (C10): the results of the year — organisations at the
// start and end of the year and the flows in it, conversion under the 2012 law as of 31
// December, the ratings, the Alliance's activities by type, its inspections and their
// follow-ups, each task of the year's plan against its actual — then the difficulties the
// officers wrote for the year, and next year's tasks from next year's plan. Built as a
// report::Document (printable HTML, text, a workbook of several sheets) and as JSON.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/alliance.hpp"
#include "report/document.hpp"

namespace hoptac::app {

struct AnnualReview {
  int year = 0;
  Date as_of;             // 31 December of the year
  Date issued;            // the day it was produced
  std::string area;       // "" : everything the registry holds
  std::string area_name;  // "Tỉnh Hà Giang"
  // 2012-law conversion as of 31 December.
  int64_t conversion_required = 0, converted = 0, dissolved_voluntary = 0, dissolved_forced = 0,
          ended_otherwise = 0, pending = 0;
  int64_t founded_cooperatives = 0, founded_groups = 0;
  int64_t activities = 0, inspections_held = 0, overdue_recommendations = 0;
  std::optional<PlanProgress> plan;  // the year's plan against its actuals
  std::optional<domain::Plan> next_plan;
  std::string difficulties;
  report::Document document;
};

// kInvalid for a year outside 2000–2100 or an unknown area.
Result<AnnualReview> BuildAnnualReview(AllianceService& service, int year, const std::string& area);

nlohmann::json AnnualReviewJson(const AnnualReview& r);

}  // namespace hoptac::app
