#pragma once
// The market use cases (issue 9): products of the organisations, raw-material zones, buyers'
// demands (entered by officers, or posted by the public and approved by an officer), linkage
// programmes, matching over own products and partner provinces' offers, the catalogue exchange
// between provinces' instances (JSON and XLSX, docs/formats.md "Catalogue"), and the reports.
//
// Every write is one transaction of the MarketStore with its audit entry. Texts are normalised to
// NFC; the organisation of a product must be in the registry. Authorisation (roles, area scope)
// is the adapters' business, as for the registry; Market gives them what they need to decide
// (the organisation's state, the province of a demand).

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "domain/clock.hpp"
#include "domain/lifecycle.hpp"
#include "domain/market_store.hpp"
#include "domain/store.hpp"
#include "report/table.hpp"

namespace hoptac::app {

// The public face of a producer: what a catalogue and a public product page show.
struct ProducerInfo {
  std::string code, name, province, province_name, commune_name, address;
  domain::OrgState state;  // the latest state (for scope checks; not public)
};

// An offer ranked for a demand, with what the adapters show of it.
struct RankedOffer {
  domain::MatchResult result;
  bool own = true;
  domain::ProductId product_id = 0;  // own products
  std::string source, source_name;   // partner offers
  std::optional<Date> published_on;
  std::string org_code, org_name, province;
  domain::Product product;
};

struct RankedDemand {
  domain::DemandMatch match;
  domain::Demand demand;
};

// A catalogue as published by one province's instance.
struct Catalogue {
  std::string source;       // province code (2025)
  std::string source_name;  // "Liên minh HTX tỉnh Tuyên Quang"
  Date published_on;
  std::vector<domain::PartnerOffer> offers;  // ref, producer and product (public fields)
};

enum class CatalogueFormat { kJson, kXlsx };
Result<CatalogueFormat> ParseCatalogueFormat(std::string_view s);

struct CatalogueImport {
  std::string source;
  size_t offers = 0;
};

class Market {
 public:
  Market(domain::MarketStore& market, domain::Store& registry, const domain::Clock& clock);

  // ---- products ----
  Result<domain::ProductId> AddProduct(domain::Product p, const Actor& actor);
  // `p.revision` is the revision it was edited from (kConflict when it changed meanwhile).
  Status UpdateProduct(domain::Product p, const Actor& actor);
  Status DeleteProduct(domain::ProductId id, int64_t revision, const Actor& actor);
  Result<domain::Product> GetProduct(domain::ProductId id);
  Result<std::vector<domain::Product>> Products(const domain::ProductQuery& q);

  // ---- zones ----
  Result<domain::ZoneId> AddZone(domain::RawMaterialZone z, const Actor& actor);
  Status UpdateZone(domain::RawMaterialZone z, const Actor& actor);
  Status DeleteZone(domain::ZoneId id, int64_t revision, const Actor& actor);
  Result<std::vector<domain::RawMaterialZone>> Zones();

  // ---- demands ----
  // Entered by an officer: approved at once.
  Result<domain::DemandId> AddDemand(domain::Demand d, const Actor& actor);
  // Posted by a buyer on the public page: open, not approved, origin public.
  Result<domain::DemandId> PostPublicDemand(domain::Demand d, const Actor& actor);
  Status ApproveDemand(domain::DemandId id, int64_t revision, const Actor& actor);
  Status SetDemandStatus(domain::DemandId id, domain::DemandStatus status, int64_t revision,
                         const Actor& actor);
  Result<domain::Demand> GetDemand(domain::DemandId id);
  Result<std::vector<domain::Demand>> Demands(const domain::DemandQuery& q);

  // ---- programmes ----
  Result<domain::ProgrammeId> AddProgramme(domain::LinkageProgramme p, const Actor& actor);
  Status UpdateProgramme(domain::LinkageProgramme p, const Actor& actor);
  Result<std::vector<domain::LinkageProgramme>> Programmes();

  // ---- matching ----
  // Own products (public or not) and every partner offer, ranked for the demand.
  Result<std::vector<RankedOffer>> MatchDemand(domain::DemandId id);
  // Open, approved demands the product matches, best first.
  Result<std::vector<RankedDemand>> MatchProduct(domain::ProductId id);

  // ---- producers ----
  // kNotFound when the registry does not know the code.
  Result<ProducerInfo> Producer(const std::string& code);

