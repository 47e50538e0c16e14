#pragma once
// Yearly figures of an organisation (C5): members, workers, capital, assets, revenue, profit,
// income and the year's rating. Each save is a new revision (recorded_at); the figures of a year as
// known at R are the latest revision recorded by R. Every field is optional: offices know some.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "domain/event.hpp"
#include "domain/lifecycle.hpp"

namespace hoptac::domain {

// The points given for one criterion of a rating scheme (Circular 01/2020: criteria "1" … "15").
struct CriterionPoints {
  std::string criterion;
  int64_t points = 0;
  bool operator==(const CriterionPoints&) const = default;
};

struct YearlyFigures {
  OrgId org_id = 0;
  int year = 0;
  std::optional<int64_t> members;
  std::optional<int64_t> members_individual;
  std::optional<int64_t> members_household;
  std::optional<int64_t> members_legal_entity;
  std::optional<int64_t> workers;
  std::optional<int64_t> workers_members;
  std::optional<Money> charter_capital;
  std::optional<Money> total_assets;
  std::optional<Money> revenue;
  std::optional<Money> revenue_from_members;
  std::optional<Money> profit_before_tax;  // may be negative
  std::optional<Money> avg_income;         // average yearly income of a worker
  std::optional<Rating> rating;
  std::optional<int64_t> rating_score;         // points under the scheme, where the office has them
  std::vector<CriterionPoints> rating_points;  // per criterion, where the office has them
  std::string rating_scheme;                   // e.g. "TT01/2020", "TT09/2017", "effective"
  Timestamp recorded_at;
  std::string recorded_by;
  std::string source;  // self-report, registration office, Alliance survey...
};

// The score of a revision: the stored total, else the sum of its criterion points, else none.
std::optional<int64_t> EffectiveScore(const YearlyFigures& f);

// Criterion points as text, "1=7; 2=6; 10=4" (criteria in their scheme's order: numerically),
// and back; kInvalid naming `field` for anything else ("" is no points).
std::string FormatRatingPoints(const std::vector<CriterionPoints>& points);
Result<std::vector<CriterionPoints>> ParseRatingPoints(std::string_view text,
                                                       std::string_view field = "rating_points");

// Checks one revision: the year is between the founding year and `today`'s year; counts and
// amounts are not negative (profit may be); parts do not exceed their totals; a rating other than
// "not rated" names its scheme. `founded_on` is the organisation's founding date as known
// (FoundedOn; nullopt when no founding is recorded): the year must not end before it.
Status ValidateFigures(const YearlyFigures& f, std::optional<Date> founded_on, Date today);

// The latest revision per year recorded by `known_at`, from all revisions of one organisation.
std::vector<YearlyFigures> FiguresAsKnown(const std::vector<YearlyFigures>& revisions,
                                          Timestamp known_at);

}  // namespace hoptac::domain
