#include "domain/member.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/lifecycle.hpp"

namespace hoptac::domain {
namespace {

Date D(const char* iso) { return Date::Parse(iso).value(); }
Date Today() { return D("2026-11-29"); }

OrgState Htx(std::optional<int64_t> charter = std::nullopt, OrgKind kind = OrgKind::kHTX) {
  OrgState s;
  s.id = 7;
  s.kind = kind;
  s.exists = true;
  s.founded_on = D("2010-03-15");
  if (charter) s.charter_capital = Money::Vnd(*charter);
  return s;
}

Member Farmer() {
  Member m;
  m.org_id = 7;
  m.member_no = "12";
  m.type = MemberType::kIndividual;
  m.kind = MembershipKind::kMember2012;
  m.name = "Nguyễn Văn An";
  m.id_number = "002080001234";
  m.nationality = "Việt Nam";
  m.address = "Thôn Chang, xã Việt Lâm";
  m.joined_on = D("2015-04-01");
  m.capital = Money::Vnd(10'000'000);
  m.capital_date = D("2015-04-01");
  m.capital_certificate_no = "12/GCN";
  m.capital_certificate_date = D("2015-04-10");
  return m;
}

std::string RuleOf(const Status& s) { return s.ok() ? "ok" : s.error().rule; }

TEST(MemberRules, AcceptsAPlausibleMember) {
  EXPECT_TRUE(ValidateMember(Farmer(), Htx(), Htx(), Today()).ok());
}

struct Case {
  const char* name;
  void (*change)(Member&);
  const char* rule;
};

class MemberRuleTable : public ::testing::TestWithParam<Case> {};

TEST_P(MemberRuleTable, RefusesWithItsRule) {
  Member m = Farmer();
  GetParam().change(m);
  EXPECT_EQ(RuleOf(ValidateMember(m, Htx(), Htx(), Today())), GetParam().rule);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, MemberRuleTable,
    ::testing::Values(
        Case{"no_number", [](Member& m) { m.member_no.clear(); }, "member.member_no_required"},
        Case{"no_name", [](Member& m) { m.name.clear(); }, "member.name_required"},
        Case{"joins_in_future", [](Member& m) { m.joined_on = D("2027-01-01"); },
             "member.joined_future"},
        Case{"leaves_before_joining", [](Member& m) { m.left_on = D("2015-03-31"); },
             "member.left_before_joined"},
        Case{"leaves_in_future", [](Member& m) { m.left_on = D("2027-01-01"); },
             "member.left_future"},
        Case{"reason_without_leaving", [](Member& m) { m.left_reason = "chuyển đi"; },
             "member.reason_without_leaving"},
        Case{"negative_capital", [](Member& m) { m.capital = Money::Vnd(-1); },
             "capital.non_negative"},
        Case{"capital_before_joining", [](Member& m) { m.capital_date = D("2015-03-01"); },
             "member.capital_before_joined"},
        Case{"certificate_before_capital",
             [](Member& m) { m.capital_certificate_date = D("2015-03-31"); },
             "member.certificate_before_capital"},
        Case{"associate_with_capital", [](Member& m) { m.kind = MembershipKind::kAssociate; },
             "member.associate_no_capital"},
        Case{"cooperative_outside_union", [](Member& m) { m.type = MemberType::kCooperative; },
             "member.cooperative_in_union"}),
    [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(MemberRules, RefusesJoiningAfterTheOrganisationEnded) {
  OrgState ended = Htx();
  ended.ended_on = D("2014-12-31");
  EXPECT_EQ(RuleOf(ValidateMember(Farmer(), ended, ended, Today())), "member.joined_after_end");
}

TEST(MemberRules, CapsALegalEntityAtTwentyPercentBefore2024) {
  Member m = Farmer();
  m.type = MemberType::kLegalEntity;
  m.capital = Money::Vnd(20'000'000);
  EXPECT_TRUE(ValidateMember(m, Htx(), Htx(100'000'000), Today()).ok());
  m.capital = Money::Vnd(20'000'001);
  EXPECT_EQ(RuleOf(ValidateMember(m, Htx(), Htx(100'000'000), Today())), "member.capital_cap");
  // An individual had no such cap in the register's rules before the 2023 law.
  m.type = MemberType::kIndividual;
  EXPECT_TRUE(ValidateMember(m, Htx(), Htx(100'000'000), Today()).ok());
}

TEST(MemberRules, CapsEveryMemberAtThirtyPercentOfAnHtxFrom2024) {
  Member m = Farmer();
  m.capital_date = D("2024-07-01");
  m.capital_certificate_date.reset();
  m.capital = Money::Vnd(30'000'000);
  EXPECT_TRUE(ValidateMember(m, Htx(), Htx(100'000'000), Today()).ok());
  m.capital = Money::Vnd(30'000'001);
  EXPECT_EQ(RuleOf(ValidateMember(m, Htx(), Htx(100'000'000), Today())), "member.capital_cap");
  // Forty percent in a cooperative union.
  const OrgState union_ = Htx(100'000'000, OrgKind::kLHHTX);
  EXPECT_TRUE(ValidateMember(m, union_, union_, Today()).ok());
  // Unknown charter capital: nothing to check against.
  EXPECT_TRUE(ValidateMember(m, Htx(), Htx(), Today()).ok());
}

TEST(MemberRegister, KeepsTheLatestRevisionOfEachMemberInNumberOrder) {
  Member a = Farmer();
  a.member_no = "10";
  a.recorded_at = Timestamp::StartOf(D("2016-01-01"));
  Member b = Farmer();
  b.member_no = "2";
  b.recorded_at = Timestamp::StartOf(D("2016-01-01"));
  Member a_left = a;
  a_left.left_on = D("2019-06-30");
  a_left.recorded_at = Timestamp::StartOf(D("2019-07-01"));
  const std::vector<Member> revisions{a, b, a_left};

  const auto now = MembersAsKnown(revisions, Timestamp::Max());
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[0].member_no, "2");
  EXPECT_EQ(now[1].member_no, "10");
  EXPECT_TRUE(now[1].left_on.has_value());

  const auto then = MembersAsKnown(revisions, Timestamp::StartOf(D("2018-01-01")));
  ASSERT_EQ(then.size(), 2u);
  EXPECT_FALSE(then[1].left_on.has_value());
}

TEST(MemberRegister, AMemberBelongsFromJoiningUntilTheDayBeforeLeaving) {
  Member m = Farmer();
  m.left_on = D("2019-06-30");
  EXPECT_FALSE(IsMemberOn(m, D("2015-03-31")));
  EXPECT_TRUE(IsMemberOn(m, D("2015-04-01")));
  EXPECT_TRUE(IsMemberOn(m, D("2019-06-29")));
  EXPECT_FALSE(IsMemberOn(m, D("2019-06-30")));
}

TEST(MemberVocabulary, ParsesEveryIdBackAndRefusesOthers) {
  for (MemberType t : AllMemberTypes()) EXPECT_EQ(ParseMemberType(Id(t)).value(), t);
  for (MembershipKind k : AllMembershipKinds()) EXPECT_EQ(ParseMembershipKind(Id(k)).value(), k);
  const auto bad = ParseMembershipKind("chairman");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rule, "membership.known");
}

}  // namespace
}  // namespace hoptac::domain
