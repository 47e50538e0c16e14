#include "app/market.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "app/access.hpp"
#include "base/text.hpp"
#include "domain/area.hpp"
#include "exchange/columns.hpp"
#include "exchange/xlsx_reader.hpp"
#include "report/render.hpp"

namespace hoptac::app {

using domain::Demand;
using domain::LinkageProgramme;
using domain::PartnerOffer;
using domain::Product;
using domain::RawMaterialZone;
using Json = nlohmann::json;

namespace {

constexpr char kCatalogueFormat[] = "hoptac-catalogue";

Status Nfc(std::string& s, std::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(s, text::ToNfc(s, field));
  return OkStatus();
}

// ---- reading JSON ----------------------------------------------------------------------------

// Typed reads of an object's members, with errors naming the member (prefixed by `where`).
class Reader {
 public:
  Reader(const Json& j, std::string where) : j_(j), where_(std::move(where)) {}

  Status Object() const {
    if (j_.is_object()) return OkStatus();
    return Error::Invalid(where_.empty() ? "body" : where_, "", "expected a JSON object",
                          "json.object");
  }
  bool Has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

  Result<std::string> Text(const char* key) const {
    if (!Has(key)) return std::string();
    const Json& v = j_.at(key);
    if (!v.is_string()) return Bad(key, v, "expected text");
    return text::ToNfc(v.get<std::string>(), Name(key));
  }
  Result<std::optional<int64_t>> OptInt(const char* key) const {
    if (!Has(key)) return std::optional<int64_t>();
    const Json& v = j_.at(key);
    if (!v.is_number_integer()) return Bad(key, v, "expected a whole number");
    return std::optional<int64_t>(v.get<int64_t>());
  }
  Result<int64_t> Int(const char* key) const {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptInt(key));
    return v.value_or(0);
  }
  Result<bool> Bool(const char* key) const {
    if (!Has(key)) return false;
    const Json& v = j_.at(key);
    if (!v.is_boolean()) return Bad(key, v, "expected true or false");
    return v.get<bool>();
  }
  Result<std::optional<Date>> OptDate(const char* key) const {
    HOPTAC_ASSIGN_OR_RETURN(std::string s, Text(key));
    if (s.empty()) return std::optional<Date>();
    HOPTAC_ASSIGN_OR_RETURN(Date d, Date::Parse(s, Name(key)));
    return std::optional<Date>(d);
  }
  Result<std::vector<std::string>> Texts(const char* key) const {
    std::vector<std::string> out;
    if (!Has(key)) return out;
    const Json& v = j_.at(key);
    if (!v.is_array()) return Bad(key, v, "expected a list");
    for (const auto& item : v) {
      if (!item.is_string()) return Bad(key, item, "expected a list of texts");
      HOPTAC_ASSIGN_OR_RETURN(std::string s, text::ToNfc(item.get<std::string>(), Name(key)));
      out.push_back(std::move(s));
    }
    return out;
  }
  std::string Name(const char* key) const {
    if (where_.empty()) return key;
    std::string out = where_;
    out.push_back('.');
    out.append(key);
    return out;
  }
  const Json& At(const char* key) const { return j_.at(key); }

