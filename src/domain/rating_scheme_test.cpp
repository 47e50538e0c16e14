#include "domain/rating_scheme.hpp"

#include <gtest/gtest.h>

namespace hoptac::domain {
namespace {

TEST(RatingScheme, Circular01BandsComeFromItsData) {
  const RatingScheme* s = FindRatingScheme("TT01/2020");
  ASSERT_NE(s, nullptr);
  struct Case {
    int score;
    std::optional<Rating> band;
  } cases[] = {{100, Rating::kGood}, {80, Rating::kGood},    {79, Rating::kFair},
               {65, Rating::kFair},  {64, Rating::kAverage}, {50, Rating::kAverage},
               {49, Rating::kWeak},  {0, Rating::kWeak},     {101, std::nullopt},
               {-1, std::nullopt}};
  for (const auto& c : cases) EXPECT_EQ(BandFor(*s, c.score), c.band) << c.score;
}

TEST(RatingScheme, ABandTableIsReadNotAssumed) {
  RatingScheme provincial;
  provincial.id = "Tỉnh X";
  provincial.max_score = 10;
  provincial.bands = {{Rating::kGood, 9}, {Rating::kWeak, 0}};
  EXPECT_EQ(BandFor(provincial, 9), Rating::kGood);
  EXPECT_EQ(BandFor(provincial, 8), Rating::kWeak);
  EXPECT_EQ(FindRatingScheme("no such scheme"), nullptr);
}

TEST(RatingScheme, KnownCriteriaFitTheTotal) {
  for (const RatingScheme& s : KnownRatingSchemes()) {
    int points = 0;
    for (const auto& c : s.criteria) points += c.max_points;
    EXPECT_LE(points, s.max_score) << s.id;
    EXPECT_FALSE(s.bands.empty()) << s.id;
  }
}

}  // namespace
}  // namespace hoptac::domain
