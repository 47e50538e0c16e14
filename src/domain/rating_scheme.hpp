#pragma once
// Rating schemes: how a cooperative's yearly assessment turns points into a band. A scheme is data
// (an id, a version, its criteria with their maximum points, and the minimum score of each band),
// never constants in the logic, because the schemes change: Circular 01/2020/TT-BKHĐT applied
// from 2020-04-01 until its repeal on 2025-09-18, provinces had their own, and a successor may
// come (domain.md §2).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "domain/vocabulary.hpp"

namespace hoptac::domain {

struct RatingCriterion {
  std::string id;     // "1", "2", ... as numbered in the scheme
  std::string label;  // Vietnamese
  int max_points = 0;
};

struct RatingBand {
  Rating rating = Rating::kWeak;
  int min_score = 0;  // inclusive
};

struct RatingScheme {
  std::string id;       // what yearly figures name in rating_scheme: "TT01/2020"
  std::string version;  // "2020-02-19"
  std::string title;
  Date valid_from = Date::Min();
  Date valid_to = Date::Max();
  int max_score = 100;
  std::vector<RatingCriterion> criteria;  // may be partial where the source is incomplete
  std::vector<RatingBand> bands;          // highest first
};

// The schemes hoptac knows.
std::span<const RatingScheme> KnownRatingSchemes();
const RatingScheme* FindRatingScheme(std::string_view id);

// The band of `score` under `scheme`; nullopt when the score is outside 0..max_score.
std::optional<Rating> BandFor(const RatingScheme& scheme, int score);

}  // namespace hoptac::domain
