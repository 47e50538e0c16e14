#include "domain/figures.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace hoptac::domain {
namespace {

Date D(const char* iso) { return Date::Parse(iso).value(); }
Date Today() { return D("2026-11-29"); }

// A cooperative founded on 15 March 2010: figures from 2010 on.
std::optional<Date> FoundedIn2010() { return D("2010-03-15"); }

// A complete, plausible row for a mid-sized agricultural cooperative.
YearlyFigures FullRow() {
  YearlyFigures f;
  f.org_id = 7;
  f.year = 2023;
  f.members = 120;
  f.members_individual = 100;
  f.members_household = 18;
  f.members_legal_entity = 2;
  f.workers = 25;
  f.workers_members = 20;
  f.charter_capital = Money::Vnd(1'500'000'000);
  f.total_assets = Money::Vnd(4'200'000'000);
  f.revenue = Money::Vnd(3'100'000'000);
  f.revenue_from_members = Money::Vnd(2'000'000'000);
  f.profit_before_tax = Money::Vnd(180'000'000);
  f.avg_income = Money::Vnd(48'000'000);
  f.rating = Rating::kGood;
  f.rating_scheme = "TT01/2020";
  f.recorded_at = Timestamp::StartOf(D("2024-03-01"));
  f.recorded_by = "test";
  f.source = "self-report";
  return f;
}

Status Check(const YearlyFigures& f) { return ValidateFigures(f, FoundedIn2010(), Today()); }

TEST(Figures, AcceptsAFullRealisticRow) {
  const Status s = Check(FullRow());
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST(Figures, AcceptsARowWithOnlyTheYear) {
  YearlyFigures f;
  f.year = 2015;
  EXPECT_TRUE(Check(f).ok());
}

TEST(Figures, AcceptsANegativeProfit) {
  YearlyFigures f = FullRow();
  f.profit_before_tax = Money::Vnd(-50'000'000);
  const Status s = Check(f);
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST(Figures, AcceptsTheCurrentYearAndAnUnratedYearWithoutScheme) {
  YearlyFigures f = FullRow();
  f.year = 2026;
  f.rating = Rating::kNotRated;
  f.rating_scheme.clear();
  EXPECT_TRUE(Check(f).ok());
}

TEST(Figures, RejectsEachRuleNamingFieldValueAndRule) {
  const struct {
    const char* what;
    std::function<void(YearlyFigures&)> change;
    const char* field;
    const char* value;
    const char* rule;
  } cases[] = {
      {"before 1990", [](YearlyFigures& f) { f.year = 1989; }, "year", "1989",
       "figures.year_range"},
      {"after this year", [](YearlyFigures& f) { f.year = 2027; }, "year", "2027",
       "figures.year_range"},
      {"members", [](YearlyFigures& f) { f.members = -1; }, "members", "-1",
       "members.non_negative"},
      {"individuals", [](YearlyFigures& f) { f.members_individual = -1; }, "members_individual",
       "-1", "members_individual.non_negative"},
      {"households", [](YearlyFigures& f) { f.members_household = -2; }, "members_household", "-2",
       "members_household.non_negative"},
      {"legal entities", [](YearlyFigures& f) { f.members_legal_entity = -3; },
       "members_legal_entity", "-3", "members_legal_entity.non_negative"},
      {"workers", [](YearlyFigures& f) { f.workers = -4; }, "workers", "-4",
       "workers.non_negative"},
      {"worker members", [](YearlyFigures& f) { f.workers_members = -5; }, "workers_members", "-5",
       "workers_members.non_negative"},
      {"capital", [](YearlyFigures& f) { f.charter_capital = Money::Vnd(-1); }, "charter_capital",
       "-1", "charter_capital.non_negative"},
      {"assets", [](YearlyFigures& f) { f.total_assets = Money::Vnd(-10); }, "total_assets", "-10",
       "total_assets.non_negative"},
      {"revenue", [](YearlyFigures& f) { f.revenue = Money::Vnd(-100); }, "revenue", "-100",
       "revenue.non_negative"},
      {"revenue from members", [](YearlyFigures& f) { f.revenue_from_members = Money::Vnd(-7); },
       "revenue_from_members", "-7", "revenue_from_members.non_negative"},
      {"income", [](YearlyFigures& f) { f.avg_income = Money::Vnd(-8); }, "avg_income", "-8",
       "avg_income.non_negative"},
      {"member parts",
       [](YearlyFigures& f) {
         f.members = 110;
         f.members_individual = 100;
         f.members_household = 18;
         f.members_legal_entity = 2;
       },
       "members", "110", "figures.member_parts"},
      {"member parts without the total's other parts",
       [](YearlyFigures& f) {
         f.members = 10;
         f.members_individual = 11;
         f.members_household.reset();
         f.members_legal_entity.reset();
       },
       "members", "10", "figures.member_parts"},
      {"worker parts", [](YearlyFigures& f) { f.workers_members = 26; }, "workers_members", "26",
       "figures.worker_parts"},
      {"revenue parts",
       [](YearlyFigures& f) { f.revenue_from_members = Money::Vnd(3'100'000'001); },
       "revenue_from_members", "3100000001", "figures.revenue_parts"},
      {"rating scheme", [](YearlyFigures& f) { f.rating_scheme.clear(); }, "rating_scheme", "",
       "figures.rating_scheme"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    YearlyFigures f = FullRow();
    c.change(f);
    const Status s = Check(f);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(s.error().field, c.field);
    EXPECT_EQ(s.error().value, c.value);
    EXPECT_EQ(s.error().rule, c.rule) << s.error().ToString();
  }
}

TEST(Figures, RejectsAYearBeforeTheFounding) {
  YearlyFigures f = FullRow();
  f.year = 2009;
  const Status s = Check(f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "year");
  EXPECT_EQ(s.error().value, "2009");
  EXPECT_EQ(s.error().rule, "figures.year_after_founding");
  f.year = 2010;  // founded during the year: its figures count
  EXPECT_TRUE(Check(f).ok());
  EXPECT_EQ(ValidateFigures(f, std::nullopt, Today()).error().rule, "figures.year_after_founding");
}

YearlyFigures Revision(int year, const char* recorded, int64_t members) {
  YearlyFigures f;
  f.org_id = 7;
  f.year = year;
  f.members = members;
  f.recorded_at = Timestamp::Parse(recorded).value();
  return f;
}

TEST(Figures, KnowsTheLatestRevisionOfEachYearRecordedByAGivenTime) {
  const std::vector<YearlyFigures> revisions = {
      Revision(2023, "2024-02-01T09:00:00Z", 130),
      Revision(2022, "2023-09-01T09:00:00Z", 118),
      Revision(2022, "2023-03-01T09:00:00Z", 115),
  };
  EXPECT_TRUE(FiguresAsKnown(revisions, Timestamp::Parse("2023-02-28").value()).empty());

  const auto mid_2023 = FiguresAsKnown(revisions, Timestamp::Parse("2023-06-01").value());
  ASSERT_EQ(mid_2023.size(), 1u);
  EXPECT_EQ(mid_2023[0].year, 2022);
  EXPECT_EQ(mid_2023[0].members, 115);

  const auto exactly = FiguresAsKnown(revisions, Timestamp::Parse("2023-09-01T09:00:00Z").value());
  ASSERT_EQ(exactly.size(), 1u);
  EXPECT_EQ(exactly[0].members, 118);

  const auto now = FiguresAsKnown(revisions, Timestamp::Max());
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[0].year, 2022);
  EXPECT_EQ(now[0].members, 118);
  EXPECT_EQ(now[1].year, 2023);
  EXPECT_EQ(now[1].members, 130);
}

}  // namespace
}  // namespace hoptac::domain

namespace hoptac::domain {
namespace {

TEST(FiguresScore, AScoreMustFitItsSchemeAndAgreeWithTheBand) {
  const std::optional<Date> founded = D("2001-01-01");
  const Date today = Date::Parse("2026-11-29").value();
  YearlyFigures f;
  f.year = 2022;
  f.rating_score = 72;
  f.rating_scheme = "TT01/2020";
  EXPECT_TRUE(ValidateFigures(f, founded, today).ok());
  f.rating = Rating::kFair;
  EXPECT_TRUE(ValidateFigures(f, founded, today).ok());
  f.rating = Rating::kGood;
  auto mismatch = ValidateFigures(f, founded, today);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().rule, "figures.rating_matches_score");
  EXPECT_EQ(mismatch.error().field, "rating");
  f.rating.reset();
  f.rating_score = 120;
  auto range = ValidateFigures(f, founded, today);
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().rule, "figures.rating_score_range");
  EXPECT_EQ(range.error().value, "120");
  f.rating_score = 50;
  f.rating_scheme.clear();
  auto no_scheme = ValidateFigures(f, founded, today);
  ASSERT_FALSE(no_scheme.ok());
  EXPECT_EQ(no_scheme.error().field, "rating_scheme");
  // A scheme hoptac does not know: the score is kept as given.
  f.rating_scheme = "Tỉnh Hà Giang 2019";
  f.rating_score = 300;
  EXPECT_TRUE(ValidateFigures(f, founded, today).ok());
}

// Circular 01/2020 criterion points: the score is their sum when no total is stored; each listed
// criterion is capped at its maximum; criteria 10–15 (not listed: their maxima are [U] in
// domain.md) share the 40 points the listed nine leave.
TEST(FiguresScore, CriterionPointsGiveTheScoreWithinTheScheme) {
  const std::optional<Date> founded = D("2001-01-01");
  const Date today = Date::Parse("2026-11-29").value();
  YearlyFigures f;
  f.year = 2022;
  f.rating_scheme = "TT01/2020";
  f.rating_points = ParseRatingPoints("1=7; 2=6; 3=9; 4=5; 5=8; 6=6; 7=4; 8=5; 9=3; 10=8; 12=10")
                        .value();  // 53 + 18 = 71: khá
  EXPECT_EQ(EffectiveScore(f), 71);
  f.rating = Rating::kFair;
  EXPECT_TRUE(ValidateFigures(f, founded, today).ok());
  f.rating = Rating::kGood;
  auto band = ValidateFigures(f, founded, today);
  ASSERT_FALSE(band.ok());
  EXPECT_EQ(band.error().rule, "figures.rating_matches_score");
  f.rating.reset();

  f.rating_score = 70;  // a stored total must be their sum
  auto total = ValidateFigures(f, founded, today);
  ASSERT_FALSE(total.ok());
  EXPECT_EQ(total.error().rule, "figures.rating_points_total");
  EXPECT_EQ(total.error().field, "rating_points");
  f.rating_score = 71;
  EXPECT_TRUE(ValidateFigures(f, founded, today).ok());
  f.rating_score.reset();

  const struct {
    const char* points;
    const char* rule;
  } bad[] = {
      {"1=8", "figures.rating_points_range"},           // criterion 1 has at most 7
      {"1=3; 1=4", "figures.rating_points_once"},       // twice
      {"10=30; 11=11", "figures.rating_points_range"},  // 10–15 share at most 40
      {"x=3", "figures.rating_points_criterion"},       // not a criterion of the scheme
  };
  for (const auto& b : bad) {
    f.rating_points = ParseRatingPoints(b.points).value();
    auto r = ValidateFigures(f, founded, today);
    ASSERT_FALSE(r.ok()) << b.points;
    EXPECT_EQ(r.error().rule, b.rule) << b.points;
    EXPECT_EQ(r.error().field, "rating_points");
  }
  f.rating_points = ParseRatingPoints("1=3").value();
  f.rating_scheme = "Tỉnh Hà Giang 2019";  // points need a scheme hoptac knows
  EXPECT_EQ(ValidateFigures(f, founded, today).error().rule, "figures.rating_points_scheme");
}

TEST(FiguresScore, CriterionPointsReadAndWriteAsText) {
  auto p = ParseRatingPoints(" 10=4;2 = 6; 1=7 ");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(FormatRatingPoints(*p), "1=7; 2=6; 10=4");
  EXPECT_TRUE(ParseRatingPoints("").value().empty());
  for (const char* bad : {"1", "=3", "1=x", "1=-2", "1=3;;2"}) {
    auto r = ParseRatingPoints(bad, "Điểm theo tiêu chí");
    if (std::string(bad) == "1=3;;2") {
      EXPECT_FALSE(r.ok()) << bad;  // an empty item between separators
      continue;
    }
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "Điểm theo tiêu chí");
    EXPECT_EQ(r.error().rule, "figures.rating_points_format");
  }
}

}  // namespace
}  // namespace hoptac::domain
