#include "app/reference_units.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "app/embedded_units.hpp"
#include "base/date.hpp"
#include "base/text.hpp"

namespace hoptac::app {
namespace {

using domain::Unit;
using domain::UnitLevel;

constexpr std::string_view kUnits2022 = "units-2022.csv";
constexpr std::string_view kUnits2024 = "units-2024.csv";
constexpr std::string_view kUnits2025 = "units-2025.csv";
constexpr std::string_view kMapping2025 = "mapping-2025.csv";

Date Day(int year, int month, int day) { return Date::FromYmd(year, month, day).value(); }
// The last day of the units before the reform, the first day after it, and the date of the
// units-2022 list.
Date Eve() { return Day(2025, 6, 30); }
Date Reform() { return Day(2025, 7, 1); }
Date List2022() { return Day(2022, 10, 1); }

struct Row {
  size_t line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

std::string Where(std::string_view file, size_t line) {
  return std::string(file) + " line " + std::to_string(line);
}

Error RowError(std::string_view file, size_t line, std::string field, std::string value,
               const std::string& what, std::string rule) {
  return Error::Invalid(std::move(field), std::move(value), Where(file, line) + ": " + what,
                        std::move(rule));
}

// Prefixes an error about one field with the file and line it comes from.
Error AtLine(std::string_view file, size_t line, Error error) {
  error.message = Where(file, line) + ": " + error.message;
  return error;
}

// Splits CSV text into rows of fields (RFC 4180 quoting), skipping blank lines; checks that the
// first row is `header` and that every other row has as many fields.
Result<std::vector<Row>> ParseCsv(std::string_view text, std::string_view file,
                                  const std::vector<std::string>& header) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<Row> rows;
  size_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    Row row{line, {}};
    std::string field;
    bool row_done = false;
    while (!row_done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        while (true) {
          if (i >= text.size()) {
            return RowError(file, row.line, "csv", field, "a quoted field is not closed",
                            "csv.quote");
          }
          const char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field.push_back(c);
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return RowError(file, line, "csv", field, "text follows a closing quote", "csv.quote");
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          field.push_back(text[i++]);
        }
      }
      row.fields.push_back(field);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      row_done = true;
    }
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank) rows.push_back(std::move(row));
  }

  if (rows.empty() || rows.front().fields != header) {
    std::string got;
    if (!rows.empty()) {
      for (const std::string& f : rows.front().fields) got += (got.empty() ? "" : ",") + f;
    }
    std::string want;
    for (const std::string& f : header) want += (want.empty() ? "" : ",") + f;
    return RowError(file, rows.empty() ? 1 : rows.front().line, "header", got,
                    "the header must be " + want, "csv.header");
  }
  for (const Row& row : rows) {
    if (row.fields.size() != header.size()) {
      std::string got;
      for (const std::string& f : row.fields) got += (got.empty() ? "" : ",") + f;
      return RowError(file, row.line, "row", got,
                      "expected " + std::to_string(header.size()) + " fields, found " +
                          std::to_string(row.fields.size()),
                      "csv.fields");
    }
  }
  rows.erase(rows.begin());
  return rows;
}

size_t CodeLength(UnitLevel level) {
  switch (level) {
    case UnitLevel::kProvince:
      return 2;
    case UnitLevel::kDistrict:
      return 3;
    case UnitLevel::kCommune:
      return 5;
  }
  return 5;
}

// One row of a units file as a unit version valid [from, to].
Result<Unit> ParseUnitRow(const Row& row, std::string_view file, Date from, Date to) {
  const size_t line = row.line;
  auto code = domain::ParseUnitCode(row.fields[0], "code");
  if (!code.ok()) return AtLine(file, line, code.take_error());
  auto name = text::ToNfc(row.fields[1], "name");
  if (!name.ok()) return AtLine(file, line, name.take_error());
  if (name->empty()) {
    return RowError(file, line, "name", row.fields[1], "a unit needs a name", "unit.name");
  }
  auto level = domain::ParseUnitLevel(row.fields[2]);
  if (!level.ok()) return AtLine(file, line, level.take_error());
  if (code->size() != CodeLength(*level)) {
    return RowError(file, line, "code", *code,
                    std::string("a ") + domain::UnitLevelName(*level) + " code has " +
                        std::to_string(CodeLength(*level)) + " digits",
                    "unit.code");
  }
  std::string parent;
  if (*level == UnitLevel::kProvince) {
    if (!row.fields[3].empty()) {
      return RowError(file, line, "parent_code", row.fields[3], "a province has no parent",
                      "unit.parent");
    }
  } else {
    auto parsed = domain::ParseUnitCode(row.fields[3], "parent_code");
    if (!parsed.ok()) return AtLine(file, line, parsed.take_error());
    parent = std::move(parsed).value();
  }
  return Unit{
      std::move(code).value(), std::move(name).value(), *level, std::move(parent), from, to, false};
}

