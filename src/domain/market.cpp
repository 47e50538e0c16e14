#include "domain/market.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "base/text.hpp"
#include "domain/market_store.hpp"

namespace hoptac::domain {
namespace {

constexpr int64_t kMaxAmount = 1'000'000'000'000;

template <typename E>
struct Entry {
  E value;
  const char* id;
  const char* label;
};

constexpr std::array<Entry<KeyLevel>, 3> kKeyLevels{{
    {KeyLevel::kNone, "none", "Không"},
    {KeyLevel::kCommune, "commune", "Sản phẩm chủ lực cấp xã"},
    {KeyLevel::kProvince, "province", "Sản phẩm chủ lực cấp tỉnh"},
}};
constexpr std::array<Entry<CertKind>, 4> kCerts{{
    {CertKind::kVietGap, "vietgap", "VietGAP"},
    {CertKind::kOrganic, "organic", "Hữu cơ"},
    {CertKind::kGeoIndication, "gi", "Chỉ dẫn địa lý"},
    {CertKind::kTraceability, "traceability", "Truy xuất nguồn gốc"},
}};
constexpr std::array<CertKind, 4> kAllCerts{CertKind::kVietGap, CertKind::kOrganic,
                                            CertKind::kGeoIndication, CertKind::kTraceability};
constexpr std::array<Entry<ZoneKind>, 4> kZoneKinds{{
    {ZoneKind::kCrop, "crop", "Trồng trọt"},
    {ZoneKind::kLivestock, "livestock", "Chăn nuôi"},
    {ZoneKind::kForest, "forest", "Lâm nghiệp, dược liệu dưới tán rừng"},
    {ZoneKind::kAquaculture, "aquaculture", "Thủy sản"},
}};
constexpr std::array<Entry<DemandStatus>, 3> kStatuses{{
    {DemandStatus::kOpen, "open", "Đang tìm nguồn"},
    {DemandStatus::kMatched, "matched", "Đã kết nối"},
    {DemandStatus::kClosed, "closed", "Đã đóng"},
}};
constexpr std::array<Entry<DemandOrigin>, 2> kOrigins{{
    {DemandOrigin::kOfficer, "officer", "Cán bộ nhập"},
    {DemandOrigin::kPublic, "public", "Người mua gửi"},
}};
constexpr std::array<Entry<Factor>, 5> kFactors{{
    {Factor::kProduct, "product", "Sản phẩm"},
    {Factor::kAvailability, "availability", "Thời vụ"},
    {Factor::kCapacity, "capacity", "Sản lượng"},
    {Factor::kCertifications, "certifications", "Chứng nhận"},
    {Factor::kDistance, "distance", "Khoảng cách"},
}};

template <typename E, size_t N>
const Entry<E>& Find(const std::array<Entry<E>, N>& table, E v) {
  for (const auto& e : table) {
    if (e.value == v) return e;
  }
  return table[0];
}

template <typename E, size_t N>
Result<E> ParseId(const std::array<Entry<E>, N>& table, std::string_view s,
                  std::string_view field) {
  std::string ids;
  for (const auto& e : table) {
    if (s == e.id) return e.value;
    if (!ids.empty()) ids.append(", ");
    ids.append(e.id);
  }
  std::string f(field);
  std::string rule = f;
  rule.append(".known");
  std::string message = "expected one of: ";
  message.append(ids);
  return Error::Invalid(f, std::string(s), std::move(message), std::move(rule));
}

Status Fail(std::string field, std::string value, std::string message, std::string rule) {
  return Error::Invalid(std::move(field), std::move(value), std::move(message), std::move(rule));
}

Status CheckText(const char* field, const std::string& v, size_t max, bool required) {
  if (required && v.empty()) {
    return Fail(field, v, "required", std::string(field) + ".required");
  }
  if (v.size() > max) {
    return Fail(field, v.substr(0, 40), "at most " + std::to_string(max) + " bytes",
                std::string(field) + ".length");
  }
  if (!text::IsValidUtf8(v))
    return Fail(field, "", "not valid UTF-8", std::string(field) + ".utf8");
  return OkStatus();
}

bool IsHttpLink(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

int Popcount(uint16_t v) {
  int n = 0;
  for (; v != 0; v &= static_cast<uint16_t>(v - 1)) ++n;
  return n;
}

// The base amount of `amount` in `unit`, and the base unit (nullopt when the unit is unknown).
std::optional<std::pair<int64_t, std::string_view>> ToBase(int64_t amount, std::string_view unit) {
  const QuantityUnit* u = FindUnit(unit);
  if (u == nullptr) return std::nullopt;
  return std::make_pair(amount * u->factor, u->base);
}

std::string UnitLabel(std::string_view id) {
  const QuantityUnit* u = FindUnit(id);
  return u != nullptr ? std::string(u->label) : std::string(id);
}

std::string ProvinceName(std::string_view code) {
  const ProvinceInfo* p = FindProvince(code);
  return p != nullptr ? std::string(p->name) : std::string(code);
}

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "0%";
  return std::to_string(part * 100 / whole) + "%";
}

}  // namespace

// ---- enums -----------------------------------------------------------------------------------

const char* Id(KeyLevel v) { return Find(kKeyLevels, v).id; }
const char* Id(CertKind v) { return Find(kCerts, v).id; }
const char* Label(KeyLevel v) { return Find(kKeyLevels, v).label; }
const char* Label(CertKind v) { return Find(kCerts, v).label; }
Result<KeyLevel> ParseKeyLevel(std::string_view s, std::string_view field) {
  return ParseId(kKeyLevels, s, field);
}
Result<CertKind> ParseCertKind(std::string_view s, std::string_view field) {
  return ParseId(kCerts, s, field);
}
std::span<const CertKind> AllCertKinds() { return kAllCerts; }
const char* Id(ZoneKind v) { return Find(kZoneKinds, v).id; }
const char* Label(ZoneKind v) { return Find(kZoneKinds, v).label; }
Result<ZoneKind> ParseZoneKind(std::string_view s, std::string_view field) {
  return ParseId(kZoneKinds, s, field);
}
const char* Id(DemandStatus v) { return Find(kStatuses, v).id; }
const char* Id(DemandOrigin v) { return Find(kOrigins, v).id; }
const char* Label(DemandStatus v) { return Find(kStatuses, v).label; }
Result<DemandStatus> ParseDemandStatus(std::string_view s, std::string_view field) {
  return ParseId(kStatuses, s, field);
}
const char* Id(Factor f) { return Find(kFactors, f).id; }

bool ValidOn(const Certification& c, Date d) {
  if (c.valid_from && d < *c.valid_from) return false;
  if (c.valid_to && d > *c.valid_to) return false;
  return true;
}

// ---- months ----------------------------------------------------------------------------------

std::string MonthsText(uint16_t months) {
  std::string out;
  int m = 0;
  while (m < 12) {
    if ((months & (1u << m)) == 0) {
      ++m;
      continue;
    }
    int end = m;
    while (end + 1 < 12 && (months & (1u << (end + 1))) != 0) ++end;
    if (!out.empty()) out.push_back(',');
    out.append(std::to_string(m + 1));
    if (end > m) {
      out.push_back('-');
      out.append(std::to_string(end + 1));
    }
    m = end + 1;
  }
  return out;
}

Result<uint16_t> ParseMonths(std::string_view text, std::string_view field) {
  const std::string f(field);
  auto bad = [&](std::string message) -> Error {
    return Error::Invalid(f, std::string(text), std::move(message), f + ".format");
  };
  uint16_t out = 0;
  size_t i = 0;
  auto number = [&](int& v) -> bool {
    size_t start = i;
    v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      v = v * 10 + (text[i] - '0');
      ++i;
    }
    return i > start && v >= 1 && v <= 12;
  };
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    int a = 0;
    if (!number(a)) return bad("use months 1–12 as \"1-3,10-12\"");
    int b = a;
    if (i < text.size() && text[i] == '-') {
      ++i;
      if (!number(b)) return bad("use months 1–12 as \"1-3,10-12\"");
    }
    // A range may wrap the year ("11-2" is November to February).
    for (int m = a;; m = m % 12 + 1) {
      out = static_cast<uint16_t>(out | (1u << (m - 1)));
      if (m == b) break;
    }
    while (i < text.size() && text[i] == ' ') ++i;
    if (i < text.size()) {
      if (text[i] != ',' || i + 1 == text.size()) return bad("use months 1–12 as \"1-3,10-12\"");
      ++i;
    }
  }
  return out;
}

