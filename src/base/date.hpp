#pragma once
// Date: a calendar day (proleptic Gregorian), as days since 1970-01-01. Once constructed through
// Parse or FromYmd it is a real day; Date::Min() and Date::Max() stand for "since ever" and
// "until further notice" in validity intervals.
// Timestamp: an instant in UTC with microsecond precision (when hoptac learnt something).

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hoptac {

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // Fails with kInvalid for impossible days (31/02/2016, month 13, year outside 1..9999).
  static Result<Date> FromYmd(int year, int month, int day);
  // Accepts YYYY-MM-DD and dd/mm/yyyy (also d/m/yyyy). `field` names the input in the error.
  static Result<Date> Parse(std::string_view text, std::string_view field = "date");
  static constexpr Date Min() { return Date(-719162); }  // 0001-01-01
  static constexpr Date Max() { return Date(2932896); }  // 9999-12-31

  constexpr int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  std::string ToString() const;  // YYYY-MM-DD; "" for Min()/Max() is NOT used: they print as dates
  std::string ToVietnamese() const;  // dd/mm/yyyy
  constexpr Date AddDays(int32_t n) const { return Date(days_ + n); }
  Date AddYears(int n) const;  // 29/02 + 1 year = 28/02

  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromMicros(int64_t us) { return Timestamp(us); }
  // Accepts RFC 3339 in UTC ("2016-12-31T10:00:00Z", fractional seconds optional) and a bare
  // date, which means the end of that day (23:59:59.999999 UTC): "known at 2016-12-31" includes
  // everything recorded that day.
  static Result<Timestamp> Parse(std::string_view text, std::string_view field = "known_at");
  static constexpr Timestamp Max() { return Timestamp(INT64_MAX); }
  static Timestamp StartOf(Date d) { return Timestamp(int64_t{d.days()} * 86400'000'000); }
  static Timestamp EndOf(Date d) { return Timestamp((int64_t{d.days()} + 1) * 86400'000'000 - 1); }

  constexpr int64_t micros() const { return us_; }
  Date date() const;             // the UTC day
  std::string ToString() const;  // 2016-12-31T10:00:00.000000Z
  constexpr auto operator<=>(const Timestamp&) const = default;

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

}  // namespace hoptac
