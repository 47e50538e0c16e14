#pragma once
// The official administrative units (data/admin-units, see its README.md): reading the four CSV
// files and turning them into unit versions, successions and aliases for domain::UnitCatalog.
//
// Rules:
//   - units-2024.csv rows are versions valid [Date::Min(), 2025-06-30];
//   - units-2025.csv rows are versions valid [2025-07-01, Date::Max()];
//   - mapping-2025.csv rows are UnitSuccession{old, new, 2025-07-01}, partial when the old code
//     has more than one row;
//   - units-2022.csv rows whose code is not in units-2024 are legacy units (legacy = true) valid
//     [Date::Min(), 2022-10-01], the date of that list (the last day it confirms them); they
//     have no successions;
//   - units-2022.csv rows whose code is in units-2024 under another name give a
//     UnitAlias{code, name in 2022, "units-2022"}; other differences in them are ignored.
//
// The files are UTF-8 CSV with a header row (`code,name,level,parent_code`, or
// `old_commune_code,new_commune_code` for the mapping). Fields may be quoted ("" inside quotes
// is a quote); a UTF-8 byte order mark, \r\n line ends and blank lines are accepted. Names are
// normalised with text::ToNfc.

#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/unit.hpp"

namespace hoptac::app {

// The texts of the four files.
struct ReferenceUnitFiles {
  std::string units_2022;
  std::string units_2024;
  std::string units_2025;
  std::string mapping_2025;
};

// The copies of data/admin-units compiled into the program.
ReferenceUnitFiles EmbeddedReferenceUnitFiles();

// Reads units-2022.csv, units-2024.csv, units-2025.csv and mapping-2025.csv from `dir`. Fails
// with kNotFound naming the first file that cannot be opened, kUnavailable when one cannot be
// read.
Result<ReferenceUnitFiles> ReadReferenceUnitFiles(const std::string& dir);

struct ReferenceUnits {
  std::vector<domain::Unit> units;
  std::vector<domain::UnitSuccession> successions;
  std::vector<domain::UnitAlias> aliases;
};

// Applies the rules above. Fails with kInvalid on a wrong header or a bad row (a field count, a
// code, a level that does not fit the code's length, a parent, a name that is not UTF-8 or is
// empty, a repeated code or mapping row): the message names the file and line, the error's
// field and value the offending column and its text. Does not check that the units form a
// consistent catalogue; domain::UnitCatalog::Build does.
Result<ReferenceUnits> ParseReferenceUnits(const ReferenceUnitFiles& files);

}  // namespace hoptac::app