uint16_t PeriodMonths(Date from, Date to) {
  if (to < from) return 0;
  const int start = from.year() * 12 + (from.month() - 1);
  const int end = to.year() * 12 + (to.month() - 1);
  if (end - start >= 11) return kAllMonths;
  uint16_t out = 0;
  for (int k = start; k <= end; ++k) out = static_cast<uint16_t>(out | (1u << (k % 12)));
  return out;
}

std::string HectaresText(int64_t centiha) {
  std::string out = std::to_string(centiha / 100);
  const int64_t frac = centiha % 100;
  if (frac != 0) {
    out.push_back('.');
    out.push_back(static_cast<char>('0' + frac / 10));
    if (frac % 10 != 0) out.push_back(static_cast<char>('0' + frac % 10));
  }
  return out;
}

Result<int64_t> ParseHectares(std::string_view text, std::string_view field) {
  const std::string f(field);
  auto bad = [&]() -> Error {
    return Error::Invalid(f, std::string(text), "use hectares with at most 2 decimals (12.5)",
                          f + ".format");
  };
  if (text.empty() || text.size() > 12) return bad();
  int64_t whole = 0, frac = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    whole = whole * 10 + (text[i] - '0');
  }
  if (i == 0) return bad();
  if (i < text.size()) {
    const std::string_view rest = text.substr(i + 1);
    if (rest.empty() || rest.size() > 2) return bad();
    for (char c : rest) {
      if (c < '0' || c > '9') return bad();
    }
    frac = (rest[0] - '0') * 10 + (rest.size() == 2 ? rest[1] - '0' : 0);
  }
  return whole * 100 + frac;
}

