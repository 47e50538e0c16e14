#include "report/projection.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace hoptac::report {
namespace {

int64_t Value(const std::optional<int64_t>& v) { return v ? *v : Figures::kMissing; }
int64_t Value(const std::optional<domain::Money>& v) { return v ? v->vnd() : Figures::kMissing; }
int32_t Days(const std::optional<Date>& d) { return d ? d->days() : kNoDate; }

// Interns strings (or lists of strings) into a table, returning stable indices.
template <typename T, typename Key>
class Interner {
 public:
  explicit Interner(std::vector<T>& table) : table_(table) {}
  int32_t operator()(const T& value, const Key& key) {
    auto [it, added] = index_.try_emplace(key, static_cast<int32_t>(table_.size()));
    if (added) table_.push_back(value);
    return it->second;
  }

 private:
  std::vector<T>& table_;
  std::unordered_map<Key, int32_t> index_;
};

std::string JoinModels(const std::vector<std::string>& models) {
  std::string key;
  for (const auto& m : models) {
    key += m;
    key.push_back('\n');
  }
  return key;
}

template <typename T>
size_t Bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

// Interns the names into one string: the set holds indices and looks them up by their text.
class Projection::Builder {
 public:
  explicit Builder(Projection& p)
      : p_(p), names_(0, NameHash{&p}, NameEq{&p}), units_(p.unit_codes_), models_(p.model_sets_) {}

  int32_t Name(std::string_view text) {
    if (auto it = names_.find(text); it != names_.end()) return *it;
    if (p_.names_.size() + text.size() > std::numeric_limits<uint32_t>::max()) {
      throw std::length_error("projection: names exceed 4 GiB");
    }
    const auto i = static_cast<int32_t>(p_.name_starts_.size() - 1);
    p_.names_.append(text);
    p_.name_starts_.push_back(static_cast<uint32_t>(p_.names_.size()));
    names_.insert(i);
    return i;
  }
  int32_t Unit(const std::string& code) { return units_(code, code); }
  int32_t Models(const std::vector<std::string>& models) {
    return models_(models, JoinModels(models));
  }
  int32_t Place(int32_t unit, int32_t since) {
    const uint64_t key =
        (static_cast<uint64_t>(static_cast<uint32_t>(unit)) << 32) | static_cast<uint32_t>(since);
    auto [it, added] = places_.try_emplace(key, static_cast<int32_t>(p_.places_.size()));
    if (added) p_.places_.push_back({unit, since});
    return it->second;
  }

 private:
  struct NameHash {
    using is_transparent = void;
    const Projection* p;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    size_t operator()(int32_t i) const { return (*this)(p->name(i)); }
  };
  struct NameEq {
    using is_transparent = void;
    const Projection* p;
    std::string_view Text(std::string_view s) const { return s; }
    std::string_view Text(int32_t i) const { return p->name(i); }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Text(a) == Text(b);
    }
  };

  Projection& p_;
  std::unordered_set<int32_t, NameHash, NameEq> names_;
  Interner<std::string, std::string> units_;
  Interner<std::vector<std::string>, std::string> models_;
  std::unordered_map<uint64_t, int32_t> places_;
};

