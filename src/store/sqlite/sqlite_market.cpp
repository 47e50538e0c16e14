// MarketStore on SQLite: its own connection to the registry's file (tables of 0012_market.sql).
// Single-threaded, like SqliteStore.

#include <sqlite3.h>

#include <string>

#include "store/open_market_store.hpp"
#include "store/postgres/postgres_market.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/audit_row.hpp"
#include "store/sqlite/connection.hpp"

namespace hoptac::store {
namespace sqlite {
namespace {

using domain::Demand;
using domain::LinkageProgramme;
using domain::PartnerOffer;
using domain::Product;
using domain::RawMaterialZone;

Timestamp ParseTs(const std::string& text) {
  auto t = Timestamp::Parse(text);
  return t.ok() ? t.value() : Timestamp();
}
Date ParseDay(const std::string& text) {
  auto d = Date::Parse(text);
  return d.ok() ? d.value() : Date();
}
std::optional<int64_t> OptInt(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return int64_t{*v};
}

// The product columns shared by products and partner offers, from `name` on (14).
#define HOPTAC_PRODUCT_COLUMNS                                                           \
  "name, category, key_level, ocop_stars, ocop_year, certifications, months, capacity, " \
  "capacity_unit, price_min, price_max, packaging, photo_url, description"

void BindProduct(Statement& st, int at, const Product& p) {
  st.Bind(at, p.name)
      .Bind(at + 1, p.category)
      .Bind(at + 2, domain::Id(p.key_level))
      .Bind(at + 3, int64_t{p.ocop_stars})
      .Bind(at + 4, int64_t{p.ocop_year})
      .Bind(at + 5, domain::EncodeCertifications(p.certifications))
      .Bind(at + 6, int64_t{p.months})
      .Bind(at + 7, p.capacity)
      .Bind(at + 8, p.capacity_unit)
      .Bind(at + 9, p.price_min)
      .Bind(at + 10, p.price_max)
      .Bind(at + 11, p.packaging)
      .Bind(at + 12, p.photo_url)
      .Bind(at + 13, p.description);
}

void ReadProduct(const Statement& st, int at, Product& p) {
  p.name = st.Text(at);
  p.category = st.Text(at + 1);
  auto level = domain::ParseKeyLevel(st.Text(at + 2));
  p.key_level = level.ok() ? *level : domain::KeyLevel::kNone;
  p.ocop_stars = static_cast<int>(st.Int(at + 3));
  p.ocop_year = static_cast<int>(st.Int(at + 4));
  p.certifications = domain::DecodeCertifications(st.Text(at + 5));
  p.months = static_cast<uint16_t>(st.Int(at + 6));
  p.capacity = st.Int(at + 7);
  p.capacity_unit = st.Text(at + 8);
  p.price_min = st.OptInt(at + 9);
  p.price_max = st.OptInt(at + 10);
  p.packaging = st.Text(at + 11);
  p.photo_url = st.Text(at + 12);
  p.description = st.Text(at + 13);
}

constexpr std::string_view kSelectProduct =
    "SELECT id, org_code, " HOPTAC_PRODUCT_COLUMNS ", is_public, revision FROM products ";
constexpr std::string_view kSelectZone =
    "SELECT id, name, kind, crop, area_centiha, communes, org_codes, product_ids, note, revision "
    "FROM raw_material_zones ";
constexpr std::string_view kSelectDemand =
    "SELECT id, buyer_name, buyer_org, buyer_province, contact, product, category, quantity, "
    "unit, period_from, period_to, required_certs, provinces, max_distance, note, status, origin, "
    "approved, created_at, revision FROM demands ";
constexpr std::string_view kSelectOffer =
    "SELECT source, source_name, published_on, imported_at, ref, org_code, org_name, "
    "org_province, org_address, " HOPTAC_PRODUCT_COLUMNS " FROM partner_offers ";

Product ProductFrom(const Statement& st) {
  Product p;
  p.id = st.Int(0);
  p.org_code = st.Text(1);
  ReadProduct(st, 2, p);
  p.is_public = st.Int(16) != 0;
  p.revision = st.Int(17);
  return p;
}

RawMaterialZone ZoneFrom(const Statement& st) {
  RawMaterialZone z;
  z.id = st.Int(0);
  z.name = st.Text(1);
  auto kind = domain::ParseZoneKind(st.Text(2));
  z.kind = kind.ok() ? *kind : domain::ZoneKind::kCrop;
  z.crop = st.Text(3);
  z.area_centiha = st.Int(4);
  z.communes = domain::SplitCodes(st.Text(5));
  z.org_codes = domain::SplitCodes(st.Text(6));
  for (const auto& id : domain::SplitCodes(st.Text(7))) z.products.push_back(std::stoll(id));
  z.note = st.Text(8);
  z.revision = st.Int(9);
  return z;
}

Demand DemandFrom(const Statement& st) {
  Demand d;
  d.id = st.Int(0);
  d.buyer_name = st.Text(1);
  d.buyer_org = st.Text(2);
  d.buyer_province = st.Text(3);
  d.contact = st.Text(4);
  d.product = st.Text(5);
  d.category = st.Text(6);
  d.quantity = st.Int(7);
  d.unit = st.Text(8);
  d.period_from = ParseDay(st.Text(9));
  d.period_to = ParseDay(st.Text(10));
  d.required_certs = domain::DecodeCertKinds(st.Text(11));
  d.provinces = domain::SplitCodes(st.Text(12));
  if (!st.IsNull(13)) d.max_distance = static_cast<int>(st.Int(13));
  d.note = st.Text(14);
  auto status = domain::ParseDemandStatus(st.Text(15));
  d.status = status.ok() ? *status : domain::DemandStatus::kOpen;
  d.origin =
      st.Text(16) == "public" ? domain::DemandOrigin::kPublic : domain::DemandOrigin::kOfficer;
  d.approved = st.Int(17) != 0;
  d.created_at = ParseTs(st.Text(18));
  d.revision = st.Int(19);
  return d;
}

PartnerOffer OfferFrom(const Statement& st) {
  PartnerOffer o;
  o.source = st.Text(0);
  o.source_name = st.Text(1);
  o.published_on = ParseDay(st.Text(2));
  o.imported_at = ParseTs(st.Text(3));
  o.ref = st.Text(4);
  o.org_code = st.Text(5);
  o.org_name = st.Text(6);
  o.org_province = st.Text(7);
  o.org_address = st.Text(8);
  o.product.org_code = o.org_code;
  ReadProduct(st, 9, o.product);
  return o;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::vector<std::string> s;
  for (int64_t id : ids) s.push_back(std::to_string(id));
  return domain::JoinCodes(s);
}

class SqliteMarketStore final : public domain::MarketStore {
 public:
  explicit SqliteMarketStore(Connection c) : db_(std::move(c)) {}

