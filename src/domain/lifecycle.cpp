#include "domain/lifecycle.hpp"

#include <algorithm>

#include "domain/unit.hpp"

namespace hoptac::domain {
namespace {

constexpr Date kLaw2012 = Date::FromDays(15887);  // 2013-07-01
constexpr Date kLaw2023 = Date::FromDays(19905);  // 2024-07-01

bool Before(const Event* a, const Event* b) {
  if (a->effective_date != b->effective_date) return a->effective_date < b->effective_date;
  if (a->recorded_at != b->recorded_at) return a->recorded_at < b->recorded_at;
  return a->id < b->id;
}

bool AcceptsChanges(EventType t) {
  switch (t) {
    case EventType::kFounded:
    case EventType::kRegistered:
    case EventType::kReregistered2012:
    case EventType::kAmended:
    case EventType::kRelocated:
    case EventType::kCharterAmended2023:
      return true;
    default:
      return false;
  }
}

void ApplyChanges(OrgState& s, const Event& e) {
  const Changes& c = e.changes;
  if (c.name) s.name = *c.name;
  if (c.short_name) s.short_name = *c.short_name;
  if (c.foreign_name) s.foreign_name = *c.foreign_name;
  if (c.field) s.field = *c.field;
  if (c.sectors) s.sectors = *c.sectors;
  if (c.unit_code) {
    s.unit_code = *c.unit_code;
    s.unit_since = e.effective_date;
  }
  if (c.address_detail) s.address_detail = *c.address_detail;
  if (c.representative) s.representative = *c.representative;
  if (c.charter_capital) s.charter_capital = *c.charter_capital;
  if (c.models) s.models = *c.models;
  if (c.certificate_no) s.certificate_no = *c.certificate_no;
}

void End(OrgState& s, const Event& e, LegalStatus status) {
  s.status = status;
  s.ended_on = e.effective_date;
  s.ended_by = e.type;
}

// Applies `e` to `s` without checking (the history is known to be valid).
void Apply(OrgState& s, const Event& e) {
  ApplyChanges(s, e);
  switch (e.type) {
    case EventType::kFounded:
      s.exists = true;
      s.status = LegalStatus::kOperating;
      s.founded_on = e.effective_date;
      break;
    case EventType::kRegistered:
    case EventType::kAmended:
    case EventType::kRelocated:
      break;
    case EventType::kReregistered2012:
      s.reregistered_2012_on = e.effective_date;
      break;
    case EventType::kCharterAmended2023:
      s.charter_amended_2023_on = e.effective_date;
      break;
    case EventType::kSuspended:
      s.status = LegalStatus::kSuspended;
      s.suspended_since = e.effective_date;
      break;
    case EventType::kResumed:
      s.status = LegalStatus::kOperating;
      s.suspended_since.reset();
      break;
    case EventType::kFlaggedNotAtAddress:
      s.status = LegalStatus::kNotAtAddress;
      break;
    case EventType::kClearedNotAtAddress:
      s.status = LegalStatus::kOperating;
      s.suspended_since.reset();
      break;
    case EventType::kDissolutionStarted:
      s.status = LegalStatus::kDissolving;
      s.dissolution_started_on = e.effective_date;
      break;
    case EventType::kCertificateRevoked:
      s.status = LegalStatus::kDissolving;
      s.dissolution_started_on = e.effective_date;
      s.certificate_revoked_on = e.effective_date;
      break;
    case EventType::kDissolvedVoluntary:
      End(s, e, LegalStatus::kDissolved);
      break;
    case EventType::kDissolvedForced:
      End(s, e, LegalStatus::kDissolved);
      s.ground = e.ground;
      break;
    case EventType::kMergedInto:
    case EventType::kConsolidatedInto:
    case EventType::kDividedInto:
      End(s, e, LegalStatus::kEndedByReorganisation);
      s.successors = e.related;
      break;
    case EventType::kSeparatedFrom:
      s.separated_from = e.related;
      break;
    case EventType::kBankrupt:
      End(s, e, LegalStatus::kBankrupt);
      break;
    case EventType::kConvertedToEnterprise:
      End(s, e, LegalStatus::kConvertedToEnterprise);
      break;
  }
  s.last_event_on = e.effective_date;
  ++s.event_count;
}

std::string EventRef(const Event& e, size_t position) {
  std::string out = "event ";
  out += e.id != 0 ? std::to_string(e.id) : "#" + std::to_string(position + 1) + " (new)";
  out += " (";
  out += Id(e.type);
  out += ", ";
  out += e.effective_date.ToString();
  out += ")";
  return out;
}

// Why `e` cannot follow state `s`, or "" when it can. `rule` receives the rule id.
std::string TransitionError(const Organisation& org, const OrgState& s, const Event& e,
                            std::string& rule) {
  const EventType t = e.type;
  if (!s.exists) {
    if (t == EventType::kFounded) return {};
    rule = "lifecycle.first_event_founded";
    return "the first event of an organisation must be its founding";
  }
  if (t == EventType::kFounded) {
    rule = "lifecycle.single_founding";
    return "the organisation was already founded on " + s.founded_on.ToString();
  }
  if (IsTerminal(s.status)) {
    rule = "lifecycle.after_end";
    return std::string("the organisation ended on ") + s.ended_on->ToString() + " (" +
           Id(s.status) + "); nothing can happen after that";
  }
  if (s.status == LegalStatus::kDissolving) {
    if (t == EventType::kDissolvedVoluntary || t == EventType::kDissolvedForced ||
        t == EventType::kBankrupt) {
      return {};
    }
    rule = "lifecycle.dissolving_only_ends";
    return "the organisation is being dissolved since " + s.dissolution_started_on->ToString() +
           "; only its dissolution or bankruptcy can follow";
  }
  // From here the organisation is active: operating, suspended or not at its address.
  switch (t) {
    case EventType::kSuspended:
      if (s.status != LegalStatus::kOperating) {
        rule = "lifecycle.suspend_requires_operating";
        return std::string("only an operating organisation can be suspended; it is ") +
               Id(s.status);
      }
      return {};
    case EventType::kResumed:
      if (s.status != LegalStatus::kSuspended) {
        rule = "lifecycle.resume_requires_suspended";
        return std::string("only a suspended organisation can resume; it is ") + Id(s.status);
      }
      return {};
    case EventType::kFlaggedNotAtAddress:
      if (s.status == LegalStatus::kNotAtAddress) {
        rule = "lifecycle.flag_once";
        return "the organisation is already flagged as not at its registered address";
      }
      return {};
    case EventType::kClearedNotAtAddress:
      if (s.status != LegalStatus::kNotAtAddress) {
        rule = "lifecycle.clear_requires_flag";
        return std::string("the organisation is not flagged as not at its address; it is ") +
               Id(s.status);
      }
      return {};
    case EventType::kReregistered2012:
      if (org.kind == OrgKind::kTHT) {
        rule = "lifecycle.reregister_2012_kind";
        return "cooperative groups (THT) were outside the 2012 law and did not re-register";
      }
      if (s.founded_on >= kLaw2012) {
        rule = "lifecycle.reregister_2012_founded_before_law";
        return "only organisations founded before 2013-07-01 re-register under the 2012 law; "
               "this one was founded on " +
               s.founded_on.ToString();
      }
      if (e.effective_date < kLaw2012) {
        rule = "lifecycle.reregister_2012_after_law";
        return "re-registration under the 2012 law takes effect on or after 2013-07-01";
      }
      if (s.reregistered_2012_on) {
        rule = "lifecycle.reregister_2012_once";
        return "the organisation already re-registered under the 2012 law on " +
               s.reregistered_2012_on->ToString();
      }
      return {};
    case EventType::kCharterAmended2023:
      if (org.kind == OrgKind::kTHT) {
        rule = "lifecycle.charter_2023_kind";
        return "cooperative groups (THT) have no charter to amend under the 2023 law";
      }
      if (e.effective_date < kLaw2023) {
        rule = "lifecycle.charter_2023_after_law";
        return "the charter is amended under the 2023 law on or after 2024-07-01";
      }
      if (s.founded_on >= kLaw2023) {
        rule = "lifecycle.charter_2023_founded_before_law";
        return "only organisations founded before 2024-07-01 amend their charter to the 2023 law";
      }
      if (s.charter_amended_2023_on) {
        rule = "lifecycle.charter_2023_once";
        return "the charter was already amended to the 2023 law on " +
               s.charter_amended_2023_on->ToString();
      }
      return {};
    default:
      return {};
  }
}

// Checks of one event's own fields that need no history.
Status CheckShape(const Organisation& org, const Event& e, const UnitCatalog& units,
                  size_t position) {
  auto fail = [&](std::string value, std::string message, std::string rule) -> Status {
    return Error::Invalid(EventRef(e, position), std::move(value), std::move(message),
                          std::move(rule));
  };
  const Changes& c = e.changes;
  if (!AcceptsChanges(e.type) && !c.empty()) {
    return fail(Id(e.type),
                std::string("a '") + Id(e.type) +
                    "' event does not change registered fields; record an 'amended' "
                    "or 'relocated' event for that",
                "event.no_changes");
  }
  if (e.type == EventType::kFounded) {
    if (!c.name || c.name->empty()) {
      return fail("", "a founding must give the organisation's name",
                  "event.founded_requires_name");
    }
    if (!c.field) {
      return fail("", "a founding must give the main field (agriculture, non_agriculture, credit)",
                  "event.founded_requires_field");
    }
    if (!c.unit_code) {
      return fail("", "a founding must give the head office's commune (unit_code)",
                  "event.founded_requires_unit");
    }
  }
  if (e.type == EventType::kAmended) {
    if (c.empty()) {
      return fail("", "an amendment must change at least one registered field",
                  "event.amended_requires_change");
    }
    if (c.unit_code) {
      return fail(*c.unit_code, "a change of head office is recorded as a 'relocated' event",
                  "event.amended_no_address");
    }
  }
  if (e.type == EventType::kRelocated && !c.unit_code) {
    return fail("", "a relocation must give the new head office's commune (unit_code)",
                "event.relocated_requires_unit");
  }
  if (c.field && org.kind == OrgKind::kQTDND && *c.field != Field::kCredit) {
    return fail(Id(*c.field), "a people's credit fund (QTDND) works in the credit field",
                "kind.qtdnd_credit");
  }
  if (c.name && c.name->empty()) return fail("", "the name must not be empty", "event.name_empty");
  if (c.charter_capital && c.charter_capital->vnd() < 0) {
    return fail(c.charter_capital->ToString(), "charter capital must not be negative",
                "charter_capital.non_negative");
  }
  if (c.unit_code) {
    if (units.empty()) {
      return fail(*c.unit_code, "administrative units are not loaded (run 'hoptac units load')",
                  "units.loaded");
    }
    const Unit* u = units.At(*c.unit_code, e.effective_date);
    if (u == nullptr) {
      const Unit* any = units.Latest(*c.unit_code);
      if (any == nullptr) {
        return fail(*c.unit_code, "no administrative unit has this code", "event.unit_exists");
      }
      return fail(*c.unit_code,
                  "unit " + *c.unit_code + " (" + any->name + ") is not valid on " +
                      e.effective_date.ToString() + " (valid " + any->valid_from.ToString() +
                      " to " + any->valid_to.ToString() + ")",
                  "event.unit_valid_on_date");
    }
    if (!units.ChildrenAt(u->code, e.effective_date).empty()) {
      return fail(*c.unit_code,
                  "a head office is in a commune-level unit; " + u->name + " is a " +
                      UnitLevelName(u->level),
                  "event.unit_commune_level");
    }
  }
  const bool is_forced = e.type == EventType::kDissolvedForced;
  if (is_forced && !e.ground) {
    return fail("",
                "a forced dissolution must give its ground (not_operating_12_months, "
                "below_minimum_members_12_months, no_general_meeting_18_months, "
                "certificate_revoked, court_decision)",
                "event.ground_required");
  }
  if (!is_forced && e.ground) {
    return fail(Id(*e.ground), "only a forced dissolution has a ground",
                "event.ground_not_allowed");
  }
  size_t want_min = 0, want_max = 0;
  switch (e.type) {
    case EventType::kMergedInto:
    case EventType::kConsolidatedInto:
    case EventType::kSeparatedFrom:
      want_min = want_max = 1;
      break;
    case EventType::kDividedInto:
      want_min = 2;
      want_max = 100;
      break;
    default:
      break;
  }
  if (e.related.size() < want_min || e.related.size() > want_max) {
    std::string msg = std::string("a '") + Id(e.type) + "' event links ";
    if (want_max == 0) {
      msg += "no other organisation";
    } else if (want_min == want_max) {
      msg += "exactly one other organisation";
    } else {
      msg += "at least two successor organisations";
    }
    return fail(std::to_string(e.related.size()), msg, "event.related_count");
  }
  for (OrgId r : e.related) {
    if (r == org.id && org.id != 0) {
      return fail(std::to_string(r), "an organisation cannot be linked to itself",
                  "event.related_self");
    }
  }
  return OkStatus();
}

}  // namespace

Date Law2012InForce() { return kLaw2012; }
Date Law2023InForce() { return kLaw2023; }

void SortHistory(std::vector<Event>& events) {
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return Before(&a, &b); });
}