 private:
  Error Bad(const char* key, const Json& v, const char* message) const {
    std::string value = v.is_string() ? v.get<std::string>() : v.dump();
    if (value.size() > 60) value.resize(60);
    return Error::Invalid(Name(key), value, message, "json.type");
  }
  const Json& j_;
  std::string where_;
};

Result<std::vector<domain::Certification>> CertsFromJson(const Reader& r) {
  std::vector<domain::Certification> out;
  if (!r.Has("certifications")) return out;
  const Json& list = r.At("certifications");
  if (!list.is_array()) {
    return Error::Invalid(r.Name("certifications"), "", "expected a list", "json.type");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    Reader c(list[i], r.Name("certifications") + "[" + std::to_string(i) + "]");
    HOPTAC_RETURN_IF_ERROR(c.Object());
    domain::Certification cert;
    HOPTAC_ASSIGN_OR_RETURN(std::string kind, c.Text("kind"));
    HOPTAC_ASSIGN_OR_RETURN(cert.kind, domain::ParseCertKind(kind, c.Name("kind")));
    HOPTAC_ASSIGN_OR_RETURN(cert.code, c.Text("code"));
    HOPTAC_ASSIGN_OR_RETURN(cert.valid_from, c.OptDate("valid_from"));
    HOPTAC_ASSIGN_OR_RETURN(cert.valid_to, c.OptDate("valid_to"));
    out.push_back(std::move(cert));
  }
  return out;
}

// The product fields of a JSON object (shared by API bodies and catalogue entries).
Status ProductFieldsFromJson(const Reader& r, Product& p) {
  HOPTAC_RETURN_IF_ERROR(r.Object());
  HOPTAC_ASSIGN_OR_RETURN(p.org_code, r.Text("org_code"));
  HOPTAC_ASSIGN_OR_RETURN(p.name, r.Text("name"));
  HOPTAC_ASSIGN_OR_RETURN(p.category, r.Text("category"));
  HOPTAC_ASSIGN_OR_RETURN(std::string level, r.Text("key_level"));
  if (!level.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(p.key_level, domain::ParseKeyLevel(level, r.Name("key_level")));
  }
  HOPTAC_ASSIGN_OR_RETURN(int64_t stars, r.Int("ocop_stars"));
  HOPTAC_ASSIGN_OR_RETURN(int64_t year, r.Int("ocop_year"));
  if (stars < 0 || stars > 5) {
    return Error::Invalid(r.Name("ocop_stars"), std::to_string(stars),
                          "OCOP stars are 1–5 (0: not rated)", "ocop_stars.range");
  }
  if (year < 0 || year > 9999) {
    return Error::Invalid(r.Name("ocop_year"), std::to_string(year), "a year", "ocop_year.range");
  }
  p.ocop_stars = static_cast<int>(stars);
  p.ocop_year = static_cast<int>(year);
  HOPTAC_ASSIGN_OR_RETURN(p.certifications, CertsFromJson(r));
  HOPTAC_ASSIGN_OR_RETURN(std::string months, r.Text("months"));
  HOPTAC_ASSIGN_OR_RETURN(p.months, domain::ParseMonths(months, r.Name("months")));
  HOPTAC_ASSIGN_OR_RETURN(p.capacity, r.Int("capacity"));
  HOPTAC_ASSIGN_OR_RETURN(p.capacity_unit, r.Text("capacity_unit"));
  HOPTAC_ASSIGN_OR_RETURN(p.price_min, r.OptInt("price_min"));
  HOPTAC_ASSIGN_OR_RETURN(p.price_max, r.OptInt("price_max"));
  HOPTAC_ASSIGN_OR_RETURN(p.packaging, r.Text("packaging"));
  HOPTAC_ASSIGN_OR_RETURN(p.photo_url, r.Text("photo_url"));
  HOPTAC_ASSIGN_OR_RETURN(p.description, r.Text("description"));
  return OkStatus();
}

Json CertsJson(const std::vector<domain::Certification>& certs) {
  Json out = Json::array();
  for (const auto& c : certs) {
    Json j = {{"kind", domain::Id(c.kind)}, {"label", domain::Label(c.kind)}, {"code", c.code}};
    j["valid_from"] = c.valid_from ? Json(c.valid_from->ToString()) : Json(nullptr);
    j["valid_to"] = c.valid_to ? Json(c.valid_to->ToString()) : Json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

// The product's public fields, without its id (catalogue entries and API answers share them).
Json ProductFieldsJson(const Product& p) {
  const domain::ProductCategory* cat = domain::FindCategory(p.category);
  Json j = {
      {"org_code", p.org_code},
      {"name", p.name},
      {"category", p.category},
      {"category_label", cat != nullptr ? std::string(cat->label_vi) : p.category},
      {"key_level", domain::Id(p.key_level)},
      {"ocop_stars", p.ocop_stars},
      {"ocop_year", p.ocop_year},
      {"certifications", CertsJson(p.certifications)},
      {"months", domain::MonthsText(p.months)},
      {"capacity", p.capacity},
      {"capacity_unit", p.capacity_unit},
  };
  j["price_min"] = p.price_min ? Json(*p.price_min) : Json(nullptr);
  j["price_max"] = p.price_max ? Json(*p.price_max) : Json(nullptr);
  j["packaging"] = p.packaging;
  j["photo_url"] = p.photo_url;
  j["description"] = p.description;
  return j;
}

// ---- catalogue files -------------------------------------------------------------------------

// The catalogue columns of the XLSX sheet: id, Vietnamese heading, report column type.
struct CatColumn {
  const char* id;
  const char* label;
  report::ColumnType type;
};
constexpr CatColumn kCatColumns[] = {
    {"ref", "Mã sản phẩm", report::ColumnType::kText},
    {"org_code", "Mã số HTX", report::ColumnType::kText},
    {"org_name", "Tên tổ chức", report::ColumnType::kText},
    {"org_province", "Mã tỉnh", report::ColumnType::kText},
    {"org_address", "Địa chỉ", report::ColumnType::kText},
    {"name", "Tên sản phẩm", report::ColumnType::kText},
    {"category", "Nhóm sản phẩm", report::ColumnType::kText},
    {"key_level", "Sản phẩm chủ lực", report::ColumnType::kText},
    {"ocop_stars", "Số sao OCOP", report::ColumnType::kCount},
    {"ocop_year", "Năm xếp hạng OCOP", report::ColumnType::kCount},
    {"certifications", "Chứng nhận", report::ColumnType::kText},
    {"months", "Tháng có hàng", report::ColumnType::kText},
    {"capacity", "Sản lượng mỗi vụ", report::ColumnType::kCount},
    {"capacity_unit", "Đơn vị", report::ColumnType::kText},
    {"price_min", "Giá thấp nhất", report::ColumnType::kMoney},
    {"price_max", "Giá cao nhất", report::ColumnType::kMoney},
    {"packaging", "Quy cách đóng gói", report::ColumnType::kText},
    {"photo_url", "Ảnh", report::ColumnType::kText},
    {"description", "Mô tả", report::ColumnType::kText},
};
constexpr size_t kCatColumnCount = sizeof(kCatColumns) / sizeof(kCatColumns[0]);
constexpr char kParamSource[] = "Mã tỉnh nguồn";
constexpr char kParamSourceName[] = "Đơn vị công bố";
constexpr char kParamPublished[] = "Ngày công bố";

// Certifications in one cell: kind|from|to|code, separated by "; " (a code holds no ';').
std::string CertsCell(const std::vector<domain::Certification>& certs) {
  std::string out;
  for (char ch : domain::EncodeCertifications(certs)) {
    if (ch == '\n') {
      out.append("; ");
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::vector<domain::Certification> CertsFromCell(std::string_view cell) {
  std::string lines;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(';', start);
    if (end == std::string_view::npos) end = cell.size();
    std::string_view part = cell.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) {
      if (!lines.empty()) lines.push_back('\n');
      lines.append(part);
    }
    start = end + 1;
  }
  return domain::DecodeCertifications(lines);
}

Result<std::string> WriteXlsxCatalogue(const Catalogue& c) {
  report::Table t;
  t.report_id = "catalogue";
  t.title = "Danh mục sản phẩm";
  t.parameters = {{kParamSource, c.source},
                  {kParamSourceName, c.source_name},
                  {kParamPublished, c.published_on.ToString()}};
  for (const auto& col : kCatColumns) t.columns.push_back({col.id, col.label, col.type});
  for (const auto& o : c.offers) {
    const Product& p = o.product;
    report::Row row;
    auto text = [&](std::string s) { row.cells.emplace_back(std::move(s)); };
    auto num = [&](std::optional<int64_t> v) {
      if (v) {
        row.cells.emplace_back(*v);
      } else {
        row.cells.emplace_back(std::monostate{});
      }
    };
    text(o.ref);
    text(o.org_code);
    text(o.org_name);
    text(o.org_province);
    text(o.org_address);
    text(p.name);
    text(p.category);
    text(domain::Id(p.key_level));
    num(p.ocop_stars);
    num(p.ocop_year);
    text(CertsCell(p.certifications));
    text(domain::MonthsText(p.months));
    num(p.capacity);
    text(p.capacity_unit);
    num(p.price_min);
    num(p.price_max);
    text(p.packaging);
    text(p.photo_url);
    text(p.description);
    t.rows.push_back(std::move(row));
  }
  return report::RenderXlsx(t);
}

Error BadCell(size_t line, const char* column, std::string value, std::string message) {
  std::string field = "row ";
  field.append(std::to_string(line)).append(".").append(column);
  return Error::Invalid(std::move(field), std::move(value), std::move(message), "catalogue.cell");
}

Result<Catalogue> ReadXlsxCatalogue(std::string_view bytes) {
  HOPTAC_ASSIGN_OR_RETURN(exchange::Sheet sheet, exchange::ReadXlsx(bytes, {}));
  Catalogue c;
  bool have_source = false, have_date = false;
  size_t header = sheet.rows.size();
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    const auto& cells = sheet.rows[i].cells;
    if (cells.empty()) continue;
    const std::string key = exchange::HeaderKey(cells[0]);
    const std::string value = cells.size() > 1 ? cells[1] : "";
    if (key == exchange::HeaderKey(kParamSource)) {
      c.source = value;
      have_source = true;
    } else if (key == exchange::HeaderKey(kParamSourceName)) {
      c.source_name = value;
    } else if (key == exchange::HeaderKey(kParamPublished)) {
      HOPTAC_ASSIGN_OR_RETURN(c.published_on, Date::Parse(value, kParamPublished));
      have_date = true;
    } else if (key == exchange::HeaderKey(kCatColumns[0].label)) {
      header = i;
      break;
    }
  }
  if (!have_source || !have_date || header == sheet.rows.size()) {
    return Error::Invalid("file", "",
                          "not a hoptac catalogue: the source, its date and the heading row "
                          "\"Mã sản phẩm\" are needed",
                          "catalogue.format");
  }
  // Columns by heading.
  std::vector<int> at(kCatColumnCount, -1);
  const auto& heads = sheet.rows[header].cells;
  for (size_t h = 0; h < heads.size(); ++h) {
    for (size_t k = 0; k < kCatColumnCount; ++k) {
      if (exchange::HeaderKey(heads[h]) == exchange::HeaderKey(kCatColumns[k].label)) {
        at[k] = static_cast<int>(h);
      }
    }
  }
  for (size_t k = 0; k < kCatColumnCount; ++k) {
    if (at[k] < 0) {
      return Error::Invalid("file", kCatColumns[k].label, "this column is missing",
                            "catalogue.column");
    }
  }
  for (size_t i = header + 1; i < sheet.rows.size(); ++i) {
    const auto& row = sheet.rows[i];
    auto cell = [&](size_t k) -> std::string {
      const auto idx = static_cast<size_t>(at[k]);
      return idx < row.cells.size() ? row.cells[idx] : std::string();
    };
    auto number = [&](size_t k) -> Result<std::optional<int64_t>> {
      const std::string s = cell(k);
      if (s.empty()) return std::optional<int64_t>();
      try {
        size_t used = 0;
        const int64_t v = std::stoll(s, &used);
        if (used == s.size()) return std::optional<int64_t>(v);
      } catch (const std::exception&) {
      }
      return BadCell(row.line, kCatColumns[k].id, s, "expected a whole number");
    };
    PartnerOffer o;
    Product& p = o.product;
    o.ref = cell(0);
    o.org_code = cell(1);
    o.org_name = cell(2);
    o.org_province = cell(3);
    o.org_address = cell(4);
    p.name = cell(5);
    p.category = cell(6);
    auto level = domain::ParseKeyLevel(cell(7));
    if (!level.ok()) return BadCell(row.line, "key_level", cell(7), level.error().message);
    p.key_level = *level;
    HOPTAC_ASSIGN_OR_RETURN(auto stars, number(8));
    HOPTAC_ASSIGN_OR_RETURN(auto year, number(9));
    if (stars && (*stars < 0 || *stars > 5)) {
      return BadCell(row.line, "ocop_stars", cell(8), "OCOP stars are 1–5 (0: not rated)");
    }
    if (year && (*year < 0 || *year > 9999)) {
      return BadCell(row.line, "ocop_year", cell(9), "a year");
    }
    p.ocop_stars = static_cast<int>(stars.value_or(0));
    p.ocop_year = static_cast<int>(year.value_or(0));
    p.certifications = CertsFromCell(cell(10));
    auto months = domain::ParseMonths(cell(11));
    if (!months.ok()) return BadCell(row.line, "months", cell(11), months.error().message);
    p.months = *months;
    HOPTAC_ASSIGN_OR_RETURN(auto capacity, number(12));
    p.capacity = capacity.value_or(0);
    p.capacity_unit = cell(13);
    HOPTAC_ASSIGN_OR_RETURN(p.price_min, number(14));
    HOPTAC_ASSIGN_OR_RETURN(p.price_max, number(15));
    p.packaging = cell(16);
    p.photo_url = cell(17);
    p.description = cell(18);
    p.org_code = o.org_code;
    c.offers.push_back(std::move(o));
  }
  return c;
}

Result<Catalogue> ReadJsonCatalogue(std::string_view bytes) {
  Json j = Json::parse(bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != kCatalogueFormat) {
    return Error::Invalid("file", "", "not a hoptac catalogue (format \"hoptac-catalogue\")",
                          "catalogue.format");
  }
  Reader r(j, "");
  Catalogue c;
  HOPTAC_ASSIGN_OR_RETURN(c.source, r.Text("source"));
  HOPTAC_ASSIGN_OR_RETURN(c.source_name, r.Text("source_name"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Date> published, r.OptDate("published_on"));
  if (!published) {
    return Error::Invalid("published_on", "", "the catalogue's date is needed", "catalogue.format");
  }
  c.published_on = *published;
  if (!r.Has("products") || !r.At("products").is_array()) {
    return Error::Invalid("products", "", "expected a list", "catalogue.format");
  }
  const Json& list = r.At("products");
  for (size_t i = 0; i < list.size(); ++i) {
    Reader e(list[i], "products[" + std::to_string(i) + "]");
    PartnerOffer o;
    HOPTAC_RETURN_IF_ERROR(ProductFieldsFromJson(e, o.product));
    HOPTAC_ASSIGN_OR_RETURN(o.ref, e.Text("ref"));
    HOPTAC_ASSIGN_OR_RETURN(o.org_name, e.Text("org_name"));
    HOPTAC_ASSIGN_OR_RETURN(o.org_province, e.Text("org_province"));
    HOPTAC_ASSIGN_OR_RETURN(o.org_address, e.Text("org_address"));
    o.org_code = o.product.org_code;
    c.offers.push_back(std::move(o));
  }
  return c;
}

// The rules a catalogue's entries keep (a partner's product is validated like ours).
Status CheckCatalogue(Catalogue& c, Date today) {
  HOPTAC_RETURN_IF_ERROR(Nfc(c.source, "source"));
  HOPTAC_RETURN_IF_ERROR(Nfc(c.source_name, "source_name"));
  if (!domain::RegionTable::Builtin().Known(c.source)) {
    return Error::Invalid("source", c.source, "not a province code (2025)", "province.known");
  }
  std::set<std::string> refs;
  for (size_t i = 0; i < c.offers.size(); ++i) {
    PartnerOffer& o = c.offers[i];
    const std::string where = "products[" + std::to_string(i) + "]";
    for (std::string* s : {&o.ref, &o.org_code, &o.org_name, &o.org_province, &o.org_address,
                           &o.product.name, &o.product.packaging, &o.product.description,
                           &o.product.photo_url, &o.product.capacity_unit}) {
      HOPTAC_RETURN_IF_ERROR(Nfc(*s, where));
    }
    o.source = c.source;
    o.source_name = c.source_name;
    o.published_on = c.published_on;
    o.product.org_code = o.org_code;
    if (o.ref.empty() || o.ref.size() > 64) {
      return Error::Invalid(where + ".ref", o.ref, "each product needs a reference (1–64 bytes)",
                            "catalogue.ref");
    }
    if (!refs.insert(o.ref).second) {
      return Error::Invalid(where + ".ref", o.ref, "a catalogue names each product once",
                            "partner.ref_unique");
    }
    if (o.org_name.empty()) {
      return Error::Invalid(where + ".org_name", "", "the producer's name is needed",
                            "catalogue.org_name");
    }
    auto valid = domain::ValidateProduct(o.product, today);
    if (!valid.ok()) {
      Error e = valid.take_error();
      e.field = where + "." + e.field;
      return e;
    }
  }
  return OkStatus();
}

// ---- reports ---------------------------------------------------------------------------------

report::Cell Count(int64_t n) { return report::Cell(n); }

}  // namespace

Result<CatalogueFormat> ParseCatalogueFormat(std::string_view s) {
  if (s == "json") return CatalogueFormat::kJson;
  if (s == "xlsx") return CatalogueFormat::kXlsx;
  return Error::Invalid("format", std::string(s), "expected json or xlsx", "format.known");
}

Result<Catalogue> ReadCatalogue(std::string_view bytes, CatalogueFormat format) {
  if (format == CatalogueFormat::kJson) return ReadJsonCatalogue(bytes);
  return ReadXlsxCatalogue(bytes);
}

// ---- JSON shapes -----------------------------------------------------------------------------

Json ProductJson(const Product& p, bool with_private) {
  Json j = {{"id", p.id}};
  j.update(ProductFieldsJson(p));
  if (with_private) {
    j["is_public"] = p.is_public;
    j["revision"] = p.revision;
  }
  return j;
}

Json ZoneJson(const RawMaterialZone& z) {
  return {{"id", z.id},
          {"name", z.name},
          {"kind", domain::Id(z.kind)},
          {"crop", z.crop},
          {"area_ha", domain::HectaresText(z.area_centiha)},
          {"communes", z.communes},
          {"org_codes", z.org_codes},
          {"products", z.products},
          {"note", z.note},
          {"revision", z.revision}};
}

Json DemandJson(const Demand& d, bool with_private) {
  std::vector<std::string> certs;
  for (auto k : d.required_certs) certs.emplace_back(domain::Id(k));
  Json j = {{"id", d.id},
            {"buyer_province", d.buyer_province},
            {"product", d.product},
            {"category", d.category},
            {"quantity", d.quantity},
            {"unit", d.unit},
            {"period_from", d.period_from.ToString()},
            {"period_to", d.period_to.ToString()},
            {"required_certs", certs},
            {"provinces", d.provinces},
            {"status", domain::Id(d.status)}};
  j["max_distance"] = d.max_distance ? Json(*d.max_distance) : Json(nullptr);
  if (with_private) {
    j["buyer_name"] = d.buyer_name;
    j["buyer_org"] = d.buyer_org;
    j["contact"] = d.contact;
    j["note"] = d.note;
    j["origin"] = domain::Id(d.origin);
    j["approved"] = d.approved;
    j["created_at"] = d.created_at.ToString();
    j["revision"] = d.revision;
  }
  return j;
}

Json ProgrammeJson(const LinkageProgramme& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"provinces", p.provinces},
          {"note", p.note},
          {"revision", p.revision}};
}

Json PartnerOfferJson(const PartnerOffer& o) {
  Json j = ProductFieldsJson(o.product);
  j["ref"] = o.ref;
  j["source"] = o.source;
  j["source_name"] = o.source_name;
  j["published_on"] = o.published_on.ToString();
  j["imported_at"] = o.imported_at.ToString();
  j["org_name"] = o.org_name;
  j["org_province"] = o.org_province;
  j["org_address"] = o.org_address;
  return j;
}

Json MatchJson(const domain::MatchResult& r) {
  Json factors = Json::array();
  for (const auto& f : r.factors) {
    factors.push_back({{"factor", domain::Id(f.factor)},
                       {"points", f.points},
                       {"max_points", f.max_points},
                       {"explanation", f.explanation}});
  }
  Json j = {{"key", r.key}, {"score", r.score}, {"factors", factors}, {"can_supply", r.can_supply}};
  j["distance"] = r.distance ? Json(*r.distance) : Json(nullptr);
  return j;
}

Json RankedOfferJson(const RankedOffer& o) {
  Json j = MatchJson(o.result);
  j["own"] = o.own;
  j["product_id"] = o.own ? Json(o.product_id) : Json(nullptr);
  j["source"] = o.source;
  j["source_name"] = o.source_name;
  j["published_on"] = o.published_on ? Json(o.published_on->ToString()) : Json(nullptr);
  j["org_code"] = o.org_code;
  j["org_name"] = o.org_name;
  j["province"] = o.province;
  j["product"] = ProductFieldsJson(o.product);
  j["product"]["is_public"] = o.own && o.product.is_public;  // has a public page
  return j;
}

Json ProducerJson(const ProducerInfo& p) {
  return {{"code", p.code},
          {"name", p.name},
          {"province", p.province},
          {"province_name", p.province_name},
          {"commune_name", p.commune_name},
          {"address", p.address}};
}

Json CatalogueJson(const Catalogue& c) {
  Json products = Json::array();
  for (const auto& o : c.offers) {
    Json j = {{"ref", o.ref}};
    j.update(ProductFieldsJson(o.product));
    j.erase("category_label");
    for (auto& cert : j["certifications"]) cert.erase("label");
    j["org_name"] = o.org_name;
    j["org_province"] = o.org_province;
    j["org_address"] = o.org_address;
    products.push_back(std::move(j));
  }
  return {{"format", kCatalogueFormat},
          {"version", 1},
          {"source", c.source},
          {"source_name", c.source_name},
          {"published_on", c.published_on.ToString()},
          {"products", products}};
}

Result<Product> ProductFromJson(const Json& j) {
  Reader r(j, "");
  Product p;
  HOPTAC_RETURN_IF_ERROR(ProductFieldsFromJson(r, p));
  HOPTAC_ASSIGN_OR_RETURN(p.is_public, r.Bool("is_public"));
  HOPTAC_ASSIGN_OR_RETURN(p.revision, r.Int("revision"));
  return p;
}

Result<Demand> DemandFromJson(const Json& j) {
  Reader r(j, "");
  HOPTAC_RETURN_IF_ERROR(r.Object());
  Demand d;
  HOPTAC_ASSIGN_OR_RETURN(d.buyer_name, r.Text("buyer_name"));
  HOPTAC_ASSIGN_OR_RETURN(d.buyer_org, r.Text("buyer_org"));
  HOPTAC_ASSIGN_OR_RETURN(d.buyer_province, r.Text("buyer_province"));
  HOPTAC_ASSIGN_OR_RETURN(d.contact, r.Text("contact"));
  HOPTAC_ASSIGN_OR_RETURN(d.product, r.Text("product"));
  HOPTAC_ASSIGN_OR_RETURN(d.category, r.Text("category"));
  HOPTAC_ASSIGN_OR_RETURN(d.quantity, r.Int("quantity"));
  HOPTAC_ASSIGN_OR_RETURN(d.unit, r.Text("unit"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Date> from, r.OptDate("period_from"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Date> to, r.OptDate("period_to"));
  if (!from) return Error::Invalid("period_from", "", "required", "period_from.required");
  if (!to) return Error::Invalid("period_to", "", "required", "period_to.required");
  d.period_from = *from;
  d.period_to = *to;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<std::string> certs, r.Texts("required_certs"));
  for (const auto& c : certs) {
    HOPTAC_ASSIGN_OR_RETURN(domain::CertKind k, domain::ParseCertKind(c, "required_certs"));
    d.required_certs.push_back(k);
  }
  HOPTAC_ASSIGN_OR_RETURN(d.provinces, r.Texts("provinces"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<int64_t> dist, r.OptInt("max_distance"));
  if (dist) {
    if (*dist < 0 || *dist > 10) {
      return Error::Invalid("max_distance", std::to_string(*dist),
                            "0–10 provinces' borders crossed", "max_distance.range");
    }
    d.max_distance = static_cast<int>(*dist);
  }
  HOPTAC_ASSIGN_OR_RETURN(d.note, r.Text("note"));
  HOPTAC_ASSIGN_OR_RETURN(std::string status, r.Text("status"));
  if (!status.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(d.status, domain::ParseDemandStatus(status));
  }
  HOPTAC_ASSIGN_OR_RETURN(d.revision, r.Int("revision"));
  return d;
}

Result<RawMaterialZone> ZoneFromJson(const Json& j) {
  Reader r(j, "");
  HOPTAC_RETURN_IF_ERROR(r.Object());
  RawMaterialZone z;
  HOPTAC_ASSIGN_OR_RETURN(z.name, r.Text("name"));
  HOPTAC_ASSIGN_OR_RETURN(std::string kind, r.Text("kind"));
  if (!kind.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(z.kind, domain::ParseZoneKind(kind, "kind"));
  }
  HOPTAC_ASSIGN_OR_RETURN(z.crop, r.Text("crop"));
  HOPTAC_ASSIGN_OR_RETURN(std::string area, r.Text("area_ha"));
  HOPTAC_ASSIGN_OR_RETURN(z.area_centiha, domain::ParseHectares(area, "area_ha"));
  HOPTAC_ASSIGN_OR_RETURN(z.communes, r.Texts("communes"));
  HOPTAC_ASSIGN_OR_RETURN(z.org_codes, r.Texts("org_codes"));
  if (r.Has("products")) {
    const Json& list = r.At("products");
    if (!list.is_array()) return Error::Invalid("products", "", "expected a list", "json.type");
    for (const auto& v : list) {
      if (!v.is_number_integer()) {
        return Error::Invalid("products", v.dump(), "expected product ids", "json.type");
      }
      z.products.push_back(v.get<int64_t>());
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(z.note, r.Text("note"));
  HOPTAC_ASSIGN_OR_RETURN(z.revision, r.Int("revision"));
  return z;
}

Result<LinkageProgramme> ProgrammeFromJson(const Json& j) {
  Reader r(j, "");
  HOPTAC_RETURN_IF_ERROR(r.Object());
  LinkageProgramme p;
  HOPTAC_ASSIGN_OR_RETURN(p.name, r.Text("name"));
  HOPTAC_ASSIGN_OR_RETURN(p.provinces, r.Texts("provinces"));
  HOPTAC_ASSIGN_OR_RETURN(p.note, r.Text("note"));
  HOPTAC_ASSIGN_OR_RETURN(p.revision, r.Int("revision"));
  return p;
}

Result<Product> ProductRecord(const Json& j) {
  HOPTAC_ASSIGN_OR_RETURN(Product p, ProductFromJson(j));
  HOPTAC_ASSIGN_OR_RETURN(p.id, Reader(j, "").Int("id"));
  return p;
}

Result<Demand> DemandRecord(const Json& j) {
  HOPTAC_ASSIGN_OR_RETURN(Demand d, DemandFromJson(j));
  Reader r(j, "");
  HOPTAC_ASSIGN_OR_RETURN(d.id, r.Int("id"));
  HOPTAC_ASSIGN_OR_RETURN(std::string origin, r.Text("origin"));
  d.origin = origin == "public" ? domain::DemandOrigin::kPublic : domain::DemandOrigin::kOfficer;
  HOPTAC_ASSIGN_OR_RETURN(d.approved, r.Bool("approved"));
  HOPTAC_ASSIGN_OR_RETURN(std::string created, r.Text("created_at"));
  HOPTAC_ASSIGN_OR_RETURN(d.created_at, Timestamp::Parse(created, "created_at"));
  return d;
}

Result<RawMaterialZone> ZoneRecord(const Json& j) {
  HOPTAC_ASSIGN_OR_RETURN(RawMaterialZone z, ZoneFromJson(j));
  HOPTAC_ASSIGN_OR_RETURN(z.id, Reader(j, "").Int("id"));
  return z;
}

Result<LinkageProgramme> ProgrammeRecord(const Json& j) {
  HOPTAC_ASSIGN_OR_RETURN(LinkageProgramme p, ProgrammeFromJson(j));
  HOPTAC_ASSIGN_OR_RETURN(p.id, Reader(j, "").Int("id"));
  return p;
}

Result<PartnerOffer> PartnerOfferRecord(const Json& j) {
  Reader r(j, "");
  PartnerOffer o;
  HOPTAC_RETURN_IF_ERROR(ProductFieldsFromJson(r, o.product));
  HOPTAC_ASSIGN_OR_RETURN(o.ref, r.Text("ref"));
  HOPTAC_ASSIGN_OR_RETURN(o.source, r.Text("source"));
  HOPTAC_ASSIGN_OR_RETURN(o.source_name, r.Text("source_name"));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Date> published, r.OptDate("published_on"));
  o.published_on = published.value_or(Date());
  HOPTAC_ASSIGN_OR_RETURN(std::string imported, r.Text("imported_at"));
  HOPTAC_ASSIGN_OR_RETURN(o.imported_at, Timestamp::Parse(imported, "imported_at"));
  HOPTAC_ASSIGN_OR_RETURN(o.org_name, r.Text("org_name"));
  HOPTAC_ASSIGN_OR_RETURN(o.org_province, r.Text("org_province"));
  HOPTAC_ASSIGN_OR_RETURN(o.org_address, r.Text("org_address"));
  o.org_code = o.product.org_code;
  return o;
}

// ---- the public form's guard ---------------------------------------------------------------

std::string PublicDemandGuard::IssueToken(Timestamp now) {
  std::string token = RandomPassword() + RandomPassword();
  std::lock_guard<std::mutex> lock(mu_);
  // Forget expired tokens; keep at most max_tokens (the oldest go first).
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    if (now.micros() - it->second.micros() > policy_.token_ttl_us) {
      it = tokens_.erase(it);
    } else {
      ++it;
    }
  }
  while (tokens_.size() >= policy_.max_tokens) {
    auto oldest =
        std::min_element(tokens_.begin(), tokens_.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    tokens_.erase(oldest);
  }
  tokens_[token] = now;
  return token;
}

Status PublicDemandGuard::Check(const std::string& token, const std::string& honeypot,
                                const std::string& address, Timestamp now) {
  std::lock_guard<std::mutex> lock(mu_);
  Window& w = addresses_[address];
  if (w.posts == 0 || now.micros() - w.start.micros() > policy_.window_us) {
    w.posts = 0;
    w.start = now;
  }
  ++w.posts;
  if (w.posts > policy_.max_posts) {
    return Error{ErrorCode::kUnavailable,
                 "too many demands from this address; try again later",
                 {},
                 {},
                 "demand.throttled"};
  }
  auto it = tokens_.find(token);
  if (token.empty() || it == tokens_.end()) {
    return Error::Invalid("form_token", "", "the form has expired: reload the page",
                          "demand.token");
  }
  const Timestamp issued = it->second;
  tokens_.erase(it);
  const int64_t age = now.micros() - issued.micros();
  if (age > policy_.token_ttl_us) {
    return Error::Invalid("form_token", "", "the form has expired: reload the page",
                          "demand.token");
  }
  if (age < policy_.min_fill_us) {
    return Error::Invalid("form_token", "", "the form was sent too fast; please try again",
                          "demand.too_fast");
  }
  if (!honeypot.empty()) {
    return Error::Invalid("website", "", "leave this field empty", "demand.honeypot");
  }
  return OkStatus();
}

// ---- the service -----------------------------------------------------------------------------

Market::Market(domain::MarketStore& market, domain::Store& registry, const domain::Clock& clock)
    : market_(market), registry_(registry), clock_(clock) {}

domain::AuditEntry Market::Entry(const Actor& actor, std::string action, std::string entity) const {
  domain::AuditEntry a;
  a.at = clock_.Now();
  a.actor = actor.name;
  a.address = actor.address;
  a.request_id = actor.request_id;
  a.action = std::move(action);
  a.entity = std::move(entity);
  return a;
}

Result<const domain::UnitCatalog*> Market::Units() {
  if (!units_) {
    HOPTAC_ASSIGN_OR_RETURN(domain::UnitCatalog u, registry_.LoadUnits());
    units_ = std::move(u);
  }
  return &*units_;
}

Result<ProducerInfo> Market::Producer(const std::string& code) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::Organisation> org,
                          registry_.FindOrganisationByCode(code));
  if (!org) return Error::NotFound("no organisation has this code", "org_code", code);
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Event> events, registry_.LoadEvents(org->id));
  const Date today = clock_.Today();
  ProducerInfo info;
  info.state = domain::Fold(*org, events, today, clock_.Now());
  info.code = org->registry_code;
  info.name = info.state.name;
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, Units());
  const domain::Unit* now =
      domain::PrimarySuccessor(*units, info.state.unit_code, info.state.unit_since, today);
  if (now != nullptr) {
    info.commune_name = now->name;
    const domain::Unit* province = units->Ancestor(*now, domain::UnitLevel::kProvince, today);
    if (province != nullptr) {
      info.province = province->code;
      info.province_name = province->name;
    }
  }
  info.address = info.state.address_detail;
  for (const std::string* part : {&info.commune_name, &info.province_name}) {
    if (part->empty()) continue;
    if (!info.address.empty()) info.address.append(", ");
    info.address.append(*part);
  }
  return info;
}

