#pragma once
// The audit log (C12): who changed what, when, from where, with the entity before and after.
// Append-only; every write use case appends its entry in the transaction of the write itself,
// so a change without its entry (or an entry without its change) cannot be committed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/date.hpp"

namespace hoptac::domain {

struct AuditEntry {
  int64_t id = 0;  // assigned by the store
  Timestamp at;
  std::string actor;       // username, or the CLI's actor name
  std::string address;     // client address ("" from the CLI)
  std::string request_id;  // the HTTP request id ("" from the CLI)
  std::string action;      // "event.record", "figures.set", "user.add", …
  std::string entity;      // "organisation/5100086384", "user/lan", "units", "import/figures"
  std::string before;      // JSON text, "" when there was nothing before
  std::string after;       // JSON text, "" when nothing is left after
};

// Filters of the audit log; entries come newest first.
struct AuditQuery {
  std::string actor;                  // exact username
  std::string entity;                 // exact entity, or a prefix ending in '/' ("organisation/")
  std::string action;                 // exact action
  std::optional<Timestamp> from, to;  // at >= from, at < to
  size_t limit = 50;
  int64_t before_id = 0;  // keyset pagination: entries with id < before_id (0: from the newest)
};

}  // namespace hoptac::domain
