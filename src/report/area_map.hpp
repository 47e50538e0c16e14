#pragma once
// AreaMap: the area row of every head office of a projection, for one grouping level and one
// period of the unit catalogue; AreaMaps computes them on first use and keeps them. Private to
// report/.
//
// The area of a head office depends only on the unit version it was registered in, the grouping
// level and the grouping date; and the catalogue answers the same on every day between two of its
// changes (a version starting or ending, a succession taking effect). So an AreaMap holds for a
// whole period, and a server keeps at most a few per level.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/unit.hpp"
#include "report/projection.hpp"

namespace hoptac::report {

struct Area {
  std::string code;  // "" for organisations whose head office maps to no unit
  std::string name;
};

struct AreaMap {
  bool level_exists = true;  // false: no unit of the level on the date; nothing else is filled
  std::vector<Area> areas;   // every area a place maps to, and the unmapped one
  std::vector<uint32_t> area_of_place;        // per Projection place
  uint32_t unmapped = 0;                      // the area of organisations without a unit
  std::vector<uint32_t> order;                // area indices in code order, unmapped last
  std::vector<uint32_t> rank;                 // per area: its position in `order`
  std::vector<const domain::Unit*> province;  // per area: the province holding it, or nullptr
};

class AreaMaps {
 public:
  AreaMaps(const Projection& projection, const domain::UnitCatalog& units);
  ~AreaMaps();
  AreaMaps(const AreaMaps&) = delete;
  AreaMaps& operator=(const AreaMaps&) = delete;

  // The map for grouping at `level` on `grouping_date`; computed on the first call for the
  // period that holds the date. Safe to call from several threads.
  const AreaMap& For(domain::UnitLevel level, Date grouping_date);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoptac::report