// ---- validation ------------------------------------------------------------------------------

Status ValidateProduct(const Product& p, Date today) {
  HOPTAC_RETURN_IF_ERROR(CheckText("org_code", p.org_code, 20, true));
  HOPTAC_RETURN_IF_ERROR(CheckText("name", p.name, 200, true));
  if (FindCategory(p.category) == nullptr) {
    return Fail("category", p.category, "not a category of the taxonomy", "category.known");
  }
  if (p.ocop_stars < 0 || p.ocop_stars > 5) {
    return Fail("ocop_stars", std::to_string(p.ocop_stars), "OCOP stars are 1–5 (0: not rated)",
                "ocop_stars.range");
  }
  if (p.ocop_stars > 0 && (p.ocop_year < 2010 || p.ocop_year > today.year())) {
    return Fail("ocop_year", std::to_string(p.ocop_year),
                "a rated product needs the year of its rating (2010 up to this year)",
                "ocop_year.range");
  }
  if (p.ocop_stars == 0 && p.ocop_year != 0) {
    return Fail("ocop_year", std::to_string(p.ocop_year), "a year only with OCOP stars",
                "ocop_year.without_stars");
  }
  std::set<std::pair<CertKind, std::string>> seen;
  for (size_t i = 0; i < p.certifications.size(); ++i) {
    const Certification& c = p.certifications[i];
    const std::string f = "certifications[" + std::to_string(i) + "]";
    if (c.valid_from && c.valid_to && *c.valid_to < *c.valid_from) {
      return Fail(f + ".valid_to", c.valid_to->ToString(), "the validity ends before it starts",
                  "certification.dates");
    }
    if (c.kind == CertKind::kTraceability && c.code.empty()) {
      return Fail(f + ".code", "", "a traceability certification needs its code",
                  "certification.code");
    }
    if (std::any_of(c.code.begin(), c.code.end(),
                    [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == ';'; })) {
      return Fail(f + ".code", c.code, "no ';' and no control characters", "certification.code");
    }
    if (c.code.size() > 100) {
      return Fail(f + ".code", c.code.substr(0, 40), "at most 100 bytes", "certification.code");
    }
    if (!seen.insert({c.kind, c.code}).second) {
      return Fail(f, Id(c.kind), "this certification is listed twice", "certification.duplicate");
    }
  }
  if ((p.months & ~kAllMonths) != 0) {
    return Fail("months", std::to_string(p.months), "months are 1–12", "months.range");
  }
  if (p.capacity < 0 || p.capacity > kMaxAmount) {
    return Fail("capacity", std::to_string(p.capacity), "0 up to 10^12", "capacity.range");
  }
  if (p.capacity > 0 && FindUnit(p.capacity_unit) == nullptr) {
    return Fail("capacity_unit", p.capacity_unit, "a capacity needs a known unit",
                "capacity_unit.known");
  }
  if (p.capacity == 0 && !p.capacity_unit.empty() && FindUnit(p.capacity_unit) == nullptr) {
    return Fail("capacity_unit", p.capacity_unit, "not a known unit", "capacity_unit.known");
  }
  if (p.price_min && (*p.price_min < 0 || *p.price_min > kMaxAmount)) {
    return Fail("price_min", std::to_string(*p.price_min), "not negative", "price.negative");
  }
  if (p.price_max && (*p.price_max < 0 || *p.price_max > kMaxAmount)) {
    return Fail("price_max", std::to_string(*p.price_max), "not negative", "price.negative");
  }
  if (p.price_min && p.price_max && *p.price_max < *p.price_min) {
    return Fail("price_max", std::to_string(*p.price_max), "the highest price is below the lowest",
                "price.range");
  }
  HOPTAC_RETURN_IF_ERROR(CheckText("packaging", p.packaging, 200, false));
  HOPTAC_RETURN_IF_ERROR(CheckText("photo_url", p.photo_url, 500, false));
  if (!p.photo_url.empty() && !IsHttpLink(p.photo_url)) {
    return Fail("photo_url", p.photo_url, "an http:// or https:// link", "photo_url.link");
  }
  HOPTAC_RETURN_IF_ERROR(CheckText("description", p.description, 2000, false));
  return OkStatus();
}

