#pragma once
// RecordWriter: the records of one kind written as a file of the interchange format
// (docs/formats.md) — CSV, XLSX or JSON — row by row.
//
// Every writer takes a row as the text cells of the CSV form, one per Columns(kind) in order
// (dates "YYYY-MM-DD", numbers plain, lists joined by "; ", flags "1" or empty, an events field
// cleared as kClearMarker, empty for "not given"), and types them by the column's ValueType:
//   - CSV: as given (csv_writer.hpp);
//   - XLSX: one sheet named after the kind, the canonical header in row 1; numbers as number
//     cells (up to 15 digits; longer ones stay text), dates as date cells shown yyyy-mm-dd, the
//     rest as text cells, empty cells left out. Written by libxlsxwriter in constant-memory mode
//     through a private temporary file; the workbook's creation time is `created`, so the same
//     rows give the same bytes;
//   - JSON: {"kind": "...", "records": [...]} with one object per row on its own line, keys the
//     canonical names in column order, empty cells left out; numbers as numbers, lists as arrays
//     of strings, flags as true, a cleared field as null, the rest as strings.
// Each reader (CSV, ReadXlsx, ReadJsonRecords) gives back exactly the cells written.
// Not thread-safe; one writer per file.

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "base/result.hpp"
#include "exchange/columns.hpp"

namespace hoptac::exchange {

enum class FileFormat { kCsv, kXlsx, kJson };
const char* Id(FileFormat format);  // "csv", "xlsx", "json"
// "csv", "xlsx" or "json"; kInvalid naming `field` otherwise.
Result<FileFormat> ParseFileFormat(std::string_view text, std::string_view field = "format");

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // Appends a row of Columns(kind).size() text cells. kInternal when the XLSX library fails.
  virtual Status Add(std::span<const std::string> cells) = 0;
  // The file's bytes. Call once, after the last Add.
  virtual Result<std::string> Finish() = 0;
};

// A writer for `kind` in `format`; the header (or the JSON preamble) is written here.
// kInternal when the XLSX temporary file cannot be created.
Result<std::unique_ptr<RecordWriter>> MakeRecordWriter(FileFormat format, RecordKind kind,
                                                       Timestamp created);

}  // namespace hoptac::exchange
