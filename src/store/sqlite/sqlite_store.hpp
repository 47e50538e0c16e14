#pragma once
// The registry on an embedded SQLite database (one file, WAL). One SqliteStore owns one
// connection and is used by one thread at a time; open one per thread. Writers in other
// processes are serialised by SQLite (BEGIN IMMEDIATE) and wait up to 10 s for the lock.

#include <memory>
#include <string>

#include "domain/store.hpp"

namespace hoptac::store::sqlite {

class SqliteStore final : public domain::Store {
 public:
  // Opens or creates the file and applies pending migrations.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  Result<std::optional<domain::Organisation>> FindOrganisation(domain::OrgId id) override;
  Result<std::optional<domain::Organisation>> FindOrganisationByCode(
      std::string_view code) override;
  Result<std::vector<domain::Event>> LoadEvents(domain::OrgId id) override;
  Result<std::optional<domain::Event>> FindEvent(domain::EventId id) override;
  Result<std::vector<domain::YearlyFigures>> LoadFigures(domain::OrgId id) override;
  Result<std::vector<domain::OrgId>> LinkedTo(domain::OrgId id) override;
  Result<std::optional<Date>> FoundedOn(domain::OrgId id) override;
  Status BeginSnapshot() override;
  void EndSnapshot() override;
  Result<std::vector<domain::Member>> LoadMembers(domain::OrgId id) override;

  Result<std::unique_ptr<domain::WriteTransaction>> BeginWrite() override;
  Result<domain::UnitCatalog> LoadUnits() override;
  Result<std::vector<domain::OrgListRow>> QueryLatest(const domain::OrgQuery& q) override;
  Result<int64_t> ForEachLatest(const LatestVisitor& visit) override;
  Result<LatestChanges> ForEachLatestChangedSince(int64_t version, size_t at_most,
                                                  const LatestVisitor& visit) override;
  Status ForEachHistory(const HistoryVisitor& visit) override;
  Status ForEachFigures(const FiguresVisitor& visit) override;
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
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoptac::store::sqlite
