#pragma once
// Projection: the whole registry folded once, kept in memory in a compact form, so that any report
// for any date is a scan over arrays rather than a fold over the database.
//
// For each organisation it keeps the sequence of its states (as known at `known_at`): one
// Snapshot from each effective date on which something happened, computed with domain::Fold, so
// the state on any date D is the last snapshot whose `from` ≤ D (a binary search). It also keeps,
// per organisation and year, the yearly figures as known at `known_at` (the latest revision).
// Building it folds every history once; it is immutable afterwards and safe to share between
// threads for reading.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/figures.hpp"
#include "domain/lifecycle.hpp"
#include "domain/store.hpp"

namespace hoptac::report {

inline constexpr int32_t kNoDate = INT32_MIN;

// The state of an organisation from `from` (inclusive) until the next snapshot. Text is held in
// the projection's tables and referred to by index.
struct Snapshot {
  int32_t from = 0;  // days since 1970-01-01
  domain::LegalStatus status = domain::LegalStatus::kOperating;
  domain::Field field = domain::Field::kAgriculture;
  int32_t unit = -1;       // index into Projection::unit_codes(): the registered commune
  int32_t unit_since = 0;  // the date that code was registered (which version of it)
  int32_t place = -1;      // index into Projection::places()
  int32_t name = -1;       // index into Projection::names()
  int32_t models = -1;     // index into Projection::model_sets(); -1 = none
  int32_t reregistered_2012 = kNoDate;
  int32_t charter_amended_2023 = kNoDate;
  int32_t suspended_since = kNoDate;
  int32_t revoked = kNoDate;
  int32_t ended = kNoDate;
  domain::EventType ended_by = domain::EventType::kFounded;  // meaningful when ended != kNoDate
  int8_t ground = -1;                                        // DissolutionGround, -1 = none
};

// One year's figures (the latest revision as known); kMissing where the office has no value.
struct Figures {
  static constexpr int64_t kMissing = INT64_MIN;
  int32_t year = 0;
  int64_t members = kMissing;
  int64_t workers = kMissing;
  int64_t charter_capital = kMissing;
  int64_t total_assets = kMissing;
  int64_t revenue = kMissing;
  int64_t profit = kMissing;
  int64_t avg_income = kMissing;
  int8_t rating = -1;        // domain::Rating, -1 = none
  int64_t score = kMissing;  // rating points under the scheme
  int32_t scheme = -1;       // index into Projection::names()
};

// A head office as registered: the unit code and the day it was registered (which version of
// the code it names).
struct Place {
  int32_t unit = -1;  // index into Projection::unit_codes()
  int32_t since = 0;  // days
};

struct OrgEntry {
  domain::OrgId id = 0;
  domain::OrgKind kind = domain::OrgKind::kHTX;
  std::string registry_code;
  int32_t founded = 0;  // days
  uint32_t first_snapshot = 0, snapshot_count = 0;
  uint32_t first_figures = 0, figures_count = 0;  // sorted by year
};

class Projection {
 public:
  // Folds every history of `store` as known at `known_at`.
  static Result<Projection> Build(domain::Store& store, Timestamp known_at);

  Timestamp known_at() const { return known_at_; }
  const std::vector<OrgEntry>& orgs() const { return orgs_; }
  std::span<const Snapshot> Snapshots(const OrgEntry& o) const {
    return {snapshots_.data() + o.first_snapshot, o.snapshot_count};
  }
  std::span<const Figures> FiguresOf(const OrgEntry& o) const {
    return {figures_.data() + o.first_figures, o.figures_count};
  }
  // The state on `d`, or nullptr before the founding.
  const Snapshot* At(const OrgEntry& o, Date d) const;
  // The latest figures of a year ≤ `year`, or nullptr.
  const Figures* LatestFigures(const OrgEntry& o, int year) const;
  const Figures* FiguresFor(const OrgEntry& o, int year) const;

  const std::string& unit_code(int32_t i) const { return unit_codes_[static_cast<size_t>(i)]; }
  const std::string& name(int32_t i) const { return names_[static_cast<size_t>(i)]; }
  const std::vector<std::string>& models(int32_t i) const {
    return model_sets_[static_cast<size_t>(i)];
  }
  size_t unit_count() const { return unit_codes_.size(); }
  // Distinct (registered unit, date registered) pairs: reports map each place to an area once.
  const std::vector<Place>& places() const { return places_; }

  // A domain::OrgState with the fields a snapshot holds (status, dates, kind, field, unit), for
  // calling the domain's rules (ConversionAsOf, IsActive). Reuses `out`'s storage.
  void ToState(const OrgEntry& o, const Snapshot& s, domain::OrgState& out) const;

 private:
  Timestamp known_at_;
  std::vector<OrgEntry> orgs_;
  std::vector<Snapshot> snapshots_;
  std::vector<Figures> figures_;
  std::vector<std::string> unit_codes_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> model_sets_;
  std::vector<Place> places_;
};

}  // namespace hoptac::report
