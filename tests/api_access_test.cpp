// Black-box tests of access (C12): the authorization matrix (every route × every role × inside
// and outside the scope, from one table), sessions and CSRF, API tokens, throttled logins, and
// bad session bodies.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api_support.hpp"
#include "http/routes.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

using nlohmann::json;

struct Session {
  std::string cookie;  // "hoptac_session=…"
  std::string csrf;
};

Session SignIn(int port, const std::string& user, const std::string& password) {
  HttpConnection c(port);
  const HttpResponse r = c.Send("POST", "/api/session", {{"Content-Type", "application/json"}},
                                json{{"username", user}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 201) << user << ": " << r.body;
  if (r.status != 201) return {};
  const std::string set_cookie = r.Header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  return {set_cookie.substr(0, set_cookie.find(';')), json::parse(r.body)["csrf_token"]};
}

class ApiAccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new TestDatabase(*dir_, "demo.db");
    const std::string db = database_->url();
    if (db.empty()) {
      setup_error_ = database_->error();
      return;
    }
    std::string out;
    ASSERT_EQ(RunHoptac({"demo", "--db", db}, &out), 0);
    accounts_ = DemoAccounts(out);
    inside_ = After(out, "the thôn Chang cooperative: ");
    ASSERT_EQ(RunHoptac({"user", "add", "viewer.vx", "--role", "viewer", "--scope", "030",
                         "--password", "viewer-password-1", "--db", db}),
              0);
    accounts_["viewer.vx"] = "viewer-password-1";
    server_ = new ServerProcess(db);
    for (const auto& [user, password] : accounts_) {
      sessions_[user] = SignIn(server_->port(), user, password);
    }
    // An organisation outside old district Vị Xuyên (030): in another district of province 02.
    const auto admin = Headers("admin");
    const json districts =
        json::parse(server_->Get("/api/units?parent=02&as_of=2016-12-31", admin).body);
    for (const auto& d : districts["units"]) {
      if (d["code"] == "030") continue;
      outside_unit_ = d["code"];
      const json page =
          json::parse(server_->Get("/api/organisations?limit=1&unit=" + outside_unit_, admin).body);
      if (!page["items"].empty()) {
        outside_ = page["items"][0]["registry_code"];
        break;
      }
    }
    ASSERT_FALSE(inside_.empty());
    ASSERT_FALSE(outside_.empty());
    for (auto [unit, commune] : {std::pair{std::string("030"), &inside_commune_},
                                 std::pair{outside_unit_, &outside_commune_}}) {
      const json communes =
          json::parse(server_->Get("/api/units?parent=" + unit + "&as_of=2016-12-31", admin).body);
      ASSERT_FALSE(communes["units"].empty()) << unit;
      *commune = communes["units"][0]["code"];
    }
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

  static std::map<std::string, std::string> Headers(const std::string& user) {
    if (user == "anonymous") return {};
    return {{"Cookie", sessions_[user].cookie}};
  }
  // With the CSRF token and a JSON body, for writes.
  static std::map<std::string, std::string> WriteHeaders(const std::string& user) {
    auto h = Headers(user);
    h["Content-Type"] = "application/json";
    h["If-Match"].assign(1, '*');  // not `= "*"`: g++ 12 -O3 warns falsely (-Wrestrict) on it
    if (user != "anonymous") h["X-CSRF-Token"] = sessions_[user].csrf;
    return h;
  }

  static inline TempDir* dir_ = nullptr;
  static inline TestDatabase* database_ = nullptr;
  static inline std::string setup_error_;
  static inline ServerProcess* server_ = nullptr;
  static inline std::map<std::string, std::string> accounts_;
  static inline std::map<std::string, Session> sessions_;
  static inline std::string inside_, outside_, outside_unit_, inside_commune_, outside_commune_;
};

// The table: a route (with {code}, {unit} and {commune} filled in from the organisation or unit
// inside or outside the scope of the scoped users) and, per caller, the status expected inside /
// outside. Callers: anonymous, admin, officer.vixuyen (area 030), viewer.vx (area 030), manager
// (the thôn Chang cooperative, which lies in 030). A write that is allowed is sent with a body
// the registry refuses after the access checks (a duplicate code, a date before the founding, a
// negative count, an unknown event or user, a dry run): its 400, 404, 409 or 200 shows that
// access was granted, and nothing is written.
struct MatrixRow {
  const char* method;
  const char* pattern;  // as in the route table
  const char* target;   // the request, with {code} / {unit}
  std::map<std::string, std::pair<int, int>> expect;
  const char* body = "";  // JSON, with {code} / {commune}
};

