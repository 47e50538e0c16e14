#pragma once
// The storage of the Alliance's work (domain/alliance.hpp): activities, inspections with their
// findings, recommendations and links to events, pilot communes, plans with their tasks, the
// progress of manual tasks, and the review notes. Like AccessStore, a connection of its own to
// the registry's database; every write runs inside Audited(), in one transaction with its audit
// entry. store/ implements it for SQLite and PostgreSQL (migration 0011).
//
// Inserting a record with a non-zero id keeps that id (restoring a backup); with id 0 the store
// numbers it. Lists come in a stable order (dates, then ids).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/alliance.hpp"
#include "domain/audit.hpp"

namespace hoptac::domain {

struct ActivityQuery {
  std::string type;                 // exact type; "" : any
  std::optional<Date> from, to;     // activities that overlap [from, to]
  std::string org_code;             // involving this organisation
  std::vector<std::string> tokens;  // folded; each in its title, outcome, staff or funding
  std::optional<std::string> unit;  // exact unit code ("" : province-wide ones only)
};

struct InspectionQuery {
  std::optional<Date> from, to;  // planned or held in [from, to]
  std::string org_code;
  std::vector<std::string> tokens;  // folded; each in its subject, team, findings or
                                    // recommendations
};

class AllianceStore {
 public:
  virtual ~AllianceStore() = default;

  // Activities, newest start first (then id descending).
  virtual Result<AllianceId> InsertActivity(const Activity& a) = 0;
  // kConflict when the stored revision is not a.revision - 1 (someone changed it first);
  // kNotFound when there is no such activity.
  virtual Status UpdateActivity(const Activity& a) = 0;
  virtual Result<std::optional<Activity>> FindActivity(AllianceId id) = 0;
  virtual Result<std::vector<Activity>> ListActivities(const ActivityQuery& q) = 0;

  // Inspections, newest planned first; with their findings, recommendations and event links.
  // Insert gives the recommendations their ids (or keeps non-zero ones).
  virtual Result<AllianceId> InsertInspection(const Inspection& i) = 0;
  // Replaces everything of the inspection (recommendations keep the ids they carry, new ones are
  // numbered); revision rule as UpdateActivity.
  virtual Status UpdateInspection(const Inspection& i) = 0;
  virtual Result<std::optional<Inspection>> FindInspection(AllianceId id) = 0;
  virtual Result<std::vector<Inspection>> ListInspections(const InspectionQuery& q) = 0;
  // The inspections that led to an event (the other direction of Inspection::event_ids).
  virtual Result<std::vector<AllianceId>> InspectionsOfEvent(int64_t event_id) = 0;

  // The pilot communes of a year, replaced as a whole.
  virtual Status PutPilotCommunes(int year, const std::vector<PilotCommune>& communes) = 0;
  // Every year's (year 0) or one year's, by year then unit code.
  virtual Result<std::vector<PilotCommune>> ListPilotCommunes(int year) = 0;

  // The plan of a year with its tasks, replaced as a whole (tasks keep non-zero ids, new ones are
  // numbered; progress entries of tasks that are gone are removed). kConflict when a plan of the
  // year exists and its revision is not p.revision - 1 (a new plan keeps the revision it has:
  // 1, or a restored one's).
  virtual Status PutPlan(const Plan& p) = 0;
  virtual Result<std::optional<Plan>> FindPlan(int year) = 0;
  virtual Result<std::vector<int>> PlanYears() = 0;

  // Progress of manual tasks; by task, then date, then id.
  virtual Result<AllianceId> InsertProgress(const ProgressEntry& e) = 0;
  virtual Result<std::vector<ProgressEntry>> ListProgress(int year) = 0;  // 0: every year

  virtual Status PutReviewNote(const ReviewNote& n) = 0;
  virtual Result<std::optional<ReviewNote>> FindReviewNote(int year) = 0;
  virtual Result<std::vector<ReviewNote>> ListReviewNotes() = 0;

  // Whether anything is stored (a backup is restored only into an empty database).
  virtual Result<int64_t> CountAll() = 0;

  // Runs `write` in one transaction with `entry` appended to the audit log: both are committed,
  // or neither is (when `write` fails, its error is returned). `entry` is read after `write`
  // returns, so `write` may complete it (the id of what it inserted, the state after).
  virtual Status Audited(const AuditEntry& entry, const std::function<Status()>& write) = 0;
  // Runs `write` in one transaction without an audit entry: only for restoring a backup, whose
  // audit log is restored with it.
  virtual Status Unaudited(const std::function<Status()>& write) = 0;
};

}  // namespace hoptac::domain
