#pragma once
// Registry: the use cases of the registry core (C1–C5), each one transaction.
//
// Adapters (cli/, later http/ and exchange/) parse their input into the typed commands below and
// call one method; every write validates the whole history it would leave behind with the domain
// rules before anything is stored, and either all of it is committed or none. Reads fold events
// at (as_of, known_at). Not thread-safe: one Registry per thread, over its own Store.

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/actor.hpp"
#include "domain/clock.hpp"
#include "domain/conversion.hpp"
#include "domain/figures.hpp"
#include "domain/store.hpp"

namespace hoptac::app {

class ListIndex;

struct ReferenceUnits;

// A new event, as parsed by an adapter. Linked organisations are named by registry code.
struct NewEvent {
  domain::EventType type = domain::EventType::kAmended;
  Date effective_date;
  domain::LegalBasis basis;
  std::optional<domain::DissolutionGround> ground;
  domain::Changes changes;
  std::vector<std::string> related_codes;
  std::string note;
  // When the fact was first recorded, for histories carried over from an older register (the
  // demo, imports). Must not be in the future nor before the effective date. Default: now.
  std::optional<Timestamp> recorded_at;
};

struct NewOrganisation {
  domain::OrgKind kind = domain::OrgKind::kHTX;
  domain::RegistryCode code;
  NewEvent founding;  // type is forced to `founded`
};

// An organisation with the events after its founding, written in one go (bulk paths).
struct NewHistory {
  NewOrganisation organisation;
  std::vector<NewEvent> events;
  std::vector<domain::YearlyFigures> figures;  // org_id is filled in
};

// An organisation as of a date: its folded state and where its head office is.
struct OrgView {
  domain::OrgState state;
  Date as_of;
  Timestamp known_at;
  const domain::Unit* unit = nullptr;  // registered unit (the version valid when it was set)
  std::string unit_path;               // "Xã Việt Lâm, Huyện Vị Xuyên, Tỉnh Hà Giang"
  std::vector<domain::UnitCatalog::Mapped> units_now;  // today's unit(s) of that address
  std::string unit_now_path;                           // the primary one, with its ancestors
  domain::Conversion conversion = domain::Conversion::kNotRequired;
  std::vector<std::string> successor_codes;
  std::vector<std::string> predecessor_codes;  // organisations linked to this one
};

// Bulk writes for imports (app/import.hpp): an event or figures for the organisation with a code.
struct CodedEvent {
  std::string registry_code;
  NewEvent event;
};
struct CodedFigures {
  std::string registry_code;
  domain::YearlyFigures figures;
};
struct CodedMember {
  std::string registry_code;
  domain::Member member;  // org_id and the recording are filled in
};

// Which members of the register to list: those who belonged to the organisation on `as_of`
// (default: today), as the register was known at `known_at` (default: now); with `all`, every
// member ever registered, left or not.
struct MembersQuery {
  std::optional<Date> as_of;
  std::optional<Timestamp> known_at;
  bool all = false;
};

// What a bulk write did with each item: created it, or found it already there (nothing written).
enum class ItemOutcome { kCreated, kUnchanged };
struct BulkResult {
  std::vector<ItemOutcome> outcomes;               // per item; meaningless for failed items
  std::vector<std::pair<size_t, Error>> failures;  // (item index, why), in item order
  bool committed = false;
};

struct HistoryView {
  domain::Organisation organisation;
  std::string revision;                    // see Revision()
  std::vector<domain::Event> events;       // voided included, in history order
  std::vector<std::string> related_codes;  // per event: codes of linked organisations, joined
};

struct ListQuery {
  std::optional<Date> as_of;          // nullopt: today
  std::optional<Timestamp> known_at;  // nullopt: now
  std::optional<domain::OrgKind> kind;
  std::optional<domain::LegalStatus> status;
  std::optional<domain::Field> field;
  std::string model;
  std::string unit_code;  // any level, old or new
  std::string query;      // folded search over every name the organisation has had
  size_t limit = 50;
  domain::OrgSort sort = domain::OrgSort::kName;  // then by name (domain::OrgQuery)
  bool descending = false;
  std::string after;  // cursor returned by the previous page (of the same order)
};

struct ListPage {
  std::vector<domain::OrgState> items;
  std::string next;  // cursor for the next page, empty on the last page
};

// The revision of an organisation: it changes with every event, void and figures revision
// written for it (all append-only), so it names exactly one state of everything stored about it.
// HTTP uses it as the entity tag that If-Match checks.
std::string Revision(const domain::Organisation& org, const std::vector<domain::Event>& events,
                     size_t figure_revisions);

// What a write expects to find; checked inside its transaction. Empty members check nothing.
struct Expect {
  std::string revision;       // kConflict (rule "precondition.stale") when it differs
  std::string registry_code;  // the organisation the event belongs to (VoidEvent), else kNotFound
};

class BulkImport;

class Registry {
 public:
  Registry(domain::Store& store, const domain::Clock& clock);
  ~Registry();

  // Replaces the administrative units (reference data).
  Status LoadUnits(const ReferenceUnits& units, const Actor& actor);
  // The units, loaded from the store once (until Refresh finds them changed). kUnavailable when
  // none are loaded.
  Result<const domain::UnitCatalog*> Units();
  // Forgets the units loaded when the store's units version has moved since (another process, or
  // another Registry on the database, replaced them; decision 0031), or when it cannot be read.
  // One read of the store; a server calls it once per request.
  void Refresh();
  // Answers the organisation list and search in name order from `index` (shared by the
  // registries of a server; it outlives this one) instead of the store's statements.
  void UseListIndex(ListIndex* index);

