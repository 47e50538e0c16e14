// The contract of domain::MarketStore, written against the interface only and run for both
// backends: SQLite on a fresh temporary file, PostgreSQL on a fresh database of the server named
// by $HOPTAC_TEST_PG_URL (scripts/pg-test-server). Without that server the PostgreSQL cases fail
// with a message saying so; they are never skipped (as tests/store_contract_test.cpp).

#include "domain/market_store.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/store.hpp"
#include "pg_test_database.hpp"
#include "store/open_market_store.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac {
namespace {

using domain::CertKind;
using domain::Demand;
using domain::DemandStatus;
using domain::LinkageProgramme;
using domain::MarketStore;
using domain::PartnerOffer;
using domain::Product;
using domain::RawMaterialZone;

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string Url() = 0;
};

class SqliteBackend final : public Backend {
 public:
  std::string Url() override { return path_; }

 private:
  testing::TempDir dir_;
  std::string path_ = dir_.File("registry.db");
};

class PostgresBackend final : public Backend {
 public:
  std::string Url() override {
    if (db_.url().empty()) throw std::runtime_error(db_.error());
    return db_.url();
  }

 private:
  testing::PgTestDatabase db_;
};

struct BackendFactory {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
};

Date D(const char* iso) { return Date::Parse(iso).value(); }

Product Tea() {
  Product p;
  p.org_code = "1001000011";
  p.name = "Chè Shan tuyết Lũng Phìn";
  p.category = "tea";
  p.key_level = domain::KeyLevel::kProvince;
  p.ocop_stars = 4;
  p.ocop_year = 2023;
  domain::Certification vg;
  vg.kind = CertKind::kVietGap;
  vg.code = "VG-08-001";
  vg.valid_from = D("2024-01-01");
  vg.valid_to = D("2027-12-31");
  domain::Certification tr;
  tr.kind = CertKind::kTraceability;
  tr.code = "QR|08|123";
  p.certifications = {vg, tr};
  p.months = domain::ParseMonths("3-11").value();
  p.capacity = 12;
  p.capacity_unit = "tan";
  p.price_min = 350000;
  p.price_max = 1200000;
  p.packaging = "Hộp 200 g";
  p.photo_url = "https://example.org/che.jpg";
  p.description = "Chè cổ thụ trên 100 năm";
  p.is_public = true;
  return p;
}

Demand TeaDemand() {
  Demand d;
  d.buyer_name = "Nguyễn Thị Hoa";
  d.buyer_org = "Công ty Trà Việt";
  d.buyer_province = "01";
  d.contact = "0912 345 678";
  d.product = "chè Shan tuyết";
  d.category = "tea";
  d.quantity = 2;
  d.unit = "tan";
  d.period_from = D("2026-09-01");
  d.period_to = D("2026-12-31");
  d.required_certs = {CertKind::kVietGap, CertKind::kOrganic};
  d.provinces = {"08", "15"};
  d.max_distance = 3;
  d.note = "giao tại Hà Nội";
  d.origin = domain::DemandOrigin::kPublic;
  d.created_at = Timestamp::Parse("2026-11-20T08:00:00.000000Z").value();
  return d;
}

class MarketStoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    std::string url;
    try {
      url = backend_->Url();
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
    auto registry = store::OpenStore(url);  // applies the migrations
    ASSERT_TRUE(registry.ok()) << registry.error().ToString();
    registry_ = std::move(registry).value();
    auto market = store::OpenMarketStore(url);
    ASSERT_TRUE(market.ok()) << market.error().ToString();
    market_ = std::move(market).value();
  }

  domain::AuditEntry Entry(const std::string& action) {
    domain::AuditEntry a;
    a.at = Timestamp::Parse("2026-11-29T10:00:00.000000Z").value();
    a.actor = "lan";
    a.action = action;
    a.entity = "market/test";
    return a;
  }

  int64_t AuditCount() { return registry_->Counts().value().audit; }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<domain::Store> registry_;
  std::unique_ptr<MarketStore> market_;
};

TEST_P(MarketStoreContract, ProductRoundTripsEveryField) {
  Product p = Tea();
  domain::ProductId id = 0;
  ASSERT_TRUE(market_
                  ->Audited(Entry("product.add"),
                            [&]() -> Status {
                              HOPTAC_ASSIGN_OR_RETURN(id, market_->InsertProduct(p));
                              return OkStatus();
                            })
                  .ok());
  EXPECT_GT(id, 0);
  p.id = id;
  p.revision = 1;
  auto found = market_->FindProduct(id);
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, p);
  EXPECT_EQ(AuditCount(), 1);
  // Unset optional fields stay unset.
  Product bare;
  bare.org_code = "1001000029";
  bare.name = "Mật ong";
  bare.category = "honey";
  auto bare_id = market_->InsertProduct(bare);
  ASSERT_TRUE(bare_id.ok());
  auto again = market_->FindProduct(*bare_id).value().value();
  EXPECT_EQ(again.price_min, std::nullopt);
  EXPECT_TRUE(again.certifications.empty());
  EXPECT_FALSE(again.is_public);
  EXPECT_EQ(market_->FindProduct(9999).value(), std::nullopt);
}

