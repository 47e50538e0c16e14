#pragma once
// The storage the domain needs, as interfaces: store/ implements them for SQLite (and later
// PostgreSQL); app/ uses them. Every write goes through a WriteTransaction: writers are
// serialised, reads inside the transaction see its own writes, and nothing is kept unless
// Commit() succeeds (destroying an uncommitted transaction rolls it back).
//
// Events and voids are append-only: no method updates or deletes them. Errors from the driver are
// turned into domain errors (a duplicate registry code is kConflict, a busy database kUnavailable);
// no driver text leaves the store.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/audit.hpp"
#include "domain/event.hpp"
#include "domain/figures.hpp"
#include "domain/lifecycle.hpp"
#include "domain/member.hpp"
#include "domain/org_sort.hpp"
#include "domain/unit.hpp"

namespace hoptac::domain {

class RegistryReader {
 public:
  virtual ~RegistryReader() = default;
  virtual Result<std::optional<Organisation>> FindOrganisation(OrgId id) = 0;
  virtual Result<std::optional<Organisation>> FindOrganisationByCode(std::string_view code) = 0;
  // Every event of the organisation, voided ones included (with their void), in history order.
  virtual Result<std::vector<Event>> LoadEvents(OrgId id) = 0;
  virtual Result<std::optional<Event>> FindEvent(EventId id) = 0;
  // Every revision of every year.
  virtual Result<std::vector<YearlyFigures>> LoadFigures(OrgId id) = 0;
  // The organisation's founding date as now known: domain::FoundedOn(LoadEvents(id),
  // Timestamp::Max()), read without building the events (what checking figures needs).
  virtual Result<std::optional<Date>> FoundedOn(OrgId id) = 0;
  // Organisations whose events link to `id` (as successor or parent).
  virtual Result<std::vector<OrgId>> LinkedTo(OrgId id) = 0;
  // Every revision of every member of the register, by member number then recording time.
  virtual Result<std::vector<Member>> LoadMembers(OrgId id) = 0;
};

class WriteTransaction : public RegistryReader {
 public:
  // kConflict when the registry code is taken. Returns the new id.
  virtual Result<OrgId> InsertOrganisation(const Organisation& org) = 0;
  virtual Result<EventId> AppendEvent(const Event& e) = 0;
  // kConflict when the event is already void.
  virtual Status AppendVoid(EventId id, const EventVoid& v) = 0;
  virtual Status AppendFigures(const YearlyFigures& f) = 0;
  // A revision of a member of the register (recorded_at and recorded_by as given).
  virtual Status AppendMember(const Member& m) = 0;
  // The projection of an organisation's latest state (as of today, as known now), used for lists
  // and search. Written in the same transaction as the events it folds.
  virtual Status PutLatest(const OrgState& latest) = 0;
  virtual Status ReplaceUnits(const std::vector<Unit>& units,
                              const std::vector<UnitSuccession>& successions,
                              const std::vector<UnitAlias>& aliases) = 0;
  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  // Restoring a backup (app/backup.hpp) into an empty database: the organisation and the event
  // keep the ids they have (kConflict when taken), the event its links and, when it has one, its
  // void; the event's names are indexed for search as AppendEvent does.
  virtual Status RestoreOrganisation(const Organisation& org) = 0;
  virtual Status RestoreEvent(const Event& e) = 0;
  virtual Status Commit() = 0;
};

// Filters over the latest-state projection.
struct OrgQuery {
  std::vector<std::string> name_tokens;  // folded; each must occur in one of its names
  std::string code_prefix;               // registry code starts with it
  std::optional<OrgKind> kind;
  std::optional<LegalStatus> status;
  std::optional<Field> field;
  std::string model;                    // exact model tag
  std::vector<std::string> unit_codes;  // head office (latest) in one of these units
  size_t limit = 50;
  // The order: by `sort` (ascending, or descending), then by the name's sort key ascending (for
  // kName, by the name's sort key in the direction asked). Rows never tie (the key ends with the
  // id).
  OrgSort sort = OrgSort::kName;
  bool descending = false;
  // Keyset pagination: the last row seen, as its SortValue (not for kName) and its sort_key;
  // rows after it in the order asked. Both empty: from the first row.
  std::string after_value;
  std::string after_key;
};

// One row of the projection.
struct OrgListRow {
  OrgState state;
  std::string sort_key;  // the vi collation key of the name, then the id
};

struct StoreCounts {
  int64_t organisations = 0;
  int64_t events = 0;
  int64_t voids = 0;
  int64_t figures = 0;
  int64_t units = 0;
  int64_t members = 0;  // member revisions
  int64_t audit = 0;    // audit log entries
};

// How far the database has moved (decision 0031): each number grows with every committed write
// transaction that changed that part, in any process on the database. Caches compare them with
// the versions they were built from; read them before what they guard, so a cache is never
// older than the version it records.
struct DataVersions {
  int64_t registry = 0;  // organisations, events, voids, figures, the latest-state projection
  int64_t units = 0;     // the administrative units, their successions and aliases
  bool operator==(const DataVersions&) const = default;
};

class Store : public RegistryReader {
 public:
  virtual Result<std::unique_ptr<WriteTransaction>> BeginWrite() = 0;
  virtual Result<UnitCatalog> LoadUnits() = 0;
  // Latest-state rows matching `q`, in the order q asks (OrgQuery), at most q.limit.
  virtual Result<std::vector<OrgListRow>> QueryLatest(const OrgQuery& q) = 0;
  // Every latest-state row (in no particular order), each with the folded forms of every name
  // the organisation has had, joined by '\n' (folded text holds no '\n'). One read of one state
  // of the database, whose registry version (DataVersions::registry) it returns. For the
  // in-memory list index (app::ListIndex).
  using LatestVisitor = std::function<void(OrgListRow&, std::string& folded_names)>;
  virtual Result<int64_t> ForEachLatest(const LatestVisitor& visit) = 0;
  // The same for the rows written by transactions of a registry version above `version` only
  // (migration 0017), in no particular order; when more than `at_most` were, visits none and says
  // so with `more` (a whole ForEachLatest is then the cheaper read).
  struct LatestChanges {
    int64_t version = 0;  // the registry version of the state read
    bool more = false;
  };
  virtual Result<LatestChanges> ForEachLatestChangedSince(int64_t version, size_t at_most,
                                                          const LatestVisitor& visit) = 0;
  // Every organisation with its events (voided included), in id order, one call per
  // organisation. For folding the whole registry as of any date.
  using HistoryVisitor = std::function<void(const Organisation&, std::vector<Event>&)>;
  virtual Status ForEachHistory(const HistoryVisitor& visit) = 0;
  // Every organisation's yearly-figure revisions (all of them), in organisation id order, one call
  // per organisation that has any.
  using FiguresVisitor = std::function<void(OrgId, std::vector<YearlyFigures>&)>;
  virtual Status ForEachFigures(const FiguresVisitor& visit) = 0;
  // Every organisation's member revisions (all of them), in organisation id order, one call per
  // organisation that has any, each as LoadMembers orders them.
  using MembersVisitor = std::function<void(OrgId, std::vector<Member>&)>;
  virtual Status ForEachMembers(const MembersVisitor& visit) = 0;
  virtual Result<StoreCounts> Counts() = 0;
  virtual Result<std::vector<AuditEntry>> QueryAudit(const AuditQuery& q) = 0;
  // One row read: cheap enough for every request.
  virtual Result<DataVersions> Versions() = 0;
  // Until EndSnapshot, the reads see one state of the database (a server's read request: its
  // organisation, events and links agree with each other), and SQLite takes its read lock once
  // instead of once per statement. No write may begin inside (kInternal). A store without such
  // a mode reads as before.
  virtual Status BeginSnapshot() { return OkStatus(); }
  virtual void EndSnapshot() {}
};

// BeginSnapshot for a scope, when `wanted`; an error leaves the reads as they would be without.
class ReadSnapshot {
 public:
  ReadSnapshot(Store& store, bool wanted)
      : store_(wanted && store.BeginSnapshot().ok() ? &store : nullptr) {}
  ~ReadSnapshot() {
    if (store_ != nullptr) store_->EndSnapshot();
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Store* store_;
};

}  // namespace hoptac::domain
