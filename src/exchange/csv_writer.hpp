#pragma once
// Writing CSV as the interchange format does (docs/formats.md): UTF-8 with a byte-order mark (so
// that Excel opens Vietnamese text right), ',' between fields, CRLF after each record, a field
// quoted when it holds a delimiter (, ; tab), '"', CR, LF or surrounding spaces, quotes doubled.
// ReadCsv reads back exactly what this writes.

#include <span>
#include <string>
#include <string_view>

namespace hoptac::exchange {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Appends one record to `out`.
void AppendCsvRow(std::string& out, std::span<const std::string> cells);

}  // namespace hoptac::exchange
