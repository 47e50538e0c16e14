#pragma once
// ReadJsonRecords: a JSON file of the interchange format (record_writer.hpp) as a Sheet, so that
// JSON takes the same path after reading as CSV and XLSX (header matching, typed rows).
//
// The file is {"kind": KIND, "records": [ {...}, ... ]} (or just the array). The Sheet's header
// row (line 0: the file as a whole) holds the canonical columns of `kind` followed by any other
// key met, in the order first met, so that an unknown key is reported by the header matcher like
// an unknown column. Record N (from 1) is the row on line N. Values become the cells of the CSV
// form: strings as they are (NFC), whole numbers in decimal, true "1" and false "0", arrays of
// scalars joined by "; ", null kClearMarker; a fraction is kept as written ("2016.5"), so that
// the row parser reports it on its record and column.
//
// Any other top-level member is ignored. A value that is an object, or an array holding more than
// scalars, becomes the text "{…}" or "[…]", which the row parser then reports on its record and
// column. The file is parsed as a stream (SAX): memory follows the Sheet, not a tree of the file.
//
// Failures (kInvalid, field "file", rule "json.format"): not JSON (with the byte offset), not
// valid UTF-8, a number beyond a double, another shape, a "kind" other than `kind`, more than
// max_records records.

#include <cstddef>
#include <string_view>

#include "base/result.hpp"
#include "exchange/columns.hpp"
#include "exchange/sheet.hpp"

namespace hoptac::exchange {

Result<Sheet> ReadJsonRecords(std::string_view bytes, RecordKind kind,
                              size_t max_records = 2'000'000);

}  // namespace hoptac::exchange