Status Market::Normalise(Product& p) {
  for (auto [s, f] : {std::pair{&p.org_code, "org_code"}, std::pair{&p.name, "name"},
                      std::pair{&p.category, "category"}, std::pair{&p.capacity_unit, "unit"},
                      std::pair{&p.packaging, "packaging"}, std::pair{&p.photo_url, "photo_url"},
                      std::pair{&p.description, "description"}}) {
    HOPTAC_RETURN_IF_ERROR(Nfc(*s, f));
  }
  for (auto& c : p.certifications) HOPTAC_RETURN_IF_ERROR(Nfc(c.code, "certifications.code"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateProduct(p, clock_.Today()));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::Organisation> org,
                          registry_.FindOrganisationByCode(p.org_code));
  if (!org) {
    return Error::Invalid("org_code", p.org_code, "no organisation has this code",
                          "org_code.known");
  }
  return OkStatus();
}

Status Market::Normalise(Demand& d) {
  for (auto [s, f] :
       {std::pair{&d.buyer_name, "buyer_name"}, std::pair{&d.buyer_org, "buyer_org"},
        std::pair{&d.buyer_province, "buyer_province"}, std::pair{&d.contact, "contact"},
        std::pair{&d.product, "product"}, std::pair{&d.category, "category"},
        std::pair{&d.unit, "unit"}, std::pair{&d.note, "note"}}) {
    HOPTAC_RETURN_IF_ERROR(Nfc(*s, f));
  }
  return domain::ValidateDemand(d, domain::RegionTable::Builtin());
}

