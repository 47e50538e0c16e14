#pragma once
// RegistryCode: the identity of an organisation in the business register. Since 2015 the
// cooperative code (mã số HTX) is the tax code: 10 digits whose last is a check digit, optionally
// followed by "-" and a 3-digit branch number. Older organisations carry certificate numbers of
// the registration offices in free formats; those are accepted only when marked as legacy.

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hoptac::domain {

class RegistryCode {
 public:
  // A tax-code registry code: "5100123456" or "5100123456-001" with a valid check digit.
  // With `legacy`, any 3..30 characters of letters, digits, '.', '/', '-' (a certificate number).
  static Result<RegistryCode> Parse(std::string_view text, bool legacy = false,
                                    std::string_view field = "registry_code");
  // The check digit for the first nine digits, or -1 when no valid tax code has that prefix.
  static int CheckDigit(std::string_view nine_digits);

  const std::string& value() const { return value_; }
  bool legacy() const { return legacy_; }
  bool operator==(const RegistryCode&) const = default;

 private:
  RegistryCode(std::string value, bool legacy) : value_(std::move(value)), legacy_(legacy) {}
  std::string value_;
  bool legacy_ = false;
};

}  // namespace hoptac::domain