  // ---- catalogue exchange ----
  // The public products of this instance, as the catalogue of `source` (a 2025 province code).
  Result<Catalogue> BuildCatalogue(const std::string& source, const std::string& source_name);
  Result<std::string> WriteCatalogue(const Catalogue& c, CatalogueFormat format);
  // Reads a catalogue file (kInvalid naming the row and the field) and replaces the partner
  // offers of its source with it, in one transaction. A catalogue of this instance's own
  // province is refused when `own_province` is given.
  Result<CatalogueImport> ImportCatalogue(std::string_view bytes, CatalogueFormat format,
                                          const std::string& own_province, const Actor& actor);
  Result<std::vector<domain::PartnerOffer>> PartnerOffers(const std::string& source);

  // The administrative units (loaded once), for scope checks.
  Result<const domain::UnitCatalog*> Units();

  // ---- reports ----
  Result<report::Table> KeyProductsReport();
  Result<report::Table> OcopReport();
  Result<report::Table> ZoneAreaReport();
  Result<report::Table> LinkageReport();

 private:
  domain::AuditEntry Entry(const Actor& actor, std::string action, std::string entity) const;
  Status Normalise(domain::Product& p);
  Status Normalise(domain::Demand& d);

  domain::MarketStore& market_;
  domain::Store& registry_;
  const domain::Clock& clock_;
  std::optional<domain::UnitCatalog> units_;
};

// The public demand form's defences against spam (decision 0063): a one-time form token issued
// by the server, which must be at least `min_fill_us` old (people take seconds to fill a form,
// scripts do not) and at most `token_ttl_us`; an empty honeypot field (hidden from people,
// filled by naive bots); and at most `max_posts` posts per client address per window.
// Thread-safe (the server shares one).
struct PublicFormPolicy {
  int max_posts = 20;                                  // per address, per window
  int64_t window_us = int64_t{3600} * 1000000;         // one hour
  int64_t min_fill_us = int64_t{3} * 1000000;          // three seconds
  int64_t token_ttl_us = int64_t{2} * 3600 * 1000000;  // two hours
  size_t max_tokens = 10000;                           // outstanding tokens kept
};

class PublicDemandGuard {
 public:
  explicit PublicDemandGuard(PublicFormPolicy policy = {}) : policy_(policy) {}
  // A new one-time token for the form.
  std::string IssueToken(Timestamp now);
  // kUnavailable with rule "demand.throttled" when the address posted too often (every attempt
  // counts); kInvalid naming "form_token" (rule "demand.token") for an unknown, used or expired
  // token or one filled too fast (rule "demand.too_fast"), naming "website" (rule
  // "demand.honeypot") when the honeypot holds anything. The token is spent either way.
  Status Check(const std::string& token, const std::string& honeypot, const std::string& address,
               Timestamp now);

 private:
  PublicFormPolicy policy_;
  std::mutex mu_;
  std::map<std::string, Timestamp> tokens_;
  struct Window {
    int posts = 0;
    Timestamp start;
  };
  std::map<std::string, Window> addresses_;
};

// Reads a catalogue file (no store involved): kInvalid naming the row and field.
Result<Catalogue> ReadCatalogue(std::string_view bytes, CatalogueFormat format);

// JSON shapes (the API, the CLI, the audit log). `with_private`: what only officers see.
nlohmann::json ProductJson(const domain::Product& p, bool with_private);
nlohmann::json ZoneJson(const domain::RawMaterialZone& z);
nlohmann::json DemandJson(const domain::Demand& d, bool with_private);
nlohmann::json ProgrammeJson(const domain::LinkageProgramme& p);
nlohmann::json PartnerOfferJson(const domain::PartnerOffer& o);
nlohmann::json MatchJson(const domain::MatchResult& r);
nlohmann::json RankedOfferJson(const RankedOffer& o);
nlohmann::json ProducerJson(const ProducerInfo& p);
nlohmann::json CatalogueJson(const Catalogue& c);

// Parsing the JSON a client sends (API bodies, CLI files): kInvalid naming the field.
Result<domain::Product> ProductFromJson(const nlohmann::json& j);
Result<domain::Demand> DemandFromJson(const nlohmann::json& j);
Result<domain::RawMaterialZone> ZoneFromJson(const nlohmann::json& j);
Result<domain::LinkageProgramme> ProgrammeFromJson(const nlohmann::json& j);
// Whole records as ProductJson(…, true), DemandJson(…, true), ZoneJson, ProgrammeJson and
// PartnerOfferJson write them, ids and revisions included (backups).
Result<domain::Product> ProductRecord(const nlohmann::json& j);
Result<domain::Demand> DemandRecord(const nlohmann::json& j);
Result<domain::RawMaterialZone> ZoneRecord(const nlohmann::json& j);
Result<domain::LinkageProgramme> ProgrammeRecord(const nlohmann::json& j);
Result<domain::PartnerOffer> PartnerOfferRecord(const nlohmann::json& j);

}  // namespace hoptac::app
