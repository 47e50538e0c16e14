#pragma once
// The storage of the market (domain/market.hpp): products, raw-material zones, demands, linkage
// programmes and partner offers, implemented for SQLite and PostgreSQL by store/ (tables of
// migration 0012). Like AccessStore, a store of its own over the registry's database; every write
// runs inside Audited, so the change and its audit entry are committed together or not at all.
//
// Versioned records (products, zones, demands, programmes) carry a revision: an update names the
// revision it was made from and is refused (kConflict) when the stored one differs; the stored
// revision then goes up by one. Inserting with id 0 assigns a new id and revision 1; a non-zero
// id and its revision are kept (restoring a backup; kConflict when the id is taken).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/audit.hpp"
#include "domain/market.hpp"

namespace hoptac::domain {

struct ProductQuery {
  std::string org_code;  // "" : every organisation
  std::string category;  // "" : every category
  bool public_only = false;
};

struct DemandQuery {
  std::optional<DemandStatus> status;
  bool approved_only = false;
};

struct MarketCounts {
  int64_t products = 0;
  int64_t zones = 0;
  int64_t demands = 0;
  int64_t programmes = 0;
  int64_t partner_offers = 0;
};

class MarketStore {
 public:
  virtual ~MarketStore() = default;

  virtual Result<ProductId> InsertProduct(const Product& p) = 0;
  virtual Status UpdateProduct(const Product& p) = 0;  // kNotFound, kConflict (revision)
  virtual Status DeleteProduct(ProductId id) = 0;      // kNotFound
  virtual Result<std::optional<Product>> FindProduct(ProductId id) = 0;
  virtual Result<std::vector<Product>> ListProducts(const ProductQuery& q) = 0;  // by id

  virtual Result<ZoneId> InsertZone(const RawMaterialZone& z) = 0;
  virtual Status UpdateZone(const RawMaterialZone& z) = 0;
  virtual Status DeleteZone(ZoneId id) = 0;
  virtual Result<std::optional<RawMaterialZone>> FindZone(ZoneId id) = 0;
  virtual Result<std::vector<RawMaterialZone>> ListZones() = 0;  // by id

  virtual Result<DemandId> InsertDemand(const Demand& d) = 0;
  virtual Status UpdateDemand(const Demand& d) = 0;
  virtual Result<std::optional<Demand>> FindDemand(DemandId id) = 0;
  virtual Result<std::vector<Demand>> ListDemands(const DemandQuery& q) = 0;  // by id

  virtual Result<ProgrammeId> InsertProgramme(const LinkageProgramme& p) = 0;
  virtual Status UpdateProgramme(const LinkageProgramme& p) = 0;
  virtual Result<std::vector<LinkageProgramme>> ListProgrammes() = 0;  // by id

  // Replaces every offer of `source` by `offers` (all of that source).
  virtual Status ReplacePartnerOffers(const std::string& source,
                                      const std::vector<PartnerOffer>& offers) = 0;
  // By source then ref; "" : every source.
  virtual Result<std::vector<PartnerOffer>> ListPartnerOffers(const std::string& source) = 0;

  virtual Result<MarketCounts> Counts() = 0;

  // Runs `write` in one transaction with `entry` appended to the audit log.
  virtual Status Audited(const AuditEntry& entry, const std::function<Status()>& write) = 0;
};

// How lists are kept in a column (shared by both backends): codes joined by ',' (codes hold no
// comma), certifications one per line as kind|from|to|code (a code holds no line break).
std::string JoinCodes(const std::vector<std::string>& codes);
std::vector<std::string> SplitCodes(std::string_view text);
std::string EncodeCertifications(const std::vector<Certification>& certs);
std::vector<Certification> DecodeCertifications(std::string_view text);
std::string EncodeCertKinds(const std::vector<CertKind>& kinds);
std::vector<CertKind> DecodeCertKinds(std::string_view text);

}  // namespace hoptac::domain
