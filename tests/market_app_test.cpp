// The market use cases on real stores: products tied to the registry, public demands and their
// approval, matching over own and partner offers, the reports, and the catalogue exchange between
// two databases (one province exports, another imports; the partner offers equal the source's
// public products), in JSON and in XLSX.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/backup.hpp"
#include "app/demo.hpp"
#include "app/market.hpp"
#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "report/render.hpp"
#include "store/open_access_store.hpp"
#include "store/open_market_store.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac::app {
namespace {

using domain::CertKind;
using domain::Demand;
using domain::Product;

Date D(const char* s) { return Date::Parse(s).value(); }
Timestamp T(const char* s) { return Timestamp::Parse(s).value(); }

// One province's database: registry, market and the service over them.
struct Instance {
  explicit Instance(const std::string& file, const domain::Clock& clock, bool load_units = true)
      : path(file) {
    store = store::OpenStore(path).value();
    market_store = store::OpenMarketStore(path).value();
    registry = std::make_unique<Registry>(*store, clock);
    market = std::make_unique<Market>(*market_store, *store, clock);
    if (!load_units) return;
    static const ReferenceUnits kUnits = ParseReferenceUnits(EmbeddedReferenceUnitFiles()).value();
    EXPECT_TRUE(registry->LoadUnits(kUnits, {"test"}).ok());
  }
  void AddOrg(const char* code, const char* name, const char* unit) {
    NewEvent f;
    f.type = domain::EventType::kFounded;
    f.effective_date = D("2012-03-01");
    f.changes.name = name;
    f.changes.field = domain::Field::kAgriculture;
    f.changes.unit_code = unit;
    f.changes.address_detail = "Thôn Chang";
    auto id = registry->AddOrganisation(
        NewOrganisation{domain::OrgKind::kHTX, domain::RegistryCode::Parse(code).value(), f},
        {"test"});
    ASSERT_TRUE(id.ok()) << id.error().ToString();
  }
  std::string path;
  std::unique_ptr<domain::Store> store;
  std::unique_ptr<domain::MarketStore> market_store;
  std::unique_ptr<Registry> registry;
  std::unique_ptr<Market> market;
};

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
  domain::Certification gi;
  gi.kind = CertKind::kGeoIndication;
  gi.code = "CDĐL 00045";
  p.certifications = {vg, gi};
  p.months = domain::ParseMonths("3-11").value();
  p.capacity = 12;
  p.capacity_unit = "tan";
  p.price_min = 350000;
  p.price_max = 1200000;
  p.packaging = "Hộp 200 g";
  p.photo_url = "https://example.org/che.jpg";
  p.description = "Chè cổ thụ";
  p.is_public = true;
  return p;
}

Product Honey() {
  Product p;
  p.org_code = "1001000029";
  p.name = "Mật ong bạc hà";
  p.category = "honey";
  p.key_level = domain::KeyLevel::kCommune;
  p.ocop_stars = 5;
  p.ocop_year = 2022;
  p.months = domain::ParseMonths("10-12").value();
  p.capacity = 800;
  p.capacity_unit = "lit";
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
  d.required_certs = {CertKind::kVietGap};
  return d;
}

class MarketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = std::make_unique<Instance>(dir_.File("a.db"), clock_);
    a_->AddOrg("1001000011", "HTX Chè Lũng Phìn", "00967");
    a_->AddOrg("1001000029", "HTX Ong Mèo Vạc", "00967");
  }
  testing::TempDir dir_;
  domain::ManualClock clock_{T("2026-11-29T08:00:00Z")};
  std::unique_ptr<Instance> a_;
  Actor actor_{"lan"};
};

