#pragma once
// English titles and headings of the reports (lang=en): the report's title, its column headings,
// its parameters' labels (and the values the engine words itself) and the renderers' own words.
// What the data says stays as it is: unit and organisation names, status labels, notes.

#include <string_view>

#include "report/table.hpp"

namespace hoptac::report {

// The English title of a report, or "" when the id is unknown.
std::string_view EnglishTitle(std::string_view report_id);

// Turns a Vietnamese table into English (sets Table::english).
void ToEnglish(Table& t);

}  // namespace hoptac::report