Result<domain::ProductId> Market::AddProduct(Product p, const Actor& actor) {
  p.id = 0;
  HOPTAC_RETURN_IF_ERROR(Normalise(p));
  domain::ProductId id = 0;
  auto entry = Entry(actor, "product.add", "organisation/" + p.org_code);
  entry.after = ProductJson(p, true).dump();
  HOPTAC_RETURN_IF_ERROR(market_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, market_.InsertProduct(p));
    return OkStatus();
  }));
  return id;
}

Status Market::UpdateProduct(Product p, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(Product before, GetProduct(p.id));
  HOPTAC_RETURN_IF_ERROR(Normalise(p));
  auto entry = Entry(actor, "product.update", "organisation/" + p.org_code);
  entry.before = ProductJson(before, true).dump();
  entry.after = ProductJson(p, true).dump();
  return market_.Audited(entry, [&] { return market_.UpdateProduct(p); });
}

Status Market::DeleteProduct(domain::ProductId id, int64_t revision, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(Product before, GetProduct(id));
  if (before.revision != revision) {
    return Error::Conflict("the product was changed meanwhile: reload it", "revision", {});
  }
  auto entry = Entry(actor, "product.delete", "organisation/" + before.org_code);
  entry.before = ProductJson(before, true).dump();
  return market_.Audited(entry, [&] { return market_.DeleteProduct(id); });
}

