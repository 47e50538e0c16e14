#include "domain/vocabulary.hpp"

#include <array>
#include <string>

namespace hoptac::domain {
namespace {

template <typename E>
struct Entry {
  E value;
  const char* id;
  const char* label;
};

constexpr std::array<Entry<OrgKind>, 4> kKinds{{
    {OrgKind::kTHT, "THT", "Tổ hợp tác"},
    {OrgKind::kHTX, "HTX", "Hợp tác xã"},
    {OrgKind::kLHHTX, "LHHTX", "Liên hiệp hợp tác xã"},
    {OrgKind::kQTDND, "QTDND", "Quỹ tín dụng nhân dân"},
}};

constexpr std::array<Entry<Field>, 3> kFields{{
    {Field::kAgriculture, "agriculture", "Nông nghiệp"},
    {Field::kNonAgriculture, "non_agriculture", "Phi nông nghiệp"},
    {Field::kCredit, "credit", "Tín dụng"},
}};

constexpr std::array<Entry<LegalStatus>, 8> kStatuses{{
    {LegalStatus::kOperating, "operating", "Đang hoạt động"},
    {LegalStatus::kSuspended, "suspended", "Tạm ngừng kinh doanh"},
    {LegalStatus::kNotAtAddress, "not_at_address", "Không hoạt động tại địa chỉ đã đăng ký"},
    {LegalStatus::kDissolving, "dissolving", "Đang làm thủ tục giải thể"},
    {LegalStatus::kDissolved, "dissolved", "Đã giải thể"},
    {LegalStatus::kEndedByReorganisation, "ended_by_reorganisation", "Chấm dứt do tổ chức lại"},
    {LegalStatus::kBankrupt, "bankrupt", "Phá sản"},
    {LegalStatus::kConvertedToEnterprise, "converted_to_enterprise", "Chuyển thành doanh nghiệp"},
}};

constexpr std::array<Entry<EventType>, 20> kEventTypes{{
    {EventType::kFounded, "founded", "Thành lập"},
    {EventType::kRegistered, "registered", "Đăng ký"},
    {EventType::kReregistered2012, "reregistered_2012", "Đăng ký lại theo Luật HTX 2012"},
    {EventType::kAmended, "amended", "Thay đổi nội dung đăng ký"},
    {EventType::kRelocated, "relocated", "Chuyển trụ sở"},
    {EventType::kSuspended, "suspended", "Tạm ngừng kinh doanh"},
    {EventType::kResumed, "resumed", "Hoạt động trở lại"},
    {EventType::kFlaggedNotAtAddress, "flagged_not_at_address",
     "Không hoạt động tại địa chỉ đã đăng ký"},
    {EventType::kClearedNotAtAddress, "cleared_not_at_address",
     "Chấm dứt tình trạng không hoạt động tại địa chỉ"},
    {EventType::kDissolutionStarted, "dissolution_started", "Bắt đầu thủ tục giải thể"},
    {EventType::kDissolvedVoluntary, "dissolved_voluntary", "Giải thể tự nguyện"},
    {EventType::kDissolvedForced, "dissolved_forced", "Giải thể bắt buộc"},
    {EventType::kCertificateRevoked, "certificate_revoked", "Thu hồi giấy chứng nhận đăng ký"},
    {EventType::kMergedInto, "merged_into", "Sáp nhập vào"},
    {EventType::kConsolidatedInto, "consolidated_into", "Hợp nhất thành"},
    {EventType::kDividedInto, "divided_into", "Chia thành"},
    {EventType::kSeparatedFrom, "separated_from", "Tách từ"},
    {EventType::kBankrupt, "bankrupt", "Phá sản"},
    {EventType::kConvertedToEnterprise, "converted_to_enterprise", "Chuyển thành doanh nghiệp"},
    {EventType::kCharterAmended2023, "charter_amended_2023", "Sửa đổi điều lệ theo Luật HTX 2023"},
}};

constexpr std::array<Entry<DissolutionGround>, 5> kGrounds{{
    {DissolutionGround::kNotOperating12Months, "not_operating_12_months",
     "Không hoạt động trong 12 tháng liên tục"},
    {DissolutionGround::kBelowMinimumMembers12Months, "below_minimum_members_12_months",
     "Không đủ số lượng thành viên tối thiểu trong 12 tháng liên tục"},
    {DissolutionGround::kNoGeneralMeeting18Months, "no_general_meeting_18_months",
     "Không tổ chức được đại hội thành viên thường niên trong 18 tháng liên tục"},
    {DissolutionGround::kCertificateRevoked, "certificate_revoked",
     "Bị thu hồi giấy chứng nhận đăng ký"},
    {DissolutionGround::kCourtDecision, "court_decision", "Theo quyết định của Tòa án"},
}};

constexpr std::array<Entry<Rating>, 5> kRatings{{
    {Rating::kGood, "tot", "Tốt"},
    {Rating::kFair, "kha", "Khá"},
    {Rating::kAverage, "trung_binh", "Trung bình"},
    {Rating::kWeak, "yeu", "Yếu"},
    {Rating::kNotRated, "chua_xep_loai", "Chưa xếp loại"},
}};

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
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x == '-') x = '_';
    if (y == '-') y = '_';
    if (x != y) return false;
  }
  return true;
}

