#pragma once
// AllianceService: the use cases of the Alliance's own work (C9, C10) — record, edit, list and
// search activities and inspections, follow up recommendations and list the overdue ones, keep
// the pilot communes of each year, the yearly plans and the progress of their manual tasks, the
// review notes; and compute every task's progress as of a date in an area. Each write is one
// transaction with its audit entry (domain::AllianceStore::Audited); texts are normalised to NFC
// and validated (domain/alliance.hpp) before anything is written.
//
// Computed indicators count the registry through the report engine on a projection of the
// registry as known now (rebuilt when the registry changed): conversion-2012, rating and ntm-13;
// the foundings through report::CountFounded; activities and inspections from the store. See
// docs/decisions/0050-alliance-plan-indicators.md for what each one counts.
//
// Not thread-safe: one service per thread, over its own stores.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "domain/alliance.hpp"
#include "domain/alliance_store.hpp"
#include "domain/clock.hpp"
#include "domain/store.hpp"
#include "report/engine.hpp"
#include "report/table.hpp"

namespace hoptac::app {

struct ActivityFilter {
  std::string type;
  std::optional<Date> from, to;
  std::string area;      // unit code of any level: activities in it (or its sub-units)
  std::string org_code;  // involving this organisation
  std::string text;      // words, diacritic-insensitive
  size_t limit = 200;
};

struct InspectionFilter {
  std::optional<Date> from, to;
  std::string area;
  std::string org_code;
  std::string text;
  size_t limit = 200;
};

// A recommendation with the inspection it came from.
struct FollowUpItem {
  domain::AllianceId inspection_id = 0;
  std::string subject;
  std::string org_code;
  std::string unit_code;
  std::optional<Date> held_date;
  domain::Recommendation recommendation;
  domain::FollowUpState state = domain::FollowUpState::kOpen;
};

// A task of a plan and how far it got by a date.
struct TaskProgress {
  domain::PlanTask task;
  int64_t actual = 0;
  std::optional<double> percent;  // actual / target × 100; none when the target is 0
  std::string indicator_label;    // the computed indicator's label, or "Theo dõi thủ công"
  std::string basis;              // how the value was obtained (the report, the period)
};

// A pilot commune of a year with its criterion-13.1 result (ntm-13) and the Alliance's
// activities held in it that year.
struct PilotCommuneStatus {
  domain::PilotCommune commune;
  std::string name;
  int64_t qualifying = 0;  // cooperatives that make it meet 13.1
  bool met = false;
  int64_t activities = 0;
};

struct PlanProgress {
  domain::Plan plan;
  Date as_of;
  std::string area;
  std::vector<TaskProgress> tasks;
};

class AllianceService {
 public:
  AllianceService(domain::Store& registry, domain::AllianceStore& store,
                  const domain::Clock& clock);
  ~AllianceService();
  AllianceService(const AllianceService&) = delete;
  AllianceService& operator=(const AllianceService&) = delete;

  // --- Activities: new ones get id and revision 1; an edit must carry the revision it read
  // (kConflict otherwise). Organisations involved must exist in the registry, the area in the
  // unit catalogue.
  Result<domain::Activity> AddActivity(domain::Activity a, const Actor& actor);
  Result<domain::Activity> EditActivity(domain::Activity a, const Actor& actor);
  Result<domain::Activity> GetActivity(domain::AllianceId id);
  Result<std::vector<domain::Activity>> ListActivities(const ActivityFilter& f);

  // --- Inspections.
  Result<domain::Inspection> AddInspection(domain::Inspection i, const Actor& actor);
  Result<domain::Inspection> EditInspection(domain::Inspection i, const Actor& actor);
  Result<domain::Inspection> GetInspection(domain::AllianceId id);
  Result<std::vector<domain::Inspection>> ListInspections(const InspectionFilter& f);
  // Marks a recommendation done (with the day) or open again; `revision` is the inspection's
  // revision the caller read (0: do not check). Returns the inspection after the change.
  Result<domain::Inspection> SetFollowUp(domain::AllianceId inspection_id,
                                         domain::AllianceId recommendation_id,
                                         domain::FollowUp status, std::optional<Date> done_on,
                                         std::string note, int64_t revision, const Actor& actor);
  // Every recommendation (open, done or overdue as of `as_of`) in the area; with only_overdue,
  // those open past their deadline. Oldest deadline first.
  Result<std::vector<FollowUpItem>> FollowUps(Date as_of, const std::string& area,
                                              bool only_overdue);
  // The inspections that led to the event.
  Result<std::vector<domain::Inspection>> InspectionsOfEvent(int64_t event_id);

  // --- Pilot communes of a year (communes valid in that year), replaced as a whole.
  Status SetPilotCommunes(int year, std::vector<domain::PilotCommune> communes, const Actor& actor);
  Result<std::vector<domain::PilotCommune>> PilotCommunes(int year);
  // Each pilot commune of `year` as of `as_of` (at most 31 December of the year).
  Result<std::vector<PilotCommuneStatus>> PilotCommuneStatuses(int year, Date as_of);

  // --- Plans: a new plan has revision 1, an edit the next revision after the one read.
  Result<domain::Plan> PutPlan(domain::Plan p, const Actor& actor);
  Result<domain::Plan> GetPlan(int year);  // kNotFound without one
  Result<std::vector<int>> PlanYears();
  Result<domain::ProgressEntry> AddProgress(domain::ProgressEntry e, const Actor& actor);
  Result<std::vector<domain::ProgressEntry>> Progress(int year);
  // Every task's value as of `as_of` in `area` ("" : the plan's own areas, else the area named).
  Result<PlanProgress> PlanProgressAsOf(int year, Date as_of, const std::string& area);
  // One computed indicator for the period [1 January of `year`, as_of] in an area.
  Result<int64_t> ComputeIndicator(const std::string& indicator, const std::string& parameter,
                                   int year, Date as_of, const std::string& area,
                                   std::string* basis = nullptr);

  // --- Difficulties of the year (the review's officer-entered text).
  Result<domain::ReviewNote> SetDifficulties(int year, std::string text, const Actor& actor);
  Result<std::optional<domain::ReviewNote>> Difficulties(int year);

  // Runs a registry report as known now (the projection this service keeps).
  Result<report::Table> RunReport(std::string_view id, report::ReportParams params);
  // The name of a unit on a date ("" when unknown).
  std::string UnitName(const std::string& code, Date d);
  // Whether `unit_code` (of a record dated `d`) lies within `area` ("" : everywhere). A record
  // without a unit is province-wide: inside any province, inside no smaller area.
  Result<bool> InArea(const std::string& unit_code, const std::string& area, Date d);
  // The registry's name of an organisation ("" when unknown).
  std::string OrgName(const std::string& code);

  domain::Store& registry() { return registry_; }
  domain::AllianceStore& store() { return store_; }
  const domain::Clock& clock() const { return clock_; }

 private:
  struct Cache;
  Result<Cache*> Current();
  domain::AuditEntry Entry(const Actor& actor, std::string action, std::string entity,
                           std::string before, std::string after) const;
  Status CheckArea(const std::string& code, std::string_view field, Date d);
  Status CheckOrg(const std::string& code, std::string_view field);

  domain::Store& registry_;
  domain::AllianceStore& store_;
  const domain::Clock& clock_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace hoptac::app
