#pragma once
// What both backends of domain::AllianceStore share, private to store/: the folded search text
// of a record, the lists kept in one column, and filtering by folded tokens.

#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "domain/alliance.hpp"
#include "domain/alliance_store.hpp"

namespace hoptac::store::alliance {

inline std::string SearchText(const domain::Activity& a) {
  return text::Fold(a.title + "\n" + a.outcome + "\n" + a.staff + "\n" + a.funding_source);
}

inline std::string SearchText(const domain::Inspection& i) {
  std::string all = i.subject;
  all.append("\n").append(i.team);
  for (const auto& f : i.findings) all.append("\n").append(f);
  for (const auto& r : i.recommendations) all.append("\n").append(r.text);
  return text::Fold(all);
}

// Documents are links or references without control characters (domain::ValidateActivity), so
// one per line.
inline std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

inline std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (;;) {
    const size_t nl = text.find('\n', start);
    out.emplace_back(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

inline bool MatchesTokens(std::string_view search, const std::vector<std::string>& tokens) {
  for (const auto& t : tokens) {
    if (search.find(t) == std::string_view::npos) return false;
  }
  return true;
}

inline Timestamp ParseTime(std::string_view s) {
  auto t = Timestamp::Parse(s);
  return t.ok() ? t.value() : Timestamp();
}

inline Date ParseDay(std::string_view s) {
  auto d = Date::Parse(s);
  return d.ok() ? d.value() : Date();
}

}  // namespace hoptac::store::alliance
