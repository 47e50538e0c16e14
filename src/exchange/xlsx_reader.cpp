#include "exchange/xlsx_reader.hpp"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/date.hpp"
#include "base/text.hpp"

namespace hoptac::exchange {
namespace {

constexpr std::string_view kWorkbookPart = "xl/workbook.xml";
constexpr std::string_view kWorkbookRelsPart = "xl/_rels/workbook.xml.rels";
constexpr std::string_view kNotWorkbook = "the file is not an .xlsx workbook";
constexpr uint32_t kMaxRow = 1'048'576;       // Excel's limits
constexpr uint32_t kMaxColumn = 16'384;       // XFD
constexpr double kMaxDateSerial = 2'958'465;  // 9999-12-31 in the 1900 system

Error FileError(std::string message, std::string part = {}) {
  return Error::Invalid("file", std::move(part), std::move(message), "xlsx");
}

Error Damaged(const std::string& part, std::string_view what) {
  return FileError("the workbook is damaged: " + part + " " + std::string(what), part);
}

Error TooLarge(uint64_t limit) {
  return FileError("the workbook is too large once uncompressed (more than " +
                   std::to_string(limit) + " bytes); it may be a zip bomb");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

template <typename T>
std::optional<T> ParseUnsigned(std::string_view s) {
  s = Trim(s);
  T value{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// ---------------------------------------------------------------------------------------------
// The zip archive, read from memory with a budget of uncompressed bytes.

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

class Archive {
 public:
  static Result<Archive> Open(std::string_view bytes, uint64_t max_uncompressed) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return Error::Internal("cannot read the workbook from memory");
    }
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    zip_error_fini(&error);
    if (zip == nullptr) {
      zip_source_free(source);
      return FileError(std::string(kNotWorkbook) + " (it is not a zip archive)");
    }
    Archive archive(zip, max_uncompressed);
    const zip_int64_t entries = zip_get_num_entries(zip, 0);
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < entries; ++i) {
      zip_stat_t stat;
      zip_stat_init(&stat);
      if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
          (stat.valid & ZIP_STAT_SIZE) == 0) {
        return FileError(std::string(kNotWorkbook) + " (its zip directory is damaged)");
      }
      if (stat.size > max_uncompressed || total + stat.size > max_uncompressed) {
        return TooLarge(max_uncompressed);
      }
      total += stat.size;
    }
    return archive;
  }

  bool Has(const std::string& name) const {
    return zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  // Streams the entry `name` to `sink(std::string_view) -> Status` in chunks. Fails when the entry
  // is missing or damaged, or when inflating yields more bytes than declared or than the budget.
  template <typename Sink>
  Status Read(const std::string& name, Sink&& sink) {
    const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return Damaged(name, "is missing");
    const auto uindex = static_cast<zip_uint64_t>(index);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_.get(), uindex, 0, &stat) != 0) return Damaged(name, "is unreadable");
    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(zip_.get(), uindex, 0));
    if (file == nullptr)
      return Damaged(name, "cannot be opened (encrypted or unknown compression)");
    uint64_t inflated = 0;
    while (true) {
      const zip_int64_t n = zip_fread(file.get(), buffer_.data(), buffer_.size());
      if (n < 0) return Damaged(name, "cannot be uncompressed");
      if (n == 0) break;
      inflated += static_cast<uint64_t>(n);
      if (inflated > budget_) return TooLarge(max_uncompressed_);
      if (inflated > stat.size) return Damaged(name, "is larger than its zip header says");
      HOPTAC_RETURN_IF_ERROR(sink(std::string_view(buffer_.data(), static_cast<size_t>(n))));
    }
    budget_ -= inflated;
    return OkStatus();
  }

 private:
  Archive(zip_t* zip, uint64_t max_uncompressed)
      : zip_(zip),
        max_uncompressed_(max_uncompressed),
        budget_(max_uncompressed),
        buffer_(size_t{64} << 10) {}

  std::unique_ptr<zip_t, ZipDiscard> zip_;
  uint64_t max_uncompressed_;
  uint64_t budget_;  // uncompressed bytes that may still be read
  std::vector<char> buffer_;
};

