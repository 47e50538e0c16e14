#pragma once
// Export: the registry as interchange files (docs/formats.md), one per kind, in CSV, XLSX or
// JSON (exchange/record_writer.hpp), as known now.
//
// organisations: one row per organisation, in id order, with the values of its founding event;
// events: every non-voided event after the founding, organisation by organisation in id order,
// each organisation's in history order; figures: the latest revision of each year, by
// organisation then year. A field an event cleared is written as the clear marker ("(xóa)"; null
// in JSON). Importing the three files, in that order, into an empty registry with the same units
// and exporting again in the same format gives the same bytes.
//
// With `as_of` D the files hold the registry as it stood on D: the organisations founded on or
// before D, the events effective on or before D, the figures of the years that ended on or before
// D (all as known now). Imported into an empty registry they rebuild it as of D: its export
// equals this one.

#include <optional>
#include <string>

#include "base/date.hpp"
#include "base/result.hpp"
#include "domain/store.hpp"
#include "exchange/columns.hpp"
#include "exchange/record_writer.hpp"

namespace hoptac::app {

struct ExportOptions {
  exchange::RecordKind kind = exchange::RecordKind::kOrganisations;
  exchange::FileFormat format = exchange::FileFormat::kCsv;
  std::optional<Date> as_of;
  Timestamp created;  // XLSX: the workbook's creation time (the same rows give the same bytes)
};

Result<std::string> Export(domain::Store& store, const ExportOptions& options);

// Export(store, {kind, kCsv}).
Result<std::string> ExportCsv(domain::Store& store, exchange::RecordKind kind);

}  // namespace hoptac::app