Result<Product> Market::GetProduct(domain::ProductId id) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Product> p, market_.FindProduct(id));
  if (!p) return Error::NotFound("no such product", "id", std::to_string(id));
  return std::move(*p);
}

Result<std::vector<Product>> Market::Products(const domain::ProductQuery& q) {
  return market_.ListProducts(q);
}

Result<domain::ZoneId> Market::AddZone(RawMaterialZone z, const Actor& actor) {
  z.id = 0;
  HOPTAC_RETURN_IF_ERROR(Nfc(z.name, "name"));
  HOPTAC_RETURN_IF_ERROR(Nfc(z.crop, "crop"));
  HOPTAC_RETURN_IF_ERROR(Nfc(z.note, "note"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateZone(z));
  domain::ZoneId id = 0;
  auto entry = Entry(actor, "zone.add", "zone/new");
  entry.after = ZoneJson(z).dump();
  HOPTAC_RETURN_IF_ERROR(market_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, market_.InsertZone(z));
    return OkStatus();
  }));
  return id;
}

Status Market::UpdateZone(RawMaterialZone z, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<RawMaterialZone> before, market_.FindZone(z.id));
  if (!before) return Error::NotFound("no such zone", "id", std::to_string(z.id));
  HOPTAC_RETURN_IF_ERROR(Nfc(z.name, "name"));
  HOPTAC_RETURN_IF_ERROR(Nfc(z.crop, "crop"));
  HOPTAC_RETURN_IF_ERROR(Nfc(z.note, "note"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateZone(z));
  auto entry = Entry(actor, "zone.update", "zone/" + std::to_string(z.id));
  entry.before = ZoneJson(*before).dump();
  entry.after = ZoneJson(z).dump();
  return market_.Audited(entry, [&] { return market_.UpdateZone(z); });
}

