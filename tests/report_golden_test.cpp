// Golden tests of every report and every parameter, on a small registry built through the use
// cases (Registry) the way an office would have recorded it, with the clock moving forward.
//
// The fixture (all in the Vị Xuyên and Đồng Văn districts of old Hà Giang):
//   A 5100000115  HTX  2010-03-01  old xã Việt Lâm 00967 (split in 2025: remainder → new 00967)
//                 re-registered 2014-05-01; figures 2015 (good), 2016 (fair), 2022 (good)
//   B 5100000034  HTX  2011-04-01  old thị trấn Vị Xuyên 00913 → new xã Vị Xuyên 00913
//                 dissolved voluntarily 2015-09-01
//   C 5100000041  HTX  2012-06-01  00967; suspended 2014-03-01; nothing since (inactive)
//   D 5100000059  HTX  2009-01-10  xã Lũng Cú 00715 (district Đồng Văn); forced dissolution
//                 2016-02-01 (not operating 12 months)
//   E 5100000066  HTX  2016-04-01  00967, model "Mô hình HTX thôn Chang"; figures 2016 weak,
//                 2017 weak, 4 members (inactive reasons); relocated 2025-08-01 to new 00913
//   F 5100000073  THT  2015-02-01  00913, agriculture
//   G 5100000080  HTX  2012-01-05  00913; a dissolution entered by mistake (2016-03-01),
//                 voided on 2017-01-15 and replaced by re-registration 2016-03-01: as known at
//                 2016-12-31 it was dissolved, as known now it converted
//   H 5100000098  QTDND 2008-07-01 00715, credit; re-registration effective 2016-06-01 recorded
//                 late, on 2018-02-01: as known at 2016-12-31 it is pending
// Expected files: tests/golden/reports/<case>.csv (rewrite with HOPTAC_UPDATE_GOLDEN=1 and review).
// With HOPTAC_TEST_BACKEND=postgres (ctest's report_golden_test_postgres) the registry is a fresh
// database on the server of $HOPTAC_TEST_PG_URL, and every report must match the same files.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "app/report_service.hpp"
#include "exchange/csv_reader.hpp"
#include "exchange/xlsx_reader.hpp"
#include "pg_test_database.hpp"
#include "report/render.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac {
namespace {

using app::NewEvent;
using domain::EventType;

Date D(const char* s) { return Date::Parse(s).value(); }
Timestamp T(const char* s) { return Timestamp::Parse(s).value(); }

std::string SourceDir() {
  const char* env = std::getenv("HOPTAC_SOURCE_DIR");
  return env != nullptr ? env : ".";
}

class ReportGolden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new hoptac::testing::TempDir();
    clock_ = new domain::ManualClock(T("2008-01-01T00:00:00Z"));
    std::string url = dir_->File("r.db");
    const char* backend = std::getenv("HOPTAC_TEST_BACKEND");
    if (backend != nullptr && std::string(backend) == "postgres") {
      pg_ = new hoptac::testing::PgTestDatabase();
      url = pg_->url();
      if (url.empty()) {
        setup_error_ = pg_->error();
        return;
      }
    }
    auto opened = store::OpenStore(url);
    if (!opened.ok()) {
      setup_error_ = opened.error().ToString();
      return;
    }
    store_ = std::move(opened).value().release();
    registry_ = new app::Registry(*store_, *clock_);
    ASSERT_TRUE(registry_
                    ->LoadUnits(app::ParseReferenceUnits(app::EmbeddedReferenceUnitFiles()).value(),
                                {"test"})
                    .ok());
    BuildFixture();
    clock_->Set(T("2026-11-29T12:00:00Z"));
    service_ = new app::ReportService(*store_, *clock_);
  }
  static void TearDownTestSuite() {
    delete service_;
    delete registry_;
    delete store_;
    delete clock_;
    delete pg_;
    delete dir_;
  }

  // The suite's registry could not be opened: every case fails with the reason.
  void SetUp() override { ASSERT_NE(store_, nullptr) << setup_error_; }

  static void At(const char* when) { clock_->Set(T(when)); }

  static void Found(const char* code, domain::OrgKind kind, const char* date, const char* name,
                    const char* unit, domain::Field field = domain::Field::kAgriculture,
                    std::vector<std::string> models = {}) {
    NewEvent f;
    f.type = EventType::kFounded;
    f.effective_date = D(date);
    f.changes.name = name;
    f.changes.field = field;
    f.changes.unit_code = unit;
    if (!models.empty()) f.changes.models = models;
    auto r = registry_->AddOrganisation(
        app::NewOrganisation{kind, domain::RegistryCode::Parse(code).value(), f}, {"test"});
    ASSERT_TRUE(r.ok()) << code << ": " << r.error().ToString();
  }

  static domain::EventId Record(const char* code, EventType type, const char* date,
                                std::optional<domain::DissolutionGround> ground = std::nullopt,
                                std::optional<std::string> unit = std::nullopt) {
    NewEvent e;
    e.type = type;
    e.effective_date = D(date);
    e.ground = ground;
    e.changes.unit_code = unit;
    auto r = registry_->RecordEvent(code, e, {"test"});
    EXPECT_TRUE(r.ok()) << code << ": " << r.error().ToString();
    return r.ok() ? *r : 0;
  }

  static void Figures(const char* code, int year, int64_t members, int64_t revenue,
                      domain::Rating rating) {
    domain::YearlyFigures f;
    f.year = year;
    f.members = members;
    f.workers = members / 2;
    f.revenue = domain::Money::Vnd(revenue);
    f.profit_before_tax = domain::Money::Vnd(revenue / 10);
    f.charter_capital = domain::Money::Vnd(500'000'000);
    f.avg_income = domain::Money::Vnd(36'000'000);
    f.rating = rating;
    f.rating_scheme = year >= 2020 ? "TT01/2020" : "Địa phương";
    auto r = registry_->SetFigures(code, f, {"test"});
    ASSERT_TRUE(r.ok()) << code << " " << year << ": " << r.error().ToString();
  }

  static void BuildFixture() {
    using K = domain::OrgKind;
    At("2008-07-10T00:00:00Z");
    Found("5100000098", K::kQTDND, "2008-07-01", "Quỹ tín dụng nhân dân Lũng Cú", "00715",
          domain::Field::kCredit);
    At("2009-01-20T00:00:00Z");
    Found("5100000059", K::kHTX, "2009-01-10", "Hợp tác xã Nông nghiệp Lũng Cú", "00715");
    At("2010-03-05T00:00:00Z");
    Found("5100000115", K::kHTX, "2010-03-01", "Hợp tác xã Nông lâm nghiệp Việt Lâm", "00967");
    At("2011-04-05T00:00:00Z");
    Found("5100000034", K::kHTX, "2011-04-01", "Hợp tác xã Dịch vụ Vị Xuyên", "00913",
          domain::Field::kNonAgriculture);
    At("2012-01-10T00:00:00Z");
    Found("5100000080", K::kHTX, "2012-01-05", "Hợp tác xã Chè Vị Xuyên", "00913");
    At("2012-06-05T00:00:00Z");
    Found("5100000041", K::kHTX, "2012-06-01", "Hợp tác xã Cam sành Việt Lâm", "00967");
    At("2014-03-05T00:00:00Z");
    Record("5100000041", EventType::kSuspended, "2014-03-01");
    At("2014-05-05T00:00:00Z");
    Record("5100000115", EventType::kReregistered2012, "2014-05-01");
    At("2015-02-05T00:00:00Z");
    Found("5100000073", K::kTHT, "2015-02-01", "Tổ hợp tác Chăn nuôi Vị Xuyên", "00913");
    At("2015-09-05T00:00:00Z");
    Record("5100000034", EventType::kDissolvedVoluntary, "2015-09-01");
    At("2016-02-05T00:00:00Z");
    Figures("5100000115", 2015, 40, 1'200'000'000, domain::Rating::kGood);
    Record("5100000059", EventType::kDissolvedForced, "2016-02-01",
           domain::DissolutionGround::kNotOperating12Months);
    At("2016-03-05T00:00:00Z");
    const domain::EventId wrong =
        Record("5100000080", EventType::kDissolvedVoluntary, "2016-03-01");
    At("2016-04-05T00:00:00Z");
    Found("5100000066", K::kHTX, "2016-04-01", "Hợp tác xã Nông lâm nghiệp thôn Chang Việt Lâm",
          "00967", domain::Field::kAgriculture, {"Mô hình HTX thôn Chang"});
    At("2017-01-15T00:00:00Z");
    NewEvent right;
    right.type = EventType::kReregistered2012;
    right.effective_date = D("2016-03-01");
    ASSERT_TRUE(
        registry_->VoidEvent(wrong, "nhập nhầm: HTX đăng ký lại, không giải thể", right, {"test"})
            .ok());
    At("2017-02-05T00:00:00Z");
    Figures("5100000115", 2016, 42, 1'300'000'000, domain::Rating::kFair);
    Figures("5100000066", 2016, 4, 0, domain::Rating::kWeak);
    At("2018-02-01T00:00:00Z");
    Figures("5100000066", 2017, 4, 0, domain::Rating::kWeak);
    NewEvent late;
    late.type = EventType::kReregistered2012;
    late.effective_date = D("2016-06-01");
    ASSERT_TRUE(registry_->RecordEvent("5100000098", late, {"test"}).ok());
    At("2023-02-01T00:00:00Z");
    Figures("5100000115", 2022, 45, 2'000'000'000, domain::Rating::kGood);
    // G has only its criterion points for 2022: the score is their sum (42 for criteria 1–9, 16
    // for 10–11: 58) and the band comes from the scheme's data (58 → trung bình).
    domain::YearlyFigures scored;
    scored.year = 2022;
    scored.members = 12;
    scored.rating_points =
        domain::ParseRatingPoints("1=6; 2=5; 3=8; 4=4; 5=6; 6=4; 7=4; 8=3; 9=2; 10=8; 11=8")
            .value();
    scored.rating_scheme = "TT01/2020";
    ASSERT_TRUE(registry_->SetFigures("5100000080", scored, {"test"}).ok());
    At("2025-08-05T00:00:00Z");
    Record("5100000066", EventType::kRelocated, "2025-08-01", std::nullopt, "00913");
  }

  // Runs a report and compares its CSV with tests/golden/reports/<name>.csv.
  static void Expect(const std::string& name, const std::string& report, app::ReportRequest req) {
    auto table = service_->Run(report, req);
    ASSERT_TRUE(table.ok()) << table.error().ToString();
    const std::string actual = report::RenderCsv(*table);
    const std::string path = SourceDir() + "/tests/golden/reports/" + name + ".csv";
    const char* update = std::getenv("HOPTAC_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << "cannot read " << path;
    std::ostringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(actual, expected.str()) << "differs from " << path;
  }

  static app::ReportRequest Req(const char* as_of, report::GroupBy by = report::GroupBy::kProvince,
                                report::UnitsMode units = report::UnitsMode::kAsThen) {
    app::ReportRequest r;
    r.as_of = D(as_of);
    r.params.by = by;
    r.params.units = units;
    return r;
  }

  static hoptac::testing::TempDir* dir_;
  static hoptac::testing::PgTestDatabase* pg_;
  static std::string setup_error_;
  static domain::ManualClock* clock_;
  static domain::Store* store_;
  static app::Registry* registry_;
  static app::ReportService* service_;
};

hoptac::testing::TempDir* ReportGolden::dir_ = nullptr;
hoptac::testing::PgTestDatabase* ReportGolden::pg_ = nullptr;
std::string ReportGolden::setup_error_;
domain::ManualClock* ReportGolden::clock_ = nullptr;
domain::Store* ReportGolden::store_ = nullptr;
app::Registry* ReportGolden::registry_ = nullptr;
app::ReportService* ReportGolden::service_ = nullptr;

using report::GroupBy;
using report::UnitsMode;

TEST_F(ReportGolden, ConversionByProvinceAtTheEndOf2016) {
  Expect("conversion-2016-province", "conversion-2012", Req("2016-12-31"));
}

TEST_F(ReportGolden, ConversionAsKnownAtTheEndOf2016BeforeTheLateCorrections) {
  auto r = Req("2016-12-31", GroupBy::kCommune);
  r.known_at = T("2016-12-31");
  Expect("conversion-2016-commune-known-2016", "conversion-2012", r);
}

TEST_F(ReportGolden, ConversionAsKnownNowByCommuneWithDetail) {
  auto r = Req("2016-12-31", GroupBy::kCommune);
  r.params.detail = true;
  Expect("conversion-2016-commune-detail", "conversion-2012", r);
}

TEST_F(ReportGolden, ConversionAtTheEndOf2015ByDistrict) {
  Expect("conversion-2015-district", "conversion-2012", Req("2015-12-31", GroupBy::kDistrict));
}

TEST_F(ReportGolden, ConversionInTodaysCommunesPutsTheSplitCommuneInItsRemainder) {
  Expect("conversion-2016-current-communes", "conversion-2012",
         Req("2016-12-31", GroupBy::kCommune, UnitsMode::kCurrent));
}

TEST_F(ReportGolden, ConversionRestrictedToAnOldDistrict) {
  auto r = Req("2016-12-31", GroupBy::kCommune);
  r.params.unit = "030";
  Expect("conversion-2016-unit-030", "conversion-2012", r);
}

TEST_F(ReportGolden, ConversionRestrictedToANewProvinceCode) {
  // In today's units 08 is the merged Tuyên Quang, holding old Hà Giang; in 2016 it was the old
  // Tuyên Quang, where the fixture has no cooperative.
  auto now = Req("2016-12-31", GroupBy::kProvince, UnitsMode::kCurrent);
  now.params.unit = "08";
  Expect("conversion-2016-unit-08-current", "conversion-2012", now);
  auto then = Req("2016-12-31", GroupBy::kDistrict);
  then.params.unit = "08";
  Expect("conversion-2016-unit-08", "conversion-2012", then);
}

TEST_F(ReportGolden, ConversionOfCreditFundsOnly) {
  auto r = Req("2016-12-31");
  r.params.kind = domain::OrgKind::kQTDND;
  Expect("conversion-2016-kind-qtdnd", "conversion-2012", r);
}

TEST_F(ReportGolden, SectorSummaryAfterTheMerger) {
  Expect("sector-summary-2026-commune", "sector-summary", Req("2026-06-30", GroupBy::kCommune));
}

TEST_F(ReportGolden, SectorSummaryOfAgricultureIn2016WithDetail) {
  auto r = Req("2016-12-31", GroupBy::kDistrict);
  r.params.field = domain::Field::kAgriculture;
  r.params.detail = true;
  Expect("sector-summary-2016-agriculture", "sector-summary", r);
}

TEST_F(ReportGolden, YearReviewOf2016) {
  auto r = Req("2016-12-31", GroupBy::kDistrict);
  r.params.year = 2016;
  r.params.detail = true;
  Expect("year-review-2016-district", "year-review", r);
}

TEST_F(ReportGolden, YearReviewOf2016AsKnownThen) {
  auto r = Req("2016-12-31");
  r.params.year = 2016;
  r.known_at = T("2016-12-31");
  Expect("year-review-2016-known-2016", "year-review", r);
}

TEST_F(ReportGolden, InactiveCandidatesAtTheEndOf2018) {
  Expect("inactive-2018", "inactive", Req("2018-12-31", GroupBy::kCommune));
}

TEST_F(ReportGolden, ModelReplicationAt2016AndInTodaysUnits) {
  auto r = Req("2016-12-31", GroupBy::kCommune);
  r.params.detail = true;
  Expect("model-replication-2016", "model-replication", r);
  Expect("model-replication-2026-current", "model-replication",
         Req("2026-11-29", GroupBy::kCommune, UnitsMode::kCurrent));
}

TEST_F(ReportGolden, Ntm13UnderBothRules) {
  auto old_rule = Req("2016-12-31");
  old_rule.params.unit = "030";
  Expect("ntm-13-2016-030", "ntm-13", old_rule);
  auto new_rule = Req("2023-06-30");
  new_rule.params.unit = "030";
  new_rule.params.detail = true;
  Expect("ntm-13-2023-030", "ntm-13", new_rule);
}

TEST_F(ReportGolden, RatingDistributionOf2016) {
  auto r = Req("2016-12-31", GroupBy::kDistrict);
  r.params.year = 2016;
  Expect("rating-2016-district", "rating", r);
}

TEST_F(ReportGolden, RatingBandsFromStoredScoresUseTheSchemeData) {
  auto r = Req("2022-12-31");
  r.params.year = 2022;
  r.params.detail = true;
  Expect("rating-2022-province", "rating", r);
}

TEST_F(ReportGolden, RefusesDistrictsAfterTheReformAndUnknownUnitsAndReports) {
  auto districts = service_->Run("conversion-2012", Req("2026-01-01", GroupBy::kDistrict));
  ASSERT_FALSE(districts.ok());
  EXPECT_EQ(districts.error().rule, "report.by_district");
  auto r = Req("2016-12-31");
  r.params.unit = "99999";
  auto unknown = service_->Run("conversion-2012", r);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "unit");
  auto missing = service_->Run("no-such-report", Req("2016-12-31"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// The table part of a sheet: the header row whose first cell is `first_heading`, and the rows up
// to the first empty one.
std::vector<std::vector<std::string>> TablePart(const exchange::Sheet& sheet,
                                                const std::string& first_heading) {
  std::vector<std::vector<std::string>> out;
  bool in = false;
  size_t last_line = 0;
  for (const auto& row : sheet.rows) {
    if (!in && !row.cells.empty() && row.cells[0] == first_heading) in = true;
    if (!in) continue;
    if (!out.empty() && row.line != last_line + 1) break;  // an empty row ends the table
    std::vector<std::string> cells = row.cells;
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    out.push_back(std::move(cells));
    last_line = row.line;
  }
  return out;
}

bool SameCell(const std::string& a, const std::string& b) {
  if (a == b) return true;
  char* end_a = nullptr;
  char* end_b = nullptr;
  const double x = std::strtod(a.c_str(), &end_a);
  const double y = std::strtod(b.c_str(), &end_b);
  if (a.empty() || b.empty() || *end_a != '\0' || *end_b != '\0') return false;
  return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::fabs(x));
}

// lang=en: the same numbers under English titles, headings, parameters and the renderers' own
// words; every report's every heading has its English (no Vietnamese letter left in them).
// Year by year from 2012 to a date inside 2017: the stock by status at each year's end (the last
// at the date), what was founded and ended during each year, and who is behind each number.
TEST_F(ReportGolden, StatusSeriesFrom2012) {
  auto r = Req("2017-06-30");
  r.params.year = 2012;
  r.params.detail = true;
  Expect("status-series-2012-2017", "status-series", r);
  auto table = service_->Run("status-series", r);
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows.size(), 6u);
  EXPECT_FALSE(table->totals.has_value());
  // Each year's end agrees with the year review of that year.
  for (int year = 2012; year <= 2016; ++year) {
    auto review = Req("2016-12-31");
    review.params.year = year;
    auto y = service_->Run("year-review", review);
    ASSERT_TRUE(y.ok());
    const auto& row = table->rows[static_cast<size_t>(year - 2012)];
    EXPECT_EQ(std::get<int64_t>(row.cells[2]), std::get<int64_t>(y->totals->cells[2 + 9]))
        << year;  // stock_end
    EXPECT_EQ(std::get<int64_t>(row.cells[7]), std::get<int64_t>(y->totals->cells[2 + 1]))
        << year;  // founded
  }
}

TEST_F(ReportGolden, EnglishTitlesAndHeadings) {
  auto r = Req("2016-12-31", GroupBy::kCommune);
  r.params.detail = true;
  r.params.english = true;
  Expect("conversion-2016-commune-detail-en", "conversion-2012", r);
  auto ascii = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  for (const char* name : {"conversion-2012", "sector-summary", "year-review", "inactive",
                           "model-replication", "ntm-13", "rating", "status-series"}) {
    auto req = Req("2022-12-31", GroupBy::kDistrict);
    if (std::string(name) == "year-review" || std::string(name) == "rating") req.params.year = 2022;
    req.params.english = true;
    auto table = service_->Run(name, req);
    ASSERT_TRUE(table.ok()) << name << ": " << table.error().ToString();
    EXPECT_TRUE(table->english);
    EXPECT_TRUE(ascii(table->title)) << name << ": " << table->title;
    for (const auto& c : table->columns) EXPECT_TRUE(ascii(c.label)) << name << ": " << c.label;
    for (const auto& p : table->parameters) EXPECT_TRUE(ascii(p.label)) << name << ": " << p.label;
  }
}

TEST_F(ReportGolden, XlsxHoldsTheSameTableAsCsv) {
  for (const char* name : {"conversion-2012", "sector-summary", "inactive"}) {
    auto r = Req("2018-12-31", GroupBy::kCommune);
    auto table = service_->Run(name, r);
    ASSERT_TRUE(table.ok());
    auto xlsx_bytes = report::RenderXlsx(*table);
    ASSERT_TRUE(xlsx_bytes.ok());
    auto xlsx = exchange::ReadXlsx(*xlsx_bytes, {});
    ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
    auto csv = exchange::ReadCsv(report::RenderCsv(*table), {});
    ASSERT_TRUE(csv.ok());
    const std::string heading = table->columns[0].label;
    const auto from_csv = TablePart(csv->sheet, heading);
    const auto from_xlsx = TablePart(*xlsx, heading);
    ASSERT_EQ(from_csv.size(), table->rows.size() + 2) << name;  // header, rows, totals
    ASSERT_EQ(from_xlsx.size(), from_csv.size()) << name;
    for (size_t i = 0; i < from_csv.size(); ++i) {
      ASSERT_EQ(from_xlsx[i].size(), from_csv[i].size()) << name << " row " << i;
      for (size_t j = 0; j < from_csv[i].size(); ++j) {
        EXPECT_TRUE(SameCell(from_csv[i][j], from_xlsx[i][j]))
            << name << " row " << i << " column " << j << ": csv '" << from_csv[i][j] << "' xlsx '"
            << from_xlsx[i][j] << "'";
      }
    }
  }
}

TEST_F(ReportGolden, TotalsAgreeInUnitsOfThenAndOfNow) {
  for (const char* report : {"conversion-2012", "sector-summary", "year-review", "rating"}) {
    auto then = service_->Run(report, Req("2016-12-31", GroupBy::kCommune));
    auto now = service_->Run(report, Req("2016-12-31", GroupBy::kCommune, UnitsMode::kCurrent));
    ASSERT_TRUE(then.ok() && now.ok());
    ASSERT_TRUE(then->totals && now->totals);
    EXPECT_EQ(then->totals->cells, now->totals->cells) << report;
  }
}

}  // namespace
}  // namespace hoptac