// ---------------------------------------------------------------------------------------------
// Streaming XML with expat. Handlers see local names, so prefixes do not matter (Excel writes
// <sheetData>, other producers <x:sheetData>). Namespace processing is off: it costs time on every
// element, and the names in the parts read here are unambiguous without it.

using Attributes = const XML_Char**;

std::string_view LocalName(const XML_Char* name) {
  std::string_view s(name);
  const size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const XML_Char* Attr(Attributes attributes, std::string_view local_name) {
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    if (LocalName(attributes[i]) == local_name) return attributes[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, Attributes attributes) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view text) = 0;

  bool failed() const { return error_.has_value(); }
  Error TakeError() { return std::move(*error_); }

 protected:
  // Refuses the content: parsing stops and the error is returned with the part and line.
  void Fail(Error error) {
    if (!error_) error_ = std::move(error);
  }

 private:
  std::optional<Error> error_;
};

struct ParseContext {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  bool doctype = false;
  XML_Size failed_line = 0;
};

void CheckFailure(ParseContext& context) {
  if (context.handler->failed() && context.failed_line == 0) {
    context.failed_line = XML_GetCurrentLineNumber(context.parser);
    XML_StopParser(context.parser, XML_FALSE);
  }
}

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& context = *static_cast<ParseContext*>(data);
  if (context.handler->failed()) return;
  context.handler->Start(LocalName(name), attributes);
  CheckFailure(context);
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
  auto& context = *static_cast<ParseContext*>(data);
  if (context.handler->failed()) return;
  context.handler->End(LocalName(name));
  CheckFailure(context);
}

void XMLCALL OnText(void* data, const XML_Char* text, int length) {
  auto& context = *static_cast<ParseContext*>(data);
  if (context.handler->failed()) return;
  context.handler->Text(std::string_view(text, static_cast<size_t>(length)));
  CheckFailure(context);
}

void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto& context = *static_cast<ParseContext*>(data);
  context.doctype = true;
  XML_StopParser(context.parser, XML_FALSE);
}

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

Status ParsePart(Archive& archive, const std::string& part, XmlHandler& handler) {
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate(nullptr));
  if (parser == nullptr) return Error::Internal("cannot create an XML parser");
  ParseContext context{parser.get(), &handler};
  XML_SetUserData(parser.get(), &context);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);

  auto failure = [&]() -> Error {
    if (handler.failed()) {
      Error error = handler.TakeError();
      error.message += " (" + part + ", line " + std::to_string(context.failed_line) + ")";
      return error;
    }
    if (context.doctype) return Damaged(part, "declares a DOCTYPE, which workbooks never do");
    return Damaged(part, "is not well-formed XML (line " +
                             std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                             XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
  };
  HOPTAC_RETURN_IF_ERROR(archive.Read(part, [&](std::string_view chunk) -> Status {
    if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(chunk.size()), XML_FALSE) !=
        XML_STATUS_OK) {
      return failure();
    }
    return OkStatus();
  }));
  if (XML_Parse(parser.get(), nullptr, 0, XML_TRUE) != XML_STATUS_OK) return failure();
  return OkStatus();
}

// ---------------------------------------------------------------------------------------------
// Text as Excel stores it: runs concatenated by the handlers, then _xHHHH_ escapes decoded
// (Excel writes a carriage return as _x000D_ and a literal "_x" as _x005F_x), then NFC.

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string DecodeEscapes(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      uint32_t cp = 0;
      bool hex = true;
      for (size_t k = 2; k < 6; ++k) {
        const int v = HexValue(s[i + k]);
        if (v < 0) hex = false;
        cp = cp * 16 + static_cast<uint32_t>(v < 0 ? 0 : v);
      }
      if (hex && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(out, cp);
        i += 7;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

Result<std::string> CellText(std::string_view raw, std::string_view field) {
  return text::ToNfc(DecodeEscapes(raw), field);
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates.

// Plain decimal: [-+]digits[.digits], at least one digit.
bool IsPlainDecimal(std::string_view s, size_t* significant) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  size_t sig = 0;
  bool seen_nonzero = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      ++digits;
      if (c != '0') seen_nonzero = true;
      if (seen_nonzero) ++sig;
    } else {
      return false;
    }
  }
  *significant = sig;
  return digits > 0;
}