using Expect = std::map<std::string, std::pair<int, int>>;

const std::vector<MatrixRow>& Matrix() {
  static const std::pair<int, int> kOk{200, 200}, kScoped{200, 403}, kDenied{401, 401},
      kNever{403, 403};
  static const Expect kOrg = {
      {"anonymous", kDenied}, {"admin", kOk},       {"officer.vixuyen", kScoped},
      {"viewer.vx", kScoped}, {"manager", kScoped},
  };
  static const Expect kList = {
      {"anonymous", kDenied}, {"admin", kOk},      {"officer.vixuyen", kScoped},
      {"viewer.vx", kScoped}, {"manager", kNever},
  };
  static const Expect kUser = {
      {"anonymous", kDenied}, {"admin", kOk},   {"officer.vixuyen", kOk},
      {"viewer.vx", kOk},     {"manager", kOk},
  };
  static const Expect kAnyone = {
      {"anonymous", kOk}, {"admin", kOk},   {"officer.vixuyen", kOk},
      {"viewer.vx", kOk}, {"manager", kOk},
  };
  static const Expect kUnscoped = {
      {"anonymous", kDenied}, {"admin", kOk},      {"officer.vixuyen", kNever},
      {"viewer.vx", kNever},  {"manager", kNever},
  };
  static const Expect kAdminOnly = kUnscoped;
  // Writes: `n` is the status of an allowed (and refused by the registry) request.
  auto org_write = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", kNever},
                  {"officer.vixuyen", {n, 403}},
                  {"manager", {n, 403}}};
  };
  auto create = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", kNever},
                  {"officer.vixuyen", {n, 403}},
                  {"manager", kNever}};
  };
  auto admin_write = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", kNever},
                  {"officer.vixuyen", kNever},
                  {"manager", kNever}};
  };
  // The market's (issue 9): every caller gets `n`; signed-in callers get `n`; writers (not
  // viewers) get `n`; admins and officers (not viewers or managers) get `n`.
  auto market_any = [](int n) {
    return Expect{{"anonymous", {n, n}},
                  {"admin", {n, n}},
                  {"viewer.vx", {n, n}},
                  {"officer.vixuyen", {n, n}},
                  {"manager", {n, n}}};
  };
  auto signed_in = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", {n, n}},
                  {"officer.vixuyen", {n, n}},
                  {"manager", {n, n}}};
  };
  auto market_write = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", kNever},
                  {"officer.vixuyen", {n, n}},
                  {"manager", {n, n}}};
  };
  auto officer_write = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", kNever},
                  {"officer.vixuyen", {n, n}},
                  {"manager", kNever}};
  };
  // The Alliance's work: managers read their organisation's activities and inspections (200
  // inside and out, filtered), write nothing; officers write records of their area.
  static const Expect alliance_list = {
      {"anonymous", kDenied}, {"admin", kOk},   {"officer.vixuyen", kScoped},
      {"viewer.vx", kScoped}, {"manager", kOk},
  };
  auto record_write = [](int n) {
    return Expect{{"anonymous", kDenied},
                  {"admin", {n, n}},
                  {"viewer.vx", kNever},
                  {"officer.vixuyen", {n, 403}},
                  {"manager", kNever}};
  };
  static const Expect missing = {
      {"anonymous", kDenied},    {"admin", {404, 404}},   {"officer.vixuyen", {404, 404}},
      {"viewer.vx", {404, 404}}, {"manager", {404, 404}},
  };
  static const Expect missing_write = {
      {"anonymous", kDenied}, {"admin", {404, 404}},   {"officer.vixuyen", {404, 404}},
      {"viewer.vx", kNever},  {"manager", {404, 404}},
  };
  static const std::vector<MatrixRow> rows = {
      {"GET", "/healthz", "/healthz", kAnyone},
      {"GET", "/metrics", "/metrics", kAnyone},
      {"GET", "/api/openapi.json", "/api/openapi.json", kAnyone},
      {"GET", "/api/public/organisations", "/api/public/organisations?q=hop+tac", kAnyone},
      {"GET", "/api/session", "/api/session", kUser},
      {"GET", "/api/units", "/api/units?parent=02&as_of=2016-12-31", kUser},
      {"GET", "/api/units/search", "/api/units/search?q=viet+lam", kUser},
      {"GET", "/api/organisations", "/api/organisations?limit=2&as_of=2016-12-31&unit={unit}",
       kList},
      {"GET", "/api/organisations/{code}", "/api/organisations/{code}", kOrg},
      {"GET", "/api/organisations/{code}/history", "/api/organisations/{code}/history", kOrg},
      {"GET", "/api/organisations/{code}/figures", "/api/organisations/{code}/figures", kOrg},
      {"GET", "/api/organisations/{code}/allowed-events",
       "/api/organisations/{code}/allowed-events", kOrg},
      {"GET", "/api/organisations/{code}/members", "/api/organisations/{code}/members", kOrg},
      {"GET", "/api/reports", "/api/reports", kUser},
      {"GET", "/api/reports/{name}", "/api/reports/conversion-2012?as_of=2016-12-31&unit={unit}",
       kList},
      {"GET", "/api/export/{kind}", "/api/export/organisations", kUnscoped},
      {"GET", "/api/audit", "/api/audit", kAdminOnly},
      {"GET", "/api/users", "/api/users", kAdminOnly},
      {"POST", "/api/organisations", "/api/organisations", create(409),
       R"({"kind":"HTX","registry_code":"{code}","name":"Trùng mã","founded_on":"2016-01-04",
           "commune_code":"{commune}"})"},
      {"POST", "/api/organisations/{code}/events", "/api/organisations/{code}/events",
       org_write(400), R"({"type":"amended","effective_date":"1901-01-01","name":"X"})"},
      {"POST", "/api/organisations/{code}/events/{id}/void",
       "/api/organisations/{code}/events/999999999/void", org_write(404),
       R"({"reason":"nhập nhầm"})"},
      {"PUT", "/api/organisations/{code}/figures/{year}", "/api/organisations/{code}/figures/2016",
       org_write(400), R"({"members":-5})"},
      {"POST", "/api/import/{kind}", "/api/import/figures?filename=f.csv&dry_run=true",
       admin_write(200), "registry_code,year\r\n{code},abc\r\n"},
      {"POST", "/api/users", "/api/users", admin_write(400),
       R"({"username":"x","password":"long-enough-1","role":"boss"})"},
      {"PATCH", "/api/users/{username}", "/api/users/nobody", admin_write(404),
       R"({"disabled":true})"},
      // The market (issue 9). Public reads and the public demand form: anyone; a post without
      // its form token is refused (400) whoever sends it.
      {"GET", "/api/public/market", "/api/public/market", kAnyone},
      {"GET", "/api/public/catalogue", "/api/public/catalogue?category=tea", kAnyone},
      {"GET", "/api/public/catalogue/{id}", "/api/public/catalogue/1", kAnyone},
      {"GET", "/api/public/demands", "/api/public/demands", kAnyone},
      {"GET", "/api/public/demand-form", "/api/public/demand-form", kAnyone},
      {"POST", "/api/public/demands", "/api/public/demands", market_any(400),
       R"({"buyer_name":"x","contact":"y","category":"tea","quantity":1,"unit":"tan",
           "period_from":"2027-01-01","period_to":"2027-02-01"})"},
      // Signed-in reads (product lists are filtered by scope); reads of a record that does not
      // exist show that access was granted.
      {"GET", "/api/products", "/api/products", kUser},
      {"GET", "/api/products/{id}", "/api/products/999999", signed_in(404)},
      {"GET", "/api/products/{id}/demands", "/api/products/999999/demands", signed_in(404)},
      {"GET", "/api/demands", "/api/demands", kUser},
      {"GET", "/api/demands/{id}/offers", "/api/demands/999999/offers", signed_in(404)},
      {"GET", "/api/zones", "/api/zones", kUser},
      {"GET", "/api/programmes", "/api/programmes", kUser},
      {"GET", "/api/partner-offers", "/api/partner-offers", kUser},
      {"GET", "/api/catalogue/export", "/api/catalogue/export?source=08&name=x", kUser},
      {"GET", "/api/market-reports/{name}", "/api/market-reports/ocop", kUser},
      // Writes: products inside the scope; the rest for admins and officers (not managers).
      {"POST", "/api/organisations/{code}/products", "/api/organisations/{code}/products",
       org_write(400), R"({"name":"X","category":"coffee"})"},
      {"PUT", "/api/products/{id}", "/api/products/999999", market_write(404),
       R"({"name":"X","category":"tea"})"},
      {"DELETE", "/api/products/{id}", "/api/products/999999", market_write(404)},
      {"POST", "/api/demands", "/api/demands", officer_write(400),
       R"({"buyer_name":"x","contact":"y","category":"tea","quantity":0,"unit":"tan",
           "period_from":"2027-01-01","period_to":"2027-02-01"})"},
      {"POST", "/api/demands/{id}/approve", "/api/demands/999999/approve", officer_write(404)},
      {"POST", "/api/demands/{id}/status", "/api/demands/999999/status", officer_write(404),
       R"({"status":"closed"})"},
      {"POST", "/api/zones", "/api/zones", officer_write(400),
       R"({"name":"x","crop":"chè","area_ha":"0","communes":["00967"]})"},
      {"POST", "/api/programmes", "/api/programmes", admin_write(400),
       R"({"name":"x","provinces":["99"]})"},
      {"POST", "/api/catalogue/import", "/api/catalogue/import", officer_write(400), "{}"},
      // The Alliance's work: lists by area, records by id (none: 404 once access is granted),
      // writes refused by a rule after the access checks, province-wide writes for admins.
      {"GET", "/api/alliance/lists", "/api/alliance/lists", kUser},
      {"GET", "/api/activities", "/api/activities?area={unit}", alliance_list},
      {"POST", "/api/activities", "/api/activities", record_write(400),
       R"({"type":"training","title":"x","start_date":"2016-05-01","end_date":"2016-04-01",
           "unit_code":"{commune}"})"},
      {"GET", "/api/activities/{id}", "/api/activities/999999999", missing},
      {"PUT", "/api/activities/{id}", "/api/activities/999999999", missing_write,
       R"({"type":"training","title":"x","start_date":"2016-05-01"})"},
      {"GET", "/api/inspections", "/api/inspections?area={unit}", alliance_list},
      {"POST", "/api/inspections", "/api/inspections", record_write(400),
       R"({"planned_date":"2016-05-01","subject":"","unit_code":"{commune}"})"},
      {"GET", "/api/inspections/{id}", "/api/inspections/999999999", missing},
      {"PUT", "/api/inspections/{id}", "/api/inspections/999999999", missing_write,
       R"({"planned_date":"2016-05-01","subject":"x"})"},
      {"POST", "/api/inspections/{id}/recommendations/{rec}/follow-up",
       "/api/inspections/999999999/recommendations/1/follow-up", missing_write,
       R"({"status":"done","done_on":"2016-06-01"})"},
      {"GET", "/api/follow-ups", "/api/follow-ups?area={unit}", kList},
      {"GET", "/api/events/{id}/inspections", "/api/events/999999999/inspections", kUser},
      {"GET", "/api/pilot-communes/{year}", "/api/pilot-communes/2016", kUser},
      {"PUT", "/api/pilot-communes/{year}", "/api/pilot-communes/2016", admin_write(400),
       R"({"communes":[{"unit_code":"99999"}]})"},
      {"GET", "/api/plans", "/api/plans", kUser},
      {"GET", "/api/plans/{year}", "/api/plans/2017?area={unit}", kList},
      {"PUT", "/api/plans/{year}", "/api/plans/2017", admin_write(400),
       R"({"tasks":[{"title":"x","indicator":"nope"}]})"},
      {"POST", "/api/plans/{year}/progress", "/api/plans/2017/progress", admin_write(404),
       R"({"task_id":999999999,"value":1})"},
      {"GET", "/api/annual-review/{year}", "/api/annual-review/2016?area={unit}", kList},
      {"PUT", "/api/annual-review/{year}/difficulties", "/api/annual-review/2016/difficulties",
       admin_write(400), R"({"difficulties":5})"},
  };
  return rows;
}

