#include "base/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace hoptac::json_text {

namespace {

// The length of the well-formed UTF-8 sequence at the start of `s` (lead byte >= 0x80), or 0: no
// overlong forms, no surrogates, nothing past U+10FFFF (what nlohmann and ICU accept).
size_t Utf8Sequence(std::string_view s) {
  const auto b = [&s](size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  const auto cont = [](unsigned c) { return c >= 0x80 && c <= 0xBF; };
  const unsigned c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(b(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned hi = c == 0xED ? 0x9F : 0xBF;
    return b(1) >= lo && b(1) <= hi && cont(b(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
    return b(1) >= lo && b(1) <= hi && cont(b(2)) && cont(b(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void AppendString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out.size();
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = Utf8Sequence(s.substr(i));
      if (n == 0) {
        // Rare (the registry keeps UTF-8 only): nlohmann's own replacement of the bad bytes.
        out.resize(start);
        out.append(nlohmann::json(std::string(s))
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return;
      }
      i += n - 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.substr(run));
  out.push_back('"');
}

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendStrings(std::string& out, const std::vector<std::string>& values) {
  out.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendString(out, values[i]);
  }
  out.push_back(']');
}

Object& Object::Str(std::string_view key, std::string_view value) {
  return Add(key, [&](std::string& out) { AppendString(out, value); });
}

Object& Object::Int(std::string_view key, int64_t value) {
  return Add(key, [&](std::string& out) { AppendInt(out, value); });
}

Object& Object::Bool(std::string_view key, bool value) {
  return Add(key, [&](std::string& out) { out.append(value ? "true" : "false"); });
}

Object& Object::Null(std::string_view key) {
  return Add(key, [](std::string& out) { out.append("null"); });
}

Object& Object::Strs(std::string_view key, const std::vector<std::string>& values) {
  return Add(key, [&](std::string& out) { AppendStrings(out, values); });
}

Object& Object::Raw(std::string_view key, std::string_view json) {
  return Add(key, [&](std::string& out) { out.append(json); });
}

void Object::AppendTo(std::string& out, std::string_view skip) const {
  // Members in key order; of a key added twice, the last. An insertion sort (stable): the
  // members come mostly in order already, so it costs about one comparison each.
  std::vector<const Member*> order;
  order.reserve(members_.size());
  for (const Member& m : members_) {
    order.push_back(&m);
    for (size_t j = order.size() - 1; j > 0 && m.key < order[j - 1]->key; --j) {
      std::swap(order[j], order[j - 1]);
    }
  }
  out.reserve(out.size() + values_.size() + members_.size() * 24 + 2);
  out.push_back('{');
  bool first = true;
  for (size_t i = 0; i < order.size(); ++i) {
    const Member& m = *order[i];
    if (i + 1 < order.size() && order[i + 1]->key == m.key) continue;  // replaced later
    if (!skip.empty() && m.key == skip) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendString(out, m.key);
    out.push_back(':');
    out.append(std::string_view(values_).substr(m.begin, m.end - m.begin));
  }
  out.push_back('}');
}

}  // namespace hoptac::json_text
