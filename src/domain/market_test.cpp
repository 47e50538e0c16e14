#include "domain/market.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/market_store.hpp"

namespace hoptac::domain {
namespace {

Date D(const char* iso) { return Date::Parse(iso).value(); }
uint16_t M(const char* text) { return ParseMonths(text).value(); }

Certification Cert(CertKind k, const char* from, const char* to, std::string code = "") {
  Certification c;
  c.kind = k;
  c.code = std::move(code);
  if (from[0] != '\0') c.valid_from = D(from);
  if (to[0] != '\0') c.valid_to = D(to);
  return c;
}

Product Tea(std::string name, const char* months, int64_t capacity, std::string unit) {
  Product p;
  p.org_code = "1001000011";
  p.name = std::move(name);
  p.category = "tea";
  p.months = M(months);
  p.capacity = capacity;
  p.capacity_unit = std::move(unit);
  return p;
}

// A buyer in Hà Nội wants 2 tonnes of Shan tuyết tea from September to December 2026, VietGAP
// and organic.
Demand HanoiTea() {
  Demand d;
  d.id = 1;
  d.buyer_name = "Công ty Trà Việt";
  d.buyer_province = "01";
  d.contact = "0912 345 678";
  d.product = "chè Shan tuyết";
  d.category = "tea";
  d.quantity = 2;
  d.unit = "tan";
  d.period_from = D("2026-09-01");
  d.period_to = D("2026-12-31");
  d.required_certs = {CertKind::kVietGap, CertKind::kOrganic};
  return d;
}

struct Fixture {
  std::vector<Product> products;
  std::vector<Offer> offers;

