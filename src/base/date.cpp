#include "base/date.hpp"

#include <charconv>
#include <cstdio>

namespace hoptac {
namespace {

// Howard Hinnant's civil-calendar algorithms.
constexpr int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y;
  unsigned m;
  unsigned d;
};

constexpr Ymd CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Parses an unsigned decimal of exactly `min..max` digits; false otherwise.
bool ParseNumber(std::string_view s, size_t min_digits, size_t max_digits, int& out) {
  if (s.size() < min_digits || s.size() > max_digits) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return Error::Invalid("date", buf, "no such day in the calendar", "date.calendar");
  }
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Result<Date> Date::Parse(std::string_view text, std::string_view field) {
  const std::string_view s = Trim(text);
  auto invalid = [&](const char* why) {
    return Error::Invalid(std::string(field), std::string(text), why, "date.format");
  };
  if (s.empty()) return invalid("a date is required (YYYY-MM-DD or dd/mm/yyyy)");
  int y = 0, m = 0, d = 0;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    if (!ParseNumber(s.substr(0, 4), 4, 4, y) || !ParseNumber(s.substr(5, 2), 2, 2, m) ||
        !ParseNumber(s.substr(8, 2), 2, 2, d)) {
      return invalid("not a date; expected YYYY-MM-DD or dd/mm/yyyy");
    }
  } else {
    const size_t a = s.find('/');
    const size_t b = a == std::string_view::npos ? a : s.find('/', a + 1);
    if (b == std::string_view::npos || !ParseNumber(s.substr(0, a), 1, 2, d) ||
        !ParseNumber(s.substr(a + 1, b - a - 1), 1, 2, m) ||
        !ParseNumber(s.substr(b + 1), 4, 4, y)) {
      return invalid("not a date; expected YYYY-MM-DD or dd/mm/yyyy");
    }
  }
  auto date = FromYmd(y, m, d);
  if (!date.ok()) {
    return Error::Invalid(std::string(field), std::string(text), "no such day in the calendar",
                          "date.calendar");
  }
  return date;
}

int Date::year() const { return CivilFromDays(days_).y; }
int Date::month() const { return static_cast<int>(CivilFromDays(days_).m); }
int Date::day() const { return static_cast<int>(CivilFromDays(days_).d); }

std::string Date::ToString() const {
  const Ymd ymd = CivilFromDays(days_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.y, ymd.m, ymd.d);
  return buf;
}

std::string Date::ToVietnamese() const {
  const Ymd ymd = CivilFromDays(days_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", ymd.d, ymd.m, ymd.y);
  return buf;
}

Date Date::AddYears(int n) const {
  const Ymd ymd = CivilFromDays(days_);
  const int y = ymd.y + n;
  const int d = std::min(static_cast<int>(ymd.d), DaysInMonth(y, static_cast<int>(ymd.m)));
  return Date(DaysFromCivil(y, ymd.m, static_cast<unsigned>(d)));
}

Result<Timestamp> Timestamp::Parse(std::string_view text, std::string_view field) {
  const std::string_view s = Trim(text);
  auto invalid = [&] {
    return Error::Invalid(std::string(field), std::string(text),
                          "not a time; expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.ffffff]Z",
                          "time.format");
  };
  if (s.size() == 10 || s.find('/') != std::string_view::npos) {
    auto d = Date::Parse(s, field);
    if (!d.ok()) return d.take_error();
    return EndOf(*d);
  }
  if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z') {
    return invalid();
  }
  auto d = Date::Parse(s.substr(0, 10), field);
  if (!d.ok()) return d.take_error();
  int hh = 0, mm = 0, ss = 0;
  if (!ParseNumber(s.substr(11, 2), 2, 2, hh) || !ParseNumber(s.substr(14, 2), 2, 2, mm) ||
      !ParseNumber(s.substr(17, 2), 2, 2, ss) || hh > 23 || mm > 59 || ss > 59) {
    return invalid();
  }
  int64_t micros = 0;
  std::string_view frac = s.substr(19, s.size() - 20);
  if (!frac.empty()) {
    if (frac[0] != '.' || frac.size() < 2 || frac.size() > 7) return invalid();
    int f = 0;
    if (!ParseNumber(frac.substr(1), 1, 6, f)) return invalid();
    micros = f;
    for (size_t i = frac.size() - 1; i < 6; ++i) micros *= 10;
  }
  return Timestamp(int64_t{d->days()} * 86400'000'000 +
                   (int64_t{hh} * 3600 + mm * 60 + ss) * 1'000'000 + micros);
}

Date Timestamp::date() const {
  int64_t days = us_ / 86400'000'000;
  if (us_ < 0 && us_ % 86400'000'000 != 0) --days;
  return Date::FromDays(static_cast<int32_t>(days));
}

std::string Timestamp::ToString() const {
  const Date d = date();
  const int64_t in_day = us_ - int64_t{d.days()} * 86400'000'000;
  const int64_t secs = in_day / 1'000'000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld.%06lldZ", d.ToString().c_str(),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60), static_cast<long long>(in_day % 1'000'000));
  return buf;
}

}  // namespace hoptac
