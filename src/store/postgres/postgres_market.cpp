// MarketStore on PostgreSQL: its own connection to the registry's database (tables of
// migrations/postgres/0012_market.sql). Single-threaded, like PostgresStore.

#include "store/postgres/postgres_market.hpp"

#include "store/postgres/connection.hpp"

namespace hoptac::store::postgres {
namespace {

using domain::Demand;
using domain::LinkageProgramme;
using domain::PartnerOffer;
using domain::Product;
using domain::RawMaterialZone;

Timestamp ParseTs(std::string_view text) {
  auto t = Timestamp::Parse(text);
  return t.ok() ? t.value() : Timestamp();
}
Date ParseDay(std::string_view text) {
  auto d = Date::Parse(text);
  return d.ok() ? d.value() : Date();
}

#define HOPTAC_PRODUCT_COLUMNS                                                           \
  "name, category, key_level, ocop_stars, ocop_year, certifications, months, capacity, " \
  "capacity_unit, price_min, price_max, packaging, photo_url, description"

// "$from, $from+1, …" for n parameters.
std::string Placeholders(int from, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out.append(", ");
    out.push_back('$');
    out.append(std::to_string(from + i));
  }
  return out;
}

// INSERT of `columns` (n of them) with or without the id, returning the id; nothing on conflict.
std::string InsertSql(std::string_view table, std::string_view columns, int n, bool with_id) {
  std::string sql = "INSERT INTO ";
  sql.append(table).append(" (");
  if (with_id) sql.append("id, ");
  sql.append(columns).append(") VALUES (");
  sql.append(Placeholders(1, n + (with_id ? 1 : 0)));
  sql.append(") ON CONFLICT DO NOTHING RETURNING id");
  return sql;
}

std::string ResyncSql(std::string_view table) {
  std::string sql = "SELECT setval(pg_get_serial_sequence('";
  sql.append(table).append("', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ");
  sql.append(table).append("), false)");
  return sql;
}

void AddProduct(Params& p, const Product& x) {
  p.Add(x.name)
      .Add(x.category)
      .Add(domain::Id(x.key_level))
      .Add(int64_t{x.ocop_stars})
      .Add(int64_t{x.ocop_year})
      .Add(domain::EncodeCertifications(x.certifications))
      .Add(int64_t{x.months})
      .Add(x.capacity)
      .Add(x.capacity_unit)
      .Add(x.price_min)
      .Add(x.price_max)
      .Add(x.packaging)
      .Add(x.photo_url)
      .Add(x.description);
}

void ReadProduct(const Rows& r, size_t i, int at, Product& p) {
  p.name = r.Text(i, at);
  p.category = r.Text(i, at + 1);
  auto level = domain::ParseKeyLevel(r.View(i, at + 2));
  p.key_level = level.ok() ? *level : domain::KeyLevel::kNone;
  p.ocop_stars = static_cast<int>(r.Int(i, at + 3));
  p.ocop_year = static_cast<int>(r.Int(i, at + 4));
  p.certifications = domain::DecodeCertifications(r.View(i, at + 5));
  p.months = static_cast<uint16_t>(r.Int(i, at + 6));
  p.capacity = r.Int(i, at + 7);
  p.capacity_unit = r.Text(i, at + 8);
  p.price_min = r.OptInt(i, at + 9);
  p.price_max = r.OptInt(i, at + 10);
  p.packaging = r.Text(i, at + 11);
  p.photo_url = r.Text(i, at + 12);
  p.description = r.Text(i, at + 13);
}

constexpr std::string_view kProductInsertColumns =
    "org_code, " HOPTAC_PRODUCT_COLUMNS ", is_public, revision";
constexpr std::string_view kSelectProduct =
    "SELECT id, org_code, " HOPTAC_PRODUCT_COLUMNS ", is_public, revision FROM products ";
constexpr std::string_view kUpdateProduct =
    "UPDATE products SET org_code = $1, name = $2, category = $3, key_level = $4, "
    "ocop_stars = $5, ocop_year = $6, certifications = $7, months = $8, capacity = $9, "
    "capacity_unit = $10, price_min = $11, price_max = $12, packaging = $13, photo_url = $14, "
    "description = $15, is_public = $16, revision = revision + 1 WHERE id = $17 AND "
    "revision = $18";

constexpr std::string_view kZoneInsertColumns =
    "name, kind, crop, area_centiha, communes, org_codes, product_ids, note, revision";
constexpr std::string_view kSelectZone =
    "SELECT id, name, kind, crop, area_centiha, communes, org_codes, product_ids, note, revision "
    "FROM raw_material_zones ";
constexpr std::string_view kUpdateZone =
    "UPDATE raw_material_zones SET name = $1, kind = $2, crop = $3, area_centiha = $4, "
    "communes = $5, org_codes = $6, product_ids = $7, note = $8, revision = revision + 1 "
    "WHERE id = $9 AND revision = $10";

constexpr std::string_view kDemandInsertColumns =
    "buyer_name, buyer_org, buyer_province, contact, product, category, quantity, unit, "
    "period_from, period_to, required_certs, provinces, max_distance, note, status, origin, "
    "approved, created_at, revision";
constexpr std::string_view kSelectDemand =
    "SELECT id, buyer_name, buyer_org, buyer_province, contact, product, category, quantity, "
    "unit, period_from, period_to, required_certs, provinces, max_distance, note, status, origin, "
    "approved, created_at, revision FROM demands ";
constexpr std::string_view kUpdateDemand =
    "UPDATE demands SET buyer_name = $1, buyer_org = $2, buyer_province = $3, contact = $4, "
    "product = $5, category = $6, quantity = $7, unit = $8, period_from = $9, period_to = $10, "
    "required_certs = $11, provinces = $12, max_distance = $13, note = $14, status = $15, "
    "origin = $16, approved = $17, revision = revision + 1 WHERE id = $18 AND revision = $19";

constexpr std::string_view kOfferColumns =
    "source, source_name, published_on, imported_at, ref, org_code, org_name, org_province, "
    "org_address, " HOPTAC_PRODUCT_COLUMNS;

Product ProductFrom(const Rows& r, size_t i) {
  Product p;
  p.id = r.Int(i, 0);
  p.org_code = r.Text(i, 1);
  ReadProduct(r, i, 2, p);
  p.is_public = r.Bool(i, 16);
  p.revision = r.Int(i, 17);
  return p;
}

RawMaterialZone ZoneFrom(const Rows& r, size_t i) {
  RawMaterialZone z;
  z.id = r.Int(i, 0);
  z.name = r.Text(i, 1);
  auto kind = domain::ParseZoneKind(r.View(i, 2));
  z.kind = kind.ok() ? *kind : domain::ZoneKind::kCrop;
  z.crop = r.Text(i, 3);
  z.area_centiha = r.Int(i, 4);
  z.communes = domain::SplitCodes(r.View(i, 5));
  z.org_codes = domain::SplitCodes(r.View(i, 6));
  for (const auto& id : domain::SplitCodes(r.View(i, 7))) z.products.push_back(std::stoll(id));
  z.note = r.Text(i, 8);
  z.revision = r.Int(i, 9);
  return z;
}

Demand DemandFrom(const Rows& r, size_t i) {
  Demand d;
  d.id = r.Int(i, 0);
  d.buyer_name = r.Text(i, 1);
  d.buyer_org = r.Text(i, 2);
  d.buyer_province = r.Text(i, 3);
  d.contact = r.Text(i, 4);
  d.product = r.Text(i, 5);
  d.category = r.Text(i, 6);
  d.quantity = r.Int(i, 7);
  d.unit = r.Text(i, 8);
  d.period_from = ParseDay(r.View(i, 9));
  d.period_to = ParseDay(r.View(i, 10));
  d.required_certs = domain::DecodeCertKinds(r.View(i, 11));
  d.provinces = domain::SplitCodes(r.View(i, 12));
  if (!r.IsNull(i, 13)) d.max_distance = static_cast<int>(r.Int(i, 13));
  d.note = r.Text(i, 14);
  auto status = domain::ParseDemandStatus(r.View(i, 15));
  d.status = status.ok() ? *status : domain::DemandStatus::kOpen;
  d.origin =
      r.View(i, 16) == "public" ? domain::DemandOrigin::kPublic : domain::DemandOrigin::kOfficer;
  d.approved = r.Bool(i, 17);
  d.created_at = ParseTs(r.View(i, 18));
  d.revision = r.Int(i, 19);
  return d;
}

PartnerOffer OfferFrom(const Rows& r, size_t i) {
  PartnerOffer o;
  o.source = r.Text(i, 0);
  o.source_name = r.Text(i, 1);
  o.published_on = ParseDay(r.View(i, 2));
  o.imported_at = ParseTs(r.View(i, 3));
  o.ref = r.Text(i, 4);
  o.org_code = r.Text(i, 5);
  o.org_name = r.Text(i, 6);
  o.org_province = r.Text(i, 7);
  o.org_address = r.Text(i, 8);
  o.product.org_code = o.org_code;
  ReadProduct(r, i, 9, o.product);
  return o;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::vector<std::string> s;
  for (int64_t id : ids) s.push_back(std::to_string(id));
  return domain::JoinCodes(s);
}

void AddZone(Params& p, const RawMaterialZone& z) {
  p.Add(z.name)
      .Add(domain::Id(z.kind))
      .Add(z.crop)
      .Add(z.area_centiha)
      .Add(domain::JoinCodes(z.communes))
      .Add(domain::JoinCodes(z.org_codes))
      .Add(JoinIds(z.products))
      .Add(z.note);
}

void AddDemand(Params& p, const Demand& d) {
  std::optional<int64_t> max_distance;
  if (d.max_distance) max_distance = *d.max_distance;
  p.Add(d.buyer_name)
      .Add(d.buyer_org)
      .Add(d.buyer_province)
      .Add(d.contact)
      .Add(d.product)
      .Add(d.category)
      .Add(d.quantity)
      .Add(d.unit)
      .Add(d.period_from.ToString())
      .Add(d.period_to.ToString())
      .Add(domain::EncodeCertKinds(d.required_certs))
      .Add(domain::JoinCodes(d.provinces))
      .Add(max_distance)
      .Add(d.note)
      .Add(domain::Id(d.status))
      .Add(domain::Id(d.origin))
      .Add(d.approved);
}

class PostgresMarketStore final : public domain::MarketStore {
 public:
  explicit PostgresMarketStore(std::unique_ptr<Connection> c) : db_(std::move(c)) {}