std::optional<double> ParseDouble(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// The number in its plain decimal form (see the header); nullopt when `raw` is not a number.
std::optional<std::string> FormatNumber(std::string_view raw) {
  const std::string_view s = Trim(raw);
  size_t significant = 0;
  if (IsPlainDecimal(s, &significant)) {
    std::string out(s.front() == '+' ? s.substr(1) : s);
    if (out.find('.') == std::string::npos) return out;  // integers stay as written
    if (significant <= 15) {
      while (out.back() == '0') out.pop_back();
      if (out.back() == '.') out.pop_back();
      if (out.empty() || out == "-") out += '0';
      if (out == "-0") out = "0";
      return out;
    }
  }
  const std::optional<double> value = ParseDouble(s);
  if (!value) return std::nullopt;
  // Round to the 15 significant digits Excel shows, then print the shortest fixed form.
  std::array<char, 32> rounded{};
  std::snprintf(rounded.data(), rounded.size(), "%.14e", *value);
  double shown = 0;
  std::from_chars(rounded.data(), rounded.data() + std::char_traits<char>::length(rounded.data()),
                  shown);
  if (shown == 0) return std::string("0");
  std::array<char, 400> out{};
  const auto [end, ec] =
      std::to_chars(out.data(), out.data() + out.size(), shown, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return std::string(out.data(), end);
}

constexpr int32_t kDays18991230 = -25569;  // days from 1970-01-01
constexpr int32_t kDays19040101 = -24107;

// The date of serial `raw` (see the header); nullopt when `raw` is not a number.
std::optional<std::string> FormatDate(std::string_view raw, bool date1904) {
  const std::optional<double> serial = ParseDouble(Trim(raw));
  if (!serial) return std::nullopt;
  if (*serial < 0 || *serial > kMaxDateSerial) return FormatNumber(raw);
  auto day = static_cast<int32_t>(std::floor(*serial));
  auto seconds = static_cast<int32_t>(std::llround((*serial - day) * 86400.0));
  if (seconds >= 86400) {
    ++day;
    seconds -= 86400;
  }
  if (day > kMaxDateSerial) return FormatNumber(raw);
  std::string out;
  if (date1904) {
    out = Date::FromDays(kDays19040101 + day).ToString();
  } else if (day == 60) {
    out = "1900-02-29";  // Excel's phantom day; see the header
  } else {
    // Serials 1..59 count from 1899-12-31; from 61 on Excel counts the phantom 29/02/1900.
    out = Date::FromDays(kDays18991230 + day + (day < 60 ? 1 : 0)).ToString();
  }
  if (seconds > 0) {
    std::array<char, 16> time{};
    std::snprintf(time.data(), time.size(), "T%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                  seconds % 60);
    out += time.data();
  }
  return out;
}

// Whether a number format shows a date or time: d, m, y, h or s outside quoted text, [brackets]
// (colours, locales, elapsed time) and escaped or padding characters.
bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (std::string_view("dDmMyYhHsS").find(c) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool IsBuiltinDateFormat(uint32_t id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

// A t="d" cell holds an ISO 8601 date-time ("2016-05-01T00:00:00Z"): the date, with the time to
// the second when it is not midnight, like a date serial. Anything else is kept as text.
std::string IsoDateCell(std::string_view raw) {
  const std::string_view v = Trim(raw);
  const auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i) {
      if (v[i] < '0' || v[i] > '9') return false;
    }
    return true;
  };
  if (v.size() < 10 || !digits(0, 4) || v[4] != '-' || !digits(5, 2) || v[7] != '-' ||
      !digits(8, 2)) {
    return std::string(v);
  }
  const std::string_view date = v.substr(0, 10);
  if (v.size() == 10) return std::string(date);
  if (v.size() < 19 || v[10] != 'T' || !digits(11, 2) || v[13] != ':' || !digits(14, 2) ||
      v[16] != ':' || !digits(17, 2)) {
    return std::string(v);
  }
  const std::string_view time = v.substr(11, 8);
  return time == "00:00:00" ? std::string(date) : std::string(date) + "T" + std::string(time);
}

// ---------------------------------------------------------------------------------------------
// The workbook parts.

struct SheetEntry {
  std::string name;
  std::string relationship_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "workbookPr") {
      const char* value = Attr(attributes, "date1904");
      date1904 =
          value != nullptr && (std::string_view(value) == "1" || std::string_view(value) == "true");
    } else if (name == "sheet") {
      const char* sheet_name = Attr(attributes, "name");
      const char* id = Attr(attributes, "id");
      if (sheet_name == nullptr || id == nullptr) {
        Fail(Error::Invalid("file", {}, "a sheet has no name or no part"));
        return;
      }
      auto normalized = text::ToNfc(sheet_name, "sheet");
      if (!normalized.ok()) {
        Fail(normalized.take_error());
        return;
      }
      sheets.push_back({std::move(normalized).value(), id});
    }
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}
};

struct Relationship {
  std::string target;
  std::string type;
};

class RelationshipsHandler : public XmlHandler {
 public:
  std::unordered_map<std::string, Relationship> by_id;

  void Start(std::string_view name, Attributes attributes) override {
    if (name != "Relationship") return;
    const char* id = Attr(attributes, "Id");
    const char* target = Attr(attributes, "Target");
    const char* type = Attr(attributes, "Type");
    const char* mode = Attr(attributes, "TargetMode");
    if (id == nullptr || target == nullptr) return;
    if (mode != nullptr && std::string_view(mode) == "External") return;
    by_id[id] = {target, type == nullptr ? "" : type};
  }
  void End(std::string_view) override {}
  void Text(std::string_view) override {}

  // The part of the first relationship whose type ends with "/suffix".
  std::optional<std::string> TargetOfType(std::string_view suffix) const {
    for (const auto& [id, rel] : by_id) {
      const std::string_view type = rel.type;
      if (type.size() > suffix.size() && type.ends_with(suffix) &&
          type[type.size() - suffix.size() - 1] == '/') {
        return rel.target;
      }
    }
    return std::nullopt;
  }
};

// A relationship target of xl/workbook.xml as a part name: relative to xl/, or absolute.
std::string ResolveTarget(std::string_view target) {
  std::string joined =
      target.starts_with('/') ? std::string(target.substr(1)) : "xl/" + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string segment = joined.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string part;
  for (const auto& segment : segments) {
    if (!part.empty()) part += '/';
    part += segment;
  }
  return part;
}

class SharedStringsHandler : public XmlHandler {
 public:
  // A sane workbook has no more distinct strings than cells.
  explicit SharedStringsHandler(uint64_t max_strings) : max_strings_(max_strings) {}

  std::vector<std::string> strings;

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "si") {
      current_.clear();
      in_item_ = true;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    } else if (name == "sst") {
      const char* count = Attr(attributes, "uniqueCount");
      if (count != nullptr) {
        const auto n = ParseUnsigned<size_t>(count);
        if (n) strings.reserve(std::min<size_t>(*n, size_t{1} << 20));
      }
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "si") {
      in_item_ = false;
      auto text = CellText(current_, "shared string");
      if (!text.ok()) {
        Fail(text.take_error());
        return;
      }
      if (strings.size() >= max_strings_) {
        Fail(Error::Invalid("file", {},
                            "the workbook has more shared strings than the " +
                                std::to_string(max_strings_) + " cells this import reads"));
        return;
      }
      strings.push_back(std::move(text).value());
    }
  }
  void Text(std::string_view text) override {
    if (in_text_) current_.append(text);
  }

 private:
  const uint64_t max_strings_;
  std::string current_;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
};