  // ---- products ----

  Result<domain::ProductId> InsertProduct(const Product& p) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("INSERT INTO products (id, org_code, " HOPTAC_PRODUCT_COLUMNS
                    ", is_public, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?)"));
    BindId(st, 1, p.id);
    st.Bind(2, p.org_code);
    BindProduct(st, 3, p);
    st.Bind(17, int64_t{p.is_public ? 1 : 0}).Bind(18, p.id != 0 ? p.revision : int64_t{1});
    return Insert(st, "product", p.id);
  }

  Status UpdateProduct(const Product& p) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("UPDATE products SET org_code = ?, name = ?, category = ?, key_level = ?, "
                    "ocop_stars = ?, ocop_year = ?, certifications = ?, months = ?, capacity = ?, "
                    "capacity_unit = ?, price_min = ?, price_max = ?, packaging = ?, "
                    "photo_url = ?, description = ?, is_public = ?, revision = revision + 1 "
                    "WHERE id = ? AND revision = ?"));
    st.Bind(1, p.org_code);
    BindProduct(st, 2, p);
    st.Bind(16, int64_t{p.is_public ? 1 : 0}).Bind(17, p.id).Bind(18, p.revision);
    return Updated(st, "products", "product", p.id);
  }

  Status DeleteProduct(domain::ProductId id) override {
    return Delete("DELETE FROM products WHERE id = ?", "product", id);
  }

  Result<std::optional<Product>> FindProduct(domain::ProductId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare(std::string(kSelectProduct) + "WHERE id = ?"));
    st.Bind(1, id);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) return std::optional<Product>();
    return std::optional<Product>(ProductFrom(st));
  }

  Result<std::vector<Product>> ListProducts(const domain::ProductQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st, db_.Prepare(std::string(kSelectProduct) +
                                  "WHERE (? = '' OR org_code = ?) AND (? = '' OR category = ?) "
                                  "AND (? = 0 OR is_public = 1) ORDER BY id"));
    st.Bind(1, q.org_code)
        .Bind(2, q.org_code)
        .Bind(3, q.category)
        .Bind(4, q.category)
        .Bind(5, int64_t{q.public_only ? 1 : 0});
    std::vector<Product> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      out.push_back(ProductFrom(st));
    }
    return out;
  }

  // ---- zones ----

  Result<domain::ZoneId> InsertZone(const RawMaterialZone& z) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("INSERT INTO raw_material_zones (id, name, kind, crop, area_centiha, "
                    "communes, org_codes, product_ids, note, revision) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    BindId(st, 1, z.id);
    BindZone(st, 2, z);
    st.Bind(10, z.id != 0 ? z.revision : int64_t{1});
    return Insert(st, "zone", z.id);
  }

  Status UpdateZone(const RawMaterialZone& z) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("UPDATE raw_material_zones SET name = ?, kind = ?, crop = ?, "
                    "area_centiha = ?, communes = ?, org_codes = ?, product_ids = ?, note = ?, "
                    "revision = revision + 1 WHERE id = ? AND revision = ?"));
    BindZone(st, 1, z);
    st.Bind(9, z.id).Bind(10, z.revision);
    return Updated(st, "raw_material_zones", "zone", z.id);
  }

  Status DeleteZone(domain::ZoneId id) override {
    return Delete("DELETE FROM raw_material_zones WHERE id = ?", "zone", id);
  }

  Result<std::optional<RawMaterialZone>> FindZone(domain::ZoneId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare(std::string(kSelectZone) + "WHERE id = ?"));
    st.Bind(1, id);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) return std::optional<RawMaterialZone>();
    return std::optional<RawMaterialZone>(ZoneFrom(st));
  }

  Result<std::vector<RawMaterialZone>> ListZones() override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare(std::string(kSelectZone) + "ORDER BY id"));
    std::vector<RawMaterialZone> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      out.push_back(ZoneFrom(st));
    }
    return out;
  }

  // ---- demands ----

  Result<domain::DemandId> InsertDemand(const Demand& d) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("INSERT INTO demands (id, buyer_name, buyer_org, buyer_province, contact, "
                    "product, category, quantity, unit, period_from, period_to, required_certs, "
                    "provinces, max_distance, note, status, origin, approved, created_at, "
                    "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?)"));
    BindId(st, 1, d.id);
    BindDemand(st, 2, d);
    st.Bind(19, d.created_at.ToString()).Bind(20, d.id != 0 ? d.revision : int64_t{1});
    return Insert(st, "demand", d.id);
  }

  Status UpdateDemand(const Demand& d) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("UPDATE demands SET buyer_name = ?, buyer_org = ?, buyer_province = ?, "
                    "contact = ?, product = ?, category = ?, quantity = ?, unit = ?, "
                    "period_from = ?, period_to = ?, required_certs = ?, provinces = ?, "
                    "max_distance = ?, note = ?, status = ?, origin = ?, approved = ?, "
                    "revision = revision + 1 WHERE id = ? AND revision = ?"));
    BindDemand(st, 1, d);
    st.Bind(18, d.id).Bind(19, d.revision);
    return Updated(st, "demands", "demand", d.id);
  }

  Result<std::optional<Demand>> FindDemand(domain::DemandId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare(std::string(kSelectDemand) + "WHERE id = ?"));
    st.Bind(1, id);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) return std::optional<Demand>();
    return std::optional<Demand>(DemandFrom(st));
  }

  Result<std::vector<Demand>> ListDemands(const domain::DemandQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare(std::string(kSelectDemand) +
                                        "WHERE (? = '' OR status = ?) AND (? = 0 OR approved = 1) "
                                        "ORDER BY id"));
    const std::string status = q.status ? domain::Id(*q.status) : "";
    st.Bind(1, status).Bind(2, status).Bind(3, int64_t{q.approved_only ? 1 : 0});
    std::vector<Demand> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      out.push_back(DemandFrom(st));
    }
    return out;
  }

  // ---- programmes ----

  Result<domain::ProgrammeId> InsertProgramme(const LinkageProgramme& p) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare("INSERT INTO linkage_programmes (id, name, provinces, "
                                        "note, revision) VALUES (?, ?, ?, ?, ?)"));
    BindId(st, 1, p.id);
    st.Bind(2, p.name)
        .Bind(3, domain::JoinCodes(p.provinces))
        .Bind(4, p.note)
        .Bind(5, p.id != 0 ? p.revision : int64_t{1});
    return Insert(st, "programme", p.id);
  }

  Status UpdateProgramme(const LinkageProgramme& p) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("UPDATE linkage_programmes SET name = ?, provinces = ?, note = ?, "
                    "revision = revision + 1 WHERE id = ? AND revision = ?"));
    st.Bind(1, p.name)
        .Bind(2, domain::JoinCodes(p.provinces))
        .Bind(3, p.note)
        .Bind(4, p.id)
        .Bind(5, p.revision);
    return Updated(st, "linkage_programmes", "programme", p.id);
  }

  Result<std::vector<LinkageProgramme>> ListProgrammes() override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare("SELECT id, name, provinces, note, revision "
                                                      "FROM linkage_programmes ORDER BY id"));
    std::vector<LinkageProgramme> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      out.push_back({st.Int(0), st.Text(1), domain::SplitCodes(st.Text(2)), st.Text(3), st.Int(4)});
    }
    return out;
  }

  // ---- partner offers ----

  Status ReplacePartnerOffers(const std::string& source,
                              const std::vector<PartnerOffer>& offers) override {
    for (const auto& o : offers) {
      if (o.source != source) {
        return Error::Invalid("source", o.source, "every offer must come from " + source,
                              "partner.source");
      }
    }
    HOPTAC_ASSIGN_OR_RETURN(Statement del,
                            db_.Prepare("DELETE FROM partner_offers WHERE source = ?"));
    del.Bind(1, source);
    HOPTAC_RETURN_IF_ERROR(del.Run());
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("INSERT INTO partner_offers (source, source_name, published_on, imported_at, "
                    "ref, org_code, org_name, org_province, org_address, " HOPTAC_PRODUCT_COLUMNS
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?)"));
    for (const auto& o : offers) {
      st.Reset();
      st.Bind(1, o.source)
          .Bind(2, o.source_name)
          .Bind(3, o.published_on.ToString())
          .Bind(4, o.imported_at.ToString())
          .Bind(5, o.ref)
          .Bind(6, o.org_code)
          .Bind(7, o.org_name)
          .Bind(8, o.org_province)
          .Bind(9, o.org_address);
      BindProduct(st, 10, o.product);
      auto r = st.Run();
      if (!r.ok()) {
        if (r.error().code == ErrorCode::kConflict) {
          return Error::Invalid("ref", o.ref, "a catalogue names each product once",
                                "partner.ref_unique");
        }
        return r;
      }
    }
    return OkStatus();
  }

  Result<std::vector<PartnerOffer>> ListPartnerOffers(const std::string& source) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement st,
                            db_.Prepare(std::string(kSelectOffer) +
                                        "WHERE (? = '' OR source = ?) ORDER BY source, ref"));
    st.Bind(1, source).Bind(2, source);
    std::vector<PartnerOffer> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      out.push_back(OfferFrom(st));
    }
    return out;
  }

  Result<domain::MarketCounts> Counts() override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM "
                    "raw_material_zones), (SELECT count(*) FROM demands), (SELECT count(*) FROM "
                    "linkage_programmes), (SELECT count(*) FROM partner_offers)"));
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) return Error::Internal("count returned no row");
    return domain::MarketCounts{st.Int(0), st.Int(1), st.Int(2), st.Int(3), st.Int(4)};
  }

  Status Audited(const domain::AuditEntry& a, const std::function<Status()>& write) override {
    return InImmediateTransaction(db_, [&]() -> Status {
      HOPTAC_RETURN_IF_ERROR(write());
      return InsertAuditRow(db_, a);
    });
  }

 private:
  static void BindId(Statement& st, int i, int64_t id) {
    if (id != 0) {
      st.Bind(i, id);
    } else {
      st.BindNull(i);
    }
  }

  static void BindZone(Statement& st, int at, const RawMaterialZone& z) {
    st.Bind(at, z.name)
        .Bind(at + 1, domain::Id(z.kind))
        .Bind(at + 2, z.crop)
        .Bind(at + 3, z.area_centiha)
        .Bind(at + 4, domain::JoinCodes(z.communes))
        .Bind(at + 5, domain::JoinCodes(z.org_codes))
        .Bind(at + 6, JoinIds(z.products))
        .Bind(at + 7, z.note);
  }

  static void BindDemand(Statement& st, int at, const Demand& d) {
    st.Bind(at, d.buyer_name)
        .Bind(at + 1, d.buyer_org)
        .Bind(at + 2, d.buyer_province)
        .Bind(at + 3, d.contact)
        .Bind(at + 4, d.product)
        .Bind(at + 5, d.category)
        .Bind(at + 6, d.quantity)
        .Bind(at + 7, d.unit)
        .Bind(at + 8, d.period_from.ToString())
        .Bind(at + 9, d.period_to.ToString())
        .Bind(at + 10, domain::EncodeCertKinds(d.required_certs))
        .Bind(at + 11, domain::JoinCodes(d.provinces))
        .Bind(at + 12, OptInt(d.max_distance))
        .Bind(at + 13, d.note)
        .Bind(at + 14, domain::Id(d.status))
        .Bind(at + 15, domain::Id(d.origin))
        .Bind(at + 16, int64_t{d.approved ? 1 : 0});
  }

  Result<int64_t> Insert(Statement& st, const char* what, int64_t id) {
    auto r = st.Run();
    if (!r.ok()) {
      if (r.error().code == ErrorCode::kConflict) {
        return Error::Conflict(std::string("this ") + what + " id is taken", "id",
                               std::to_string(id));
      }
      return r.take_error();
    }
    return db_.LastInsertId();
  }

  Status Updated(Statement& st, const char* table, const char* what, int64_t id) {
    HOPTAC_RETURN_IF_ERROR(st.Run());
    if (sqlite3_changes(db_.handle()) > 0) return OkStatus();
    HOPTAC_ASSIGN_OR_RETURN(Statement exists,
                            db_.Prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = ?"));
    exists.Bind(1, id);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, exists.Step());
    if (!row) return Error::NotFound(std::string("no such ") + what, "id", std::to_string(id));
    return Error::Conflict(std::string("the ") + what + " was changed meanwhile: reload it",
                           "revision", {});
  }

  Status Delete(std::string_view sql, const char* what, int64_t id) {
    HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare(sql));
    st.Bind(1, id);
    HOPTAC_RETURN_IF_ERROR(st.Run());
    if (sqlite3_changes(db_.handle()) == 0) {
      return Error::NotFound(std::string("no such ") + what, "id", std::to_string(id));
    }
    return OkStatus();
  }

  Connection db_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<domain::MarketStore>> OpenMarketStore(const std::string& url) {
  if (postgres::IsPostgresUrl(url)) return postgres::OpenPostgresMarketStore(url);
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  HOPTAC_ASSIGN_OR_RETURN(sqlite::Connection c, sqlite::Connection::Open(path));
  return std::unique_ptr<domain::MarketStore>(
      std::make_unique<sqlite::SqliteMarketStore>(std::move(c)));
}

}  // namespace hoptac::store
