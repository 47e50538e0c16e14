#include "exchange/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "base/text.hpp"

namespace hoptac::exchange {

namespace {

// Code points of bytes 0x80..0xFF; 0 where the code page leaves the byte undefined.
constexpr std::array<uint16_t, 128> kWindows1258 = {
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
    0x02C6, 0x2030, 0x0000, 0x2039, 0x0152, 0x0000, 0x0000, 0x0000,  // 0x88
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
    0x02DC, 0x2122, 0x0000, 0x203A, 0x0153, 0x0000, 0x0000, 0x0178,  // 0x98
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,  // 0xA0
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,  // 0xA8
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,  // 0xB0
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,  // 0xB8
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,  // 0xC0
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,  // 0xC8
    0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,  // 0xD0
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,  // 0xD8
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,  // 0xE0
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,  // 0xE8
    0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,  // 0xF0
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,  // 0xF8
};

// Windows-1252 differs from Latin-1 only in 0x80..0x9F.
constexpr std::array<uint16_t, 32> kWindows1252Low = {
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000,  // 0x88
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178,  // 0x98
};

uint16_t CodePoint(unsigned char b, Encoding e) {
  if (b < 0x80) return b;
  if (e == Encoding::kWindows1258) return kWindows1258[b - 0x80];
  return b < 0xA0 ? kWindows1252Low[b - 0x80] : b;
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

// Offset of the first byte that does not start a well-formed UTF-8 sequence (no overlong forms,
// no surrogates, nothing above U+10FFFF), or npos; counts the multi-byte sequences seen before.
size_t FirstInvalidUtf8(std::string_view s, size_t& multibyte) {
  multibyte = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    ++multibyte;
    i += len;
  }
  return std::string_view::npos;
}

size_t LineAt(std::string_view s, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++line;
  }
  return line;
}

Error FileError(std::string message, std::string value = {}) {
  return Error::Invalid("file", std::move(value), std::move(message), "csv.format");
}

bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Windows-1258 tone marks (combining grave, hook, tilde, acute, dot below).
bool IsToneByte(unsigned char c) {
  return c == 0xCC || c == 0xD2 || c == 0xDE || c == 0xEC || c == 0xF2;
}

// Windows-1258 Đ đ Ơ ơ Ư ư.
constexpr std::string_view kVietnameseLetters = "\xD0\xF0\xD5\xF5\xDD\xFD";
// Š Ž š ž in Windows-1252, undefined in Windows-1258.
constexpr std::string_view kUndefinedIn1258 = "\x8A\x8E\x9A\x9E";
// Ä Å Æ Ç Ë Î Ï Ñ Ö Ø Û Ü ß ä å æ ç ë î ï ñ ö ø û ü ÿ: in both code pages, never in Vietnamese.
constexpr std::string_view kWesternLetters =
    "\xC4\xC5\xC6\xC7\xCB\xCE\xCF\xD1\xD6\xD8\xDB\xDC\xDF"
    "\xE4\xE5\xE6\xE7\xEB\xEE\xEF\xF1\xF6\xF8\xFB\xFC\xFF";

}  // namespace

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kUtf8:
      return "UTF-8";
    case Encoding::kWindows1258:
      return "Windows-1258";
    case Encoding::kWindows1252:
      return "Windows-1252";
  }
  return "?";
}

Result<Encoding> DetectEncoding(std::string_view bytes) {
  size_t multibyte = 0;
  const size_t bad = FirstInvalidUtf8(bytes, multibyte);
  if (bad == std::string_view::npos) return Encoding::kUtf8;
  const size_t line = LineAt(bytes, bad);
  auto refuse = [&](const std::string& why) {
    return FileError("line " + std::to_string(line) + ": " + why +
                         "; save the file as \"CSV UTF-8\" and import it again",
                     "line " + std::to_string(line));
  };
  if (multibyte > 0) {
    return refuse("the file mixes UTF-8 with bytes that are not UTF-8");
  }
  // Evidence for Vietnamese in Windows-1258: tone marks after a letter, đ, ơ, ư. Evidence for a
  // Western code page: letters Vietnamese does not use, and bytes Windows-1258 leaves undefined.
  size_t vietnamese = 0, western = 0;
  bool undefined_in_1258 = false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = p[i];
    if (c < 0x80) continue;
    if (IsToneByte(c)) {
      const unsigned char prev = i > 0 ? p[i - 1] : 0;
      if (IsAsciiLetter(prev) || (prev >= 0xC0 && !IsToneByte(prev))) ++vietnamese;
      continue;
    }
    if (kVietnameseLetters.find(static_cast<char>(c)) != std::string_view::npos) {
      ++vietnamese;
    } else if (kUndefinedIn1258.find(static_cast<char>(c)) != std::string_view::npos) {
      undefined_in_1258 = true;
      ++western;
    } else if (kWesternLetters.find(static_cast<char>(c)) != std::string_view::npos) {
      ++western;
    }
  }
  if (undefined_in_1258 || vietnamese == 0) return Encoding::kWindows1252;
  if (western == 0) return Encoding::kWindows1258;
  return refuse(
      "the file is not UTF-8, and its bytes do not tell Windows-1258 (Vietnamese) from "
      "Windows-1252 (Western)");
}

