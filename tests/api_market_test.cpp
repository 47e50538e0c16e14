// Black-box tests of the market's API (issue 9) on the real binary serving the demo: the public
// endpoints expose no private field (buyers' details, unapproved demands, non-public products,
// revisions); a buyer posts a demand on the public form, an officer approves it and sees the
// ranked offers with their explanations; the form's spam defences; product writes in scope with
// If-Match; the catalogue export and import.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "api_support.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

using nlohmann::json;

struct Session {
  std::string cookie, csrf;
};

Session SignIn(int port, const std::string& user, const std::string& password) {
  HttpConnection c(port);
  const HttpResponse r = c.Send("POST", "/api/session", {{"Content-Type", "application/json"}},
                                json{{"username", user}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return {};
  const std::string set_cookie = r.Header("set-cookie");
  return {set_cookie.substr(0, set_cookie.find(';')), json::parse(r.body)["csrf_token"]};
}

// Every key of `j`, at any depth.
void Keys(const json& j, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      out.insert(k);
      Keys(v, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) Keys(v, out);
  }
}

json Demand(const std::string& token) {
  return {{"buyer_name", "Vũ Thị Lan"},
          {"buyer_org", "Công ty Thực phẩm Xanh"},
          {"buyer_province", "01"},
          {"contact", "lan.vu@example.org, 0987 654 321"},
          {"product", "chè Shan tuyết"},
          {"category", "tea"},
          {"quantity", 3},
          {"unit", "tan"},
          {"period_from", "2027-04-01"},
          {"period_to", "2027-07-31"},
          {"required_certs", {"vietgap"}},
          {"note", "giao hàng tại kho Long Biên"},
          {"form_token", token},
          {"website", ""}};
}

class ApiMarketTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string db = dir_->File("demo.db");
    std::string out;
    ASSERT_EQ(RunHoptac({"demo", "--db", db}, &out), 0);
    const auto accounts = DemoAccounts(out);
    server_ = new ServerProcess(db);
    admin_ = SignIn(server_->port(), "admin", accounts.at("admin"));
    officer_ = SignIn(server_->port(), "officer.vixuyen", accounts.at("officer.vixuyen"));
    thon_chang_ = After(out, "the thôn Chang cooperative: ");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::map<std::string, std::string> As(const Session& s) { return {{"Cookie", s.cookie}}; }
  static std::map<std::string, std::string> Writing(const Session& s,
                                                    const std::string& if_match = "") {
    auto h = As(s);
    h["Content-Type"] = "application/json";
    h["X-CSRF-Token"] = s.csrf;
    if (!if_match.empty()) h["If-Match"] = if_match;
    return h;
  }
  static json GetJson(const std::string& target, const std::map<std::string, std::string>& h) {
    const HttpResponse r = server_->Get(target, h);
    EXPECT_EQ(r.status, 200) << target << "\n" << r.body;
    return json::parse(r.body);
  }
  static std::string FormToken() {
    return GetJson("/api/public/demand-form", {})["form_token"].get<std::string>();
  }

  static inline TempDir* dir_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline Session admin_, officer_;
  static inline std::string thon_chang_;
};

