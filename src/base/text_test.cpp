#include "base/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace hoptac::text {
namespace {

TEST(TextFold, IgnoresCaseDiacriticsAndDStroke) {
  EXPECT_EQ(Fold("Việt Lâm"), "viet lam");
  EXPECT_EQ(Fold("ĐỒNG VĂN"), "dong van");
  EXPECT_EQ(Fold("Hợp tác xã Chè Phìn Hồ"), "hop tac xa che phin ho");
  EXPECT_EQ(Fold("  Quản   Bạ, (Hà Giang) "), "quan ba ha giang");
  // NFD input folds the same as NFC input.
  EXPECT_EQ(Fold("Vie\xcc\xa3\xcc\x82t"), "viet");
}

TEST(TextNfc, ComposesTrimsAndCollapsesSpaces) {
  auto r = ToNfc("  Vie\xcc\xa3\xcc\x82t \t Lâm ");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "Việt Lâm");
}

// Composed text takes the fast path (no UTF-16 round trip), decomposed text the slow one; both
// collapse every White_Space character and NUL, ASCII or not, and keep what is not white space.
TEST(TextNfc, CollapsesEveryKindOfWhiteSpaceOnBothPaths) {
  const std::string nbsp = "\u00A0", nel = "\u0085", ideographic = "\u3000", bom = "\uFEFF";
  const std::string spaces =
      std::string("\t\n\v\f\r ") + nbsp + nel + ideographic + bom + std::string(1, '\0');
  for (const std::string& viet : {std::string("Việt"), std::string("Vie\xcc\xa3\xcc\x82t")}) {
    auto r = ToNfc(spaces + viet + spaces + "Lâm" + nbsp + spaces);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "Việt Lâm");
  }
  // Information separators (U+001C–U+001F) are not white space: kept, as before.
  EXPECT_EQ(*ToNfc("a\x1c b"), "a\x1c b");
  EXPECT_EQ(*ToNfc("Hợp tác xã  Đồng   Tâm"), "Hợp tác xã Đồng Tâm");
  EXPECT_EQ(*ToNfc(""), "");
}

TEST(TextNfc, RejectsBytesThatAreNotUtf8) {
  auto r = ToNfc("Vi\xea\xff", "name");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "name");
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
}

TEST(TextCollation, SortsVietnameseAlphabetically) {
  // Vietnamese order: a ă â b c d đ e ê ... o ô ơ ... u ư
  std::vector<std::string> names = {"Ơn", "Đồng", "Ăn", "Dung", "An", "Ôn", "On", "Ân", "Ba"};
  ViCollator c;
  std::sort(names.begin(), names.end(), [&](auto& a, auto& b) { return c.Less(a, b); });
  EXPECT_EQ(names,
            (std::vector<std::string>{"An", "Ăn", "Ân", "Ba", "Dung", "Đồng", "On", "Ôn", "Ơn"}));
  EXPECT_LT(c.SortKey("Dung"), c.SortKey("Đồng"));
}

TEST(TextTokens, SplitsOnSpaces) {
  EXPECT_EQ(Tokens("viet  lam"), (std::vector<std::string>{"viet", "lam"}));
  EXPECT_TRUE(Tokens("").empty());
}

}  // namespace
}  // namespace hoptac::text

namespace hoptac::text {
namespace {

TEST(TextCollation, RowKeysOrderByNameThenId) {
  ViCollator c;
  EXPECT_LT(c.RowKey("Dung", 9), c.RowKey("Đồng", 1));
  EXPECT_LT(c.RowKey("An", 1), c.RowKey("An", 2));
  EXPECT_LT(c.RowKey("An", 255), c.RowKey("An", 256));
}

}  // namespace
}  // namespace hoptac::text