class StylesHandler : public XmlHandler {
 public:
  // For each cell style (index of <xf> in <cellXfs>): whether its number format is a date.
  std::vector<bool> style_is_date;

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = Attr(attributes, "numFmtId");
      format_ids_.push_back(id == nullptr ? 0 : ParseUnsigned<uint32_t>(id).value_or(0));
    } else if (name == "numFmt") {
      const char* id = Attr(attributes, "numFmtId");
      const char* code = Attr(attributes, "formatCode");
      if (id == nullptr || code == nullptr) return;
      const auto parsed = ParseUnsigned<uint32_t>(id);
      if (parsed) custom_is_date_[*parsed] = IsDateFormatCode(code);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  void Text(std::string_view) override {}

  void Finish() {
    style_is_date.reserve(format_ids_.size());
    for (const uint32_t id : format_ids_) {
      const auto custom = custom_is_date_.find(id);
      style_is_date.push_back(custom != custom_is_date_.end() ? custom->second
                                                              : IsBuiltinDateFormat(id));
    }
  }

 private:
  bool in_cell_xfs_ = false;
  std::vector<uint32_t> format_ids_;
  std::unordered_map<uint32_t, bool> custom_is_date_;
};

// ---------------------------------------------------------------------------------------------
// The worksheet, streamed row by row into the Sheet.

