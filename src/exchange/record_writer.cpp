#include "exchange/record_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

#include "exchange/csv_writer.hpp"

namespace hoptac::exchange {

namespace {

// Beyond 15 digits a double no longer holds every whole number Excel shows: such cells stay text.
constexpr int64_t kLargestExactNumber = 999'999'999'999'999;

std::optional<int64_t> WholeNumber(std::string_view text) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::vector<std::string_view> SplitItems(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const size_t semi = s.find(';');
    std::string_view item = s.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return out;
}

class CsvRecordWriter final : public RecordWriter {
 public:
  explicit CsvRecordWriter(RecordKind kind) : out_(kUtf8Bom) {
    std::vector<std::string> header;
    for (const ColumnSpec& c : Columns(kind)) header.emplace_back(c.name);
    AppendCsvRow(out_, header);
  }
  Status Add(std::span<const std::string> cells) override {
    AppendCsvRow(out_, cells);
    return OkStatus();
  }
  Result<std::string> Finish() override { return std::move(out_); }

 private:
  std::string out_;
};

class JsonRecordWriter final : public RecordWriter {
 public:
  explicit JsonRecordWriter(RecordKind kind) : columns_(Columns(kind)) {
    out_.append("{\"kind\":\"").append(Id(kind)).append("\",\"records\":[");
  }
  Status Add(std::span<const std::string> cells) override {
    out_.append(first_ ? "\n{" : ",\n{");
    first_ = false;
    bool first_key = true;
    for (size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
      const std::string& cell = cells[i];
      if (cell.empty()) continue;
      if (!first_key) out_.push_back(',');
      first_key = false;
      out_.push_back('"');
      out_.append(columns_[i].name).append("\":");
      AppendValue(columns_[i], cell);
    }
    out_.push_back('}');
    return OkStatus();
  }
  Result<std::string> Finish() override {
    out_.append("\n]}\n");
    return std::move(out_);
  }