Status Market::DeleteZone(domain::ZoneId id, int64_t revision, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<RawMaterialZone> before, market_.FindZone(id));
  if (!before) return Error::NotFound("no such zone", "id", std::to_string(id));
  if (before->revision != revision) {
    return Error::Conflict("the zone was changed meanwhile: reload it", "revision", {});
  }
  auto entry = Entry(actor, "zone.delete", "zone/" + std::to_string(id));
  entry.before = ZoneJson(*before).dump();
  return market_.Audited(entry, [&] { return market_.DeleteZone(id); });
}

Result<std::vector<RawMaterialZone>> Market::Zones() { return market_.ListZones(); }

Result<domain::DemandId> Market::AddDemand(Demand d, const Actor& actor) {
  d.id = 0;
  d.origin = domain::DemandOrigin::kOfficer;
  d.approved = true;
  d.created_at = clock_.Now();
  HOPTAC_RETURN_IF_ERROR(Normalise(d));
  domain::DemandId id = 0;
  auto entry = Entry(actor, "demand.add", "demand/new");
  entry.after = DemandJson(d, true).dump();
  HOPTAC_RETURN_IF_ERROR(market_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, market_.InsertDemand(d));
    return OkStatus();
  }));
  return id;
}

Result<domain::DemandId> Market::PostPublicDemand(Demand d, const Actor& actor) {
  d.id = 0;
  d.origin = domain::DemandOrigin::kPublic;
  d.approved = false;
  d.status = domain::DemandStatus::kOpen;
  d.created_at = clock_.Now();
  HOPTAC_RETURN_IF_ERROR(Normalise(d));
  domain::DemandId id = 0;
  auto entry = Entry(actor, "demand.post", "demand/new");
  entry.after = DemandJson(d, true).dump();
  HOPTAC_RETURN_IF_ERROR(market_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, market_.InsertDemand(d));
    return OkStatus();
  }));
  return id;
}

Status Market::ApproveDemand(domain::DemandId id, int64_t revision, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(Demand d, GetDemand(id));
  auto entry = Entry(actor, "demand.approve", "demand/" + std::to_string(id));
  entry.before = DemandJson(d, true).dump();
  d.approved = true;
  d.revision = revision;
  entry.after = DemandJson(d, true).dump();
  return market_.Audited(entry, [&] { return market_.UpdateDemand(d); });
}

