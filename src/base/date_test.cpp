#include "base/date.hpp"

#include <gtest/gtest.h>

namespace hoptac {
namespace {

TEST(DateParse, AcceptsIsoAndVietnameseForms) {
  struct Case {
    const char* text;
    const char* iso;
  } cases[] = {
      {"2016-12-31", "2016-12-31"},    {"31/12/2016", "2016-12-31"}, {"1/7/2013", "2013-07-01"},
      {"  2024-02-29 ", "2024-02-29"}, {"29/02/2000", "2000-02-29"}, {"1970-01-01", "1970-01-01"},
      {"0001-01-01", "0001-01-01"},
  };
  for (const auto& c : cases) {
    auto d = Date::Parse(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.error().ToString();
    EXPECT_EQ(d->ToString(), c.iso) << c.text;
  }
}

TEST(DateParse, RejectsImpossibleDaysNamingFieldAndValue) {
  for (const char* text : {"31/02/2016", "2016-13-01", "", "2016-02-30", "29/02/2015", "2016-1-1",
                           "abc", "32/01/2016", "2016/12/31", "31-12-2016", "00/01/2016"}) {
    auto d = Date::Parse(text, "effective_date");
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(d.error().field, "effective_date");
    EXPECT_EQ(d.error().value, text);
  }
}

TEST(Date, RoundTripsAndOrders) {
  auto a = Date::Parse("2013-07-01").value();
  auto b = Date::Parse("2016-12-31").value();
  EXPECT_LT(a, b);
  EXPECT_EQ(Date::FromDays(a.days()).ToString(), "2013-07-01");
  EXPECT_EQ(a.year(), 2013);
  EXPECT_EQ(a.month(), 7);
  EXPECT_EQ(a.day(), 1);
  EXPECT_EQ(b.ToVietnamese(), "31/12/2016");
  EXPECT_EQ(a.AddDays(-1).ToString(), "2013-06-30");
  EXPECT_EQ(Date::Parse("2024-02-29")->AddYears(1).ToString(), "2025-02-28");
  EXPECT_EQ(Date::Min().ToString(), "0001-01-01");
  EXPECT_EQ(Date::Max().ToString(), "9999-12-31");
}

TEST(Timestamp, ParsesRfc3339AndBareDatesAsEndOfDay) {
  auto t = Timestamp::Parse("2016-12-31T10:20:30.5Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ToString(), "2016-12-31T10:20:30.500000Z");
  auto d = Timestamp::Parse("2016-12-31");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2016-12-31T23:59:59.999999Z");
  EXPECT_FALSE(Timestamp::Parse("2016-12-31T25:00:00Z").ok());
  EXPECT_FALSE(Timestamp::Parse("yesterday").ok());
}

}  // namespace
}  // namespace hoptac
