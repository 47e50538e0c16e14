// The market of the demo province (issue 9): products of its cooperatives (Shan tuyết tea,
// buckwheat, mint honey, Vị Xuyên oranges, corn wine, medicinal herbs, cattle), raw-material
// zones, buyers' demands (one posted by the public and waiting for approval), the "Chuỗi liên
// kết 7 tỉnh Đông Bắc" programme, and the catalogues of the chain's other provinces imported as
// partner offers. Everything goes through app::Market, as an office would enter it.
//
// Deterministic: the producers are picked from the registry by their names in Vietnamese name
// order, and every figure below is fixed. Only the times of writing (audit, created_at, the
// catalogues' import time) come from the clock, as for the registry's demo.

#include <map>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "app/market.hpp"

namespace hoptac::app {
namespace {

using domain::CertKind;
using domain::KeyLevel;

Date Ymd(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

template <typename T>
Status Done(Result<T> r) {
  if (!r.ok()) return r.take_error();
  return OkStatus();
}

domain::Certification Cert(CertKind kind, std::string code, std::optional<Date> from = {},
                           std::optional<Date> to = {}) {
  domain::Certification c;
  c.kind = kind;
  c.code = std::move(code);
  c.valid_from = from;
  c.valid_to = to;
  return c;
}

// What follows "Hợp tác xã <trade> " in a name: the place ("Lũng Phìn").
std::string Place(const std::string& name, const std::string& prefix) {
  return name.size() > prefix.size() ? name.substr(prefix.size()) : name;
}

struct Pick {
  std::string code, name, unit_code;
};

// Operating HTX of the unit (of the demo province) whose name starts with `prefix`, in name
// order.
Result<std::vector<Pick>> Producers(Registry& registry, const std::string& unit,
                                    const std::string& prefix, size_t n) {
  std::vector<Pick> out;
  ListQuery q;
  q.unit_code = unit;
  q.kind = domain::OrgKind::kHTX;
  q.status = domain::LegalStatus::kOperating;
  q.limit = 500;
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(ListPage page, registry.List(q));
    for (const auto& s : page.items) {
      if (s.name.rfind(prefix, 0) == 0 && s.name.size() > prefix.size()) {
        out.push_back({s.registry_code, s.name, s.unit_code});
        if (out.size() == n) return out;
      }
    }
    if (page.next.empty()) break;
    q.after = page.next;
  }
  return out;
}

struct PartnerProduct {
  const char* ref;
  const char* org_name;
  const char* name;
  const char* category;
  int stars;
  const char* months;
  int64_t capacity;
  const char* unit;
  bool vietgap;
};

struct PartnerCatalogue {
  const char* province;
  const char* source_name;
  std::vector<PartnerProduct> products;
};

// The chain's other provinces (2025 codes) and a few of their well-known products.
const std::vector<PartnerCatalogue>& Partners() {
  static const std::vector<PartnerCatalogue> kPartners = {
      {"04",
       "Liên minh HTX tỉnh Cao Bằng",
       {{"CB-01", "HTX Hạt dẻ Trùng Khánh", "Hạt dẻ Trùng Khánh", "fruit", 4, "9-10", 80, "tan",
         true},
        {"CB-02", "HTX Miến dong Phia Đén", "Miến dong Phia Đén", "other", 3, "1-12", 40, "tan",
         false},
        {"CB-03", "HTX Chè Shan tuyết Phia Đén", "Chè Shan tuyết Phia Đén", "tea", 3, "4-10", 6,
         "tan", true}}},
      {"15",
       "Liên minh HTX tỉnh Lào Cai",
       {{"LC-01", "HTX Chè Suối Giàng", "Chè Shan tuyết Suối Giàng", "tea", 4, "3-11", 25, "tan",
         true},
        {"LC-02", "HTX Quế Văn Yên", "Quế Văn Yên", "spices", 4, "1-12", 300, "tan", true},
        {"LC-03", "HTX Thảo quả Bát Xát", "Thảo quả Bát Xát", "spices", 3, "9-11", 60, "tan",
         false},
        {"LC-04", "HTX Mận Bắc Hà", "Mận tam hoa Bắc Hà", "fruit", 3, "5-7", 200, "tan", true}}},
      {"19",
       "Liên minh HTX tỉnh Thái Nguyên",
       {{"TN-01", "HTX Chè Tân Cương", "Chè Tân Cương", "tea", 5, "3-11", 40, "tan", true},
        {"TN-02", "HTX Gạo Định Hóa", "Gạo Bao thai Định Hóa", "rice", 3, "6-7,10-11", 500, "tan",
         true}}},
      {"20",
       "Liên minh HTX tỉnh Lạng Sơn",
       {{"LS-01", "HTX Hồi Văn Quan", "Hoa hồi Văn Quan", "spices", 4, "8-10", 150, "tan", true},
        {"LS-02", "HTX Na Chi Lăng", "Na Chi Lăng", "fruit", 3, "7-9", 400, "tan", true}}},
      {"22",
       "Liên minh HTX tỉnh Quảng Ninh",
       {{"QN-01", "HTX Chè hoa vàng Ba Chẽ", "Chè hoa vàng Ba Chẽ", "tea", 4, "11-12,1-3", 2, "tan",
         false},
        {"QN-02", "HTX Ba kích Quảng Ninh", "Ba kích tím", "medicinal_herbs", 4, "1-12", 30, "tan",
         true},
        {"QN-03", "HTX Mật ong Bình Liêu", "Mật ong rừng Bình Liêu", "honey", 3, "4-6", 1500, "lit",
         false}}},
      {"25",
       "Liên minh HTX tỉnh Phú Thọ",
       {{"PT-01", "HTX Bưởi Đoan Hùng", "Bưởi Đoan Hùng", "fruit", 4, "9-12", 600, "tan", true},
        {"PT-02", "HTX Chè Long Cốc", "Chè Long Cốc", "tea", 4, "3-10", 30, "tan", true}}},
  };
  return kPartners;
}

}  // namespace

Status BuildDemoMarket(Registry& registry, const DemoMarket& where,
                       const std::string& prototype_code) {
  Market market(*where.market, *where.store, *where.clock);
  const Actor actor{"demo"};
  std::map<std::string, std::vector<domain::ProductId>> by_kind;
  std::map<std::string, std::vector<std::string>> orgs_of, communes_of;

  auto add = [&](const std::string& kind, const Pick& who, domain::Product p) -> Status {
    p.org_code = who.code;
    HOPTAC_ASSIGN_OR_RETURN(domain::ProductId id, market.AddProduct(std::move(p), actor));
    by_kind[kind].push_back(id);
    orgs_of[kind].push_back(who.code);
    if (who.unit_code.size() == 5) communes_of[kind].push_back(who.unit_code);
    return OkStatus();
  };

  // Shan tuyết tea: the first of them a provincial key product with 4 OCOP stars.
  const std::string tea_prefix = "Hợp tác xã Chè ";
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> tea, Producers(registry, "02", tea_prefix, 5));
  for (size_t i = 0; i < tea.size(); ++i) {
    domain::Product p;
    p.name = "Chè Shan tuyết " + Place(tea[i].name, tea_prefix);
    p.category = "tea";
    p.key_level = i < 2 ? KeyLevel::kProvince : KeyLevel::kCommune;
    p.ocop_stars = i == 0 ? 4 : 3;
    p.ocop_year = 2020 + static_cast<int>(i);
    p.certifications = {Cert(CertKind::kVietGap, "VietGAP-TT-" + std::to_string(101 + i),
                             Ymd(2024, 3, 1), Ymd(2028, 2, 29))};
    if (i == 0) p.certifications.push_back(Cert(CertKind::kOrganic, "HC-0458", Ymd(2023, 9, 1)));
    if (i < 3) {
      p.certifications.push_back(
          Cert(CertKind::kGeoIndication, "CDĐL 00045 Shan tuyết Hà Giang", Ymd(2014, 5, 1)));
    }
    p.months = domain::ParseMonths("3-11").value();
    p.capacity = 8 + 6 * static_cast<int64_t>(i);
    p.capacity_unit = "tan";
    p.price_min = 250'000;
    p.price_max = 1'200'000 - 100'000 * static_cast<int64_t>(i);
    p.packaging = "Túi 200 g, hộp thiếc 100 g";
    p.description = "Chè Shan tuyết cổ thụ hái trên núi đá, sao thủ công";
    p.is_public = i != 4;  // the last one is not yet in the public catalogue
    HOPTAC_RETURN_IF_ERROR(add("tea", tea[i], std::move(p)));
  }