std::optional<Date> FoundedOn(const std::vector<Event>& events, Timestamp known_at) {
  std::optional<Date> on;
  for (const Event& e : events) {
    if (e.type != EventType::kFounded || e.recorded_at > known_at || e.VoidedBy(known_at)) continue;
    if (!on || e.effective_date < *on) on = e.effective_date;
  }
  return on;
}

OrgState Fold(const Organisation& org, std::vector<const Event*> events, Date as_of,
              Timestamp known_at) {
  std::sort(events.begin(), events.end(), Before);
  OrgState s;
  s.id = org.id;
  s.kind = org.kind;
  s.registry_code = org.registry_code;
  s.legacy_code = org.legacy_code;
  for (const Event* e : events) {
    if (e->effective_date > as_of) break;
    if (e->recorded_at > known_at || e->VoidedBy(known_at)) continue;
    Apply(s, *e);
  }
  return s;
}

OrgState Fold(const Organisation& org, const std::vector<Event>& events, Date as_of,
              Timestamp known_at) {
  std::vector<const Event*> ptrs;
  ptrs.reserve(events.size());
  for (const Event& e : events) ptrs.push_back(&e);
  return Fold(org, std::move(ptrs), as_of, known_at);
}

void FoldTimeline(const Organisation& org, const std::vector<Event>& events, Timestamp known_at,
                  const std::function<void(const OrgState&)>& visit) {
  std::vector<const Event*> live;
  live.reserve(events.size());
  for (const Event& e : events) {
    if (e.recorded_at <= known_at && !e.VoidedBy(known_at)) live.push_back(&e);
  }
  std::sort(live.begin(), live.end(), Before);
  OrgState s;
  s.id = org.id;
  s.kind = org.kind;
  s.registry_code = org.registry_code;
  s.legacy_code = org.legacy_code;
  for (size_t i = 0; i < live.size(); ++i) {
    Apply(s, *live[i]);
    if (i + 1 == live.size() || live[i + 1]->effective_date != live[i]->effective_date) visit(s);
  }
}

