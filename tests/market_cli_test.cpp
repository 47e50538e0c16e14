// The market's commands as a black box (issue 9): hoptac product, demand, catalogue, zone,
// programme and market-report on temporary databases — exit codes, what they print, and a
// catalogue exported by one database and imported by another.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api_support.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

using nlohmann::json;

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class MarketCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunHoptac({"init", "--db", a_}), 0);
    ASSERT_EQ(RunHoptac({"org", "add", "--db", a_, "--kind", "HTX", "--code", "1001000011",
                         "--date", "2012-01-01", "--name", "Hợp tác xã Chè Lũng Phìn", "--unit",
                         "00967", "--field", "agriculture"}),
              0);
  }
  int Run(std::vector<std::string> args, std::string* out = nullptr, const std::string& db = "") {
    args.push_back("--db");
    args.push_back(db.empty() ? a_ : db);
    return RunHoptac(args, out);
  }
  TempDir dir_;
  std::string a_ = dir_.File("a.db");
};

TEST_F(MarketCliTest, ProductsDemandsAndMatching) {
  std::string out;
  ASSERT_EQ(Run({"product",
                 "add",
                 "1001000011",
                 "--name",
                 "Chè Shan tuyết Lũng Phìn",
                 "--category",
                 "tea",
                 "--key-level",
                 "province",
                 "--ocop-stars",
                 "4",
                 "--ocop-year",
                 "2023",
                 "--cert",
                 "vietgap:VG-1:2024-01-01:2028-12-31",
                 "--months",
                 "3-11",
                 "--capacity",
                 "12",
                 "--unit",
                 "tan",
                 "--public"},
                &out),
            0);
  EXPECT_EQ(out, "added product 1 of 1001000011\n");
  // Invalid input: exit 3, nothing written.
  EXPECT_EQ(Run({"product", "add", "1001000011", "--name", "X", "--category", "coffee"}), 3);
  EXPECT_EQ(Run({"product", "add", "1001000029", "--name", "X", "--category", "tea"}), 3);
  EXPECT_EQ(
      Run({"product", "add", "1001000011", "--name", "X", "--category", "tea", "--months", "13"}),
      3);
  ASSERT_EQ(Run({"--format", "json", "product", "list"}, &out), 0);
  const json products = json::parse(out);
  ASSERT_EQ(products.size(), 1u);
  EXPECT_EQ(products[0]["certifications"][0]["code"], "VG-1");

  const std::string demand = dir_.File("d.json");
  Write(demand, R"({"buyer_name":"Công ty Trà Việt","buyer_province":"01","contact":"0912",
    "product":"chè Shan tuyết","category":"tea","quantity":2,"unit":"tan",
    "period_from":"2027-09-01","period_to":"2027-12-31","required_certs":["vietgap"]})");
  ASSERT_EQ(Run({"demand", "add", demand}, &out), 0);
  EXPECT_EQ(out, "added demand 1\n");
  ASSERT_EQ(Run({"demand", "match", "1"}, &out), 0);
  EXPECT_NE(out.find("1. Chè Shan tuyết Lũng Phìn — Hợp tác xã Chè Lũng Phìn (08): 89/100"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("availability 15/20: có hàng 3/4 tháng của kỳ (tháng 9-11)"),
            std::string::npos)
      << out;
  ASSERT_EQ(Run({"product", "match", "1"}, &out), 0);
  EXPECT_NE(out.find("demand 1 (Công ty Trà Việt, 2 tan): 89/100"), std::string::npos) << out;
  ASSERT_EQ(Run({"demand", "status", "1", "matched"}, &out), 0);
  ASSERT_EQ(Run({"market-report", "linkage"}, &out), 0);
  EXPECT_NE(out.find("Kết quả liên kết thị trường theo chương trình"), std::string::npos);
  EXPECT_EQ(Run({"market-report", "nothing"}), 3);
}

TEST_F(MarketCliTest, CatalogueExportedByOneDatabaseImportedByAnother) {
  ASSERT_EQ(Run({"product", "add", "1001000011", "--name", "Chè Shan tuyết", "--category", "tea",
                 "--months", "3-11", "--public"}),
            0);
  ASSERT_EQ(Run({"product", "add", "1001000011", "--name", "Chè nội bộ", "--category", "tea"}), 0);
  const std::string b = dir_.File("b.db");
  ASSERT_EQ(RunHoptac({"init", "--db", b}), 0);
  for (const char* as : {"json", "xlsx"}) {
    SCOPED_TRACE(as);
    const std::string file = dir_.File(std::string("cat.") + as);
    std::string out;
    ASSERT_EQ(Run({"catalogue", "export", "--source", "08", "--name", "LM HTX Tuyên Quang", "-o",
                   file, "--as", as}),
              0);
    ASSERT_EQ(Run({"catalogue", "import", file, "--own-province", "15"}, &out, b), 0);
    EXPECT_EQ(out, "imported 1 offer(s) from province 08\n");
    ASSERT_EQ(Run({"--format", "json", "catalogue", "list"}, &out, b), 0);
    const json offers = json::parse(out);
    ASSERT_EQ(offers.size(), 1u);
    EXPECT_EQ(offers[0]["name"], "Chè Shan tuyết");
    EXPECT_EQ(offers[0]["org_name"], "Hợp tác xã Chè Lũng Phìn");
    EXPECT_EQ(offers[0]["source_name"], "LM HTX Tuyên Quang");
    // Our own province's catalogue is refused (exit 3).
    EXPECT_EQ(Run({"catalogue", "import", file, "--own-province", "08"}, nullptr, b), 3);
  }
}

TEST_F(MarketCliTest, ZonesAndProgrammes) {
  const std::string zone = dir_.File("z.json");
  Write(zone, R"({"name":"Vùng chè","crop":"Chè Shan tuyết","area_ha":"120.5",
    "communes":["00967"],"org_codes":["1001000011"]})");
  std::string out;
  ASSERT_EQ(Run({"zone", "add", zone}, &out), 0);
  ASSERT_EQ(Run({"--format", "json", "zone", "list"}, &out), 0);
  EXPECT_EQ(json::parse(out)[0]["area_ha"], "120.5");
  ASSERT_EQ(Run({"programme", "add", "--name", "Chuỗi liên kết 7 tỉnh Đông Bắc", "--province", "04",
                 "--province", "08", "--province", "15"},
                &out),
            0);
  EXPECT_EQ(Run({"programme", "add", "--name", "X", "--province", "02"}), 3);
  ASSERT_EQ(Run({"market-report", "zones"}, &out), 0);
  EXPECT_NE(out.find("120.5"), std::string::npos) << out;
}

}  // namespace
}  // namespace hoptac::testing