Result<Projection> Projection::Build(domain::Store& store, Timestamp known_at) {
  Projection p;
  p.known_at_ = known_at;
  // At most one snapshot per event and one figures row per revision: reserving the counts keeps
  // the arrays at their size instead of growing them by doubling.
  HOPTAC_ASSIGN_OR_RETURN(const domain::StoreCounts counts, store.Counts());
  const auto size = [](int64_t n) { return static_cast<size_t>(std::max<int64_t>(n, 0)); };
  p.orgs_.reserve(size(counts.organisations));
  p.registry_codes_.reserve(size(counts.organisations));
  p.snapshots_.reserve(size(counts.events));
  p.snapshot_from_.reserve(size(counts.events));
  p.figures_.reserve(size(counts.figures));
  p.figure_years_.reserve(size(counts.figures));
  Builder builder(p);
  HOPTAC_RETURN_IF_ERROR(store.ForEachHistory([&](const domain::Organisation& org,
                                                  std::vector<domain::Event>& events) {
    OrgEntry entry;
    entry.id = org.id;
    entry.kind = org.kind;
    entry.first_snapshot = static_cast<uint32_t>(p.snapshots_.size());
    domain::FoldTimeline(org, events, known_at, [&](const domain::OrgState& st) {
      Snapshot s;
      s.status = st.status;
      s.field = st.field;
      // Most snapshots keep the previous one's head office, name and models.
      const Snapshot* previous =
          p.snapshots_.size() > entry.first_snapshot ? &p.snapshots_.back() : nullptr;
      if (st.unit_code.empty()) {
        s.place = -1;
      } else if (previous != nullptr && previous->place >= 0 &&
                 p.places_[static_cast<size_t>(previous->place)].since == st.unit_since.days() &&
                 p.unit_code(p.places_[static_cast<size_t>(previous->place)].unit) ==
                     st.unit_code) {
        s.place = previous->place;
      } else {
        s.place = builder.Place(builder.Unit(st.unit_code), st.unit_since.days());
      }
      s.name = previous != nullptr && p.name(previous->name) == st.name ? previous->name
                                                                        : builder.Name(st.name);
      if (st.models.empty()) {
        s.models = -1;
      } else if (previous != nullptr && previous->models >= 0 &&
                 p.models(previous->models) == st.models) {
        s.models = previous->models;
      } else {
        s.models = builder.Models(st.models);
      }
      s.reregistered_2012 = Days(st.reregistered_2012_on);
      s.charter_amended_2023 = Days(st.charter_amended_2023_on);
      s.suspended_since = Days(st.suspended_since);
      s.revoked = Days(st.certificate_revoked_on);
      s.ended = Days(st.ended_on);
      if (st.ended_by) s.ended_by = *st.ended_by;
      if (st.ground) s.ground = static_cast<int8_t>(*st.ground);
      p.snapshots_.push_back(s);
      p.snapshot_from_.push_back(st.last_event_on.days());
    });
    entry.snapshot_count = static_cast<uint32_t>(p.snapshots_.size()) - entry.first_snapshot;
    if (entry.snapshot_count == 0) return;  // not known at known_at
    entry.founded = p.snapshot_from_[entry.first_snapshot];
    p.orgs_.push_back(entry);
    p.registry_codes_.push_back(org.registry_code);
  }));
  HOPTAC_RETURN_IF_ERROR(
      store.ForEachFigures([&](domain::OrgId id, std::vector<domain::YearlyFigures>& revisions) {
        // Both visits go in id order (domain::Store), so orgs_ is sorted by id.
        auto it = std::lower_bound(p.orgs_.begin(), p.orgs_.end(), id,
                                   [](const OrgEntry& o, domain::OrgId x) { return o.id < x; });
        if (it == p.orgs_.end() || it->id != id) return;
        OrgEntry& entry = *it;
        entry.first_figures = static_cast<uint32_t>(p.figures_.size());
        for (const domain::YearlyFigures& y : domain::FiguresAsKnown(revisions, known_at)) {
          Figures f;
          f.year = y.year;
          f.members = Value(y.members);
          f.workers = Value(y.workers);
          f.charter_capital = Value(y.charter_capital);
          f.total_assets = Value(y.total_assets);
          f.revenue = Value(y.revenue);
          f.profit = Value(y.profit_before_tax);
          f.avg_income = Value(y.avg_income);
          if (y.rating) f.rating = static_cast<int8_t>(*y.rating);
          f.score = Value(domain::EffectiveScore(y));
          if (!y.rating_scheme.empty()) f.scheme = builder.Name(y.rating_scheme);
          p.figures_.push_back(f);
          p.figure_years_.push_back(f.year);
        }
        entry.figures_count = static_cast<uint32_t>(p.figures_.size()) - entry.first_figures;
      }));
  return p;
}

size_t Projection::MemoryBytes() const {
  size_t n = Bytes(orgs_) + Bytes(registry_codes_) + Bytes(snapshots_) + Bytes(snapshot_from_) +
             Bytes(figures_) + Bytes(figure_years_) + Bytes(unit_codes_) + Bytes(places_) +
             names_.capacity() + Bytes(name_starts_) + Bytes(model_sets_);
  auto heap = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  for (const auto& s : registry_codes_) n += heap(s);
  for (const auto& s : unit_codes_) n += heap(s);
  for (const auto& set : model_sets_) {
    n += Bytes(set);
    for (const auto& s : set) n += heap(s);
  }
  return n;
}

void Projection::ToState(const OrgEntry& o, const Snapshot& s, domain::OrgState& out) const {
  auto date = [](int32_t d) -> std::optional<Date> {
    if (d == kNoDate) return std::nullopt;
    return Date::FromDays(d);
  };
  out.id = o.id;
  out.kind = o.kind;
  out.exists = true;
  out.status = s.status;
  out.field = s.field;
  out.founded_on = Date::FromDays(o.founded);
  out.unit_since = Date::FromDays(s.place >= 0 ? places_[static_cast<size_t>(s.place)].since : 0);
  out.last_event_on = Date::FromDays(SnapshotFrom(s));
  out.reregistered_2012_on = date(s.reregistered_2012);
  out.charter_amended_2023_on = date(s.charter_amended_2023);
  out.suspended_since = date(s.suspended_since);
  out.certificate_revoked_on = date(s.revoked);
  out.ended_on = date(s.ended);
  out.ended_by = s.ended == kNoDate ? std::nullopt : std::optional<domain::EventType>(s.ended_by);
  out.ground = s.ground < 0 ? std::nullopt
                            : std::optional<domain::DissolutionGround>(
                                  static_cast<domain::DissolutionGround>(s.ground));
}

}  // namespace hoptac::report