std::string ColumnName(uint32_t column) {
  std::string name;
  while (column > 0) {
    name.insert(name.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return name;
}

std::string CellName(uint32_t column, uint32_t row) {
  return ColumnName(column) + std::to_string(row);
}

// "B7" -> column 2; the row digits must be there and in range, but the row comes from <row>.
std::optional<uint32_t> ParseCellColumn(std::string_view ref) {
  uint32_t column = 0;
  size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    const char c = static_cast<char>(ref[i] & ~0x20);
    column = column * 26 + static_cast<uint32_t>(c - 'A' + 1);
    if (column > kMaxColumn) return std::nullopt;
    ++i;
  }
  if (column == 0) return std::nullopt;
  const auto row = ParseUnsigned<uint32_t>(ref.substr(i));
  if (!row || *row == 0 || *row > kMaxRow) return std::nullopt;
  return column;
}

enum class CellType {
  kNumber,
  kSharedString,
  kInlineString,
  kFormulaString,
  kBoolean,
  kError,
  kIso
};

class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(Sheet& sheet, const std::vector<std::string>* shared_strings,
                   const std::vector<bool>& style_is_date, bool date1904, const XlsxOptions& limits)
      : sheet_(sheet),
        shared_strings_(shared_strings),
        style_is_date_(style_is_date),
        date1904_(date1904),
        max_cells_(limits.max_cells),
        max_text_bytes_(limits.max_uncompressed) {}

  void Start(std::string_view name, Attributes attributes) override {
    if (name == "sheetData") {
      in_sheet_data_ = true;
    } else if (!in_sheet_data_) {
      return;
    } else if (name == "row") {
      StartRow(Attr(attributes, "r"));
    } else if (name == "c") {
      StartCell(attributes);
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      in_value_ = true;
    } else if (name == "is") {
      in_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
      in_inline_text_ = true;
    }
  }

  void End(std::string_view name) override {
    if (!in_sheet_data_) return;
    if (name == "sheetData") {
      in_sheet_data_ = false;
    } else if (name == "row") {
      EndRow();
    } else if (name == "c") {
      EndCell();
    } else if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "t") {
      in_inline_text_ = false;
    }
  }

  void Text(std::string_view text) override {
    if (in_value_ || in_inline_text_) value_.append(text);
  }

 private:
  // `r`: the row's number as written, or null for the row after the last.
  void StartRow(const char* r) {
    if (r != nullptr) {
      const auto number = ParseUnsigned<uint32_t>(r);
      if (!number || *number == 0 || *number > kMaxRow) {
        Fail(Error::Invalid("row", r, "row number '" + std::string(r) + "' is not valid"));
        return;
      }
      row_number_ = *number;
    } else {
      if (row_number_ >= kMaxRow) {
        Fail(Error::Invalid("row", {}, "the sheet has more rows than Excel allows"));
        return;
      }
      ++row_number_;
    }
    in_row_ = true;
    next_column_ = 1;
    cells_.clear();
  }

  void EndRow() {
    if (!in_row_) return;
    in_row_ = false;
    if (!cells_.empty()) sheet_.rows.push_back({row_number_, std::move(cells_)});
    cells_ = {};
  }

  void StartCell(Attributes attributes) {
    if (!in_row_) {
      // A cell outside <row>: tolerated as its own row, as the row after the last.
      StartRow(nullptr);
      if (failed()) return;
      implicit_row_ = true;
    }
    in_cell_ = true;
    value_.clear();
    in_value_ = in_inline_ = in_inline_text_ = false;
    phonetic_depth_ = 0;

    const char* r = Attr(attributes, "r");
    if (r != nullptr) {
      const auto column = ParseCellColumn(r);
      if (!column) {
        Fail(Error::Invalid("cell", r, "cell reference '" + std::string(r) + "' is not valid"));
        return;
      }
      column_ = *column;
    } else {
      if (next_column_ > kMaxColumn) {
        Fail(Error::Invalid("cell", {}, "a row has more cells than Excel allows"));
        return;
      }
      column_ = next_column_;
    }

    const char* t = Attr(attributes, "t");
    const std::string_view type = t == nullptr ? "n" : t;
    if (type == "n") {
      type_ = CellType::kNumber;
    } else if (type == "s") {
      type_ = CellType::kSharedString;
    } else if (type == "inlineStr") {
      type_ = CellType::kInlineString;
    } else if (type == "str") {
      type_ = CellType::kFormulaString;
    } else if (type == "b") {
      type_ = CellType::kBoolean;
    } else if (type == "e") {
      type_ = CellType::kError;
    } else if (type == "d") {
      type_ = CellType::kIso;
    } else {
      const std::string cell = CellName(column_, row_number_);
      Fail(Error::Invalid(cell, std::string(type),
                          "cell " + cell + " has an unknown type '" + std::string(type) + "'"));
      return;
    }

    is_date_ = false;
    if (const char* s = Attr(attributes, "s"); s != nullptr) {
      const auto style = ParseUnsigned<uint32_t>(s);
      is_date_ = style && *style < style_is_date_.size() && style_is_date_[*style];
    }
  }

  void EndCell() {
    if (!in_cell_) return;
    in_cell_ = false;
    next_column_ = column_ + 1;
    auto text = CellValue();
    if (!text.ok()) {
      Fail(text.take_error());
      return;
    }
    if (!text->empty()) {
      if (cells_.size() < column_) {
        cells_in_sheet_ += column_ - cells_.size();
        if (cells_in_sheet_ > max_cells_) {
          Fail(Error::Invalid("file", {},
                              "the sheet has more than " + std::to_string(max_cells_) +
                                  " cells, the most this import reads"));
          return;
        }
        cells_.resize(column_);
      }
      // A shared string is stored once but copied into every cell that uses it: bound the copies.
      text_bytes_ += text->size();
      if (text_bytes_ > max_text_bytes_) {
        Fail(Error::Invalid("file", {},
                            "the sheet's cells hold more than " + std::to_string(max_text_bytes_) +
                                " bytes of text; it may be a zip bomb"));
        return;
      }
      cells_[column_ - 1] = std::move(text).value();
    }
    if (implicit_row_) {
      implicit_row_ = false;
      EndRow();
    }
  }

  Result<std::string> CellValue() {
    // Cell names are built only for errors: most cells never need one.
    const auto cell_name = [this] { return CellName(column_, row_number_); };
    const auto naming_cell = [&](Result<std::string> text) -> Result<std::string> {
      if (text.ok()) return text;
      Error error = text.take_error();
      error.field = cell_name();
      error.message = "cell " + error.field + ": " + error.message;
      return error;
    };
    switch (type_) {
      case CellType::kNumber: {
        if (Trim(value_).empty()) return std::string();
        auto number = is_date_ ? FormatDate(value_, date1904_) : FormatNumber(value_);
        if (!number) {
          return Error::Invalid(
              cell_name(), value_,
              "cell " + cell_name() + " holds '" + value_ + "', which is not a number");
        }
        return std::move(*number);
      }
      case CellType::kSharedString: {
        if (Trim(value_).empty()) return std::string();
        if (shared_strings_ == nullptr) {
          return Error::Invalid(cell_name(), value_,
                                "cell " + cell_name() +
                                    " refers to the shared strings, but the workbook has no "
                                    "shared strings part (xl/sharedStrings.xml)");
        }
        const auto index = ParseUnsigned<size_t>(value_);
        if (!index || *index >= shared_strings_->size()) {
          return Error::Invalid(cell_name(), value_,
                                "cell " + cell_name() + " refers to shared string '" + value_ +
                                    "', but the workbook has " +
                                    std::to_string(shared_strings_->size()));
        }
        return (*shared_strings_)[*index];
      }
      case CellType::kInlineString:
      case CellType::kFormulaString:
        return naming_cell(CellText(value_, "cell"));
      case CellType::kIso:
        return naming_cell(text::ToNfc(IsoDateCell(value_), "cell"));
      case CellType::kError:
        return naming_cell(text::ToNfc(value_, "cell"));
      case CellType::kBoolean: {
        const std::string_view v = Trim(value_);
        if (v.empty()) return std::string();
        if (v == "1" || v == "true") return std::string("TRUE");
        if (v == "0" || v == "false") return std::string("FALSE");
        return Error::Invalid(
            cell_name(), value_,
            "cell " + cell_name() + " holds '" + value_ + "', which is not a boolean");
      }
    }
    return std::string();
  }

  Sheet& sheet_;
  const std::vector<std::string>* shared_strings_;  // null: the workbook has none
  const std::vector<bool>& style_is_date_;
  const bool date1904_;
  const uint64_t max_cells_;
  const uint64_t max_text_bytes_;

  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool implicit_row_ = false;
  uint32_t row_number_ = 0;
  uint32_t next_column_ = 1;
  std::vector<std::string> cells_;
  uint64_t cells_in_sheet_ = 0;
  uint64_t text_bytes_ = 0;

  bool in_cell_ = false;
  uint32_t column_ = 1;
  CellType type_ = CellType::kNumber;
  bool is_date_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool in_inline_text_ = false;
  int phonetic_depth_ = 0;
  std::string value_;
};

