#pragma once
// Import: a spreadsheet of organisations, events or yearly figures into the registry
// (docs/formats.md), all or nothing.
//
// The file is read (CSV or XLSX, chosen by the file name's extension), its header
// matched, every row parsed and every record checked by the registry's bulk use cases in one
// transaction. If anything is wrong — a header, a cell, a rule of the domain — nothing is written
// and the report lists every error by line, column (the file's header) and value. A dry run does
// the same work, in the same transaction, and rolls it back: its counts are the real run's.
// Importing the same file again writes nothing (its rows are "unchanged").

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/registry.hpp"
#include "exchange/columns.hpp"

namespace hoptac::app {

struct ImportOptions {
  exchange::RecordKind kind = exchange::RecordKind::kOrganisations;
  bool dry_run = false;
  std::optional<size_t> header_row;  // the line of the header; default: the first non-empty row
  std::string map_csv;               // the bytes of a --map file (two columns), or empty
  std::string sheet;                 // XLSX: the sheet's name; empty: the first sheet
  // Rows parsed and checked at a time (the file is still one transaction): bounds the memory of
  // records and commands beside the sheet.
  size_t batch_rows = 20'000;
  // Called after each batch with the data rows checked so far and the data rows of the file
  // (for a progress bar); may be empty.
  std::function<void(size_t done, size_t total)> progress = nullptr;
};

struct ImportReport {
  exchange::RecordKind kind = exchange::RecordKind::kOrganisations;
  bool dry_run = false;
  bool written = false;  // committed (false on a dry run and whenever there are errors)
  std::string encoding;  // of the file read, e.g. "Windows-1258"
  size_t rows_read = 0;  // data rows after the header
  size_t created = 0;    // rows that create something (or would, on a dry run)
  size_t unchanged = 0;  // rows the registry already holds
  size_t rows_with_errors = 0;
  std::vector<exchange::RowError> errors;  // in line order
  // The header row as read: each non-empty header of the file, in file order, with the canonical
  // column it was matched to (by its name, a known header or the map), "-" when it is ignored
  // (the map's "-", or STT), "" when it matched no column. Empty when no header row was found.
  struct HeaderCell {
    std::string header, column;
  };
  std::vector<HeaderCell> header;
};

// The formats ImportFile reads, for messages.
std::string_view AcceptedImportFormats();

// Imports a file's bytes. A file the reader refuses (encoding, quoting, limits) or an unknown
// extension gives a report with that error (nothing written). Returns an error only when the
// store fails.
Result<ImportReport> ImportFile(Registry& registry, std::string_view file_name,
                                std::string_view bytes, const ImportOptions& options,
                                const Actor& actor);

// Imports a sheet already read (by the CSV or XLSX reader).
Result<ImportReport> ImportSheet(Registry& registry, const exchange::Sheet& sheet,
                                 const ImportOptions& options, const Actor& actor);

// The errors as CSV (line, column, value, message, rule), in the interchange CSV dialect.
std::string ErrorsCsv(const ImportReport& report);

}  // namespace hoptac::app
