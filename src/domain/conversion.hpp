#pragma once
// The 2012-law conversion obligation (product.md §3). A cooperative (HTX, LHHTX or QTDND; not a
// cooperative group) founded before 2013-07-01 and not ended before that date had to re-register
// under the 2012 law. As of a date D its obligation is: converted (re-registered by D), dissolved
// voluntarily or forcibly (dissolved by D without re-registering), ended otherwise (merged,
// bankrupt, turned into an enterprise by D without re-registering), or pending.

#include "domain/lifecycle.hpp"

namespace hoptac::domain {

enum class Conversion {
  kNotRequired,
  kConverted,
  kDissolvedVoluntary,
  kDissolvedForced,
  kEndedOtherwise,
  kPending,
};

const char* Id(Conversion c);     // "not_required", "converted", ...
const char* Label(Conversion c);  // Vietnamese

// `state` is the organisation folded as of D (and as known at R).
Conversion ConversionAsOf(const OrgState& state);
bool ConversionRequired(const OrgState& state);

}  // namespace hoptac::domain
