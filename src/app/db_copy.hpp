#pragma once
// Copying a whole database into another, empty one (`hoptac db copy`): SQLite to PostgreSQL, back,
// or between two of one kind. The copy is the backup stream (app/backup.hpp) — every record kind
// the backup carries, ids, times, authors, voids, links, password hashes and the audit log kept —
// written by one thread from the source and read by another into the target through an in-memory
// pipe, so no file is made and memory stays bounded. The target must be empty (kConflict, and
// nothing is written, when it holds anything); the registry is restored in one transaction.

#include <string>

#include "app/backup.hpp"
#include "base/result.hpp"
#include "domain/access.hpp"
#include "domain/store.hpp"

namespace hoptac::app {

struct CopyResult {
  BackupCounts read;     // what the source gave
  BackupCounts written;  // what the target took
  std::string sha256;    // of the backup stream, as `hoptac backup export` of the source writes it
};

// One side of a copy: the registry and the users, and the stores of the market and of the
// Alliance's work (their sections travel when the source has the store; a target without the
// store refuses a stream that holds them).
struct CopySide {
  domain::Store& store;
  domain::AccessStore& access;
  domain::MarketStore* market = nullptr;
  domain::AllianceStore* alliance = nullptr;
};

// Copies `from` into `to`. The counts read and written are compared: kInternal when they differ.
Result<CopyResult> CopyDatabase(const CopySide& from, const CopySide& to);

}  // namespace hoptac::app