Status ValidateZone(const RawMaterialZone& z) {
  HOPTAC_RETURN_IF_ERROR(CheckText("name", z.name, 200, true));
  HOPTAC_RETURN_IF_ERROR(CheckText("crop", z.crop, 200, true));
  if (z.area_centiha <= 0) {
    return Fail("area_ha", HectaresText(z.area_centiha), "the area is more than 0 ha",
                "area.positive");
  }
  if (z.communes.empty()) {
    return Fail("communes", "", "a zone lies in at least one commune", "communes.required");
  }
  for (const auto& c : z.communes) {
    if (c.size() != 5 ||
        !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return Fail("communes", c, "a commune code has 5 digits", "communes.code");
    }
  }
  HOPTAC_RETURN_IF_ERROR(CheckText("note", z.note, 2000, false));
  return OkStatus();
}

Status ValidateDemand(const Demand& d, const RegionTable& regions) {
  HOPTAC_RETURN_IF_ERROR(CheckText("buyer_name", d.buyer_name, 200, true));
  HOPTAC_RETURN_IF_ERROR(CheckText("buyer_org", d.buyer_org, 200, false));
  HOPTAC_RETURN_IF_ERROR(CheckText("contact", d.contact, 200, true));
  if (!d.buyer_province.empty() && !regions.Known(d.buyer_province)) {
    return Fail("buyer_province", d.buyer_province, "not a province code", "province.known");
  }
  HOPTAC_RETURN_IF_ERROR(CheckText("product", d.product, 200, false));
  if (d.product.empty() && d.category.empty()) {
    return Fail("product", "", "name a product or a category", "demand.what");
  }
  if (!d.category.empty() && FindCategory(d.category) == nullptr) {
    return Fail("category", d.category, "not a category of the taxonomy", "category.known");
  }
  if (d.quantity <= 0 || d.quantity > kMaxAmount) {
    return Fail("quantity", std::to_string(d.quantity), "more than 0, up to 10^12",
                "quantity.range");
  }
  if (FindUnit(d.unit) == nullptr) {
    return Fail("unit", d.unit, "not a known unit", "unit.known");
  }
  if (d.period_to < d.period_from) {
    return Fail("period_to", d.period_to.ToString(), "the period ends before it starts",
                "period.order");
  }
  if (d.period_to > d.period_from.AddYears(2)) {
    return Fail("period_to", d.period_to.ToString(), "a period of at most 2 years",
                "period.length");
  }
  for (const auto& p : d.provinces) {
    if (!regions.Known(p)) {
      return Fail("provinces", p, "not a province code", "province.known");
    }
  }
  if (d.max_distance) {
    if (*d.max_distance < 0 || *d.max_distance > 10) {
      return Fail("max_distance", std::to_string(*d.max_distance),
                  "0–10 provinces' borders crossed", "max_distance.range");
    }
    if (d.buyer_province.empty()) {
      return Fail("max_distance", std::to_string(*d.max_distance),
                  "a distance is counted from the buyer's province: give it",
                  "max_distance.needs_province");
    }
  }
  HOPTAC_RETURN_IF_ERROR(CheckText("note", d.note, 2000, false));
  return OkStatus();
}

