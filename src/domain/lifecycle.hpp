#pragma once
// The legal lifecycle: the rules that say which histories are possible, and the fold that gives an
// organisation's state on a date D as known at a time R (bitemporal).
//
// Order of events: by effective date, then by the time they were recorded, then by id. The fold at
// (D, R) applies, in that order, the events with effective_date <= D and recorded_at <= R that were
// not voided by R. Validation folds the whole known history (D = R = ∞) and reports the first event
// that breaks a rule; every write validates the history it would leave behind, so any history as
// known at any R is one that passed validation.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"

namespace hoptac::domain {

class UnitCatalog;

// Dates the law sets.
inline constexpr int kLaw2012Year = 2013;  // in force 2013-07-01
Date Law2012InForce();                     // 2013-07-01
Date Law2023InForce();                     // 2024-07-01

struct OrgState {
  OrgId id = 0;
  OrgKind kind = OrgKind::kHTX;
  std::string registry_code;
  bool legacy_code = false;
  bool exists = false;  // founded on or before D (as known at R)
  LegalStatus status = LegalStatus::kOperating;
  std::string name, short_name, foreign_name;
  Field field = Field::kAgriculture;
  std::vector<std::string> sectors;
  std::string unit_code;  // the head office's commune as registered (valid on the event date)
  Date unit_since;        // effective date of the event that set unit_code
  std::string address_detail;
  std::string representative;
  std::optional<Money> charter_capital;
  std::vector<std::string> models;
  std::string certificate_no;
  Date founded_on;
  std::optional<Date> reregistered_2012_on;
  std::optional<Date> charter_amended_2023_on;
  std::optional<Date> suspended_since;
  std::optional<Date> dissolution_started_on;
  std::optional<Date> certificate_revoked_on;
  std::optional<Date> ended_on;       // dissolved, reorganised, bankrupt or converted
  std::optional<EventType> ended_by;  // the event type that ended it
  std::optional<DissolutionGround> ground;
  std::vector<OrgId> successors;      // merged/consolidated/divided into
  std::vector<OrgId> separated_from;  // parent of a separation
  Date last_event_on;
  int event_count = 0;  // events applied
};

// State of another organisation on a date, for the rules about links (a merger's successor must
// exist and operate). Returns nullopt when the organisation does not exist at all.
using RelatedStateFn = std::function<std::optional<OrgState>(OrgId, Date)>;

// The effective date of the organisation's founding as known at `known_at` (the earliest live
// founding event): it exists on every date from then on (Fold's `exists`). nullopt when none.
std::optional<Date> FoundedOn(const std::vector<Event>& events, Timestamp known_at);

// Folds `events` (any order; sorted here) at (as_of, known_at).
OrgState Fold(const Organisation& org, std::vector<const Event*> events, Date as_of,
              Timestamp known_at);
OrgState Fold(const Organisation& org, const std::vector<Event>& events, Date as_of,
              Timestamp known_at);

// The organisation's successive states as known at `known_at`: calls `visit` once per distinct
// effective date, in order, with the state on that date (after all of that date's events). The
// state on any date D is the one visited last with a date ≤ D; before the first, it did not exist.
void FoldTimeline(const Organisation& org, const std::vector<Event>& events, Timestamp known_at,
                  const std::function<void(const OrgState&)>& visit);

// Checks the whole history (voided events excluded) against every rule. On failure the error has
// code kInvalid, names the event ("event 3 (suspended, 2016-05-01)") in `field`, the offending
// value, and the rule id (e.g. "lifecycle.resume_requires_suspended").
// `units` checks head-office units; `related` checks links; `today` bars events in the future.
Status ValidateHistory(const Organisation& org, const std::vector<Event>& events,
                       const UnitCatalog& units, const RelatedStateFn& related, Date today);

// Checks the fields of one event on their own (before it is placed in a history).
Status ValidateEventShape(const Organisation& org, const Event& e, const UnitCatalog& units);

// The event types that may legally follow the history (as known now), at the end of it: what a
// form should offer.
std::vector<EventType> AllowedNext(const Organisation& org, const std::vector<Event>& events);

// The input field of an event that a rule of ValidateHistory is about, named as adapters name
// it (docs/formats.md): "effective_date", "commune_code", "ground", "related_codes", … The errors
// of ValidateHistory name the event in `field` ("event #2 (relocated, 2017-03-01)"); a form
// shows them beside this field. "type" for the rules about which event may come when.
std::string_view FieldOfRule(std::string_view rule);

// Sorts events into history order (effective date, recorded_at, id).
void SortHistory(std::vector<Event>& events);

}  // namespace hoptac::domain