  Fixture() {
    products.reserve(10);
    // A: own, Tuyên Quang; VietGAP valid, organic expired before the period.
    Product a = Tea("Chè Shan tuyết Lũng Phìn", "3-12", 5, "tan");
    a.certifications = {Cert(CertKind::kVietGap, "2025-01-01", "2027-12-31", "VG-01"),
                        Cert(CertKind::kOrganic, "2023-07-01", "2026-06-30", "HC-9")};
    // B: partner Lào Cai; 3 of the 4 months, 1500 kg of 2 t, both certificates.
    Product b = Tea("Chè Shan tuyết Suối Giàng", "8-11", 1500, "kg");
    b.certifications = {Cert(CertKind::kVietGap, "", ""), Cert(CertKind::kOrganic, "", "")};
    // C: own, Thái Nguyên; one word of three, the whole year, VietGAP only.
    Product c = Tea("Chè Tân Cương", "1-12", 10, "tan");
    c.certifications = {Cert(CertKind::kVietGap, "2024-01-01", "")};
    // D: honey, another category.
    Product d;
    d.org_code = "1001000029";
    d.name = "Mật ong bạc hà";
    d.category = "honey";
    d.months = kAllMonths;
    d.certifications = {Cert(CertKind::kVietGap, "", "")};
    // E: tea available only January to April.
    Product e = Tea("Chè Shan tuyết xuân", "1-4", 3, "tan");
    e.certifications = {Cert(CertKind::kVietGap, "", "")};
    // F: partner Cao Bằng without any certificate.
    Product f = Tea("Chè Shan tuyết Phia Đén", "9-12", 3, "tan");
    // G: partner Quảng Ninh, capacity in litres (no common unit).
    Product g = Tea("Chè Shan tuyết Bình Liêu", "9-12", 2000, "lit");
    g.certifications = {Cert(CertKind::kVietGap, "", ""), Cert(CertKind::kOrganic, "", "")};
    for (Product* p : {&a, &b, &c, &d, &e, &f, &g}) products.push_back(*p);
    offers = {
        {"product/1", "", "1001000011", "HTX Lũng Phìn", "08", &products[0]},
        {"partner/15/LC-7", "15", "5300000001", "HTX Suối Giàng", "15", &products[1]},
        {"product/3", "", "1001000036", "HTX Tân Cương", "19", &products[2]},
        {"product/4", "", "1001000029", "HTX Ong Mèo Vạc", "08", &products[3]},
        {"product/5", "", "1001000043", "HTX Chè xuân", "08", &products[4]},
        {"partner/04/CB-1", "04", "0400000001", "HTX Phia Đén", "04", &products[5]},
        {"partner/22/QN-2", "22", "5700000001", "HTX Bình Liêu", "22", &products[6]},
    };
  }
};

std::vector<std::string> Keys(const std::vector<MatchResult>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.key);
  return out;
}

std::vector<int> Scores(const std::vector<MatchResult>& rs) {
  std::vector<int> out;
  for (const auto& r : rs) out.push_back(r.score);
  return out;
}

TEST(MatchTest, RanksOffersAndLeavesOutTheUnfit) {
  Fixture fx;
  const auto ranked = Match(HanoiTea(), fx.offers, RegionTable::Builtin());
  // A and B tie at 84: own products come first. D (honey), E (no month), F (no certificate)
  // are left out.
  EXPECT_EQ(Keys(ranked), (std::vector<std::string>{"product/1", "partner/15/LC-7", "product/3",
                                                    "partner/22/QN-2"}));
  EXPECT_EQ(Scores(ranked), (std::vector<int>{84, 84, 80, 74}));
}

TEST(MatchTest, ExplainsEveryFactor) {
  Fixture fx;
  const auto ranked = Match(HanoiTea(), fx.offers, RegionTable::Builtin());
  ASSERT_EQ(ranked.size(), 4u);
  const std::vector<FactorScore> a = {
      {Factor::kProduct, 30, 30, "cùng nhóm Chè; tên khớp 3/3 từ của \"chè Shan tuyết\""},
      {Factor::kAvailability, 20, 20, "có hàng 4/4 tháng của kỳ (tháng 9-12)"},
      {Factor::kCapacity, 20, 20, "đủ sản lượng: 5 tấn/vụ cho 2 tấn"},
      {Factor::kCertifications, 10, 20, "có 1/2: VietGAP; thiếu Hữu cơ"},
      {Factor::kDistance, 4, 10, "Tỉnh Tuyên Quang cách 2 ranh giới tỉnh"},
  };
  EXPECT_EQ(ranked[0].factors, a);
  EXPECT_EQ(ranked[0].distance, 2);
  EXPECT_EQ(ranked[0].can_supply, 2000);

  const std::vector<FactorScore> b = {
      {Factor::kProduct, 30, 30, "cùng nhóm Chè; tên khớp 3/3 từ của \"chè Shan tuyết\""},
      {Factor::kAvailability, 15, 20, "có hàng 3/4 tháng của kỳ (tháng 9-11)"},
      {Factor::kCapacity, 15, 20, "đáp ứng một phần: 1500 kg/vụ, 75% của 2 tấn"},
      {Factor::kCertifications, 20, 20, "có 2/2: VietGAP, Hữu cơ"},
      {Factor::kDistance, 4, 10, "Tỉnh Lào Cai cách 2 ranh giới tỉnh"},
  };
  EXPECT_EQ(ranked[1].factors, b);
  EXPECT_EQ(ranked[1].can_supply, 1500);

  const std::vector<FactorScore> c = {
      {Factor::kProduct, 23, 30, "cùng nhóm Chè; tên khớp 1/3 từ của \"chè Shan tuyết\""},
      {Factor::kAvailability, 20, 20, "có hàng 4/4 tháng của kỳ (tháng 9-12)"},
      {Factor::kCapacity, 20, 20, "đủ sản lượng: 10 tấn/vụ cho 2 tấn"},
      {Factor::kCertifications, 10, 20, "có 1/2: VietGAP; thiếu Hữu cơ"},
      {Factor::kDistance, 7, 10, "Tỉnh Thái Nguyên cách 1 ranh giới tỉnh"},
  };
  EXPECT_EQ(ranked[2].factors, c);

  EXPECT_EQ(ranked[3].factors[2],
            (FactorScore{Factor::kCapacity, 0, 20, "đơn vị khác (lít so với tấn)"}));
  EXPECT_EQ(ranked[3].can_supply, 0);
}

TEST(MatchTest, TheOrderDoesNotDependOnTheInputOrder) {
  Fixture fx;
  const auto expected = Match(HanoiTea(), fx.offers, RegionTable::Builtin());
  std::vector<Offer> offers = fx.offers;
  std::reverse(offers.begin(), offers.end());
  EXPECT_EQ(Match(HanoiTea(), offers, RegionTable::Builtin()), expected);
  std::rotate(offers.begin(), offers.begin() + 3, offers.end());
  EXPECT_EQ(Match(HanoiTea(), offers, RegionTable::Builtin()), expected);
}

TEST(MatchTest, EqualOffersAreOrderedByDistanceThenSupplyThenKey) {
  Product p = Tea("Chè Shan tuyết", "1-12", 5, "tan");
  Product small = Tea("Chè Shan tuyết", "1-12", 1, "tan");
  Demand d = HanoiTea();
  d.required_certs.clear();
  d.product.clear();
  const std::vector<Offer> offers = {
      {"product/9", "", "x", "x", "08", &p},      // distance 2
      {"product/2", "", "x", "x", "04", &p},      // distance 2
      {"product/7", "", "x", "x", "15", &small},  // distance 2
      {"product/5", "", "x", "x", "01", &p},      // distance 0
  };
  d.quantity = 1;  // everyone supplies it fully: the same score but for the distance
  auto ranked = Match(d, offers, RegionTable::Builtin());
  EXPECT_EQ(Keys(ranked),
            (std::vector<std::string>{"product/5", "product/2", "product/7", "product/9"}));
  EXPECT_EQ(Scores(ranked), (std::vector<int>{100, 94, 94, 94}));
  // Same score and distance: who can supply more comes first (both supply half of 10 t).
  Product more = Tea("Chè Shan tuyết", "1-12", 5040, "kg");
  const std::vector<Offer> two = {{"product/2", "", "x", "x", "08", &p},
                                  {"product/8", "", "x", "x", "15", &more}};
  d.quantity = 10;
  ranked = Match(d, two, RegionTable::Builtin());
  EXPECT_EQ(Keys(ranked), (std::vector<std::string>{"product/8", "product/2"}));
  EXPECT_EQ(Scores(ranked), (std::vector<int>{84, 84}));
}

TEST(MatchTest, AcceptedProvincesAndMaximumDistance) {
  Fixture fx;
  Demand d = HanoiTea();
  d.max_distance = 1;
  EXPECT_EQ(Keys(Match(d, fx.offers, RegionTable::Builtin())),
            (std::vector<std::string>{"product/3"}));
  d.max_distance.reset();
  d.provinces = {"08", "22"};
  const auto ranked = Match(d, fx.offers, RegionTable::Builtin());
  EXPECT_EQ(Keys(ranked), (std::vector<std::string>{"product/1", "partner/22/QN-2"}));
  EXPECT_EQ(
      ranked[0].factors[4],
      (FactorScore{Factor::kDistance, 10, 10,
                   "Tỉnh Tuyên Quang thuộc các tỉnh người mua chọn (cách 2 ranh giới tỉnh)"}));
}

TEST(MatchTest, AProductTextWithoutCategoryNeedsEveryWord) {
  Fixture fx;
  Demand d = HanoiTea();
  d.category.clear();
  d.product = "Shan tuyết";
  d.required_certs.clear();
  const auto ranked = Match(d, fx.offers, RegionTable::Builtin());
  // C ("Chè Tân Cương") and D are left out; E has no month of the period. F (no certificate
  // needed now) ties with A: own first.
  EXPECT_EQ(Keys(ranked), (std::vector<std::string>{"product/1", "partner/04/CB-1",
                                                    "partner/15/LC-7", "partner/22/QN-2"}));
  EXPECT_EQ(Scores(ranked), (std::vector<int>{94, 94, 84, 74}));
  EXPECT_EQ(ranked[0].factors[0],
            (FactorScore{Factor::kProduct, 30, 30, "tên sản phẩm khớp \"Shan tuyết\""}));
  EXPECT_EQ(ranked[1].factors[4],
            (FactorScore{Factor::kDistance, 4, 10, "Tỉnh Cao Bằng cách 2 ranh giới tỉnh"}));
}

TEST(MatchTest, NoBuyerProvinceScoresNoDistance) {
  Fixture fx;
  Demand d = HanoiTea();
  d.buyer_province.clear();
  const auto ranked = Match(d, fx.offers, RegionTable::Builtin());
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ(ranked[0].factors[4],
            (FactorScore{Factor::kDistance, 0, 10, "người mua không nêu tỉnh"}));
  EXPECT_EQ(ranked[0].distance, std::nullopt);
}

TEST(MatchTest, DemandsOfAnOffer) {
  Fixture fx;
  Demand any = HanoiTea();  // any tea, no certificate, in Tuyên Quang itself
  any.id = 3;
  any.product.clear();
  any.required_certs.clear();
  any.buyer_province = "08";
  Demand honey = HanoiTea();
  honey.id = 2;
  honey.category = "honey";
  const std::vector<Demand> demands = {HanoiTea(), honey, any};
  const auto matches = MatchDemands(fx.offers[0], demands, RegionTable::Builtin());
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].demand, 3);
  EXPECT_EQ(matches[0].result.score, 100);
  EXPECT_EQ(matches[0].result.factors[0].explanation,
            "cùng nhóm Chè; người mua nhận mọi sản phẩm của nhóm");
  EXPECT_EQ(matches[0].result.factors[4].explanation, "cùng tỉnh: Tỉnh Tuyên Quang");
  EXPECT_EQ(matches[1].demand, 1);
  EXPECT_EQ(matches[1].result.score, 84);
}

