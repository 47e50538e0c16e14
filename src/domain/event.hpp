#pragma once
// Organisations and the events of their legal life (C1–C3).
//
// An Organisation is only an identity: an internal id, its kind and its registry code. Everything
// registered about it (names, field, head office, representative, capital, sectors, models) is set
// by its events and obtained by folding them (lifecycle.hpp). Events are append-only: a mistake
// is corrected by voiding the event (a separate record with a reason) and recording the right one;
// both stay in the history.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/date.hpp"
#include "domain/money.hpp"
#include "domain/registry_code.hpp"
#include "domain/vocabulary.hpp"

namespace hoptac::domain {

using OrgId = int64_t;
using EventId = int64_t;

struct Organisation {
  OrgId id = 0;
  OrgKind kind = OrgKind::kHTX;
  std::string registry_code;  // as parsed by RegistryCode
  bool legacy_code = false;   // an old certificate number, not a tax code
  Timestamp created_at;
  std::string created_by;
};

// The registered fields an event sets; an unset field keeps its previous value.
struct Changes {
  std::optional<std::string> name;  // Vietnamese name, NFC
  std::optional<std::string> short_name;
  std::optional<std::string> foreign_name;
  std::optional<Field> field;
  std::optional<std::vector<std::string>> sectors;  // sector codes or names
  std::optional<std::string> unit_code;       // commune of the head office, valid on the event date
  std::optional<std::string> address_detail;  // village, street: free text
  std::optional<std::string> representative;  // legal representative
  std::optional<Money> charter_capital;
  std::optional<std::vector<std::string>> models;  // model tags, e.g. "HTX toàn thôn"
  std::optional<std::string> certificate_no;

  bool empty() const {
    return !name && !short_name && !foreign_name && !field && !sectors && !unit_code &&
           !address_detail && !representative && !charter_capital && !models && !certificate_no;
  }
};

// The legal basis of an event: which decision, when, by whom.
struct LegalBasis {
  std::string decision_no;
  std::optional<Date> decision_date;
  std::string decided_by;  // general meeting, People's Committee, registration office, court...
};

// A void: the event it cancels stays, marked void from `voided_at` on.
struct EventVoid {
  Timestamp voided_at;
  std::string voided_by;
  std::string reason;
};

struct Event {
  EventId id = 0;  // 0 until stored
  OrgId org_id = 0;
  EventType type = EventType::kFounded;
  Date effective_date;    // when it happened in law
  Timestamp recorded_at;  // when hoptac learnt it
  std::string recorded_by;
  LegalBasis basis;
  std::optional<DissolutionGround> ground;  // dissolved_forced
  Changes changes;
  std::vector<OrgId>
      related;  // successors (merged/consolidated/divided into) or parent (separated)
  std::string note;
  std::optional<EventVoid> voided;

  // Voided as known at `known_at`.
  bool VoidedBy(Timestamp known_at) const { return voided && voided->voided_at <= known_at; }
};

}  // namespace hoptac::domain
