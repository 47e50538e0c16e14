#pragma once
// Projection: the whole registry folded once, kept in memory in a compact form, so that any report
// for any date is a scan over arrays rather than a fold over the database.
//
// For each organisation it keeps the sequence of its states (as known at `known_at`): one
// Snapshot from each effective date on which something happened, computed with domain::Fold, so
// the state on any date D is the last snapshot whose `from` ≤ D. It also keeps, per organisation
// and year, the yearly figures as known at `known_at` (the latest revision). The days snapshots
// start and the years of the figures are held apart from them, so that reports, which look up
// every organisation on one date, read them as a stream.
// Building it folds every history once; it is immutable afterwards and safe to share between
// threads for reading.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/figures.hpp"
#include "domain/lifecycle.hpp"
#include "domain/store.hpp"

namespace hoptac::report {

inline constexpr int32_t kNoDate = INT32_MIN;

// The state of an organisation from its `from` day (Projection::SnapshotFrom) until the next
// snapshot. Text is held in the projection's tables and referred to by index.
struct Snapshot {
  domain::LegalStatus status : 8 = domain::LegalStatus::kOperating;
  domain::Field field : 8 = domain::Field::kAgriculture;
  domain::EventType ended_by : 8 = domain::EventType::kFounded;  // when ended != kNoDate
  int8_t ground = -1;                                            // DissolutionGround, -1 = none
  int32_t place = -1;   // index into Projection::places(): the registered head office; -1 = none
  int32_t name = -1;    // index into Projection::name()
  int32_t models = -1;  // index into Projection::models(); -1 = none
  int32_t reregistered_2012 = kNoDate;  // days since 1970-01-01
  int32_t charter_amended_2023 = kNoDate;
  int32_t suspended_since = kNoDate;
  int32_t revoked = kNoDate;
  int32_t ended = kNoDate;
};

// One year's figures (the latest revision as known); kMissing where the office has no value.
struct Figures {
  static constexpr int64_t kMissing = INT64_MIN;
  int64_t members = kMissing;
  int64_t workers = kMissing;
  int64_t charter_capital = kMissing;
  int64_t total_assets = kMissing;
  int64_t revenue = kMissing;
  int64_t profit = kMissing;
  int64_t avg_income = kMissing;
  int64_t score = kMissing;  // rating points under the scheme
  int32_t year = 0;
  int32_t scheme = -1;  // index into Projection::name()
  int8_t rating = -1;   // domain::Rating, -1 = none
};

// A head office as registered: the unit code and the day it was registered (which version of
// the code it names).
struct Place {
  int32_t unit = -1;  // index into Projection::unit_code()
  int32_t since = 0;  // days
};

struct OrgEntry {
  domain::OrgId id = 0;
  domain::OrgKind kind : 8 = domain::OrgKind::kHTX;
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
  const std::string& registry_code(const OrgEntry& o) const {
    return registry_codes_[static_cast<size_t>(&o - orgs_.data())];
  }
  std::span<const Snapshot> Snapshots(const OrgEntry& o) const {
    return {snapshots_.data() + o.first_snapshot, o.snapshot_count};
  }
  // The first day of a snapshot of Snapshots(o).
  int32_t SnapshotFrom(const Snapshot& s) const {
    return snapshot_from_[static_cast<size_t>(&s - snapshots_.data())];
  }
  std::span<const Figures> FiguresOf(const OrgEntry& o) const {
    return {figures_.data() + o.first_figures, o.figures_count};
  }
  // The state on `d`, or nullptr before the founding.
  const Snapshot* At(const OrgEntry& o, Date d) const {
    const int32_t* first = snapshot_from_.data() + o.first_snapshot;
    const int32_t* it = first + o.snapshot_count;
    while (it != first && *(it - 1) > d.days()) --it;  // few snapshots each: a backward scan
    return it == first ? nullptr : &snapshots_[static_cast<size_t>(it - 1 - snapshot_from_.data())];
  }
  // The latest figures of a year ≤ `year`, or nullptr.
  const Figures* LatestFigures(const OrgEntry& o, int year) const {
    const int32_t* first = figure_years_.data() + o.first_figures;
    const int32_t* it = first + o.figures_count;
    while (it != first && *(it - 1) > year) --it;
    return it == first ? nullptr : &figures_[static_cast<size_t>(it - 1 - figure_years_.data())];
  }
  // The figures of `year`, or nullptr.
  const Figures* FiguresFor(const OrgEntry& o, int year) const {
    const Figures* f = LatestFigures(o, year);
    return f != nullptr && f->year == year ? f : nullptr;
  }

  const std::string& unit_code(int32_t i) const { return unit_codes_[static_cast<size_t>(i)]; }
  std::string_view name(int32_t i) const {
    const auto k = static_cast<size_t>(i);
    return std::string_view(names_).substr(name_starts_[k], name_starts_[k + 1] - name_starts_[k]);
  }
  const std::vector<std::string>& models(int32_t i) const {
    return model_sets_[static_cast<size_t>(i)];
  }
  size_t unit_count() const { return unit_codes_.size(); }
  // Distinct (registered unit, date registered) pairs: reports map each place to an area once.
  const std::vector<Place>& places() const { return places_; }

  // A domain::OrgState with the fields a snapshot holds (status, dates, kind, field, unit), for
  // calling the domain's rules (ConversionAsOf, IsActive). Reuses `out`'s storage.
  void ToState(const OrgEntry& o, const Snapshot& s, domain::OrgState& out) const;

  // Sizes, for benchmarks: how many snapshots and figure rows, and the bytes the arrays hold.
  size_t snapshot_count() const { return snapshots_.size(); }
  size_t figures_count() const { return figures_.size(); }
  size_t name_count() const { return name_starts_.size() - 1; }
  size_t MemoryBytes() const;

 private:
  class Builder;

  Timestamp known_at_;
  std::vector<OrgEntry> orgs_;               // in id order
  std::vector<std::string> registry_codes_;  // parallel to orgs_
  std::vector<Snapshot> snapshots_;          // each organisation's in `from` order
  std::vector<int32_t> snapshot_from_;       // parallel to snapshots_
  std::vector<Figures> figures_;             // each organisation's in year order
  std::vector<int32_t> figure_years_;        // parallel to figures_
  std::vector<std::string> unit_codes_;
  std::vector<Place> places_;
  std::string names_;                     // every name and rating scheme, one after the other
  std::vector<uint32_t> name_starts_{0};  // where each begins in names_, and the end
  std::vector<std::vector<std::string>> model_sets_;
};

}  // namespace hoptac::report
