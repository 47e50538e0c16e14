#pragma once
// Scope: which organisations a report counts and under which area row, for one run. Private to
// report/.

#include <string>
#include <vector>

#include "report/area_map.hpp"
#include "report/engine.hpp"

namespace hoptac::report {

class Scope {
 public:
  // Checks the parameters against the units: the --unit code exists; the grouping level exists on
  // the grouping date (no districts after 2025-06-30).
  static Result<Scope> Make(const Projection& p, const domain::UnitCatalog& units,
                            AreaMaps& area_maps, const ReportParams& params);

  // Whether the organisation is counted on the report date (kind, field, --unit).
  bool Includes(const OrgEntry& o, const Snapshot& s) const;
  // The area row of the organisation's head office; marks the area used.
  size_t AreaOf(const Snapshot& s) {
    const uint32_t a =
        s.place >= 0 ? map_->area_of_place[static_cast<size_t>(s.place)] : map_->unmapped;
    used_[a] = 1;
    return a;
  }
  // Every area of the grouping; the report's rows are the used ones.
  const std::vector<Area>& areas() const { return map_->areas; }
  // The used area indices sorted by code (unmapped last).
  std::vector<size_t> SortedAreas() const;
  // The province (on the grouping date) that holds an area, or nullptr for the unmapped one.
  const domain::Unit* ProvinceOf(size_t area) const { return map_->province[area]; }
  // The position of an area in code order (among all areas).
  uint32_t Rank(size_t area) const { return map_->rank[area]; }

  Date grouping_date() const { return grouping_date_; }
  const ReportParams& params() const { return params_; }
  const Projection& projection() const { return p_; }
  // The report's standard parameters as printed above the table.
  std::vector<Parameter> Describe() const;
  DetailItem Detail(const OrgEntry& o, const Snapshot& s, size_t area, std::string note) const;

 private:
  Scope(const Projection& p, const domain::UnitCatalog& units, const ReportParams& params)
      : p_(p), units_(units), params_(params) {}

  const Projection& p_;
  const domain::UnitCatalog& units_;
  ReportParams params_;
  Date grouping_date_;
  bool restricted_ = false;    // --unit: only the places allowed_
  std::vector<char> allowed_;  // per projection place
  const AreaMap* map_ = nullptr;
  std::vector<char> used_;  // per area
};

// Column helpers shared by the reports.
std::vector<Column> AreaColumns();
std::vector<Cell> AreaCells(const Area& a);

}  // namespace hoptac::report
