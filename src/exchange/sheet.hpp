#pragma once
// Sheet: what a spreadsheet reader hands on — the rows of one sheet (or CSV file) as text cells,
// each row with its line number in the file, before any header matching or typing. Readers
// normalise text to NFC and turn typed cells into text: dates become "YYYY-MM-DD", numbers their
// plain decimal form ("1234567", "12.5"), booleans "TRUE"/"FALSE". Empty trailing cells may be
// missing from a row.

#include <cstddef>
#include <string>
#include <vector>

namespace hoptac::exchange {

struct SheetRow {
  size_t line = 0;  // 1-based row number as the user sees it (CSV: the physical line it starts on)
  std::vector<std::string> cells;
};

struct Sheet {
  std::string name;            // sheet name (XLSX) or file name (CSV)
  std::vector<SheetRow> rows;  // every non-empty row, header rows included
};

}  // namespace hoptac::exchange
