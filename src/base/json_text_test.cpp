#include "base/json_text.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace hoptac::json_text {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Quoted(std::string_view s) {
  std::string out;
  AppendString(out, s);
  return out;
}

TEST(JsonTextTest, StringsAreWrittenAsNlohmannWritesThem) {
  std::vector<std::string> cases = {
      "",
      "Hợp tác xã Nông nghiệp Đồng Văn",
      "quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f",
      std::string("nul \0 inside", 12),
      "\x7f del is kept",
      "\xef\xbf\xbf noncharacter, \xf4\x8f\xbf\xbf the last code point",
      "emoji \xf0\x9f\x8c\xbe",
      // not UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', a surrogate,
      // past U+10FFFF, 0xFF; each falls back to nlohmann's replacement
      "bad \x80 byte",
      "cut \xe1\xba",
      "overlong \xc0\xaf",
      "surrogate \xed\xa0\x80",
      "too big \xf4\x90\x80\x80",
      "ff \xff",
      "overlong three \xe0\x80\x80, four \xf0\x80\x80\x80",
      "lead \xc1\xbf and \xf5\x80\x80\x80",
      "cut four at the end \xf0\x9f\x8c",
      "cut before a letter \xe1"
      "a",
      // the edges that are valid: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+10000
      "\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xf0\x90\x80\x80",
  };
  for (int c = 0; c < 0x80; ++c) cases.push_back(std::string(1, static_cast<char>(c)) + "x");
  for (const std::string& s : cases) {
    EXPECT_EQ(Quoted(s), Dump(json(s)))
        << "for " << json(s).dump(-1, ' ', true, json::error_handler_t::replace);
  }
}

TEST(JsonTextTest, IntegersAndArrays) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1234567890123},
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    std::string out;
    AppendInt(out, v);
    EXPECT_EQ(out, Dump(json(v)));
  }
  const std::vector<std::string> values = {"a", "Đ\"b"};
  std::string out;
  AppendStrings(out, values);
  EXPECT_EQ(out, Dump(json(values)));
  out.clear();
  AppendStrings(out, {});
  EXPECT_EQ(out, "[]");
}

TEST(JsonTextTest, ObjectMembersComeInKeyOrderAndTheLastOfAKeyWins) {
  Object o;
  o.Str("name", "Hợp tác xã A")
      .Int("id", 7)
      .Bool("exists", true)
      .Null("ended_on")
      .Strs("models", {"OCOP"})
      .Raw("unit", R"({"code":"01"})")
      .Str("known_at", "2026-11-29T00:00:00Z")
      .Int("id", 8)
      .Str("ID", "upper case sorts first")
      .Str("a_b", "underscore after capitals");
  json expected = {{"name", "Hợp tác xã A"},
                   {"id", 8},
                   {"exists", true},
                   {"ended_on", nullptr},
                   {"models", {"OCOP"}},
                   {"unit", {{"code", "01"}}},
                   {"known_at", "2026-11-29T00:00:00Z"},
                   {"ID", "upper case sorts first"},
                   {"a_b", "underscore after capitals"}};
  EXPECT_EQ(o.Text(), Dump(expected));
  expected.erase("known_at");
  EXPECT_EQ(o.Text("known_at"), Dump(expected));
  EXPECT_EQ(Object().Text(), "{}");
  std::string appended = "[";
  o.AppendTo(appended, "id");
  EXPECT_EQ(appended.substr(0, 8), R"([{"ID":")");
  EXPECT_EQ(appended.find("\"id\""), std::string::npos);
}

}  // namespace
}  // namespace hoptac::json_text
