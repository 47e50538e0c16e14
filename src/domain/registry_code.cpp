#include "domain/registry_code.hpp"

namespace hoptac::domain {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

int RegistryCode::CheckDigit(std::string_view nine) {
  static constexpr int kWeights[] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
  if (nine.size() != 9 || !AllDigits(nine)) return -1;
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += (nine[i] - '0') * kWeights[i];
  const int check = 10 - sum % 11;
  return check == 10 ? -1 : check;  // 11 - ... never reaches 11; 10 is not a digit
}

Result<RegistryCode> RegistryCode::Parse(std::string_view text, bool legacy,
                                         std::string_view field) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto invalid = [&](const char* why, const char* rule) {
    return Error::Invalid(std::string(field), std::string(text), why, rule);
  };
  if (s.empty()) return invalid("a registry code is required", "registry_code.required");
  if (legacy) {
    if (s.size() < 3 || s.size() > 30) {
      return invalid("a legacy certificate number has 3 to 30 characters",
                     "registry_code.legacy_format");
    }
    for (char c : s) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      c == '.' || c == '/' || c == '-';
      if (!ok) {
        return invalid("a legacy certificate number has only letters, digits, '.', '/' and '-'",
                       "registry_code.legacy_format");
      }
    }
    return RegistryCode(std::string(s), true);
  }
  const std::string_view main = s.substr(0, 10);
  if (s.size() != 10 && !(s.size() == 14 && s[10] == '-' && AllDigits(s.substr(11)))) {
    return invalid("a registry code is 10 digits, or 10 digits, '-' and 3 digits",
                   "registry_code.format");
  }
  if (!AllDigits(main)) {
    return invalid("a registry code is 10 digits, or 10 digits, '-' and 3 digits",
                   "registry_code.format");
  }
  if (CheckDigit(main.substr(0, 9)) != main[9] - '0') {
    return invalid("the check digit (10th digit) does not match the first nine",
                   "registry_code.check_digit");
  }
  return RegistryCode(std::string(s), false);
}

}  // namespace hoptac::domain