Status ValidateProgramme(const LinkageProgramme& p, const RegionTable& regions) {
  HOPTAC_RETURN_IF_ERROR(CheckText("name", p.name, 200, true));
  if (p.provinces.empty()) {
    return Fail("provinces", "", "a programme has member provinces", "provinces.required");
  }
  std::set<std::string> seen;
  for (const auto& c : p.provinces) {
    if (!regions.Known(c)) return Fail("provinces", c, "not a province code", "province.known");
    if (!seen.insert(c).second) {
      return Fail("provinces", c, "listed twice", "provinces.duplicate");
    }
  }
  HOPTAC_RETURN_IF_ERROR(CheckText("note", p.note, 2000, false));
  return OkStatus();
}

// ---- matching --------------------------------------------------------------------------------

std::optional<MatchResult> Score(const Demand& demand, const Offer& offer,
                                 const RegionTable& regions) {
  if (offer.product == nullptr) return std::nullopt;
  const Product& p = *offer.product;
  MatchResult r;
  r.key = offer.key;

  // Product: the category (20) and the demand's words in the product's name (10).
  {
    FactorScore f{Factor::kProduct, 0, 30, {}};
    const std::vector<std::string> words = text::Tokens(text::Fold(demand.product));
    const std::string name = text::Fold(p.name);
    const std::vector<std::string> name_words = text::Tokens(name);
    size_t found = 0;
    for (const auto& w : words) {
      if (std::find(name_words.begin(), name_words.end(), w) != name_words.end()) ++found;
    }
    const ProductCategory* cat = FindCategory(p.category);
    const std::string cat_label = cat != nullptr ? std::string(cat->label_vi) : p.category;
    if (!demand.category.empty()) {
      if (demand.category != p.category) return std::nullopt;
      f.points += 20;
      f.explanation = "cùng nhóm " + cat_label;
    } else {
      // No category asked: the product's words decide; all of them must be in the name.
      if (words.empty() || found < words.size()) return std::nullopt;
      f.points += 20;
      f.explanation = "tên sản phẩm khớp \"" + demand.product + "\"";
    }
    if (!words.empty()) {
      const int word_points = static_cast<int>(10 * found / words.size());
      f.points += word_points;
      if (!demand.category.empty()) {
        f.explanation += "; tên khớp " + std::to_string(found) + "/" +
                         std::to_string(words.size()) + " từ của \"" + demand.product + "\"";
      }
    } else {
      f.points += 10;  // any product of the category is wanted
      f.explanation += "; người mua nhận mọi sản phẩm của nhóm";
    }
    r.factors.push_back(std::move(f));
  }

  // Availability: months of the period in which the product is available (20).
  {
    const uint16_t wanted = PeriodMonths(demand.period_from, demand.period_to);
    const uint16_t overlap = static_cast<uint16_t>(wanted & p.months);
    const int n_wanted = Popcount(wanted), n_overlap = Popcount(overlap);
    if (n_wanted == 0 || n_overlap == 0) return std::nullopt;
    FactorScore f{Factor::kAvailability, 20 * n_overlap / n_wanted, 20, {}};
    f.explanation = "có hàng " + std::to_string(n_overlap) + "/" + std::to_string(n_wanted) +
                    " tháng của kỳ (tháng " + MonthsText(overlap) + ")";
    r.factors.push_back(std::move(f));
  }

  // Capacity against the quantity, in a common base unit; partial supply scores in proportion.
  {
    FactorScore f{Factor::kCapacity, 0, 20, {}};
    const auto want = ToBase(demand.quantity, demand.unit);
    const auto have = ToBase(p.capacity, p.capacity_unit);
    if (p.capacity <= 0 || !have) {
      f.explanation = "chưa khai báo sản lượng";
    } else if (!want || want->second != have->second) {
      f.explanation =
          "đơn vị khác (" + UnitLabel(p.capacity_unit) + " so với " + UnitLabel(demand.unit) + ")";
    } else {
      r.can_supply = std::min(have->first, want->first);
      if (have->first >= want->first) {
        f.points = 20;
        f.explanation = "đủ sản lượng: " + std::to_string(p.capacity) + " " +
                        UnitLabel(p.capacity_unit) + "/vụ cho " + std::to_string(demand.quantity) +
                        " " + UnitLabel(demand.unit);
      } else {
        f.points = static_cast<int>(20 * have->first / want->first);
        f.explanation = "đáp ứng một phần: " + std::to_string(p.capacity) + " " +
                        UnitLabel(p.capacity_unit) + "/vụ, " + Percent(have->first, want->first) +
                        " của " + std::to_string(demand.quantity) + " " + UnitLabel(demand.unit);
      }
    }
    r.factors.push_back(std::move(f));
  }

  // Certifications required, held and valid on the period's first day.
  {
    FactorScore f{Factor::kCertifications, 0, 20, {}};
    std::vector<CertKind> required = demand.required_certs;
    std::sort(required.begin(), required.end());
    required.erase(std::unique(required.begin(), required.end()), required.end());
    if (required.empty()) {
      f.points = 20;
      f.explanation = "không yêu cầu chứng nhận";
    } else {
      std::string held, missing;
      size_t n_held = 0;
      for (CertKind k : required) {
        const bool ok = std::any_of(
            p.certifications.begin(), p.certifications.end(),
            [&](const Certification& c) { return c.kind == k && ValidOn(c, demand.period_from); });
        std::string& list = ok ? held : missing;
        if (!list.empty()) list.append(", ");
        list.append(Label(k));
        if (ok) ++n_held;
      }
      if (n_held == 0) return std::nullopt;
      f.points = static_cast<int>(20 * n_held / required.size());
      f.explanation =
          "có " + std::to_string(n_held) + "/" + std::to_string(required.size()) + ": " + held;
      if (!missing.empty()) f.explanation += "; thiếu " + missing;
    }
    r.factors.push_back(std::move(f));
  }

  // Distance from the buyer's province, in borders crossed.
  {
    FactorScore f{Factor::kDistance, 0, 10, {}};
    if (!demand.provinces.empty() && std::find(demand.provinces.begin(), demand.provinces.end(),
                                               offer.province) == demand.provinces.end()) {
      return std::nullopt;
    }
    std::optional<int> dist;
    if (!demand.buyer_province.empty())
      dist = regions.Distance(demand.buyer_province, offer.province);
    r.distance = dist;
    if (demand.max_distance && (!dist || *dist > *demand.max_distance)) return std::nullopt;
    const std::string where = ProvinceName(offer.province);
    if (!demand.provinces.empty()) {
      f.points = 10;
      f.explanation = where + " thuộc các tỉnh người mua chọn";
      if (dist) f.explanation += " (cách " + std::to_string(*dist) + " ranh giới tỉnh)";
    } else if (!dist) {
      f.points = 0;
      f.explanation = demand.buyer_province.empty() ? "người mua không nêu tỉnh"
                                                    : "không xác định khoảng cách tới " + where;
    } else {
      f.points = std::max(0, 10 - 3 * *dist);
      f.explanation = *dist == 0 ? "cùng tỉnh: " + where
                                 : where + " cách " + std::to_string(*dist) + " ranh giới tỉnh";
    }
    r.factors.push_back(std::move(f));
  }

  for (const auto& f : r.factors) r.score += f.points;
  return r;
}

