#include "exchange/xlsx_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hoptac::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// ---------------------------------------------------------------------------------------------
// Building workbooks.

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A workbook written by libxlsxwriter (which writes shared strings and styles as Excel does).
std::string WriteWithXlsxWriter(const std::function<void(lxw_workbook*)>& build) {
  static int counter = 0;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("hoptac_xlsx_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + ".xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) throw std::runtime_error("workbook_new failed");
  build(workbook);
  if (workbook_close(workbook) != LXW_NO_ERROR) throw std::runtime_error("workbook_close failed");
  std::string bytes = ReadFile(path);
  std::filesystem::remove(path);
  return bytes;
}

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip archive holding `parts` (name, content), deflated, built in memory with libzip.
std::string Zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (zip == nullptr) throw std::runtime_error("zip_open_from_source failed");
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    if (zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      throw std::runtime_error("zip_file_add failed");
    }
  }
  if (zip_close(zip) != 0) throw std::runtime_error("zip_close failed");
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string Namespaces() {
  return std::string(" xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel + "\"";
}

// A minimal workbook of one sheet "Sheet1" whose <sheetData> holds `rows`; shared strings and
// styles only when given.
struct MiniWorkbook {
  std::string rows;
  std::string shared_strings;  // the <si> items; empty: no sharedStrings part
  std::string num_fmts;        // <numFmt> items
  std::string cell_xfs;        // <xf> items; empty: no styles part
  std::string workbook_pr;     // attributes of <workbookPr>

  Parts ToParts() const {
    Parts parts;
    parts.emplace_back("[Content_Types].xml",
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    parts.emplace_back("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook" +
                                              Namespaces() + "><workbookPr " + workbook_pr +
                                              "/><sheets><sheet name=\"Sheet1\" sheetId=\"1\" "
                                              "r:id=\"rId1\"/></sheets></workbook>");
    std::string rels =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        std::string(kRel) + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
    if (!shared_strings.empty()) {
      rels += "<Relationship Id=\"rId2\" Type=\"" + std::string(kRel) +
              "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
      parts.emplace_back("xl/sharedStrings.xml", "<?xml version=\"1.0\"?>\n<sst xmlns=\"" +
                                                     std::string(kMain) + "\">" + shared_strings +
                                                     "</sst>");
    }
    if (!cell_xfs.empty()) {
      rels += "<Relationship Id=\"rId3\" Type=\"" + std::string(kRel) +
              "/styles\" Target=\"styles.xml\"/>";
      parts.emplace_back("xl/styles.xml", "<?xml version=\"1.0\"?>\n<styleSheet xmlns=\"" +
                                              std::string(kMain) + "\"><numFmts>" + num_fmts +
                                              "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/>"
                                              "</cellStyleXfs><cellXfs>" +
                                              cell_xfs + "</cellXfs></styleSheet>");
    }
    rels += "</Relationships>";
    parts.emplace_back("xl/_rels/workbook.xml.rels", rels);
    parts.emplace_back("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?>\n<worksheet" +
                                                       Namespaces() + "><sheetData>" + rows +
                                                       "</sheetData></worksheet>");
    return parts;
  }
  std::string Bytes() const { return Zip(ToParts()); }
};

XlsxOptions WithMaxCells(uint64_t max_cells) {
  XlsxOptions options;
  options.max_cells = max_cells;
  return options;
}

XlsxOptions WithMaxUncompressed(uint64_t bytes) {
  XlsxOptions options;
  options.max_uncompressed = bytes;
  return options;
}

Sheet ReadOk(const std::string& bytes, const XlsxOptions& options = {}) {
  auto sheet = ReadXlsx(bytes, options);
  if (!sheet.ok()) throw std::runtime_error("ReadXlsx failed: " + sheet.error().message);
  return std::move(sheet).value();
}

std::string ReadError(const std::string& bytes, const XlsxOptions& options = {}) {
  auto sheet = ReadXlsx(bytes, options);
  if (sheet.ok()) return "(no error)";
  EXPECT_EQ(sheet.error().code, ErrorCode::kInvalid);
  return sheet.error().message;
}

// The cells of the row with Excel number `line`; fails the test if there is none.
std::vector<std::string> Row(const Sheet& sheet, size_t line) {
  for (const auto& row : sheet.rows) {
    if (row.line == line) return row.cells;
  }
  ADD_FAILURE() << "no row " << line;
  return {};
}

std::vector<size_t> Lines(const Sheet& sheet) {
  std::vector<size_t> lines;
  for (const auto& row : sheet.rows) lines.push_back(row.line);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Workbooks written by libxlsxwriter.

TEST(XlsxReader, ReadsSharedStringsWithVietnameseDiacritics) {
  const std::string bytes = WriteWithXlsxWriter([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    worksheet_write_string(ws, 0, 0, "Mã số HTX", nullptr);
    worksheet_write_string(ws, 0, 1, "Tên HTX", nullptr);
    worksheet_write_string(ws, 1, 0, "5100123452", nullptr);
    // "Hợp tác xã" in NFD (decomposed marks) and with surrounding spaces.
    worksheet_write_string(ws, 1, 1, "  Ho\xcc\x9b\xcc\xa3p ta\xcc\x81\x63 xa\xcc\x83 Đồng Văn ",
                           nullptr);
    worksheet_write_string(ws, 2, 1, "Tên HTX", nullptr);  // a repeated shared string
  });
  const Sheet sheet = ReadOk(bytes);
  EXPECT_EQ(sheet.name, "Sheet1");
  EXPECT_THAT(Lines(sheet), ElementsAre(1, 2, 3));
  EXPECT_THAT(Row(sheet, 1), ElementsAre("Mã số HTX", "Tên HTX"));
  EXPECT_THAT(Row(sheet, 2), ElementsAre("5100123452", "Hợp tác xã Đồng Văn"));
  EXPECT_THAT(Row(sheet, 3), ElementsAre("", "Tên HTX"));
}

TEST(XlsxReader, ReadsNumbersAsTheirPlainDecimalForm) {
  const std::string bytes = WriteWithXlsxWriter([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* thousands = workbook_add_format(wb);
    format_set_num_format(thousands, "#,##0");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0 \"đồng\"");  // d, y, s inside quotes: not a date
    worksheet_write_number(ws, 0, 0, 42, nullptr);
    worksheet_write_number(ws, 0, 1, -12.5, nullptr);
    worksheet_write_number(ws, 0, 2, 1234567890123.0, nullptr);
    worksheet_write_number(ws, 0, 3, 1e20, nullptr);
    worksheet_write_number(ws, 0, 4, 0.1 + 0.2, nullptr);
    worksheet_write_number(ws, 0, 5, 0.00015, nullptr);
    worksheet_write_number(ws, 0, 6, 45000, thousands);
    worksheet_write_number(ws, 0, 7, 1500000, money);
    worksheet_write_number(ws, 0, 8, 0, nullptr);
  });
  const Sheet sheet = ReadOk(bytes);
  EXPECT_THAT(Row(sheet, 1), ElementsAre("42", "-12.5", "1234567890123", "100000000000000000000",
                                         "0.3", "0.00015", "45000", "1500000", "0"));
}

TEST(XlsxReader, TurnsDateFormattedNumbersIntoIsoDates) {
  const std::string bytes = WriteWithXlsxWriter([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* vietnamese = workbook_add_format(wb);
    format_set_num_format(vietnamese, "dd/mm/yyyy");
    lxw_format* builtin = workbook_add_format(wb);
    format_set_num_format_index(builtin, 14);  // m/d/yyyy, Excel's short date
    lxw_format* with_time = workbook_add_format(wb);
    format_set_num_format(with_time, "dd/mm/yyyy hh:mm:ss");
    lxw_datetime founded = {2016, 5, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 0, 0, &founded, vietnamese);
    lxw_datetime leap = {2024, 2, 29, 0, 0, 0};
    worksheet_write_datetime(ws, 0, 1, &leap, builtin);
    lxw_datetime decided = {2013, 7, 1, 14, 30, 5};
    worksheet_write_datetime(ws, 0, 2, &decided, with_time);
    worksheet_write_number(ws, 0, 3, 42491, nullptr);  // the same serial, not formatted as a date
  });
  const Sheet sheet = ReadOk(bytes);
  EXPECT_THAT(Row(sheet, 1),
              ElementsAre("2016-05-01", "2024-02-29", "2013-07-01T14:30:05", "42491"));
}

TEST(XlsxReader, ReadsBooleansAndCachedFormulaResults) {
  const std::string bytes = WriteWithXlsxWriter([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    worksheet_write_boolean(ws, 0, 0, 1, nullptr);
    worksheet_write_boolean(ws, 0, 1, 0, nullptr);
    worksheet_write_formula_str(ws, 0, 2, "=\"Hợp tác xã \"&\"Mường Khương\"", nullptr,
                                "Hợp tác xã Mường Khương");
    worksheet_write_formula_num(ws, 0, 3, "=40+2", nullptr, 42);
  });
  const Sheet sheet = ReadOk(bytes);
  EXPECT_THAT(Row(sheet, 1), ElementsAre("TRUE", "FALSE", "Hợp tác xã Mường Khương", "42"));
}

TEST(XlsxReader, KeepsExcelRowNumbersAcrossSparseCellsAndEmptyRows) {
  const std::string bytes = WriteWithXlsxWriter([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_write_string(ws, 0, 0, "a", nullptr);
    worksheet_write_string(ws, 0, 3, "d", nullptr);
    worksheet_write_blank(ws, 1, 0, bold);  // styled but empty: row 2 is empty
    worksheet_write_string(ws, 4, 2, "c", nullptr);
    worksheet_write_blank(ws, 4, 5, bold);  // trailing empty cell
    worksheet_write_number(ws, 9, 1, 7, nullptr);
  });
  const Sheet sheet = ReadOk(bytes);
  EXPECT_THAT(Lines(sheet), ElementsAre(1, 5, 10));
  EXPECT_THAT(Row(sheet, 1), ElementsAre("a", "", "", "d"));
  EXPECT_THAT(Row(sheet, 5), ElementsAre("", "", "c"));
  EXPECT_THAT(Row(sheet, 10), ElementsAre("", "7"));
}

std::string ThreeSheets() {
  return WriteWithXlsxWriter([](lxw_workbook* wb) {
    lxw_worksheet* notes = workbook_add_worksheet(wb, "Ghi chú");
    worksheet_write_string(notes, 0, 0, "Đọc kỹ trước khi nhập", nullptr);
    lxw_worksheet* list = workbook_add_worksheet(wb, "Danh sách");
    worksheet_write_string(list, 0, 0, "Mã số HTX", nullptr);
    worksheet_write_string(list, 1, 0, "5100123452", nullptr);
    lxw_worksheet* figures = workbook_add_worksheet(wb, "Số liệu 2016");
    worksheet_write_number(figures, 2, 0, 2016, nullptr);
  });
}

TEST(XlsxReader, ReadsTheFirstSheetUnlessOneIsNamed) {
  const std::string bytes = ThreeSheets();
  const Sheet first = ReadOk(bytes);
  EXPECT_EQ(first.name, "Ghi chú");
  EXPECT_THAT(Row(first, 1), ElementsAre("Đọc kỹ trước khi nhập"));

  const Sheet named = ReadOk(bytes, {.sheet = "Danh sách"});
  EXPECT_EQ(named.name, "Danh sách");
  EXPECT_THAT(Lines(named), ElementsAre(1, 2));
  EXPECT_THAT(Row(named, 2), ElementsAre("5100123452"));

  const Sheet figures = ReadOk(bytes, {.sheet = "số liệu 2016"});  // case does not matter
  EXPECT_THAT(Row(figures, 3), ElementsAre("2016"));
}

TEST(XlsxReader, ListsSheetNamesInWorkbookOrder) {
  auto names = XlsxSheetNames(ThreeSheets());
  ASSERT_TRUE(names.ok()) << names.error().message;
  EXPECT_THAT(*names, ElementsAre("Ghi chú", "Danh sách", "Số liệu 2016"));
}

TEST(XlsxReader, NamesTheSheetsThereAreWhenTheNamedOneIsMissing) {
  auto sheet = ReadXlsx(ThreeSheets(), {.sheet = "Tổng hợp"});
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(sheet.error().field, "sheet");
  EXPECT_EQ(sheet.error().message,
            "sheet 'Tổng hợp' not found; the workbook has: 'Ghi chú', 'Danh sách', 'Số liệu 2016'");
}

// ---------------------------------------------------------------------------------------------
// Hand-built workbooks: what libxlsxwriter does not write.

TEST(XlsxReader, ReadsInlineStringsWithRunsAndEscapes) {
  MiniWorkbook book;
  book.rows =
      "<row r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t>Hợp tác xã</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\">Đồng </t></r>"
      "<r><rPr><b/></rPr><t>Văn</t></r></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>Dòng 1_x000D_\nDòng 2 _x005F_x0041_</t></is></c>"
      "<c r=\"D1\" t=\"inlineStr\"><is><t>&lt;b&gt; &amp; ơ</t></is></c>"
      "</row>";
  const Sheet sheet = ReadOk(book.Bytes());
  EXPECT_THAT(Row(sheet, 1),
              ElementsAre("Hợp tác xã", "Đồng Văn", "Dòng 1 Dòng 2 _x0041_", "<b> & ơ"));
}

TEST(XlsxReader, ConcatenatesRichTextRunsInSharedStringsAndDropsPhoneticRuns) {
  MiniWorkbook book;
  book.shared_strings =
      "<si><t>Tên HTX</t></si>"
      "<si><r><rPr><b/><sz val=\"11\"/></rPr><t xml:space=\"preserve\">Hợp tác xã </t></r>"
      "<r><rPr><i/></rPr><t>Nông nghiệp </t></r><r><t>Bản Phố</t></r></si>"
      "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>";
  book.rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c></row>";
  const Sheet sheet = ReadOk(book.Bytes());
  EXPECT_THAT(Row(sheet, 2), ElementsAre("Hợp tác xã Nông nghiệp Bản Phố", "漢字"));
}

// One row per case: column A holds the serial (styled as a date, or not), column B the expected.
struct SerialCase {
  const char* serial;
  const char* expected;
};

Sheet SerialSheet(const std::vector<SerialCase>& cases, const std::string& workbook_pr,
                  const char* style) {
  MiniWorkbook book;
  book.workbook_pr = workbook_pr;
  book.num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy;@\"/>";
  book.cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>";
  int line = 0;
  for (const auto& c : cases) {
    ++line;
    book.rows += "<row r=\"" + std::to_string(line) + "\"><c s=\"" + style + "\"><v>" + c.serial +
                 "</v></c></row>";
  }
  return ReadOk(book.Bytes());
}

void ExpectSerials(const std::vector<SerialCase>& cases, const std::string& workbook_pr,
                   const char* style) {
  const Sheet sheet = SerialSheet(cases, workbook_pr, style);
  ASSERT_EQ(sheet.rows.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_THAT(sheet.rows[i].cells, ElementsAre(cases[i].expected))
        << "serial " << cases[i].serial << " with " << workbook_pr;
  }
}

TEST(XlsxReader, KeepsTheLotusLeapYearBugOf1900) {
  ExpectSerials({{"1", "1900-01-01"},
                 {"59", "1900-02-28"},
                 {"60", "1900-02-29"},  // Excel's phantom day, left for the date check to refuse
                 {"61", "1900-03-01"},
                 {"25569", "1970-01-01"},
                 {"42491", "2016-05-01"},
                 {"42491.5", "2016-05-01T12:00:00"},
                 {"42491.99999999", "2016-05-02"},  // rounds to midnight of the next day
                 {"2958465", "9999-12-31"},
                 {"2958466", "2958466"},  // past 9999-12-31: stays a number
                 {"-1", "-1"}},
                "", "1");
}

TEST(XlsxReader, CountsFrom1904WhenTheWorkbookSaysSo) {
  ExpectSerials({{"0", "1904-01-01"}, {"60", "1904-03-01"}, {"41029", "2016-05-01"}},
                "date1904=\"1\"", "1");
  ExpectSerials({{"41029", "2016-05-01"}}, "date1904=\"true\"", "2");
}

TEST(XlsxReader, RecognisesCustomDateFormats) {
  const std::vector<std::pair<std::string, bool>> formats = {
      {"dd/mm/yyyy", true},
      {"[$-42A]d mmmm yyyy", true},
      {"yyyy-mm-dd\\ hh:mm", true},
      {"h:mm AM/PM", true},
      {"#,##0", false},
      {"0.00 \"ngày\"", false},        // the letters are quoted
      {"[Red]#,##0;[Blue]-0", false},  // bracketed colours
      {"General", false},
      {"0_);\\(0\\)", false},
      {"@", false},
  };
  for (const auto& [code, is_date] : formats) {
    MiniWorkbook book;
    std::string escaped;
    for (const char c : code) escaped += c == '"' ? std::string("&quot;") : std::string(1, c);
    book.num_fmts = "<numFmt numFmtId=\"170\" formatCode=\"" + escaped + "\"/>";
    book.cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"170\" applyNumberFormat=\"1\"/>";
    book.rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42491</v></c></row>";
    EXPECT_THAT(Row(ReadOk(book.Bytes()), 1), ElementsAre(is_date ? "2016-05-01" : "42491"))
        << code;
  }
}

TEST(XlsxReader, ReadsCellsAndRowsWithoutReferences) {
  MiniWorkbook book;
  book.rows =
      "<row><c><v>1</v></c><c><v>2</v></c></row>"
      "<row r=\"4\"><c r=\"C4\"><v>3</v></c><c><v>4</v></c></row>"
      "<row><c t=\"e\"><v>#N/A</v></c><c t=\"b\"><v>1</v></c><c t=\"n\"><v>1.5E-3</v></c></row>";
  const Sheet sheet = ReadOk(book.Bytes());
  EXPECT_THAT(Lines(sheet), ElementsAre(1, 4, 5));
  EXPECT_THAT(Row(sheet, 1), ElementsAre("1", "2"));
  EXPECT_THAT(Row(sheet, 4), ElementsAre("", "", "3", "4"));
  EXPECT_THAT(Row(sheet, 5), ElementsAre("#N/A", "TRUE", "0.0015"));
}

TEST(XlsxReader, ReadsIsoDateCells) {
  MiniWorkbook book;
  book.rows =
      "<row r=\"1\"><c t=\"d\"><v>2016-05-01T00:00:00Z</v></c><c t=\"d\"><v>2013-07-01T14:30:05."
      "250</v></c><c t=\"d\"><v>2016-05-01</v></c><c t=\"d\"><v>1/5/2016</v></c></row>";
  EXPECT_THAT(Row(ReadOk(book.Bytes()), 1),
              ElementsAre("2016-05-01", "2013-07-01T14:30:05", "2016-05-01", "1/5/2016"));
}

TEST(XlsxReader, ReadsPrefixedNamespaces) {
  Parts parts = MiniWorkbook{}.ToParts();
  for (auto& [name, content] : parts) {
    if (name == "xl/worksheets/sheet1.xml") {
      content = "<x:worksheet xmlns:x=\"" + std::string(kMain) +
                "\"><x:sheetData><x:row x:r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>có "
                "tiền tố</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>";
    }
  }
  EXPECT_THAT(Row(ReadOk(Zip(parts)), 2), ElementsAre("", "có tiền tố"));
}

// ---------------------------------------------------------------------------------------------
// Refusals.

TEST(XlsxReader, RefusesWhatIsNotAZipArchive) {
  EXPECT_EQ(ReadError("Mã số HTX,Tên HTX\n5100123452,Đồng Văn\n"),
            "the file is not an .xlsx workbook (it is not a zip archive)");
  EXPECT_EQ(ReadError(""), "the file is not an .xlsx workbook (it has no xl/workbook.xml)");
}

TEST(XlsxReader, RefusesAZipThatIsNotAWorkbook) {
  EXPECT_EQ(ReadError(Zip({{"word/document.xml", "<document/>"}})),
            "the file is not an .xlsx workbook (it has no xl/workbook.xml)");
  auto names = XlsxSheetNames(Zip({{"readme.txt", "hello"}}));
  ASSERT_FALSE(names.ok());
  EXPECT_THAT(names.error().message, HasSubstr("not an .xlsx workbook"));
}

TEST(XlsxReader, NamesAMissingPart) {
  Parts parts = MiniWorkbook{}.ToParts();
  std::erase_if(parts, [](const auto& p) { return p.first == "xl/worksheets/sheet1.xml"; });
  EXPECT_EQ(ReadError(Zip(parts)),
            "the workbook is damaged: xl/worksheets/sheet1.xml (sheet 'Sheet1') is missing");
}

TEST(XlsxReader, RefusesASharedStringCellWithoutSharedStrings) {
  MiniWorkbook book;
  book.rows = "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>0</v></c></row>";
  EXPECT_THAT(ReadError(book.Bytes()),
              HasSubstr("cell B3 refers to the shared strings, but the workbook has no shared "
                        "strings part (xl/sharedStrings.xml)"));

  book.shared_strings = "<si><t>một</t></si>";
  book.rows = "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>1</v></c></row>";
  EXPECT_EQ(ReadError(book.Bytes()),
            "cell B3 refers to shared string '1', but the workbook has 1 "
            "(xl/worksheets/sheet1.xml, line 2)");
}

TEST(XlsxReader, NamesThePartAndLineOfMalformedXml) {
  MiniWorkbook book;
  book.rows = "<row r=\"1\"><c r=\"A1\"><v>1</v></row>";  // </c> missing
  EXPECT_EQ(ReadError(book.Bytes()),
            "the workbook is damaged: xl/worksheets/sheet1.xml is not well-formed XML (line 2: "
            "mismatched tag)");

  Parts parts = MiniWorkbook{}.ToParts();
  for (auto& [name, content] : parts) {
    if (name == "xl/workbook.xml") content = "<workbook><sheets>";
  }
  EXPECT_THAT(ReadError(Zip(parts)),
              HasSubstr("the workbook is damaged: xl/workbook.xml is not well-formed XML"));
}

TEST(XlsxReader, RefusesADoctype) {
  Parts parts = MiniWorkbook{}.ToParts();
  for (auto& [name, content] : parts) {
    if (name == "xl/worksheets/sheet1.xml") {
      content =
          "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
          "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
          "</sheetData></worksheet>";
    }
  }
  EXPECT_EQ(ReadError(Zip(parts)),
            "the workbook is damaged: xl/worksheets/sheet1.xml declares a DOCTYPE, which "
            "workbooks never do");
}

TEST(XlsxReader, RefusesCellsThatAreNotWhatTheirTypeSays) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<c r=\"B2\"><v>12abc</v></c>", "cell B2 holds '12abc', which is not a number"},
      {"<c r=\"B2\" t=\"b\"><v>yes</v></c>", "cell B2 holds 'yes', which is not a boolean"},
      {"<c r=\"B2\" t=\"x\"><v>1</v></c>", "cell B2 has an unknown type 'x'"},
      {"<c r=\"2B\"><v>1</v></c>", "cell reference '2B' is not valid"},
      {"<c r=\"XFE2\"><v>1</v></c>", "cell reference 'XFE2' is not valid"},
  };
  for (const auto& [cell, message] : cases) {
    MiniWorkbook book;
    book.rows = "<row r=\"2\">" + cell + "</row>";
    EXPECT_THAT(ReadError(book.Bytes()), HasSubstr(message)) << cell;
  }
  MiniWorkbook book;
  book.rows = "<row r=\"0\"><c><v>1</v></c></row>";
  EXPECT_THAT(ReadError(book.Bytes()), HasSubstr("row number '0' is not valid"));
}

