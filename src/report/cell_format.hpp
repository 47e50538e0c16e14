#pragma once
// How the renderers write a cell: for people (text, HTML: 1.234.567, 39,8, dd/mm/yyyy) and for
// machines (JSON, CSV: 1234567, 39.8, YYYY-MM-DD), plus the small facts every renderer needs
// (display width, alignment, the totals label, the detail headings). Shared by the render_*.cpp
// files only; reports build Tables and never format numbers themselves.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "report/table.hpp"

namespace hoptac::report {

// "1.234.567", "-42": Vietnamese thousands grouping with dots.
std::string GroupedInteger(int64_t v);
// "39,8", "1.234,5": `decimals` places with a decimal comma and grouped thousands; "-0,0" never
// appears. Non-finite values give "".
std::string VietnameseDecimal(double v, int decimals);
// The shortest text that reads back as `v` ("39.8", "40"); "" for non-finite values.
std::string MachineDouble(double v);

// The cell as people read it: counts and money grouped (a double is rounded to whole units),
// percentages with one decimal, dates dd/mm/yyyy (text that is not an ISO date stays as is),
// missing cells "".
std::string ForPeople(const Cell& cell, ColumnType type);
// The cell as programs read it: integers as digits, doubles shortest round-trip, dates and text
// unchanged, missing cells "".
std::string ForMachines(const Cell& cell, ColumnType type);

// Columns whose values are right-aligned for people.
bool IsNumeric(ColumnType type);
// "text", "count", "money", "percent", "date".
const char* ColumnTypeName(ColumnType type);

// Terminal columns taken by `utf8`: code points, not counting combining marks (U+0300..U+036F).
size_t DisplayWidth(std::string_view utf8);

// Row i's cell for column `column`, or a missing cell when the row is short.
const Cell& CellAt(const Row& row, size_t column);
// The totals row's cell for people: as CellAt, except that an empty first cell of a text column
// reads "Tổng cộng" ("Total").
Cell TotalsCell(const Table& t, size_t column);

// The renderers' own words, in the table's language (Table::english).
struct Words {
  std::string_view totals, parameters, report, notes, detail_title, row, report_sheet, detail_sheet;
  std::array<std::string_view, 6> detail_headings;  // of a detail list, in DetailItem order
};
const Words& WordsOf(const Table& t);

// True when some row carries detail.
bool HasDetail(const Table& t);
// The fields of a detail item under Words::detail_headings; its columns by their headings,
// "; "-joined.
std::array<std::string, 6> DetailFields(const Table& t, const DetailItem& item);

}  // namespace hoptac::report