TEST_F(MarketTest, ProductsBelongToAKnownOrganisation) {
  auto id = a_->market->AddProduct(Tea(), actor_);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  Product p = Tea();
  p.org_code = "1001000036";
  auto unknown = a_->market->AddProduct(p, actor_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "org_code");
  p = Tea();
  p.ocop_stars = 7;
  EXPECT_EQ(a_->market->AddProduct(p, actor_).error().field, "ocop_stars");
  // Updates name the revision they were made from.
  Product stored = a_->market->GetProduct(*id).value();
  stored.name = "Chè Shan tuyết cổ thụ";
  ASSERT_TRUE(a_->market->UpdateProduct(stored, actor_).ok());
  EXPECT_EQ(a_->market->UpdateProduct(stored, actor_).error().code, ErrorCode::kConflict);
  EXPECT_EQ(a_->market->GetProduct(*id)->revision, 2);
  auto audit = a_->registry->Audit({"lan", "", "", std::nullopt, std::nullopt, 50, 0}).value();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "product.update");
  EXPECT_EQ(audit[1].action, "product.add");
}

TEST_F(MarketTest, APublicDemandWaitsForApprovalAndMatchesOwnAndPartnerOffers) {
  ASSERT_TRUE(a_->market->AddProduct(Tea(), actor_).ok());
  ASSERT_TRUE(a_->market->AddProduct(Honey(), actor_).ok());
  auto id = a_->market->PostPublicDemand(TeaDemand(), {"public", "203.0.113.9"});
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_TRUE(a_->market->Demands({std::nullopt, true}).value().empty());
  Demand d = a_->market->GetDemand(*id).value();
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(d.origin, domain::DemandOrigin::kPublic);
  ASSERT_TRUE(a_->market->ApproveDemand(*id, d.revision, actor_).ok());
  EXPECT_EQ(a_->market->Demands({std::nullopt, true}).value().size(), 1u);

  // A partner's catalogue: Lào Cai's tea, fully certified.
  Catalogue lao_cai;
  lao_cai.source = "15";
  lao_cai.source_name = "Liên minh HTX tỉnh Lào Cai";
  lao_cai.published_on = D("2026-11-01");
  domain::PartnerOffer o;
  o.ref = "LC-7";
  o.org_code = "5300000001";
  o.org_name = "HTX Chè Suối Giàng";
  o.org_province = "15";
  o.product = Tea();
  o.product.name = "Chè Shan tuyết Suối Giàng";
  o.product.org_code = o.org_code;
  o.product.certifications.resize(1);
  o.product.is_public = false;
  lao_cai.offers = {o};
  const std::string file = a_->market->WriteCatalogue(lao_cai, CatalogueFormat::kJson).value();
  ASSERT_TRUE(a_->market->ImportCatalogue(file, CatalogueFormat::kJson, "08", actor_).ok());

  auto ranked = a_->market->MatchDemand(*id);
  ASSERT_TRUE(ranked.ok()) << ranked.error().ToString();
  ASSERT_EQ(ranked->size(), 2u);
  // Same score (both 3/4 months, full capacity, VietGAP, 2 borders from Hà Nội): own first.
  EXPECT_TRUE((*ranked)[0].own);
  EXPECT_EQ((*ranked)[0].org_name, "HTX Chè Lũng Phìn");
  EXPECT_EQ((*ranked)[0].province, "08");
  EXPECT_FALSE((*ranked)[1].own);
  EXPECT_EQ((*ranked)[1].source, "15");
  EXPECT_EQ((*ranked)[0].result.score, (*ranked)[1].result.score);
  EXPECT_EQ((*ranked)[0].result.factors[1].explanation, "có hàng 3/4 tháng của kỳ (tháng 9-11)");

  // The product's matching demands: the approved, open one.
  auto demands = a_->market->MatchProduct(1);
  ASSERT_TRUE(demands.ok());
  ASSERT_EQ(demands->size(), 1u);
  EXPECT_EQ((*demands)[0].demand.id, *id);

  // Our own province's catalogue is not imported as a partner's.
  Catalogue own = lao_cai;
  own.source = "08";
  const std::string own_file = a_->market->WriteCatalogue(own, CatalogueFormat::kJson).value();
  EXPECT_EQ(
      a_->market->ImportCatalogue(own_file, CatalogueFormat::kJson, "08", actor_).error().rule,
      "catalogue.own");
}

