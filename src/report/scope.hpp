#pragma once
// Scope: which organisations a report counts and under which area row, for one run. Private to
// report/.

#include <string>
#include <unordered_map>
#include <vector>

#include "report/engine.hpp"

namespace hoptac::report {

struct Area {
  std::string code;  // "" for organisations whose head office maps to no unit
  std::string name;
};

class Scope {
 public:
  // Checks the parameters against the units: the --unit code exists; the grouping level exists on
  // the grouping date (no districts after 2025-06-30).
  static Result<Scope> Make(const Projection& p, const domain::UnitCatalog& units,
                            const ReportParams& params);

  // Whether the organisation is counted on the report date (kind, field, --unit).
  bool Includes(const OrgEntry& o, const Snapshot& s) const;
  // The area row of the organisation's head office; allocates the area on first use.
  size_t AreaOf(const Snapshot& s);
  const std::vector<Area>& areas() const { return areas_; }
  // Area indices sorted by code (unmapped last).
  std::vector<size_t> SortedAreas() const;

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
  domain::UnitLevel level_ = domain::UnitLevel::kProvince;
  std::vector<char> allowed_;  // per projection unit index; empty = all
  std::vector<Area> areas_;
  std::unordered_map<std::string, size_t> area_index_;
  std::vector<int32_t> area_of_place_;  // per projection place; -1 until computed
};

// Column helpers shared by the reports.
std::vector<Column> AreaColumns();
std::vector<Cell> AreaCells(const Area& a);

}  // namespace hoptac::report
