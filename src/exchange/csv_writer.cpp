#include "exchange/csv_writer.hpp"

namespace hoptac::exchange {

void AppendCsvRow(std::string& out, std::span<const std::string> cells) {
  bool first = true;
  for (const std::string& cell : cells) {
    if (!first) out.push_back(',');
    first = false;
    const bool quote = cell.find_first_of(",\"\r\n;\t") != std::string::npos ||
                       (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
    if (!quote) {
      out.append(cell);
      continue;
    }
    out.push_back('"');
    for (char c : cell) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.append("\r\n");
}

}  // namespace hoptac::exchange