template <typename E, size_t N>
Result<E> Parse(const std::array<Entry<E>, N>& table, std::string_view s, std::string_view field,
                const char* what) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  for (const auto& e : table) {
    if (EqualsIgnoreCase(s, e.id)) return e.value;
  }
  std::string accepted;
  for (const auto& e : table) {
    if (!accepted.empty()) accepted += ", ";
    accepted += e.id;
  }
  return Error::Invalid(std::string(field), std::string(s),
                        std::string("unknown ") + what + "; expected one of: " + accepted,
                        std::string(what) + ".known");
}

template <typename E, size_t N>
std::array<E, N> Values(const std::array<Entry<E>, N>& table) {
  std::array<E, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = table[i].value;
  return out;
}

}  // namespace

const char* Id(OrgKind v) { return Find(kKinds, v).id; }
const char* Id(Field v) { return Find(kFields, v).id; }
const char* Id(LegalStatus v) { return Find(kStatuses, v).id; }
const char* Id(EventType v) { return Find(kEventTypes, v).id; }
const char* Id(DissolutionGround v) { return Find(kGrounds, v).id; }
const char* Id(Rating v) { return Find(kRatings, v).id; }
const char* Label(OrgKind v) { return Find(kKinds, v).label; }
const char* Label(Field v) { return Find(kFields, v).label; }
const char* Label(LegalStatus v) { return Find(kStatuses, v).label; }
const char* Label(EventType v) { return Find(kEventTypes, v).label; }
const char* Label(DissolutionGround v) { return Find(kGrounds, v).label; }
const char* Label(Rating v) { return Find(kRatings, v).label; }

Result<OrgKind> ParseOrgKind(std::string_view s, std::string_view f) {
  return Parse(kKinds, s, f, "kind");
}
Result<Field> ParseField(std::string_view s, std::string_view f) {
  return Parse(kFields, s, f, "field");
}
Result<LegalStatus> ParseStatus(std::string_view s, std::string_view f) {
  return Parse(kStatuses, s, f, "status");
}
Result<EventType> ParseEventType(std::string_view s, std::string_view f) {
  return Parse(kEventTypes, s, f, "event_type");
}
Result<DissolutionGround> ParseGround(std::string_view s, std::string_view f) {
  return Parse(kGrounds, s, f, "ground");
}
Result<Rating> ParseRating(std::string_view s, std::string_view f) {
  return Parse(kRatings, s, f, "rating");
}

std::span<const EventType> AllEventTypes() {
  static const auto kAll = Values(kEventTypes);
  return kAll;
}
std::span<const LegalStatus> AllStatuses() {
  static const auto kAll = Values(kStatuses);
  return kAll;
}
std::span<const OrgKind> AllOrgKinds() {
  static const auto kAll = Values(kKinds);
  return kAll;
}

}  // namespace hoptac::domain