TEST_P(MarketStoreContract, UpdatesCheckTheRevision) {
  const auto id = market_->InsertProduct(Tea()).value();
  Product p = market_->FindProduct(id).value().value();
  p.name = "Chè Shan tuyết cổ thụ";
  p.price_min.reset();
  ASSERT_TRUE(market_->UpdateProduct(p).ok());
  Product now = market_->FindProduct(id).value().value();
  EXPECT_EQ(now.revision, 2);
  EXPECT_EQ(now.name, "Chè Shan tuyết cổ thụ");
  EXPECT_EQ(now.price_min, std::nullopt);
  // The same stale revision again: a conflict, nothing changed.
  p.name = "stale";
  auto stale = market_->UpdateProduct(p);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(market_->FindProduct(id).value()->name, "Chè Shan tuyết cổ thụ");
  p.id = 4242;
  EXPECT_EQ(market_->UpdateProduct(p).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(market_->DeleteProduct(4242).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(market_->DeleteProduct(id).ok());
  EXPECT_EQ(market_->FindProduct(id).value(), std::nullopt);
}

TEST_P(MarketStoreContract, AFailedWriteLeavesNeitherTheChangeNorItsAudit) {
  const int64_t before = AuditCount();
  auto s = market_->Audited(Entry("product.add"), [&]() -> Status {
    auto inserted = market_->InsertProduct(Tea());
    if (!inserted.ok()) return inserted.take_error();
    return Error::Invalid("name", "", "refused after the insert");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(market_->Counts().value().products, 0);
  EXPECT_EQ(AuditCount(), before);
}

TEST_P(MarketStoreContract, ListsFilterAndOrderById) {
  Product a = Tea();
  Product b = Tea();
  b.org_code = "1001000029";
  b.category = "honey";
  b.name = "Mật ong bạc hà";
  Product c = Tea();
  c.is_public = false;
  for (const Product* p : {&a, &b, &c}) ASSERT_TRUE(market_->InsertProduct(*p).ok());
  auto ids = [](const std::vector<Product>& ps) {
    std::vector<int64_t> out;
    for (const auto& p : ps) out.push_back(p.id);
    return out;
  };
  EXPECT_EQ(ids(market_->ListProducts({}).value()), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(ids(market_->ListProducts({"1001000011", "", false}).value()),
            (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(ids(market_->ListProducts({"", "tea", true}).value()), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids(market_->ListProducts({"", "honey", false}).value()), (std::vector<int64_t>{2}));
}

TEST_P(MarketStoreContract, RestoringKeepsIdsAndRevisionsAndNewIdsFollow) {
  Product p = Tea();
  p.id = 40;
  p.revision = 7;
  ASSERT_EQ(market_->InsertProduct(p).value(), 40);
  EXPECT_EQ(market_->FindProduct(40).value()->revision, 7);
  auto taken = market_->InsertProduct(p);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(market_->InsertProduct(Tea()).value(), 41);
  Demand d = TeaDemand();
  d.id = 12;
  d.revision = 3;
  ASSERT_EQ(market_->InsertDemand(d).value(), 12);
  EXPECT_EQ(market_->InsertDemand(TeaDemand()).value(), 13);
}

TEST_P(MarketStoreContract, ZonesRoundTrip) {
  RawMaterialZone z;
  z.name = "Vùng chè Shan tuyết Lũng Phìn";
  z.kind = domain::ZoneKind::kForest;
  z.crop = "chè Shan tuyết";
  z.area_centiha = 12050;
  z.communes = {"00787", "00790"};
  z.org_codes = {"1001000011", "1001000029"};
  z.products = {3, 17};
  z.note = "dưới tán rừng";
  const auto id = market_->InsertZone(z).value();
  z.id = id;
  z.revision = 1;
  EXPECT_EQ(market_->FindZone(id).value().value(), z);
  z.area_centiha = 13000;
  z.products.clear();
  ASSERT_TRUE(market_->UpdateZone(z).ok());
  z.revision = 2;
  EXPECT_EQ(market_->ListZones().value(), std::vector<RawMaterialZone>{z});
  RawMaterialZone stale = z;
  stale.revision = 1;
  EXPECT_EQ(market_->UpdateZone(stale).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(market_->DeleteZone(id).ok());
  EXPECT_TRUE(market_->ListZones().value().empty());
}

TEST_P(MarketStoreContract, DemandsRoundTripAndFilter) {
  Demand d = TeaDemand();
  const auto id = market_->InsertDemand(d).value();
  d.id = id;
  d.revision = 1;
  EXPECT_EQ(market_->FindDemand(id).value().value(), d);
  Demand bare = TeaDemand();
  bare.max_distance.reset();
  bare.provinces.clear();
  bare.required_certs.clear();
  bare.origin = domain::DemandOrigin::kOfficer;
  bare.approved = true;
  bare.status = DemandStatus::kMatched;
  const auto id2 = market_->InsertDemand(bare).value();
  bare.id = id2;
  bare.revision = 1;
  EXPECT_EQ(market_->FindDemand(id2).value().value(), bare);
  EXPECT_EQ(market_->ListDemands({}).value().size(), 2u);
  EXPECT_EQ(market_->ListDemands({std::nullopt, true}).value(), std::vector<Demand>{bare});
  EXPECT_EQ(market_->ListDemands({DemandStatus::kOpen, false}).value(), std::vector<Demand>{d});
  d.approved = true;
  ASSERT_TRUE(market_->UpdateDemand(d).ok());
  EXPECT_EQ(market_->ListDemands({std::nullopt, true}).value().size(), 2u);
  EXPECT_EQ(market_->UpdateDemand(d).error().code, ErrorCode::kConflict);
}

TEST_P(MarketStoreContract, ProgrammesRoundTrip) {
  LinkageProgramme p{0, "Chuỗi liên kết 7 tỉnh Đông Bắc", {"04", "08", "15"}, "từ 2016", 0};
  const auto id = market_->InsertProgramme(p).value();
  p.id = id;
  p.revision = 1;
  EXPECT_EQ(market_->ListProgrammes().value(), std::vector<LinkageProgramme>{p});
  p.provinces.push_back("19");
  ASSERT_TRUE(market_->UpdateProgramme(p).ok());
  p.revision = 2;
  EXPECT_EQ(market_->ListProgrammes().value(), std::vector<LinkageProgramme>{p});
  EXPECT_EQ(market_->UpdateProgramme(LinkageProgramme{99, "x", {"01"}, "", 1}).error().code,
            ErrorCode::kNotFound);
}

PartnerOffer Offer(const std::string& source, const std::string& ref, const std::string& name) {
  PartnerOffer o;
  o.source = source;
  o.source_name = "Liên minh HTX tỉnh " + source;
  o.published_on = D("2026-11-01");
  o.imported_at = Timestamp::Parse("2026-11-28T09:00:00.000000Z").value();
  o.ref = ref;
  o.org_code = "5300000001";
  o.org_name = "HTX " + name;
  o.org_province = source;
  o.org_address = "xã Suối Giàng";
  o.product = Tea();
  o.product.id = 0;
  o.product.org_code = o.org_code;
  o.product.name = name;
  o.product.is_public = false;
  return o;
}

TEST_P(MarketStoreContract, PartnerOffersAreReplacedPerSource) {
  const std::vector<PartnerOffer> lao_cai = {Offer("15", "LC-2", "Chè B"),
                                             Offer("15", "LC-10", "Chè A")};
  const std::vector<PartnerOffer> cao_bang = {Offer("04", "CB-1", "Hạt dẻ")};
  ASSERT_TRUE(market_->ReplacePartnerOffers("15", lao_cai).ok());
  ASSERT_TRUE(market_->ReplacePartnerOffers("04", cao_bang).ok());
  // By source then ref, in byte order.
  EXPECT_EQ(market_->ListPartnerOffers("").value(),
            (std::vector<PartnerOffer>{cao_bang[0], lao_cai[1], lao_cai[0]}));
  ASSERT_TRUE(market_->ReplacePartnerOffers("15", {Offer("15", "LC-3", "Chè C")}).ok());
  EXPECT_EQ(market_->ListPartnerOffers("15").value(),
            (std::vector<PartnerOffer>{Offer("15", "LC-3", "Chè C")}));
  EXPECT_EQ(market_->Counts().value().partner_offers, 2);
  // A catalogue naming a product twice is refused inside the transaction: nothing changes.
  auto twice = market_->Audited(Entry("catalogue.import"), [&] {
    return market_->ReplacePartnerOffers("15",
                                         {Offer("15", "LC-9", "x"), Offer("15", "LC-9", "y")});
  });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "ref");
  EXPECT_EQ(market_->ListPartnerOffers("15").value().size(), 1u);
  auto wrong = market_->ReplacePartnerOffers("15", {Offer("04", "CB-9", "x")});
  EXPECT_EQ(wrong.error().field, "source");
}

const BackendFactory kBackends[] = {
    {"Sqlite", [] { return std::unique_ptr<Backend>(new SqliteBackend()); }},
    {"Postgres", [] { return std::unique_ptr<Backend>(new PostgresBackend()); }},
};

std::string BackendName(const ::testing::TestParamInfo<BackendFactory>& p) { return p.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, MarketStoreContract, ::testing::ValuesIn(kBackends),
                         BackendName);

}  // namespace
}  // namespace hoptac
