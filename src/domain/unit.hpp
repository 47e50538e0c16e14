#pragma once
// Administrative units and their history (capability C4).
//
// A Unit is one *version* of an official unit: a GSO code with a name, a level and a parent, valid
// on the days [valid_from, valid_to] (both inclusive). A code may have several versions: commune
// 00967 "Xã Việt Lâm" belonged to district 030 until 2025-06-30 and to province 08 from 2025-07-01.
// Parents are named by code and resolved at the same date.
//
// A UnitSuccession says that, on `effective` (the first day of the new units), the old unit
// `from_code` (its version valid the day before) passed wholly or in part into `to_code` (its
// version valid on `effective`). A commune split across several new communes has one succession
// per part, each with `partial` set. Any number of dated changes can be described this way, not
// only the 2025 reform.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/date.hpp"
#include "base/result.hpp"

namespace hoptac::domain {

enum class UnitLevel { kProvince, kDistrict, kCommune };
const char* UnitLevelName(UnitLevel level);  // "province", "district", "commune"
Result<UnitLevel> ParseUnitLevel(std::string_view text);

struct Unit {
  std::string code;  // GSO code, digits with leading zeros (2, 3 or 5 digits)
  std::string name;  // NFC, with the type word: "Xã Việt Lâm"
  UnitLevel level = UnitLevel::kCommune;
  std::string parent_code;  // empty for provinces
  Date valid_from = Date::Min();
  Date valid_to = Date::Max();
  // A unit known only from an older list (units-2022) whose end date is not known exactly.
  bool legacy = false;

  bool ValidOn(Date d) const { return valid_from <= d && d <= valid_to; }
};

struct UnitSuccession {
  std::string from_code;
  std::string to_code;
  Date effective;        // first day of the successor unit
  bool partial = false;  // only part of `from` went into `to`
};

// An older or alternative name of a unit code (e.g. "Thị trấn X" before it became "Phường X").
struct UnitAlias {
  std::string code;
  std::string name;
  std::string source;  // e.g. "units-2022"
};

// Checks a unit code: 2 (province), 3 (district) or 5 (commune) ASCII digits.
Result<std::string> ParseUnitCode(std::string_view text, std::string_view field = "unit_code");

// All units and their successions, in memory, answering the point-in-time questions. Immutable
// once built; safe to share between threads for reading.
class UnitCatalog {
 public:
  UnitCatalog() = default;
  // Fails with kInvalid when versions of one code overlap, a parent does not exist at a date the
  // child is valid, or a succession names a unit version that does not exist.
  static Result<UnitCatalog> Build(std::vector<Unit> units, std::vector<UnitSuccession> successions,
                                   std::vector<UnitAlias> aliases = {});

  const std::vector<Unit>& units() const { return units_; }
  const std::vector<UnitSuccession>& successions() const { return successions_; }
  const std::vector<UnitAlias>& aliases() const { return aliases_; }
  bool empty() const { return units_.empty(); }

  // The version of `code` valid on `d`, or nullptr.
  const Unit* At(std::string_view code, Date d) const;
  // The latest version of `code` (whatever its dates), or nullptr.
  const Unit* Latest(std::string_view code) const;
  // The parent of `unit` at `d` (d must be inside unit's validity), or nullptr.
  const Unit* Parent(const Unit& unit, Date d) const;
  // The ancestor of `unit` at `level` valid on `d` (the unit itself if it has that level).
  const Unit* Ancestor(const Unit& unit, UnitLevel level, Date d) const;
  // Units valid on `d` whose parent is `code` (code = "" gives the provinces).
  std::vector<const Unit*> ChildrenAt(std::string_view code, Date d) const;

  // The units valid on `target` that the version of `code` valid on `d` became, following
  // successions in order of their dates (through any number of changes). A unit still valid on
  // `target` maps to itself. Each result says whether only part of the old unit went there.
  // A version without successions of its own that has children on its last day (an abolished
  // district, a merged province) maps through its children: each unit they reach is replaced by
  // its ancestor at the old unit's level when there is one on `target` (old province 02 -> new
  // province 08), and every result is partial when there are several. A version with neither
  // successions nor children continues into the next version of its code, if that starts the
  // next day. Results are sorted by code; empty when `code` is not valid on `d` or `target` is
  // before that version.
  struct Mapped {
    const Unit* unit;
    bool partial;
  };
  std::vector<Mapped> MapTo(std::string_view code, Date d, Date target) const;

  // Every unit version valid on some day before `before` that maps wholly or partly into `code`
  // (valid on `before`) or into any unit under it: the old units "under" a current unit. Each
  // version is mapped from its last day before `before`. Sorted by (code, valid_from).
  std::vector<const Unit*> PredecessorsUnder(std::string_view code, Date before) const;

  // Units whose name (or an alias) contains every folded token of `query`, e.g. "viet lam"; units
  // valid on `d` first (if given), then by level and code. At most `limit` results.
  std::vector<const Unit*> Search(std::string_view query, std::optional<Date> d,
                                  size_t limit) const;

  // The memo of domain::CodesWithin (area.cpp) over this catalogue, by unit code and date: a
  // province's codes take a thousand look-ups to find and every list of it asks them. Copies of
  // the catalogue share it (they hold the same units). Thread-safe; null when nothing is kept.
  std::shared_ptr<const std::vector<std::string>> FindArea(std::string_view code, Date d) const;
  void KeepArea(std::string_view code, Date d,
                std::shared_ptr<const std::vector<std::string>> codes) const;

 private:
  struct AreaMemo;
  // A half-open range [begin, end) of indices into one of the sorted vectors.
  struct Range {
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };
  template <typename V>
  using CodeMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  Range VersionsOf(std::string_view code) const;
  Range SuccessionsFrom(std::string_view code) const;
  uint32_t IndexOf(const Unit* unit) const;
  // Appends to `out` what version `index` became on `target` (see MapTo); `path` holds the
  // versions being mapped, to stop on cyclic successions.
  void MapVersion(uint32_t index, Date target, bool partial, std::vector<uint32_t>& path,
                  std::vector<Mapped>& out) const;
  void MapChildren(uint32_t index, Date target, bool partial, std::vector<uint32_t>& path,
                   std::vector<Mapped>& out) const;

  std::vector<Unit> units_;                  // sorted by (code, valid_from)
  std::vector<UnitSuccession> successions_;  // sorted by (from_code, effective)
  std::vector<UnitAlias> aliases_;           // sorted by code
  std::vector<std::string> folded_names_;    // parallel to units_
  std::vector<std::string> folded_aliases_;  // parallel to aliases_
  CodeMap<Range> versions_;                  // code -> its versions in units_
  CodeMap<Range> successions_from_;          // from_code -> its rows in successions_
  CodeMap<Range> aliases_of_;                // code -> its rows in aliases_
  CodeMap<std::vector<uint32_t>> children_;  // parent_code ("" for provinces) -> units_ indices
  CodeMap<std::vector<uint32_t>> successions_into_;  // to_code -> successions_ indices
  std::shared_ptr<AreaMemo> area_memo_;              // set by Build
};

}  // namespace hoptac::domain
