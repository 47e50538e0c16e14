#pragma once
// Money: an amount of Vietnamese đồng (VND), a whole number. Parsed from "1234567",
// "1.234.567" (Vietnamese grouping), "1,234,567" or "1 234 567"; never from a fraction.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hoptac::domain {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money Vnd(int64_t v) { return Money(v); }
  // Fails with kInvalid naming `field` unless the text is a whole number of đồng within
  // ±9e15; with `non_negative`, also when it is below zero (rule "<field>.non_negative").
  static Result<Money> Parse(std::string_view text, std::string_view field, bool non_negative);

  constexpr int64_t vnd() const { return v_; }
  std::string ToString() const;  // "1234567"
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t v) : v_(v) {}
  int64_t v_ = 0;
};

}  // namespace hoptac::domain
