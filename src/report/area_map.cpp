#include "report/area_map.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

#include "domain/area.hpp"

namespace hoptac::report {
namespace {

constexpr uint32_t kNoVersion = UINT32_MAX;

}  // namespace

struct AreaMaps::Impl {
  const Projection& projection;
  const domain::UnitCatalog& units;
  std::mutex mutex;
  bool prepared = false;
  // The catalogue's change days (a version's first day, the day after its last, a succession's
  // first day), sorted: a period is the days from one of them up to the next.
  std::vector<int32_t> changes;
  // The versions (indices into units.units()) places were registered in, once each, and per
  // place the index of its version in `versions` (kNoVersion: no version on that day).
  std::vector<uint32_t> versions;
  std::vector<uint32_t> slot_of_place;
  std::map<std::pair<int, size_t>, std::unique_ptr<AreaMap>> maps;

  Impl(const Projection& p, const domain::UnitCatalog& u) : projection(p), units(u) {}

  void Prepare() {
    const auto& all = units.units();
    for (const domain::Unit& u : all) {
      changes.push_back(u.valid_from.days());
      if (u.valid_to < Date::Max()) changes.push_back(u.valid_to.days() + 1);
    }
    for (const domain::UnitSuccession& s : units.successions()) {
      changes.push_back(s.effective.days());
    }
    std::sort(changes.begin(), changes.end());
    changes.erase(std::unique(changes.begin(), changes.end()), changes.end());

    std::unordered_map<uint32_t, uint32_t> slot_of_version;
    slot_of_place.assign(projection.places().size(), kNoVersion);
    for (size_t i = 0; i < projection.places().size(); ++i) {
      const Place& place = projection.places()[i];
      const domain::Unit* v =
          units.At(projection.unit_code(place.unit), Date::FromDays(place.since));
      if (v == nullptr) continue;
      const auto version = static_cast<uint32_t>(v - all.data());
      auto [it, added] =
          slot_of_version.try_emplace(version, static_cast<uint32_t>(versions.size()));
      if (added) versions.push_back(version);
      slot_of_place[i] = it->second;
    }
    prepared = true;
  }

  size_t PeriodOf(Date d) const {
    return static_cast<size_t>(std::upper_bound(changes.begin(), changes.end(), d.days()) -
                               changes.begin());
  }

  std::unique_ptr<AreaMap> Compute(domain::UnitLevel level, Date g) const {
    auto map = std::make_unique<AreaMap>();
    if (level == domain::UnitLevel::kDistrict) {
      bool any = false;
      for (const domain::Unit* prov : units.ChildrenAt("", g)) {
        for (const domain::Unit* c : units.ChildrenAt(prov->code, g)) {
          any = any || c->level == domain::UnitLevel::kDistrict;
        }
        if (any) break;
      }
      map->level_exists = any;
    }
    if (!map->level_exists) return map;  // reports refuse the grouping
    std::unordered_map<std::string, uint32_t> index;
    auto area = [&](const domain::Unit* group) {
      std::string code = group == nullptr ? std::string() : group->code;
      auto [it, added] =
          index.try_emplace(std::move(code), static_cast<uint32_t>(map->areas.size()));
      if (added) {
        if (group == nullptr) {
          map->areas.push_back({"", "(không xác định được địa bàn)"});
          map->province.push_back(nullptr);
        } else {
          map->areas.push_back({group->code, group->name});
          map->province.push_back(units.Ancestor(*group, domain::UnitLevel::kProvince, g));
        }
      }
      return it->second;
    };
    map->unmapped = area(nullptr);
    const auto& all = units.units();
    std::vector<uint32_t> area_of_slot(versions.size());
    for (size_t i = 0; i < versions.size(); ++i) {
      const domain::Unit& registered = all[versions[i]];
      // Usually the registered version is still valid on the grouping date; otherwise follow the
      // unit history (decision 0003 for splits).
      const domain::Unit* now =
          registered.ValidOn(g)
              ? &registered
              : domain::PrimarySuccessor(units, registered.code, registered.valid_from, g);
      const domain::Unit* group = now == nullptr ? nullptr : units.Ancestor(*now, level, g);
      area_of_slot[i] = group == nullptr ? map->unmapped : area(group);
    }
    map->area_of_place.resize(slot_of_place.size());
    for (size_t i = 0; i < slot_of_place.size(); ++i) {
      map->area_of_place[i] =
          slot_of_place[i] == kNoVersion ? map->unmapped : area_of_slot[slot_of_place[i]];
    }
    map->order.resize(map->areas.size());
    for (uint32_t i = 0; i < map->order.size(); ++i) map->order[i] = i;
    std::sort(map->order.begin(), map->order.end(), [&](uint32_t a, uint32_t b) {
      const std::string& x = map->areas[a].code;
      const std::string& y = map->areas[b].code;
      if (x.empty() != y.empty()) return y.empty();
      return x < y;
    });
    map->rank.resize(map->areas.size());
    for (uint32_t i = 0; i < map->order.size(); ++i) map->rank[map->order[i]] = i;
    return map;
  }
};

AreaMaps::AreaMaps(const Projection& projection, const domain::UnitCatalog& units)
    : impl_(std::make_unique<Impl>(projection, units)) {}
AreaMaps::~AreaMaps() = default;

const AreaMap& AreaMaps::For(domain::UnitLevel level, Date grouping_date) {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->prepared) impl_->Prepare();
  auto& map = impl_->maps[{static_cast<int>(level), impl_->PeriodOf(grouping_date)}];
  if (!map) map = impl_->Compute(level, grouping_date);
  return *map;
}

}  // namespace hoptac::report