Status ValidateEventShape(const Organisation& org, const Event& e, const UnitCatalog& units) {
  return CheckShape(org, e, units, 0);
}

Status ValidateHistory(const Organisation& org, const std::vector<Event>& events,
                       const UnitCatalog& units, const RelatedStateFn& related, Date today) {
  std::vector<const Event*> live;
  live.reserve(events.size());
  for (const Event& e : events) {
    if (!e.voided) live.push_back(&e);
  }
  std::sort(live.begin(), live.end(), Before);
  OrgState s;
  s.id = org.id;
  s.kind = org.kind;
  for (size_t i = 0; i < live.size(); ++i) {
    const Event& e = *live[i];
    HOPTAC_RETURN_IF_ERROR(CheckShape(org, e, units, i));
    auto ref = [&] { return EventRef(e, i); };
    if (e.effective_date > today) {
      return Error::Invalid(ref(), e.effective_date.ToString(),
                            "an event cannot take effect after today (" + today.ToString() + ")",
                            "event.future");
    }
    if (e.basis.decision_date && *e.basis.decision_date > today) {
      return Error::Invalid(ref(), e.basis.decision_date->ToString(),
                            "the decision date is after today", "event.decision_future");
    }
    std::string rule;
    std::string why = TransitionError(org, s, e, rule);
    if (!why.empty()) return Error::Invalid(ref(), Id(e.type), std::move(why), std::move(rule));
    for (OrgId r : e.related) {
      const std::optional<OrgState> other = related ? related(r, e.effective_date) : std::nullopt;
      if (!other) {
        return Error::Invalid(ref(), std::to_string(r), "the linked organisation does not exist",
                              "event.related_exists");
      }
      if (!other->exists) {
        return Error::Invalid(ref(), other->registry_code,
                              "the linked organisation " + other->registry_code +
                                  " was not founded by " + e.effective_date.ToString(),
                              "event.related_founded");
      }
      if (!IsActive(other->status)) {
        return Error::Invalid(ref(), other->registry_code,
                              "the linked organisation " + other->registry_code + " is " +
                                  Id(other->status) + " on " + e.effective_date.ToString(),
                              "event.related_active");
      }
    }
    Apply(s, e);
  }
  return OkStatus();
}

