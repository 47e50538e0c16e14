// Black-box tests of the Alliance's endpoints: the real binary serves a demo database (with the
// Alliance's work of the demo province); requests go over HTTP as the web UI sends them.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api_support.hpp"
#include "temp_dir.hpp"

namespace hoptac {
namespace {

using nlohmann::json;
using testing::After;
using testing::DemoAccounts;
using testing::HttpConnection;
using testing::HttpResponse;
using testing::RunHoptac;
using testing::ServerProcess;
using testing::TempDir;

struct Session {
  std::string cookie, csrf;
};

class ApiAllianceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string db = dir_->File("demo.db");
    std::string out;
    ASSERT_EQ(RunHoptac({"demo", "--db", db}, &out), 0);
    const auto accounts = DemoAccounts(out);
    server_ = new ServerProcess(db);
    for (const auto& [user, password] : accounts) {
      HttpConnection c(server_->port());
      const HttpResponse r = c.Send("POST", "/api/session", {{"Content-Type", "application/json"}},
                                    json{{"username", user}, {"password", password}}.dump());
      ASSERT_EQ(r.status, 201) << r.body;
      const std::string cookie = r.Header("set-cookie");
      sessions_[user] = {cookie.substr(0, cookie.find(';')), json::parse(r.body)["csrf_token"]};
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::map<std::string, std::string> Headers(const std::string& user) {
    return {{"Cookie", sessions_[user].cookie}};
  }
  static HttpResponse Get(const std::string& user, const std::string& target) {
    return server_->Get(target, Headers(user));
  }
  static HttpResponse Send(const std::string& user, const std::string& method,
                           const std::string& target, const json& body,
                           const std::string& if_match = "") {
    auto h = Headers(user);
    h["Content-Type"] = "application/json";
    h["X-CSRF-Token"] = sessions_[user].csrf;
    if (!if_match.empty()) h["If-Match"] = if_match;
    HttpConnection c(server_->port());
    return c.Send(method, target, h, body.dump());
  }

  static inline TempDir* dir_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::map<std::string, Session> sessions_;
};

TEST_F(ApiAllianceTest, TheReviewOf2016ShowsTheArticlesFiguresAndThe2017Tasks) {
  const HttpResponse r = Get("admin", "/api/annual-review/2016");
  ASSERT_EQ(r.status, 200) << r.body;
  const json review = json::parse(r.body);
  EXPECT_EQ(review["conversion"]["required"], 460);
  EXPECT_EQ(review["conversion"]["converted"], 183);
  EXPECT_EQ(review["conversion"]["dissolved_voluntary"], 90);
  ASSERT_TRUE(review["next_plan"].is_object());
  EXPECT_EQ(review["next_plan"]["year"], 2017);
  EXPECT_EQ(review["next_plan"]["tasks"].size(), 6u);
  EXPECT_GT(review["plan"]["tasks"].size(), 0u);

  const HttpResponse html = Get("admin", "/api/annual-review/2016?format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("Liên minh Hợp tác xã tỉnh Hà Giang"), std::string::npos);
  EXPECT_NE(html.body.find("III. Nhiệm vụ trọng tâm năm 2017"), std::string::npos);
  const HttpResponse xlsx = Get("admin", "/api/annual-review/2016?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.Header("content-disposition").find("annual-review-2016.xlsx"), std::string::npos);
  EXPECT_EQ(Get("admin", "/api/annual-review/2016?format=pdf").status, 400);
}

TEST_F(ApiAllianceTest, AnInspectionWithAFindingIsFollowedUpUntilDone) {
  const json body = {
      {"planned_date", "2024-03-01"},
      {"held_date", "2024-03-05"},
      {"subject", "Kiểm tra sau đăng ký"},
      {"unit_code", "00967"},
      {"findings", {"Chưa niêm yết giấy chứng nhận"}},
      {"recommendations", {{{"text", "Niêm yết tại trụ sở"}, {"deadline", "2024-04-01"}}}}};
  const HttpResponse created = Send("officer.vixuyen", "POST", "/api/inspections", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json inspection = json::parse(created.body);
  const std::string id = std::to_string(inspection["id"].get<int64_t>());
  const std::string rec = std::to_string(inspection["recommendations"][0]["id"].get<int64_t>());
  EXPECT_EQ(inspection["recommendations"][0]["state"], "overdue");  // today is past April 2024
  const std::string etag = created.Header("etag");
  EXPECT_EQ(etag, "\"1\"");

  const json overdue = json::parse(Get("officer.vixuyen", "/api/follow-ups").body);
  bool listed = false;
  for (const auto& item : overdue["items"]) {
    listed = listed || (item["recommendation_id"].get<int64_t>() == std::stoll(rec));
  }
  EXPECT_TRUE(listed);

  const std::string follow = "/api/inspections/" + id + "/recommendations/" + rec + "/follow-up";
  // Without If-Match: 428; with a stale revision: 412; done needs its day.
  EXPECT_EQ(Send("officer.vixuyen", "POST", follow, {{"status", "done"}}).status, 428);
  EXPECT_EQ(Send("officer.vixuyen", "POST", follow, {{"status", "done"}, {"done_on", "2024-03-20"}},
                 "\"7\"")
                .status,
            412);
  const HttpResponse no_day = Send("officer.vixuyen", "POST", follow, {{"status", "done"}}, etag);
  EXPECT_EQ(no_day.status, 400);
  EXPECT_EQ(json::parse(no_day.body)["errors"][0]["field"], "done_on");
  const HttpResponse done = Send("officer.vixuyen", "POST", follow,
                                 {{"status", "done"}, {"done_on", "2024-03-20"}}, etag);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(json::parse(done.body)["recommendations"][0]["state"], "done");
  EXPECT_EQ(done.Header("etag"), "\"2\"");
  const json after = json::parse(Get("officer.vixuyen", "/api/follow-ups").body);
  for (const auto& item : after["items"]) {
    EXPECT_NE(item["recommendation_id"].get<int64_t>(), std::stoll(rec));
  }
  // The audit log has the follow-up.
  const json audit = json::parse(Get("admin", "/api/audit?entity=inspection/" + id).body);
  ASSERT_FALSE(audit["items"].empty()) << audit.dump();
  EXPECT_EQ(audit["items"][0]["action"], "recommendation.follow_up");
}

TEST_F(ApiAllianceTest, ActivitiesAreListedByAreaAndEditedWithTheirRevision) {
  const json body = {{"type", "consulting"},
                     {"title", "Tư vấn lập phương án kinh doanh cho HTX Nậm Ty"},
                     {"start_date", "2024-05-02"},
                     {"unit_code", "00967"},
                     {"participants", 8},
                     {"funding_amount", "2.500.000"},
                     {"funding_source", "Ngân sách tỉnh"}};
  const HttpResponse created = Send("officer.vixuyen", "POST", "/api/activities", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json act = json::parse(created.body);
  EXPECT_EQ(act["funding_amount"], 2500000);
  const std::string id = std::to_string(act["id"].get<int64_t>());

  const json found = json::parse(Get("admin", "/api/activities?q=NAM+TY").body);
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["id"], act["id"]);
  // The officer of Vị Xuyên sees nothing outside it, and may not ask for elsewhere.
  const json mine = json::parse(Get("officer.vixuyen", "/api/activities?limit=1000").body);
  for (const auto& a : mine["items"]) EXPECT_NE(a["unit_code"], "");
  EXPECT_EQ(Get("officer.vixuyen", "/api/activities?area=024").status, 403);

  json edit = body;
  edit["title"] = "Tư vấn lập phương án kinh doanh cho HTX Nậm Ty (sửa)";
  EXPECT_EQ(Send("officer.vixuyen", "PUT", "/api/activities/" + id, edit).status, 428);
  const HttpResponse edited =
      Send("officer.vixuyen", "PUT", "/api/activities/" + id, edit, created.Header("etag"));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(json::parse(edited.body)["revision"], 2);
  EXPECT_EQ(
      Send("officer.vixuyen", "PUT", "/api/activities/" + id, edit, created.Header("etag")).status,
      412);
  // Moving it outside the officer's area is refused.
  edit["unit_code"] = "00700";
  EXPECT_EQ(Send("officer.vixuyen", "PUT", "/api/activities/" + id, edit, "*").status, 403);
  // An unknown member is named.
  json bad = body;
  bad["colour"] = "red";
  const HttpResponse refused = Send("admin", "POST", "/api/activities", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(json::parse(refused.body)["errors"][0]["field"], "colour");
}

TEST_F(ApiAllianceTest, PlansShowProgressAsOfADate) {
  const json lists = json::parse(Get("viewer", "/api/alliance/lists").body);
  EXPECT_EQ(lists["activity_types"].size(), 9u);
  const json years = json::parse(Get("admin", "/api/plans").body);
  EXPECT_EQ(years["years"], json::array({2016, 2017}));
  const HttpResponse plan = Get("admin", "/api/plans/2017?as_of=2017-12-31");
  ASSERT_EQ(plan.status, 200) << plan.body;
  const json p = json::parse(plan.body);
  ASSERT_EQ(p["tasks"].size(), 6u);
  EXPECT_EQ(p["tasks"][0]["indicator"], "converted_or_dissolved_pending");
  EXPECT_GT(p["tasks"][0]["actual"].get<int64_t>(), 0);
  EXPECT_EQ(p["tasks"][1]["kind"], "manual");
  EXPECT_EQ(p["tasks"][1]["actual"], 9);
  const json mid = json::parse(Get("admin", "/api/plans/2017?as_of=2017-07-01").body);
  EXPECT_EQ(mid["tasks"][1]["actual"], 4);
  // A district officer may not write the province's plan.
  EXPECT_EQ(
      Send("officer.vixuyen", "PUT", "/api/plans/2018", {{"tasks", json::array()}}, "*").status,
      403);
  const HttpResponse created = Send("officer", "PUT", "/api/plans/2018",
                                    {{"title", "Kế hoạch 2018"},
                                     {"tasks",
                                      {{{"title", "Thành lập mới 40 HTX"},
                                        {"indicator", "founded_cooperatives"},
                                        {"target", 40}}}}},
                                    "*");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["revision"], 1);
  const json review = json::parse(Get("admin", "/api/annual-review/2017").body);
  EXPECT_EQ(review["next_plan"]["tasks"][0]["title"], "Thành lập mới 40 HTX");
}

// The same use cases from the command line, on a demo database of its own.
TEST(CliAllianceTest, ActivitiesInspectionsPlansAndTheReview) {
  TempDir dir;
  const std::string db = dir.File("demo.db");
  ASSERT_EQ(RunHoptac({"demo", "--db", db}), 0);
  std::string out;
  ASSERT_EQ(RunHoptac({"report", "annual-review", "--year", "2016", "--format", "json", "--db", db},
                      &out),
            0);
  const json review = json::parse(out);
  EXPECT_EQ(review["conversion"]["required"], 460);
  EXPECT_EQ(review["conversion"]["converted"], 183);
  EXPECT_EQ(review["conversion"]["dissolved_voluntary"], 90);
  EXPECT_EQ(review["next_plan"]["tasks"].size(), 6u);
  const std::string xlsx = dir.File("review.xlsx");
  EXPECT_EQ(RunHoptac({"report", "annual-review", "--year", "2016", "--format", "xlsx", "-o", xlsx,
                       "--db", db}),
            0);
  // xlsx without -o is a usage error of the input (3), nothing written.
  EXPECT_EQ(
      RunHoptac({"report", "annual-review", "--year", "2016", "--format", "xlsx", "--db", db}), 3);

  out.clear();
  ASSERT_EQ(RunHoptac({"inspection", "add", "--planned", "2025-01-05", "--held", "2025-01-10",
                       "--subject", "Kiểm tra từ dòng lệnh", "--unit", "00967", "--finding",
                       "Chưa niêm yết", "--recommendation", "Niêm yết tại trụ sở@2025-02-01",
                       "--format", "json", "--db", db},
                      &out),
            0);
  const json inspection = json::parse(out);
  EXPECT_EQ(inspection["recommendations"][0]["state"], "overdue");
  const std::string id = std::to_string(inspection["id"].get<int64_t>());
  const std::string rec = std::to_string(inspection["recommendations"][0]["id"].get<int64_t>());
  out.clear();
  ASSERT_EQ(RunHoptac({"inspection", "overdue", "--format", "json", "--db", db}, &out), 0);
  EXPECT_NE(out.find("Niêm yết tại trụ sở"), std::string::npos);
  // Done before the inspection was held: refused (3), nothing written.
  EXPECT_EQ(RunHoptac({"inspection", "follow-up", id, "--recommendation", rec, "--date",
                       "2025-01-01", "--db", db}),
            3);
  ASSERT_EQ(RunHoptac({"inspection", "follow-up", id, "--recommendation", rec, "--date",
                       "2025-01-20", "--db", db}),
            0);
  out.clear();
  ASSERT_EQ(RunHoptac({"inspection", "overdue", "--format", "json", "--db", db}, &out), 0);
  EXPECT_EQ(out.find("Niêm yết tại trụ sở"), std::string::npos);

  EXPECT_EQ(RunHoptac({"activity", "add", "--type", "party", "--title", "x", "--from", "2025-01-01",
                       "--db", db}),
            3);
  ASSERT_EQ(RunHoptac({"activity", "add", "--type", "contest", "--title", "Cuộc thi 2025", "--from",
                       "2025-03-01", "--amount", "1.000.000", "--funding-source", "Ngân sách tỉnh",
                       "--db", db}),
            0);
  out.clear();
  ASSERT_EQ(
      RunHoptac({"activity", "list", "--type", "contest", "--format", "json", "--db", db}, &out),
      0);
  EXPECT_NE(out.find("Cuộc thi 2025"), std::string::npos);
  out.clear();
  ASSERT_EQ(RunHoptac({"plan", "show", "--year", "2017", "--as-of", "2017-12-31", "--format",
                       "json", "--db", db},
                      &out),
            0);
  EXPECT_EQ(json::parse(out)["tasks"][1]["actual"], 9);
}

}  // namespace
}  // namespace hoptac
