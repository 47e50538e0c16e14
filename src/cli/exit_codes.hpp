#pragma once
// The one mapping from domain errors to process exit codes.

#include "base/result.hpp"

namespace hoptac::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInvalid = 3;

// kInvalid, kNotFound and kConflict are the caller's input (nothing was written): 3; the rest: 1.
int ExitCodeFor(const Error& error);

}  // namespace hoptac::cli
