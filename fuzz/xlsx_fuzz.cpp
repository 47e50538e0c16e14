// libFuzzer target for exchange::ReadXlsx, with small limits so that a generated zip bomb is
// refused quickly. Two kinds of input:
//   - bytes starting with "PK" are read as the file itself (a mutated workbook);
//   - anything else is split at NUL bytes into xl/worksheets/sheet1.xml, xl/sharedStrings.xml,
//     xl/styles.xml and xl/workbook.xml (missing parts get a minimal default), stored uncompressed
//     in a zip made here, so that mutations reach the XML handlers without breaking the deflate
//     stream or the CRC.
// Seeds: fuzz/corpus/xlsx (see fuzz/README.md).

#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/xlsx_reader.hpp"

namespace {

constexpr std::string_view kDefaultWorkbook =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
constexpr std::string_view kRelationships =
    "<Relationships>"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

// A zip of `parts` with stored (uncompressed) entries; empty on failure.
std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (buffer == nullptr) return {};
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, nullptr);
  if (zip == nullptr) {
    zip_source_free(buffer);
    zip_source_free(buffer);
    return {};
  }
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    const zip_int64_t index = zip_file_add(zip, name.c_str(), source, 0);
    if (index < 0) {
      zip_source_free(source);
      continue;
    }
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  std::string bytes;
  if (zip_close(zip) == 0 && zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    if (size > 0) {
      bytes.resize(static_cast<size_t>(size));
      if (zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size)) != size) {
        bytes.clear();
      }
    }
    zip_source_close(buffer);
  } else {
    zip_discard(zip);
  }
  zip_source_free(buffer);
  return bytes;
}

std::string PartsToWorkbook(std::string_view input) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (pieces.size() < 4) {
    const size_t nul = input.find('\0', start);
    pieces.emplace_back(input.substr(start, nul == std::string_view::npos ? nul : nul - start));
    if (nul == std::string_view::npos) break;
    start = nul + 1;
  }
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/worksheets/sheet1.xml", pieces[0]},
      {"xl/_rels/workbook.xml.rels", std::string(kRelationships)},
  };
  if (pieces.size() > 1) parts.emplace_back("xl/sharedStrings.xml", pieces[1]);
  if (pieces.size() > 2) parts.emplace_back("xl/styles.xml", pieces[2]);
  parts.emplace_back("xl/workbook.xml",
                     pieces.size() > 3 ? pieces[3] : std::string(kDefaultWorkbook));
  return StoredZip(parts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  hoptac::exchange::XlsxOptions options;
  options.max_uncompressed = 1 << 20;
  options.max_cells = 100'000;
  const std::string workbook =
      input.starts_with("PK") ? std::string(input) : PartsToWorkbook(input);
  auto sheet = hoptac::exchange::ReadXlsx(workbook, options);
  if (sheet.ok()) {  // the limits must hold
    size_t cells = 0;
    size_t text_bytes = 0;
    for (const auto& row : sheet->rows) {
      cells += row.cells.size();
      for (const auto& cell : row.cells) text_bytes += cell.size();
    }
    if (cells > options.max_cells || text_bytes > options.max_uncompressed) __builtin_trap();
  }
  return 0;
}
