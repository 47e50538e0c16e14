#pragma once
// The closed vocabularies of the registry: kinds of organisation, fields, legal statuses, event
// types, dissolution grounds and ratings. Each has a stable id (used in files, the API and the
// database) and a Vietnamese label (used in the UI and in Excel headings).

#include <span>
#include <string_view>

#include "base/result.hpp"

namespace hoptac::domain {

enum class OrgKind { kTHT, kHTX, kLHHTX, kQTDND };
enum class Field { kAgriculture, kNonAgriculture, kCredit };

// Legal status (domain.md §1.5, §8.2). The Alliance's assessment is kept apart (ratings).
enum class LegalStatus {
  kOperating,              // dang_hoat_dong
  kSuspended,              // tam_ngung
  kNotAtAddress,           // khong_hoat_dong_tai_dia_chi_dang_ky
  kDissolving,             // dang_lam_thu_tuc_giai_the
  kDissolved,              // da_giai_the
  kEndedByReorganisation,  // cham_dung_do_to_chuc_lai
  kBankrupt,               // pha_san
  kConvertedToEnterprise,  // chuyen_thanh_doanh_nghiep
};

enum class EventType {
  kFounded,
  kRegistered,
  kReregistered2012,
  kAmended,
  kRelocated,
  kSuspended,
  kResumed,
  kFlaggedNotAtAddress,
  kClearedNotAtAddress,
  kDissolutionStarted,
  kDissolvedVoluntary,
  kDissolvedForced,
  kCertificateRevoked,
  kMergedInto,
  kConsolidatedInto,
  kDividedInto,
  kSeparatedFrom,
  kBankrupt,
  kConvertedToEnterprise,
  kCharterAmended2023,
};

// Grounds for forced dissolution under the 2012 law, Art. 54 cl. 2 (domain.md §1.5).
enum class DissolutionGround {
  kNotOperating12Months,
  kBelowMinimumMembers12Months,
  kNoGeneralMeeting18Months,
  kCertificateRevoked,
  kCourtDecision,
};

enum class Rating { kGood, kFair, kAverage, kWeak, kNotRated };

const char* Id(OrgKind v);      // "THT", "HTX", "LHHTX", "QTDND"
const char* Id(Field v);        // "agriculture", "non_agriculture", "credit"
const char* Id(LegalStatus v);  // "operating", "suspended", ...
const char* Id(EventType v);    // "founded", "reregistered_2012", ...
const char* Id(DissolutionGround v);
const char* Id(Rating v);      // "tot", "kha", "trung_binh", "yeu", "chua_xep_loai"
const char* Label(OrgKind v);  // Vietnamese
const char* Label(Field v);
const char* Label(LegalStatus v);
const char* Label(EventType v);
const char* Label(DissolutionGround v);
const char* Label(Rating v);

// Parse an id (case-insensitive); kInvalid naming `field`, the value and the accepted ids.
Result<OrgKind> ParseOrgKind(std::string_view s, std::string_view field = "kind");
Result<Field> ParseField(std::string_view s, std::string_view field = "field");
Result<LegalStatus> ParseStatus(std::string_view s, std::string_view field = "status");
Result<EventType> ParseEventType(std::string_view s, std::string_view field = "event_type");
Result<DissolutionGround> ParseGround(std::string_view s, std::string_view field = "ground");
Result<Rating> ParseRating(std::string_view s, std::string_view field = "rating");

std::span<const EventType> AllEventTypes();
std::span<const LegalStatus> AllStatuses();
std::span<const OrgKind> AllOrgKinds();

// Operating, suspended or not at its address: the organisation legally exists and works.
constexpr bool IsActive(LegalStatus s) {
  return s == LegalStatus::kOperating || s == LegalStatus::kSuspended ||
         s == LegalStatus::kNotAtAddress;
}
// Dissolved, ended by reorganisation, bankrupt or converted: nothing can happen after it.
constexpr bool IsTerminal(LegalStatus s) {
  return s == LegalStatus::kDissolved || s == LegalStatus::kEndedByReorganisation ||
         s == LegalStatus::kBankrupt || s == LegalStatus::kConvertedToEnterprise;
}

}  // namespace hoptac::domain
