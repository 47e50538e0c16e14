#include "domain/member.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "domain/lifecycle.hpp"

namespace hoptac::domain {
namespace {

template <typename E>
struct Entry {
  E value;
  const char* id;
  const char* label;
};

constexpr std::array<Entry<MemberType>, 4> kTypes{{
    {MemberType::kIndividual, "individual", "Cá nhân"},
    {MemberType::kHousehold, "household", "Hộ gia đình"},
    {MemberType::kLegalEntity, "legal_entity", "Pháp nhân"},
    {MemberType::kCooperative, "cooperative", "Hợp tác xã thành viên"},
}};

constexpr std::array<Entry<MembershipKind>, 7> kKinds{{
    {MembershipKind::kMember2012, "member_2012", "Thành viên theo Luật HTX 2012"},
    {MembershipKind::kOfficial, "official", "Thành viên chính thức"},
    {MembershipKind::kOfficialA, "official_a",
     "Thành viên chính thức góp vốn và sử dụng sản phẩm, dịch vụ"},
    {MembershipKind::kOfficialB, "official_b", "Thành viên chính thức góp vốn và góp sức lao động"},
    {MembershipKind::kOfficialC, "official_c",
     "Thành viên chính thức góp vốn, sử dụng sản phẩm, dịch vụ và góp sức lao động"},
    {MembershipKind::kAssociateCapital, "associate_capital", "Thành viên liên kết góp vốn"},
    {MembershipKind::kAssociate, "associate", "Thành viên liên kết không góp vốn"},
}};

constexpr std::array<MemberType, 4> kAllTypes{MemberType::kIndividual, MemberType::kHousehold,
                                              MemberType::kLegalEntity, MemberType::kCooperative};
constexpr std::array<MembershipKind, 7> kAllKinds{
    MembershipKind::kMember2012, MembershipKind::kOfficial,  MembershipKind::kOfficialA,
    MembershipKind::kOfficialB,  MembershipKind::kOfficialC, MembershipKind::kAssociateCapital,
    MembershipKind::kAssociate};

template <typename E, size_t N>
const Entry<E>& Find(const std::array<Entry<E>, N>& table, E v) {
  for (const auto& e : table) {
    if (e.value == v) return e;
  }
  return table[0];
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <typename E, size_t N>
Result<E> ParseId(const std::array<Entry<E>, N>& table, std::string_view s,
                  std::string_view field) {
  std::string ids;
  for (const auto& e : table) {
    if (EqualsIgnoreCase(s, e.id)) return e.value;
    if (!ids.empty()) ids.append(", ");
    ids.append(e.id);
  }
  std::string f(field);
  return Error::Invalid(f, std::string(s), "expected one of: " + ids, f + ".known");
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Register order: numbers by value ("2" before "10"), other numbers as text.
bool MemberNoLess(const std::string& a, const std::string& b) {
  if (AllDigits(a) && AllDigits(b) && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

Status Fail(const char* field, std::string value, std::string message, const char* rule) {
  return Error::Invalid(field, std::move(value), std::move(message), rule);
}

// The cap on one member's capital on `d`, in percent of the charter capital, or 0 for none.
int CapPercent(OrgKind kind, MemberType type, Date d) {
  if (d >= Law2023InForce()) {
    if (kind == OrgKind::kHTX) return 30;
    if (kind == OrgKind::kLHHTX) return 40;
    return 0;
  }
  if (type == MemberType::kLegalEntity && (kind == OrgKind::kHTX || kind == OrgKind::kLHHTX)) {
    return 20;
  }
  return 0;
}

}  // namespace

const char* Id(MemberType v) { return Find(kTypes, v).id; }
const char* Id(MembershipKind v) { return Find(kKinds, v).id; }
const char* Label(MemberType v) { return Find(kTypes, v).label; }
const char* Label(MembershipKind v) { return Find(kKinds, v).label; }
Result<MemberType> ParseMemberType(std::string_view s, std::string_view field) {
  return ParseId(kTypes, s, field);
}
Result<MembershipKind> ParseMembershipKind(std::string_view s, std::string_view field) {
  return ParseId(kKinds, s, field);
}
std::span<const MemberType> AllMemberTypes() { return kAllTypes; }
std::span<const MembershipKind> AllMembershipKinds() { return kAllKinds; }

bool SameMember(const Member& a, const Member& b) {
  return a.member_no == b.member_no && a.type == b.type && a.kind == b.kind && a.name == b.name &&
         a.representative == b.representative && a.id_number == b.id_number &&
         a.nationality == b.nationality && a.address == b.address && a.joined_on == b.joined_on &&
         a.left_on == b.left_on && a.left_reason == b.left_reason && a.capital == b.capital &&
         a.capital_date == b.capital_date && a.capital_certificate_no == b.capital_certificate_no &&
         a.capital_certificate_date == b.capital_certificate_date && a.note == b.note;
}

Status ValidateMember(const Member& m, const OrgState& at_join, const OrgState& at_capital,
                      Date today) {
  if (m.member_no.empty()) {
    return Fail("member_no", "", "a member is named by its number in the register",
                "member.member_no_required");
  }
  if (m.member_no.size() > 64) {
    return Fail("member_no", m.member_no, "a member number has at most 64 characters",
                "member.member_no_length");
  }
  if (m.name.empty())
    return Fail("name", "", "the member's name is required", "member.name_required");
  if (m.joined_on > today) {
    return Fail("joined_on", m.joined_on.ToString(), "a member cannot join in the future",
                "member.joined_future");
  }
  if (at_join.ended_on && m.joined_on > *at_join.ended_on) {
    return Fail("joined_on", m.joined_on.ToString(),
                "the organisation ended on " + at_join.ended_on->ToString(),
                "member.joined_after_end");
  }
  if (m.left_on) {
    if (*m.left_on < m.joined_on) {
      return Fail("left_on", m.left_on->ToString(),
                  "a member cannot leave before joining (" + m.joined_on.ToString() + ")",
                  "member.left_before_joined");
    }
    if (*m.left_on > today) {
      return Fail("left_on", m.left_on->ToString(), "a member cannot leave in the future",
                  "member.left_future");
    }
  } else if (!m.left_reason.empty()) {
    return Fail("left_reason", m.left_reason, "a reason for leaving needs the date of leaving",
                "member.reason_without_leaving");
  }
  if (m.type == MemberType::kCooperative && at_join.kind != OrgKind::kLHHTX) {
    return Fail("member_type", Id(m.type), "member cooperatives belong to cooperative unions",
                "member.cooperative_in_union");
  }
  if (m.capital) {
    if (m.capital->vnd() < 0) {
      return Fail("capital", m.capital->ToString(), "must not be negative", "capital.non_negative");
    }
    if (m.kind == MembershipKind::kAssociate && m.capital->vnd() > 0) {
      return Fail("capital", m.capital->ToString(),
                  "an associate member without capital contributes none; use associate_capital",
                  "member.associate_no_capital");
    }
  }
  if (m.capital_date) {
    if (*m.capital_date < m.joined_on) {
      return Fail("capital_date", m.capital_date->ToString(),
                  "capital is contributed on or after joining (" + m.joined_on.ToString() + ")",
                  "member.capital_before_joined");
    }
    if (*m.capital_date > today) {
      return Fail("capital_date", m.capital_date->ToString(),
                  "capital cannot be contributed in the future", "member.capital_future");
    }
  }
  if (m.capital_certificate_date) {
    const Date contributed = m.capital_date.value_or(m.joined_on);
    if (*m.capital_certificate_date < contributed) {
      return Fail(
          "capital_certificate_date", m.capital_certificate_date->ToString(),
          "the certificate is issued on or after the contribution (" + contributed.ToString() + ")",
          "member.certificate_before_capital");
    }
    if (*m.capital_certificate_date > today) {
      return Fail("capital_certificate_date", m.capital_certificate_date->ToString(),
                  "a certificate cannot be issued in the future", "member.certificate_future");
    }
  }
  if (m.capital && at_capital.charter_capital && at_capital.charter_capital->vnd() > 0) {
    const Date on = m.capital_date.value_or(m.joined_on);
    const int cap = CapPercent(at_capital.kind, m.type, on);
    const int64_t charter = at_capital.charter_capital->vnd();
    // capital > charter * cap / 100, without overflow for amounts up to 9e15.
    const int64_t allowed = charter / 100 * cap + charter % 100 * cap / 100;
    if (cap > 0 && m.capital->vnd() > allowed) {
      return Fail("capital", m.capital->ToString(),
                  "one member may hold at most " + std::to_string(cap) +
                      "% of the charter capital (" + std::to_string(charter) + " on " +
                      on.ToString() + ")",
                  "member.capital_cap");
    }
  }
  return OkStatus();
}

std::vector<Member> MembersAsKnown(const std::vector<Member>& revisions, Timestamp known_at) {
  std::map<std::string, const Member*> latest;
  for (const Member& m : revisions) {
    if (m.recorded_at > known_at) continue;
    auto& slot = latest[m.member_no];
    if (slot == nullptr || slot->recorded_at <= m.recorded_at) slot = &m;
  }
  std::vector<Member> out;
  out.reserve(latest.size());
  for (const auto& [no, m] : latest) out.push_back(*m);
  std::stable_sort(out.begin(), out.end(), [](const Member& a, const Member& b) {
    return MemberNoLess(a.member_no, b.member_no);
  });
  return out;
}

bool IsMemberOn(const Member& m, Date d) {
  return m.joined_on <= d && (!m.left_on || d < *m.left_on);
}

}  // namespace hoptac::domain