TEST(RegionTableTest, DistancesOverTheBorders) {
  const RegionTable& t = RegionTable::Builtin();
  EXPECT_EQ(t.Distance("08", "08"), 0);
  EXPECT_EQ(t.Distance("08", "04"), 1);
  EXPECT_EQ(t.Distance("04", "08"), 1);
  EXPECT_EQ(t.Distance("01", "08"), 2);
  EXPECT_EQ(t.Distance("22", "31"), 1);
  EXPECT_EQ(t.Distance("08", "99"), std::nullopt);
  EXPECT_EQ(t.Neighbours("08"), (std::vector<std::string>{"04", "15", "19", "25"}));
  // Every province of the 2025 list is in the table, and each reaches every other by land.
  ASSERT_EQ(Provinces().size(), 34u);
  for (const auto& a : Provinces()) {
    for (const auto& b : Provinces()) {
      const auto d = t.Distance(a.code, b.code);
      ASSERT_TRUE(d.has_value()) << a.code << "→" << b.code;
      EXPECT_EQ(d, t.Distance(b.code, a.code));
      EXPECT_LE(*d, 20);
    }
  }
}

TEST(RegionTableTest, ATableForTests) {
  RegionTable t({"a", "b", "c", "d"}, {{"a", "b"}, {"b", "c"}, {"x", "a"}});
  EXPECT_EQ(t.Distance("a", "c"), 2);
  EXPECT_EQ(t.Distance("a", "d"), std::nullopt);
  EXPECT_FALSE(t.Known("x"));
}