TEST_F(ApiMarketTest, PublicEndpointsExposeNoPrivateField) {
  const json all_products = GetJson("/api/products", As(admin_))["items"];
  const json all_demands = GetJson("/api/demands", As(admin_))["items"];
  std::set<int64_t> public_ids, hidden_ids, shown_demands, hidden_demands;
  for (const auto& p : all_products) {
    (p["is_public"].get<bool>() ? public_ids : hidden_ids).insert(p["id"].get<int64_t>());
  }
  for (const auto& d : all_demands) {
    const bool shown = d["approved"].get<bool>() && d["status"] == "open";
    (shown ? shown_demands : hidden_demands).insert(d["id"].get<int64_t>());
  }
  ASSERT_FALSE(hidden_ids.empty()) << "the demo has a product that is not public";
  ASSERT_FALSE(hidden_demands.empty()) << "the demo has a demand waiting for approval";

  const HttpResponse catalogue = server_->Get("/api/public/catalogue");
  ASSERT_EQ(catalogue.status, 200);
  std::set<int64_t> listed;
  const json listed_json = json::parse(catalogue.body);
  for (const auto& p : listed_json["items"]) listed.insert(p["id"].get<int64_t>());
  EXPECT_EQ(listed, public_ids) << catalogue.body.substr(0, 300);
  for (int64_t id : hidden_ids) {
    EXPECT_EQ(server_->Get("/api/public/catalogue/" + std::to_string(id)).status, 404) << id;
  }
  const HttpResponse page =
      server_->Get("/api/public/catalogue/" + std::to_string(*public_ids.begin()));
  ASSERT_EQ(page.status, 200);
  const HttpResponse demands = server_->Get("/api/public/demands");
  ASSERT_EQ(demands.status, 200);
  std::set<int64_t> shown;
  const json shown_json = json::parse(demands.body);
  for (const auto& d : shown_json["items"]) shown.insert(d["id"].get<int64_t>());
  EXPECT_EQ(shown, shown_demands);

  const std::set<std::string> kPrivate = {"is_public",  "revision",    "buyer_name", "buyer_org",
                                          "contact",    "note",        "origin",     "approved",
                                          "created_at", "imported_at", "org_id",     "recorded_by"};
  for (const HttpResponse* r : {&catalogue, &page, &demands}) {
    std::set<std::string> keys;
    Keys(json::parse(r->body), keys);
    for (const auto& k : kPrivate) EXPECT_EQ(keys.count(k), 0u) << k << " in " << r->body;
    // No buyer's name, organisation or contact shows anywhere, nor a hidden product's name.
    for (const auto& d : all_demands) {
      for (const char* field : {"buyer_name", "buyer_org", "contact"}) {
        const std::string v = d[field].get<std::string>();
        if (!v.empty()) {
          EXPECT_EQ(r->body.find(v), std::string::npos) << v;
        }
      }
    }
    for (const auto& p : all_products) {
      if (!p["is_public"].get<bool>()) {
        EXPECT_EQ(r->body.find(p["name"].get<std::string>()), std::string::npos);
      }
    }
  }
  // The filters of the catalogue.
  const json honey = json::parse(server_->Get("/api/public/catalogue?category=honey").body);
  EXPECT_FALSE(honey["items"].empty());
  for (const auto& p : honey["items"]) EXPECT_EQ(p["category"], "honey");
  const json organic_list =
      json::parse(server_->Get("/api/public/catalogue?certification=organic").body);
  EXPECT_FALSE(organic_list["items"].empty());
  for (const auto& p : organic_list["items"]) {
    bool organic = false;
    for (const auto& c : p["certifications"]) organic = organic || c["kind"] == "organic";
    EXPECT_TRUE(organic) << p.dump();
  }
  EXPECT_TRUE(json::parse(server_->Get("/api/public/catalogue?province=79").body)["items"].empty());
  EXPECT_EQ(server_->Get("/api/public/catalogue?certification=iso").status, 400);
}

