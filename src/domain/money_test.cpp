#include "domain/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace hoptac::domain {
namespace {

TEST(Money, ParsesWholeAmountsInEveryGrouping) {
  struct Case {
    const char* text;
    int64_t vnd;
  } cases[] = {
      {"1234567", 1234567},
      {"1.234.567", 1234567},
      {"1,234,567", 1234567},
      {"1 234 567", 1234567},
      {"  1.234.567 ", 1234567},
      {"0", 0},
      {"999", 999},
      {"12.000", 12000},
      {"500,000,000", 500000000},
      {"9.000.000.000.000.000", 9'000'000'000'000'000},
  };
  for (const auto& c : cases) {
    auto m = Money::Parse(c.text, "charter_capital", /*non_negative=*/true);
    ASSERT_TRUE(m.ok()) << c.text << ": " << m.error().ToString();
    EXPECT_EQ(m->vnd(), c.vnd) << c.text;
  }
}

TEST(Money, AcceptsNegativeAmountsWhenAllowed) {
  auto m = Money::Parse("-1.234.567", "profit_before_tax", /*non_negative=*/false);
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m->vnd(), -1234567);
  EXPECT_EQ(m->ToString(), "-1234567");
  EXPECT_EQ(Money::Parse("-9000000000000000", "profit", false)->vnd(), -9'000'000'000'000'000);
}

TEST(Money, RefusesNegativeAmountsWithAFieldNamedRule) {
  auto m = Money::Parse("-500", "charter_capital", /*non_negative=*/true);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(m.error().field, "charter_capital");
  EXPECT_EQ(m.error().value, "-500");
  EXPECT_EQ(m.error().rule, "charter_capital.non_negative");

  auto r = Money::Parse("-1,000", "revenue", /*non_negative=*/true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "revenue.non_negative");
}

TEST(Money, RejectsFractionsBadGroupingLettersAndEmptyText) {
  struct Case {
    const char* text;
    const char* rule;
  } cases[] = {
      {"1.5", "money.format"},
      {"12,34", "money.format"},
      {"1.234,56", "money.format"},
      {"1,234.567", "money.format"},
      {"1.23.456", "money.format"},
      {"1234.567", "money.format"},
      {"1..234", "money.format"},
      {"1.234.", "money.format"},
      {".234", "money.format"},
      {"1  234", "money.format"},
      {"12a", "money.format"},
      {"abc", "money.format"},
      {"1e6", "money.format"},
      {"+100", "money.format"},
      {"--100", "money.format"},
      {"-", "money.format"},
      {"100 đ", "money.format"},
      {"", "money.format"},
      {"   ", "money.format"},
      {"-1.5", "money.format"},
      {"12345678901234567", "money.range"},
      {"9000000000000001", "money.range"},
      {"9.999.999.999.999.999", "money.range"},
      {"-9000000000000001", "money.range"},
  };
  for (const auto& c : cases) {
    auto m = Money::Parse(c.text, "revenue", /*non_negative=*/false);
    ASSERT_FALSE(m.ok()) << c.text << " parsed as " << m->vnd();
    EXPECT_EQ(m.error().code, ErrorCode::kInvalid) << c.text;
    EXPECT_EQ(m.error().field, "revenue") << c.text;
    EXPECT_EQ(m.error().value, c.text) << c.text;
    EXPECT_EQ(m.error().rule, c.rule) << c.text;
  }
}

TEST(Money, OrdersAndPrintsAsWholeDong) {
  EXPECT_LT(Money::Vnd(-1), Money::Vnd(0));
  EXPECT_EQ(Money::Vnd(1234567), Money::Parse("1.234.567", "x", true).value());
  EXPECT_EQ(Money::Vnd(1234567).ToString(), "1234567");
  EXPECT_EQ(Money().vnd(), 0);
}

}  // namespace
}  // namespace hoptac::domain
