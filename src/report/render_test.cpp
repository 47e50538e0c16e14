// Tests of the report renderers. Text, JSON, CSV and HTML are compared byte for byte with the
// golden files in tests/golden/render/ (found through HOPTAC_SOURCE_DIR, which ctest sets, else
// the tree this file was built from). After an intended change of output, rewrite them with
//
//   HOPTAC_UPDATE_GOLDEN=1 ctest --preset debug -R report_render_test
//
// and review the diff before committing. The XLSX workbook holds timestamps, so its test opens
// the zip and checks the content instead.

#include "report/render.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "report/cell_format.hpp"

namespace hoptac::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A small conversion report: Vietnamese text, text that needs CSV quoting (comma, quote, line
// break) and HTML escaping, counts, money, percentages, dates, missing cells, totals, notes and
// the detail of two rows.
Table Fixture() {
  Table t;
  t.report_id = "conversion-2012";
  t.title = "Chuyển đổi hợp tác xã theo Luật Hợp tác xã 2012";
  t.parameters = {{"Tính đến ngày", "31/12/2016"}, {"Địa bàn", "Huyện Đồng Văn, tỉnh Hà Giang"}};
  t.columns = {{"unit", "Đơn vị", ColumnType::kText},
               {"total", "Tổng số HTX", ColumnType::kCount},
               {"converted", "Đã chuyển đổi", ColumnType::kCount},
               {"rate", "Tỷ lệ (%)", ColumnType::kPercent},
               {"capital", "Vốn điều lệ (đồng)", ColumnType::kMoney},
               {"last_change", "Thay đổi gần nhất", ColumnType::kDate}};
  Row lung_cu{{std::string("Xã Lũng Cú"), int64_t{12}, int64_t{5}, 5.0 * 100 / 12,
               int64_t{1234567890}, std::string("2016-11-30")},
              {{"HG-0001",
                "HTX Nông nghiệp \"Lũng Cú\"",
                "Thôn Lô Lô Chải",
                "Đang hoạt động",
                "Đã chuyển đổi",
                {"total", "converted"}},
               {"HG-0002",
                "HTX Dệt thổ cẩm, Lô Lô",
                "Thôn Thèn Pả",
                "Ngừng hoạt động",
                "Chưa chuyển đổi;\nthiếu báo cáo năm 2016",
                {"total"}}}};
  Row dong_van{{std::string("Thị trấn <Đồng Văn> & 'Phố Cáo'"), int64_t{0}, int64_t{0},
                std::monostate{}, int64_t{0}, std::monostate{}},
               {}};
  Row sung_la{{std::string("Xã Sủng Là, \"Lũng Phìn\"\nmới"), int64_t{1234}, int64_t{1000},
               81.03727714748784, int64_t{987654321}, std::string("2015-01-02")},
              {{"HG-0417", "HTX Chè Shan Tuyết", "Thôn Sủng Là", "Đang hoạt động", "", {}}}};
  t.rows = {lung_cu, dong_van, sung_la};
  t.totals = Row{{std::monostate{}, int64_t{1246}, int64_t{1005}, 80.65810593900482,
                  int64_t{2222222211}, std::monostate{}},
                 {}};
  t.notes = {"Xã chia tách được tính theo địa giới năm 2016.",
             "Tỷ lệ = Đã chuyển đổi / Tổng số HTX × 100."};
  return t;
}

std::string SourceDir() {
  if (const char* env = std::getenv("HOPTAC_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  const std::string here = __FILE__;
  return here.substr(0, here.rfind("/src/report/"));
}

bool UpdatingGolden() {
  const char* env = std::getenv("HOPTAC_UPDATE_GOLDEN");
  return env != nullptr && std::string(env) == "1";
}

// Compares `actual` with tests/golden/render/<name>, or rewrites the file when updating.
void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = SourceDir();
  path.append("/tests/golden/render/");
  path.append(name);
  if (UpdatingGolden()) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "cannot read " << path << " (HOPTAC_UPDATE_GOLDEN=1 writes it)";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

TEST(RenderGolden, Text) { ExpectGolden("conversion.txt", RenderText(Fixture())); }
TEST(RenderGolden, Json) { ExpectGolden("conversion.json", RenderJson(Fixture())); }
TEST(RenderGolden, Csv) { ExpectGolden("conversion.csv", RenderCsv(Fixture())); }
TEST(RenderGolden, Html) { ExpectGolden("conversion.html", RenderHtml(Fixture())); }

TEST(ParseOutputFormat, AcceptsEachName) {
  const std::vector<std::pair<std::string, OutputFormat>> cases = {{"table", OutputFormat::kTable},
                                                                   {"json", OutputFormat::kJson},
                                                                   {"csv", OutputFormat::kCsv},
                                                                   {"xlsx", OutputFormat::kXlsx},
                                                                   {"html", OutputFormat::kHtml}};
  for (const auto& [name, format] : cases) {
    auto parsed = ParseOutputFormat(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, format) << name;
    EXPECT_EQ(FileExtension(format), name == "table" ? "txt" : name);
  }
}

TEST(ParseOutputFormat, RefusesOtherNamesNamingTheField) {
  for (const std::string bad : {"", "JSON", "pdf", "xls", "csv "}) {
    auto parsed = ParseOutputFormat(bad, "output");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(parsed.error().field, "output");
    EXPECT_EQ(parsed.error().value, bad);
  }
}

TEST(MimeType, NamesUtf8ForText) {
  EXPECT_STREQ(MimeType(OutputFormat::kCsv), "text/csv; charset=utf-8");
  EXPECT_STREQ(MimeType(OutputFormat::kHtml), "text/html; charset=utf-8");
  EXPECT_STREQ(MimeType(OutputFormat::kJson), "application/json");
  EXPECT_STREQ(MimeType(OutputFormat::kXlsx),
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST(CellFormat, GroupsThousandsWithDots) {
  const std::vector<std::pair<int64_t, std::string>> cases = {
      {0, "0"},
      {7, "7"},
      {999, "999"},
      {1000, "1.000"},
      {-1234567, "-1.234.567"},
      {INT64_MIN, "-9.223.372.036.854.775.808"}};
  for (const auto& [v, text] : cases) EXPECT_EQ(GroupedInteger(v), text) << v;
}

TEST(CellFormat, WritesDecimalsWithAComma) {
  EXPECT_EQ(VietnameseDecimal(39.8, 1), "39,8");
  EXPECT_EQ(VietnameseDecimal(41.66, 1), "41,7");
  EXPECT_EQ(VietnameseDecimal(1234.5, 1), "1.234,5");
  EXPECT_EQ(VietnameseDecimal(-0.01, 1), "0,0");
  EXPECT_EQ(VietnameseDecimal(-2.5, 1), "-2,5");
  EXPECT_EQ(VietnameseDecimal(1e6, 0), "1.000.000");
  EXPECT_EQ(VietnameseDecimal(std::nan(""), 1), "");
}

TEST(CellFormat, ShowsCellsForPeopleAndForMachines) {
  EXPECT_EQ(ForPeople(Cell{int64_t{1234567}}, ColumnType::kMoney), "1.234.567");
  EXPECT_EQ(ForMachines(Cell{int64_t{1234567}}, ColumnType::kMoney), "1234567");
  EXPECT_EQ(ForPeople(Cell{39.8}, ColumnType::kPercent), "39,8");
  EXPECT_EQ(ForMachines(Cell{39.8}, ColumnType::kPercent), "39.8");
  EXPECT_EQ(ForPeople(Cell{int64_t{40}}, ColumnType::kPercent), "40,0");
  EXPECT_EQ(ForPeople(Cell{2.6}, ColumnType::kCount), "3");
  EXPECT_EQ(ForPeople(Cell{std::string("2016-12-31")}, ColumnType::kDate), "31/12/2016");
  EXPECT_EQ(ForMachines(Cell{std::string("2016-12-31")}, ColumnType::kDate), "2016-12-31");
  EXPECT_EQ(ForPeople(Cell{std::string("chưa rõ")}, ColumnType::kDate), "chưa rõ");
  EXPECT_EQ(ForPeople(Cell{}, ColumnType::kCount), "");
  EXPECT_EQ(ForMachines(Cell{}, ColumnType::kCount), "");
}

TEST(CellFormat, CountsDisplayWidthInCodePoints) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Đồng Văn"), 8u);             // NFC
  EXPECT_EQ(DisplayWidth("U\xCC\x9B\xCC\x81ng"), 3u);  // NFD "Ứng": the marks take no room
  EXPECT_EQ(DisplayWidth("Xã Lũng Cú"), 10u);
}

TEST(RenderText, AlignsColumnsByCodePointsNotBytes) {
  Table t;
  t.title = "T";
  t.columns = {{"a", "Đơn vị", ColumnType::kText}, {"b", "Số", ColumnType::kCount}};
  t.rows = {Row{{std::string("Xã Lũng Cú"), int64_t{5}}, {}},
            Row{{std::string("Ab"), int64_t{12345}}, {}}};
  EXPECT_EQ(RenderText(t),
            "T\n"
            "\n"
            "Đơn vị          Số\n"
            "------------------\n"
            "Xã Lũng Cú       5\n"
            "Ab          12.345\n");
}

TEST(RenderCsv, StartsWithABomAndEndsLinesWithCrLf) {
  const std::string csv = RenderCsv(Fixture());
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF"
                              "Đơn vị,Tổng số HTX,Đã chuyển đổi,Tỷ lệ (%),"));
  for (size_t i = csv.find('\n'); i != std::string::npos; i = csv.find('\n', i + 1)) {
    const bool inside_quoted_field = i > 0 && csv[i - 1] != '\r';
    if (inside_quoted_field) continue;
    EXPECT_EQ(csv[i - 1], '\r');
  }
}

TEST(RenderCsv, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  const std::string csv = RenderCsv(Fixture());
  EXPECT_THAT(csv, HasSubstr("\r\n\"Xã Sủng Là, \"\"Lũng Phìn\"\"\nmới\",1234,1000,"));
  EXPECT_THAT(csv, HasSubstr("\r\nXã Lũng Cú,12,5,41.6666666666666"));
  EXPECT_THAT(csv, HasSubstr("\r\nTổng cộng,1246,1005,80.6581059390048"));
  EXPECT_THAT(csv, HasSubstr("\r\nĐịa bàn,\"Huyện Đồng Văn, tỉnh Hà Giang\"\r\n"));
  EXPECT_THAT(csv, HasSubstr(",2016-11-30\r\n"));
}

TEST(RenderHtml, EscapesTextAndRightAlignsNumbers) {
  const std::string html = RenderHtml(Fixture());
  EXPECT_THAT(html, StartsWith("<!doctype html>\n<html lang=\"vi\">"));
  EXPECT_THAT(html, HasSubstr("<td>Thị trấn &lt;Đồng Văn&gt; &amp; &#39;Phố Cáo&#39;</td>"));
  EXPECT_THAT(html, Not(HasSubstr("<Đồng Văn>")));
  EXPECT_THAT(html, HasSubstr("<td>HTX Nông nghiệp &quot;Lũng Cú&quot;</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1.234.567.890</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">41,7</td>"));
  EXPECT_THAT(html, HasSubstr("<td>30/11/2016</td>"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4 landscape;"));
  EXPECT_THAT(html, Not(HasSubstr("http")));  // no external resources
}

TEST(RenderJson, KeysCellsByColumnIdWithNumbersAndNulls) {
  const auto doc = nlohmann::json::parse(RenderJson(Fixture()));
  EXPECT_EQ(doc["report"], "conversion-2012");
  ASSERT_EQ(doc["rows"].size(), 3u);
  const auto& cells = doc["rows"][1]["cells"];
  EXPECT_TRUE(cells["total"].is_number_integer());
  EXPECT_TRUE(cells["rate"].is_null());
  EXPECT_TRUE(cells["last_change"].is_null());
  EXPECT_EQ(doc["rows"][0]["cells"]["capital"], 1234567890);
  EXPECT_EQ(doc["rows"][0]["cells"]["last_change"], "2016-11-30");
  EXPECT_EQ(doc["rows"][0]["detail"][1]["registry_code"], "HG-0002");
  EXPECT_EQ(doc["rows"][0]["detail"][0]["columns"], nlohmann::json::array({"total", "converted"}));
  EXPECT_EQ(doc["rows"][0]["detail"][1]["columns"], nlohmann::json::array({"total"}));
  EXPECT_TRUE(doc["totals"]["unit"].is_null());
  EXPECT_EQ(doc["columns"][3]["type"], "percent");
}

TEST(Render, DispatchesOnTheFormat) {
  const Table t = Fixture();
  EXPECT_EQ(*Render(t, OutputFormat::kTable), RenderText(t));
  EXPECT_EQ(*Render(t, OutputFormat::kJson), RenderJson(t));
  EXPECT_EQ(*Render(t, OutputFormat::kCsv), RenderCsv(t));
  EXPECT_EQ(*Render(t, OutputFormat::kHtml), RenderHtml(t));
  auto xlsx = Render(t, OutputFormat::kXlsx);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  EXPECT_THAT(*xlsx, StartsWith("PK"));
}

TEST(Render, HandlesAnEmptyTable) {
  const Table empty;
  for (OutputFormat f : {OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kCsv,
                         OutputFormat::kXlsx, OutputFormat::kHtml}) {
    auto out = Render(empty, f);
    ASSERT_TRUE(out.ok()) << FileExtension(f) << ": " << out.error().ToString();
    EXPECT_FALSE(out->empty()) << FileExtension(f);
  }
}

// The files of a zip archive held in memory, by name.
class ZipReader {
 public:
  explicit ZipReader(const std::string& bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (archive_ == nullptr) zip_source_free(source);
    }
    zip_error_fini(&error);
  }
  ~ZipReader() {
    if (archive_ != nullptr) zip_discard(archive_);
  }
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  bool ok() const { return archive_ != nullptr; }

  // The file's bytes, or "" when the archive lacks it.
  std::string Read(const char* name) const {
    zip_stat_t stat;
    if (zip_stat(archive_, name, 0, &stat) != 0) return "";
    zip_file_t* file = zip_fopen(archive_, name, 0);
    if (file == nullptr) return "";
    std::string bytes(stat.size, '\0');
    const zip_int64_t n = zip_fread(file, bytes.data(), stat.size);
    zip_fclose(file);
    return n == static_cast<zip_int64_t>(stat.size) ? bytes : "";
  }

 private:
  zip_t* archive_ = nullptr;
};

TEST(RenderXlsx, WritesTheReportSheetWithHeadingsNumbersAndFrozenFilteredHeader) {
  auto xlsx = RenderXlsx(Fixture());
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  const ZipReader zip(*xlsx);
  ASSERT_TRUE(zip.ok());

  const std::string workbook = zip.Read("xl/workbook.xml");
  EXPECT_THAT(workbook, HasSubstr("name=\"Báo cáo\""));
  EXPECT_THAT(workbook, HasSubstr("name=\"Danh sách\""));
  EXPECT_THAT(zip.Read("docProps/core.xml"),
              HasSubstr("<dc:title>Chuyển đổi hợp tác xã theo Luật Hợp tác xã 2012</dc:title>"));

  const std::string strings = zip.Read("xl/sharedStrings.xml");
  for (const char* text :
       {"Chuyển đổi hợp tác xã theo Luật Hợp tác xã 2012", "Tính đến ngày", "31/12/2016", "Đơn vị",
        "Tổng số HTX", "Đã chuyển đổi", "Tỷ lệ (%)", "Vốn điều lệ (đồng)", "Xã Lũng Cú",
        "Tổng cộng", "Xã chia tách được tính theo địa giới năm 2016."}) {
    EXPECT_THAT(strings, HasSubstr(text));
  }
  EXPECT_THAT(strings, HasSubstr("Thị trấn &lt;Đồng Văn&gt; &amp; 'Phố Cáo'"));

  const std::string sheet = zip.Read("xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet, HasSubstr("<v>1234567890</v>"));
  EXPECT_THAT(sheet, HasSubstr("<v>987654321</v>"));
  EXPECT_THAT(sheet, HasSubstr("<v>2222222211</v>"));
  EXPECT_THAT(sheet, HasSubstr("<v>1246</v>"));
  EXPECT_THAT(sheet, HasSubstr("<v>42704</v>"));  // 30/11/2016 as an Excel serial day
  // Title, two parameters and a blank row put the header on row 5; data rows 6-8.
  EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"5\" topLeftCell=\"A6\" activePane=\"bottomLeft\" "
                               "state=\"frozen\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<autoFilter ref=\"A5:F8\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<pageSetup paperSize=\"9\""));  // A4
  EXPECT_THAT(sheet, HasSubstr("orientation=\"landscape\""));

  const std::string styles = zip.Read("xl/styles.xml");
  EXPECT_THAT(styles, HasSubstr("formatCode=\"#,##0\""));
  EXPECT_THAT(styles, HasSubstr("formatCode=\"0.0\""));
  EXPECT_THAT(styles, HasSubstr("formatCode=\"dd/mm/yyyy\""));
}

TEST(RenderXlsx, ListsTheDetailOnASecondSheet) {
  auto xlsx = RenderXlsx(Fixture());
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  const ZipReader zip(*xlsx);
  ASSERT_TRUE(zip.ok());
  const std::string strings = zip.Read("xl/sharedStrings.xml");
  for (const char* text :
       {"Dòng", "Mã số", "Tên", "Địa bàn", "Tình trạng", "Ghi chú", "Tính trong cột",
        "Tổng số HTX; Đã chuyển đổi", "HG-0417", "HTX Dệt thổ cẩm, Lô Lô"}) {
    EXPECT_THAT(strings, HasSubstr(text));
  }
  const std::string sheet = zip.Read("xl/worksheets/sheet2.xml");
  EXPECT_THAT(sheet, HasSubstr("state=\"frozen\""));
  EXPECT_THAT(sheet, HasSubstr("<autoFilter ref=\"A1:G4\"/>"));
}

TEST(RenderXlsx, HasNoDetailSheetWithoutDetail) {
  Table t = Fixture();
  for (Row& row : t.rows) row.detail.clear();
  auto xlsx = RenderXlsx(t);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  const ZipReader zip(*xlsx);
  ASSERT_TRUE(zip.ok());
  EXPECT_THAT(zip.Read("xl/workbook.xml"), Not(HasSubstr("Danh sách")));
  EXPECT_EQ(zip.Read("xl/worksheets/sheet2.xml"), "");
}

}  // namespace
}  // namespace hoptac::report
