#include "report/projection.hpp"

#include <algorithm>
#include <unordered_map>

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

}  // namespace

Result<Projection> Projection::Build(domain::Store& store, Timestamp known_at) {
  Projection p;
  p.known_at_ = known_at;
  Interner<std::string, std::string> units(p.unit_codes_);
  Interner<std::string, std::string> names(p.names_);
  Interner<std::vector<std::string>, std::string> models(p.model_sets_);
  std::unordered_map<domain::OrgId, size_t> index;
  std::unordered_map<uint64_t, int32_t> places;
  HOPTAC_RETURN_IF_ERROR(store.ForEachHistory(
      [&](const domain::Organisation& org, std::vector<domain::Event>& events) {
        OrgEntry entry;
        entry.id = org.id;
        entry.kind = org.kind;
        entry.registry_code = org.registry_code;
        entry.first_snapshot = static_cast<uint32_t>(p.snapshots_.size());
        domain::FoldTimeline(org, events, known_at, [&](const domain::OrgState& st) {
          Snapshot s;
          s.from = st.last_event_on.days();
          s.status = st.status;
          s.field = st.field;
          s.unit = st.unit_code.empty() ? -1 : units(st.unit_code, st.unit_code);
          s.unit_since = st.unit_since.days();
          if (s.unit >= 0) {
            const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(s.unit)) << 32) |
                                 static_cast<uint32_t>(s.unit_since);
            auto [it, added] = places.try_emplace(key, static_cast<int32_t>(p.places_.size()));
            if (added) p.places_.push_back({s.unit, s.unit_since});
            s.place = it->second;
          }
          s.name = names(st.name, st.name);
          s.models = st.models.empty() ? -1 : models(st.models, JoinModels(st.models));
          s.reregistered_2012 = Days(st.reregistered_2012_on);
          s.charter_amended_2023 = Days(st.charter_amended_2023_on);
          s.suspended_since = Days(st.suspended_since);
          s.revoked = Days(st.certificate_revoked_on);
          s.ended = Days(st.ended_on);
          if (st.ended_by) s.ended_by = *st.ended_by;
          if (st.ground) s.ground = static_cast<int8_t>(*st.ground);
          p.snapshots_.push_back(s);
        });
        entry.snapshot_count = static_cast<uint32_t>(p.snapshots_.size()) - entry.first_snapshot;
        if (entry.snapshot_count == 0) return;  // not known at known_at
        entry.founded = p.snapshots_[entry.first_snapshot].from;
        index.emplace(org.id, p.orgs_.size());
        p.orgs_.push_back(std::move(entry));
      }));
  HOPTAC_RETURN_IF_ERROR(
      store.ForEachFigures([&](domain::OrgId id, std::vector<domain::YearlyFigures>& revisions) {
        auto it = index.find(id);
        if (it == index.end()) return;
        OrgEntry& entry = p.orgs_[it->second];
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
          f.score = Value(y.rating_score);
          if (!y.rating_scheme.empty()) f.scheme = names(y.rating_scheme, y.rating_scheme);
          p.figures_.push_back(f);
        }
        entry.figures_count = static_cast<uint32_t>(p.figures_.size()) - entry.first_figures;
      }));
  return p;
}

const Snapshot* Projection::At(const OrgEntry& o, Date d) const {
  const auto snaps = Snapshots(o);
  auto it = std::upper_bound(snaps.begin(), snaps.end(), d.days(),
                             [](int32_t day, const Snapshot& s) { return day < s.from; });
  if (it == snaps.begin()) return nullptr;
  return &*(it - 1);
}

const Figures* Projection::LatestFigures(const OrgEntry& o, int year) const {
  const auto figs = FiguresOf(o);
  auto it = std::upper_bound(figs.begin(), figs.end(), year,
                             [](int y, const Figures& f) { return y < f.year; });
  if (it == figs.begin()) return nullptr;
  return &*(it - 1);
}

const Figures* Projection::FiguresFor(const OrgEntry& o, int year) const {
  const Figures* f = LatestFigures(o, year);
  return f != nullptr && f->year == year ? f : nullptr;
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
  out.unit_since = Date::FromDays(s.unit_since);
  out.last_event_on = Date::FromDays(s.from);
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
