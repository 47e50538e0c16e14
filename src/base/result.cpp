#include "base/result.hpp"

namespace hoptac {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "invalid";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::ToString() const {
  std::string out;
  if (!field.empty()) {
    out += field;
    out += " = '";
    out += value;
    out += "': ";
  }
  out += message;
  if (!rule.empty()) {
    out += " [rule: ";
    out += rule;
    out += "]";
  }
  return out;
}

}  // namespace hoptac