std::string Fill(std::string target, const std::string& code, const std::string& unit,
                 const std::string& commune) {
  for (const auto& [key, value] :
       {std::pair{"{code}", code}, std::pair{"{unit}", unit}, std::pair{"{commune}", commune}}) {
    for (size_t at = target.find(key); at != std::string::npos; at = target.find(key)) {
      target.replace(at, std::string(key).size(), value);
    }
  }
  return target;
}

TEST_F(ApiAccessTest, AuthorizationMatrix) {
  for (const MatrixRow& row : Matrix()) {
    const bool write = std::string(row.method) != "GET";
    for (const auto& [user, expected] : row.expect) {
      for (const bool inside : {true, false}) {
        const std::string& code = inside ? inside_ : outside_;
        const std::string& unit = inside ? std::string("030") : outside_unit_;
        const std::string& commune = inside ? inside_commune_ : outside_commune_;
        const std::string target = Fill(row.target, code, unit, commune);
        HttpResponse r;
        if (write) {
          HttpConnection c(server_->port());
          auto h = WriteHeaders(user);
          if (std::string(row.pattern) == "/api/import/{kind}") h["Content-Type"] = "text/csv";
          r = c.Send(row.method, target, h, Fill(row.body, code, unit, commune));
        } else {
          r = server_->Get(target, Headers(user));
        }
        const int want = inside ? expected.first : expected.second;
        EXPECT_EQ(r.status, want) << user << " " << row.method << " " << target << "\n" << r.body;
        if (r.status == 403) {
          EXPECT_EQ(r.Header("content-type"), "application/problem+json");
        }
      }
    }
  }
}