Status Market::SetDemandStatus(domain::DemandId id, domain::DemandStatus status, int64_t revision,
                               const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(Demand d, GetDemand(id));
  auto entry = Entry(actor, "demand.status", "demand/" + std::to_string(id));
  entry.before = DemandJson(d, true).dump();
  d.status = status;
  d.revision = revision;
  entry.after = DemandJson(d, true).dump();
  return market_.Audited(entry, [&] { return market_.UpdateDemand(d); });
}

Result<Demand> Market::GetDemand(domain::DemandId id) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Demand> d, market_.FindDemand(id));
  if (!d) return Error::NotFound("no such demand", "id", std::to_string(id));
  return std::move(*d);
}

Result<std::vector<Demand>> Market::Demands(const domain::DemandQuery& q) {
  return market_.ListDemands(q);
}

Result<domain::ProgrammeId> Market::AddProgramme(LinkageProgramme p, const Actor& actor) {
  p.id = 0;
  HOPTAC_RETURN_IF_ERROR(Nfc(p.name, "name"));
  HOPTAC_RETURN_IF_ERROR(Nfc(p.note, "note"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateProgramme(p, domain::RegionTable::Builtin()));
  domain::ProgrammeId id = 0;
  auto entry = Entry(actor, "programme.add", "programme/new");
  entry.after = ProgrammeJson(p).dump();
  HOPTAC_RETURN_IF_ERROR(market_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, market_.InsertProgramme(p));
    return OkStatus();
  }));
  return id;
}

Status Market::UpdateProgramme(LinkageProgramme p, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(Nfc(p.name, "name"));
  HOPTAC_RETURN_IF_ERROR(Nfc(p.note, "note"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateProgramme(p, domain::RegionTable::Builtin()));
  auto entry = Entry(actor, "programme.update", "programme/" + std::to_string(p.id));
  entry.after = ProgrammeJson(p).dump();
  return market_.Audited(entry, [&] { return market_.UpdateProgramme(p); });
}

Result<std::vector<LinkageProgramme>> Market::Programmes() { return market_.ListProgrammes(); }

Result<std::vector<RankedOffer>> Market::MatchDemand(domain::DemandId id) {
  HOPTAC_ASSIGN_OR_RETURN(Demand d, GetDemand(id));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Product> own, market_.ListProducts({}));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<PartnerOffer> partners, market_.ListPartnerOffers(""));
  std::vector<domain::Offer> offers;
  std::map<std::string, RankedOffer> by_key;
  std::map<std::string, ProducerInfo> producers;
  for (const Product& p : own) {
    auto it = producers.find(p.org_code);
    if (it == producers.end()) {
      auto info = Producer(p.org_code);
      if (!info.ok()) continue;  // a product of an organisation no longer in the registry
      it = producers.emplace(p.org_code, std::move(*info)).first;
    }
    RankedOffer r;
    r.own = true;
    r.product_id = p.id;
    r.org_code = p.org_code;
    r.org_name = it->second.name;
    r.province = it->second.province;
    r.product = p;
    const std::string key = "product/" + std::to_string(p.id);
    by_key.emplace(key, std::move(r));
  }
  for (const PartnerOffer& o : partners) {
    RankedOffer r;
    r.own = false;
    r.source = o.source;
    r.source_name = o.source_name;
    r.published_on = o.published_on;
    r.org_code = o.org_code;
    r.org_name = o.org_name;
    r.province = o.org_province.empty() ? o.source : o.org_province;
    r.product = o.product;
    by_key.emplace("partner/" + o.source + "/" + o.ref, std::move(r));
  }
  for (auto& [key, r] : by_key) {
    offers.push_back({key, r.own ? "" : r.source, r.org_code, r.org_name, r.province, &r.product});
  }
  std::vector<RankedOffer> out;
  for (auto& m : domain::Match(d, offers, domain::RegionTable::Builtin())) {
    RankedOffer r = by_key.at(m.key);
    r.result = std::move(m);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RankedDemand>> Market::MatchProduct(domain::ProductId id) {
  HOPTAC_ASSIGN_OR_RETURN(Product p, GetProduct(id));
  HOPTAC_ASSIGN_OR_RETURN(ProducerInfo info, Producer(p.org_code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Demand> demands,
                          market_.ListDemands({domain::DemandStatus::kOpen, true}));
  const domain::Offer offer{
      "product/" + std::to_string(p.id), "", p.org_code, info.name, info.province, &p};
  std::map<domain::DemandId, const Demand*> by_id;
  for (const auto& d : demands) by_id[d.id] = &d;
  std::vector<RankedDemand> out;
  for (auto& m : domain::MatchDemands(offer, demands, domain::RegionTable::Builtin())) {
    const Demand& d = *by_id.at(m.demand);
    out.push_back({std::move(m), d});
  }
  return out;
}

Result<Catalogue> Market::BuildCatalogue(const std::string& source,
                                         const std::string& source_name) {
  if (!domain::RegionTable::Builtin().Known(source)) {
    return Error::Invalid("source", source, "not a province code (2025)", "province.known");
  }
  Catalogue c;
  c.source = source;
  c.source_name = source_name;
  c.published_on = clock_.Today();
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Product> products, market_.ListProducts({"", "", true}));
  for (const Product& p : products) {
    HOPTAC_ASSIGN_OR_RETURN(ProducerInfo info, Producer(p.org_code));
    PartnerOffer o;
    o.source = source;
    o.source_name = source_name;
    o.published_on = c.published_on;
    o.ref = std::to_string(p.id);
    o.org_code = p.org_code;
    o.org_name = info.name;
    o.org_province = info.province;
    o.org_address = info.address;
    o.product = p;
    o.product.id = 0;
    o.product.is_public = false;
    o.product.revision = 0;
    c.offers.push_back(std::move(o));
  }
  return c;
}

Result<std::string> Market::WriteCatalogue(const Catalogue& c, CatalogueFormat format) {
  if (format == CatalogueFormat::kXlsx) return WriteXlsxCatalogue(c);
  // One product per line, like the other JSON files of hoptac.
  Json j = CatalogueJson(c);
  Json products = std::move(j["products"]);
  j.erase("products");
  std::string out = j.dump();
  out.pop_back();  // the closing brace
  out.append(",\"products\":[");
  for (size_t i = 0; i < products.size(); ++i) {
    out.append(i == 0 ? "\n" : ",\n");
    out.append(products[i].dump());
  }
  out.append("\n]}\n");
  return out;
}

Result<CatalogueImport> Market::ImportCatalogue(std::string_view bytes, CatalogueFormat format,
                                                const std::string& own_province,
                                                const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(Catalogue c, ReadCatalogue(bytes, format));
  HOPTAC_RETURN_IF_ERROR(CheckCatalogue(c, clock_.Today()));
  if (!own_province.empty() && c.source == own_province) {
    return Error::Invalid("source", c.source, "this is our own province's catalogue",
                          "catalogue.own");
  }
  const Timestamp now = clock_.Now();
  for (auto& o : c.offers) o.imported_at = now;
  auto entry = Entry(actor, "catalogue.import", "catalogue/" + c.source);
  entry.after = Json({{"source", c.source},
                      {"source_name", c.source_name},
                      {"published_on", c.published_on.ToString()},
                      {"products", c.offers.size()}})
                    .dump();
  HOPTAC_RETURN_IF_ERROR(
      market_.Audited(entry, [&] { return market_.ReplacePartnerOffers(c.source, c.offers); }));
  return CatalogueImport{c.source, c.offers.size()};
}

Result<std::vector<PartnerOffer>> Market::PartnerOffers(const std::string& source) {
  return market_.ListPartnerOffers(source);
}

// ---- reports ---------------------------------------------------------------------------------

Result<report::Table> Market::KeyProductsReport() {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Product> products, market_.ListProducts({}));
  struct Area {
    std::string name;
    int64_t province = 0, commune = 0;
    std::vector<std::string> names;
  };
  std::map<std::string, Area> areas;  // by commune code (2025)
  for (const Product& p : products) {
    if (p.key_level == domain::KeyLevel::kNone) continue;
    HOPTAC_ASSIGN_OR_RETURN(ProducerInfo info, Producer(p.org_code));
    const std::string key = info.province + "|" + info.commune_name;
    Area& a = areas[key];
    a.name =
        info.commune_name.empty() ? "(không rõ)" : info.commune_name + ", " + info.province_name;
    (p.key_level == domain::KeyLevel::kProvince ? a.province : a.commune) += 1;
    a.names.push_back(p.name);
  }
  report::Table t;
  t.report_id = "market-key-products";
  t.title = "Sản phẩm chủ lực theo địa bàn";
  t.parameters = {{"Ngày lập", clock_.Today().ToVietnamese()}};
  t.columns = {{"area", "Xã/phường (2025)", report::ColumnType::kText},
               {"province_level", "Chủ lực cấp tỉnh", report::ColumnType::kCount},
               {"commune_level", "Chủ lực cấp xã", report::ColumnType::kCount},
               {"products", "Sản phẩm", report::ColumnType::kText}};
  report::Row totals;
  int64_t total_p = 0, total_c = 0;
  for (auto& [key, a] : areas) {
    std::string names;
    for (const auto& n : a.names) {
      if (!names.empty()) names.append("; ");
      names.append(n);
    }
    total_p += a.province;
    total_c += a.commune;
    t.rows.push_back({{a.name, Count(a.province), Count(a.commune), names}, {}});
  }
  totals.cells = {std::string("Tổng"), Count(total_p), Count(total_c), std::monostate{}};
  t.totals = std::move(totals);
  return t;
}

