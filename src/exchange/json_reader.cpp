#include "exchange/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "base/text.hpp"

namespace hoptac::exchange {

namespace {

using nlohmann::json;

Error Refused(std::string message) {
  return Error::Invalid("file", "", std::move(message), "json.format");
}

Result<std::string> CellOf(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return text::ToNfc(value.get_ref<const std::string&>(), "file");
    case json::value_t::number_integer:
      return std::to_string(value.get<int64_t>());
    case json::value_t::number_unsigned:
      return std::to_string(value.get<uint64_t>());
    case json::value_t::boolean:
      return std::string(value.get<bool>() ? "1" : "0");
    case json::value_t::null:
      return std::string(kClearMarker);
    case json::value_t::array: {
      std::string out;
      for (const json& item : value) {
        if (!item.is_string()) return value.dump();
        if (!out.empty()) out.append("; ");
        HOPTAC_ASSIGN_OR_RETURN(std::string s, text::ToNfc(item.get_ref<const std::string&>()));
        out.append(s);
      }
      return out;
    }
    default:
      return value.dump();
  }
}

}  // namespace

Result<Sheet> ReadJsonRecords(std::string_view bytes, RecordKind kind, size_t max_records) {
  json doc;
  try {
    doc = json::parse(bytes);
  } catch (const json::parse_error& e) {
    return Refused("not a JSON file: error at byte " + std::to_string(e.byte));
  } catch (const json::exception&) {
    // nlohmann reports a number beyond a double ("1E400") as out_of_range, not parse_error.
    return Refused("not a JSON file hoptac can read: a number is out of range");
  }
  const json* records = &doc;
  if (doc.is_object()) {
    auto k = doc.find("kind");
    if (k != doc.end() && (!k->is_string() || k->get_ref<const std::string&>() != Id(kind))) {
      std::string message = "the file holds \"kind\": ";
      message.append(k->dump()).append(", not \"").append(Id(kind)).append("\"");
      return Refused(std::move(message));
    }
    auto r = doc.find("records");
    if (r == doc.end()) return Refused("expected an object with \"records\": [ … ]");
    records = &*r;
  }
  if (!records->is_array()) return Refused("expected \"records\" to be an array of objects");
  if (records->size() > max_records) {
    return Refused("more than " + std::to_string(max_records) + " records");
  }
  Sheet sheet;
  sheet.name = Id(kind);
  SheetRow header;
  header.line = 0;
  std::unordered_map<std::string, size_t> at;
  for (const ColumnSpec& c : Columns(kind)) {
    at.emplace(std::string(c.name), header.cells.size());
    header.cells.emplace_back(c.name);
  }
  sheet.rows.push_back(std::move(header));
  size_t n = 0;
  for (const json& record : *records) {
    ++n;
    if (!record.is_object()) {
      return Refused("record " + std::to_string(n) + " is not an object");
    }
    SheetRow row;
    row.line = n;
    for (const auto& [key, value] : record.items()) {
      auto [it, fresh] = at.try_emplace(key, sheet.rows[0].cells.size());
      if (fresh) {
        HOPTAC_ASSIGN_OR_RETURN(std::string name, text::ToNfc(key, "file"));
        sheet.rows[0].cells.push_back(std::move(name));
      }
      if (row.cells.size() <= it->second) row.cells.resize(it->second + 1);
      HOPTAC_ASSIGN_OR_RETURN(row.cells[it->second], CellOf(value));
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

}  // namespace hoptac::exchange