// The matrix names every route but the session's own (covered by the session tests below).
TEST_F(ApiAccessTest, TheMatrixCoversEveryRoute) {
  std::set<std::string> in_matrix;
  for (const MatrixRow& row : Matrix()) {
    in_matrix.insert(std::string(row.method) + " " + row.pattern);
  }
  for (const auto& route : http::Routes()) {
    const std::string key = std::string(route.method) + " " + route.pattern;
    if (key == "POST /api/session" || key == "DELETE /api/session") continue;
    EXPECT_TRUE(in_matrix.count(key)) << key << " is not in the matrix";
  }
}

// A write through a session without the CSRF token is refused before anything else.
TEST_F(ApiAccessTest, WritesWithoutTheCsrfTokenAre403) {
  HttpConnection c(server_->port());
  auto h = WriteHeaders("admin");
  h.erase("X-CSRF-Token");
  const HttpResponse r =
      c.Send("PUT", "/api/organisations/" + inside_ + "/figures/2016", h, R"({"members":12})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("X-CSRF-Token"), std::string::npos);
  h["X-CSRF-Token"] = "wrong";
  EXPECT_EQ(c.Send("PUT", "/api/organisations/" + inside_ + "/figures/2016", h, R"({"members":12})")
                .status,
            403);
}

TEST_F(ApiAccessTest, AnAreaScopeFollowsTheUnitHistory) {
  // The officer of old district 030 (abolished in 2025) still sees its cooperatives today.
  const json page =
      json::parse(server_->Get("/api/organisations?limit=5", Headers("officer.vixuyen")).body);
  ASSERT_FALSE(page["items"].empty());
  const HttpResponse r = server_->Get("/api/organisations/" + inside_, Headers("officer.vixuyen"));
  EXPECT_EQ(r.status, 200);
}

TEST_F(ApiAccessTest, SignOutNeedsTheCsrfToken) {
  const Session s = SignIn(server_->port(), "admin", accounts_["admin"]);
  HttpConnection c(server_->port());
  const HttpResponse none = c.Send("DELETE", "/api/session", {{"Cookie", s.cookie}});
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_EQ(json::parse(none.body)["errors"][0]["field"], "X-CSRF-Token");
  EXPECT_EQ(
      c.Send("DELETE", "/api/session", {{"Cookie", s.cookie}, {"X-CSRF-Token", "wrong"}}).status,
      403);
  EXPECT_EQ(c.Send("GET", "/api/session", {{"Cookie", s.cookie}}).status, 200);
  EXPECT_EQ(
      c.Send("DELETE", "/api/session", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}).status,
      204);
  EXPECT_EQ(c.Send("GET", "/api/session", {{"Cookie", s.cookie}}).status, 401);
}

