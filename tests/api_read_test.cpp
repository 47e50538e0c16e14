// Black-box tests of the read API: `hoptac serve` on port 0 over a demo database made once for
// this binary, answering every read endpoint, bad input, hostile strings and a shutdown under load.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "api_support.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

using nlohmann::json;

class ApiReadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new TestDatabase(*dir_, "demo.db");
    db_ = database_->url();
    if (db_.empty()) {
      setup_error_ = database_->error();
      return;
    }
    ASSERT_EQ(RunHoptac({"demo", "--db", db_}), 0);
    std::string token;
    ASSERT_EQ(RunHoptac({"user", "token", "admin", "--name", "tests", "--db", db_}, &token), 0);
    token.erase(token.find_last_not_of("\n") + 1);
    server_ = new ServerProcess(db_);
    server_->SetDefaultHeaders({{"Authorization", "Bearer " + token}});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
    delete dir_;
  }
  // A suite whose database or server could not be made fails every test (never skips).
  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    ASSERT_NE(server_, nullptr) << "no server: see the suite's set-up";
  }

  static json GetJson(const std::string& target, int expected_status = 200) {
    const HttpResponse r = server_->Get(target);
    EXPECT_EQ(r.status, expected_status) << target << "\n" << r.body;
    return json::parse(r.body);
  }

  // A registry code from the first page of the list.
  static std::string SomeCode() {
    return GetJson("/api/organisations?limit=1")["items"][0]["registry_code"];
  }

  static inline TempDir* dir_ = nullptr;
  static inline TestDatabase* database_ = nullptr;
  static inline std::string setup_error_;
  static inline std::string db_;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ApiReadTest, HealthzSaysTheDatabaseIsReachable) {
  const json j = GetJson("/healthz");
  EXPECT_EQ(j["status"], "ok");
  EXPECT_GT(j["organisations"].get<int>(), 1000);
}