TEST(XlsxReader, RefusesMoreCellsThanTheLimit) {
  MiniWorkbook book;
  book.rows = "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"E1\"><v>1</v></c></row>";
  EXPECT_EQ(ReadOk(book.Bytes(), WithMaxCells(5)).rows.size(), 1U);
  EXPECT_THAT(ReadError(book.Bytes(), WithMaxCells(4)),
              HasSubstr("the sheet has more than 4 cells"));
}

TEST(XlsxReader, RefusesMoreSharedStringsThanTheCellLimit) {
  MiniWorkbook book;
  for (int i = 0; i < 6; ++i) book.shared_strings += "<si><t>" + std::to_string(i) + "</t></si>";
  book.rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>";
  EXPECT_THAT(Row(ReadOk(book.Bytes(), WithMaxCells(6)), 1), ElementsAre("5"));
  EXPECT_THAT(ReadError(book.Bytes(), WithMaxCells(5)),
              HasSubstr("the workbook has more shared strings than the 5 cells this import reads"));
}

TEST(XlsxReader, RefusesAStringCopiedIntoTooManyCells) {
  // 200 cells of one 10,000-byte shared string: 2 MB of text from 15 KB of XML.
  MiniWorkbook book;
  book.shared_strings = "<si><t>" + std::string(10'000, 'x') + "</t></si>";
  for (int i = 1; i <= 200; ++i) {
    book.rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"s\"><v>0</v></c></row>";
  }
  EXPECT_EQ(ReadOk(book.Bytes()).rows.size(), 200U);
  EXPECT_THAT(ReadError(book.Bytes(), WithMaxUncompressed(1 << 20)),
              HasSubstr("the sheet's cells hold more than 1048576 bytes of text; it may be a zip "
                        "bomb"));
}

std::string BigSheet(size_t rows) {
  MiniWorkbook book;
  for (size_t i = 1; i <= rows; ++i) {
    book.rows +=
        "<row r=\"" + std::to_string(i) + "\"><c><v>" + std::to_string(i) + "</v></c></row>";
  }
  return book.Bytes();
}

TEST(XlsxReader, RefusesAnEntryDeclaredLargerThanTheLimit) {
  const std::string bytes = BigSheet(5000);  // about 190 KB of XML, deflated to a few KB
  ASSERT_LT(bytes.size(), 40'000U);
  EXPECT_EQ(ReadOk(bytes).rows.size(), 5000U);
  EXPECT_EQ(ReadError(bytes, WithMaxUncompressed(64 << 10)),
            "the workbook is too large once uncompressed (more than 65536 bytes); it may be a zip "
            "bomb");
}

// Rewrites the uncompressed size of `name` in its local header and the central directory.
std::string LieAboutSize(std::string zip, const std::string& name, uint32_t size) {
  auto patch = [&](const char* signature, size_t size_offset, size_t name_length_offset,
                   size_t name_offset) {
    size_t at = 0;
    int patched = 0;
    while ((at = zip.find(signature, at, 4)) != std::string::npos) {
      uint16_t name_length = 0;
      std::memcpy(&name_length, zip.data() + at + name_length_offset, 2);
      if (zip.compare(at + name_offset, name_length, name) == 0) {
        std::memcpy(zip.data() + at + size_offset, &size, 4);
        ++patched;
      }
      at += 4;
    }
    if (patched != 1) throw std::runtime_error("header of " + name + " not found");
  };
  patch("PK\x03\x04", 22, 26, 30);  // local file header
  patch("PK\x01\x02", 24, 28, 46);  // central directory header
  return zip;
}

TEST(XlsxReader, CountsInflatedBytesBecauseZipHeadersCanLie) {
  // The sheet says 1,000 bytes but inflates to about 190 KB: the declared sizes pass the check,
  // the bytes counted while inflating do not.
  const std::string lying = LieAboutSize(BigSheet(5000), "xl/worksheets/sheet1.xml", 1000);
  EXPECT_EQ(ReadError(lying, WithMaxUncompressed(64 << 10)),
            "the workbook is too large once uncompressed (more than 65536 bytes); it may be a zip "
            "bomb");
  EXPECT_EQ(ReadError(lying),
            "the workbook is damaged: xl/worksheets/sheet1.xml is larger than its zip header says");
}

// ---------------------------------------------------------------------------------------------
// A workbook in LibreOffice Calc's conventions (tests/fixtures/xlsx/README.md).

std::string Fixture(const std::string& name) {
  const char* root = std::getenv("HOPTAC_SOURCE_DIR");
  const std::filesystem::path dir =
      std::filesystem::path(root != nullptr ? root : HOPTAC_SOURCE_DIR_DEFAULT) / "tests" /
      "fixtures" / "xlsx";
  return ReadFile(dir / name);
}

TEST(XlsxReader, ReadsAWorkbookSavedByLibreOfficeCalc) {
  const std::string bytes = Fixture("libreoffice-calc.xlsx");
  auto names = XlsxSheetNames(bytes);
  ASSERT_TRUE(names.ok()) << names.error().message;
  EXPECT_THAT(*names, ElementsAre("Danh sách HTX", "Ghi chú"));

  const Sheet sheet = ReadOk(bytes);
  EXPECT_EQ(sheet.name, "Danh sách HTX");
  EXPECT_THAT(Lines(sheet), ElementsAre(1, 3, 4, 5));
  EXPECT_THAT(Row(sheet, 1), ElementsAre("DANH SÁCH HỢP TÁC XÃ TỈNH HÀ GIANG"));
  EXPECT_THAT(Row(sheet, 3), ElementsAre("Mã số HTX", "Tên HTX", "Ngày thành lập", "Vốn điều lệ",
                                         "Đang hoạt động"));
  EXPECT_THAT(Row(sheet, 4), ElementsAre("5100123452", "Hợp tác xã Nông nghiệp Đồng Văn",
                                         "2016-05-01", "1500000000", "TRUE"));
  EXPECT_THAT(Row(sheet, 5), ElementsAre("5100123453", "Hợp tác xã Chè Shan Tuyết Lũng Phìn",
                                         "2013-07-01", "250000000.5", "FALSE"));
}

}  // namespace
}  // namespace hoptac::exchange