  Result<domain::ProductId> InsertProduct(const Product& p) override {
    Params params;
    if (p.id != 0) params.Add(p.id);
    params.Add(p.org_code);
    AddProduct(params, p);
    params.Add(p.is_public).Add(p.id != 0 ? p.revision : int64_t{1});
    return Insert("products", kProductInsertColumns, 17, params, "product", p.id);
  }

  Status UpdateProduct(const Product& p) override {
    Params params;
    params.Add(p.org_code);
    AddProduct(params, p);
    params.Add(p.is_public).Add(p.id).Add(p.revision);
    return Updated(kUpdateProduct, params, "products", "product", p.id);
  }

  Status DeleteProduct(domain::ProductId id) override {
    return Delete("DELETE FROM products WHERE id = $1", "product", id);
  }

  Result<std::optional<Product>> FindProduct(domain::ProductId id) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run(std::string(kSelectProduct) + "WHERE id = $1", Params().Add(id)));
    if (r.empty()) return std::optional<Product>();
    return std::optional<Product>(ProductFrom(r, 0));
  }

  Result<std::vector<Product>> ListProducts(const domain::ProductQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run(std::string(kSelectProduct) +
                             "WHERE ($1 = '' OR org_code = $1) AND ($2 = '' OR category = $2) "
                             "AND (NOT $3::boolean OR is_public) ORDER BY id",
                         Params().Add(q.org_code).Add(q.category).Add(q.public_only)));
    std::vector<Product> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(ProductFrom(r, i));
    return out;
  }

  Result<domain::ZoneId> InsertZone(const RawMaterialZone& z) override {
    Params params;
    if (z.id != 0) params.Add(z.id);
    AddZone(params, z);
    params.Add(z.id != 0 ? z.revision : int64_t{1});
    return Insert("raw_material_zones", kZoneInsertColumns, 9, params, "zone", z.id);
  }

  Status UpdateZone(const RawMaterialZone& z) override {
    Params params;
    AddZone(params, z);
    params.Add(z.id).Add(z.revision);
    return Updated(kUpdateZone, params, "raw_material_zones", "zone", z.id);
  }

  Status DeleteZone(domain::ZoneId id) override {
    return Delete("DELETE FROM raw_material_zones WHERE id = $1", "zone", id);
  }

  Result<std::optional<RawMaterialZone>> FindZone(domain::ZoneId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r,
                            db_->Run(std::string(kSelectZone) + "WHERE id = $1", Params().Add(id)));
    if (r.empty()) return std::optional<RawMaterialZone>();
    return std::optional<RawMaterialZone>(ZoneFrom(r, 0));
  }

  Result<std::vector<RawMaterialZone>> ListZones() override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(std::string(kSelectZone) + "ORDER BY id"));
    std::vector<RawMaterialZone> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(ZoneFrom(r, i));
    return out;
  }

  Result<domain::DemandId> InsertDemand(const Demand& d) override {
    Params params;
    if (d.id != 0) params.Add(d.id);
    AddDemand(params, d);
    params.Add(d.created_at.ToString()).Add(d.id != 0 ? d.revision : int64_t{1});
    return Insert("demands", kDemandInsertColumns, 19, params, "demand", d.id);
  }

  Status UpdateDemand(const Demand& d) override {
    Params params;
    AddDemand(params, d);
    params.Add(d.id).Add(d.revision);
    return Updated(kUpdateDemand, params, "demands", "demand", d.id);
  }

  Result<std::optional<Demand>> FindDemand(domain::DemandId id) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run(std::string(kSelectDemand) + "WHERE id = $1", Params().Add(id)));
    if (r.empty()) return std::optional<Demand>();
    return std::optional<Demand>(DemandFrom(r, 0));
  }

  Result<std::vector<Demand>> ListDemands(const domain::DemandQuery& q) override {
    const std::string status = q.status ? domain::Id(*q.status) : "";
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run(std::string(kSelectDemand) +
                             "WHERE ($1 = '' OR status = $1) AND (NOT $2::boolean OR approved) "
                             "ORDER BY id",
                         Params().Add(status).Add(q.approved_only)));
    std::vector<Demand> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(DemandFrom(r, i));
    return out;
  }

  Result<domain::ProgrammeId> InsertProgramme(const LinkageProgramme& p) override {
    Params params;
    if (p.id != 0) params.Add(p.id);
    params.Add(p.name)
        .Add(domain::JoinCodes(p.provinces))
        .Add(p.note)
        .Add(p.id != 0 ? p.revision : int64_t{1});
    return Insert("linkage_programmes", "name, provinces, note, revision", 4, params, "programme",
                  p.id);
  }

  Status UpdateProgramme(const LinkageProgramme& p) override {
    return Updated(
        "UPDATE linkage_programmes SET name = $1, provinces = $2, note = $3, "
        "revision = revision + 1 WHERE id = $4 AND revision = $5",
        Params()
            .Add(p.name)
            .Add(domain::JoinCodes(p.provinces))
            .Add(p.note)
            .Add(p.id)
            .Add(p.revision),
        "linkage_programmes", "programme", p.id);
  }

  Result<std::vector<LinkageProgramme>> ListProgrammes() override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r,
        db_->Run("SELECT id, name, provinces, note, revision FROM linkage_programmes ORDER BY id"));
    std::vector<LinkageProgramme> out;
    for (size_t i = 0; i < r.size(); ++i) {
      out.push_back(
          {r.Int(i, 0), r.Text(i, 1), domain::SplitCodes(r.View(i, 2)), r.Text(i, 3), r.Int(i, 4)});
    }
    return out;
  }

  Status ReplacePartnerOffers(const std::string& source,
                              const std::vector<PartnerOffer>& offers) override {
    for (const auto& o : offers) {
      if (o.source != source) {
        return Error::Invalid("source", o.source, "every offer must come from " + source,
                              "partner.source");
      }
    }
    HOPTAC_RETURN_IF_ERROR(
        db_->Run("DELETE FROM partner_offers WHERE source = $1", Params().Add(source)));
    std::string sql = "INSERT INTO partner_offers (";
    sql.append(kOfferColumns).append(") VALUES (").append(Placeholders(1, 23));
    sql.append(") ON CONFLICT DO NOTHING RETURNING id");
    for (const auto& o : offers) {
      Params params;
      params.Add(o.source)
          .Add(o.source_name)
          .Add(o.published_on.ToString())
          .Add(o.imported_at.ToString())
          .Add(o.ref)
          .Add(o.org_code)
          .Add(o.org_name)
          .Add(o.org_province)
          .Add(o.org_address);
      AddProduct(params, o.product);
      HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(sql, params));
      if (r.empty()) {
        return Error::Invalid("ref", o.ref, "a catalogue names each product once",
                              "partner.ref_unique");
      }
    }
    return OkStatus();
  }

  Result<std::vector<PartnerOffer>> ListPartnerOffers(const std::string& source) override {
    std::string sql = "SELECT ";
    sql.append(kOfferColumns)
        .append(" FROM partner_offers WHERE ($1 = '' OR source = $1) ORDER BY source, ref");
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(sql, Params().Add(source)));
    std::vector<PartnerOffer> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(OfferFrom(r, i));
    return out;
  }

  Result<domain::MarketCounts> Counts() override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run("SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM "
                         "raw_material_zones), (SELECT count(*) FROM demands), (SELECT count(*) "
                         "FROM linkage_programmes), (SELECT count(*) FROM partner_offers)"));
    return domain::MarketCounts{r.Int(0, 0), r.Int(0, 1), r.Int(0, 2), r.Int(0, 3), r.Int(0, 4)};
  }

  Status Audited(const domain::AuditEntry& a, const std::function<Status()>& write) override {
    return InTransaction<Ok>(*db_, Isolation::kReadCommitted, [&]() -> Status {
      HOPTAC_RETURN_IF_ERROR(write());
      HOPTAC_RETURN_IF_ERROR(db_->Run(
          "INSERT INTO audit_log (at, actor, address, request_id, action, entity, before, after) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          Params()
              .Add(a.at.ToString())
              .Add(a.actor)
              .Add(a.address)
              .Add(a.request_id)
              .Add(a.action)
              .Add(a.entity)
              .Add(a.before)
              .Add(a.after)));
      return OkStatus();
    });
  }

 private:
  Result<int64_t> Insert(std::string_view table, std::string_view columns, int n,
                         const Params& params, const char* what, int64_t id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(InsertSql(table, columns, n, id != 0), params));
    if (r.empty()) {
      return Error::Conflict(std::string("this ") + what + " id is taken", "id",
                             std::to_string(id));
    }
    const int64_t assigned = r.Int(0, 0);
    if (id != 0) HOPTAC_RETURN_IF_ERROR(db_->Run(ResyncSql(table)));
    return assigned;
  }

  Status Updated(std::string_view sql, const Params& params, std::string_view table,
                 const char* what, int64_t id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(sql, params));
    if (r.affected() > 0) return OkStatus();
    std::string exists = "SELECT 1 FROM ";
    exists.append(table).append(" WHERE id = $1");
    HOPTAC_ASSIGN_OR_RETURN(Rows e, db_->Run(exists, Params().Add(id)));
    if (e.empty()) return Error::NotFound(std::string("no such ") + what, "id", std::to_string(id));
    return Error::Conflict(std::string("the ") + what + " was changed meanwhile: reload it",
                           "revision", {});
  }

  Status Delete(std::string_view sql, const char* what, int64_t id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(sql, Params().Add(id)));
    if (r.affected() == 0) {
      return Error::NotFound(std::string("no such ") + what, "id", std::to_string(id));
    }
    return OkStatus();
  }

  std::unique_ptr<Connection> db_;
};

}  // namespace

Result<std::unique_ptr<domain::MarketStore>> OpenPostgresMarketStore(const std::string& url) {
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Connection::Open(url));
  return std::unique_ptr<domain::MarketStore>(std::make_unique<PostgresMarketStore>(std::move(c)));
}

}  // namespace hoptac::store::postgres