// All rows of a units file, with no code twice.
Result<std::vector<Unit>> ParseUnitsFile(std::string_view text, std::string_view file, Date from,
                                         Date to) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          ParseCsv(text, file, {"code", "name", "level", "parent_code"}));
  std::vector<Unit> units;
  units.reserve(rows.size());
  std::unordered_set<std::string> codes;
  codes.reserve(rows.size());
  for (const Row& row : rows) {
    HOPTAC_ASSIGN_OR_RETURN(Unit unit, ParseUnitRow(row, file, from, to));
    if (!codes.insert(unit.code).second) {
      return RowError(file, row.line, "code", unit.code, "the code appears twice",
                      "unit.duplicate");
    }
    units.push_back(std::move(unit));
  }
  return units;
}

Result<std::vector<domain::UnitSuccession>> ParseMapping(std::string_view text,
                                                         std::string_view file) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          ParseCsv(text, file, {"old_commune_code", "new_commune_code"}));
  std::vector<domain::UnitSuccession> successions;
  successions.reserve(rows.size());
  std::unordered_map<std::string, size_t> rows_of_old;
  std::unordered_set<std::string> pairs;
  for (const Row& row : rows) {
    auto from = domain::ParseUnitCode(row.fields[0], "old_commune_code");
    if (!from.ok()) return AtLine(file, row.line, from.take_error());
    auto to = domain::ParseUnitCode(row.fields[1], "new_commune_code");
    if (!to.ok()) return AtLine(file, row.line, to.take_error());
    if (!pairs.insert(*from + "," + *to).second) {
      return RowError(file, row.line, "old_commune_code", *from,
                      "the row " + *from + "," + *to + " appears twice", "unit.duplicate");
    }
    ++rows_of_old[*from];
    successions.push_back({std::move(from).value(), std::move(to).value(), Reform(), false});
  }
  for (domain::UnitSuccession& s : successions) s.partial = rows_of_old[s.from_code] > 1;
  return successions;
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot open " + path.string(), "file", path.string());
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return Error::Unavailable("cannot read " + path.string());
  return std::move(out).str();
}

}  // namespace

ReferenceUnitFiles EmbeddedReferenceUnitFiles() {
  return {std::string(EmbeddedUnits2022()), std::string(EmbeddedUnits2024()),
          std::string(EmbeddedUnits2025()), std::string(EmbeddedMapping2025())};
}

Result<ReferenceUnitFiles> ReadReferenceUnitFiles(const std::string& dir) {
  const std::filesystem::path base(dir);
  ReferenceUnitFiles files;
  HOPTAC_ASSIGN_OR_RETURN(files.units_2022, ReadFile(base / kUnits2022));
  HOPTAC_ASSIGN_OR_RETURN(files.units_2024, ReadFile(base / kUnits2024));
  HOPTAC_ASSIGN_OR_RETURN(files.units_2025, ReadFile(base / kUnits2025));
  HOPTAC_ASSIGN_OR_RETURN(files.mapping_2025, ReadFile(base / kMapping2025));
  return files;
}

Result<ReferenceUnits> ParseReferenceUnits(const ReferenceUnitFiles& files) {
  ReferenceUnits out;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Unit> before,
                          ParseUnitsFile(files.units_2024, kUnits2024, Date::Min(), Eve()));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Unit> after,
                          ParseUnitsFile(files.units_2025, kUnits2025, Reform(), Date::Max()));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Unit> older,
                          ParseUnitsFile(files.units_2022, kUnits2022, Date::Min(), List2022()));
  HOPTAC_ASSIGN_OR_RETURN(out.successions, ParseMapping(files.mapping_2025, kMapping2025));

  std::unordered_map<std::string_view, const Unit*> by_code;
  by_code.reserve(before.size());
  for (const Unit& u : before) by_code.emplace(u.code, &u);
  for (Unit& u : older) {
    const auto it = by_code.find(u.code);
    if (it == by_code.end()) {
      u.legacy = true;
      out.units.push_back(std::move(u));
    } else if (it->second->name != u.name) {
      out.aliases.push_back({u.code, std::move(u.name), "units-2022"});
    }
  }
  out.units.reserve(out.units.size() + before.size() + after.size());
  std::move(before.begin(), before.end(), std::back_inserter(out.units));
  std::move(after.begin(), after.end(), std::back_inserter(out.units));
  return out;
}

}  // namespace hoptac::app
