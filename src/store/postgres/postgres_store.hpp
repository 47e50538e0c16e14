#pragma once
// The registry on a PostgreSQL server (libpqxx; migrations/postgres/*.sql). One PostgresStore owns
// one server connection and is used by one thread at a time; open one per thread (http/'s
// RegistryPool does), as with SqliteStore.
//
// Writers run in READ COMMITTED transactions and lock the row of every organisation they read
// or write (SELECT … FOR UPDATE) before reading its history: two writers on one organisation
// take turns — the second reads the history the first committed — while writers on different
// organisations do not wait for each other. Two writers locking the same organisations in
// opposite orders make the server cancel one: it gets kUnavailable and may try again.

#include <memory>
#include <string>

#include "domain/store.hpp"

namespace hoptac::store::postgres {

class PostgresStore final : public domain::Store {
 public:
  // Connects to `url` (postgresql://user@host:port/db) and applies pending migrations (one
  // process at a time: they take an advisory lock). kUnavailable when the server cannot be
  // reached.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url);
  ~PostgresStore() override;

  Result<std::optional<domain::Organisation>> FindOrganisation(domain::OrgId id) override;
  Result<std::optional<domain::Organisation>> FindOrganisationByCode(
      std::string_view code) override;
  Result<std::vector<domain::Event>> LoadEvents(domain::OrgId id) override;
  Result<std::optional<domain::Event>> FindEvent(domain::EventId id) override;
  Result<std::vector<domain::YearlyFigures>> LoadFigures(domain::OrgId id) override;
  Result<std::vector<domain::OrgId>> LinkedTo(domain::OrgId id) override;
  Result<std::optional<Date>> FoundedOn(domain::OrgId id) override;

  Result<std::unique_ptr<domain::WriteTransaction>> BeginWrite() override;
  Result<domain::UnitCatalog> LoadUnits() override;
  Result<std::vector<domain::OrgListRow>> QueryLatest(const domain::OrgQuery& q) override;
  Result<int64_t> ForEachLatest(const LatestVisitor& visit) override;
  Result<LatestChanges> ForEachLatestChangedSince(int64_t version, size_t at_most,
                                                  const LatestVisitor& visit) override;
  Status ForEachHistory(const HistoryVisitor& visit) override;
  Status ForEachFigures(const FiguresVisitor& visit) override;
  Result<std::vector<domain::Member>> LoadMembers(domain::OrgId id) override;
  Status ForEachMembers(const MembersVisitor& visit) override;
  Result<domain::StoreCounts> Counts() override;
  Result<std::vector<domain::AuditEntry>> QueryAudit(const domain::AuditQuery& q) override;
  Result<domain::DataVersions> Versions() override;

  // The schema version after migrations (the highest applied).
  int schema_version() const;
  // The schema version the database had when Open found it (0: a new database).
  int schema_version_found() const;

  struct Impl;

 private:
  explicit PostgresStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True when `url` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(const std::string& url);

}  // namespace hoptac::store::postgres
