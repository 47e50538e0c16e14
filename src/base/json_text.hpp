#pragma once
// JSON written straight as text, byte for byte what nlohmann::json's compact dump() writes for the
// same value (members in key order, UTF-8 kept as it is, control characters escaped): for the
// answers read most (the organisation list and detail), where building a tree of nodes and then
// dumping it cost more than the database reads (docs/benchmarks.md, Server, session 5).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hoptac::json_text {

// `s` as a JSON string, quotes included. Text that is not valid UTF-8 is written as nlohmann
// writes it with error_handler_t::replace (each bad sequence as U+FFFD).
void AppendString(std::string& out, std::string_view s);
void AppendInt(std::string& out, int64_t v);
// ["a","b"]
void AppendStrings(std::string& out, const std::vector<std::string>& values);

// An object whose members may be added in any order: it is written in key order, as nlohmann's
// std::map holds them, and a key added again replaces the earlier value. Keys are not copied:
// they must outlive the object (string literals).
class Object {
 public:
  Object& Str(std::string_view key, std::string_view value);
  Object& Int(std::string_view key, int64_t value);
  Object& Bool(std::string_view key, bool value);
  Object& Null(std::string_view key);
  Object& Strs(std::string_view key, const std::vector<std::string>& values);
  // `json` is a value written already (by this writer, or a dump()).
  Object& Raw(std::string_view key, std::string_view json);

  // Appends "{…}" without the member named `skip` (none when empty).
  void AppendTo(std::string& out, std::string_view skip = {}) const;
  std::string Text(std::string_view skip = {}) const {
    std::string out;
    AppendTo(out, skip);
    return out;
  }

 private:
  template <typename Write>
  Object& Add(std::string_view key, Write&& write) {
    const size_t begin = values_.size();
    write(values_);
    members_.push_back({key, begin, values_.size()});
    return *this;
  }

  struct Member {
    std::string_view key;
    size_t begin = 0;
    size_t end = 0;
  };
  std::string values_;  // every member's value, one after the other
  std::vector<Member> members_;
};

}  // namespace hoptac::json_text
