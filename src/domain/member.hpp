#pragma once
// The member register (sổ đăng ký thành viên, 2012 law Art. 25; domain.md §1.4, §8.1): who is a
// member of an organisation, since when and until when, in which kind of membership, and the
// capital they contributed with its contribution certificate.
//
// A member is named within its organisation by its number in the register (`member_no`). Each
// save of a member is a new revision (recorded_at), like yearly figures: the register as known at
// R holds, per member number, the latest revision recorded by R. Leaving is a revision with
// `left_on`. Member counts in yearly figures are self-reported and independent of this register.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/result.hpp"
#include "domain/event.hpp"

namespace hoptac::domain {

struct OrgState;

// Who the member is.
enum class MemberType {
  kIndividual,   // cá nhân
  kHousehold,    // hộ gia đình, through its representative
  kLegalEntity,  // pháp nhân
  kCooperative,  // a member HTX of a cooperative union (LHHTX)
};

// The kind of membership: the 2012 law's single kind, the 2023 law's official members (a, b, c
// of Art. 4 cl. 17, or unspecified) and associate members with or without capital.
enum class MembershipKind {
  kMember2012,
  kOfficial,
  kOfficialA,  // contributes capital and uses products or services
  kOfficialB,  // contributes capital and labour
  kOfficialC,  // contributes capital, uses products or services and labour
  kAssociateCapital,
  kAssociate,  // contributes no capital
};

const char* Id(MemberType v);      // "individual", "household", "legal_entity", "cooperative"
const char* Id(MembershipKind v);  // "member_2012", "official", "official_a", ...
const char* Label(MemberType v);   // Vietnamese
const char* Label(MembershipKind v);
Result<MemberType> ParseMemberType(std::string_view s, std::string_view field = "member_type");
Result<MembershipKind> ParseMembershipKind(std::string_view s,
                                           std::string_view field = "membership");
std::span<const MemberType> AllMemberTypes();
std::span<const MembershipKind> AllMembershipKinds();

struct Member {
  OrgId org_id = 0;
  std::string member_no;  // number in the register; unique within the organisation
  MemberType type = MemberType::kIndividual;
  MembershipKind kind = MembershipKind::kMember2012;
  std::string name;            // full name, or the legal entity's or member HTX's name
  std::string representative;  // household head or legal representative ("" for individuals)
  std::string id_number;       // CCCD / CMND / passport, or registration number or decision
  std::string nationality;     // "" when not recorded
  std::string address;         // permanent address, or head office
  Date joined_on;
  std::optional<Date> left_on;  // a member on D when joined_on <= D < left_on
  std::string left_reason;
  std::optional<Money> capital;        // contributed capital, in total
  std::optional<Date> capital_date;    // when it was contributed (the latest contribution)
  std::string capital_certificate_no;  // giấy chứng nhận vốn góp
  std::optional<Date> capital_certificate_date;
  std::string note;
  Timestamp recorded_at;
  std::string recorded_by;
};

// True when two revisions hold the same facts (everything but the recording).
bool SameMember(const Member& a, const Member& b);

// Checks one revision of a member. `org` is the organisation with its kind; `at_capital` the
// organisation folded on the capital's date (for the caps on one member's share of the charter
// capital), `at_join` folded on the joining date. Rules (kInvalid naming the field and the rule):
// member_no and name required; no date in the future; left_on not before joined_on, a leaving
// reason only with left_on; no joining after the organisation ended; the capital not negative,
// contributed on or after joining, its certificate dated on or after the contribution; an
// associate without capital contributes none; a member HTX only in a cooperative union; a
// member's capital within the cap of its time (domain.md §1.2): from 2024-07-01 at most 30% of
// an HTX's and 40% of an LHHTX's charter capital, before that at most 20% for a legal entity —
// checked when the charter capital on that date is known.
Status ValidateMember(const Member& m, const OrgState& at_join, const OrgState& at_capital,
                      Date today);

// The register as known at `known_at`: the latest revision of each member recorded by then, in
// member-number order.
std::vector<Member> MembersAsKnown(const std::vector<Member>& revisions, Timestamp known_at);

// Whether the member belonged to the organisation on `d` (joined_on <= d < left_on).
bool IsMemberOn(const Member& m, Date d);

}  // namespace hoptac::domain
