#pragma once
// Products, raw-material zones, buyers' demands and market linkage between provinces (C11;
// domain.md §8, issue 9). Types and rules only, no I/O: validation with errors naming the field,
// and the matching of a demand against offers (own products and partner provinces' catalogues),
// ranked by a score explained factor by factor (docs/decisions/0060).
//
// Reference data kept as tables (market_data.cpp): the category taxonomy, the units of quantity,
// and the neighbourhood of the 34 provinces after the 2025 reform, from which distances (in
// province borders crossed) are computed.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/result.hpp"

namespace hoptac::domain {

// ---- reference data --------------------------------------------------------------------------

struct ProductCategory {
  std::string_view id;        // "tea", "honey", …
  std::string_view label_vi;  // "Chè"
  std::string_view label_en;  // "Tea"
};
std::span<const ProductCategory> ProductCategories();
const ProductCategory* FindCategory(std::string_view id);

// A unit of quantity and how it converts to its base ("tấn" is 1000 "kg").
struct QuantityUnit {
  std::string_view id;     // "kg", "tan", "lit", "con", "hop", "chai", "goi", "cay"
  std::string_view label;  // "kg", "tấn", "lít", "con", "hộp", "chai", "gói", "cây"
  std::string_view base;   // "kg", "lit", or the unit itself
  int64_t factor = 1;      // amounts in this unit × factor = amounts in the base
};
std::span<const QuantityUnit> QuantityUnits();
const QuantityUnit* FindUnit(std::string_view id);

// The 34 provinces after the 2025 reform (GSO codes) and their land borders.
struct ProvinceInfo {
  std::string_view code;    // "08"
  std::string_view name;    // "Tỉnh Tuyên Quang"
  std::string_view region;  // "dong_bac", "tay_bac", "dbsh", "btb", "ntb_tn", "dnb", "dbscl"
};
std::span<const ProvinceInfo> Provinces();
const ProvinceInfo* FindProvince(std::string_view code);

// Distances between provinces: the least number of borders crossed (0 within a province).
class RegionTable {
 public:
  // The built-in table (market_data.cpp).
  static const RegionTable& Builtin();
  // A table from explicit provinces and border pairs (for tests).
  RegionTable(std::vector<std::string> codes,
              std::vector<std::pair<std::string, std::string>> borders);
  // nullopt when either code is unknown or no path joins them.
  std::optional<int> Distance(std::string_view a, std::string_view b) const;
  bool Known(std::string_view code) const;
  std::vector<std::string> Neighbours(std::string_view code) const;