Result<std::string> DecodeCodePage(std::string_view bytes, Encoding encoding) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    const uint16_t cp = CodePoint(b, encoding);
    if (cp == 0 && b != 0) {
      const size_t line = LineAt(bytes, i);
      static constexpr char kHex[] = "0123456789ABCDEF";
      std::string byte = "0x";
      byte.push_back(kHex[b >> 4]);
      byte.push_back(kHex[b & 15]);
      return FileError("line " + std::to_string(line) + ": byte " + byte + " is not text in " +
                           EncodingName(encoding) +
                           "; save the file as \"CSV UTF-8\" and import it again",
                       "line " + std::to_string(line));
    }
    AppendUtf8(out, cp);
  }
  return out;
}

namespace {

// The delimiter: of , ; and TAB, the one with the most occurrences outside quotes on one line,
// over the first lines (a title row above the header may have none).
char DetectDelimiter(std::string_view s) {
  constexpr int kLines = 10;
  size_t best[3] = {0, 0, 0}, count[3] = {0, 0, 0};
  int lines = 0;
  bool quoted = false;
  for (size_t i = 0; i <= s.size() && lines < kLines; ++i) {
    const char c = i < s.size() ? s[i] : '\n';
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      for (int k = 0; k < 3; ++k) {
        best[k] = std::max(best[k], count[k]);
        count[k] = 0;
      }
      ++lines;
    } else if (!quoted) {
      if (c == ',') ++count[0];
      if (c == ';') ++count[1];
      if (c == '\t') ++count[2];
    }
  }
  if (best[1] > best[0] && best[1] >= best[2]) return ';';
  if (best[2] > best[0] && best[2] > best[1]) return '\t';
  return ',';
}

bool NeedsNormalising(std::string_view cell) {
  if (cell.empty()) return false;
  if (cell.front() == ' ' || cell.back() == ' ') return true;
  char prev = 'x';
  for (char c : cell) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20 || (c == ' ' && prev == ' ')) return true;
    prev = c;
  }
  return false;
}

}  // namespace

Result<CsvSheet> ReadCsv(std::string_view bytes, const CsvOptions& options) {
  if (bytes.size() > options.max_bytes) {
    return FileError("the file has " + std::to_string(bytes.size()) +
                     " bytes, more than the limit of " + std::to_string(options.max_bytes));
  }
  CsvSheet result;
  result.sheet.name = options.name;
  std::string decoded;
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  HOPTAC_ASSIGN_OR_RETURN(result.encoding, DetectEncoding(text));
  if (result.encoding != Encoding::kUtf8) {
    HOPTAC_ASSIGN_OR_RETURN(decoded, DecodeCodePage(text, result.encoding));
    text = decoded;
  }
  const char delim = DetectDelimiter(text);
  result.delimiter = delim;

  std::vector<SheetRow>& rows = result.sheet.rows;
  SheetRow row;
  // The row's cells are gathered here (its capacity kept from row to row) and moved into a vector
  // of their exact number, trailing empty cells left out: a large file's rows hold no spare room.
  std::vector<std::string> cells;
  std::string cell;
  size_t line = 1;
  row.line = 1;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // a quoted field was closed; only a delimiter or line end may follow
  bool field_started = false;

  auto too_big = [&]() {
    return FileError("line " + std::to_string(line) + ": a cell is longer than " +
                         std::to_string(options.max_cell_bytes) + " bytes",
                     "line " + std::to_string(line));
  };
  auto end_cell = [&]() -> Status {
    if (NeedsNormalising(cell)) {
      HOPTAC_ASSIGN_OR_RETURN(cell, text::ToNfc(cell, "file"));
    }
    cells.push_back(std::move(cell));
    cell.clear();
    after_quote = false;
    field_started = false;
    return OkStatus();
  };
  auto end_row = [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(end_cell());
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (!cells.empty()) {
      row.cells.assign(std::make_move_iterator(cells.begin()),
                       std::make_move_iterator(cells.end()));
      cells.clear();
      if (rows.size() >= options.max_rows) {
        return FileError("line " + std::to_string(row.line) + ": the file has more than " +
                             std::to_string(options.max_rows) + " rows",
                         "line " + std::to_string(row.line));
      }
      rows.push_back(std::move(row));
    }
    row = SheetRow{};
    return OkStatus();
  };

  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n' || (c == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) ++line;
        cell.push_back(c);
      }
      if (cell.size() > options.max_cell_bytes) return too_big();
      continue;
    }
    if (c == delim) {
      HOPTAC_RETURN_IF_ERROR(end_cell());
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      HOPTAC_RETURN_IF_ERROR(end_row());
      ++line;
      row.line = line;
      continue;
    }
    if (after_quote) {
      if (c == ' ' || c == '\t') continue;
      return FileError(
          "line " + std::to_string(line) + ": text after the closing quote of a quoted field",
          "line " + std::to_string(line));
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      continue;
    }
    if (c != ' ') {
      // A started unquoted field runs to the next delimiter or line end (a '"' in it is text).
      field_started = true;
      size_t j = i + 1;
      while (j < n && text[j] != delim && text[j] != '\r' && text[j] != '\n') ++j;
      cell.append(text.substr(i, j - i));
      if (cell.size() > options.max_cell_bytes) return too_big();
      i = j - 1;
      continue;
    }
    cell.push_back(c);
    if (cell.size() > options.max_cell_bytes) return too_big();
  }
  if (quoted) {
    return FileError("line " + std::to_string(row.line) +
                         ": a quoted field is not closed before the end of the file",
                     "line " + std::to_string(row.line));
  }
  if (!cell.empty() || !cells.empty() || after_quote) HOPTAC_RETURN_IF_ERROR(end_row());
  return result;
}

}  // namespace hoptac::exchange
