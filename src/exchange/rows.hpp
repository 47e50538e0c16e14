#pragma once
// Typed records from the data rows of a sheet whose header was matched (columns.hpp).
//
// Each cell is parsed into its domain type: codes (RegistryCode), dates ("YYYY-MM-DD",
// "dd/mm/yyyy", "d/m/yyyy"), amounts of đồng ("1.234.567", "1,234,567", "1 234 567", with or
// without "đ"/"VNĐ"), counts, kinds, fields, event types, grounds and ratings by id or by
// Vietnamese label (case and diacritics ignored), lists separated by ';'. An empty cell is an
// unset value; in an events file, kClearMarker (columns.hpp) in a clearable column sets the field
// to nothing, and anywhere else it is an error. Every bad cell of every row is reported as a
// RowError naming the row's line, the file's header, the value and the rule; a row with an error
// gives no record.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "domain/figures.hpp"
#include "domain/member.hpp"
#include "exchange/columns.hpp"

namespace hoptac::exchange {

// A row of organisations: the organisation and its founding event.
struct OrganisationRecord {
  size_t line = 0;
  domain::OrgKind kind = domain::OrgKind::kHTX;  // HTX when the file has no kind column
  std::optional<domain::RegistryCode> code;      // always set in a parsed record
  Date founded_on;
  domain::Changes changes;
  domain::LegalBasis basis;
  std::string note;
};

struct EventRecord {
  size_t line = 0;
  std::string registry_code;
  domain::EventType type = domain::EventType::kAmended;
  Date effective_date;
  domain::LegalBasis basis;
  std::optional<domain::DissolutionGround> ground;
  domain::Changes changes;
  std::vector<std::string> related_codes;  // successor_code: one or more, ';'-separated
  std::string note;
};

struct FiguresRecord {
  size_t line = 0;
  std::string registry_code;
  domain::YearlyFigures figures;  // org_id 0; recorded_at unset
};

// A row of the member register. Without a membership cell, a member who joined before the 2023
// law (2024-07-01) is a 2012-law member, later ones official members.
struct MemberRecord {
  size_t line = 0;
  std::string registry_code;
  domain::Member member;  // org_id 0; recorded_at unset
};

template <typename T>
struct Parsed {
  std::vector<T> records;
  std::vector<RowError> errors;
  size_t rows_read = 0;  // data rows (after the header)
};

// The data rows of sheet.rows[begin, end) (those after the header), so that a large sheet can be
// parsed in batches; by default all of them.
struct RowRange {
  size_t begin = 0;
  size_t end = SIZE_MAX;
};

Parsed<OrganisationRecord> ParseOrganisations(const Sheet& sheet, const HeaderMatch& header,
                                              RowRange range = {});
Parsed<EventRecord> ParseEvents(const Sheet& sheet, const HeaderMatch& header, RowRange range = {});
Parsed<FiguresRecord> ParseFigures(const Sheet& sheet, const HeaderMatch& header,
                                   RowRange range = {});
Parsed<MemberRecord> ParseMembers(const Sheet& sheet, const HeaderMatch& header,
                                  RowRange range = {});

// Lists are written joined by "; ".
std::string JoinList(const std::vector<std::string>& items);

}  // namespace hoptac::exchange
