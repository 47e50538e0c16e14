#include "domain/registry_code.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hoptac::domain {
namespace {

TEST(RegistryCode, AcceptsTaxCodesWithAValidCheckDigit) {
  struct Case {
    const char* text;
    const char* value;
  } cases[] = {
      {"0100109106", "0100109106"},         {"0300588569", "0300588569"},
      {"0300588569-001", "0300588569-001"}, {"  0100109106 ", "0100109106"},
      {"5100123452", "5100123452"},         {"5100000002", "5100000002"},
  };
  for (const auto& c : cases) {
    auto code = RegistryCode::Parse(c.text);
    ASSERT_TRUE(code.ok()) << c.text << ": " << code.error().ToString();
    EXPECT_EQ(code->value(), c.value) << c.text;
    EXPECT_FALSE(code->legacy()) << c.text;
  }
}

TEST(RegistryCode, ComputesTheCheckDigitOfTheFirstNineDigits) {
  EXPECT_EQ(RegistryCode::CheckDigit("010010910"), 6);
  EXPECT_EQ(RegistryCode::CheckDigit("030058856"), 9);
  EXPECT_EQ(RegistryCode::CheckDigit("510012345"), 2);
  EXPECT_EQ(RegistryCode::CheckDigit("510000000"), 2);
  EXPECT_EQ(RegistryCode::CheckDigit("510000001"), -1);  // the weighted sum leaves remainder 0
  EXPECT_EQ(RegistryCode::CheckDigit("51000000"), -1);
  EXPECT_EQ(RegistryCode::CheckDigit("5100000000"), -1);
  EXPECT_EQ(RegistryCode::CheckDigit("51000000a"), -1);
}

TEST(RegistryCode, AcceptsEveryHaGiangCodeBuiltWithItsCheckDigit) {
  // Hà Giang's codes start with 51; build a code from each nine-digit prefix and its check digit.
  int built = 0;
  for (int serial = 1000; serial < 1100; ++serial) {
    const std::string nine = "51000" + std::to_string(serial);
    const int check = RegistryCode::CheckDigit(nine);
    if (check < 0) {
      for (char last = '0'; last <= '9'; ++last) {
        EXPECT_FALSE(RegistryCode::Parse(nine + last).ok()) << nine << last;
      }
      continue;
    }
    const std::string code = nine + static_cast<char>('0' + check);
    ++built;
    EXPECT_TRUE(RegistryCode::Parse(code).ok()) << code;
    EXPECT_TRUE(RegistryCode::Parse(code + "-002").ok()) << code;
    const std::string wrong = nine + static_cast<char>('0' + (check + 1) % 10);
    EXPECT_FALSE(RegistryCode::Parse(wrong).ok()) << wrong;
  }
  EXPECT_GT(built, 80);
}

TEST(RegistryCode, RejectsMalformedCodesNamingFieldValueAndRule) {
  struct Case {
    const char* text;
    const char* rule;
  } cases[] = {
      {"0100109107", "registry_code.check_digit"},
      {"0300588560-001", "registry_code.check_digit"},
      {"5100000010", "registry_code.check_digit"},  // prefix 510000001 has no valid check digit
      {"010010910", "registry_code.format"},
      {"01001091060", "registry_code.format"},
      {"0300588569-01", "registry_code.format"},
      {"0300588569-0001", "registry_code.format"},
      {"0300588569/001", "registry_code.format"},
      {"0300588569-00a", "registry_code.format"},
      {"01001O9106", "registry_code.format"},
      {"HTX0100109", "registry_code.format"},
      {"", "registry_code.required"},
      {"   ", "registry_code.required"},
  };
  for (const auto& c : cases) {
    auto code = RegistryCode::Parse(c.text, /*legacy=*/false, "ma_so_htx");
    ASSERT_FALSE(code.ok()) << c.text;
    EXPECT_EQ(code.error().code, ErrorCode::kInvalid) << c.text;
    EXPECT_EQ(code.error().field, "ma_so_htx") << c.text;
    EXPECT_EQ(code.error().value, c.text) << c.text;
    EXPECT_EQ(code.error().rule, c.rule) << c.text;
  }
}

TEST(RegistryCode, AcceptsLegacyCertificateNumbersOnlyWhenMarkedLegacy) {
  for (const char* text : {"12/HTX-DK", "0712/GCN", "HG.2003.15", "05-B/TT", "HTX-123", "A1b"}) {
    auto strict = RegistryCode::Parse(text);
    ASSERT_FALSE(strict.ok()) << text;
    EXPECT_EQ(strict.error().rule, "registry_code.format") << text;
    auto legacy = RegistryCode::Parse(text, /*legacy=*/true);
    ASSERT_TRUE(legacy.ok()) << text << ": " << legacy.error().ToString();
    EXPECT_EQ(legacy->value(), text);
    EXPECT_TRUE(legacy->legacy());
  }
}

TEST(RegistryCode, RejectsLegacyNumbersOutsideTheirFormat) {
  struct Case {
    const char* text;
    const char* rule;
  } cases[] = {
      {"12", "registry_code.legacy_format"},
      {"1234567890123456789012345678901", "registry_code.legacy_format"},
      {"12 HTX", "registry_code.legacy_format"},
      {"12_HTX", "registry_code.legacy_format"},
      {"", "registry_code.required"},
  };
  for (const auto& c : cases) {
    auto code = RegistryCode::Parse(c.text, /*legacy=*/true, "certificate_no");
    ASSERT_FALSE(code.ok()) << c.text;
    EXPECT_EQ(code.error().code, ErrorCode::kInvalid) << c.text;
    EXPECT_EQ(code.error().field, "certificate_no") << c.text;
    EXPECT_EQ(code.error().value, c.text) << c.text;
    EXPECT_EQ(code.error().rule, c.rule) << c.text;
  }
}

TEST(RegistryCode, TaxCodesParsedAsLegacyStayLegacy) {
  auto code = RegistryCode::Parse("0100109106", /*legacy=*/true);
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE(code->legacy());
  EXPECT_NE(code.value(), RegistryCode::Parse("0100109106").value());
}

}  // namespace
}  // namespace hoptac::domain
