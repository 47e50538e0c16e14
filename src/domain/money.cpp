#include "domain/money.hpp"

namespace hoptac::domain {

Result<Money> Money::Parse(std::string_view text, std::string_view field, bool non_negative) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto invalid = [&](const char* why, std::string rule) {
    return Error::Invalid(std::string(field), std::string(text), why, std::move(rule));
  };
  if (s.empty()) return invalid("an amount in VND is required", "money.format");
  bool negative = false;
  if (s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  int64_t v = 0;
  int digits = 0;
  char separator = 0;
  size_t group = 0;  // digits since the last separator
  bool seen_separator = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      if (++digits > 16) return invalid("the amount is too large", "money.range");
      v = v * 10 + (c - '0');
      ++group;
      continue;
    }
    const bool is_sep = c == '.' || c == ',' || c == ' ';
    if (!is_sep || digits == 0) {
      return invalid("not a whole amount of đồng (digits, optionally grouped by '.' or ',')",
                     "money.format");
    }
    if (separator != 0 && c != separator) {
      return invalid("a whole amount of đồng has no decimal part", "money.format");
    }
    if ((seen_separator && group != 3) || (!seen_separator && group > 3)) {
      return invalid("digits must be grouped by threes", "money.format");
    }
    separator = c;
    seen_separator = true;
    group = 0;
  }
  if (digits == 0) return invalid("not a whole amount of đồng", "money.format");
  if (seen_separator && group != 3) {
    return invalid("a whole amount of đồng has no decimal part; digits are grouped by threes",
                   "money.format");
  }
  if (v > 9'000'000'000'000'000) return invalid("the amount is too large", "money.range");
  if (negative && non_negative) {
    return invalid("must not be negative", std::string(field) + ".non_negative");
  }
  return Money(negative ? -v : v);
}

std::string Money::ToString() const { return std::to_string(v_); }

}  // namespace hoptac::domain
