#pragma once
// The report engine: the parameters every report takes, the list of reports, and running one on
// a Projection. A report is a plain function from (projection, units, parameters) to a Table.
//
// Grouping (docs/decisions/0007-report-grouping.md): an organisation belongs to the area of its
// registered head office. With `units = as-then` the area is the unit valid on the report date
// (the registered commune followed through the unit history to that date); with `current`, the
// unit valid today. A split commune is attributed by domain::PrimarySuccessor (decision 0003).

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/unit.hpp"
#include "report/projection.hpp"
#include "report/table.hpp"

namespace hoptac::report {

enum class GroupBy { kProvince, kDistrict, kCommune };
enum class UnitsMode { kAsThen, kCurrent };

Result<GroupBy> ParseGroupBy(std::string_view s, std::string_view field = "by");
Result<UnitsMode> ParseUnitsMode(std::string_view s, std::string_view field = "units");

struct ReportParams {
  Date as_of;
  Date today;  // what "current units" means
  GroupBy by = GroupBy::kProvince;
  UnitsMode units = UnitsMode::kAsThen;
  std::string unit;  // restrict to this area (any level, old or new code); empty = everything
  std::optional<domain::OrgKind> kind;
  std::optional<domain::Field> field;
  std::optional<int> year;  // year-review, rating (default: the year of as_of)
  bool detail = false;      // list the organisations behind each row
  bool english = false;     // title, headings and parameters in English (report/english.hpp)
};

struct ReportInfo {
  std::string_view id;
  std::string_view title;  // Vietnamese
  std::string_view description;
};

std::span<const ReportInfo> Reports();

class AreaMaps;

// Runs reports on one projection with one unit catalogue, both of which must outlive it. It keeps
// what the reports compute once for them (the area of every head office per grouping level and
// period of the catalogue), so keep one Engine as long as the projection. Safe to share between
// threads.
class Engine {
 public:
  Engine(const Projection& projection, const domain::UnitCatalog& units);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs report `id`. kNotFound for an unknown report, kInvalid for parameters that do not fit
  // (a unit code that does not exist, grouping by district on a date after 2025-06-30).
  Result<Table> Run(std::string_view id, const ReportParams& params) const;

 private:
  const Projection& projection_;
  const domain::UnitCatalog& units_;
  std::unique_ptr<AreaMaps> area_maps_;
};

// Runs one report with an Engine of its own (see Engine::Run).
Result<Table> RunReport(std::string_view id, const Projection& projection,
                        const domain::UnitCatalog& units, const ReportParams& params);

}  // namespace hoptac::report
