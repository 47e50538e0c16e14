#pragma once
// Backup: the whole database as one JSON file, and back into an empty database.
//
// The file is one object, {"format": "hoptac-backup", "version": 1, ...}, whose sections are
// arrays with one record per line, in this order: units, successions, aliases (the
// administrative units loaded), organisations (with their ids, creation time and author),
// events (every one, voided included, with its id, recorded_at, recorded_by, links and void),
// figures (every revision), members (every revision), with an Alliance store its work
// (activities, inspections, pilot_communes, plans, plan_progress, review_notes), users (with
// their password hashes), api_tokens (hashes only) and audit (every entry, oldest first). Sessions
// are not kept: users
// sign in again. Both directions stream: the writer holds one record at a time, the reader
// (nlohmann's SAX parser) one record at a time, plus the units and the users.
//
// Restoring writes the records exactly as they are — ids, times and authors kept, no rule of the
// registry re-run (the file is a copy of a database that passed them) — and rebuilds the
// latest-state projection. It refuses a database that holds anything (organisations, units, the
// audit log, users…). Backup, restore, backup gives the same bytes (for a database made by
// hoptac on SQLite, whose audit and user ids have no gaps: those two are numbered again in order
// on restore).

#include <cstdint>
#include <iosfwd>

#include "base/result.hpp"
#include "domain/access.hpp"
#include "domain/alliance_store.hpp"
#include "domain/market_store.hpp"
#include "domain/store.hpp"

namespace hoptac::app {

struct BackupCounts {
  int64_t units = 0;
  int64_t organisations = 0;
  int64_t events = 0;
  int64_t figures = 0;
  int64_t members = 0;
  int64_t users = 0;
  int64_t api_tokens = 0;
  int64_t audit = 0;
  int64_t products = 0, zones = 0, demands = 0, programmes = 0, partner_offers = 0;
  int64_t alliance = 0;  // activities, inspections, pilot communes, plans, progress, notes
};

// Writes the whole database to `out`. kInternal when writing fails.
// With `market`, the market's sections too (products, zones, demands, programmes,
// partner_offers, after members); with `alliance`, the Alliance's work (sections activities,
// inspections, pilot_communes, plans, plan_progress, review_notes).
Result<BackupCounts> WriteBackup(domain::Store& store, domain::AccessStore& access,
                                 std::ostream& out, domain::MarketStore* market = nullptr,
                                 domain::AllianceStore* alliance = nullptr);

// Reads a backup from `in` into an empty database, in one transaction for the registry (then the
// users and their tokens). kConflict when the database is not empty; kInvalid (rule
// "backup.format", naming the section and the record) when the file is not a backup hoptac
// wrote; nothing of the registry is written then.
// The market's sections need `market` (refused without it); they are written after the users,
// with their ids and revisions, and without audit entries of their own. The Alliance's work is
// written after the users, in one transaction of `alliance`; a file that has some is refused
// without `alliance`.
Result<BackupCounts> RestoreBackup(domain::Store& store, domain::AccessStore& access,
                                   std::istream& in, domain::MarketStore* market = nullptr,
                                   domain::AllianceStore* alliance = nullptr);

}  // namespace hoptac::app
