// Two `hoptac serve` processes on one database (PostgreSQL in ctest's
// api_cross_process_test_postgres, a SQLite file in api_cross_process_test): what is written
// through one is read through the other at once — detail, history, list, figures, reports — and
// units replaced by a third process (the command line) are seen by both. Each server keeps a unit
// catalogue per connection and a report projection in memory; they must notice the other's
// writes (decision 0031).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api_support.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

using nlohmann::json;

class CrossProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(dir_, "demo.db");
    db_ = database_->url();
    ASSERT_FALSE(db_.empty()) << database_->error();
    ASSERT_EQ(RunHoptac({"demo", "--db", db_}), 0);
    std::string token;
    ASSERT_EQ(RunHoptac({"user", "token", "admin", "--name", "tests", "--db", db_}, &token), 0);
    token.erase(token.find_last_not_of('\n') + 1);
    auth_ = "Bearer " + token;
    writer_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--threads", "2"});
    reader_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--threads", "2"});
    for (ServerProcess* s : {writer_.get(), reader_.get()}) {
      s->SetDefaultHeaders({{"Authorization", auth_}});
    }
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                    std::map<std::string, std::string> h = {}) {
    h.emplace("Authorization", auth_);
    h.emplace("Content-Type", "application/json");
    HttpConnection c(writer_->port());
    return c.Send(method, target, h, body);
  }

  static std::string Body(ServerProcess& s, const std::string& target) {
    const HttpResponse r = s.Get(target);
    EXPECT_EQ(r.status, 200) << target << "\n" << r.body;
    return r.body;
  }

  TempDir dir_;
  std::unique_ptr<TestDatabase> database_;
  std::string db_, auth_;
  std::unique_ptr<ServerProcess> writer_, reader_;
};

TEST_F(CrossProcessTest, WritesThroughOneAreReadThroughTheOther) {
  const std::string code = "1001000036";
  const std::string org = "/api/organisations/" + code;
  const std::string list = "/api/organisations?q=Liên+Tiến+Trình&limit=5";
  const std::string sectors = "/api/reports/sector-summary";
  const std::string review = "/api/reports/year-review?year=2017&format=csv";
  // The reader builds its caches first: units, the report projection, a list.
  const json communes = json::parse(Body(*reader_, "/api/units?parent=030&as_of=2016-12-31"));
  ASSERT_FALSE(communes["units"].empty());
  const std::string sectors_before = Body(*reader_, sectors);
  const std::string review_before = Body(*reader_, review);
  EXPECT_TRUE(json::parse(Body(*reader_, list))["items"].empty());
  EXPECT_EQ(reader_->Get(org).status, 404);

  // Through the writer: an organisation, an event, figures.
  const json body = {{"kind", "HTX"},
                     {"registry_code", code},
                     {"name", "Hợp tác xã Liên Tiến Trình"},
                     {"founded_on", "2016-03-01"},
                     {"field", "agriculture"},
                     {"commune_code", communes["units"][0]["code"]},
                     {"charter_capital", "150.000.000"},
                     {"decision_no", "12/QĐ"}};
  HttpResponse r = Send("POST", "/api/organisations", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  r = Send("POST", org + "/events",
           R"({"type":"amended","effective_date":"2017-05-02","name":"HTX Liên Tiến Trình Mới"})",
           {{"If-Match", writer_->Get(org + "/history").Header("etag")}});
  ASSERT_EQ(r.status, 201) << r.body;
  r = Send("PUT", org + "/figures/2017",
           R"({"members":41,"revenue":"2.500.000.000","rating":"tot","rating_scheme":"TT01/2020"})",
           {{"If-Match", r.Header("etag")}});
  ASSERT_EQ(r.status, 200) << r.body;

  // Through the reader: the new state, everywhere.
  const json detail = json::parse(Body(*reader_, org));
  EXPECT_EQ(detail["name"], "HTX Liên Tiến Trình Mới");
  const json history = json::parse(Body(*reader_, org + "/history"));
  EXPECT_EQ(history["events"].size(), 2u);
  EXPECT_EQ(reader_->Get(org + "/history").Header("etag"),
            writer_->Get(org + "/history").Header("etag"));
  const json figures = json::parse(Body(*reader_, org + "/figures"));
  ASSERT_EQ(figures["figures"].size(), 1u);
  EXPECT_EQ(figures["figures"][0]["members"], 41);
  const json found = json::parse(Body(*reader_, list));
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["registry_code"], code);
  // The reports: changed, and the same from both processes.
  const std::string sectors_after = Body(*reader_, sectors);
  const std::string review_after = Body(*reader_, review);
  EXPECT_NE(sectors_after, sectors_before);
  EXPECT_NE(review_after, review_before);
  EXPECT_EQ(sectors_after, Body(*writer_, sectors));
  EXPECT_EQ(review_after, Body(*writer_, review));
}

TEST_F(CrossProcessTest, UnitsReplacedByAnotherProcessAreSeenByBoth) {
  const std::string search = "/api/units/search?q=Zyxwv";
  // Both servers load their catalogues, in every connection the search may use.
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(json::parse(Body(*reader_, search))["units"].empty());
    EXPECT_TRUE(json::parse(Body(*writer_, search))["units"].empty());
  }
  // The official lists with one province renamed, loaded by the command line.
  const std::filesystem::path units = dir_.path() / "units";
  std::filesystem::copy(std::string(HOPTAC_SOURCE_DIR_DEFAULT) + "/data/admin-units", units);
  std::ifstream in(units / "units-2025.csv");
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  std::string csv = text.str();
  const std::string from = "04,Tỉnh Cao Bằng,";
  ASSERT_NE(csv.find(from), std::string::npos);
  csv.replace(csv.find(from), from.size(), "04,Tỉnh Cao Bằng Zyxwv,");
  std::ofstream(units / "units-2025.csv", std::ios::trunc) << csv;
  std::string out;
  ASSERT_EQ(RunHoptac({"units", "load", "--dir", units.string(), "--db", db_}, &out), 0) << out;

  for (int i = 0; i < 4; ++i) {
    for (ServerProcess* s : {reader_.get(), writer_.get()}) {
      const json found = json::parse(Body(*s, search));
      ASSERT_EQ(found["units"].size(), 1u) << found.dump();
      EXPECT_EQ(found["units"][0]["name"], "Tỉnh Cao Bằng Zyxwv");
    }
  }
}

}  // namespace
}  // namespace hoptac::testing
