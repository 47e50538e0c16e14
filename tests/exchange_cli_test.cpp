// Black-box tests of `hoptac import` and `hoptac export`: exit codes, the report, the errors file,
// and the database untouched when a file has errors.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.hpp"

namespace hoptac {
namespace {

std::string Binary() {
  const char* env = std::getenv("HOPTAC_BINARY");
  return env != nullptr && *env != '\0' ? env : HOPTAC_BINARY_DEFAULT;
}

std::string Fixture(const std::string& name) {
  const char* root = std::getenv("HOPTAC_SOURCE_DIR");
  return std::string(root != nullptr ? root : HOPTAC_SOURCE_DIR_DEFAULT) +
         "/tests/fixtures/import/" + name;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

class ExchangeCli : public ::testing::Test {
 protected:
  // Runs hoptac with `args` on the test's database; returns the exit code, keeps the output.
  int Run(const std::string& args) {
    std::string command = Binary();
    command.append(" --db ").append(dir_.File("t.db")).append(" ").append(args);
    command.append(" >").append(dir_.File("out")).append(" 2>").append(dir_.File("err"));
    const int status = std::system(command.c_str());
    out_ = Read(dir_.File("out"));
    err_ = Read(dir_.File("err"));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void SetUp() override { ASSERT_EQ(Run("init"), 0) << err_; }
  std::string Export() {
    std::string all;
    for (const char* kind : {"organisations", "events", "figures"}) {
      EXPECT_EQ(Run(std::string("export ") + kind), 0) << err_;
      all.append(out_);
    }
    return all;
  }

  testing::TempDir dir_;
  std::string out_, err_;
};

TEST_F(ExchangeCli, ImportsExportsAndReimportsNothing) {
  EXPECT_EQ(Run("import organisations " + Fixture("organisations_vi.csv") + " --header-row 3"), 0)
      << out_ << err_;
  EXPECT_NE(out_.find("created:      3"), std::string::npos) << out_;
  EXPECT_EQ(Run("import events " + Fixture("events_vi.csv")), 0) << out_ << err_;
  EXPECT_EQ(Run("import figures " + Fixture("figures_vi.csv")), 0) << out_ << err_;
  const std::string before = Export();
  EXPECT_EQ(before.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(Run("import figures " + Fixture("figures_vi.csv")), 0);
  EXPECT_NE(out_.find("unchanged:    3"), std::string::npos) << out_;
  EXPECT_EQ(Run("export organisations -o " + dir_.File("o.csv")), 0);
  EXPECT_EQ(Read(dir_.File("o.csv")), before.substr(0, Read(dir_.File("o.csv")).size()));
  EXPECT_EQ(Export(), before);
}

TEST_F(ExchangeCli, ADryRunWritesNothingAndExitsZero) {
  const std::string before = Export();
  EXPECT_EQ(
      Run("import organisations " + Fixture("organisations_vi.csv") + " --header-row 3 --dry-run"),
      0);
  EXPECT_NE(out_.find("would create: 3"), std::string::npos) << out_;
  EXPECT_EQ(Export(), before);
}

TEST_F(ExchangeCli, ErrorsExit3WriteTheErrorsFileAndLeaveTheDatabase) {
  const std::string before = Export();
  Write(dir_.File("bad.csv"),
        "Mã số HTX,Tên HTX,Lĩnh vực,Ngày thành lập,Mã xã\n"
        "2001000013,HTX A,Nông nghiệp,01/01/2015,00967\n"
        "2001000020,HTX B,Nông nghiệp,31/02/2015,00967\n");
  EXPECT_EQ(Run("import organisations " + dir_.File("bad.csv") + " --errors-out " +
                dir_.File("errors.csv")),
            3);
  EXPECT_NE(out_.find("nothing written"), std::string::npos) << out_;
  EXPECT_NE(out_.find("31/02/2015"), std::string::npos) << out_;
  EXPECT_NE(Read(dir_.File("errors.csv")).find("3,Ngày thành lập,31/02/2015,"), std::string::npos);
  EXPECT_EQ(Export(), before);
}

TEST_F(ExchangeCli, ExportsXlsxAndJsonByOptionOrExtensionAndImportsThemBack) {
  ASSERT_EQ(Run("import organisations " + Fixture("organisations_vi.csv") + " --header-row 3"), 0);
  ASSERT_EQ(Run("import events " + Fixture("events_vi.csv")), 0);
  ASSERT_EQ(Run("import figures " + Fixture("figures_vi.csv")), 0);
  const std::string before = Export();
  EXPECT_EQ(Run("export events -o " + dir_.File("e.xlsx")), 0) << err_;
  EXPECT_EQ(Read(dir_.File("e.xlsx")).substr(0, 2), "PK");
  EXPECT_EQ(Run("export figures --format json"), 0) << err_;
  EXPECT_EQ(out_.substr(0, 27), R"({"kind":"figures","records")");
  Write(dir_.File("f.json"), out_);
  EXPECT_EQ(Run("import events " + dir_.File("e.xlsx")), 0) << out_;
  EXPECT_NE(out_.find("unchanged:    3"), std::string::npos) << out_;
  EXPECT_EQ(Run("import figures " + dir_.File("f.json")), 0) << out_;
  EXPECT_NE(out_.find("unchanged:    3"), std::string::npos) << out_;
  EXPECT_EQ(Export(), before);
  // As of a day before the 2016 suspension: its event and the figures of 2016 are left out.
  EXPECT_EQ(Run("export events --as-of 2016-01-31"), 0) << err_;
  EXPECT_EQ(out_.find("suspended"), std::string::npos) << out_;
  EXPECT_NE(out_.find("2014-06-15"), std::string::npos) << out_;
  EXPECT_EQ(Run("export figures --as-of 31/12/2016"), 0) << err_;
  EXPECT_NE(out_.find(",2016,"), std::string::npos) << out_;
  EXPECT_EQ(out_.find(",2017,"), std::string::npos) << out_;
  EXPECT_EQ(Run("export figures --format ods"), 3);
  EXPECT_NE(err_.find("csv, xlsx or json"), std::string::npos) << err_;
}

TEST_F(ExchangeCli, RefusesOtherFormatsNamingTheAcceptedOnes) {
  Write(dir_.File("orgs.ods"), "PK");
  EXPECT_EQ(Run("import organisations " + dir_.File("orgs.ods")), 3);
  EXPECT_NE(out_.find(".csv"), std::string::npos) << out_;
  EXPECT_NE(out_.find(".xlsx"), std::string::npos) << out_;
  EXPECT_EQ(Run("import products " + Fixture("organisations_vi.csv")), 3);
  EXPECT_NE(err_.find("organisations, events, figures or members"), std::string::npos) << err_;
}

}  // namespace
}  // namespace hoptac
