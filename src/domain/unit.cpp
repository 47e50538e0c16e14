#include "domain/unit.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

#include "base/text.hpp"

namespace hoptac::domain {
namespace {

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsUnder(UnitLevel child, UnitLevel parent) {
  return static_cast<int>(parent) < static_cast<int>(child);
}

bool ContainsAll(std::string_view haystack, const std::vector<std::string>& tokens) {
  return std::all_of(tokens.begin(), tokens.end(), [&](const std::string& token) {
    return haystack.find(token) != std::string_view::npos;
  });
}

}  // namespace

const char* UnitLevelName(UnitLevel level) {
  switch (level) {
    case UnitLevel::kProvince:
      return "province";
    case UnitLevel::kDistrict:
      return "district";
    case UnitLevel::kCommune:
      return "commune";
  }
  return "commune";
}

Result<UnitLevel> ParseUnitLevel(std::string_view text) {
  for (UnitLevel level : {UnitLevel::kProvince, UnitLevel::kDistrict, UnitLevel::kCommune}) {
    if (text == UnitLevelName(level)) return level;
  }
  return Error::Invalid("level", std::string(text),
                        "a unit level is one of province, district or commune", "unit.level");
}

Result<std::string> ParseUnitCode(std::string_view text, std::string_view field) {
  if ((text.size() == 2 || text.size() == 3 || text.size() == 5) && IsDigits(text)) {
    return std::string(text);
  }
  return Error::Invalid(std::string(field), std::string(text),
                        "a unit code is 2 (province), 3 (district) or 5 (commune) digits",
                        "unit.code");
}

size_t UnitCatalog::StringHash::operator()(std::string_view s) const {
  return std::hash<std::string_view>{}(s);
}

struct UnitCatalog::AreaMemo {
  // The codes held, in all: a country's provinces at a few dates are about 20,000. Past the
  // bound (a client asking one date after another) the memo starts again, so it stays a few MB.
  static constexpr size_t kMaxCodes = 200000;
  std::mutex mu;
  // By the date's day number, then the code.
  std::map<int32_t, CodeMap<std::shared_ptr<const std::vector<std::string>>>> codes;
  size_t held = 0;
};

std::shared_ptr<const std::vector<std::string>> UnitCatalog::FindArea(std::string_view code,
                                                                      Date d) const {
  if (!area_memo_) return nullptr;
  std::lock_guard lock(area_memo_->mu);
  const auto day = area_memo_->codes.find(d.days());
  if (day == area_memo_->codes.end()) return nullptr;
  const auto it = day->second.find(code);
  return it == day->second.end() ? nullptr : it->second;
}

void UnitCatalog::KeepArea(std::string_view code, Date d,
                           std::shared_ptr<const std::vector<std::string>> codes) const {
  if (!area_memo_) return;
  std::lock_guard lock(area_memo_->mu);
  if (!codes) return;
  AreaMemo& m = *area_memo_;
  const size_t n = codes->size() + 1;  // an empty answer is kept too
  if (m.held + n > AreaMemo::kMaxCodes) {
    m.codes.clear();
    m.held = 0;
  }
  // Kept already (two threads computed it): the first stays.
  if (m.codes[d.days()].try_emplace(std::string(code), std::move(codes)).second) m.held += n;
}

Result<UnitCatalog> UnitCatalog::Build(std::vector<Unit> units,
                                       std::vector<UnitSuccession> successions,
                                       std::vector<UnitAlias> aliases) {
  if (units.size() >= std::numeric_limits<uint32_t>::max() ||
      successions.size() >= std::numeric_limits<uint32_t>::max()) {
    return Error::Invalid("units", std::to_string(units.size()), "too many units", "unit.catalog");
  }
  UnitCatalog c;
  c.area_memo_ = std::make_shared<AreaMemo>();
  c.units_ = std::move(units);
  c.successions_ = std::move(successions);
  c.aliases_ = std::move(aliases);
  std::sort(c.units_.begin(), c.units_.end(), [](const Unit& a, const Unit& b) {
    return std::tie(a.code, a.valid_from) < std::tie(b.code, b.valid_from);
  });
  std::sort(c.successions_.begin(), c.successions_.end(),
            [](const UnitSuccession& a, const UnitSuccession& b) {
              return std::tie(a.from_code, a.effective, a.to_code) <
                     std::tie(b.from_code, b.effective, b.to_code);
            });
  std::stable_sort(c.aliases_.begin(), c.aliases_.end(),
                   [](const UnitAlias& a, const UnitAlias& b) { return a.code < b.code; });

  // Versions of each code, checked for their codes, dates and overlaps.
  const auto n = static_cast<uint32_t>(c.units_.size());
  c.versions_.reserve(n);
  for (uint32_t i = 0; i < n;) {
    const Unit& first = c.units_[i];
    if (!ParseUnitCode(first.code).ok()) {
      return Error::Invalid("code", first.code,
                            "unit code " + first.code + " is not 2, 3 or 5 digits", "unit.code");
    }
    uint32_t j = i;
    for (; j < n && c.units_[j].code == first.code; ++j) {
      const Unit& u = c.units_[j];
      if (u.valid_to < u.valid_from) {
        return Error::Invalid("code", u.code,
                              "unit " + u.code + " is valid until " + u.valid_to.ToString() +
                                  ", before its start " + u.valid_from.ToString(),
                              "unit.validity");
      }
      if (j > i && c.units_[j - 1].valid_to >= u.valid_from) {
        return Error::Invalid(
            "code", u.code,
            "two versions of unit " + u.code + " overlap on " + u.valid_from.ToString(),
            "unit.overlap");
      }
    }
    c.versions_.emplace(first.code, Range{i, j});
    i = j;
  }

  // Parents: every non-province unit has a parent of a higher level at both ends of its validity.
  for (uint32_t i = 0; i < n; ++i) {
    const Unit& u = c.units_[i];
    if (u.level == UnitLevel::kProvince) {
      if (!u.parent_code.empty()) {
        return Error::Invalid("parent_code", u.parent_code,
                              "province " + u.code + " cannot have a parent", "unit.parent");
      }
    } else {
      for (Date d : {u.valid_from, u.valid_to}) {
        const Unit* parent = c.At(u.parent_code, d);
        if (parent == nullptr || !IsUnder(u.level, parent->level)) {
          return Error::Invalid("parent_code", u.parent_code,
                                "unit " + u.code + " has no parent " + u.parent_code +
                                    " of a higher level on " + d.ToString(),
                                "unit.parent");
        }
      }
    }
    c.children_[u.parent_code].push_back(i);  // in units_ order, so by code
  }

  // Successions name existing versions: `from` the day before, `to` on the day.
  const auto m = static_cast<uint32_t>(c.successions_.size());
  for (uint32_t i = 0; i < m; ++i) {
    const UnitSuccession& s = c.successions_[i];
    if (c.At(s.from_code, s.effective.AddDays(-1)) == nullptr) {
      return Error::Invalid("from_code", s.from_code,
                            "succession from unit " + s.from_code + " which is not valid on " +
                                s.effective.AddDays(-1).ToString(),
                            "unit.succession");
    }
    if (c.At(s.to_code, s.effective) == nullptr) {
      return Error::Invalid("to_code", s.to_code,
                            "succession from unit " + s.from_code + " to unit " + s.to_code +
                                " which is not valid on " + s.effective.ToString(),
                            "unit.succession");
    }
    if (i == 0 || c.successions_[i - 1].from_code != s.from_code) {
      uint32_t j = i;
      while (j < m && c.successions_[j].from_code == s.from_code) ++j;
      c.successions_from_.emplace(s.from_code, Range{i, j});
    }
    c.successions_into_[s.to_code].push_back(i);
  }

  const auto a = static_cast<uint32_t>(c.aliases_.size());
  c.folded_aliases_.reserve(a);
  for (uint32_t i = 0; i < a; ++i) {
    c.folded_aliases_.push_back(text::Fold(c.aliases_[i].name));
    if (i == 0 || c.aliases_[i - 1].code != c.aliases_[i].code) {
      uint32_t j = i;
      while (j < a && c.aliases_[j].code == c.aliases_[i].code) ++j;
      c.aliases_of_.emplace(c.aliases_[i].code, Range{i, j});
    }
  }

  c.folded_names_.reserve(n);
  for (const Unit& u : c.units_) c.folded_names_.push_back(text::Fold(u.name));
  return c;
}

UnitCatalog::Range UnitCatalog::VersionsOf(std::string_view code) const {
  const auto it = versions_.find(code);
  return it == versions_.end() ? Range{} : it->second;
}

UnitCatalog::Range UnitCatalog::SuccessionsFrom(std::string_view code) const {
  const auto it = successions_from_.find(code);
  return it == successions_from_.end() ? Range{} : it->second;
}

uint32_t UnitCatalog::IndexOf(const Unit* unit) const {
  return static_cast<uint32_t>(unit - units_.data());
}

const Unit* UnitCatalog::At(std::string_view code, Date d) const {
  const Range r = VersionsOf(code);
  for (uint32_t i = r.begin; i < r.end; ++i) {
    if (units_[i].ValidOn(d)) return &units_[i];
  }
  return nullptr;
}

const Unit* UnitCatalog::Latest(std::string_view code) const {
  const Range r = VersionsOf(code);
  return r.begin == r.end ? nullptr : &units_[r.end - 1];
}

const Unit* UnitCatalog::Parent(const Unit& unit, Date d) const {
  if (unit.parent_code.empty()) return nullptr;
  return At(unit.parent_code, d);
}

const Unit* UnitCatalog::Ancestor(const Unit& unit, UnitLevel level, Date d) const {
  const Unit* current = &unit;
  while (current != nullptr && current->level != level) {
    if (!IsUnder(current->level, level)) return nullptr;
    current = Parent(*current, d);
  }
  return current;
}

std::vector<const Unit*> UnitCatalog::ChildrenAt(std::string_view code, Date d) const {
  std::vector<const Unit*> out;
  const auto it = children_.find(code);
  if (it == children_.end()) return out;
  for (uint32_t i : it->second) {
    if (units_[i].ValidOn(d)) out.push_back(&units_[i]);
  }
  return out;
}

void UnitCatalog::MapVersion(uint32_t index, Date target, bool partial, std::vector<uint32_t>& path,
                             std::vector<Mapped>& out) const {
  const Unit& u = units_[index];
  if (u.ValidOn(target)) {
    out.push_back({&u, partial});
    return;
  }
  if (target < u.valid_from) return;
  if (std::find(path.begin(), path.end(), index) != path.end()) return;  // cyclic successions
  path.push_back(index);

  // The successions of this version: the day before they take effect lies inside it.
  bool has_successions = false;
  const Range r = SuccessionsFrom(u.code);
  for (uint32_t i = r.begin; i < r.end; ++i) {
    const UnitSuccession& s = successions_[i];
    if (!u.ValidOn(s.effective.AddDays(-1))) continue;
    has_successions = true;
    if (s.effective > target) continue;
    if (const Unit* to = At(s.to_code, s.effective)) {
      MapVersion(IndexOf(to), target, partial || s.partial, path, out);
    }
  }
  if (!has_successions) {
    const auto it = children_.find(u.code);
    const bool has_children =
        it != children_.end() && std::any_of(it->second.begin(), it->second.end(), [&](uint32_t i) {
          return units_[i].ValidOn(u.valid_to);
        });
    if (has_children) {
      MapChildren(index, target, partial, path, out);
    } else if (index + 1 < units_.size() && units_[index + 1].code == u.code &&
               units_[index + 1].valid_from == u.valid_to.AddDays(1)) {
      // Without successions or children, the next version of the same code continues it.
      MapVersion(index + 1, target, partial, path, out);
    }
  }
  path.pop_back();
}

void UnitCatalog::MapChildren(uint32_t index, Date target, bool partial,
                              std::vector<uint32_t>& path, std::vector<Mapped>& out) const {
  const Unit& u = units_[index];
  std::vector<Mapped> reached;
  for (const Unit* child : ChildrenAt(u.code, u.valid_to)) {
    MapVersion(IndexOf(child), target, false, path, reached);
  }
  // Each result is lifted to its ancestor at the level of `u` when there is one; a lifted result
  // took the whole of `u` unless `u` reached several results.
  std::vector<Mapped> results;
  for (const Mapped& m : reached) {
    if (const Unit* ancestor = Ancestor(*m.unit, u.level, target)) {
      results.push_back({ancestor, false});
    } else {
      results.push_back(m);
    }
  }
  std::sort(results.begin(), results.end(),
            [](const Mapped& a, const Mapped& b) { return a.unit < b.unit; });
  std::vector<Mapped> merged;
  for (const Mapped& m : results) {
    if (!merged.empty() && merged.back().unit == m.unit) {
      merged.back().partial = merged.back().partial || m.partial;
    } else {
      merged.push_back(m);
    }
  }
  const bool several = merged.size() > 1;
  for (const Mapped& m : merged) out.push_back({m.unit, partial || several || m.partial});
}

std::vector<UnitCatalog::Mapped> UnitCatalog::MapTo(std::string_view code, Date d,
                                                    Date target) const {
  std::vector<Mapped> out;
  const Unit* unit = At(code, d);
  if (unit == nullptr) return out;
  std::vector<uint32_t> path;
  MapVersion(IndexOf(unit), target, false, path, out);
  // units_ is sorted by code, so pointer order is code order.
  std::sort(out.begin(), out.end(),
            [](const Mapped& a, const Mapped& b) { return a.unit < b.unit; });
  std::vector<Mapped> merged;
  for (const Mapped& m : out) {
    if (!merged.empty() && merged.back().unit == m.unit) {
      merged.back().partial = merged.back().partial || m.partial;
    } else {
      merged.push_back(m);
    }
  }
  return merged;
}

std::vector<const Unit*> UnitCatalog::PredecessorsUnder(std::string_view code, Date before) const {
  std::vector<const Unit*> out;
  const Unit* root = At(code, before);
  if (root == nullptr) return out;

  // The target: `code` and every unit under it on `before`.
  std::vector<char> in_target(units_.size(), 0);
  std::vector<uint32_t> queue = {IndexOf(root)};
  in_target[IndexOf(root)] = 1;
  for (size_t q = 0; q < queue.size(); ++q) {
    for (const Unit* child : ChildrenAt(units_[queue[q]].code, before)) {
      in_target[IndexOf(child)] = 1;
      queue.push_back(IndexOf(child));
    }
  }

  // Every version that could map into the target, walking MapTo's steps backwards: the sources
  // of successions, all versions of parents (their children are mapped) and the version before.
  std::vector<char> seen(units_.size(), 0);
  for (uint32_t i : queue) seen[i] = 1;
  auto visit = [&](uint32_t i) {
    if (!seen[i]) {
      seen[i] = 1;
      queue.push_back(i);
    }
  };
  for (size_t q = 0; q < queue.size(); ++q) {
    const uint32_t i = queue[q];
    const Unit& u = units_[i];
    if (const auto it = successions_into_.find(u.code); it != successions_into_.end()) {
      for (uint32_t s : it->second) {
        const UnitSuccession& succession = successions_[s];
        if (!u.ValidOn(succession.effective)) continue;
        if (const Unit* from = At(succession.from_code, succession.effective.AddDays(-1))) {
          visit(IndexOf(from));
        }
      }
    }
    const Range parents = VersionsOf(u.parent_code);
    for (uint32_t p = parents.begin; p < parents.end; ++p) visit(p);
    if (i > 0 && units_[i - 1].code == u.code) visit(i - 1);
  }

  // Keep the candidates that really map into the target.
  std::sort(queue.begin(), queue.end());
  for (uint32_t i : queue) {
    const Unit& u = units_[i];
    if (!(u.valid_from < before)) continue;
    const Date last = std::min(u.valid_to, before.AddDays(-1));
    const std::vector<Mapped> mapped = MapTo(u.code, last, before);
    if (std::any_of(mapped.begin(), mapped.end(),
                    [&](const Mapped& m) { return in_target[IndexOf(m.unit)] != 0; })) {
      out.push_back(&u);
    }
  }
  return out;
}

std::vector<const Unit*> UnitCatalog::Search(std::string_view query, std::optional<Date> d,
                                             size_t limit) const {
  std::vector<const Unit*> out;
  const std::vector<std::string> tokens = text::Tokens(text::Fold(query));
  if (tokens.empty() || limit == 0) return out;
  for (uint32_t i = 0; i < units_.size(); ++i) {
    bool match = ContainsAll(folded_names_[i], tokens);
    if (!match) {
      if (const auto it = aliases_of_.find(units_[i].code); it != aliases_of_.end()) {
        for (uint32_t a = it->second.begin; a < it->second.end && !match; ++a) {
          match = ContainsAll(folded_aliases_[a], tokens);
        }
      }
    }
    if (match) out.push_back(&units_[i]);
  }
  // Stable: versions of one code stay in date order.
  std::stable_sort(out.begin(), out.end(), [&](const Unit* a, const Unit* b) {
    const bool a_valid = d.has_value() && a->ValidOn(*d);
    const bool b_valid = d.has_value() && b->ValidOn(*d);
    return std::tuple(!a_valid, static_cast<int>(a->level), std::string_view(a->code)) <
           std::tuple(!b_valid, static_cast<int>(b->level), std::string_view(b->code));
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace hoptac::domain