  Result<domain::OrgId> AddOrganisation(const NewOrganisation& cmd, const Actor& actor);
  Result<domain::EventId> RecordEvent(std::string_view registry_code, const NewEvent& cmd,
                                      const Actor& actor, const Expect& expect = {});
  // Voids an event (with a reason) and optionally records its replacement, in one transaction.
  // Returns the replacement's id, or 0.
  Result<domain::EventId> VoidEvent(domain::EventId id, std::string_view reason,
                                    const std::optional<NewEvent>& replacement, const Actor& actor,
                                    const Expect& expect = {});
  Status SetFigures(std::string_view registry_code, domain::YearlyFigures figures,
                    const Actor& actor, const Expect& expect = {});
  // The member register (domain/member.hpp). AddMember registers a new member number
  // (kConflict when the register has it); LeaveMember records that a member left on `left_on`
  // (kNotFound for an unknown number, kConflict when it has left already). Each checks the
  // member with the domain's rules against the organisation's history, writes a new revision and
  // its audit entry ("member.add", "member.leave") in one transaction.
  Status AddMember(std::string_view registry_code, domain::Member member, const Actor& actor);
  Status LeaveMember(std::string_view registry_code, std::string_view member_no, Date left_on,
                     std::string_view reason, const Actor& actor);
  Result<std::vector<domain::Member>> Members(std::string_view registry_code,
                                              const MembersQuery& q);

  // Writes many organisations with their histories, in one transaction, validating each as
  // AddOrganisation + RecordEvent would. An error names the organisation and stops everything.
  Status RecordHistories(std::span<const NewHistory> histories, const Actor& actor);

  // Bulk writes for imports. Each checks every item as its single-item use case would
  // (AddOrganisation, RecordEvent, SetFigures), in one transaction, and goes on after a failing
  // item so that all failures are reported; the transaction is committed only when no item failed
  // and `dry_run` is false, so a dry run checks exactly what a real run would write. An item the
  // registry already holds is kUnchanged and writes nothing: an organisation whose kind, code and
  // founding event are the same (a different founding is kConflict naming the first field that
  // differs: a change is an event, never an overwrite); an event equal to a non-voided event of
  // the organisation; figures equal to the latest revision of their year. Only errors of the
  // store itself (busy, I/O) are returned as errors.
  Result<BulkResult> ImportOrganisations(std::span<const NewOrganisation> items, const Actor& actor,
                                         bool dry_run);
  Result<BulkResult> ImportEvents(std::span<const CodedEvent> items, const Actor& actor,
                                  bool dry_run);
  Result<BulkResult> ImportFigures(std::span<const CodedFigures> items, const Actor& actor,
                                   bool dry_run);
  // Members: the natural key is the registry code and the member number; a row equal to the
  // latest revision of its member is kUnchanged, any other is a new revision, checked as
  // AddMember checks a member.
  Result<BulkResult> ImportMembers(std::span<const CodedMember> items, const Actor& actor,
                                   bool dry_run);
  // The same checks for a file fed in batches, in one transaction (see BulkImport).
  Result<std::unique_ptr<BulkImport>> BeginImport(const Actor& actor);

  Result<OrgView> Show(std::string_view registry_code, std::optional<Date> as_of,
                       std::optional<Timestamp> known_at);
  Result<HistoryView> History(std::string_view registry_code);
  // The organisation's revision now (see Revision()).
  Result<std::string> Revision(std::string_view registry_code);
  // The audit log, newest first.
  Result<std::vector<domain::AuditEntry>> Audit(const domain::AuditQuery& q);
  Result<std::vector<domain::YearlyFigures>> Figures(std::string_view registry_code,
                                                     std::optional<Timestamp> known_at);
  Result<ListPage> List(const ListQuery& q);
  // Organisations whose names match the folded query (or whose code starts with it), names
  // with the query's exact diacritics first, then in Vietnamese order.
  Result<std::vector<domain::OrgState>> Search(std::string_view query, size_t limit);
  // The event types that may follow the organisation's history now.
  Result<std::vector<domain::EventType>> AllowedNext(std::string_view registry_code);

  Result<domain::StoreCounts> Counts();
  // Calls `visit` with every organisation folded at (as_of, known_at), in id order, including
  // those not yet founded on `as_of` (state.exists is false).
  Status ForEachState(Date as_of, std::optional<Timestamp> known_at,
                      const std::function<void(const domain::OrgState&)>& visit);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A bulk import in one write transaction, fed batch by batch so that a large file need not be
// held as commands all at once (app/import.cpp). Each Add* checks its items exactly as
// Registry::ImportOrganisations/ImportEvents/ImportFigures do — later batches see what earlier
// ones wrote — and returns what it did with each item of the batch (failure indices are within
// the batch). Finish(true) commits when no item of any batch failed; Finish(false), a failed
// item, or destroying an unfinished import rolls everything back. Only errors of the store
// itself are returned as errors. Lives no longer than its Registry; not thread-safe.
class BulkImport {
 public:
  ~BulkImport();
  BulkImport(const BulkImport&) = delete;
  BulkImport& operator=(const BulkImport&) = delete;

  Result<BulkResult> AddOrganisations(std::span<const NewOrganisation> items);
  Result<BulkResult> AddEvents(std::span<const CodedEvent> items);
  Result<BulkResult> AddFigures(std::span<const CodedFigures> items);
  Result<BulkResult> AddMembers(std::span<const CodedMember> items);
  // Returns whether the transaction was committed.
  Result<bool> Finish(bool commit);

  struct State;

 private:
  friend class Registry;
  explicit BulkImport(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hoptac::app