 private:
  int Index(std::string_view code) const;
  std::vector<std::string> codes_;
  std::vector<std::vector<int>> dist_;  // all pairs, -1 when unreachable
  std::vector<std::vector<int>> adj_;
};

// ---- products --------------------------------------------------------------------------------

enum class KeyLevel { kNone, kCommune, kProvince };  // sản phẩm chủ lực cấp xã / tỉnh
enum class CertKind { kVietGap, kOrganic, kGeoIndication, kTraceability };
const char* Id(KeyLevel v);  // "none", "commune", "province"
const char* Id(CertKind v);  // "vietgap", "organic", "gi", "traceability"
const char* Label(KeyLevel v);
const char* Label(CertKind v);
Result<KeyLevel> ParseKeyLevel(std::string_view s, std::string_view field = "key_level");
Result<CertKind> ParseCertKind(std::string_view s, std::string_view field = "certification");
std::span<const CertKind> AllCertKinds();

struct Certification {
  CertKind kind = CertKind::kVietGap;
  std::string code;  // certificate number, GI registration or traceability code
  std::optional<Date> valid_from, valid_to;  // valid on D when from <= D <= to (absent: open)
  bool operator==(const Certification&) const = default;
};
bool ValidOn(const Certification& c, Date d);

using ProductId = int64_t;

// Months are a bitmask: bit 0 is January … bit 11 December.
constexpr uint16_t kAllMonths = 0x0FFF;
std::string MonthsText(uint16_t months);  // "1-3,10-12"; "" for none
Result<uint16_t> ParseMonths(std::string_view text, std::string_view field = "months");

struct Product {
  ProductId id = 0;      // assigned by the store
  std::string org_code;  // registry code of the producing organisation
  std::string name;
  std::string category;  // a ProductCategory id
  KeyLevel key_level = KeyLevel::kNone;
  int ocop_stars = 0;  // 0: not rated, else 1..5
  int ocop_year = 0;   // with the stars
  std::vector<Certification> certifications;
  uint16_t months = 0;                          // months of availability
  int64_t capacity = 0;                         // per season, in capacity_unit; 0: not stated
  std::string capacity_unit;                    // a QuantityUnit id ("" when capacity is 0)
  std::optional<int64_t> price_min, price_max;  // VND per unit of capacity
  std::string packaging;
  std::string photo_url;  // http(s) link
  std::string description;
  bool is_public = false;  // shown in the public catalogue
  int64_t revision = 0;    // bumped by every update (If-Match)
  bool operator==(const Product&) const = default;
};

// kInvalid naming the field: name, category (in the taxonomy), stars 0..5 with a year
// 2010..today's year when rated, certification dates ordered and a code for traceability,
// months within 1..12 bits, capacity >= 0 with a known unit when > 0, prices >= 0 and min <= max,
// photo link http(s), texts within their lengths.
Status ValidateProduct(const Product& p, Date today);

// ---- raw-material zones ----------------------------------------------------------------------

enum class ZoneKind { kCrop, kLivestock, kForest, kAquaculture };
const char* Id(ZoneKind v);  // "crop", "livestock", "forest", "aquaculture"
const char* Label(ZoneKind v);
Result<ZoneKind> ParseZoneKind(std::string_view s, std::string_view field = "zone_kind");

using ZoneId = int64_t;
struct RawMaterialZone {
  ZoneId id = 0;
  std::string name;
  ZoneKind kind = ZoneKind::kCrop;
  std::string crop;                    // what is grown or raised ("chè Shan tuyết", "bò vàng")
  int64_t area_centiha = 0;            // area in hundredths of a hectare
  std::vector<std::string> communes;   // commune unit codes
  std::vector<std::string> org_codes;  // linked organisations
  std::vector<ProductId> products;     // linked products
  std::string note;
  int64_t revision = 0;
  bool operator==(const RawMaterialZone&) const = default;
};
Status ValidateZone(const RawMaterialZone& z);
std::string HectaresText(int64_t centiha);  // "12.5"
Result<int64_t> ParseHectares(std::string_view text, std::string_view field = "area_ha");

// ---- demands ---------------------------------------------------------------------------------

enum class DemandStatus { kOpen, kMatched, kClosed };
enum class DemandOrigin { kOfficer, kPublic };
const char* Id(DemandStatus v);  // "open", "matched", "closed"
const char* Id(DemandOrigin v);  // "officer", "public"
const char* Label(DemandStatus v);
Result<DemandStatus> ParseDemandStatus(std::string_view s, std::string_view field = "status");

using DemandId = int64_t;
struct Demand {
  DemandId id = 0;
  std::string buyer_name;
  std::string buyer_org;
  std::string buyer_province;  // province code
  std::string contact;         // phone or e-mail: private
  std::string product;         // what is wanted, as text ("" : any of the category)
  std::string category;        // a ProductCategory id ("" : from the product text)
  int64_t quantity = 0;
  std::string unit;  // a QuantityUnit id
  Date period_from, period_to;
  std::vector<CertKind> required_certs;
  std::vector<std::string> provinces;  // accepted origins; empty: any
  std::optional<int> max_distance;     // borders crossed from the buyer's province
  std::string note;
  DemandStatus status = DemandStatus::kOpen;
  DemandOrigin origin = DemandOrigin::kOfficer;
  bool approved = false;  // public demands become visible once an officer approves them
  Timestamp created_at;
  int64_t revision = 0;
  bool operator==(const Demand&) const = default;
};
// kInvalid naming the field: buyer name, a contact, a product or a category (known), quantity >
// 0 with a known unit, period ordered and at most 2 years long, provinces known, max_distance
// 0..10 and only with a buyer province.
Status ValidateDemand(const Demand& d, const RegionTable& regions);

// ---- linkage programmes and partner offers ---------------------------------------------------

using ProgrammeId = int64_t;
struct LinkageProgramme {
  ProgrammeId id = 0;
  std::string name;                    // "Chuỗi liên kết 7 tỉnh Đông Bắc"
  std::vector<std::string> provinces;  // member province codes
  std::string note;
  int64_t revision = 0;
  bool operator==(const LinkageProgramme&) const = default;
};
Status ValidateProgramme(const LinkageProgramme& p, const RegionTable& regions);

// A product of another province's catalogue, imported read-only: the product's public fields
// and its producer's public details, with where and when it was published.
struct PartnerOffer {
  std::string source;       // the publishing province's code
  std::string source_name;  // the publishing instance ("Liên minh HTX tỉnh Lào Cai")
  Date published_on;        // the catalogue's date
  Timestamp imported_at;
  std::string ref;  // the product's reference in its catalogue (unique per source)
  std::string org_code, org_name, org_province, org_address;
  Product product;  // id 0; org_code as org_code
  bool operator==(const PartnerOffer&) const = default;
};

// ---- matching --------------------------------------------------------------------------------

// One offer to match: an own product or a partner's.
struct Offer {
  std::string key;     // "product/12" or "partner/15/HG-003"
  std::string source;  // "" for own products, else the partner's province code
  std::string org_code, org_name;
  std::string province;  // the producer's province code
  const Product* product = nullptr;
};

enum class Factor { kProduct, kAvailability, kCapacity, kCertifications, kDistance };
const char* Id(Factor f);  // "product", "availability", "capacity", "certifications", "distance"

struct FactorScore {
  Factor factor = Factor::kProduct;
  int points = 0;
  int max_points = 0;
  std::string explanation;  // Vietnamese, e.g. "có hàng 3/4 tháng của kỳ (tháng 9-12)"
  bool operator==(const FactorScore&) const = default;
};

struct MatchResult {
  std::string key;                   // the offer's key
  int score = 0;                     // sum of points, 0..100
  std::vector<FactorScore> factors;  // in Factor order
  int64_t can_supply = 0;  // min(capacity, quantity) in the demand unit's base, 0: unknown
  std::optional<int> distance;
  bool operator==(const MatchResult&) const = default;
};

// Points: product 30 (category 20 + the demand's product words in the name 10), availability
// 20, capacity 20, certifications 20, distance 10. An offer is left out when its category
// differs, no month of the period is available, its province is not accepted or beyond the
// maximum distance, or the demand requires certifications and the offer holds none of them.
// Certificates count when valid on the period's first day. Ranked by score, then own products
// before partners', then distance, then what can be supplied, then the key — a total order.
std::vector<MatchResult> Match(const Demand& demand, std::span<const Offer> offers,
                               const RegionTable& regions);
// Scores one offer (nullopt when it is left out), as Match does.
std::optional<MatchResult> Score(const Demand& demand, const Offer& offer,
                                 const RegionTable& regions);

// The demands an offer matches, ranked as Match ranks offers (by score, then demand id).
struct DemandMatch {
  DemandId demand = 0;
  MatchResult result;
};
std::vector<DemandMatch> MatchDemands(const Offer& offer, std::span<const Demand> demands,
                                      const RegionTable& regions);

// Months of the period [from, to] as a bitmask (a period of 12 months or more is every month).
uint16_t PeriodMonths(Date from, Date to);

}  // namespace hoptac::domain