// ---------------------------------------------------------------------------------------------

struct Workbook {
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
};

Result<Workbook> ReadWorkbook(Archive& archive) {
  if (!archive.Has(std::string(kWorkbookPart))) {
    return FileError(std::string(kNotWorkbook) + " (it has no " + std::string(kWorkbookPart) + ")");
  }
  WorkbookHandler handler;
  HOPTAC_RETURN_IF_ERROR(ParsePart(archive, std::string(kWorkbookPart), handler));
  if (handler.sheets.empty()) return FileError("the workbook has no sheets");
  return Workbook{std::move(handler.sheets), handler.date1904};
}

std::string QuotedList(const std::vector<SheetEntry>& sheets) {
  std::string out;
  for (const auto& sheet : sheets) {
    if (!out.empty()) out += ", ";
    out += "'" + sheet.name + "'";
  }
  return out;
}

Result<const SheetEntry*> ChooseSheet(const Workbook& workbook, const std::string& wanted) {
  if (wanted.empty()) return &workbook.sheets.front();
  HOPTAC_ASSIGN_OR_RETURN(const std::string name, text::ToNfc(wanted, "sheet"));
  for (const auto& sheet : workbook.sheets) {
    if (sheet.name == name) return &sheet;
  }
  const std::string lower = text::Lower(name);
  for (const auto& sheet : workbook.sheets) {
    if (text::Lower(sheet.name) == lower) return &sheet;
  }
  return Error::Invalid(
      "sheet", wanted,
      "sheet '" + wanted + "' not found; the workbook has: " + QuotedList(workbook.sheets));
}

