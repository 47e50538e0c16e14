// The CSV reader on the files offices actually have: BOMs, CRLF, ';' and tab delimiters, quoted
// line breaks, Windows code pages.

#include "exchange/csv_reader.hpp"

#include <gtest/gtest.h>

#include "exchange/csv_writer.hpp"

namespace hoptac::exchange {
namespace {

CsvSheet Read(std::string_view bytes) {
  auto r = ReadCsv(bytes, CsvOptions{"t.csv"});
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? std::move(r).value() : CsvSheet{};
}

std::vector<std::string> Cells(std::initializer_list<const char*> v) {
  return {v.begin(), v.end()};
}

TEST(CsvReader, ReadsUtf8WithBomAndCrlf) {
  const CsvSheet s = Read("\xEF\xBB\xBFM\xC3\xA3 s\xE1\xBB\x91,T\xC3\xAAn\r\n5100123452,HTX A\r\n");
  EXPECT_EQ(s.encoding, Encoding::kUtf8);
  ASSERT_EQ(s.sheet.rows.size(), 2u);
  EXPECT_EQ(s.sheet.rows[0].cells, Cells({"Mã số", "Tên"}));
  EXPECT_EQ(s.sheet.rows[1].line, 2u);
  EXPECT_EQ(s.sheet.rows[1].cells, Cells({"5100123452", "HTX A"}));
}

TEST(CsvReader, DetectsSemicolonAndTabDelimiters) {
  EXPECT_EQ(Read("a;b,c;d\n1;2,5;3\n").sheet.rows[1].cells, Cells({"1", "2,5", "3"}));
  EXPECT_EQ(Read("a\tb\n1\t2\n").sheet.rows[1].cells, Cells({"1", "2"}));
  EXPECT_EQ(Read("a;b\n").delimiter, ';');
  EXPECT_EQ(Read("\"a;x\",b\n").delimiter, ',');
}

TEST(CsvReader, QuotedFieldsKeepDelimitersQuotesAndLineBreaksAndLinesCountPhysically) {
  const CsvSheet s = Read("a,b\n\"x, \"\"y\"\"\",\"line one\r\nline two\"\n\n3,HTX \"Hoa\"\n");
  ASSERT_EQ(s.sheet.rows.size(), 3u);
  EXPECT_EQ(s.sheet.rows[1].cells, Cells({"x, \"y\"", "line one line two"}));
  EXPECT_EQ(s.sheet.rows[1].line, 2u);
  EXPECT_EQ(s.sheet.rows[2].line, 5u);  // the empty line 4 is skipped, its number kept
  EXPECT_EQ(s.sheet.rows[2].cells, Cells({"3", "HTX \"Hoa\""}));
}

TEST(CsvReader, ReadsOldMacLineEndsAndALastLineWithoutEnd) {
  const CsvSheet s = Read("a,b\r1,2\r3,\"x\"");
  ASSERT_EQ(s.sheet.rows.size(), 3u);
  EXPECT_EQ(s.sheet.rows[2].line, 3u);
  EXPECT_EQ(s.sheet.rows[2].cells, Cells({"3", "x"}));
}

TEST(CsvReader, NormalisesNfdToNfcAndTrims) {
  // "Hợp" in NFD: o + U+031B horn + U+0323 dot below.
  const CsvSheet s = Read("a\n  Ho\xCC\x9B\xCC\xA3p   ta\xCC\x81\x63  \n");
  EXPECT_EQ(s.sheet.rows[1].cells, Cells({"Hợp tác"}));
}

TEST(CsvReader, ConvertsWindows1258ToNfc) {
  // "Hợp tác xã Đồng Văn" in Windows-1258: base letters followed by tone bytes.
  const std::string bytes = "T\xEAn\r\nH\xF5\xF2p ta\xEC\x63 xa\xDE \xD0\xF4\xCCng V\xE3n\r\n";
  const CsvSheet s = Read(bytes);
  EXPECT_EQ(s.encoding, Encoding::kWindows1258);
  EXPECT_EQ(s.sheet.rows[0].cells, Cells({"Tên"}));
  EXPECT_EQ(s.sheet.rows[1].cells, Cells({"Hợp tác xã Đồng Văn"}));
}

TEST(CsvReader, ConvertsWindows1252) {
  const CsvSheet s = Read("name;city\nCaf\xE9 M\xFCller;K\xF6ln \x80\n");
  EXPECT_EQ(s.encoding, Encoding::kWindows1252);
  EXPECT_EQ(s.sheet.rows[1].cells, Cells({"Café Müller", "Köln €"}));
}

TEST(CsvReader, RefusesUndecidableAndMixedEncodingsNamingTheLine) {
  // Vietnamese tone marks and German letters: neither code page fits.
  auto both = ReadCsv("a\nb\nxa\xDE M\xFCller\n", CsvOptions{});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.error().message.find("line 3"), std::string::npos) << both.error().message;
  EXPECT_NE(both.error().message.find("Windows-1258"), std::string::npos);
  // Valid UTF-8 on line 1, a stray byte on line 2.
  auto mixed = ReadCsv("T\xC3\xAAn\nab\xFF\n", CsvOptions{});
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error().message.find("line 2"), std::string::npos) << mixed.error().message;
  // 0x81 is undefined in both code pages.
  auto undefined = ReadCsv("a\n\x81\n", CsvOptions{});
  ASSERT_FALSE(undefined.ok());
  EXPECT_NE(undefined.error().message.find("line 2: byte 0x81"), std::string::npos)
      << undefined.error().message;
}

TEST(CsvReader, RefusesBrokenQuotingNamingTheLine) {
  auto open = ReadCsv("a,b\n1,\"never closed\n2,3\n", CsvOptions{});
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.error().message.find("line 2"), std::string::npos) << open.error().message;
  auto after = ReadCsv("a,b\n1,\"x\"y\n", CsvOptions{});
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message.find("line 2"), std::string::npos) << after.error().message;
}

TEST(CsvReader, EnforcesItsLimits) {
  CsvOptions small;
  small.max_bytes = 10;
  EXPECT_FALSE(ReadCsv("a,b\n1234567,8\n", small).ok());
  CsvOptions rows;
  rows.max_rows = 2;
  auto r = ReadCsv("a\n1\n2\n", rows);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("line 3"), std::string::npos) << r.error().message;
  CsvOptions cell;
  cell.max_cell_bytes = 4;
  auto c = ReadCsv("a\n12345\n", cell);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos) << c.error().message;
}

TEST(CsvWriter, WritesWhatTheReaderReadsBack) {
  const std::vector<std::string> cells = {"plain", "a,b", "say \"hi\"", "x;y", "", "Hợp tác xã"};
  std::string out(kUtf8Bom);
  AppendCsvRow(out, cells);
  AppendCsvRow(out, cells);
  EXPECT_EQ(out.substr(3, out.find('\n') - 2),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"x;y\",,Hợp tác xã\r\n");
  const CsvSheet s = Read(out);
  ASSERT_EQ(s.sheet.rows.size(), 2u);
  EXPECT_EQ(s.sheet.rows[1].cells, cells);
}

}  // namespace
}  // namespace hoptac::exchange