TEST_F(ApiReadTest, MetricsCountRequestsByRouteAndStatus) {
  server_->Get("/api/organisations?limit=1");
  const HttpResponse r = server_->Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0U);
  EXPECT_NE(r.body.find("hoptac_http_requests_total{method=\"GET\",route=\"/api/organisations\","
                        "status=\"200\"}"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("hoptac_http_request_duration_seconds_bucket{le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("hoptac_db_seconds_total"), std::string::npos);
  EXPECT_NE(r.body.find("hoptac_http_open_connections"), std::string::npos);
  EXPECT_NE(r.body.find("hoptac_list_index_builds_total"), std::string::npos);
  EXPECT_NE(r.body.find("hoptac_list_index_updates_total"), std::string::npos);
  EXPECT_NE(r.body.find("hoptac_list_index_queries_total{outcome=\"behind\"}"), std::string::npos);
}

// The server builds its list index on a thread of its own as it starts; lists are answered from
// it once it is built (decision 0016).
TEST_F(ApiReadTest, ListsAreAnsweredFromTheIndexOnceItIsBuilt) {
  const std::string answered = "\nhoptac_list_index_queries_total{outcome=\"answered\"} ";
  long count = 0;
  for (int i = 0; i < 200 && count == 0; ++i) {
    ASSERT_EQ(server_->Get("/api/organisations?limit=5&q=hop").status, 200);
    const std::string body = server_->Get("/metrics").body;
    const size_t at = body.find(answered);
    ASSERT_NE(at, std::string::npos) << body;
    count = std::stol(body.substr(at + answered.size()));
    if (count == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(count, 0) << "the index never answered";
  const std::string organisations = "\nhoptac_list_index_organisations ";
  const std::string body = server_->Get("/metrics").body;
  const size_t at = body.find(organisations);
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(std::stol(body.substr(at + organisations.size())), 1000);
}

TEST_F(ApiReadTest, ListPagesWithACursorWithoutRepeats) {
  const json p1 = GetJson("/api/organisations?kind=HTX&limit=5");
  ASSERT_EQ(p1["items"].size(), 5U);
  ASSERT_TRUE(p1["next"].is_string());
  const json p2 =
      GetJson("/api/organisations?kind=HTX&limit=5&after=" + p1["next"].get<std::string>());
  ASSERT_EQ(p2["items"].size(), 5U);
  for (const auto& a : p1["items"]) {
    EXPECT_EQ(a["kind"], "HTX");
    for (const auto& b : p2["items"]) EXPECT_NE(a["registry_code"], b["registry_code"]);
  }
}

// Each order pages without repeats or gaps, every page in order; the projection (today) and the
// fold (as_of given) order alike; a cursor of another order and an unknown key are refused,
// naming the parameter and the value.
TEST_F(ApiReadTest, ListSortsByEveryKeyBothWaysAcrossPages) {
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  char as_of[16];
  std::snprintf(as_of, sizeof as_of, "%04d-%02u-%02u", static_cast<int>(today.year()),
                static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
  auto all = [&](const std::string& query) {
    std::vector<json> rows;
    std::string after;
    for (int page = 0; page < 50; ++page) {
      const json j = GetJson("/api/organisations?limit=300&" + query + after);
      for (const auto& o : j["items"]) rows.push_back(o);
      if (!j["next"].is_string()) break;
      after = "&after=" + j["next"].get<std::string>();
    }
    return rows;
  };
  const std::string statuses[] = {"operating",      "suspended",
                                  "not_at_address", "dissolving",
                                  "dissolved",      "ended_by_reorganisation",
                                  "bankrupt",       "converted_to_enterprise"};
  auto rank = [&](const json& o) {
    return std::find(std::begin(statuses), std::end(statuses), o["status"].get<std::string>()) -
           std::begin(statuses);
  };
  for (const std::string sort : {"founded_on", "registry_code", "status", "unit"}) {
    for (const std::string dir : {"asc", "desc"}) {
      SCOPED_TRACE(sort + " " + dir);
      const std::string query = "kind=HTX&sort=" + sort + "&dir=" + dir;
      const std::vector<json> rows = all(query);
      ASSERT_GT(rows.size(), 300U);
      std::set<std::string> codes;
      for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_TRUE(codes.insert(rows[i]["registry_code"].get<std::string>()).second);
        if (i == 0) continue;
        const json &a = rows[i - 1], &b = rows[i];
        const bool desc = dir == "desc";
        if (sort == "status") {
          EXPECT_TRUE(desc ? rank(a) >= rank(b) : rank(a) <= rank(b)) << a << b;
        } else {
          const std::string key = sort == "unit" ? "unit_code" : sort;
          const std::string x = a[key], y = b[key];
          EXPECT_TRUE(desc ? x >= y : x <= y) << x << " then " << y;
        }
      }
      if (dir != "desc" || (sort != "founded_on" && sort != "status")) continue;  // time
      const std::vector<json> folded = all(query + "&as_of=" + as_of);
      ASSERT_EQ(folded.size(), rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(folded[i]["registry_code"], rows[i]["registry_code"]) << i;
      }
    }
  }
  // The Excel (here CSV) of the current view keeps its order.
  const std::vector<json> newest = all("kind=HTX&sort=founded_on&dir=desc");
  const HttpResponse csv =
      server_->Get("/api/organisations?kind=HTX&sort=founded_on&dir=desc&format=csv");
  ASSERT_EQ(csv.status, 200);
  std::vector<std::string> csv_codes;
  for (size_t at = 0; (at = csv.body.find("\n", at)) != std::string::npos;) {
    ++at;
    const std::string code = csv.body.substr(at, 10);
    if (code.size() == 10 && std::all_of(code.begin(), code.end(), ::isdigit) &&
        csv.body.compare(at + 10, 1, ",") == 0) {
      csv_codes.push_back(code);
    }
  }
  ASSERT_EQ(csv_codes.size(), newest.size());
  for (size_t i = 0; i < newest.size(); ++i) EXPECT_EQ(csv_codes[i], newest[i]["registry_code"]);
  const json p1 = GetJson("/api/organisations?limit=2&sort=founded_on&dir=desc");
  const HttpResponse r = server_->Get("/api/organisations?limit=2&sort=founded_on&after=" +
                                      p1["next"].get<std::string>());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("another order"), std::string::npos) << r.body;
  const json bad = GetJson("/api/organisations?sort=members_count", 400);
  EXPECT_EQ(bad["errors"][0]["field"], "sort");
  EXPECT_EQ(bad["errors"][0]["value"], "members_count");
}

// The demo keeps the thôn Chang cooperative's register: 25 members ever, those who left not on
// today's list, nobody before its founding.
TEST_F(ApiReadTest, MembersOfTheRegisterOnADate) {
  const std::string code = "5100086384";  // thôn Chang
  const json all = GetJson("/api/organisations/" + code + "/members?all=true");
  EXPECT_EQ(all["registry_code"], code);
  EXPECT_TRUE(all["as_of"].is_null());
  ASSERT_EQ(all["members"].size(), 25U);
  size_t left = 0;
  for (const auto& m : all["members"]) {
    EXPECT_FALSE(m["name"].get<std::string>().empty());
    EXPECT_TRUE(m["capital"].is_number_integer()) << m;
    if (!m["left_on"].is_null()) ++left;
  }
  EXPECT_EQ(all["members"][0]["member_no"], "001");
  const json now = GetJson("/api/organisations/" + code + "/members");
  EXPECT_EQ(now["members"].size(), 25U - left);
  EXPECT_TRUE(now["as_of"].is_string());
  const std::string founded = GetJson("/api/organisations/" + code)["founded_on"];
  const json before = GetJson("/api/organisations/" + code + "/members?as_of=1990-01-01");
  EXPECT_TRUE(before["members"].empty());
  const json founding = GetJson("/api/organisations/" + code + "/members?as_of=" + founded);
  EXPECT_GE(founding["members"].size(), 5U);
  EXPECT_EQ(GetJson("/api/organisations/" + code + "/members?all=yes", 400)["errors"][0]["field"],
            "all");
  EXPECT_EQ(server_->Get("/api/organisations/0000000000/members").status, 404);
}

TEST_F(ApiReadTest, ListFiltersByStatusUnitDateAndName) {
  const json dissolved = GetJson("/api/organisations?status=dissolved&limit=20");
  for (const auto& o : dissolved["items"]) EXPECT_EQ(o["status"], "dissolved");
  const json past = GetJson("/api/organisations?as_of=31/12/2016&unit=02&limit=3");
  EXPECT_FALSE(past["items"].empty());
  const json named = GetJson("/api/organisations?q=thon+chang");
  ASSERT_FALSE(named["items"].empty());
  EXPECT_NE(named["items"][0]["name"].get<std::string>().find("Chang"), std::string::npos);
}

TEST_F(ApiReadTest, OrganisationDetailHasAnETagAndAnswers304) {
  const std::string code = SomeCode();
  const HttpResponse r = server_->Get("/api/organisations/" + code);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["registry_code"], code);
  EXPECT_TRUE(j.contains("units_now"));
  const std::string etag = r.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(server_->Get("/api/organisations/" + code, {{"If-None-Match", etag}}).status, 304);
  // The body is the compact JSON of its document, written member by member so that the tag can
  // leave out known_at (the time of the read): a later read has another known_at, the same tag.
  EXPECT_EQ(r.body, j.dump());
  const HttpResponse later = server_->Get("/api/organisations/" + code);
  EXPECT_NE(json::parse(later.body)["known_at"], j["known_at"]);
  EXPECT_EQ(later.Header("etag"), etag);
  const json old = GetJson("/api/organisations/" + code + "?as_of=2000-01-01");
  EXPECT_EQ(old["as_of"], "2000-01-01");
}

TEST_F(ApiReadTest, HistoryFiguresAndAllowedEvents) {
  const std::string code = SomeCode();
  const json h = GetJson("/api/organisations/" + code + "/history");
  ASSERT_FALSE(h["events"].empty());
  EXPECT_EQ(h["events"][0]["type"], "founded");
  const json f = GetJson("/api/organisations/" + code + "/figures");
  EXPECT_EQ(f["registry_code"], code);
  EXPECT_TRUE(f["figures"].is_array());
  const json a = GetJson("/api/organisations/" + code + "/allowed-events");
  EXPECT_TRUE(a["allowed"].is_array());
}

TEST_F(ApiReadTest, UnitsTreeAndSearch) {
  const json provinces = GetJson("/api/units");
  ASSERT_FALSE(provinces["units"].empty());
  for (const auto& u : provinces["units"]) EXPECT_EQ(u["level"], "province");
  const json old = GetJson("/api/units?parent=02&as_of=2016-12-31");
  ASSERT_FALSE(old["units"].empty());
  EXPECT_EQ(old["units"][0]["level"], "district");
  const json found = GetJson("/api/units/search?q=viet+lam");
  ASSERT_FALSE(found["units"].empty());
  EXPECT_EQ(GetJson("/api/units?parent=99999", 404)["errors"][0]["field"], "parent");
}

TEST_F(ApiReadTest, PublicLookupShowsPublicFieldsOnly) {
  const json j = GetJson("/api/public/organisations?q=chang");
  ASSERT_FALSE(j["items"].empty());
  for (const auto& o : j["items"]) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : o.items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{"founded_on", "kind", "name", "registry_code",
                                              "status", "status_label", "unit_name"}));
  }
}