Result<report::Table> Market::OcopReport() {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Product> products, market_.ListProducts({}));
  std::set<std::string> orgs_by_star[6];
  int64_t products_by_star[6] = {0, 0, 0, 0, 0, 0};
  std::set<std::string> all;
  for (const Product& p : products) {
    if (p.ocop_stars < 1 || p.ocop_stars > 5) continue;
    orgs_by_star[p.ocop_stars].insert(p.org_code);
    ++products_by_star[p.ocop_stars];
    all.insert(p.org_code);
  }
  report::Table t;
  t.report_id = "market-ocop";
  t.title = "HTX có sản phẩm OCOP theo số sao";
  t.parameters = {{"Ngày lập", clock_.Today().ToVietnamese()}};
  t.columns = {{"stars", "Số sao", report::ColumnType::kText},
               {"organisations", "Số tổ chức có sản phẩm", report::ColumnType::kCount},
               {"products", "Số sản phẩm", report::ColumnType::kCount}};
  int64_t total_products = 0;
  for (int s = 5; s >= 1; --s) {
    t.rows.push_back(
        {{std::to_string(s) + " sao", Count(static_cast<int64_t>(orgs_by_star[s].size())),
          Count(products_by_star[s])},
         {}});
    total_products += products_by_star[s];
  }
  t.totals = report::Row{{std::string("Tổng (tổ chức khác nhau)"),
                          Count(static_cast<int64_t>(all.size())), Count(total_products)},
                         {}};
  return t;
}

Result<report::Table> Market::ZoneAreaReport() {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<RawMaterialZone> zones, market_.ListZones());
  struct Crop {
    std::string label;
    int64_t zones = 0, centiha = 0;
    std::set<std::string> orgs;
  };
  std::map<std::string, Crop> crops;  // by folded crop
  for (const auto& z : zones) {
    Crop& c = crops[text::Fold(z.crop)];
    if (c.label.empty()) c.label = z.crop;
    ++c.zones;
    c.centiha += z.area_centiha;
    c.orgs.insert(z.org_codes.begin(), z.org_codes.end());
  }
  report::Table t;
  t.report_id = "market-zones";
  t.title = "Diện tích vùng nguyên liệu theo cây trồng, vật nuôi";
  t.parameters = {{"Ngày lập", clock_.Today().ToVietnamese()}};
  t.columns = {{"crop", "Cây trồng / vật nuôi", report::ColumnType::kText},
               {"zones", "Số vùng", report::ColumnType::kCount},
               {"area_ha", "Diện tích (ha)", report::ColumnType::kText},
               {"organisations", "Số tổ chức liên kết", report::ColumnType::kCount}};
  int64_t total_zones = 0, total_area = 0;
  std::set<std::string> all_orgs;
  for (auto& [key, c] : crops) {
    t.rows.push_back({{c.label, Count(c.zones), domain::HectaresText(c.centiha),
                       Count(static_cast<int64_t>(c.orgs.size()))},
                      {}});
    total_zones += c.zones;
    total_area += c.centiha;
    all_orgs.insert(c.orgs.begin(), c.orgs.end());
  }
  t.totals = report::Row{{std::string("Tổng"), Count(total_zones), domain::HectaresText(total_area),
                          Count(static_cast<int64_t>(all_orgs.size()))},
                         {}};
  return t;
}

Result<report::Table> Market::LinkageReport() {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<LinkageProgramme> programmes, market_.ListProgrammes());
  HOPTAC_ASSIGN_OR_RETURN(std::vector<PartnerOffer> offers, market_.ListPartnerOffers(""));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Demand> demands, market_.ListDemands({}));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Product> own, market_.ListProducts({"", "", true}));
  report::Table t;
  t.report_id = "market-linkage";
  t.title = "Kết quả liên kết thị trường theo chương trình";
  t.parameters = {{"Ngày lập", clock_.Today().ToVietnamese()}};
  t.columns = {{"programme", "Chương trình liên kết", report::ColumnType::kText},
               {"provinces", "Số tỉnh thành viên", report::ColumnType::kCount},
               {"partner_offers", "Sản phẩm của tỉnh bạn", report::ColumnType::kCount},
               {"own_products", "Sản phẩm công khai của tỉnh", report::ColumnType::kCount},
               {"demands", "Nhu cầu từ các tỉnh thành viên", report::ColumnType::kCount},
               {"matched", "Nhu cầu đã kết nối", report::ColumnType::kCount}};
  for (const auto& p : programmes) {
    const std::set<std::string> members(p.provinces.begin(), p.provinces.end());
    int64_t n_offers = 0, n_demands = 0, n_matched = 0;
    for (const auto& o : offers) n_offers += members.count(o.source) > 0 ? 1 : 0;
    for (const auto& d : demands) {
      if (members.count(d.buyer_province) == 0) continue;
      ++n_demands;
      if (d.status == domain::DemandStatus::kMatched) ++n_matched;
    }
    t.rows.push_back({{p.name, Count(static_cast<int64_t>(p.provinces.size())), Count(n_offers),
                       Count(static_cast<int64_t>(own.size())), Count(n_demands), Count(n_matched)},
                      {}});
  }
  t.notes = {
      "Nhu cầu được tính theo tỉnh của người mua; đã kết nối là nhu cầu ở trạng thái "
      "\"đã kết nối\"."};
  return t;
}

}  // namespace hoptac::app
