// AllianceStore on PostgreSQL: its own connection to the registry's database (tables of
// migrations/postgres/0011_alliance.sql). Single-threaded, like PostgresStore. Writes run in
// READ COMMITTED transactions (Audited); an update locks the row whose revision it checks
// (SELECT … FOR UPDATE), so two writers holding the same revision cannot both succeed. Rows
// inserted with their ids (a backup) move the identity past them.

#include "store/postgres/postgres_alliance.hpp"

#include <algorithm>
#include <set>

#include "store/alliance_text.hpp"
#include "store/postgres/connection.hpp"

namespace hoptac::store::postgres {
namespace {

using alliance::ParseDay;
using alliance::ParseTime;
using domain::Activity;
using domain::AllianceId;
using domain::Inspection;
using domain::Plan;
using domain::PlanTask;
using domain::ProgressEntry;
using domain::Recommendation;

std::optional<std::string> OptDay(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToString();
}

std::optional<Date> DayOr(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return ParseDay(*s);
}

std::optional<int64_t> OptId(AllianceId id) {
  if (id == 0) return std::nullopt;
  return id;
}

#define HOPTAC_ACTIVITY_COLUMNS                                                              \
  "SELECT id, revision, type, title, start_date, end_date, unit_code, participants, staff, " \
  "funding_source, funding_amount, outcome, documents, search, recorded_at, recorded_by, "   \
  "updated_at, updated_by FROM activities "
constexpr std::string_view kSelectActivity = HOPTAC_ACTIVITY_COLUMNS "WHERE id = $1";
constexpr std::string_view kListActivities = HOPTAC_ACTIVITY_COLUMNS
    "WHERE ($1 = '' OR type = $1) AND ($2::text IS NULL OR end_date >= $2) "
    "AND ($3::text IS NULL OR start_date <= $3) AND ($4::text IS NULL OR unit_code = $4) "
    "AND ($5 = '' OR id IN (SELECT activity_id FROM activity_orgs WHERE registry_code = $5)) "
    "ORDER BY start_date DESC, id DESC";
#undef HOPTAC_ACTIVITY_COLUMNS

constexpr std::string_view kInsertActivity =
    "INSERT INTO activities (id, revision, type, title, start_date, end_date, unit_code, "
    "participants, staff, funding_source, funding_amount, outcome, documents, search, "
    "recorded_at, recorded_by, updated_at, updated_by) VALUES (coalesce($1, nextval("
    "pg_get_serial_sequence('activities', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, $15, $16, $17, $18) RETURNING id";
constexpr std::string_view kUpdateActivity =
    "UPDATE activities SET revision = $2, type = $3, title = $4, start_date = $5, end_date = $6, "
    "unit_code = $7, participants = $8, staff = $9, funding_source = $10, funding_amount = $11, "
    "outcome = $12, documents = $13, search = $14, recorded_at = $15, recorded_by = $16, "
    "updated_at = $17, updated_by = $18 WHERE id = $1";

#define HOPTAC_INSPECTION_COLUMNS                                                              \
  "SELECT id, revision, planned_date, held_date, team, org_code, unit_code, subject, search, " \
  "recorded_at, recorded_by, updated_at, updated_by FROM inspections "
constexpr std::string_view kSelectInspection = HOPTAC_INSPECTION_COLUMNS "WHERE id = $1";
constexpr std::string_view kListInspections = HOPTAC_INSPECTION_COLUMNS
    "WHERE ($1::text IS NULL OR coalesce(held_date, planned_date) >= $1 OR planned_date >= $1) "
    "AND ($2::text IS NULL OR planned_date <= $2 OR held_date <= $2) "
    "AND ($3 = '' OR org_code = $3) ORDER BY planned_date DESC, id DESC";
#undef HOPTAC_INSPECTION_COLUMNS

constexpr std::string_view kInsertInspection =
    "INSERT INTO inspections (id, revision, planned_date, held_date, team, org_code, unit_code, "
    "subject, search, recorded_at, recorded_by, updated_at, updated_by) VALUES (coalesce($1, "
    "nextval(pg_get_serial_sequence('inspections', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13) RETURNING id";
constexpr std::string_view kUpdateInspection =
    "UPDATE inspections SET revision = $2, planned_date = $3, held_date = $4, team = $5, "
    "org_code = $6, unit_code = $7, subject = $8, search = $9, recorded_at = $10, "
    "recorded_by = $11, updated_at = $12, updated_by = $13 WHERE id = $1";

constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, actor, address, request_id, action, entity, before, after) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

class PostgresAllianceStore final : public domain::AllianceStore {
 public:
  explicit PostgresAllianceStore(std::unique_ptr<Connection> c) : db_(std::move(c)) {}