// Export from one database, import into another: the partner offers are the source's public
// products, field for field (id, revision and the public flag aside), with their producer.
void ExpectRoundTrip(CatalogueFormat format, Instance& a, Instance& b,
                     const std::vector<Product>& public_products) {
  auto cat = a.market->BuildCatalogue("08", "Liên minh HTX tỉnh Tuyên Quang");
  ASSERT_TRUE(cat.ok()) << cat.error().ToString();
  auto bytes = a.market->WriteCatalogue(*cat, format);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  auto imported = b.market->ImportCatalogue(*bytes, format, "15", {"minh"});
  ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  EXPECT_EQ(imported->source, "08");
  EXPECT_EQ(imported->offers, public_products.size());
  auto offers = b.market->PartnerOffers("08").value();
  ASSERT_EQ(offers.size(), public_products.size());
  for (size_t i = 0; i < offers.size(); ++i) {
    Product expected = public_products[i];
    const std::string ref = std::to_string(expected.id);
    expected.id = 0;
    expected.revision = 0;
    expected.is_public = false;
    const auto& o = offers[i];
    EXPECT_EQ(o.product, expected) << ProductJson(o.product, true).dump() << "\n"
                                   << ProductJson(expected, true).dump();
    EXPECT_EQ(o.ref, ref);
    EXPECT_EQ(o.source, "08");
    EXPECT_EQ(o.source_name, "Liên minh HTX tỉnh Tuyên Quang");
    EXPECT_EQ(o.published_on, D("2026-11-29"));
    EXPECT_EQ(o.org_province, "08");
    EXPECT_EQ(o.org_address, "Thôn Chang, Xã Việt Lâm, Tỉnh Tuyên Quang");
  }
}

TEST_F(MarketTest, CatalogueRoundTripBetweenTwoDatabases) {
  const auto tea = a_->market->AddProduct(Tea(), actor_).value();
  Product hidden = Honey();
  hidden.is_public = false;
  ASSERT_TRUE(a_->market->AddProduct(hidden, actor_).ok());
  const auto honey = a_->market->AddProduct(Honey(), actor_).value();
  const std::vector<Product> expected = {a_->market->GetProduct(tea).value(),
                                         a_->market->GetProduct(honey).value()};
  Instance b(dir_.File("b.db"), clock_);
  for (CatalogueFormat f : {CatalogueFormat::kJson, CatalogueFormat::kXlsx}) {
    SCOPED_TRACE(f == CatalogueFormat::kJson ? "json" : "xlsx");
    ExpectRoundTrip(f, *a_, b, expected);
  }
  // A new catalogue replaces the old one of that source.
  Product changed = a_->market->GetProduct(tea).value();
  changed.is_public = false;
  ASSERT_TRUE(a_->market->UpdateProduct(changed, actor_).ok());
  ExpectRoundTrip(CatalogueFormat::kJson, *a_, b, {expected[1]});
}