std::string_view FieldOfRule(std::string_view rule) {
  static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
      {"event.amended_no_address", "commune_code"},
      {"event.decision_future", "decision_date"},
      {"event.founded_requires_field", "field"},
      {"event.founded_requires_name", "name"},
      {"event.founded_requires_unit", "commune_code"},
      {"event.future", "effective_date"},
      {"event.ground_not_allowed", "ground"},
      {"event.ground_required", "ground"},
      {"event.name_empty", "name"},
      {"event.related_active", "related_codes"},
      {"event.related_count", "related_codes"},
      {"event.related_exists", "related_codes"},
      {"event.related_founded", "related_codes"},
      {"event.related_self", "related_codes"},
      {"event.relocated_requires_unit", "commune_code"},
      {"event.unit_commune_level", "commune_code"},
      {"event.unit_exists", "commune_code"},
      {"event.unit_valid_on_date", "commune_code"},
      {"lifecycle.after_end", "effective_date"},
      {"lifecycle.charter_2023_after_law", "effective_date"},
      {"lifecycle.first_event_founded", "effective_date"},
      {"lifecycle.reregister_2012_after_law", "effective_date"},
  };
  for (const auto& [id, field] : kFields) {
    if (id == rule) return field;
  }
  return "type";
}

std::vector<EventType> AllowedNext(const Organisation& org, const std::vector<Event>& events) {
  const OrgState s = Fold(org, events, Date::Max(), Timestamp::Max());
  std::vector<EventType> out;
  for (EventType t : AllEventTypes()) {
    Event probe;
    probe.type = t;
    probe.effective_date =
        std::max(s.last_event_on, t == EventType::kCharterAmended2023 ? kLaw2023
                                  : t == EventType::kReregistered2012 ? kLaw2012
                                                                      : s.last_event_on);
    std::string rule;
    if (TransitionError(org, s, probe, rule).empty()) out.push_back(t);
  }
  return out;
}

}  // namespace hoptac::domain