TEST_F(ApiMarketTest, ABuyerPostsADemandAnOfficerApprovesItAndSeesRankedOffers) {
  const std::string token = FormToken();
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  HttpConnection c(server_->port());
  const HttpResponse posted = c.Send("POST", "/api/public/demands",
                                     {{"Content-Type", "application/json"}}, Demand(token).dump());
  ASSERT_EQ(posted.status, 201) << posted.body;
  const int64_t id = json::parse(posted.body)["id"];
  const std::string path = "/api/demands/" + std::to_string(id);
  auto in_public = [&] {
    const json list = GetJson("/api/public/demands", {});
    for (const auto& d : list["items"]) {
      if (d["id"] == id) return true;
    }
    return false;
  };
  EXPECT_FALSE(in_public());
  // The officer sees it among the pending ones, with the buyer's details.
  json pending;
  const json pending_list = GetJson("/api/demands?pending=true", As(officer_));
  for (const auto& d : pending_list["items"]) {
    if (d["id"] == id) pending = d;
  }
  ASSERT_FALSE(pending.is_null());
  EXPECT_EQ(pending["contact"], "lan.vu@example.org, 0987 654 321");
  EXPECT_EQ(pending["origin"], "public");
  // Approving needs the revision it was read at.
  const std::string stale = "\"" + std::to_string(pending["revision"].get<int64_t>() + 5) + "\"";
  EXPECT_EQ(c.Send("POST", path + "/approve", Writing(officer_, stale), "").status, 412);
  EXPECT_EQ(c.Send("POST", path + "/approve", Writing(officer_), "").status, 428);
  const std::string tag = "\"" + std::to_string(pending["revision"].get<int64_t>()) + "\"";
  const HttpResponse approved = c.Send("POST", path + "/approve", Writing(officer_, tag), "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_TRUE(json::parse(approved.body)["approved"].get<bool>());
  EXPECT_TRUE(in_public());

  const json offers = GetJson(path + "/offers", As(officer_));
  const json& items = offers["items"];
  ASSERT_GE(items.size(), 2u);
  bool own = false, partner = false;
  for (size_t i = 0; i < items.size(); ++i) {
    const json& o = items[i];
    own = own || o["own"].get<bool>();
    partner = partner || !o["own"].get<bool>();
    EXPECT_EQ(o["product"]["category"], "tea");
    ASSERT_EQ(o["factors"].size(), 5u);
    int sum = 0;
    for (const auto& f : o["factors"]) {
      sum += f["points"].get<int>();
      EXPECT_FALSE(f["explanation"].get<std::string>().empty());
    }
    EXPECT_EQ(sum, o["score"].get<int>());
    if (i > 0) {
      EXPECT_GE(items[i - 1]["score"].get<int>(), o["score"].get<int>());
    }
  }
  EXPECT_TRUE(own && partner);
  EXPECT_EQ(items[0]["factors"][0]["factor"], "product");
}

TEST_F(ApiMarketTest, TheFormRefusesBotsAndReusedTokens) {
  HttpConnection c(server_->port());
  const std::map<std::string, std::string> h = {{"Content-Type", "application/json"}};
  auto field_of = [](const HttpResponse& r) {
    return json::parse(r.body)["errors"][0]["rule"].get<std::string>();
  };
  // Too fast.
  HttpResponse r = c.Send("POST", "/api/public/demands", h, Demand(FormToken()).dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "demand.too_fast");
  // The honeypot.
  const std::string token = FormToken();
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  json bot = Demand(token);
  bot["website"] = "http://spam.example";
  r = c.Send("POST", "/api/public/demands", h, bot.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "demand.honeypot");
  // A spent token, and none at all.
  r = c.Send("POST", "/api/public/demands", h, Demand(token).dump());
  EXPECT_EQ(field_of(r), "demand.token");
  r = c.Send("POST", "/api/public/demands", h, Demand("").dump());
  EXPECT_EQ(field_of(r), "demand.token");
}

// On a server of its own: the per-address limit would refuse the other tests' posts.
TEST(ApiMarketThrottleTest, AnAddressPostsAtMost20DemandsAnHour) {
  TempDir dir;
  const std::string db = dir.File("t.db");
  ASSERT_EQ(RunHoptac({"init", "--db", db}), 0);
  ServerProcess server(db);
  HttpConnection c(server.port());
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(
        c.Send("POST", "/api/public/demands", {{"Content-Type", "application/json"}}, "{}").status,
        400);
  }
  const HttpResponse r =
      c.Send("POST", "/api/public/demands", {{"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_FALSE(r.Header("retry-after").empty());
}

TEST_F(ApiMarketTest, ProductWritesStayInScopeAndCheckTheRevision) {
  HttpConnection c(server_->port());
  const json product = {{"name", "Chè vằng thôn Chang"},
                        {"category", "medicinal_herbs"},
                        {"months", "1-12"},
                        {"capacity", 2},
                        {"capacity_unit", "tan"},
                        {"is_public", true}};
  const HttpResponse added = c.Send("POST", "/api/organisations/" + thon_chang_ + "/products",
                                    Writing(officer_), product.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  const json p = json::parse(added.body);
  const std::string path = "/api/products/" + std::to_string(p["id"].get<int64_t>());
  EXPECT_EQ(added.Header("etag"), "\"1\"");
  json changed = product;
  changed["capacity"] = 5;
  EXPECT_EQ(c.Send("PUT", path, Writing(officer_, "\"7\""), changed.dump()).status, 412);
  const HttpResponse put = c.Send("PUT", path, Writing(officer_, "\"1\""), changed.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body)["capacity"], 5);
  EXPECT_EQ(put.Header("etag"), "\"2\"");
  // It is in the public catalogue now, with its producer.
  const json page = GetJson("/api/public/catalogue/" + std::to_string(p["id"].get<int64_t>()), {});
  EXPECT_EQ(page["producer"]["code"], thon_chang_);
  // An unknown field is refused, naming it.
  json bad = product;
  bad["secret"] = 1;
  const HttpResponse refused = c.Send("POST", "/api/organisations/" + thon_chang_ + "/products",
                                      Writing(officer_), bad.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(json::parse(refused.body)["errors"][0]["field"], "secret");
  EXPECT_EQ(c.Send("DELETE", path, Writing(officer_, "\"2\""), "").status, 204);
  EXPECT_EQ(server_->Get(path, As(officer_)).status, 404);
}

TEST_F(ApiMarketTest, CatalogueExportAndImport) {
  const HttpResponse xlsx =
      server_->Get("/api/catalogue/export?format=xlsx&source=08&name=LM%20HTX", As(admin_));
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  const HttpResponse exported =
      server_->Get("/api/catalogue/export?source=08&name=LM%20HTX", As(admin_));
  ASSERT_EQ(exported.status, 200);
  json cat = json::parse(exported.body);
  EXPECT_EQ(cat["format"], "hoptac-catalogue");
  // Published as another province's catalogue, it is imported as that partner's offers.
  cat["source"] = "12";
  HttpConnection c(server_->port());
  const HttpResponse imported =
      c.Send("POST", "/api/catalogue/import?own_province=08", Writing(admin_), cat.dump());
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["offers"], cat["products"].size());
  EXPECT_EQ(GetJson("/api/partner-offers?source=12", As(admin_))["items"].size(),
            cat["products"].size());
  // Our own catalogue is refused.
  cat["source"] = "08";
  EXPECT_EQ(
      c.Send("POST", "/api/catalogue/import?own_province=08", Writing(admin_), cat.dump()).status,
      400);
}

}  // namespace
}  // namespace hoptac::testing