TEST_F(MarketTest, ABadCatalogueNamesTheRowAndChangesNothing) {
  ASSERT_TRUE(a_->market->AddProduct(Tea(), actor_).ok());
  auto cat = a_->market->BuildCatalogue("08", "LM HTX Tuyên Quang").value();
  Instance b(dir_.File("b.db"), clock_);
  ASSERT_TRUE(b.market
                  ->ImportCatalogue(a_->market->WriteCatalogue(cat, CatalogueFormat::kJson).value(),
                                    CatalogueFormat::kJson, "", {"minh"})
                  .ok());
  cat.offers.push_back(cat.offers[0]);
  cat.offers[1].ref = "99";
  cat.offers[1].product.category = "coffee";
  auto bad =
      b.market->ImportCatalogue(a_->market->WriteCatalogue(cat, CatalogueFormat::kJson).value(),
                                CatalogueFormat::kJson, "", {"minh"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "products[1].category");
  EXPECT_EQ(b.market->PartnerOffers("08").value().size(), 1u);
  EXPECT_EQ(b.market->ImportCatalogue("{}", CatalogueFormat::kJson, "", {"minh"}).error().rule,
            "catalogue.format");
  EXPECT_FALSE(b.market->ImportCatalogue("not a zip", CatalogueFormat::kXlsx, "", {"minh"}).ok());
}

TEST_F(MarketTest, Reports) {
  ASSERT_TRUE(a_->market->AddProduct(Tea(), actor_).ok());
  ASSERT_TRUE(a_->market->AddProduct(Honey(), actor_).ok());
  domain::RawMaterialZone z;
  z.name = "Vùng chè Lũng Phìn";
  z.crop = "Chè Shan tuyết";
  z.area_centiha = 12050;
  z.communes = {"00967"};
  z.org_codes = {"1001000011"};
  ASSERT_TRUE(a_->market->AddZone(z, actor_).ok());
  z.crop = "chè shan tuyết";
  z.area_centiha = 950;
  z.org_codes = {"1001000011", "1001000029"};
  ASSERT_TRUE(a_->market->AddZone(z, actor_).ok());
  domain::LinkageProgramme prog{
      0, "Chuỗi liên kết 7 tỉnh Đông Bắc", {"04", "08", "15", "19", "20", "22", "25"}, "", 0};
  ASSERT_TRUE(a_->market->AddProgramme(prog, actor_).ok());
  Demand d = TeaDemand();
  d.buyer_province = "19";
  d.status = domain::DemandStatus::kMatched;
  ASSERT_TRUE(a_->market->AddDemand(d, actor_).ok());
  ASSERT_TRUE(a_->market->AddDemand(TeaDemand(), actor_).ok());  // Hà Nội: not a member

  // Each row (then the totals) as its cells joined by '|'.
  auto rows = [](const Result<report::Table>& t) {
    EXPECT_TRUE(t.ok());
    std::vector<std::string> out;
    auto line = [](const report::Row& r) {
      std::string l;
      for (size_t i = 0; i < r.cells.size(); ++i) {
        if (i > 0) l.push_back('|');
        if (const auto* s = std::get_if<std::string>(&r.cells[i])) l.append(*s);
        if (const auto* n = std::get_if<int64_t>(&r.cells[i])) l.append(std::to_string(*n));
      }
      return l;
    };
    for (const auto& r : t->rows) out.push_back(line(r));
    if (t->totals) out.push_back(line(*t->totals));
    return out;
  };
  using Lines = std::vector<std::string>;
  EXPECT_EQ(rows(a_->market->KeyProductsReport()),
            (Lines{"Xã Việt Lâm, Tỉnh Tuyên Quang|1|1|Chè Shan tuyết Lũng Phìn; Mật ong bạc hà",
                   "Tổng|1|1|"}));
  EXPECT_EQ(rows(a_->market->OcopReport()),
            (Lines{"5 sao|1|1", "4 sao|1|1", "3 sao|0|0", "2 sao|0|0", "1 sao|0|0",
                   "Tổng (tổ chức khác nhau)|2|2"}));
  // 120.5 ha + 9.5 ha of one crop written two ways; two organisations linked.
  EXPECT_EQ(rows(a_->market->ZoneAreaReport()), (Lines{"Chè Shan tuyết|2|130|2", "Tổng|2|130|2"}));
  // 7 provinces, no partner offer yet, 2 public products, one demand from Thái Nguyên (matched);
  // Hà Nội's is outside the programme.
  EXPECT_EQ(rows(a_->market->LinkageReport()), (Lines{"Chuỗi liên kết 7 tỉnh Đông Bắc|7|0|2|1|1"}));
}

// The demo province's market: built twice, the same products, zones, demands, programmes and
// partner offers (times of writing aside), with what the issue names.
TEST(DemoMarketTest, IsDeterministicAndHasWhatTheIssueNames) {
  testing::TempDir dir;
  domain::ManualClock clock{T("2026-11-29T08:00:00Z")};
  auto build = [&](const std::string& file) {
    auto inst = std::make_unique<Instance>(dir.File(file), clock);
    DemoOptions options;
    options.market = {inst->market_store.get(), inst->store.get(), &clock};
    auto s = BuildDemo(*inst->registry, options);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return inst;
  };
  auto a = build("a.db");
  clock.Set(T("2026-11-30T09:00:00Z"));
  auto b = build("b.db");
  Market& ma = *a->market;
  Market& mb = *b->market;
  const auto products = ma.Products({}).value();
  EXPECT_EQ(products, mb.Products({}).value());
  EXPECT_EQ(ma.Zones().value(), mb.Zones().value());
  EXPECT_EQ(ma.Programmes().value(), mb.Programmes().value());
  auto demands_a = ma.Demands({}).value();
  auto demands_b = mb.Demands({}).value();
  ASSERT_EQ(demands_a.size(), demands_b.size());
  for (size_t i = 0; i < demands_a.size(); ++i) {
    demands_b[i].created_at = demands_a[i].created_at;
    EXPECT_EQ(demands_a[i], demands_b[i]);
  }
  auto offers_a = ma.PartnerOffers("").value();
  auto offers_b = mb.PartnerOffers("").value();
  ASSERT_EQ(offers_a.size(), offers_b.size());
  for (size_t i = 0; i < offers_a.size(); ++i) {
    offers_b[i].imported_at = offers_a[i].imported_at;
    EXPECT_EQ(offers_a[i], offers_b[i]);
  }

  std::set<std::string> categories;
  for (const auto& p : products) categories.insert(p.category);
  for (const char* c : {"tea", "buckwheat", "honey", "oranges", "rice_wine", "medicinal_herbs"}) {
    EXPECT_TRUE(categories.count(c) > 0) << c;
  }
  EXPECT_GE(ma.Zones()->size(), 5u);
  // The chain's six other provinces each published a catalogue.
  std::set<std::string> sources;
  for (const auto& o : offers_a) sources.insert(o.source);
  EXPECT_EQ(sources, (std::set<std::string>{"04", "15", "19", "20", "22", "25"}));
  // One demand was posted by the public and waits for an officer.
  size_t pending = 0;
  for (const auto& d : demands_a) pending += d.approved ? 0 : 1;
  EXPECT_EQ(pending, 1u);
  // The tea buyer of Hà Nội is offered own and partner teas.
  auto ranked = ma.MatchDemand(1).value();
  ASSERT_GE(ranked.size(), 2u);
  bool own = false, partner = false;
  for (const auto& r : ranked) (r.own ? own : partner) = true;
  EXPECT_TRUE(own && partner);

  // A backup carries the market: backup, restore into an empty database, backup: the same bytes.
  auto backup = [](Instance& inst) {
    auto access = store::OpenAccessStore(inst.path).value();
    std::ostringstream out;
    auto counts = WriteBackup(*inst.store, *access, out, inst.market_store.get());
    EXPECT_TRUE(counts.ok());
    return out.str();
  };
  const std::string first = backup(*a);
  Instance c(dir.File("c.db"), clock, /*load_units=*/false);
  auto access = store::OpenAccessStore(c.path).value();
  std::istringstream in(first);
  auto restored = RestoreBackup(*c.store, *access, in, c.market_store.get());
  ASSERT_TRUE(restored.ok()) << restored.error().ToString();
  EXPECT_EQ(restored->products, static_cast<int64_t>(products.size()));
  EXPECT_EQ(restored->partner_offers, static_cast<int64_t>(offers_a.size()));
  EXPECT_EQ(backup(c), first);
  EXPECT_EQ(c.market->Products({}).value(), products);
  // Without the market store, a backup holding the market is refused.
  Instance d(dir.File("d.db"), clock, /*load_units=*/false);
  auto access_d = store::OpenAccessStore(d.path).value();
  std::istringstream again(first);
  EXPECT_FALSE(RestoreBackup(*d.store, *access_d, again).ok());
}

}  // namespace
}  // namespace hoptac::app