namespace {

// The ranking of two scored offers: score, own before partner, nearer, more supplied, key.
bool Better(const MatchResult& a, bool a_own, const MatchResult& b, bool b_own) {
  if (a.score != b.score) return a.score > b.score;
  if (a_own != b_own) return a_own;
  const int da = a.distance.value_or(1000), db = b.distance.value_or(1000);
  if (da != db) return da < db;
  if (a.can_supply != b.can_supply) return a.can_supply > b.can_supply;
  return a.key < b.key;
}

}  // namespace

std::vector<MatchResult> Match(const Demand& demand, std::span<const Offer> offers,
                               const RegionTable& regions) {
  std::vector<std::pair<MatchResult, bool>> scored;
  for (const Offer& o : offers) {
    auto r = Score(demand, o, regions);
    if (r) scored.emplace_back(std::move(*r), o.source.empty());
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return Better(a.first, a.second, b.first, b.second);
  });
  std::vector<MatchResult> out;
  out.reserve(scored.size());
  for (auto& [r, own] : scored) out.push_back(std::move(r));
  return out;
}

std::vector<DemandMatch> MatchDemands(const Offer& offer, std::span<const Demand> demands,
                                      const RegionTable& regions) {
  std::vector<DemandMatch> out;
  for (const Demand& d : demands) {
    auto r = Score(d, offer, regions);
    if (r) out.push_back({d.id, std::move(*r)});
  }
  std::sort(out.begin(), out.end(), [](const DemandMatch& a, const DemandMatch& b) {
    if (a.result.score != b.result.score) return a.result.score > b.result.score;
    return a.demand < b.demand;
  });
  return out;
}