// Every bad query parameter is a 400 problem naming it.
TEST_F(ApiReadTest, BadInputIs400NamingTheField) {
  const std::string code = SomeCode();
  const struct {
    std::string target, field;
  } cases[] = {
      {"/api/organisations?limit=abc", "limit"},
      {"/api/organisations?limit=0", "limit"},
      {"/api/organisations?limit=100000", "limit"},
      {"/api/organisations?as_of=2016-02-31", "as_of"},
      {"/api/organisations?as_of=yesterday", "as_of"},
      {"/api/organisations?known_at=2016-13-01T00:00:00Z", "known_at"},
      {"/api/organisations?kind=XYZ", "kind"},
      {"/api/organisations?status=happy", "status"},
      {"/api/organisations?field=mining", "field"},
      {"/api/organisations?unit=12ab", "unit"},
      {"/api/organisations?after=zz", "after"},
      {"/api/organisations?sort=colour", "sort"},
      {"/api/organisations?sort=founded_on&dir=up", "dir"},
      {"/api/organisations?colour=red", "colour"},
      {"/api/organisations?q=%ff%fe", "q"},
      {"/api/organisations?q=%zz", "q"},
      {"/api/organisations/" + code + "?as_of=31/02/2016", "as_of"},
      {"/api/organisations/" + code + "/figures?known_at=soon", "known_at"},
      {"/api/organisations/" + code + "/history?x=1", "x"},
      {"/api/units?parent=abc", "parent"},
      {"/api/units/search?q=", "q"},
      {"/api/public/organisations?q=a&limit=-1", "limit"},
  };
  for (const auto& c : cases) {
    const HttpResponse r = server_->Get(c.target);
    EXPECT_EQ(r.status, 400) << c.target << "\n" << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << c.target;
    const json j = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << c.target;
    EXPECT_EQ(j["status"], 400);
    ASSERT_FALSE(j["errors"].empty()) << c.target << "\n" << r.body;
    EXPECT_EQ(j["errors"][0]["field"], c.field) << c.target;
  }
}

