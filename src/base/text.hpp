#pragma once
// Vietnamese text. Every string that enters hoptac goes through ToNfc (valid UTF-8, NFC, trimmed);
// search compares Fold()ed strings, which ignore case, diacritics and đ ("Đồng Văn" -> "dong van");
// names are ordered with ICU's Vietnamese collation (ViCollator).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hoptac::text {

// Valid UTF-8 in NFC with surrounding white space removed and inner runs of white space collapsed
// to one space. Fails with kInvalid naming `field` when the bytes are not UTF-8.
Result<std::string> ToNfc(std::string_view utf8, std::string_view field = "text");

// True when `utf8` is well-formed UTF-8.
bool IsValidUtf8(std::string_view utf8);

// Search key: NFD, non-spacing marks removed, đ/Đ -> d, lower case, punctuation -> space, white
// space collapsed. Input must be valid UTF-8.
std::string Fold(std::string_view utf8);

// Lower case with diacritics kept (for ranking exact-diacritic matches first).
std::string Lower(std::string_view utf8);

// Splits a folded string on spaces.
std::vector<std::string> Tokens(std::string_view folded);

// ICU collator for Vietnamese ("vi"). Not thread-safe: one per thread.
class ViCollator {
 public:
  ViCollator();
  ~ViCollator();
  ViCollator(const ViCollator&) = delete;
  ViCollator& operator=(const ViCollator&) = delete;

  // <0, 0, >0 like strcmp, for valid UTF-8.
  int Compare(std::string_view a, std::string_view b) const;
  bool Less(std::string_view a, std::string_view b) const { return Compare(a, b) < 0; }
  // A byte string whose memcmp order is the collation order.
  std::string SortKey(std::string_view utf8) const;
  // Orders rows by name, then by `id` for equal names: SortKey, a zero byte, the id big-endian.
  // List cursors hold it, so every list of organisations must build it here.
  std::string RowKey(std::string_view name, int64_t id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoptac::text
