#include "domain/alliance.hpp"

#include <array>

namespace hoptac::domain {
namespace {

constexpr std::array<ActivityType, 9> kActivityTypes{{
    {"consulting", "Tư vấn"},
    {"support", "Hỗ trợ"},
    {"training", "Đào tạo, tập huấn"},
    {"trade_promotion", "Xúc tiến thương mại, hội chợ"},
    {"contest", "Cuộc thi"},
    {"communication", "Tuyên truyền"},
    {"model_replication", "Hỗ trợ nhân rộng mô hình"},
    {"fund_loan", "Cho vay Quỹ hỗ trợ phát triển HTX"},
    {"other", "Khác"},
}};

constexpr std::array<IndicatorInfo, 8> kIndicators{{
    {"converted_or_dissolved_pending",
     "Số HTX chuyển đổi hoặc giải thể trong số phải chuyển đổi theo Luật HTX 2012", false},
    {"founded_cooperatives", "Số HTX thành lập mới", false},
    {"founded_groups", "Số tổ hợp tác thành lập mới", false},
    {"rated_fair_or_good", "Số HTX xếp loại khá, tốt", false},
    {"pilot_communes_13_1", "Số xã điểm nông thôn mới đạt tiêu chí 13.1", false},
    {"activities_of_type", "Số hoạt động đã tổ chức theo loại", true},
    {"inspections_held", "Số cuộc kiểm tra, giám sát đã tiến hành", false},
    {"recommendations_done", "Số kiến nghị sau kiểm tra đã thực hiện", false},
}};

constexpr size_t kMaxText = 20000;
constexpr size_t kMaxShort = 500;
constexpr int64_t kMaxCount = 1'000'000'000;

std::string At(std::string_view list, size_t i, std::string_view field) {
  std::string out(list);
  out.append("[").append(std::to_string(i + 1)).append("]");
  if (!field.empty()) out.append(".").append(field);
  return out;
}

Status Required(std::string_view field, const std::string& v, std::string_view what) {
  if (v.empty()) {
    return Error::Invalid(std::string(field), v, std::string(what) + " is required",
                          std::string(field) + ".required");
  }
  return OkStatus();
}

Status Length(std::string_view field, const std::string& v, size_t max) {
  if (v.size() > max) {
    return Error::Invalid(std::string(field), v.substr(0, 40) + "…",
                          "longer than " + std::to_string(max) + " bytes",
                          std::string(field) + ".length");
  }
  return OkStatus();
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Status UnitCode(std::string_view field, const std::string& code) {
  if (!code.empty() && (!IsDigits(code) || code.size() > 5)) {
    return Error::Invalid(std::string(field), code, "an administrative unit code is 2 to 5 digits",
                          "unit.code");
  }
  return OkStatus();
}

Status OrgCode(std::string_view field, const std::string& code) {
  if (!IsDigits(code) || code.size() < 8 || code.size() > 14) {
    return Error::Invalid(std::string(field), code, "a registry code (mã số HTX) is 8 to 14 digits",
                          "org.code");
  }
  return OkStatus();
}

bool HasControl(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20) return true;
  }
  return false;
}

}  // namespace

std::span<const ActivityType> ActivityTypes() { return kActivityTypes; }