// ---- storage encodings -----------------------------------------------------------------------

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out.push_back(',');
    out.append(c);
  }
  return out;
}

std::vector<std::string> SplitCodes(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string EncodeCertifications(const std::vector<Certification>& certs) {
  std::string out;
  for (const auto& c : certs) {
    if (!out.empty()) out.push_back('\n');
    out.append(Id(c.kind));
    out.push_back('|');
    if (c.valid_from) out.append(c.valid_from->ToString());
    out.push_back('|');
    if (c.valid_to) out.append(c.valid_to->ToString());
    out.push_back('|');
    out.append(c.code);
  }
  return out;
}

std::vector<Certification> DecodeCertifications(std::string_view text) {
  std::vector<Certification> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const size_t a = line.find('|');
    const size_t b = a == std::string_view::npos ? a : line.find('|', a + 1);
    const size_t c = b == std::string_view::npos ? b : line.find('|', b + 1);
    if (c == std::string_view::npos) continue;
    auto kind = ParseCertKind(line.substr(0, a));
    if (!kind.ok()) continue;
    Certification cert;
    cert.kind = *kind;
    if (b > a + 1) {
      auto d = Date::Parse(line.substr(a + 1, b - a - 1));
      if (d.ok()) cert.valid_from = *d;
    }
    if (c > b + 1) {
      auto d = Date::Parse(line.substr(b + 1, c - b - 1));
      if (d.ok()) cert.valid_to = *d;
    }
    cert.code = std::string(line.substr(c + 1));
    out.push_back(std::move(cert));
  }
  return out;
}

std::string EncodeCertKinds(const std::vector<CertKind>& kinds) {
  std::vector<std::string> ids;
  for (CertKind k : kinds) ids.emplace_back(Id(k));
  return JoinCodes(ids);
}

std::vector<CertKind> DecodeCertKinds(std::string_view text) {
  std::vector<CertKind> out;
  for (const auto& id : SplitCodes(text)) {
    auto k = ParseCertKind(id);
    if (k.ok()) out.push_back(*k);
  }
  return out;
}

}  // namespace hoptac::domain