TEST(MarketDataTest, Taxonomy) {
  ASSERT_NE(FindCategory("tea"), nullptr);
  EXPECT_EQ(std::string(FindCategory("honey")->label_vi), "Mật ong");
  EXPECT_EQ(FindCategory("coffee_beans"), nullptr);
  ASSERT_NE(FindUnit("tan"), nullptr);
  EXPECT_EQ(FindUnit("tan")->factor, 1000);
}

TEST(MonthsTest, ParseAndPrint) {
  EXPECT_EQ(ParseMonths("1-3,10-12").value(), 0b111000000111);
  EXPECT_EQ(ParseMonths("11-2").value(), 0b110000000011);
  EXPECT_EQ(ParseMonths("").value(), 0);
  EXPECT_EQ(ParseMonths("5").value(), 0b10000);
  EXPECT_EQ(MonthsText(0b111000000111), "1-3,10-12");
  EXPECT_EQ(MonthsText(kAllMonths), "1-12");
  EXPECT_EQ(MonthsText(0b1010), "2,4");
  for (const char* bad : {"13", "0", "1-", "a", "1;2", "1-3,"}) {
    auto r = ParseMonths(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "months");
  }
  EXPECT_EQ(PeriodMonths(D("2026-11-15"), D("2027-02-10")), 0b110000000011);
  EXPECT_EQ(PeriodMonths(D("2026-03-01"), D("2027-02-28")), kAllMonths);
  EXPECT_EQ(PeriodMonths(D("2026-03-01"), D("2026-02-28")), 0);
}

