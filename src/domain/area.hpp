#pragma once
// Areas across administrative changes: which registered head-office codes lie within a unit on a
// date, and where an old unit's organisations are attributed after a split.
//
// Attribution rule for a split commune (docs/decisions/0003-split-communes.md): an organisation
// registered in an old commune that was split goes to the successor that keeps the old code if
// there is one (the remainder of the commune, as with xã Việt Lâm in 2025), otherwise to the
// first successor in code order. hoptac does not guess from the village (thôn) text.

#include <string>
#include <string_view>
#include <vector>

#include "domain/unit.hpp"

namespace hoptac::domain {

// The unit on `target` that the version of `code` valid on `d` is attributed to, by the rule
// above; nullptr when it maps to nothing (e.g. a legacy unit without successions).
const Unit* PrimarySuccessor(const UnitCatalog& units, std::string_view code, Date d, Date target);

// Every unit code a head office may be registered under and be inside `unit_code` on `d`:
// - when `unit_code` is valid on `d`: the communes under it on `d`, and every older commune code
//   whose primary successor on `d` is under it;
// - when it is an older unit (not valid on `d`): the communes under it on its last day, and the
//   communes they became on `d`.
// Sorted, without duplicates. Empty when the code is unknown.
std::vector<std::string> CodesWithin(const UnitCatalog& units, std::string_view unit_code, Date d);

// "Xã Việt Lâm, Huyện Vị Xuyên, Tỉnh Hà Giang": the unit and its ancestors on `d`.
std::string UnitPath(const UnitCatalog& units, const Unit& unit, Date d);

}  // namespace hoptac::domain
