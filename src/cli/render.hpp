#pragma once
// Turning views into text: aligned tables for people, JSON for programs.

#include <iosfwd>
#include <string>
#include <vector>

#include "app/registry.hpp"

namespace hoptac::cli {

enum class Format { kTable, kJson };

// A table of strings with a header row; columns are aligned on display width (UTF-8 aware).
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

void PrintOrgView(std::ostream& out, Format f, const app::OrgView& v,
                  const domain::UnitCatalog& units);
void PrintOrgList(std::ostream& out, Format f, const std::vector<domain::OrgState>& items,
                  const std::string& next, const domain::UnitCatalog& units);
void PrintHistory(std::ostream& out, Format f, const app::HistoryView& h);
void PrintFigures(std::ostream& out, Format f, const std::string& code,
                  const std::vector<domain::YearlyFigures>& figures);
void PrintUnits(std::ostream& out, Format f, const std::vector<const domain::Unit*>& units,
                const domain::UnitCatalog& catalog);

}  // namespace hoptac::cli
