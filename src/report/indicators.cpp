#include "report/indicators.hpp"

#include <algorithm>

#include "domain/area.hpp"

namespace hoptac::report {

Result<int64_t> CountFounded(const Projection& p, const domain::UnitCatalog& units,
                             const FoundedQuery& q) {
  // Which places (registered unit versions) lie within the unit on `to`.
  std::vector<char> inside;
  if (!q.unit.empty()) {
    const std::vector<std::string> codes = domain::CodesWithin(units, q.unit, q.to);
    if (codes.empty() && units.At(q.unit, q.to) == nullptr) {
      return Error::Invalid("unit", q.unit, "no administrative unit has this code", "unit.known");
    }
    inside.assign(p.places().size(), 0);
    for (size_t i = 0; i < p.places().size(); ++i) {
      const std::string& code = p.unit_code(p.places()[i].unit);
      inside[i] = std::binary_search(codes.begin(), codes.end(), code) || code == q.unit ? 1 : 0;
    }
  }
  int64_t n = 0;
  for (const OrgEntry& o : p.orgs()) {
    if ((o.kind == domain::OrgKind::kTHT) != q.groups) continue;
    if (o.founded < q.from.days() || o.founded > q.to.days()) continue;
    const Snapshot* s = p.At(o, q.to);
    if (s == nullptr) continue;
    if (!q.unit.empty() && (s->place < 0 || inside[static_cast<size_t>(s->place)] == 0)) continue;
    ++n;
  }
  return n;
}

}  // namespace hoptac::report