TEST_F(ApiAccessTest, ApiTokensAuthenticateUntilRevoked) {
  const std::string db = database_->url();
  std::string token, list;
  ASSERT_EQ(RunHoptac({"user", "token", "viewer.vx", "--name", "reports", "--db", db}, &token), 0);
  token.erase(token.find_last_not_of('\n') + 1);
  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + token}};
  const HttpResponse ok = server_->Get("/api/session", bearer);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["user"]["username"], "viewer.vx");
  EXPECT_TRUE(json::parse(ok.body)["csrf_token"].is_null());
  // Every request thread has now checked the token and keeps its user (decision 0014).
  for (int i = 0; i < 8; ++i) ASSERT_EQ(server_->Get("/api/session", bearer).status, 200);
  ASSERT_EQ(RunHoptac({"user", "tokens", "viewer.vx", "--db", db}, &list), 0);
  // The last row of the table is the newest token: its id is the first column.
  list.erase(list.find_last_not_of('\n') + 1);
  const std::string last_row = list.substr(list.rfind('\n') + 1);
  const std::string id = last_row.substr(0, last_row.find(' '));
  ASSERT_EQ(RunHoptac({"user", "revoke", id, "--db", db}), 0);
  // Revoked by another process: refused at once, by every thread.
  for (int i = 0; i < 8; ++i) EXPECT_EQ(server_->Get("/api/session", bearer).status, 401);
}