TEST_F(ApiReadTest, UnknownThingsAre404And405) {
  EXPECT_EQ(server_->Get("/api/organisations/0000000000").status, 404);
  EXPECT_EQ(server_->Get("/api/nothing").status, 404);
  HttpConnection c(server_->port());
  EXPECT_EQ(c.Send("DELETE", "/api/units").status, 405);
  EXPECT_EQ(server_->Get("/api/units", {{"Authorization", "Bearer nope"}}).status, 401);
}

// Injection and traversal strings are data: they find nothing, break nothing, and no error text
// leaks SQL, paths or exceptions.
TEST_F(ApiReadTest, HostileStringsAreHarmless) {
  const int before = GetJson("/healthz")["organisations"];
  const std::string hostile[] = {
      "%27%20OR%201%3D1%20--",
      "1%27%3B%20DROP%20TABLE%20organisations%3B--",
      "..%2F..%2F..%2Fetc%2Fpasswd",
      "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "%25%00",
  };
  for (const std::string& h : hostile) {
    for (const std::string& target :
         {"/api/organisations/" + h, "/api/organisations/" + h + "/history",
          "/api/organisations?q=" + h, "/api/public/organisations?q=" + h,
          "/api/units/search?q=" + h, "/api/organisations?model=" + h}) {
      const HttpResponse r = server_->Get(target);
      EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404)
          << target << " " << r.status;
      for (const char* leak : {"sqlite", "SQL", "/work", "/tmp", "what()", "exception", "root:"}) {
        EXPECT_EQ(r.body.find(leak), std::string::npos) << target << ": " << r.body;
      }
    }
  }
  HttpConnection c(server_->port());
  const HttpResponse raw = c.SendRaw("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(raw.status, 404);
  EXPECT_EQ(raw.body.find("root:"), std::string::npos);
  EXPECT_EQ(GetJson("/healthz")["organisations"], before);
}

