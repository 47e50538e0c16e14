#include "domain/conversion.hpp"

namespace hoptac::domain {

const char* Id(Conversion c) {
  switch (c) {
    case Conversion::kNotRequired:
      return "not_required";
    case Conversion::kConverted:
      return "converted";
    case Conversion::kDissolvedVoluntary:
      return "dissolved_voluntary";
    case Conversion::kDissolvedForced:
      return "dissolved_forced";
    case Conversion::kEndedOtherwise:
      return "ended_otherwise";
    case Conversion::kPending:
      return "pending";
  }
  return "pending";
}

const char* Label(Conversion c) {
  switch (c) {
    case Conversion::kNotRequired:
      return "Không thuộc diện chuyển đổi";
    case Conversion::kConverted:
      return "Đã chuyển đổi";
    case Conversion::kDissolvedVoluntary:
      return "Giải thể tự nguyện";
    case Conversion::kDissolvedForced:
      return "Giải thể bắt buộc";
    case Conversion::kEndedOtherwise:
      return "Chấm dứt khác";
    case Conversion::kPending:
      return "Chưa chuyển đổi";
  }
  return "";
}

bool ConversionRequired(const OrgState& s) {
  if (!s.exists || s.kind == OrgKind::kTHT) return false;
  if (s.founded_on >= Law2012InForce()) return false;
  return !(s.ended_on && *s.ended_on < Law2012InForce());
}

Conversion ConversionAsOf(const OrgState& s) {
  if (!ConversionRequired(s)) return Conversion::kNotRequired;
  if (s.reregistered_2012_on) return Conversion::kConverted;
  if (!s.ended_on) return Conversion::kPending;
  switch (*s.ended_by) {
    case EventType::kDissolvedVoluntary:
      return Conversion::kDissolvedVoluntary;
    case EventType::kDissolvedForced:
      return Conversion::kDissolvedForced;
    default:
      return Conversion::kEndedOtherwise;
  }
}

}  // namespace hoptac::domain