TEST(HectaresTest, ParseAndPrint) {
  EXPECT_EQ(ParseHectares("12.5").value(), 1250);
  EXPECT_EQ(ParseHectares("0.05").value(), 5);
  EXPECT_EQ(ParseHectares("300").value(), 30000);
  EXPECT_EQ(HectaresText(1250), "12.5");
  EXPECT_EQ(HectaresText(5), "0.05");
  EXPECT_EQ(HectaresText(30000), "300");
  for (const char* bad : {"", "1.234", "-1", ".5", "1.", "1,5"}) {
    EXPECT_FALSE(ParseHectares(bad).ok()) << bad;
  }
}

void ExpectInvalid(const Status& s, const std::string& field, const std::string& rule) {
  ASSERT_FALSE(s.ok()) << field;
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(s.error().field, field);
  EXPECT_EQ(s.error().rule, rule);
}

TEST(ValidateTest, Products) {
  const Date today = D("2026-11-29");
  Product ok = Tea("Chè Shan tuyết", "1-12", 5, "tan");
  ok.ocop_stars = 4;
  ok.ocop_year = 2024;
  ok.price_min = 300000;
  ok.price_max = 800000;
  ok.photo_url = "https://example.org/che.jpg";
  EXPECT_TRUE(ValidateProduct(ok, today).ok());

  auto with = [&](auto change) {
    Product p = ok;
    change(p);
    return ValidateProduct(p, today);
  };
  ExpectInvalid(with([](Product& p) { p.name.clear(); }), "name", "name.required");
  ExpectInvalid(with([](Product& p) { p.category = "coffee_beans"; }), "category",
                "category.known");
  ExpectInvalid(with([](Product& p) { p.ocop_stars = 6; }), "ocop_stars", "ocop_stars.range");
  ExpectInvalid(with([](Product& p) { p.ocop_year = 2027; }), "ocop_year", "ocop_year.range");
  ExpectInvalid(with([](Product& p) { p.ocop_stars = 0; }), "ocop_year", "ocop_year.without_stars");
  ExpectInvalid(with([](Product& p) {
                  p.certifications = {Cert(CertKind::kVietGap, "2026-01-01", "2025-01-01")};
                }),
                "certifications[0].valid_to", "certification.dates");
  ExpectInvalid(
      with([](Product& p) { p.certifications = {Cert(CertKind::kTraceability, "", "")}; }),
      "certifications[0].code", "certification.code");
  ExpectInvalid(
      with([](Product& p) {
        p.certifications = {Cert(CertKind::kOrganic, "", ""), Cert(CertKind::kOrganic, "", "")};
      }),
      "certifications[1]", "certification.duplicate");
  ExpectInvalid(with([](Product& p) { p.months = 0x1000; }), "months", "months.range");
  ExpectInvalid(with([](Product& p) { p.capacity = -1; }), "capacity", "capacity.range");
  ExpectInvalid(with([](Product& p) { p.capacity_unit = "bao"; }), "capacity_unit",
                "capacity_unit.known");
  ExpectInvalid(with([](Product& p) { p.price_max = 100; }), "price_max", "price.range");
  ExpectInvalid(with([](Product& p) { p.price_min = -5; }), "price_min", "price.negative");
  ExpectInvalid(with([](Product& p) { p.photo_url = "javascript:alert(1)"; }), "photo_url",
                "photo_url.link");
  ExpectInvalid(with([](Product& p) { p.packaging = std::string(201, 'x'); }), "packaging",
                "packaging.length");
}

