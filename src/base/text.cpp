#include "base/text.hpp"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace hoptac::text {
namespace {

const icu::Normalizer2& Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalizer unavailable");
  return *n;
}

const icu::Normalizer2& Nfd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFD normalizer unavailable");
  return *n;
}

bool IsSpace(UChar32 c) { return u_isUWhiteSpace(c) || c == 0xFEFF; }

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
  if (!error) out.append(buf, static_cast<size_t>(len));
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

Result<std::string> ToNfc(std::string_view utf8, std::string_view field) {
  if (!IsValidUtf8(utf8)) {
    return Error::Invalid(std::string(field), "(bytes that are not UTF-8)", "text must be UTF-8",
                          "text.utf8");
  }
  // Most text arrives composed already: ICU checks that on the UTF-8 itself, and only text that
  // is not takes the round trip through UTF-16.
  std::string normalized;
  std::string_view composed = utf8;
  if (!IsAscii(utf8)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
    if (!Nfc().isNormalizedUTF8(piece, status) || U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      icu::UnicodeString n = Nfc().normalize(icu::UnicodeString::fromUTF8(piece), status);
      if (U_FAILURE(status)) return Error::Internal("NFC normalisation failed");
      n.toUTF8String(normalized);
      composed = normalized;
    }
  }
  // Collapse white space.
  std::string out;
  out.reserve(composed.size());
  bool pending_space = false;
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(composed.data());
  const auto n = static_cast<int32_t>(composed.size());
  while (i < n) {
    if (p[i] < 0x80) {  // ASCII: the white space among it is tab to carriage return and space
      const char c = static_cast<char>(p[i++]);
      if ((c >= '\t' && c <= '\r') || c == ' ' || c == 0) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(composed.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  return out;
}

std::string Fold(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  auto emit = [&](UChar32 c) {
    if (c == 0x0111 || c == 0x0110) c = 'd';
    if (u_isalnum(c)) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      if (c < 0x80) {
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      } else {
        AppendUtf8(out, u_tolower(c));
      }
    } else {
      pending_space = true;
    }
  };
  if (IsAscii(utf8)) {
    for (char ch : utf8) emit(static_cast<unsigned char>(ch));
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString d = Nfd().normalize(u, status);
  if (U_FAILURE(status)) return out;
  for (int32_t i = 0; i < d.length();) {
    const UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    emit(c);
  }
  return out;
}

std::string Lower(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  u.toLower("vi");
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::vector<std::string> Tokens(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    size_t j = i;
    while (j < folded.size() && folded[j] != ' ') ++j;
    if (j > i) out.emplace_back(folded.substr(i, j - i));
    i = j;
  }
  return out;
}

struct ViCollator::Impl {
  std::unique_ptr<icu::Collator> collator;
};

ViCollator::ViCollator() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->collator.reset(icu::Collator::createInstance(icu::Locale("vi"), status));
  if (U_FAILURE(status) || !impl_->collator)
    throw std::runtime_error("ICU 'vi' collator unavailable");
}

ViCollator::~ViCollator() = default;

int ViCollator::Compare(std::string_view a, std::string_view b) const {
  UErrorCode status = U_ZERO_ERROR;
  const UCollationResult r = impl_->collator->compareUTF8(
      icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
      icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  return U_FAILURE(status) ? a.compare(b) : static_cast<int>(r);
}

std::string ViCollator::SortKey(std::string_view utf8) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::string key(64, '\0');
  int32_t n = impl_->collator->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()),
                                          static_cast<int32_t>(key.size()));
  if (n > static_cast<int32_t>(key.size())) {
    key.resize(static_cast<size_t>(n));
    n = impl_->collator->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  }
  key.resize(n > 0 ? static_cast<size_t>(n - 1) : 0);  // drop the terminating zero
  return key;
}

std::string ViCollator::RowKey(std::string_view name, int64_t id) const {
  std::string key = SortKey(name);
  key.push_back('\0');
  for (int shift = 56; shift >= 0; shift -= 8) {
    key.push_back(static_cast<char>((static_cast<uint64_t>(id) >> shift) & 0xff));
  }
  return key;
}

}  // namespace hoptac::text
