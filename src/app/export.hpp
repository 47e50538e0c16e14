#pragma once
// Export: the registry as interchange CSV files (docs/formats.md), one per kind, as known now.
//
// organisations: one row per organisation, in id order, with the values of its founding event;
// events: every non-voided event after the founding, organisation by organisation in id order,
// each organisation's in history order; figures: the latest revision of each year, by
// organisation then year. UTF-8 with a byte-order mark, CRLF. Importing the three files, in that
// order, into an empty registry with the same units and exporting again gives the same bytes.

#include <string>

#include "base/result.hpp"
#include "domain/store.hpp"
#include "exchange/columns.hpp"

namespace hoptac::app {

Result<std::string> ExportCsv(domain::Store& store, exchange::RecordKind kind);

}  // namespace hoptac::app