// The part named by a relationship of the given type, or `fallback` when there is none and the
// fallback exists; nullopt when the workbook has no such part.
std::optional<std::string> OptionalPart(const Archive& archive,
                                        const RelationshipsHandler& relationships,
                                        std::string_view type, const std::string& fallback) {
  if (auto target = relationships.TargetOfType(type)) return ResolveTarget(*target);
  if (archive.Has(fallback)) return fallback;
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::string>> XlsxSheetNames(std::string_view bytes) {
  const XlsxOptions defaults;
  HOPTAC_ASSIGN_OR_RETURN(Archive archive, Archive::Open(bytes, defaults.max_uncompressed));
  HOPTAC_ASSIGN_OR_RETURN(Workbook workbook, ReadWorkbook(archive));
  std::vector<std::string> names;
  names.reserve(workbook.sheets.size());
  for (auto& sheet : workbook.sheets) names.push_back(std::move(sheet.name));
  return names;
}

Result<Sheet> ReadXlsx(std::string_view bytes, const XlsxOptions& options) {
  HOPTAC_ASSIGN_OR_RETURN(Archive archive, Archive::Open(bytes, options.max_uncompressed));
  HOPTAC_ASSIGN_OR_RETURN(const Workbook workbook, ReadWorkbook(archive));
  HOPTAC_ASSIGN_OR_RETURN(const SheetEntry* chosen, ChooseSheet(workbook, options.sheet));

  const std::string rels_part(kWorkbookRelsPart);
  if (!archive.Has(rels_part)) return Damaged(rels_part, "is missing");
  RelationshipsHandler relationships;
  HOPTAC_RETURN_IF_ERROR(ParsePart(archive, rels_part, relationships));
  const auto sheet_rel = relationships.by_id.find(chosen->relationship_id);
  if (sheet_rel == relationships.by_id.end()) {
    return Damaged(rels_part, "does not say where sheet '" + chosen->name + "' is");
  }
  const std::string sheet_part = ResolveTarget(sheet_rel->second.target);
  if (!archive.Has(sheet_part)) {
    return Damaged(sheet_part, "(sheet '" + chosen->name + "') is missing");
  }

  StylesHandler styles;
  if (auto part = OptionalPart(archive, relationships, "styles", "xl/styles.xml")) {
    if (!archive.Has(*part)) return Damaged(*part, "is missing");
    HOPTAC_RETURN_IF_ERROR(ParsePart(archive, *part, styles));
  }
  styles.Finish();

  SharedStringsHandler shared(options.max_cells);
  bool has_shared = false;
  if (auto part = OptionalPart(archive, relationships, "sharedStrings", "xl/sharedStrings.xml")) {
    if (archive.Has(*part)) {
      HOPTAC_RETURN_IF_ERROR(ParsePart(archive, *part, shared));
      has_shared = true;
    }
  }

  Sheet sheet;
  sheet.name = chosen->name;
  WorksheetHandler worksheet(sheet, has_shared ? &shared.strings : nullptr, styles.style_is_date,
                             workbook.date1904, options);
  HOPTAC_RETURN_IF_ERROR(ParsePart(archive, sheet_part, worksheet));
  return sheet;
}

}  // namespace hoptac::exchange