const ActivityType* FindActivityType(std::string_view id) {
  for (const ActivityType& t : kActivityTypes) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::span<const IndicatorInfo> Indicators() { return kIndicators; }

const IndicatorInfo* FindIndicator(std::string_view id) {
  for (const IndicatorInfo& i : kIndicators) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

Status ValidateActivity(const Activity& a) {
  if (FindActivityType(a.type) == nullptr) {
    std::string known;
    for (const ActivityType& t : kActivityTypes) {
      if (!known.empty()) known += ", ";
      known += t.id;
    }
    return Error::Invalid("type", a.type, "not an activity type; types: " + known, "activity.type");
  }
  HOPTAC_RETURN_IF_ERROR(Required("title", a.title, "the title"));
  HOPTAC_RETURN_IF_ERROR(Length("title", a.title, kMaxShort));
  if (a.end_date < a.start_date) {
    return Error::Invalid("end_date", a.end_date.ToString(),
                          "ends before it starts (" + a.start_date.ToString() + ")",
                          "activity.dates");
  }
  HOPTAC_RETURN_IF_ERROR(UnitCode("unit_code", a.unit_code));
  for (size_t i = 0; i < a.org_codes.size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(OrgCode(At("org_codes", i, ""), a.org_codes[i]));
    for (size_t j = 0; j < i; ++j) {
      if (a.org_codes[j] == a.org_codes[i]) {
        return Error::Invalid(At("org_codes", i, ""), a.org_codes[i], "listed twice",
                              "activity.org_codes.unique");
      }
    }
  }
  if (a.participants < 0 || a.participants > kMaxCount) {
    return Error::Invalid("participants", std::to_string(a.participants), "must be a count from 0",
                          "activity.participants");
  }
  HOPTAC_RETURN_IF_ERROR(Length("staff", a.staff, kMaxShort));
  HOPTAC_RETURN_IF_ERROR(Length("funding_source", a.funding_source, kMaxShort));
  if (a.funding_amount && a.funding_amount->vnd() < 0) {
    return Error::Invalid("funding_amount", a.funding_amount->ToString(),
                          "the amount cannot be negative", "funding_amount.non_negative");
  }
  if (a.funding_amount && a.funding_amount->vnd() > 0 && a.funding_source.empty()) {
    return Error::Invalid("funding_source", "", "an amount needs its source of funding",
                          "activity.funding_source");
  }
  HOPTAC_RETURN_IF_ERROR(Length("outcome", a.outcome, kMaxText));
  for (size_t i = 0; i < a.documents.size(); ++i) {
    const std::string field = At("documents", i, "");
    HOPTAC_RETURN_IF_ERROR(Required(field, a.documents[i], "the link"));
    HOPTAC_RETURN_IF_ERROR(Length(field, a.documents[i], kMaxShort));
    if (HasControl(a.documents[i]) || a.documents[i].starts_with("javascript:")) {
      return Error::Invalid(field, a.documents[i], "not a link or a document reference",
                            "activity.documents");
    }
  }
  return OkStatus();
}

const char* FollowUpId(FollowUp f) { return f == FollowUp::kDone ? "done" : "open"; }

Result<FollowUp> ParseFollowUp(std::string_view text, std::string_view field) {
  if (text == "open") return FollowUp::kOpen;
  if (text == "done") return FollowUp::kDone;
  return Error::Invalid(std::string(field), std::string(text), "expected open or done",
                        "follow_up.status");
}

const char* FollowUpStateId(FollowUpState s) {
  switch (s) {
    case FollowUpState::kDone:
      return "done";
    case FollowUpState::kOverdue:
      return "overdue";
    case FollowUpState::kOpen:
      break;
  }
  return "open";
}

const char* FollowUpStateLabel(FollowUpState s) {
  switch (s) {
    case FollowUpState::kDone:
      return "Đã thực hiện";
    case FollowUpState::kOverdue:
      return "Quá hạn";
    case FollowUpState::kOpen:
      break;
  }
  return "Đang theo dõi";
}

FollowUpState StateOf(const Recommendation& r, Date as_of) {
  if (r.status == FollowUp::kDone) return FollowUpState::kDone;
  if (r.deadline && *r.deadline < as_of) return FollowUpState::kOverdue;
  return FollowUpState::kOpen;
}

Status ValidateFollowUp(const Inspection& i, const Recommendation& r) {
  if (r.status == FollowUp::kDone) {
    if (!r.done_on) {
      return Error::Invalid("done_on", "", "a recommendation done needs the day it was done",
                            "follow_up.done_on");
    }
    const Date from = i.held_date.value_or(i.planned_date);
    if (*r.done_on < from) {
      return Error::Invalid("done_on", r.done_on->ToString(),
                            "before the inspection (" + from.ToString() + ")", "follow_up.done_on");
    }
  } else if (r.done_on) {
    return Error::Invalid("done_on", r.done_on->ToString(),
                          "an open recommendation has no day done", "follow_up.done_on");
  }
  return Length("follow_up_note", r.follow_up_note, kMaxText);
}

Status ValidateInspection(const Inspection& i) {
  HOPTAC_RETURN_IF_ERROR(Required("subject", i.subject, "the subject"));
  HOPTAC_RETURN_IF_ERROR(Length("subject", i.subject, kMaxShort));
  HOPTAC_RETURN_IF_ERROR(Length("team", i.team, kMaxShort));
  if (i.held_date && *i.held_date < i.planned_date.AddDays(-366)) {
    return Error::Invalid(
        "held_date", i.held_date->ToString(),
        "more than a year before the planned date (" + i.planned_date.ToString() + ")",
        "inspection.dates");
  }
  if (!i.org_code.empty()) HOPTAC_RETURN_IF_ERROR(OrgCode("org_code", i.org_code));
  HOPTAC_RETURN_IF_ERROR(UnitCode("unit_code", i.unit_code));
  for (size_t k = 0; k < i.findings.size(); ++k) {
    const std::string field = At("findings", k, "");
    HOPTAC_RETURN_IF_ERROR(Required(field, i.findings[k], "the finding"));
    HOPTAC_RETURN_IF_ERROR(Length(field, i.findings[k], kMaxText));
  }
  if ((!i.findings.empty() || !i.recommendations.empty()) && !i.held_date) {
    return Error::Invalid("held_date", "", "findings and recommendations need the day it was held",
                          "inspection.held_date");
  }
  for (size_t k = 0; k < i.recommendations.size(); ++k) {
    const Recommendation& r = i.recommendations[k];
    HOPTAC_RETURN_IF_ERROR(Required(At("recommendations", k, "text"), r.text, "the text"));
    HOPTAC_RETURN_IF_ERROR(Length(At("recommendations", k, "text"), r.text, kMaxText));
    if (r.deadline && i.held_date && *r.deadline < *i.held_date) {
      return Error::Invalid(At("recommendations", k, "deadline"), r.deadline->ToString(),
                            "before the inspection was held (" + i.held_date->ToString() + ")",
                            "recommendation.deadline");
    }
    auto s = ValidateFollowUp(i, r);
    if (!s.ok()) {
      Error e = s.take_error();
      e.field = At("recommendations", k, e.field);
      return e;
    }
  }
  for (size_t k = 0; k < i.event_ids.size(); ++k) {
    if (i.event_ids[k] <= 0) {
      return Error::Invalid(At("event_ids", k, ""), std::to_string(i.event_ids[k]),
                            "not an event id", "inspection.event_ids");
    }
  }
  return OkStatus();
}

const char* TaskKindId(TaskKind k) { return k == TaskKind::kManual ? "manual" : "computed"; }

Result<TaskKind> ParseTaskKind(std::string_view text, std::string_view field) {
  if (text == "computed") return TaskKind::kComputed;
  if (text == "manual") return TaskKind::kManual;
  return Error::Invalid(std::string(field), std::string(text), "expected computed or manual",
                        "task.kind");
}

Status ValidatePlan(const Plan& p) {
  if (p.year < 2000 || p.year > 2100) {
    return Error::Invalid("year", std::to_string(p.year), "a year from 2000 to 2100", "plan.year");
  }
  HOPTAC_RETURN_IF_ERROR(Length("title", p.title, kMaxShort));
  for (size_t k = 0; k < p.tasks.size(); ++k) {
    const PlanTask& t = p.tasks[k];
    HOPTAC_RETURN_IF_ERROR(Required(At("tasks", k, "title"), t.title, "the task"));
    HOPTAC_RETURN_IF_ERROR(Length(At("tasks", k, "title"), t.title, kMaxText));
    HOPTAC_RETURN_IF_ERROR(UnitCode(At("tasks", k, "unit_code"), t.unit_code));
    if (t.target < 0 || t.target > kMaxCount) {
      return Error::Invalid(At("tasks", k, "target"), std::to_string(t.target), "a target from 0",
                            "task.target");
    }
    if (t.kind == TaskKind::kComputed) {
      const IndicatorInfo* info = FindIndicator(t.indicator);
      if (info == nullptr) {
        std::string known;
        for (const IndicatorInfo& i : kIndicators) {
          if (!known.empty()) known += ", ";
          known += i.id;
        }
        return Error::Invalid(At("tasks", k, "indicator"), t.indicator,
                              "not a computed indicator; indicators: " + known, "task.indicator");
      }
      if (info->takes_parameter && FindActivityType(t.parameter) == nullptr) {
        return Error::Invalid(At("tasks", k, "parameter"), t.parameter,
                              "this indicator needs an activity type", "task.parameter");
      }
      if (!info->takes_parameter && !t.parameter.empty()) {
        return Error::Invalid(At("tasks", k, "parameter"), t.parameter,
                              "this indicator takes no parameter", "task.parameter");
      }
    } else if (!t.indicator.empty() || !t.parameter.empty()) {
      return Error::Invalid(At("tasks", k, "indicator"), t.indicator,
                            "a manual task has no computed indicator", "task.indicator");
    }
    HOPTAC_RETURN_IF_ERROR(Length(At("tasks", k, "unit"), t.unit, 40));
  }
  return OkStatus();
}

Status ValidateProgress(const ProgressEntry& e) {
  if (e.value < 0 || e.value > kMaxCount) {
    return Error::Invalid("value", std::to_string(e.value), "a value from 0", "progress.value");
  }
  return Length("note", e.note, kMaxText);
}

int64_t ProgressAsOf(std::span<const ProgressEntry> entries, Date as_of) {
  const ProgressEntry* best = nullptr;
  for (const ProgressEntry& e : entries) {
    if (as_of < e.date) continue;
    if (best == nullptr || best->date < e.date ||
        (best->date == e.date && (best->recorded_at < e.recorded_at ||
                                  (best->recorded_at == e.recorded_at && best->id < e.id)))) {
      best = &e;
    }
  }
  return best == nullptr ? 0 : best->value;
}

Status ValidateReviewNote(const ReviewNote& n) {
  if (n.year < 2000 || n.year > 2100) {
    return Error::Invalid("year", std::to_string(n.year), "a year from 2000 to 2100",
                          "review.year");
  }
  return Length("difficulties", n.difficulties, kMaxText);
}

}  // namespace hoptac::domain
