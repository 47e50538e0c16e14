#pragma once
// ReadCsv: a CSV file's bytes as a Sheet.
//
// Accepts what spreadsheet programs write: UTF-8 with or without a byte-order mark; LF, CRLF or
// CR line ends; ',' ';' or tab as the delimiter, detected from the first ten lines (the one
// that occurs most often outside quotes on a line; ',' on a tie); fields quoted with '"' and quotes
// inside doubled, quoted fields may span lines. Files that are not UTF-8 are read as Windows-1258
// (Vietnamese, with combining tone marks) or Windows-1252 (Western) when their bytes say which (see
// docs/formats.md, "Encodings"), converted, and normalised to NFC; otherwise they are refused,
// naming the line of the first byte that is not UTF-8. Never returns mojibake.
//
// Each cell is trimmed and its inner runs of white space (embedded line breaks included) become
// one space (text::ToNfc). Rows whose cells are all empty are skipped, and a row's trailing empty
// cells are left out. A row's line is the
// physical line it starts on.
//
// A '"' inside an unquoted field is kept as a character (`HTX "Hoa Mai"`).
//
// Failures (kInvalid, field "file"): a file over max_bytes, more than max_rows rows, a cell over
// max_cell_bytes, an unterminated quoted field, text after a closing quote, undecodable bytes;
// each message names the line.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "exchange/sheet.hpp"

namespace hoptac::exchange {

enum class Encoding { kUtf8, kWindows1258, kWindows1252 };
const char* EncodingName(Encoding e);  // "UTF-8", "Windows-1258", "Windows-1252"

struct CsvOptions {
  std::string name;  // the file name, kept as Sheet::name
  size_t max_bytes = size_t{512} << 20;
  size_t max_rows = 2'000'000;
  size_t max_cell_bytes = 32 * 1024;
};

struct CsvSheet {
  Sheet sheet;
  Encoding encoding = Encoding::kUtf8;
  char delimiter = ',';
};

Result<CsvSheet> ReadCsv(std::string_view bytes, const CsvOptions& options);

// The encoding of `bytes`: UTF-8 when valid; else Windows-1258 or Windows-1252 when the bytes
// tell them apart; else kInvalid naming the line of the first byte that is not UTF-8.
Result<Encoding> DetectEncoding(std::string_view bytes);

// Converts Windows-1258 or Windows-1252 bytes to UTF-8 (not normalised: Windows-1258 gives
// combining marks). kInvalid naming the line of a byte the code page leaves undefined.
Result<std::string> DecodeCodePage(std::string_view bytes, Encoding encoding);

}  // namespace hoptac::exchange