TEST(ValidateTest, Demands) {
  const RegionTable& t = RegionTable::Builtin();
  const Demand ok = HanoiTea();
  EXPECT_TRUE(ValidateDemand(ok, t).ok());
  auto with = [&](auto change) {
    Demand d = ok;
    change(d);
    return ValidateDemand(d, t);
  };
  ExpectInvalid(with([](Demand& d) { d.buyer_name.clear(); }), "buyer_name", "buyer_name.required");
  ExpectInvalid(with([](Demand& d) { d.contact.clear(); }), "contact", "contact.required");
  ExpectInvalid(with([](Demand& d) { d.buyer_province = "02"; }), "buyer_province",
                "province.known");
  ExpectInvalid(with([](Demand& d) {
                  d.product.clear();
                  d.category.clear();
                }),
                "product", "demand.what");
  ExpectInvalid(with([](Demand& d) { d.quantity = 0; }), "quantity", "quantity.range");
  ExpectInvalid(with([](Demand& d) { d.unit = "bao"; }), "unit", "unit.known");
  ExpectInvalid(with([](Demand& d) { d.period_to = D("2026-08-01"); }), "period_to",
                "period.order");
  ExpectInvalid(with([](Demand& d) { d.period_to = D("2029-01-01"); }), "period_to",
                "period.length");
  ExpectInvalid(with([](Demand& d) { d.provinces = {"08", "99"}; }), "provinces", "province.known");
  ExpectInvalid(with([](Demand& d) { d.max_distance = 11; }), "max_distance", "max_distance.range");
  ExpectInvalid(with([](Demand& d) {
                  d.buyer_province.clear();
                  d.max_distance = 2;
                }),
                "max_distance", "max_distance.needs_province");
}

TEST(ValidateTest, ZonesAndProgrammes) {
  RawMaterialZone z;
  z.name = "Vùng chè Shan tuyết Lũng Phìn";
  z.crop = "chè Shan tuyết";
  z.area_centiha = 12050;
  z.communes = {"00787"};
  EXPECT_TRUE(ValidateZone(z).ok());
  z.area_centiha = 0;
  ExpectInvalid(ValidateZone(z), "area_ha", "area.positive");
  z.area_centiha = 100;
  z.communes = {"787"};
  ExpectInvalid(ValidateZone(z), "communes", "communes.code");
  z.communes.clear();
  ExpectInvalid(ValidateZone(z), "communes", "communes.required");

  LinkageProgramme p;
  p.name = "Chuỗi liên kết 7 tỉnh Đông Bắc";
  p.provinces = {"04", "08", "15", "19", "20", "22", "25"};
  EXPECT_TRUE(ValidateProgramme(p, RegionTable::Builtin()).ok());
  p.provinces.push_back("08");
  ExpectInvalid(ValidateProgramme(p, RegionTable::Builtin()), "provinces", "provinces.duplicate");
  p.provinces = {"02"};
  ExpectInvalid(ValidateProgramme(p, RegionTable::Builtin()), "provinces", "province.known");
}

TEST(ParseTest, Vocabulary) {
  EXPECT_EQ(ParseCertKind("gi").value(), CertKind::kGeoIndication);
  EXPECT_EQ(ParseKeyLevel("province").value(), KeyLevel::kProvince);
  EXPECT_EQ(ParseDemandStatus("matched").value(), DemandStatus::kMatched);
  EXPECT_EQ(ParseZoneKind("livestock").value(), ZoneKind::kLivestock);
  auto bad = ParseCertKind("iso9001", "required_certs");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "required_certs");
  for (CertKind k : AllCertKinds()) EXPECT_EQ(ParseCertKind(Id(k)).value(), k);
}

TEST(StorageEncodingTest, RoundTrips) {
  const std::vector<Certification> certs = {
      Cert(CertKind::kVietGap, "2025-01-01", "2027-12-31", "VG|01"),
      Cert(CertKind::kTraceability, "", "", "QR-08-123"),
      Cert(CertKind::kOrganic, "", "2026-01-01")};
  EXPECT_EQ(DecodeCertifications(EncodeCertifications(certs)), certs);
  EXPECT_EQ(EncodeCertifications({}), "");
  EXPECT_TRUE(DecodeCertifications("").empty());
  const std::vector<std::string> codes = {"00787", "00790"};
  EXPECT_EQ(SplitCodes(JoinCodes(codes)), codes);
  EXPECT_TRUE(SplitCodes("").empty());
  const std::vector<CertKind> kinds = {CertKind::kOrganic, CertKind::kGeoIndication};
  EXPECT_EQ(DecodeCertKinds(EncodeCertKinds(kinds)), kinds);
}

}  // namespace
}  // namespace hoptac::domain
