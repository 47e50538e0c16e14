#include "domain/area.hpp"

#include <algorithm>
#include <memory>

namespace hoptac::domain {

const Unit* PrimarySuccessor(const UnitCatalog& units, std::string_view code, Date d, Date target) {
  const std::vector<UnitCatalog::Mapped> mapped = units.MapTo(code, d, target);
  if (mapped.empty()) return nullptr;
  for (const auto& m : mapped) {
    if (m.unit->code == code) return m.unit;
  }
  return std::min_element(mapped.begin(), mapped.end(),
                          [](const auto& a, const auto& b) { return a.unit->code < b.unit->code; })
      ->unit;
}

namespace {

void CollectLeaves(const UnitCatalog& units, std::string_view code, Date d,
                   std::vector<std::string>& out) {
  const auto children = units.ChildrenAt(code, d);
  if (children.empty()) {
    out.emplace_back(code);
    return;
  }
  for (const Unit* c : children) CollectLeaves(units, c->code, d, out);
}

bool IsUnder(const UnitCatalog& units, const Unit& u, std::string_view ancestor, Date d) {
  for (const Unit* p = &u; p != nullptr; p = units.Parent(*p, d)) {
    if (p->code == ancestor) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> CodesWithin(const UnitCatalog& units, std::string_view unit_code, Date d) {
  if (const auto kept = units.FindArea(unit_code, d)) return *kept;
  std::vector<std::string> out;
  if (const Unit* u = units.At(unit_code, d); u != nullptr) {
    CollectLeaves(units, u->code, d, out);
    for (const Unit* old : units.PredecessorsUnder(u->code, d)) {
      if (!units.ChildrenAt(old->code, old->valid_to).empty()) continue;  // not a commune
      const Unit* primary = PrimarySuccessor(units, old->code, old->valid_to, d);
      if (primary != nullptr && IsUnder(units, *primary, u->code, d)) out.push_back(old->code);
    }
  } else if (const Unit* latest = units.Latest(unit_code); latest != nullptr) {
    // An older unit: take its last version that ended before d.
    const Unit* old = latest->valid_to < d ? latest : nullptr;
    for (const Unit& v : units.units()) {
      if (v.code == unit_code && v.valid_to < d && (old == nullptr || v.valid_to > old->valid_to)) {
        old = &v;
      }
    }
    if (old != nullptr) {
      std::vector<std::string> leaves;
      CollectLeaves(units, old->code, old->valid_to, leaves);
      for (const auto& leaf : leaves) {
        out.push_back(leaf);
        for (const auto& m : units.MapTo(leaf, old->valid_to, d)) out.push_back(m.unit->code);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  units.KeepArea(unit_code, d, std::make_shared<const std::vector<std::string>>(out));
  return out;
}

std::string UnitPath(const UnitCatalog& units, const Unit& unit, Date d) {
  std::string out = unit.name;
  for (const Unit* p = units.Parent(unit, d); p != nullptr; p = units.Parent(*p, d)) {
    out += ", ";
    out += p->name;
  }
  return out;
}

}  // namespace hoptac::domain