  // Mint honey of the stone plateau.
  const std::string honey_prefix = "Hợp tác xã Mật ong bạc hà ";
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> honey, Producers(registry, "02", honey_prefix, 3));
  for (size_t i = 0; i < honey.size(); ++i) {
    domain::Product p;
    p.name = "Mật ong bạc hà " + Place(honey[i].name, honey_prefix);
    p.category = "honey";
    p.key_level = i == 0 ? KeyLevel::kProvince : KeyLevel::kCommune;
    p.ocop_stars = i == 0 ? 4 : 3;
    p.ocop_year = 2021;
    p.certifications = {
        Cert(CertKind::kTraceability, "QR-HG-MO-" + std::to_string(2001 + i), Ymd(2025, 1, 1)),
        Cert(CertKind::kGeoIndication, "CDĐL Mật ong bạc hà Mèo Vạc", Ymd(2013, 1, 1))};
    p.months = domain::ParseMonths("11-12,1").value();
    p.capacity = 1500 + 500 * static_cast<int64_t>(i);
    p.capacity_unit = "lit";
    p.price_min = 600'000;
    p.price_max = 900'000;
    p.packaging = "Chai thủy tinh 500 ml";
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(add("honey", honey[i], std::move(p)));
  }

  // Vị Xuyên oranges (cam sành).
  const std::string orange_prefix = "Hợp tác xã Cam sành ";
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> oranges, Producers(registry, "030", orange_prefix, 4));
  for (size_t i = 0; i < oranges.size(); ++i) {
    domain::Product p;
    p.name = "Cam sành Vị Xuyên – " + Place(oranges[i].name, orange_prefix);
    p.category = "oranges";
    p.key_level = KeyLevel::kProvince;
    p.ocop_stars = i < 2 ? 3 : 0;
    p.ocop_year = i < 2 ? 2022 : 0;
    p.certifications = {Cert(CertKind::kGeoIndication, "CDĐL Cam sành Hà Giang", Ymd(2018, 1, 1))};
    if (i % 2 == 0) {
      p.certifications.push_back(Cert(CertKind::kVietGap, "VietGAP-CS-" + std::to_string(31 + i),
                                      Ymd(2025, 6, 1), Ymd(2028, 5, 31)));
    }
    p.months = domain::ParseMonths("10-12,1").value();
    p.capacity = 120 + 40 * static_cast<int64_t>(i);
    p.capacity_unit = "tan";
    p.price_min = 15'000;
    p.price_max = 25'000;
    p.packaging = "Thùng carton 10 kg";
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(add("oranges", oranges[i], std::move(p)));
  }

  // Medicinal herbs.
  const std::string herb_prefix = "Hợp tác xã Dược liệu ";
  static const char* const kHerbs[] = {"Tam thất", "Đương quy", "Thảo quả"};
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> herbs, Producers(registry, "02", herb_prefix, 3));
  for (size_t i = 0; i < herbs.size(); ++i) {
    domain::Product p;
    p.name = std::string(kHerbs[i]) + " " + Place(herbs[i].name, herb_prefix);
    p.category = i == 2 ? "spices" : "medicinal_herbs";
    p.key_level = i == 0 ? KeyLevel::kProvince : KeyLevel::kNone;
    p.certifications = {Cert(CertKind::kOrganic, "HC-DL-" + std::to_string(11 + i), Ymd(2024, 1, 1),
                             Ymd(2027, 12, 31))};
    p.months = domain::ParseMonths(i == 2 ? "9-11" : "1-12").value();
    p.capacity = 10 + 5 * static_cast<int64_t>(i);
    p.capacity_unit = "tan";
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(add("herbs", herbs[i], std::move(p)));
  }

  // Corn wine from the processing cooperatives.
  const std::string wine_prefix = "Hợp tác xã Chế biến rượu ngô men lá ";
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> wine, Producers(registry, "02", wine_prefix, 2));
  for (size_t i = 0; i < wine.size(); ++i) {
    domain::Product p;
    p.name = "Rượu ngô men lá " + Place(wine[i].name, wine_prefix);
    p.category = "rice_wine";
    p.ocop_stars = 3;
    p.ocop_year = 2023;
    p.months = domain::kAllMonths;
    p.capacity = 20'000;
    p.capacity_unit = "lit";
    p.packaging = "Chai 500 ml, can 2 lít";
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(add("wine", wine[i], std::move(p)));
  }

  // Buckwheat cakes of an agro-forestry cooperative.
  const std::string farm_prefix = "Hợp tác xã Nông lâm nghiệp ";
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> farm, Producers(registry, "026", farm_prefix, 1));
  for (const Pick& who : farm) {
    domain::Product p;
    p.name = "Bánh tam giác mạch " + Place(who.name, farm_prefix);
    p.category = "buckwheat";
    p.key_level = KeyLevel::kCommune;
    p.months = domain::ParseMonths("10-12").value();
    p.capacity = 6;
    p.capacity_unit = "tan";
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(add("buckwheat", who, std::move(p)));
  }

  // Cattle.
  const std::string cattle_prefix = "Hợp tác xã Chăn nuôi ";
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Pick> cattle, Producers(registry, "02", cattle_prefix, 2));
  for (size_t i = 0; i < cattle.size(); ++i) {
    domain::Product p;
    p.name = "Bò vàng cao nguyên đá " + Place(cattle[i].name, cattle_prefix);
    p.category = "cattle";
    p.key_level = KeyLevel::kProvince;
    p.months = domain::kAllMonths;
    p.capacity = 150 + 50 * static_cast<int64_t>(i);
    p.capacity_unit = "con";
    p.price_min = 25'000'000;
    p.price_max = 40'000'000;
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(add("cattle", cattle[i], std::move(p)));
  }

  // The thôn Chang cooperative: buckwheat flour.
  if (!prototype_code.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(ProducerInfo proto, market.Producer(prototype_code));
    domain::Product p;
    p.name = "Bột tam giác mạch thôn Chang";
    p.category = "buckwheat";
    p.key_level = KeyLevel::kCommune;
    p.ocop_stars = 3;
    p.ocop_year = 2024;
    p.months = domain::ParseMonths("11-12,1-2").value();
    p.capacity = 3;
    p.capacity_unit = "tan";
    p.packaging = "Túi 500 g";
    p.is_public = true;
    HOPTAC_RETURN_IF_ERROR(
        add("buckwheat", {prototype_code, proto.name, proto.state.unit_code}, std::move(p)));
  }

  // Raw-material zones.
  struct ZoneSpec {
    const char* kind_key;
    const char* name;
    domain::ZoneKind kind;
    const char* crop;
    int64_t centiha;
  };
  static const ZoneSpec kZones[] = {
      {"tea", "Vùng chè Shan tuyết tập trung", domain::ZoneKind::kCrop, "Chè Shan tuyết", 125050},
      {"oranges", "Vùng cam sành Vị Xuyên – Bắc Quang", domain::ZoneKind::kCrop, "Cam sành",
       310000},
      {"honey", "Vùng nuôi ong bạc hà cao nguyên đá", domain::ZoneKind::kLivestock,
       "Ong mật (cây bạc hà)", 80000},
      {"herbs", "Vùng dược liệu dưới tán rừng", domain::ZoneKind::kForest, "Dược liệu", 21075},
      {"buckwheat", "Vùng tam giác mạch", domain::ZoneKind::kCrop, "Tam giác mạch", 15000},
      {"cattle", "Vùng chăn nuôi bò vàng", domain::ZoneKind::kLivestock, "Bò vàng", 54000},
  };
  for (const ZoneSpec& spec : kZones) {
    if (communes_of[spec.kind_key].empty()) continue;
    domain::RawMaterialZone z;
    z.name = spec.name;
    z.kind = spec.kind;
    z.crop = spec.crop;
    z.area_centiha = spec.centiha;
    z.communes = communes_of[spec.kind_key];
    z.org_codes = orgs_of[spec.kind_key];
    z.products = by_kind[spec.kind_key];
    HOPTAC_RETURN_IF_ERROR(Done(market.AddZone(std::move(z), actor)));
  }

  // The linkage programme of the seed (domain.md §6.2: its exact membership is [U]; the seven
  // Northeast provinces after the 2025 reform).
  domain::LinkageProgramme chain{0,
                                 "Chuỗi liên kết 7 tỉnh Đông Bắc",
                                 {"04", "08", "15", "19", "20", "22", "25"},
                                 "Liên kết chuỗi giá trị nông sản vùng cao các tỉnh Đông Bắc",
                                 0};
  HOPTAC_RETURN_IF_ERROR(Done(market.AddProgramme(chain, actor)));
  domain::LinkageProgramme hanoi{0,
                                 "Chương trình hợp tác 68/CTPH với Hà Nội",
                                 {"01", "04", "08", "15", "19", "20", "22", "31"},
                                 "Đưa nông sản phía Bắc về Hà Nội",
                                 0};
  HOPTAC_RETURN_IF_ERROR(Done(market.AddProgramme(hanoi, actor)));

  // The partners' catalogues, written and imported as their files would be.
  for (const PartnerCatalogue& pc : Partners()) {
    Catalogue c;
    c.source = pc.province;
    c.source_name = pc.source_name;
    c.published_on = Ymd(2026, 11, 2);
    int n = 0;
    for (const PartnerProduct& pp : pc.products) {
      domain::PartnerOffer o;
      o.ref = pp.ref;
      o.org_code = std::string(pc.province) + "000000" + std::to_string(10 + n++);
      o.org_name = pp.org_name;
      o.org_province = pc.province;
      o.product.org_code = o.org_code;
      o.product.name = pp.name;
      o.product.category = pp.category;
      o.product.ocop_stars = pp.stars;
      o.product.ocop_year = pp.stars > 0 ? 2024 : 0;
      if (pp.vietgap) {
        o.product.certifications = {Cert(CertKind::kVietGap, std::string("VietGAP-") + pp.ref,
                                         Ymd(2025, 1, 1), Ymd(2027, 12, 31))};
      }
      o.product.months = domain::ParseMonths(pp.months).value();
      o.product.capacity = pp.capacity;
      o.product.capacity_unit = pp.unit;
      c.offers.push_back(std::move(o));
    }
    HOPTAC_ASSIGN_OR_RETURN(std::string file, market.WriteCatalogue(c, CatalogueFormat::kJson));
    HOPTAC_RETURN_IF_ERROR(Done(market.ImportCatalogue(file, CatalogueFormat::kJson, "08", actor)));
  }

  // Buyers' demands.
  struct DemandSpec {
    const char* buyer;
    const char* org;
    const char* province;
    const char* product;
    const char* category;
    int64_t quantity;
    const char* unit;
    Date from, to;
    std::vector<CertKind> certs;
    std::optional<int> max_distance;
    domain::DemandStatus status;
    bool from_public;
  };
  const DemandSpec kDemands[] = {
      {"Nguyễn Thị Hoa",
       "Công ty CP Trà Việt",
       "01",
       "chè Shan tuyết",
       "tea",
       10,
       "tan",
       Ymd(2027, 3, 1),
       Ymd(2027, 6, 30),
       {CertKind::kVietGap},
       std::nullopt,
       domain::DemandStatus::kOpen,
       false},
      {"Trần Văn Nam",
       "Siêu thị Nông sản sạch Sài Gòn",
       "79",
       "cam sành",
       "oranges",
       200,
       "tan",
       Ymd(2026, 11, 15),
       Ymd(2027, 1, 31),
       {CertKind::kVietGap},
       std::nullopt,
       domain::DemandStatus::kOpen,
       false},
      {"Lê Thu Trang",
       "Cửa hàng Đặc sản Hạ Long",
       "22",
       "mật ong bạc hà",
       "honey",
       1000,
       "lit",
       Ymd(2026, 12, 1),
       Ymd(2027, 1, 31),
       {CertKind::kTraceability},
       3,
       domain::DemandStatus::kOpen,
       false},
      {"Phạm Minh Đức",
       "Công ty Dược liệu Thái Nguyên",
       "19",
       "",
       "medicinal_herbs",
       20,
       "tan",
       Ymd(2027, 1, 1),
       Ymd(2027, 6, 30),
       {CertKind::kOrganic},
       std::nullopt,
       domain::DemandStatus::kMatched,
       false},
      {"Hoàng Văn Lâm",
       "Nhà hàng Lạng Sơn Xanh",
       "20",
       "rượu ngô",
       "rice_wine",
       3000,
       "lit",
       Ymd(2026, 12, 1),
       Ymd(2027, 2, 28),
       {},
       std::nullopt,
       domain::DemandStatus::kClosed,
       false},
      {"Đỗ Thị Mai",
       "Bếp ăn Trường Hải Phòng",
       "31",
       "tam giác mạch",
       "buckwheat",
       2,
       "tan",
       Ymd(2026, 12, 15),
       Ymd(2027, 2, 15),
       {},
       std::nullopt,
       domain::DemandStatus::kOpen,
       true},
  };
  for (const DemandSpec& s : kDemands) {
    domain::Demand d;
    d.buyer_name = s.buyer;
    d.buyer_org = s.org;
    d.buyer_province = s.province;
    d.contact = "0900 000 " + std::string(s.province) + "0";
    d.product = s.product;
    d.category = s.category;
    d.quantity = s.quantity;
    d.unit = s.unit;
    d.period_from = s.from;
    d.period_to = s.to;
    d.required_certs = s.certs;
    d.max_distance = s.max_distance;
    d.status = s.status;
    if (s.from_public) {
      HOPTAC_RETURN_IF_ERROR(Done(market.PostPublicDemand(std::move(d), {"public"})));
    } else {
      HOPTAC_RETURN_IF_ERROR(Done(market.AddDemand(std::move(d), actor)));
    }
  }
  return OkStatus();
}

}  // namespace hoptac::app