TEST_F(ApiAccessTest, ATokenOfAUserDisabledElsewhereIsRefusedAtOnce) {
  const std::string db = database_->url();
  std::string token;
  ASSERT_EQ(RunHoptac({"user", "token", "viewer.vx", "--name", "sync", "--db", db}, &token), 0);
  token.erase(token.find_last_not_of('\n') + 1);
  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + token}};
  for (int i = 0; i < 8; ++i) ASSERT_EQ(server_->Get("/api/session", bearer).status, 200);
  ASSERT_EQ(RunHoptac({"user", "disable", "viewer.vx", "--db", db}), 0);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(server_->Get("/api/session", bearer).status, 401);
}

TEST_F(ApiAccessTest, BadCredentialsAre401) {
  EXPECT_EQ(server_->Get("/api/session", {{"Authorization", "Bearer 00ff"}}).status, 401);
  EXPECT_EQ(server_->Get("/api/session", {{"Authorization", "Basic YTpi"}}).status, 401);
}

TEST_F(ApiAccessTest, BadSessionBodiesAre400NamingTheField) {
  const struct {
    std::string content_type, body, field;
  } cases[] = {
      {"application/json", "{\"username\": \"admin\"", "body"},
      {"application/json", "[1, 2]", "body"},
      {"application/json", "{\"username\": 1, \"password\": \"x\"}", "username"},
      {"application/json", "{\"username\": \"admin\"}", "password"},
      {"application/json", "{\"username\": \"a\", \"password\": \"b\", \"role\": \"admin\"}",
       "role"},
      {"text/plain", "username=admin", "Content-Type"},
  };
  for (const auto& c : cases) {
    HttpConnection conn(server_->port());
    const HttpResponse r =
        conn.Send("POST", "/api/session", {{"Content-Type", c.content_type}}, c.body);
    EXPECT_EQ(r.status, 400) << c.body << "\n" << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_EQ(json::parse(r.body)["errors"][0]["field"], c.field) << c.body;
  }
  HttpConnection conn(server_->port());
  const HttpResponse big = conn.Send("POST", "/api/session", {{"Content-Type", "application/json"}},
                                     std::string(2 << 20, ' '));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.Header("content-type"), "application/problem+json");
}

// Throttling runs on its own server: the per-address limit would refuse the other tests' logins.
TEST(ApiThrottleTest, RepeatedBadLoginsAreThrottledPerAccountAndPerAddress) {
  TempDir dir;
  TestDatabase database(dir, "t.db");
  const std::string db = database.url();
  ASSERT_FALSE(db.empty()) << database.error();
  ASSERT_EQ(RunHoptac({"init", "--db", db}), 0);
  ASSERT_EQ(RunHoptac({"user", "add", "ann", "--role", "viewer", "--password", "ann-password-1",
                       "--db", db}),
            0);
  ASSERT_EQ(RunHoptac({"user", "add", "ben", "--role", "viewer", "--password", "ben-password-1",
                       "--db", db}),
            0);
  ServerProcess server(db);
  auto login = [&](const std::string& user, const std::string& password) {
    HttpConnection c(server.port());
    return c.Send("POST", "/api/session", {{"Content-Type", "application/json"}},
                  json{{"username", user}, {"password", password}}.dump());
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("ann", "wrong-password").status, 401);
  const HttpResponse throttled = login("ann", "ann-password-1");
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_FALSE(throttled.Header("retry-after").empty());
  // Another account from the same address still signs in, until the address's limit.
  EXPECT_EQ(login("ben", "ben-password-1").status, 201);
  for (int i = 0; i < 20; ++i) login("nobody" + std::to_string(i), "x");
  EXPECT_EQ(login("ben", "ben-password-1").status, 429);
}

}  // namespace
}  // namespace hoptac::testing