TEST_F(ApiReadTest, OneLogLinePerRequestWithItsId) {
  const HttpResponse r = server_->Get("/api/units", {{"X-Request-Id", "test-log-line-1"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("x-request-id"), "test-log-line-1");
  json found;
  // The server writes the line before the response, but the test reads the server's stderr on
  // another thread: wait (up to 10 s) until that thread has collected it.
  for (int attempt = 0; attempt < 1000 && found.is_null(); ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (const std::string& line : server_->LogLines()) {
      if (line.find("test-log-line-1") == std::string::npos) continue;
      found = json::parse(line);
    }
  }
  ASSERT_FALSE(found.is_null());
  EXPECT_EQ(found["method"], "GET");
  EXPECT_EQ(found["path"], "/api/units");
  EXPECT_EQ(found["status"], 200);
  EXPECT_TRUE(found["ms"].is_number());
  EXPECT_TRUE(found.contains("user"));
}

// --web DIR: files with their MIME types, index.html for the UI's own paths, nothing outside.
TEST(ApiStaticTest, ServesTheWebUiWithoutLeavingItsFolder) {
  TempDir dir;
  TestDatabase database(dir, "s.db");
  const std::string db = database.url();
  ASSERT_FALSE(db.empty()) << database.error();
  ASSERT_EQ(RunHoptac({"init", "--db", db}), 0);
  std::filesystem::create_directories(dir.path() / "web" / "assets");
  std::ofstream(dir.File("web/index.html")) << "<!doctype html><title>hoptac</title>";
  std::ofstream(dir.File("web/assets/app.3f9a1c.js")) << "console.log(1)";
  std::ofstream(dir.File("secret.txt")) << "do not serve";
  std::filesystem::create_symlink(dir.File("secret.txt"), dir.File("web/link.txt"));
  ServerProcess server(db, {"--web", dir.File("web")});

  const HttpResponse index = server.Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  const HttpResponse js = server.Get("/assets/app.3f9a1c.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.Header("cache-control").find("immutable"), std::string::npos);
  const HttpResponse spa = server.Get("/registry/5100086384");
  EXPECT_EQ(spa.status, 200);
  EXPECT_NE(spa.body.find("<title>hoptac"), std::string::npos);
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/link.txt"}) {
    const HttpResponse r = server.Get(target);
    EXPECT_EQ(r.body.find("do not serve"), std::string::npos) << target;
  }
  EXPECT_EQ(server.Get("/api/nothing").status, 404);  // the API does not fall back to the UI
}

// SIGTERM while clients are busy: every request that was sent gets its response; the server
// exits 0.
TEST(ApiShutdownTest, SigtermUnderLoadFailsNoRequestInFlight) {
  TempDir dir;
  TestDatabase database(dir, "demo.db");
  const std::string db = database.url();
  ASSERT_FALSE(db.empty()) << database.error();
  ASSERT_EQ(RunHoptac({"demo", "--db", db}), 0);
  std::string token;
  ASSERT_EQ(RunHoptac({"user", "token", "admin", "--name", "load", "--db", db}, &token), 0);
  token.erase(token.find_last_not_of("\n") + 1);
  ServerProcess server(db);
  constexpr int kClients = 8;
  std::atomic<int> answered{0}, failed{0}, finished{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      struct Done {
        std::atomic<int>& n;
        ~Done() { ++n; }
      } done{finished};
      HttpConnection c(server.port());
      for (int n = 0;; ++n) {
        const HttpResponse r =
            c.Send("GET", n % 2 == 0 ? "/api/organisations?limit=20&q=hop+tac" : "/api/units",
                   {{"Authorization", "Bearer " + token}});
        if (r.status == 200) {
          ++answered;
        } else if (c.sent()) {
          ++failed;  // sent, and no (good) answer
          ADD_FAILURE() << "client " << i << ": " << r.status << " " << c.error() << r.body;
          return;
        } else if (n == 0) {
          ADD_FAILURE() << "client " << i << " could not connect: " << c.error();
          return;
        } else {
          return;  // could not connect: the server had stopped accepting
        }
      }
    });
  }
  while (answered.load() < kClients * 5 && finished.load() == 0) std::this_thread::yield();
  EXPECT_EQ(server.Stop(), 0);
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GE(answered.load(), kClients * 5);
}

}  // namespace
}  // namespace hoptac::testing
