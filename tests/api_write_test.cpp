// Black-box tests of the write API and what hangs on it: creating an organisation, recording and
// voiding events and setting figures with If-Match (428 without it, 412 when stale, one winner of
// two concurrent writers), the audit log written with every change, field-named 400s for bad
// bodies, reports over HTTP in every format, and import and export of files.

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "api_support.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

using nlohmann::json;

class ApiWriteTest : public ::testing::Test {
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
    token.erase(token.find_last_not_of('\n') + 1);
    auth_ = "Bearer " + token;
    server_ = new ServerProcess(db_);
    server_->SetDefaultHeaders({{"Authorization", auth_}});
    const json units = json::parse(server_->Get("/api/units?parent=030&as_of=2016-12-31").body);
    commune_ = units["units"][0]["code"];
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

  static HttpResponse Send(const std::string& method, const std::string& target,
                           const std::string& body, std::map<std::string, std::string> h = {}) {
    h.emplace("Authorization", auth_);
    h.emplace("Content-Type", "application/json");
    HttpConnection c(server_->port());
    return c.Send(method, target, h, body);
  }

  static json Problem(const HttpResponse& r) {
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << r.body;
    return json::parse(r.body, nullptr, false);
  }

  // Creates an HTX founded in 2016 in a commune of old district 030 and returns its code.
  static std::string Create(const std::string& code, const std::string& name) {
    const json body = {{"kind", "HTX"},
                       {"registry_code", code},
                       {"name", name},
                       {"founded_on", "2016-03-01"},
                       {"field", "agriculture"},
                       {"commune_code", commune_},
                       {"charter_capital", "150.000.000"},
                       {"decision_no", "12/QĐ"}};
    const HttpResponse r = Send("POST", "/api/organisations", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Header("location"), "/api/organisations/" + code);
    return code;
  }

  static std::string HistoryTag(const std::string& code) {
    const HttpResponse r = server_->Get("/api/organisations/" + code + "/history");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Header("etag");
  }

