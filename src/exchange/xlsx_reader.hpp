#pragma once
// XLSX reader: one sheet of an Excel workbook (Office Open XML, as written by Excel, LibreOffice
// and libxlsxwriter) as a Sheet of NFC text cells, read from the file's bytes in memory.
//
// What a cell becomes:
//   - shared strings (plain or rich text: the runs are concatenated, phonetic runs dropped),
//     inline strings and cached formula strings: their text, through text::ToNfc;
//   - booleans: "TRUE" / "FALSE"; errors: their text ("#N/A");
//   - numbers: the decimal as written when it is plain ("1234567", "-12.5"), otherwise the value
//     as Excel shows it with 15 significant digits, without an exponent ("1.5E-3" -> "0.0015");
//   - numbers whose cell style is a date format (built-in formats 14-22 and 45-47, or a custom
//     format with d, m, y, h or s outside quotes and brackets): "YYYY-MM-DD", or
//     "YYYY-MM-DDThh:mm:ss" when the serial has a time of day. The 1900 date system keeps Excel's
//     (Lotus's) leap-year bug: serial 60 is the day Excel calls 29/02/1900, which did not exist;
//     it becomes the text "1900-02-29", so that the importer's date check reports it on its row
//     and column instead of the whole file failing; serials from 61 on are one day less than
//     their count from 31/12/1899. Workbooks with date1904="1" count from 01/01/1904. A date
//     serial outside 0..2958465 (31/12/9999) stays a number. ISO 8601 cells (t="d") become the
//     same forms.
// Rows keep their Excel row numbers (SheetRow::line); rows without a non-empty cell are left out;
// gaps between cells are empty strings and trailing empty cells are dropped.
//
// Limits against hostile files: the sum of the entries' uncompressed sizes and every entry must
// stay within max_uncompressed (checked on the declared sizes and again on the bytes actually
// inflated); the sheet may hold at most max_cells cells (gaps included) and, since one shared
// string can fill many cells, at most max_uncompressed bytes of cell text; the shared strings may
// number at most max_cells. XML is streamed
// (expat), never loaded as a tree; documents with a DOCTYPE are refused. Memory follows max_cells
// (the Sheet is the only thing that grows); max_uncompressed bounds the work, and its default
// admits the national figures: 500,000 rows of 16 columns are about 300 MB of sheet XML.
//
// Failures are kInvalid with a message for the person who chose the file: not a workbook, a
// missing part (named), malformed XML (the part and line), a sheet name that does not exist
// (with the names that do), a limit exceeded. Thread-safe: calls share no state.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "exchange/sheet.hpp"

namespace hoptac::exchange {

struct XlsxOptions {
  std::string sheet;  // the sheet's name; empty: the first sheet in workbook order
  uint64_t max_uncompressed = uint64_t{1} << 30;  // bytes, all entries together (1 GiB)
  uint64_t max_cells = 20'000'000;
};

// The named (or first) sheet of the workbook in `bytes`.
Result<Sheet> ReadXlsx(std::string_view bytes, const XlsxOptions& options);

// The workbook's sheet names in workbook order (NFC), hidden sheets included.
Result<std::vector<std::string>> XlsxSheetNames(std::string_view bytes);

}  // namespace hoptac::exchange