 private:
  void AppendString(std::string_view s) {
    out_.append(nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  void AppendValue(const ColumnSpec& column, const std::string& cell) {
    if (column.clearable && cell == kClearMarker) {
      out_.append("null");
      return;
    }
    switch (column.type) {
      case ValueType::kNumber:
        if (WholeNumber(cell)) {
          out_.append(cell);
          return;
        }
        break;
      case ValueType::kFlag:
        if (cell == "1") {
          out_.append("true");
          return;
        }
        break;
      case ValueType::kList: {
        out_.push_back('[');
        bool first = true;
        for (std::string_view item : SplitItems(cell)) {
          if (!first) out_.push_back(',');
          first = false;
          AppendString(item);
        }
        out_.push_back(']');
        return;
      }
      case ValueType::kText:
      case ValueType::kDate:
        break;
    }
    AppendString(cell);
  }

  std::span<const ColumnSpec> columns_;
  std::string out_;
  bool first_ = true;
};

// A file that exists only for the life of this object.
class TempFile {
 public:
  static Result<TempFile> Create() {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    std::string pattern = (dir / "hoptac-export-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) {
      std::string message = "cannot create a temporary file for the workbook: ";
      message.append(std::strerror(errno));
      return Error::Internal(std::move(message));
    }
    close(fd);
    return TempFile(std::move(pattern));
  }
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

class XlsxRecordWriter final : public RecordWriter {
 public:
  static Result<std::unique_ptr<RecordWriter>> Create(RecordKind kind, Timestamp created) {
    HOPTAC_ASSIGN_OR_RETURN(TempFile file, TempFile::Create());
    auto writer = std::unique_ptr<XlsxRecordWriter>(new XlsxRecordWriter(std::move(file), kind));
    HOPTAC_RETURN_IF_ERROR(writer->Start(created));
    return std::unique_ptr<RecordWriter>(std::move(writer));
  }
  ~XlsxRecordWriter() override {
    if (workbook_ != nullptr) workbook_close(workbook_);
  }
  XlsxRecordWriter(const XlsxRecordWriter&) = delete;
  XlsxRecordWriter& operator=(const XlsxRecordWriter&) = delete;

  Status Add(std::span<const std::string> cells) override {
    const auto row = static_cast<lxw_row_t>(next_row_++);
    if (next_row_ > LXW_ROW_MAX) {
      return Error::Invalid("rows", std::to_string(next_row_),
                            "more rows than an XLSX sheet holds (1,048,576); export as CSV",
                            "export.xlsx_rows");
    }
    for (size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
      const std::string& cell = cells[i];
      if (cell.empty()) continue;
      const auto col = static_cast<lxw_col_t>(i);
      lxw_error error = LXW_NO_ERROR;
      std::optional<int64_t> number;
      std::optional<Date> date;
      if (columns_[i].type == ValueType::kNumber) number = WholeNumber(cell);
      if (columns_[i].type == ValueType::kDate) {
        auto parsed = Date::Parse(cell);
        if (parsed.ok()) date = *parsed;
      }
      if (number && *number <= kLargestExactNumber && *number >= -kLargestExactNumber) {
        error = worksheet_write_number(sheet_, row, col, static_cast<double>(*number), nullptr);
      } else if (date) {
        lxw_datetime dt{date->year(), date->month(), date->day(), 0, 0, 0.0};
        error = worksheet_write_datetime(sheet_, row, col, &dt, date_format_);
      } else {
        error = worksheet_write_string(sheet_, row, col, cell.c_str(), nullptr);
      }
      if (error != LXW_NO_ERROR) return Failed(error);
    }
    return OkStatus();
  }

  Result<std::string> Finish() override {
    lxw_workbook* workbook = std::exchange(workbook_, nullptr);
    const lxw_error error = workbook_close(workbook);
    if (error != LXW_NO_ERROR) return Failed(error);
    std::ifstream in(file_.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Error::Internal("cannot read back the workbook written");
    return bytes.str();
  }

 private:
  XlsxRecordWriter(TempFile file, RecordKind kind)
      : file_(std::move(file)), kind_(kind), columns_(Columns(kind)) {}

  static Error Failed(lxw_error error) {
    std::string message = "writing the workbook failed: ";
    message.append(lxw_strerror(error));
    return Error::Internal(std::move(message));
  }

  Status Start(Timestamp created) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    workbook_ = workbook_new_opt(file_.path().c_str(), &options);
    if (workbook_ == nullptr) return Error::Internal("cannot start the workbook");
    lxw_doc_properties properties{};
    properties.created = static_cast<time_t>(created.micros() / 1'000'000);
    workbook_set_properties(workbook_, &properties);
    sheet_ = workbook_add_worksheet(workbook_, Id(kind_));
    if (sheet_ == nullptr) return Error::Internal("cannot add the worksheet");
    lxw_format* bold = workbook_add_format(workbook_);
    format_set_bold(bold);
    date_format_ = workbook_add_format(workbook_);
    format_set_num_format(date_format_, "yyyy-mm-dd");
    worksheet_freeze_panes(sheet_, 1, 0);
    for (size_t i = 0; i < columns_.size(); ++i) {
      const auto col = static_cast<lxw_col_t>(i);
      const double width = columns_[i].type == ValueType::kText ? 24 : 14;
      worksheet_set_column(sheet_, col, col, width, nullptr);
      const std::string name(columns_[i].name);
      const lxw_error error = worksheet_write_string(sheet_, 0, col, name.c_str(), bold);
      if (error != LXW_NO_ERROR) return Failed(error);
    }
    return OkStatus();
  }

  TempFile file_;
  RecordKind kind_;
  std::span<const ColumnSpec> columns_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* date_format_ = nullptr;
  size_t next_row_ = 1;
};

}  // namespace

const char* Id(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv:
      return "csv";
    case FileFormat::kXlsx:
      return "xlsx";
    case FileFormat::kJson:
      return "json";
  }
  return "?";
}

Result<FileFormat> ParseFileFormat(std::string_view text, std::string_view field) {
  for (FileFormat f : {FileFormat::kCsv, FileFormat::kXlsx, FileFormat::kJson}) {
    if (text == Id(f)) return f;
  }
  return Error::Invalid(std::string(field), std::string(text), "expected csv, xlsx or json",
                        "format.known");
}

Result<std::unique_ptr<RecordWriter>> MakeRecordWriter(FileFormat format, RecordKind kind,
                                                       Timestamp created) {
  switch (format) {
    case FileFormat::kCsv:
      return std::unique_ptr<RecordWriter>(std::make_unique<CsvRecordWriter>(kind));
    case FileFormat::kJson:
      return std::unique_ptr<RecordWriter>(std::make_unique<JsonRecordWriter>(kind));
    case FileFormat::kXlsx:
      return XlsxRecordWriter::Create(kind, created);
  }
  return Error::Internal("unknown file format");
}

}  // namespace hoptac::exchange