  // --- Activities ---

  Result<AllianceId> InsertActivity(const Activity& a) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kInsertActivity, ActivityParams(a)));
    const AllianceId id = r.Int(0, 0);
    if (a.id != 0) HOPTAC_RETURN_IF_ERROR(Resync("activities"));
    HOPTAC_RETURN_IF_ERROR(PutActivityOrgs(id, a.org_codes));
    return id;
  }

  Status UpdateActivity(const Activity& a) override {
    HOPTAC_RETURN_IF_ERROR(CheckRevision("SELECT revision FROM activities WHERE id = $1 FOR UPDATE",
                                         a.id, a.revision, "activity"));
    HOPTAC_RETURN_IF_ERROR(db_->Run(kUpdateActivity, ActivityParams(a, a.id)));
    return PutActivityOrgs(a.id, a.org_codes);
  }

  Result<std::optional<Activity>> FindActivity(AllianceId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectActivity, Params().Add(id)));
    std::vector<std::string> search;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Activity> found, ReadActivities(r, search));
    if (found.empty()) return std::optional<Activity>();
    return std::optional<Activity>(std::move(found.front()));
  }

  Result<std::vector<Activity>> ListActivities(const domain::ActivityQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kListActivities, Params()
                                                                  .Add(q.type)
                                                                  .Add(OptDay(q.from))
                                                                  .Add(OptDay(q.to))
                                                                  .Add(q.unit)
                                                                  .Add(q.org_code)));
    std::vector<std::string> search;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Activity> all, ReadActivities(r, search));
    std::vector<Activity> out;
    for (size_t i = 0; i < all.size(); ++i) {
      if (alliance::MatchesTokens(search[i], q.tokens)) out.push_back(std::move(all[i]));
    }
    return out;
  }

  // --- Inspections ---

  Result<AllianceId> InsertInspection(const Inspection& i) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kInsertInspection, InspectionParams(i)));
    const AllianceId id = r.Int(0, 0);
    if (i.id != 0) HOPTAC_RETURN_IF_ERROR(Resync("inspections"));
    HOPTAC_RETURN_IF_ERROR(PutInspectionParts(id, i));
    return id;
  }

  Status UpdateInspection(const Inspection& i) override {
    HOPTAC_RETURN_IF_ERROR(
        CheckRevision("SELECT revision FROM inspections WHERE id = $1 FOR UPDATE", i.id, i.revision,
                      "inspection"));
    HOPTAC_RETURN_IF_ERROR(db_->Run(kUpdateInspection, InspectionParams(i, i.id)));
    return PutInspectionParts(i.id, i);
  }

  Result<std::optional<Inspection>> FindInspection(AllianceId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectInspection, Params().Add(id)));
    std::vector<std::string> search;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Inspection> found, ReadInspections(r, search));
    if (found.empty()) return std::optional<Inspection>();
    return std::optional<Inspection>(std::move(found.front()));
  }

  Result<std::vector<Inspection>> ListInspections(const domain::InspectionQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r,
        db_->Run(kListInspections, Params().Add(OptDay(q.from)).Add(OptDay(q.to)).Add(q.org_code)));
    std::vector<std::string> search;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Inspection> all, ReadInspections(r, search));
    std::vector<Inspection> out;
    for (size_t k = 0; k < all.size(); ++k) {
      if (alliance::MatchesTokens(search[k], q.tokens)) out.push_back(std::move(all[k]));
    }
    return out;
  }

  Result<std::vector<AllianceId>> InspectionsOfEvent(int64_t event_id) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run("SELECT inspection_id FROM inspection_events WHERE "
                                             "event_id = $1 ORDER BY inspection_id",
                                             Params().Add(event_id)));
    std::vector<AllianceId> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
    return out;
  }

  // --- Pilot communes ---

  Status PutPilotCommunes(int year, const std::vector<domain::PilotCommune>& communes) override {
    std::set<std::string> seen;
    for (const auto& c : communes) {
      if (!seen.insert(c.unit_code).second) {
        return Error::Invalid("unit_code", c.unit_code, "listed twice for the year",
                              "pilot_commune.unique");
      }
    }
    HOPTAC_RETURN_IF_ERROR(
        db_->Run("DELETE FROM pilot_communes WHERE year = $1", Params().Add(int64_t{year})));
    for (const auto& c : communes) {
      HOPTAC_RETURN_IF_ERROR(
          db_->Run("INSERT INTO pilot_communes (year, unit_code, note) VALUES ($1, $2, $3)",
                   Params().Add(int64_t{year}).Add(c.unit_code).Add(c.note)));
    }
    return OkStatus();
  }

  Result<std::vector<domain::PilotCommune>> ListPilotCommunes(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run("SELECT year, unit_code, note FROM pilot_communes WHERE $1 = 0 OR "
                         "year = $1 ORDER BY year, unit_code COLLATE \"C\"",
                         Params().Add(int64_t{year})));
    std::vector<domain::PilotCommune> out;
    for (size_t i = 0; i < r.size(); ++i) {
      out.push_back({static_cast<int>(r.Int(i, 0)), r.Text(i, 1), r.Text(i, 2)});
    }
    return out;
  }

  // --- Plans ---

  Status PutPlan(const Plan& p) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows cur, db_->Run("SELECT revision FROM plans WHERE year = $1 FOR "
                                               "UPDATE",
                                               Params().Add(int64_t{p.year})));
    const bool exists = !cur.empty();
    const int64_t stored = exists ? cur.Int(0, 0) : 0;
    if ((exists && stored != p.revision - 1) || p.revision < 1) {
      return Error::Conflict("the plan of " + std::to_string(p.year) +
                                 " was changed by someone else (revision " +
                                 std::to_string(stored) + "); reload it",
                             "revision", std::to_string(p.revision));
    }
    Params plan = Params()
                      .Add(int64_t{p.year})
                      .Add(p.revision)
                      .Add(p.title)
                      .Add(p.updated_at.ToString())
                      .Add(p.updated_by);
    if (exists) {
      HOPTAC_RETURN_IF_ERROR(
          db_->Run("UPDATE plans SET revision = $2, title = $3, updated_at = "
                   "$4, updated_by = $5 WHERE year = $1",
                   plan));
    } else {
      HOPTAC_RETURN_IF_ERROR(
          db_->Run("INSERT INTO plans (year, revision, title, updated_at, "
                   "updated_by) VALUES ($1, $2, $3, $4, $5)",
                   plan));
    }
    std::set<AllianceId> kept;
    for (const PlanTask& t : p.tasks) {
      if (t.id != 0) kept.insert(t.id);
    }
    HOPTAC_ASSIGN_OR_RETURN(Rows ids, db_->Run("SELECT id FROM plan_tasks WHERE year = $1",
                                               Params().Add(int64_t{p.year})));
    std::set<AllianceId> existing;
    for (size_t i = 0; i < ids.size(); ++i) existing.insert(ids.Int(i, 0));
    for (AllianceId id : existing) {
      if (kept.count(id) != 0) continue;
      HOPTAC_RETURN_IF_ERROR(
          db_->Run("DELETE FROM task_progress WHERE task_id = $1", Params().Add(id)));
      HOPTAC_RETURN_IF_ERROR(db_->Run("DELETE FROM plan_tasks WHERE id = $1", Params().Add(id)));
    }
    bool explicit_ids = false;
    for (const PlanTask& t : p.tasks) {
      const bool update = t.id != 0 && existing.count(t.id) != 0;
      if (!update && t.id != 0) {
        HOPTAC_ASSIGN_OR_RETURN(
            Rows other, db_->Run("SELECT 1 FROM plan_tasks WHERE id = $1", Params().Add(t.id)));
        if (!other.empty()) {
          return Error::Conflict("task " + std::to_string(t.id) + " belongs to another plan",
                                 "tasks", std::to_string(t.id));
        }
        explicit_ids = true;
      }
      Params params = Params()
                          .Add(OptId(t.id))
                          .Add(int64_t{p.year})
                          .Add(int64_t{t.position})
                          .Add(t.title)
                          .Add(domain::TaskKindId(t.kind))
                          .Add(t.indicator)
                          .Add(t.parameter)
                          .Add(t.target)
                          .Add(t.unit_code)
                          .Add(t.unit);
      if (update) {
        HOPTAC_RETURN_IF_ERROR(db_->Run(
            "UPDATE plan_tasks SET year = $2, position = $3, title = $4, kind = $5, indicator = "
            "$6, parameter = $7, target = $8, unit_code = $9, unit = $10 WHERE id = $1",
            params));
      } else {
        HOPTAC_RETURN_IF_ERROR(db_->Run(
            "INSERT INTO plan_tasks (id, year, position, title, kind, indicator, parameter, "
            "target, unit_code, unit) VALUES (coalesce($1, nextval(pg_get_serial_sequence("
            "'plan_tasks', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            params));
      }
    }
    if (explicit_ids) HOPTAC_RETURN_IF_ERROR(Resync("plan_tasks"));
    return OkStatus();
  }

  Result<std::optional<Plan>> FindPlan(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run("SELECT year, revision, title, updated_at, "
                                             "updated_by FROM plans WHERE year = $1",
                                             Params().Add(int64_t{year})));
    if (r.empty()) return std::optional<Plan>();
    Plan p;
    p.year = static_cast<int>(r.Int(0, 0));
    p.revision = r.Int(0, 1);
    p.title = r.Text(0, 2);
    p.updated_at = ParseTime(r.View(0, 3));
    p.updated_by = r.Text(0, 4);
    HOPTAC_ASSIGN_OR_RETURN(
        Rows t, db_->Run("SELECT id, position, title, kind, indicator, parameter, target, "
                         "unit_code, unit FROM plan_tasks WHERE year = $1 ORDER BY position, id",
                         Params().Add(int64_t{year})));
    for (size_t i = 0; i < t.size(); ++i) {
      PlanTask task;
      task.id = t.Int(i, 0);
      task.position = static_cast<int>(t.Int(i, 1));
      task.title = t.Text(i, 2);
      auto kind = domain::ParseTaskKind(t.View(i, 3));
      task.kind = kind.ok() ? *kind : domain::TaskKind::kManual;
      task.indicator = t.Text(i, 4);
      task.parameter = t.Text(i, 5);
      task.target = t.Int(i, 6);
      task.unit_code = t.Text(i, 7);
      task.unit = t.Text(i, 8);
      p.tasks.push_back(std::move(task));
    }
    return std::optional<Plan>(std::move(p));
  }

  Result<std::vector<int>> PlanYears() override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run("SELECT year FROM plans ORDER BY year"));
    std::vector<int> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(static_cast<int>(r.Int(i, 0)));
    return out;
  }

  Result<AllianceId> InsertProgress(const ProgressEntry& e) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows task, db_->Run("SELECT 1 FROM plan_tasks WHERE id = $1", Params().Add(e.task_id)));
    if (task.empty()) {
      return Error::NotFound("no plan task has this id", "task_id", std::to_string(e.task_id));
    }
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run("INSERT INTO task_progress (id, task_id, date, value, note, recorded_at, "
                         "recorded_by) VALUES (coalesce($1, nextval(pg_get_serial_sequence("
                         "'task_progress', 'id'))), $2, $3, $4, $5, $6, $7) RETURNING id",
                         Params()
                             .Add(OptId(e.id))
                             .Add(e.task_id)
                             .Add(e.date.ToString())
                             .Add(e.value)
                             .Add(e.note)
                             .Add(e.recorded_at.ToString())
                             .Add(e.recorded_by)));
    if (e.id != 0) HOPTAC_RETURN_IF_ERROR(Resync("task_progress"));
    return r.Int(0, 0);
  }

  Result<std::vector<ProgressEntry>> ListProgress(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run("SELECT p.id, p.task_id, p.date, p.value, p.note, p.recorded_at, "
                         "p.recorded_by FROM task_progress p JOIN plan_tasks t ON t.id = "
                         "p.task_id WHERE $1 = 0 OR t.year = $1 ORDER BY p.task_id, p.date "
                         "COLLATE \"C\", p.id",
                         Params().Add(int64_t{year})));
    std::vector<ProgressEntry> out;
    for (size_t i = 0; i < r.size(); ++i) {
      out.push_back({r.Int(i, 0), r.Int(i, 1), ParseDay(r.View(i, 2)), r.Int(i, 3), r.Text(i, 4),
                     ParseTime(r.View(i, 5)), r.Text(i, 6)});
    }
    return out;
  }

  Status PutReviewNote(const domain::ReviewNote& n) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(
        "INSERT INTO review_notes (year, difficulties, updated_at, updated_by) VALUES ($1, $2, "
        "$3, $4) ON CONFLICT (year) DO UPDATE SET difficulties = excluded.difficulties, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        Params()
            .Add(int64_t{n.year})
            .Add(n.difficulties)
            .Add(n.updated_at.ToString())
            .Add(n.updated_by)));
    return OkStatus();
  }

  Result<std::optional<domain::ReviewNote>> FindReviewNote(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::ReviewNote> all, Notes(year));
    if (all.empty()) return std::optional<domain::ReviewNote>();
    return std::optional<domain::ReviewNote>(std::move(all.front()));
  }

  Result<std::vector<domain::ReviewNote>> ListReviewNotes() override { return Notes(0); }

  Result<int64_t> CountAll() override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r,
        db_->Run("SELECT (SELECT count(*) FROM activities) + (SELECT count(*) FROM inspections) + "
                 "(SELECT count(*) FROM pilot_communes) + (SELECT count(*) FROM plans) + "
                 "(SELECT count(*) FROM review_notes)"));
    return r.Int(0, 0);
  }

  Status Audited(const domain::AuditEntry& a, const std::function<Status()>& write) override {
    return InTransaction<Ok>(*db_, Isolation::kReadCommitted, [&]() -> Status {
      HOPTAC_RETURN_IF_ERROR(write());
      HOPTAC_RETURN_IF_ERROR(db_->Run(kInsertAudit, Params()
                                                        .Add(a.at.ToString())
                                                        .Add(a.actor)
                                                        .Add(a.address)
                                                        .Add(a.request_id)
                                                        .Add(a.action)
                                                        .Add(a.entity)
                                                        .Add(a.before)
                                                        .Add(a.after)));
      return OkStatus();
    });
  }

  Status Unaudited(const std::function<Status()>& write) override {
    return InTransaction<Ok>(*db_, Isolation::kReadCommitted, [&]() -> Status { return write(); });
  }

 private:
  static Params ActivityParams(const Activity& a, AllianceId id = 0) {
    Params p;
    p.Add(id != 0 ? std::optional<int64_t>(id) : OptId(a.id))
        .Add(a.revision)
        .Add(a.type)
        .Add(a.title)
        .Add(a.start_date.ToString())
        .Add(a.end_date.ToString())
        .Add(a.unit_code)
        .Add(a.participants)
        .Add(a.staff)
        .Add(a.funding_source);
    if (a.funding_amount) {
      p.Add(a.funding_amount->vnd());
    } else {
      p.AddNull();
    }
    p.Add(a.outcome)
        .Add(alliance::JoinLines(a.documents))
        .Add(alliance::SearchText(a))
        .Add(a.recorded_at.ToString())
        .Add(a.recorded_by)
        .Add(a.updated_at.ToString())
        .Add(a.updated_by);
    return p;
  }

  static Params InspectionParams(const Inspection& x, AllianceId id = 0) {
    return Params()
        .Add(id != 0 ? std::optional<int64_t>(id) : OptId(x.id))
        .Add(x.revision)
        .Add(x.planned_date.ToString())
        .Add(OptDay(x.held_date))
        .Add(x.team)
        .Add(x.org_code)
        .Add(x.unit_code)
        .Add(x.subject)
        .Add(alliance::SearchText(x))
        .Add(x.recorded_at.ToString())
        .Add(x.recorded_by)
        .Add(x.updated_at.ToString())
        .Add(x.updated_by);
  }

  // Moves the identity of `table` past the ids a restore inserted.
  Status Resync(std::string_view table) {
    std::string sql = "SELECT setval(pg_get_serial_sequence('";
    sql.append(table).append("', 'id'), greatest((SELECT max(id) FROM ").append(table);
    sql.append("), 1))");
    HOPTAC_RETURN_IF_ERROR(db_->Run(sql));
    return OkStatus();
  }

  Status CheckRevision(std::string_view sql, int64_t id, int64_t revision, std::string_view what) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(sql, Params().Add(id)));
    if (r.empty()) {
      return Error::NotFound("no " + std::string(what) + " has this id", "id", std::to_string(id));
    }
    const int64_t stored = r.Int(0, 0);
    if (stored != revision - 1) {
      return Error::Conflict("the " + std::string(what) +
                                 " was changed by someone else (revision " +
                                 std::to_string(stored) + "); reload it",
                             "revision", std::to_string(revision - 1));
    }
    return OkStatus();
  }

  Status PutActivityOrgs(AllianceId id, const std::vector<std::string>& codes) {
    HOPTAC_RETURN_IF_ERROR(
        db_->Run("DELETE FROM activity_orgs WHERE activity_id = $1", Params().Add(id)));
    for (size_t k = 0; k < codes.size(); ++k) {
      HOPTAC_RETURN_IF_ERROR(db_->Run(
          "INSERT INTO activity_orgs (activity_id, position, registry_code) VALUES ($1, $2, $3)",
          Params().Add(id).Add(static_cast<int64_t>(k + 1)).Add(codes[k])));
    }
    return OkStatus();
  }

  Status PutInspectionParts(AllianceId id, const Inspection& x) {
    HOPTAC_RETURN_IF_ERROR(
        db_->Run("DELETE FROM inspection_findings WHERE inspection_id = $1", Params().Add(id)));
    HOPTAC_RETURN_IF_ERROR(
        db_->Run("DELETE FROM inspection_events WHERE inspection_id = $1", Params().Add(id)));
    for (size_t k = 0; k < x.findings.size(); ++k) {
      HOPTAC_RETURN_IF_ERROR(db_->Run(
          "INSERT INTO inspection_findings (inspection_id, position, text) VALUES ($1, $2, $3)",
          Params().Add(id).Add(static_cast<int64_t>(k + 1)).Add(x.findings[k])));
    }
    std::set<AllianceId> kept;
    for (const Recommendation& r : x.recommendations) {
      if (r.id != 0) kept.insert(r.id);
    }
    HOPTAC_ASSIGN_OR_RETURN(Rows ids, db_->Run("SELECT id FROM recommendations WHERE "
                                               "inspection_id = $1",
                                               Params().Add(id)));
    std::set<AllianceId> existing;
    for (size_t i = 0; i < ids.size(); ++i) existing.insert(ids.Int(i, 0));
    for (AllianceId rid : existing) {
      if (kept.count(rid) != 0) continue;
      HOPTAC_RETURN_IF_ERROR(
          db_->Run("DELETE FROM recommendations WHERE id = $1", Params().Add(rid)));
    }
    bool explicit_ids = false;
    for (size_t k = 0; k < x.recommendations.size(); ++k) {
      const Recommendation& r = x.recommendations[k];
      const bool update = r.id != 0 && existing.count(r.id) != 0;
      if (!update && r.id != 0) {
        HOPTAC_ASSIGN_OR_RETURN(Rows other, db_->Run("SELECT 1 FROM recommendations WHERE id = $1",
                                                     Params().Add(r.id)));
        if (!other.empty()) {
          return Error::Conflict(
              "recommendation " + std::to_string(r.id) + " belongs to another inspection",
              "recommendations", std::to_string(r.id));
        }
        explicit_ids = true;
      }
      Params params = Params()
                          .Add(OptId(r.id))
                          .Add(id)
                          .Add(static_cast<int64_t>(k + 1))
                          .Add(r.text)
                          .Add(OptDay(r.deadline))
                          .Add(domain::FollowUpId(r.status))
                          .Add(OptDay(r.done_on))
                          .Add(r.follow_up_note);
      if (update) {
        HOPTAC_RETURN_IF_ERROR(
            db_->Run("UPDATE recommendations SET inspection_id = $2, position = $3, text = $4, "
                     "deadline = $5, status = $6, done_on = $7, follow_up_note = $8 WHERE id = $1",
                     params));
      } else {
        HOPTAC_RETURN_IF_ERROR(db_->Run(
            "INSERT INTO recommendations (id, inspection_id, position, text, deadline, status, "
            "done_on, follow_up_note) VALUES (coalesce($1, nextval(pg_get_serial_sequence("
            "'recommendations', 'id'))), $2, $3, $4, $5, $6, $7, $8)",
            params));
      }
    }
    if (explicit_ids) HOPTAC_RETURN_IF_ERROR(Resync("recommendations"));
    for (int64_t event_id : x.event_ids) {
      HOPTAC_ASSIGN_OR_RETURN(
          Rows known, db_->Run("SELECT 1 FROM events WHERE id = $1", Params().Add(event_id)));
      if (known.empty()) {
        return Error::NotFound("no event has this id", "event_ids", std::to_string(event_id));
      }
      HOPTAC_RETURN_IF_ERROR(
          db_->Run("INSERT INTO inspection_events (inspection_id, event_id) "
                   "VALUES ($1, $2) ON CONFLICT DO NOTHING",
                   Params().Add(id).Add(event_id)));
    }
    return OkStatus();
  }

  Result<std::vector<Activity>> ReadActivities(const Rows& r, std::vector<std::string>& search) {
    std::vector<Activity> out;
    for (size_t i = 0; i < r.size(); ++i) {
      Activity a;
      a.id = r.Int(i, 0);
      a.revision = r.Int(i, 1);
      a.type = r.Text(i, 2);
      a.title = r.Text(i, 3);
      a.start_date = ParseDay(r.View(i, 4));
      a.end_date = ParseDay(r.View(i, 5));
      a.unit_code = r.Text(i, 6);
      a.participants = r.Int(i, 7);
      a.staff = r.Text(i, 8);
      a.funding_source = r.Text(i, 9);
      if (auto v = r.OptInt(i, 10)) a.funding_amount = domain::Money::Vnd(*v);
      a.outcome = r.Text(i, 11);
      a.documents = alliance::SplitLines(r.View(i, 12));
      search.push_back(r.Text(i, 13));
      a.recorded_at = ParseTime(r.View(i, 14));
      a.recorded_by = r.Text(i, 15);
      a.updated_at = ParseTime(r.View(i, 16));
      a.updated_by = r.Text(i, 17);
      out.push_back(std::move(a));
    }
    for (Activity& a : out) {
      HOPTAC_ASSIGN_OR_RETURN(Rows orgs, db_->Run("SELECT registry_code FROM activity_orgs WHERE "
                                                  "activity_id = $1 ORDER BY position",
                                                  Params().Add(a.id)));
      for (size_t i = 0; i < orgs.size(); ++i) a.org_codes.push_back(orgs.Text(i, 0));
    }
    return out;
  }

  Result<std::vector<Inspection>> ReadInspections(const Rows& r, std::vector<std::string>& search) {
    std::vector<Inspection> out;
    for (size_t i = 0; i < r.size(); ++i) {
      Inspection x;
      x.id = r.Int(i, 0);
      x.revision = r.Int(i, 1);
      x.planned_date = ParseDay(r.View(i, 2));
      x.held_date = DayOr(r.OptText(i, 3));
      x.team = r.Text(i, 4);
      x.org_code = r.Text(i, 5);
      x.unit_code = r.Text(i, 6);
      x.subject = r.Text(i, 7);
      search.push_back(r.Text(i, 8));
      x.recorded_at = ParseTime(r.View(i, 9));
      x.recorded_by = r.Text(i, 10);
      x.updated_at = ParseTime(r.View(i, 11));
      x.updated_by = r.Text(i, 12);
      out.push_back(std::move(x));
    }
    for (Inspection& x : out) {
      HOPTAC_ASSIGN_OR_RETURN(Rows f, db_->Run("SELECT text FROM inspection_findings WHERE "
                                               "inspection_id = $1 ORDER BY position",
                                               Params().Add(x.id)));
      for (size_t i = 0; i < f.size(); ++i) x.findings.push_back(f.Text(i, 0));
      HOPTAC_ASSIGN_OR_RETURN(
          Rows rec, db_->Run("SELECT id, text, deadline, status, done_on, follow_up_note FROM "
                             "recommendations WHERE inspection_id = $1 ORDER BY position, id",
                             Params().Add(x.id)));
      for (size_t i = 0; i < rec.size(); ++i) {
        Recommendation one;
        one.id = rec.Int(i, 0);
        one.text = rec.Text(i, 1);
        one.deadline = DayOr(rec.OptText(i, 2));
        auto status = domain::ParseFollowUp(rec.View(i, 3));
        one.status = status.ok() ? *status : domain::FollowUp::kOpen;
        one.done_on = DayOr(rec.OptText(i, 4));
        one.follow_up_note = rec.Text(i, 5);
        x.recommendations.push_back(std::move(one));
      }
      HOPTAC_ASSIGN_OR_RETURN(Rows e, db_->Run("SELECT event_id FROM inspection_events WHERE "
                                               "inspection_id = $1 ORDER BY event_id",
                                               Params().Add(x.id)));
      for (size_t i = 0; i < e.size(); ++i) x.event_ids.push_back(e.Int(i, 0));
    }
    return out;
  }

  Result<std::vector<domain::ReviewNote>> Notes(int year) {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, db_->Run("SELECT year, difficulties, updated_at, updated_by FROM review_notes "
                         "WHERE $1 = 0 OR year = $1 ORDER BY year",
                         Params().Add(int64_t{year})));
    std::vector<domain::ReviewNote> out;
    for (size_t i = 0; i < r.size(); ++i) {
      out.push_back(
          {static_cast<int>(r.Int(i, 0)), r.Text(i, 1), ParseTime(r.View(i, 2)), r.Text(i, 3)});
    }
    return out;
  }

  std::unique_ptr<Connection> db_;
};

}  // namespace

Result<std::unique_ptr<domain::AllianceStore>> OpenPostgresAllianceStore(const std::string& url) {
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Connection::Open(url));
  return std::unique_ptr<domain::AllianceStore>(
      std::make_unique<PostgresAllianceStore>(std::move(c)));
}

}  // namespace hoptac::store::postgres
