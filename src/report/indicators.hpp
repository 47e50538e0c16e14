#pragma once
// Counts for the Alliance's plan indicators that no report answers for an arbitrary period: the
// organisations founded between two dates, in an area (app/alliance uses the reports —
// conversion-2012, rating, ntm-13 — for the others).

#include <string>

#include "domain/unit.hpp"
#include "report/projection.hpp"

namespace hoptac::report {

struct FoundedQuery {
  Date from, to;        // founded on a day in [from, to]
  bool groups = false;  // cooperative groups (THT); otherwise HTX, LHHTX and QTDND
  std::string unit;     // head office on `to` within this unit (any level); "" : anywhere
};

// kInvalid (naming "unit") when the unit code is not in the catalogue.
Result<int64_t> CountFounded(const Projection& p, const domain::UnitCatalog& units,
                             const FoundedQuery& q);

}  // namespace hoptac::report
