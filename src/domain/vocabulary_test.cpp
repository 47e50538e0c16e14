#include "domain/vocabulary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace hoptac::domain {
namespace {

template <typename E>
using Parser = Result<E> (*)(std::string_view, std::string_view);

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Dashed(std::string s) {
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

bool HasNonAscii(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Checks every value of one vocabulary: ids are unique and parse back (also upper-cased, with
// '-' for '_' and surrounded by spaces); labels are non-empty.
template <typename E>
void ExpectRoundTrips(const std::vector<E>& values, Parser<E> parse) {
  std::set<std::string> ids;
  for (E v : values) {
    const std::string id = Id(v);
    ASSERT_FALSE(id.empty());
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    EXPECT_FALSE(std::string(Label(v)).empty()) << id;
    for (const std::string& text : {id, Upper(id), Dashed(id), " " + id + " "}) {
      auto parsed = parse(text, "f");
      ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().ToString();
      EXPECT_EQ(*parsed, v) << text;
    }
  }
}

TEST(Vocabulary, EveryValueRoundTripsThroughItsId) {
  ExpectRoundTrips<OrgKind>({OrgKind::kTHT, OrgKind::kHTX, OrgKind::kLHHTX, OrgKind::kQTDND},
                            ParseOrgKind);
  ExpectRoundTrips<Field>({Field::kAgriculture, Field::kNonAgriculture, Field::kCredit},
                          ParseField);
  ExpectRoundTrips<LegalStatus>({AllStatuses().begin(), AllStatuses().end()}, ParseStatus);
  ExpectRoundTrips<EventType>({AllEventTypes().begin(), AllEventTypes().end()}, ParseEventType);
  ExpectRoundTrips<DissolutionGround>(
      {DissolutionGround::kNotOperating12Months, DissolutionGround::kBelowMinimumMembers12Months,
       DissolutionGround::kNoGeneralMeeting18Months, DissolutionGround::kCertificateRevoked,
       DissolutionGround::kCourtDecision},
      ParseGround);
  ExpectRoundTrips<Rating>(
      {Rating::kGood, Rating::kFair, Rating::kAverage, Rating::kWeak, Rating::kNotRated},
      ParseRating);
}

TEST(Vocabulary, ListsEveryEventTypeStatusAndKindOnce) {
  EXPECT_EQ(AllEventTypes().size(), 20u);
  EXPECT_EQ(AllStatuses().size(), 8u);
  EXPECT_EQ(AllOrgKinds().size(), 4u);
  EXPECT_EQ(std::set<EventType>(AllEventTypes().begin(), AllEventTypes().end()).size(), 20u);
  EXPECT_EQ(std::set<LegalStatus>(AllStatuses().begin(), AllStatuses().end()).size(), 8u);
  EXPECT_EQ(std::set<OrgKind>(AllOrgKinds().begin(), AllOrgKinds().end()).size(), 4u);
}

TEST(Vocabulary, KnowsTheStableIdsUsedInFiles) {
  EXPECT_STREQ(Id(OrgKind::kQTDND), "QTDND");
  EXPECT_STREQ(Id(Field::kNonAgriculture), "non_agriculture");
  EXPECT_STREQ(Id(LegalStatus::kNotAtAddress), "not_at_address");
  EXPECT_STREQ(Id(EventType::kReregistered2012), "reregistered_2012");
  EXPECT_STREQ(Id(EventType::kCharterAmended2023), "charter_amended_2023");
  EXPECT_STREQ(Id(DissolutionGround::kCourtDecision), "court_decision");
  EXPECT_STREQ(Id(Rating::kAverage), "trung_binh");
  EXPECT_EQ(ParseOrgKind("htx").value(), OrgKind::kHTX);
  EXPECT_EQ(ParseEventType("Dissolved-Voluntary").value(), EventType::kDissolvedVoluntary);
}

TEST(Vocabulary, RejectsUnknownIdsListingTheAcceptedOnes) {
  auto kind = ParseOrgKind("cooperative", "kind");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(kind.error().field, "kind");
  EXPECT_EQ(kind.error().value, "cooperative");
  EXPECT_EQ(kind.error().rule, "kind.known");
  for (const char* id : {"THT", "HTX", "LHHTX", "QTDND"}) {
    EXPECT_NE(kind.error().message.find(id), std::string::npos) << id;
  }

  auto type = ParseEventType("closed", "type");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.error().field, "type");
  EXPECT_EQ(type.error().rule, "event_type.known");
  for (EventType t : AllEventTypes()) {
    EXPECT_NE(type.error().message.find(Id(t)), std::string::npos) << Id(t);
  }

  for (auto error : {ParseField("fishing").error(), ParseStatus("").error(),
                     ParseGround("tax_debt").error(), ParseRating("xuat_sac").error()}) {
    EXPECT_EQ(error.code, ErrorCode::kInvalid);
    EXPECT_FALSE(error.rule.empty());
  }
  EXPECT_NE(ParseRating("xuat_sac").error().message.find("chua_xep_loai"), std::string::npos);
}

TEST(Vocabulary, LabelsAreVietnamese) {
  EXPECT_STREQ(Label(OrgKind::kHTX), "Hợp tác xã");
  EXPECT_STREQ(Label(LegalStatus::kDissolved), "Đã giải thể");
  EXPECT_STREQ(Label(Rating::kGood), "Tốt");
  // Every label is written in Vietnamese, so every one of them carries diacritics.
  for (EventType t : AllEventTypes()) {
    EXPECT_TRUE(HasNonAscii(Label(t))) << Id(t) << ": " << Label(t);
  }
  for (LegalStatus s : AllStatuses()) {
    EXPECT_TRUE(HasNonAscii(Label(s))) << Id(s) << ": " << Label(s);
  }
  for (DissolutionGround g :
       {DissolutionGround::kNotOperating12Months, DissolutionGround::kBelowMinimumMembers12Months,
        DissolutionGround::kNoGeneralMeeting18Months, DissolutionGround::kCertificateRevoked,
        DissolutionGround::kCourtDecision}) {
    EXPECT_TRUE(HasNonAscii(Label(g))) << Id(g);
  }
}

TEST(Vocabulary, ActiveAndTerminalStatusesAreDisjoint) {
  int active = 0, terminal = 0;
  for (LegalStatus s : AllStatuses()) {
    EXPECT_FALSE(IsActive(s) && IsTerminal(s)) << Id(s);
    active += IsActive(s);
    terminal += IsTerminal(s);
  }
  EXPECT_EQ(active, 3);
  EXPECT_EQ(terminal, 4);
  EXPECT_FALSE(IsActive(LegalStatus::kDissolving));
  EXPECT_FALSE(IsTerminal(LegalStatus::kDissolving));
}

}  // namespace
}  // namespace hoptac::domain
