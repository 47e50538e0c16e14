#include "domain/conversion.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace hoptac::domain {
namespace {

Date D(const char* iso) { return Date::Parse(iso).value(); }

Event Ev(EventType type, const char* date) {
  Event e;
  e.type = type;
  e.effective_date = D(date);
  e.recorded_at = Timestamp::StartOf(D(date));
  return e;
}

Event Founded(const char* date) {
  Event e = Ev(EventType::kFounded, date);
  e.changes.name = "Hợp tác xã Việt Lâm";
  e.changes.field = Field::kAgriculture;
  e.changes.unit_code = "00967";
  return e;
}

// The organisation of `kind` with `events`, folded as of `as_of` (as known now).
OrgState StateOf(std::vector<Event> events, const char* as_of, OrgKind kind = OrgKind::kHTX) {
  Organisation org;
  org.id = 1;
  org.kind = kind;
  return Fold(org, events, D(as_of), Timestamp::Max());
}

Conversion ConversionOf(std::vector<Event> events, const char* as_of,
                        OrgKind kind = OrgKind::kHTX) {
  return ConversionAsOf(StateOf(std::move(events), as_of, kind));
}

TEST(Conversion, IsNotRequiredOfACooperativeGroup) {
  const OrgState s = StateOf({Founded("2010-03-15")}, "2016-01-01", OrgKind::kTHT);
  EXPECT_FALSE(ConversionRequired(s));
  EXPECT_EQ(ConversionAsOf(s), Conversion::kNotRequired);
}

TEST(Conversion, IsNotRequiredOfACooperativeFoundedUnderThe2012Law) {
  EXPECT_EQ(ConversionOf({Founded("2013-07-01")}, "2016-01-01"), Conversion::kNotRequired);
  EXPECT_EQ(ConversionOf({Founded("2013-06-30")}, "2016-01-01"), Conversion::kPending);
}

TEST(Conversion, IsNotRequiredOfACooperativeThatEndedBeforeThe2012Law) {
  EXPECT_EQ(ConversionOf({Founded("2005-01-01"), Ev(EventType::kDissolvedVoluntary, "2013-06-30")},
                         "2016-01-01"),
            Conversion::kNotRequired);
  EXPECT_EQ(ConversionOf({Founded("2005-01-01"), Ev(EventType::kDissolvedVoluntary, "2013-07-01")},
                         "2016-01-01"),
            Conversion::kDissolvedVoluntary);
}

TEST(Conversion, IsNotRequiredOfACooperativeNotYetFounded) {
  const OrgState s = StateOf({Founded("2010-03-15")}, "2010-03-14");
  EXPECT_FALSE(ConversionRequired(s));
  EXPECT_EQ(ConversionAsOf(s), Conversion::kNotRequired);
}

TEST(Conversion, IsRequiredOfEveryKindButTheGroupFoundedBeforeTheLawAndAlive) {
  for (OrgKind kind : {OrgKind::kHTX, OrgKind::kLHHTX, OrgKind::kQTDND}) {
    const OrgState s = StateOf({Founded("2010-03-15")}, "2016-01-01", kind);
    EXPECT_TRUE(ConversionRequired(s)) << Id(kind);
    EXPECT_EQ(ConversionAsOf(s), Conversion::kPending) << Id(kind);
  }
}

TEST(Conversion, CountsAsConvertedFromTheDayOfReregistration) {
  const std::vector<Event> events = {Founded("2010-03-15"),
                                     Ev(EventType::kReregistered2012, "2014-05-20")};
  EXPECT_EQ(ConversionOf(events, "2014-05-19"), Conversion::kPending);
  EXPECT_EQ(ConversionOf(events, "2014-05-20"), Conversion::kConverted);
  EXPECT_EQ(ConversionOf(events, "2026-11-29"), Conversion::kConverted);
}

TEST(Conversion, DistinguishesVoluntaryAndForcedDissolutionWithoutReregistering) {
  Event forced = Ev(EventType::kDissolvedForced, "2016-01-01");
  forced.ground = DissolutionGround::kNotOperating12Months;
  EXPECT_EQ(ConversionOf({Founded("2010-03-15"), Ev(EventType::kDissolvedVoluntary, "2016-01-01")},
                         "2017-01-01"),
            Conversion::kDissolvedVoluntary);
  EXPECT_EQ(ConversionOf({Founded("2010-03-15"), forced}, "2017-01-01"),
            Conversion::kDissolvedForced);
  EXPECT_EQ(ConversionOf({Founded("2010-03-15"), forced}, "2015-12-31"), Conversion::kPending);
}

TEST(Conversion, StaysConvertedAfterALaterDissolution) {
  EXPECT_EQ(ConversionOf({Founded("2010-03-15"), Ev(EventType::kReregistered2012, "2014-05-20"),
                          Ev(EventType::kDissolvedVoluntary, "2016-01-01")},
                         "2017-01-01"),
            Conversion::kConverted);
}

TEST(Conversion, CountsOtherEndingsWithoutReregisteringAsEndedOtherwise) {
  Event merged = Ev(EventType::kMergedInto, "2016-01-01");
  merged.related = {2};
  for (const Event& ending : {merged, Ev(EventType::kBankrupt, "2016-01-01"),
                              Ev(EventType::kConvertedToEnterprise, "2016-01-01")}) {
    EXPECT_EQ(ConversionOf({Founded("2010-03-15"), ending}, "2017-01-01"),
              Conversion::kEndedOtherwise)
        << Id(ending.type);
  }
}

TEST(Conversion, IsPendingWhileADissolutionIsUnderWay) {
  EXPECT_EQ(ConversionOf({Founded("2010-03-15"), Ev(EventType::kDissolutionStarted, "2016-01-01")},
                         "2017-01-01"),
            Conversion::kPending);
  EXPECT_EQ(
      ConversionOf({Founded("2010-03-15"), Ev(EventType::kSuspended, "2016-01-01")}, "2017-01-01"),
      Conversion::kPending);
}

TEST(Conversion, HasAStableIdAndAVietnameseLabelForEachOutcome) {
  const struct {
    Conversion c;
    const char* id;
    const char* label;
  } cases[] = {
      {Conversion::kNotRequired, "not_required", "Không thuộc diện chuyển đổi"},
      {Conversion::kConverted, "converted", "Đã chuyển đổi"},
      {Conversion::kDissolvedVoluntary, "dissolved_voluntary", "Giải thể tự nguyện"},
      {Conversion::kDissolvedForced, "dissolved_forced", "Giải thể bắt buộc"},
      {Conversion::kEndedOtherwise, "ended_otherwise", "Chấm dứt khác"},
      {Conversion::kPending, "pending", "Chưa chuyển đổi"},
  };
  std::set<std::string> ids;
  for (const auto& c : cases) {
    EXPECT_STREQ(Id(c.c), c.id);
    EXPECT_STREQ(Label(c.c), c.label);
    ids.insert(Id(c.c));
  }
  EXPECT_EQ(ids.size(), 6u);
}

}  // namespace
}  // namespace hoptac::domain
