#pragma once
// The Alliance's own work (C9, C10): its activities (consulting, support, training, trade
// promotion, contests, …), its inspections with findings and recommendations that are followed
// up, the new-rural-development pilot communes of each year, and the yearly plans whose tasks
// have targets — a computed indicator (a count the registry answers) or a manual one (progress
// recorded by an officer). The lists of activity types and of computed indicators are data.
//
// Validation names the field (and the position in a list: "recommendations[2].deadline") and
// the value; nothing here does I/O.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/result.hpp"
#include "domain/money.hpp"

namespace hoptac::domain {

using AllianceId = int64_t;

// --- Data lists ------------------------------------------------------------------------------

struct ActivityType {
  std::string_view id;     // "consulting"
  std::string_view label;  // "Tư vấn"
};
// consulting, support, training, trade_promotion, contest, communication, model_replication,
// fund_loan, other.
std::span<const ActivityType> ActivityTypes();
const ActivityType* FindActivityType(std::string_view id);

// How a computed indicator is counted (app/alliance computes it).
struct IndicatorInfo {
  std::string_view id;     // "founded_cooperatives"
  std::string_view label;  // Vietnamese
  bool takes_parameter;    // activities_of_type: the activity type
};
// converted_or_dissolved_pending, founded_cooperatives, founded_groups, rated_fair_or_good,
// pilot_communes_13_1, activities_of_type, inspections_held, recommendations_done.
std::span<const IndicatorInfo> Indicators();
const IndicatorInfo* FindIndicator(std::string_view id);

// --- Activities ------------------------------------------------------------------------------

struct Activity {
  AllianceId id = 0;
  int64_t revision = 1;  // +1 on every update (If-Match)
  std::string type;      // an ActivityTypes() id
  std::string title;
  Date start_date;
  Date end_date;
  std::string unit_code;               // the area where it took place; "" : the whole province
  std::vector<std::string> org_codes;  // registry codes of the organisations involved
  int64_t participants = 0;
  std::string staff;  // the Alliance's officers in charge
  std::string funding_source;
  std::optional<Money> funding_amount;  // VND
  std::string outcome;
  std::vector<std::string> documents;  // links (http(s)://… or a document number)
  Timestamp recorded_at;
  std::string recorded_by;
  Timestamp updated_at;
  std::string updated_by;
};

// The first rule the activity breaks, naming the field; every text must already be NFC.
Status ValidateActivity(const Activity& a);

// --- Inspections -----------------------------------------------------------------------------

enum class FollowUp { kOpen, kDone };
// As shown: open, done, or overdue (open past its deadline on the as-of date).
enum class FollowUpState { kOpen, kDone, kOverdue };
const char* FollowUpId(FollowUp f);  // "open", "done"
Result<FollowUp> ParseFollowUp(std::string_view text, std::string_view field = "status");
const char* FollowUpStateId(FollowUpState s);  // "open", "done", "overdue"
const char* FollowUpStateLabel(FollowUpState s);  // "Đang theo dõi", "Đã thực hiện", "Quá hạn"

struct Recommendation {
  AllianceId id = 0;
  std::string text;
  std::optional<Date> deadline;
  FollowUp status = FollowUp::kOpen;
  std::optional<Date> done_on;  // set when done
  std::string follow_up_note;
};

// Overdue: open and the deadline is before `as_of`.
FollowUpState StateOf(const Recommendation& r, Date as_of);

struct Inspection {
  AllianceId id = 0;
  int64_t revision = 1;
  Date planned_date;
  std::optional<Date> held_date;
  std::string team;
  std::string org_code;   // the organisation inspected ("" : a theme inspection of an area)
  std::string unit_code;  // area
  std::string subject;
  std::vector<std::string> findings;
  std::vector<Recommendation> recommendations;
  std::vector<int64_t> event_ids;  // events it led to (e.g. forced dissolution)
  Timestamp recorded_at;
  std::string recorded_by;
  Timestamp updated_at;
  std::string updated_by;
};

Status ValidateInspection(const Inspection& i);
// A follow-up change: done needs the day it was done (not before the inspection was held or
// planned); reopening clears it.
Status ValidateFollowUp(const Inspection& i, const Recommendation& r);

// --- Pilot communes, plans, review notes -----------------------------------------------------

struct PilotCommune {
  int year = 0;
  std::string unit_code;  // the commune (as valid in that year)
  std::string note;
};

enum class TaskKind { kComputed, kManual };
const char* TaskKindId(TaskKind k);  // "computed", "manual"
Result<TaskKind> ParseTaskKind(std::string_view text, std::string_view field = "kind");

struct PlanTask {
  AllianceId id = 0;
  int position = 0;  // 1, 2, … in the plan
  std::string title;
  TaskKind kind = TaskKind::kComputed;
  std::string indicator;  // computed: an Indicators() id
  std::string parameter;  // activities_of_type: the activity type
  int64_t target = 0;
  std::string unit_code;  // area of the target; "" : the whole province
  std::string unit;       // unit of a manual target ("HTX", "lớp", "%")
};

struct Plan {
  int year = 0;
  int64_t revision = 1;
  std::string title;
  std::vector<PlanTask> tasks;
  Timestamp updated_at;
  std::string updated_by;
};

Status ValidatePlan(const Plan& p);

// Progress of a manual task: the value reached on a date (cumulative, not an increment).
struct ProgressEntry {
  AllianceId id = 0;
  AllianceId task_id = 0;
  Date date;
  int64_t value = 0;
  std::string note;
  Timestamp recorded_at;
  std::string recorded_by;
};

Status ValidateProgress(const ProgressEntry& e);
// The value reached on `as_of`: that of the latest entry dated on or before it (the last recorded
// among entries of the same day); 0 when none.
int64_t ProgressAsOf(std::span<const ProgressEntry> entries, Date as_of);

// Difficulties and other officer-entered text of the yearly review.
struct ReviewNote {
  int year = 0;
  std::string difficulties;
  Timestamp updated_at;
  std::string updated_by;
};

Status ValidateReviewNote(const ReviewNote& n);

}  // namespace hoptac::domain