  static inline TempDir* dir_ = nullptr;
  static inline TestDatabase* database_ = nullptr;
  static inline std::string setup_error_;
  static inline std::string db_, auth_, commune_;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ApiWriteTest, CreateRecordVoidAndSetFiguresWithIfMatch) {
  const std::string code = Create("1001000011", "Hợp tác xã Thử Nghiệm");
  const json created = json::parse(server_->Get("/api/organisations/" + code).body);
  EXPECT_EQ(created["name"], "Hợp tác xã Thử Nghiệm");
  EXPECT_EQ(created["charter_capital"], 150000000);

  std::string tag = HistoryTag(code);
  ASSERT_FALSE(tag.empty());
  const std::string event = R"({"type":"amended","effective_date":"2017-05-02","name":"HTX Mới"})";
  // No If-Match: 428. A stale one: 412. Neither writes anything.
  EXPECT_EQ(Send("POST", "/api/organisations/" + code + "/events", event).status, 428);
  EXPECT_EQ(
      Send("POST", "/api/organisations/" + code + "/events", event, {{"If-Match", "\"1.1.0.0\""}})
          .status,
      412);
  EXPECT_EQ(HistoryTag(code), tag);

  HttpResponse r =
      Send("POST", "/api/organisations/" + code + "/events", event, {{"If-Match", tag}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json history = json::parse(r.body);
  ASSERT_EQ(history["events"].size(), 2u);
  EXPECT_NE(r.Header("etag"), tag);
  EXPECT_EQ(r.Header("etag"), HistoryTag(code));
  // The old tag is stale now.
  EXPECT_EQ(
      Send("POST", "/api/organisations/" + code + "/events", event, {{"If-Match", tag}}).status,
      412);
  tag = r.Header("etag");

  // Void the amendment with a replacement (a correction).
  const int64_t id = history["events"][1]["id"];
  r = Send("POST", "/api/organisations/" + code + "/events/" + std::to_string(id) + "/void",
           R"({"reason":"sai tên","replacement":{"type":"amended","effective_date":"2017-05-02",
               "name":"HTX Mới Đúng"}})",
           {{"If-Match", tag}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json voided = json::parse(r.body);
  EXPECT_FALSE(voided["events"][1]["voided"].is_null());
  EXPECT_EQ(voided["events"][2]["changes"]["name"], "HTX Mới Đúng");
  tag = r.Header("etag");

  // Figures: the figures' ETag is the same revision.
  HttpResponse f = server_->Get("/api/organisations/" + code + "/figures");
  EXPECT_EQ(f.Header("etag"), tag);
  r = Send("PUT", "/api/organisations/" + code + "/figures/2017",
           R"({"members":12,"revenue":"1.234.567.000","rating":"tot","rating_scheme":"TT01/2020"})",
           {{"If-Match", tag}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["figures"][0]["revenue"], 1234567000);
}

TEST_F(ApiWriteTest, EveryWriteIsInTheAuditLogWithBeforeAndAfter) {
  const std::string code = Create("1001000029", "Hợp tác xã Kiểm Toán");
  const HttpResponse r = Send("POST", "/api/organisations/" + code + "/events",
                              R"({"type":"suspended","effective_date":"2018-01-10"})",
                              {{"If-Match", HistoryTag(code)}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json log =
      json::parse(server_->Get("/api/audit?entity=organisation/" + code).body)["items"];
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["action"], "event.record");  // newest first
  EXPECT_EQ(log[0]["user"], "admin");
  EXPECT_EQ(log[0]["address"], "127.0.0.1");
  EXPECT_EQ(log[0]["request_id"], r.Header("x-request-id"));
  EXPECT_EQ(log[0]["before"]["status"], "operating");
  EXPECT_EQ(log[0]["after"]["state"]["status"], "suspended");
  EXPECT_EQ(log[1]["action"], "organisation.create");
  EXPECT_TRUE(log[1]["before"].is_null());
  // Filters and paging.
  const json page = json::parse(server_->Get("/api/audit?action=event.record&limit=1").body);
  ASSERT_EQ(page["items"].size(), 1u);
  ASSERT_TRUE(page["next"].is_string());
  const json next = json::parse(
      server_
          ->Get("/api/audit?action=event.record&limit=1&after=" + page["next"].get<std::string>())
          .body);
  if (!next["items"].empty()) {
    EXPECT_LT(next["items"][0]["id"], page["items"][0]["id"]);
  }
  EXPECT_EQ(server_->Get("/api/audit?after=abc").status, 400);
  // The whole log is part of the exports, oldest first.
  const HttpResponse all = server_->Get("/api/export/audit?format=csv");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_NE(all.body.find("Người thực hiện"), std::string::npos);
  EXPECT_LT(all.body.find("organisation.create"), all.body.rfind("event.record"));
}

TEST_F(ApiWriteTest, OfTwoWritersWithTheSameIfMatchExactlyOneWins) {
  const std::string code = Create("1001000036", "Hợp tác xã Đồng Thời");
  const std::string tag = HistoryTag(code);
  std::atomic<int> created{0}, stale{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      const std::string body = R"({"type":"amended","effective_date":"2017-0)" +
                               std::to_string(i + 1) + R"(-01","representative":"Người )" +
                               std::to_string(i) + "\"}";
      const int status =
          Send("POST", "/api/organisations/" + code + "/events", body, {{"If-Match", tag}}).status;
      (status == 201 ? created : stale) += status == 201 || status == 412 ? 1 : 100;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(stale, 3);
}

TEST_F(ApiWriteTest, BadBodiesAre400NamingTheFieldAndWriteNothing) {
  const std::string code = Create("1001000043", "Hợp tác xã Sai Sót");
  const std::string tag = HistoryTag(code);
  const std::string events = "/api/organisations/" + code + "/events";
  const std::string figures = "/api/organisations/" + code + "/figures/2017";
  const struct {
    std::string method, target, body, field;
  } cases[] = {
      {"POST", events, "{not json", "body"},
      {"POST", events, "[1,2]", "body"},
      {"POST", events, R"({"type":"amended"})", "effective_date"},
      {"POST", events, R"({"type":"flying","effective_date":"2017-01-01"})", "type"},
      {"POST", events, R"({"type":"amended","effective_date":"2017-02-30"})", "effective_date"},
      {"POST", events, R"({"type":"amended","effective_date":"2017-01-01","colour":"red"})",
       "colour"},
      {"POST", events, R"({"type":"amended","effective_date":"2017-01-01","name":7})", "name"},
      {"POST", events, R"({"type":"amended","effective_date":"2017-01-01","models":"x"})",
       "models"},
      {"POST", events,
       R"({"type":"amended","effective_date":"2017-01-01","charter_capital":"mười"})",
       "charter_capital"},
      {"POST", events + "/1/void", R"({"reason":"x","replacement":{"type":"amended"}})",
       "replacement.effective_date"},
      {"POST", events + "/abc/void", R"({"reason":"x"})", "id"},
      {"POST", events + "/1/void", R"({"why":"x"})", "why"},
      {"PUT", figures, R"({"members":"many"})", "members"},
      {"PUT", figures, R"({"members":1.5})", "members"},
      {"PUT", figures, R"({"rating":"superb"})", "rating"},
      {"PUT", "/api/organisations/" + code + "/figures/20x7", R"({"members":1})", "year"},
      {"POST", "/api/organisations", R"({"kind":"HTX","registry_code":"123"})", "registry_code"},
      {"POST", "/api/organisations", R"({"kind":"HTX"})", "registry_code"},
  };
  for (const auto& c : cases) {
    const HttpResponse r = Send(c.method, c.target, c.body, {{"If-Match", tag}});
    EXPECT_EQ(r.status, 400) << c.method << " " << c.target << " " << c.body << "\n" << r.body;
    const json j = Problem(r);
    ASSERT_FALSE(j.is_discarded());
    ASSERT_FALSE(j["errors"].empty()) << r.body;
    EXPECT_EQ(j["errors"][0]["field"], c.field) << c.body << "\n" << r.body;
  }
  // A rule of the registry: an event before the founding names its field too.
  const HttpResponse r = Send("POST", events, R"({"type":"amended","effective_date":"2010-01-01",
                                                  "name":"Trước"})",
                              {{"If-Match", tag}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Problem(r)["errors"][0]["field"], "effective_date") << r.body;
  // A founding without its field, in the field's name.
  const HttpResponse no_field = Send("POST", "/api/organisations",
                                     json{{"kind", "HTX"},
                                          {"registry_code", "1001000068"},
                                          {"name", "Thiếu Ngành"},
                                          {"founded_on", "2016-03-01"},
                                          {"commune_code", commune_}}
                                         .dump());
  EXPECT_EQ(no_field.status, 400);
  EXPECT_EQ(Problem(no_field)["errors"][0]["field"], "field") << no_field.body;
  EXPECT_EQ(HistoryTag(code), tag);  // nothing was written
  // Oversize bodies are refused whole.
  EXPECT_EQ(Send("POST", events, std::string(2 << 20, ' '), {{"If-Match", tag}}).status, 413);
  EXPECT_EQ(Send("POST", events, "{}", {{"Content-Type", "text/plain"}, {"If-Match", tag}}).status,
            400);
}

TEST_F(ApiWriteTest, ReportsInEveryFormat) {
  const HttpResponse list = server_->Get("/api/reports");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["reports"].size(), 8u);

  const HttpResponse j = server_->Get("/api/reports/conversion-2012?as_of=2016-12-31");
  ASSERT_EQ(j.status, 200) << j.body;
  const json table = json::parse(j.body);
  EXPECT_NE(j.body.find("460"), std::string::npos);
  EXPECT_NE(j.body.find("183"), std::string::npos);
  EXPECT_TRUE(table.is_object());

  const HttpResponse csv = server_->Get("/api/reports/conversion-2012?as_of=2016-12-31&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);  // BOM, so Excel reads UTF-8
  EXPECT_NE(csv.Header("content-disposition").find("conversion-2012-2016-12-31.csv"),
            std::string::npos);

  const HttpResponse xlsx = server_->Get(
      "/api/reports/conversion-2012?as_of=2016-12-31",
      {{"Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}});
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
  const HttpResponse html =
      server_->Get("/api/reports/year-review?as_of=2016-12-31&year=2016&format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("<table"), std::string::npos);

  EXPECT_EQ(server_->Get("/api/reports/nothing").status, 404);
  EXPECT_EQ(server_->Get("/api/reports/conversion-2012?by=village").status, 400);
  EXPECT_EQ(server_->Get("/api/reports/conversion-2012?format=pdf").status, 400);
  EXPECT_EQ(server_->Get("/api/reports/conversion-2012?detail=yes").status, 400);
  // lang=en: English title and headings, the same numbers.
  const json en =
      json::parse(server_->Get("/api/reports/conversion-2012?as_of=2016-12-31&lang=en").body);
  EXPECT_EQ(en["title"], "Conversion of cooperatives under the 2012 Law on Cooperatives");
  EXPECT_EQ(en["columns"][3]["label"], "Converted");
  EXPECT_EQ(en["parameters"][0]["label"], "As of");
  EXPECT_EQ(en["totals"]["converted"], table["totals"]["converted"]);
  const HttpResponse en_csv =
      server_->Get("/api/reports/conversion-2012?as_of=2016-12-31&lang=en&format=csv");
  EXPECT_NE(en_csv.body.find("Parameters"), std::string::npos);
  EXPECT_NE(en_csv.body.find("Required to convert"), std::string::npos);
  EXPECT_EQ(json::parse(server_->Get("/api/reports?lang=en").body)["reports"][0]["title"],
            "Conversion of cooperatives under the 2012 Law on Cooperatives");
  EXPECT_EQ(server_->Get("/api/reports/conversion-2012?lang=fr").status, 400);
  EXPECT_EQ(server_->Get("/api/reports?lang=fr").status, 400);
}

std::string Multipart(const std::string& filename, const std::string& content) {
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"";
  body.append(filename).append("\"\r\nContent-Type: text/csv\r\n\r\n");
  body.append(content).append("\r\n--XyZ--\r\n");
  return body;
}

TEST_F(ApiWriteTest, ImportAFileAllOrNothingThenExport) {
  const std::string code = Create("1001000050", "Hợp tác xã Nhập Tệp");
  const std::map<std::string, std::string> form = {
      {"Content-Type", "multipart/form-data; boundary=XyZ"}};
  // Row 3 has a bad year: the whole file is refused, naming row, column and value.
  const std::string bad =
      "Mã số HTX,Năm,Số thành viên\r\n" + code + ",2017,12\r\n" + code + ",hai nghìn,15\r\n";
  HttpResponse r = Send("POST", "/api/import/figures", Multipart("f.csv", bad), form);
  ASSERT_EQ(r.status, 422) << r.body;
  json report = json::parse(r.body);
  EXPECT_FALSE(report["committed"]);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_EQ(report["errors"][0]["row"], 3);
  EXPECT_EQ(report["errors"][0]["column"], "Năm");
  EXPECT_EQ(report["errors"][0]["value"], "hai nghìn");
  EXPECT_EQ(
      json::parse(server_->Get("/api/organisations/" + code + "/figures").body)["figures"].size(),
      0u);

  const std::string good = "Mã số HTX,Năm,Số thành viên\r\n" + code + ",2017,12\r\n";
  r = Send("POST", "/api/import/figures?dry_run=true", Multipart("f.csv", good), form);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["created"], 1);
  EXPECT_FALSE(json::parse(r.body)["committed"]);
  r = Send("POST", "/api/import/figures", Multipart("f.csv", good), form);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body)["committed"]);
  // Again: nothing changes.
  r = Send("POST", "/api/import/figures", Multipart("f.csv", good), form);
  EXPECT_EQ(json::parse(r.body)["unchanged"], 1);

  const HttpResponse csv = server_->Get("/api/export/figures");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(code + ",2017,12"), std::string::npos);
  const HttpResponse xlsx = server_->Get("/api/export/organisations?format=xlsx&as_of=2016-12-31");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
  EXPECT_NE(xlsx.Header("content-disposition").find("organisations-2016-12-31.xlsx"),
            std::string::npos);
  const HttpResponse js = server_->Get("/api/export/figures?format=json");
  ASSERT_EQ(js.status, 200);
  EXPECT_NE(js.body.find(code), std::string::npos);
  EXPECT_EQ(server_->Get("/api/export/figures?format=pdf").status, 400);
  // The Excel of a filtered list: every page, Vietnamese headings.
  const HttpResponse list = server_->Get("/api/organisations?q=nhap+tep&format=csv");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("Mã số"), std::string::npos);
  EXPECT_NE(list.body.find(code), std::string::npos);
  EXPECT_EQ(server_->Get("/api/organisations?format=pdf").status, 400);

  EXPECT_EQ(Send("POST", "/api/import/figures", "--XyZ\r\nbroken", form).status, 400);
  EXPECT_EQ(Send("POST", "/api/import/nothing?filename=a.csv", "a", {}).status, 400);
  EXPECT_EQ(Send("POST", "/api/import/figures", "a,b", {{"Content-Type", "text/csv"}}).status, 400);
}

// The file and, optionally, a column map as the second part.
std::string MultipartWithMap(const std::string& filename, const std::string& content,
                             const std::string& map) {
  std::string body = Multipart(filename, content);
  body.resize(body.size() - std::string("--XyZ--\r\n").size());
  body.append("--XyZ\r\nContent-Disposition: form-data; name=\"map\"; filename=\"map.csv\"\r\n");
  body.append("Content-Type: text/csv\r\n\r\n").append(map).append("\r\n--XyZ--\r\n");
  return body;
}

// A part "map" maps a file's headers to columns, for CSV and XLSX alike (as `import --map`); the
// answer shows which column each header went to.
TEST_F(ApiWriteTest, ImportMapsTheHeadersOfCsvAndXlsxFiles) {
  const std::map<std::string, std::string> form = {
      {"Content-Type", "multipart/form-data; boundary=XyZ"}};
  auto column_of = [](const json& report, const std::string& header) -> json {
    for (const auto& h : report["header"]) {
      if (h["header"] == header) return h["column"];
    }
    return "absent";
  };
  // CSV: the office's own headers are unknown until mapped.
  const std::string csv =
      "Số ĐKKD,Tên đơn vị,Nhóm,Ngày TL,Xã,Phụ trách\r\n"
      "1001000075,Hợp tác xã Ánh Xạ,Nông nghiệp,02/01/2014,00967,anh Sùng\r\n";
  HttpResponse r =
      Send("POST", "/api/import/organisations?dry_run=true", Multipart("htx.csv", csv), form);
  ASSERT_EQ(r.status, 200) << r.body;
  json report = json::parse(r.body);
  EXPECT_FALSE(report["errors"].empty());
  EXPECT_TRUE(column_of(report, "Số ĐKKD").is_null()) << report["header"];
  const std::string map =
      "header,column\r\nSố ĐKKD,registry_code\r\nTên đơn vị,name\r\nNgày TL,founded_on\r\n"
      "Xã,commune_code\r\nNhóm,field\r\nPhụ trách,-\r\n";
  r = Send("POST", "/api/import/organisations?dry_run=true", MultipartWithMap("htx.csv", csv, map),
           form);
  ASSERT_EQ(r.status, 200) << r.body;
  report = json::parse(r.body);
  EXPECT_TRUE(report["errors"].empty()) << r.body;
  EXPECT_EQ(report["created"], 1);
  EXPECT_EQ(column_of(report, "Số ĐKKD"), "registry_code");
  EXPECT_EQ(column_of(report, "Phụ trách"), "-");

  // XLSX: the registry's own export, read back with a map that drops a required column.
  const HttpResponse xlsx = server_->Get("/api/export/organisations?format=xlsx&as_of=2009-01-01");
  ASSERT_EQ(xlsx.status, 200);
  r = Send("POST", "/api/import/organisations?dry_run=true", Multipart("htx.xlsx", xlsx.body),
           form);
  ASSERT_EQ(r.status, 200) << r.body;
  report = json::parse(r.body);
  EXPECT_TRUE(report["errors"].empty()) << r.body;
  EXPECT_GT(report["unchanged"].get<int>(), 10);
  EXPECT_EQ(column_of(report, "name"), "name");
  EXPECT_EQ(column_of(report, "note"), "note");
  r = Send("POST", "/api/import/organisations?dry_run=true",
           MultipartWithMap("htx.xlsx", xlsx.body, "header,column\r\nnote,-\r\n"), form);
  report = json::parse(r.body);
  EXPECT_TRUE(report["errors"].empty()) << r.body;
  EXPECT_EQ(column_of(report, "note"), "-");
  r = Send("POST", "/api/import/organisations?dry_run=true",
           MultipartWithMap("htx.xlsx", xlsx.body, "name,-\r\n"), form);
  report = json::parse(r.body);
  ASSERT_FALSE(report["errors"].empty()) << r.body;
  EXPECT_EQ(column_of(report, "name"), "-");
  EXPECT_EQ(report["errors"][0]["column"], "name") << r.body;
  // A map naming no column is refused, naming the map.
  r = Send("POST", "/api/import/organisations?dry_run=true",
           MultipartWithMap("htx.xlsx", xlsx.body, "name,colour\r\n"), form);
  report = json::parse(r.body);
  ASSERT_FALSE(report["errors"].empty()) << r.body;
  EXPECT_EQ(report["errors"][0]["column"], "map");
  EXPECT_EQ(report["errors"][0]["value"], "colour");
}

}  // namespace
}  // namespace hoptac::testing
