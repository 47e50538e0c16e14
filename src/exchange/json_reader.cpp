#include "exchange/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/text.hpp"

namespace hoptac::exchange {

namespace {

using nlohmann::json;

Error Refused(std::string message) {
  return Error::Invalid("file", "", std::move(message), "json.format");
}

// Builds the Sheet while nlohmann's parser walks the file (SAX), so that memory follows the Sheet,
// not a tree of the whole document. Depths count the containers open around the current value.
class SheetBuilder {
 public:
  SheetBuilder(RecordKind kind, size_t max_records) : kind_(kind), max_records_(max_records) {
    sheet_.name = Id(kind);
    SheetRow header;
    header.line = 0;
    for (const ColumnSpec& c : Columns(kind)) {
      at_.emplace(std::string(c.name), header.cells.size());
      header.cells.emplace_back(c.name);
    }
    sheet_.rows.push_back(std::move(header));
  }

  Result<Sheet> Take() {
    if (error_) return *std::move(error_);
    if (!saw_records_) return Refused("expected an object with \"records\": [ … ]");
    return std::move(sheet_);
  }

  // nlohmann's SAX interface.
  bool null() { return Scalar(std::string(kClearMarker)); }
  bool boolean(bool b) { return Scalar(b ? "1" : "0"); }
  bool number_integer(json::number_integer_t n) { return Scalar(std::to_string(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return Scalar(std::to_string(n)); }
  bool number_float(json::number_float_t, const std::string& text) { return Scalar(text); }
  bool binary(json::binary_t&) { return Scalar("(binary)"); }
  bool string(std::string& s) {
    auto nfc = text::ToNfc(s, "file");
    if (!nfc.ok()) return Fail(nfc.take_error());
    if (depth_ == 1 && top_is_object_ && key_ == "kind") {
      if (*nfc != Id(kind_)) {
        return Fail(
            Refused("the file holds \"kind\": \"" + *nfc + "\", not \"" + Id(kind_) + "\""));
      }
      return true;
    }
    return Scalar(std::move(nfc).value());
  }
  bool start_object(std::size_t) { return Open(true); }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(false); }
  bool end_array() { return Close(); }
  bool key(std::string& k) {
    if (depth_ == 1 && top_is_object_) {
      key_ = k;
      return true;
    }
    if (in_record_ && depth_ == records_depth_ + 1) {
      auto name = text::ToNfc(k, "file");
      if (!name.ok()) return Fail(name.take_error());
      auto [it, fresh] = at_.try_emplace(*name, sheet_.rows[0].cells.size());
      if (fresh) sheet_.rows[0].cells.push_back(*name);
      column_ = it->second;
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const json::exception& e) {
    if (e.id == 406) {  // a number beyond a double
      return Fail(Refused("not a JSON file hoptac can read: a number is out of range (byte " +
                          std::to_string(position) + ")"));
    }
    return Fail(Refused("not a JSON file: error at byte " + std::to_string(position)));
  }

 private:
  bool Fail(Error e) {
    if (!error_) error_ = std::move(e);
    return false;
  }

  // Where a value is, by the depth it sits at (after Open, depth_ counts its own container).
  bool AtRecordsLevel() const { return records_depth_ != 0 && depth_ == records_depth_; }

  bool Open(bool object) {
    ++depth_;
    if (depth_ == 1) {
      top_is_object_ = object;
      if (!object) {  // a bare array of records
        records_depth_ = 1;
        saw_records_ = true;
      }
      return true;
    }
    if (depth_ == 2 && top_is_object_ && key_ == "records") {
      if (object) return Fail(Refused("expected \"records\" to be an array of objects"));
      records_depth_ = 2;
      saw_records_ = true;
      return true;
    }
    if (depth_ == records_depth_ + 1 && !in_record_) {
      if (!object) return Fail(NotAnObject());
      return StartRecord();
    }
    if (in_record_ && depth_ == records_depth_ + 2) {
      // A value that is a container: an array of scalars is a list; anything else is kept as a
      // short text that the row parser reports on its record and column.
      value_ = object ? "{…}" : "";
      value_is_list_ = !object;
      value_bad_ = object;
      return true;
    }
    if (in_record_ && depth_ > records_depth_ + 2) {
      value_bad_ = true;
      value_ = "[…]";
    }
    return true;
  }

  bool Close() {
    if (in_record_ && depth_ == records_depth_ + 2) SetCell(std::move(value_));
    if (in_record_ && depth_ == records_depth_ + 1) {
      in_record_ = false;
      sheet_.rows.push_back(std::move(row_));
    }
    if (depth_ == records_depth_) records_depth_ = 0;  // the records are over
    --depth_;
    return true;
  }

  Error NotAnObject() const {
    return Refused("record " + std::to_string(records_ + 1) + " is not an object");
  }

  bool StartRecord() {
    if (++records_ > max_records_) {
      return Fail(Refused("more than " + std::to_string(max_records_) + " records"));
    }
    in_record_ = true;
    row_ = SheetRow{};
    row_.line = records_;
    return true;
  }

  void SetCell(std::string cell) {
    if (row_.cells.size() <= column_) row_.cells.resize(column_ + 1);
    row_.cells[column_] = std::move(cell);
  }

  bool Scalar(std::string text) {
    if (records_depth_ != 0 && depth_ == records_depth_ && !in_record_) return Fail(NotAnObject());
    if (!in_record_) {
      if (depth_ == 1 && top_is_object_ && key_ == "kind") {
        return Fail(Refused("expected \"kind\": \"" + std::string(Id(kind_)) + "\""));
      }
      if (depth_ == 1 && top_is_object_ && key_ == "records") {
        return Fail(Refused("expected \"records\" to be an array of objects"));
      }
      return true;  // another top-level member: ignored
    }
    if (depth_ == records_depth_ + 1) {
      SetCell(std::move(text));
    } else if (depth_ == records_depth_ + 2 && value_is_list_ && !value_bad_) {
      if (!value_.empty()) value_.append("; ");
      value_.append(text);
    }
    return true;
  }

  RecordKind kind_;
  size_t max_records_;
  Sheet sheet_;
  std::unordered_map<std::string, size_t> at_;  // column name -> header cell
  std::optional<Error> error_;
  size_t depth_ = 0;
  bool top_is_object_ = false;
  std::string key_;           // the current key of the top-level object
  size_t records_depth_ = 0;  // depth of the records array once open (0: not yet)
  bool saw_records_ = false;
  size_t records_ = 0;
  bool in_record_ = false;
  SheetRow row_;
  size_t column_ = 0;
  std::string value_;  // a container value being gathered
  bool value_is_list_ = false;
  bool value_bad_ = false;
};

}  // namespace

Result<Sheet> ReadJsonRecords(std::string_view bytes, RecordKind kind, size_t max_records) {
  SheetBuilder builder(kind, max_records);
  try {
    json::sax_parse(bytes, &builder);
  } catch (const json::exception&) {
    return Refused("not a JSON file hoptac can read");
  }
  return builder.Take();
}

}  // namespace hoptac::exchange
