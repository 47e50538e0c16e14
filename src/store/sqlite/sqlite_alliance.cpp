// AllianceStore on SQLite: its own connection to the registry's file (tables of
// 0011_alliance.sql). Single-threaded, like SqliteStore. Writes run inside Audited (BEGIN
// IMMEDIATE), so reading a revision and writing the next one cannot interleave with another
// writer.

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "store/alliance_text.hpp"
#include "store/open_alliance_store.hpp"
#include "store/postgres/postgres_alliance.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/audit_row.hpp"
#include "store/sqlite/connection.hpp"

namespace hoptac::store {
namespace sqlite {
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

constexpr std::string_view kActivityColumns =
    "SELECT id, revision, type, title, start_date, end_date, unit_code, participants, staff, "
    "funding_source, funding_amount, outcome, documents, search, recorded_at, recorded_by, "
    "updated_at, updated_by FROM activities ";

constexpr std::string_view kInspectionColumns =
    "SELECT id, revision, planned_date, held_date, team, org_code, unit_code, subject, search, "
    "recorded_at, recorded_by, updated_at, updated_by FROM inspections ";

class SqliteAllianceStore final : public domain::AllianceStore {
 public:
  explicit SqliteAllianceStore(Connection c) : db_(std::move(c)) {}

  // --- Activities ---

  Result<AllianceId> InsertActivity(const Activity& a) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("INSERT INTO activities (id, revision, type, title, start_date, end_date, "
               "unit_code, participants, staff, funding_source, funding_amount, outcome, "
               "documents, search, recorded_at, recorded_by, updated_at, updated_by) VALUES "
               "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
               "?18)"));
    if (a.id != 0) {
      st->Bind(1, a.id);
    } else {
      st->BindNull(1);
    }
    BindActivity(*st, a, 2);
    HOPTAC_RETURN_IF_ERROR(st->Run());
    const AllianceId id = a.id != 0 ? a.id : db_.LastInsertId();
    HOPTAC_RETURN_IF_ERROR(PutActivityOrgs(id, a.org_codes));
    return id;
  }

  Status UpdateActivity(const Activity& a) override {
    HOPTAC_RETURN_IF_ERROR(CheckRevision("activities", "id", a.id, a.revision, "activity"));
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("UPDATE activities SET revision = ?2, type = ?3, title = ?4, start_date = ?5, "
               "end_date = ?6, unit_code = ?7, participants = ?8, staff = ?9, "
               "funding_source = ?10, funding_amount = ?11, outcome = ?12, documents = ?13, "
               "search = ?14, recorded_at = ?15, recorded_by = ?16, updated_at = ?17, "
               "updated_by = ?18 WHERE id = ?1"));
    st->Bind(1, a.id);
    BindActivity(*st, a, 2);
    HOPTAC_RETURN_IF_ERROR(st->Run());
    return PutActivityOrgs(a.id, a.org_codes);
  }

  Result<std::optional<Activity>> FindActivity(AllianceId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st,
                            Cached(std::string(kActivityColumns) + "WHERE id = ?1"));
    st->Bind(1, id);
    std::vector<Activity> found;
    std::vector<std::string> search;
    HOPTAC_RETURN_IF_ERROR(ReadActivities(*st, found, search));
    if (found.empty()) return std::optional<Activity>();
    return std::optional<Activity>(std::move(found.front()));
  }

  Result<std::vector<Activity>> ListActivities(const domain::ActivityQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached(std::string(kActivityColumns) +
               "WHERE (?1 = '' OR type = ?1) AND (?2 IS NULL OR end_date >= ?2) "
               "AND (?3 IS NULL OR start_date <= ?3) AND (?4 IS NULL OR unit_code = ?4) "
               "AND (?5 = '' OR id IN (SELECT activity_id FROM activity_orgs "
               "WHERE registry_code = ?5)) ORDER BY start_date DESC, id DESC"));
    st->Bind(1, q.type).Bind(2, OptDay(q.from)).Bind(3, OptDay(q.to)).Bind(4, q.unit);
    st->Bind(5, q.org_code);
    std::vector<Activity> all;
    std::vector<std::string> search;
    HOPTAC_RETURN_IF_ERROR(ReadActivities(*st, all, search));
    std::vector<Activity> out;
    for (size_t i = 0; i < all.size(); ++i) {
      if (alliance::MatchesTokens(search[i], q.tokens)) out.push_back(std::move(all[i]));
    }
    return out;
  }

  // --- Inspections ---

  Result<AllianceId> InsertInspection(const Inspection& i) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("INSERT INTO inspections (id, revision, planned_date, held_date, team, org_code, "
               "unit_code, subject, search, recorded_at, recorded_by, updated_at, updated_by) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
    if (i.id != 0) {
      st->Bind(1, i.id);
    } else {
      st->BindNull(1);
    }
    BindInspection(*st, i, 2);
    HOPTAC_RETURN_IF_ERROR(st->Run());
    const AllianceId id = i.id != 0 ? i.id : db_.LastInsertId();
    HOPTAC_RETURN_IF_ERROR(PutInspectionParts(id, i));
    return id;
  }

  Status UpdateInspection(const Inspection& i) override {
    HOPTAC_RETURN_IF_ERROR(CheckRevision("inspections", "id", i.id, i.revision, "inspection"));
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("UPDATE inspections SET revision = ?2, planned_date = ?3, held_date = ?4, "
               "team = ?5, org_code = ?6, unit_code = ?7, subject = ?8, search = ?9, "
               "recorded_at = ?10, recorded_by = ?11, updated_at = ?12, updated_by = ?13 "
               "WHERE id = ?1"));
    st->Bind(1, i.id);
    BindInspection(*st, i, 2);
    HOPTAC_RETURN_IF_ERROR(st->Run());
    return PutInspectionParts(i.id, i);
  }

  Result<std::optional<Inspection>> FindInspection(AllianceId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st,
                            Cached(std::string(kInspectionColumns) + "WHERE id = ?1"));
    st->Bind(1, id);
    std::vector<Inspection> found;
    std::vector<std::string> search;
    HOPTAC_RETURN_IF_ERROR(ReadInspections(*st, found, search));
    if (found.empty()) return std::optional<Inspection>();
    return std::optional<Inspection>(std::move(found.front()));
  }

  Result<std::vector<Inspection>> ListInspections(const domain::InspectionQuery& q) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st,
                            Cached(std::string(kInspectionColumns) +
                                   "WHERE (?1 IS NULL OR coalesce(held_date, planned_date) >= ?1 "
                                   "OR planned_date >= ?1) AND (?2 IS NULL OR planned_date <= ?2 "
                                   "OR held_date <= ?2) AND (?3 = '' OR org_code = ?3) "
                                   "ORDER BY planned_date DESC, id DESC"));
    st->Bind(1, OptDay(q.from)).Bind(2, OptDay(q.to)).Bind(3, q.org_code);
    std::vector<Inspection> all;
    std::vector<std::string> search;
    HOPTAC_RETURN_IF_ERROR(ReadInspections(*st, all, search));
    std::vector<Inspection> out;
    for (size_t k = 0; k < all.size(); ++k) {
      if (alliance::MatchesTokens(search[k], q.tokens)) out.push_back(std::move(all[k]));
    }
    return out;
  }

  Result<std::vector<AllianceId>> InspectionsOfEvent(int64_t event_id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st, Cached("SELECT inspection_id FROM inspection_events "
                                                   "WHERE event_id = ?1 ORDER BY inspection_id"));
    st->Bind(1, event_id);
    std::vector<AllianceId> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
      if (!row) break;
      out.push_back(st->Int(0));
    }
    return out;
  }

  // --- Pilot communes ---

  Status PutPilotCommunes(int year, const std::vector<domain::PilotCommune>& communes) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * del, Cached("DELETE FROM pilot_communes WHERE year = ?1"));
    del->Bind(1, int64_t{year});
    HOPTAC_RETURN_IF_ERROR(del->Run());
    for (const auto& c : communes) {
      HOPTAC_ASSIGN_OR_RETURN(
          Statement * ins,
          Cached("INSERT INTO pilot_communes (year, unit_code, note) VALUES (?1, ?2, ?3)"));
      ins->Bind(1, int64_t{year}).Bind(2, c.unit_code).Bind(3, c.note);
      auto r = ins->Run();
      if (!r.ok()) {
        if (r.error().code == ErrorCode::kConflict) {
          return Error::Invalid("unit_code", c.unit_code, "listed twice for the year",
                                "pilot_commune.unique");
        }
        return r.take_error();
      }
    }
    return OkStatus();
  }

  Result<std::vector<domain::PilotCommune>> ListPilotCommunes(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st,
                            Cached("SELECT year, unit_code, note FROM pilot_communes "
                                   "WHERE ?1 = 0 OR year = ?1 ORDER BY year, unit_code"));
    st->Bind(1, int64_t{year});
    std::vector<domain::PilotCommune> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
      if (!row) break;
      out.push_back({static_cast<int>(st->Int(0)), st->Text(1), st->Text(2)});
    }
    return out;
  }

  // --- Plans ---

  Status PutPlan(const Plan& p) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cur, Cached("SELECT revision FROM plans WHERE year = ?1"));
    cur->Bind(1, int64_t{p.year});
    HOPTAC_ASSIGN_OR_RETURN(const bool exists, cur->Step());
    const int64_t stored = exists ? cur->Int(0) : 0;
    cur->Reset();
    if ((exists && stored != p.revision - 1) || p.revision < 1) {
      return Error::Conflict("the plan of " + std::to_string(p.year) +
                                 " was changed by someone else (revision " +
                                 std::to_string(stored) + "); reload it",
                             "revision", std::to_string(p.revision));
    }
    if (exists) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * up, Cached("UPDATE plans SET revision = ?2, title = ?3, "
                                                     "updated_at = ?4, updated_by = ?5 "
                                                     "WHERE year = ?1"));
      up->Bind(1, int64_t{p.year}).Bind(2, p.revision).Bind(3, p.title);
      up->Bind(4, p.updated_at.ToString()).Bind(5, p.updated_by);
      HOPTAC_RETURN_IF_ERROR(up->Run());
    } else {
      HOPTAC_ASSIGN_OR_RETURN(Statement * ins,
                              Cached("INSERT INTO plans (year, revision, title, updated_at, "
                                     "updated_by) VALUES (?1, ?2, ?3, ?4, ?5)"));
      ins->Bind(1, int64_t{p.year}).Bind(2, p.revision).Bind(3, p.title);
      ins->Bind(4, p.updated_at.ToString()).Bind(5, p.updated_by);
      HOPTAC_RETURN_IF_ERROR(ins->Run());
    }
    // Tasks that are gone, with their progress.
    std::set<AllianceId> kept;
    for (const PlanTask& t : p.tasks) {
      if (t.id != 0) kept.insert(t.id);
    }
    HOPTAC_ASSIGN_OR_RETURN(Statement * ids,
                            Cached("SELECT id FROM plan_tasks WHERE year = ?1 ORDER BY id"));
    ids->Bind(1, int64_t{p.year});
    std::vector<AllianceId> existing;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, ids->Step());
      if (!row) break;
      existing.push_back(ids->Int(0));
    }
    for (AllianceId id : existing) {
      if (kept.count(id) != 0) continue;
      HOPTAC_ASSIGN_OR_RETURN(Statement * dp,
                              Cached("DELETE FROM task_progress WHERE task_id = ?1"));
      dp->Bind(1, id);
      HOPTAC_RETURN_IF_ERROR(dp->Run());
      HOPTAC_ASSIGN_OR_RETURN(Statement * dt, Cached("DELETE FROM plan_tasks WHERE id = ?1"));
      dt->Bind(1, id);
      HOPTAC_RETURN_IF_ERROR(dt->Run());
    }
    for (const PlanTask& t : p.tasks) {
      const bool update = t.id != 0 && std::count(existing.begin(), existing.end(), t.id) > 0;
      HOPTAC_ASSIGN_OR_RETURN(
          Statement * st,
          Cached(update ? "UPDATE plan_tasks SET year = ?2, position = ?3, title = ?4, kind = ?5, "
                          "indicator = ?6, parameter = ?7, target = ?8, unit_code = ?9, "
                          "unit = ?10 WHERE id = ?1"
                        : "INSERT INTO plan_tasks (id, year, position, title, kind, indicator, "
                          "parameter, target, unit_code, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                          "?7, ?8, ?9, ?10)"));
      if (t.id != 0) {
        st->Bind(1, t.id);
      } else {
        st->BindNull(1);
      }
      st->Bind(2, int64_t{p.year}).Bind(3, int64_t{t.position}).Bind(4, t.title);
      st->Bind(5, domain::TaskKindId(t.kind)).Bind(6, t.indicator).Bind(7, t.parameter);
      st->Bind(8, t.target).Bind(9, t.unit_code).Bind(10, t.unit);
      auto r = st->Run();
      if (!r.ok()) {
        if (r.error().code == ErrorCode::kConflict) {
          return Error::Conflict("task " + std::to_string(t.id) + " belongs to another plan",
                                 "tasks", std::to_string(t.id));
        }
        return r.take_error();
      }
    }
    return OkStatus();
  }

  Result<std::optional<Plan>> FindPlan(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st, Cached("SELECT year, revision, title, updated_at, "
                                                   "updated_by FROM plans WHERE year = ?1"));
    st->Bind(1, int64_t{year});
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) return std::optional<Plan>();
    Plan p;
    p.year = static_cast<int>(st->Int(0));
    p.revision = st->Int(1);
    p.title = st->Text(2);
    p.updated_at = ParseTime(st->Text(3));
    p.updated_by = st->Text(4);
    st->Reset();
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * ts,
        Cached("SELECT id, position, title, kind, indicator, parameter, target, unit_code, unit "
               "FROM plan_tasks WHERE year = ?1 ORDER BY position, id"));
    ts->Bind(1, int64_t{year});
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool more, ts->Step());
      if (!more) break;
      PlanTask t;
      t.id = ts->Int(0);
      t.position = static_cast<int>(ts->Int(1));
      t.title = ts->Text(2);
      auto kind = domain::ParseTaskKind(ts->Text(3));
      t.kind = kind.ok() ? *kind : domain::TaskKind::kManual;
      t.indicator = ts->Text(4);
      t.parameter = ts->Text(5);
      t.target = ts->Int(6);
      t.unit_code = ts->Text(7);
      t.unit = ts->Text(8);
      p.tasks.push_back(std::move(t));
    }
    return std::optional<Plan>(std::move(p));
  }

  Result<std::vector<int>> PlanYears() override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st, Cached("SELECT year FROM plans ORDER BY year"));
    std::vector<int> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
      if (!row) break;
      out.push_back(static_cast<int>(st->Int(0)));
    }
    return out;
  }

  Result<AllianceId> InsertProgress(const ProgressEntry& e) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("INSERT INTO task_progress (id, task_id, date, value, note, recorded_at, "
               "recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    if (e.id != 0) {
      st->Bind(1, e.id);
    } else {
      st->BindNull(1);
    }
    st->Bind(2, e.task_id).Bind(3, e.date.ToString()).Bind(4, e.value).Bind(5, e.note);
    st->Bind(6, e.recorded_at.ToString()).Bind(7, e.recorded_by);
    auto r = st->Run();
    if (!r.ok()) {
      if (r.error().code == ErrorCode::kConflict || r.error().code == ErrorCode::kInvalid) {
        return Error::NotFound("no plan task has this id", "task_id", std::to_string(e.task_id));
      }
      return r.take_error();
    }
    return e.id != 0 ? e.id : db_.LastInsertId();
  }

  Result<std::vector<ProgressEntry>> ListProgress(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("SELECT p.id, p.task_id, p.date, p.value, p.note, p.recorded_at, p.recorded_by "
               "FROM task_progress p JOIN plan_tasks t ON t.id = p.task_id "
               "WHERE ?1 = 0 OR t.year = ?1 ORDER BY p.task_id, p.date, p.id"));
    st->Bind(1, int64_t{year});
    std::vector<ProgressEntry> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
      if (!row) break;
      out.push_back({st->Int(0), st->Int(1), ParseDay(st->Text(2)), st->Int(3), st->Text(4),
                     ParseTime(st->Text(5)), st->Text(6)});
    }
    return out;
  }

  Status PutReviewNote(const domain::ReviewNote& n) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("INSERT INTO review_notes (year, difficulties, updated_at, updated_by) VALUES "
               "(?1, ?2, ?3, ?4) ON CONFLICT (year) DO UPDATE SET difficulties = excluded."
               "difficulties, updated_at = excluded.updated_at, updated_by = "
               "excluded.updated_by"));
    st->Bind(1, int64_t{n.year}).Bind(2, n.difficulties).Bind(3, n.updated_at.ToString());
    st->Bind(4, n.updated_by);
    return st->Run();
  }

  Result<std::optional<domain::ReviewNote>> FindReviewNote(int year) override {
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::ReviewNote> all, Notes(year));
    if (all.empty()) return std::optional<domain::ReviewNote>();
    return std::optional<domain::ReviewNote>(std::move(all.front()));
  }

  Result<std::vector<domain::ReviewNote>> ListReviewNotes() override { return Notes(0); }

  Result<int64_t> CountAll() override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * st,
        Cached("SELECT (SELECT count(*) FROM activities) + (SELECT count(*) FROM inspections) + "
               "(SELECT count(*) FROM pilot_communes) + (SELECT count(*) FROM plans) + "
               "(SELECT count(*) FROM review_notes)"));
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
    const int64_t n = row ? st->Int(0) : 0;
    st->Reset();
    return n;
  }

  Status Audited(const domain::AuditEntry& a, const std::function<Status()>& write) override {
    return InImmediateTransaction(db_, [&]() -> Status {
      Status done = write();
      if (done.ok()) {
        auto st = Cached(kInsertAuditRow);
        if (st.ok()) BindAuditRow(**st, a);
        done = st.ok() ? (*st)->Run() : Status(st.take_error());
      }
      ResetAll();
      return done;
    });
  }

  Status Unaudited(const std::function<Status()>& write) override {
    return InImmediateTransaction(db_, [&]() -> Status {
      Status done = write();
      ResetAll();
      return done;
    });
  }

 private:
  void BindActivity(Statement& st, const Activity& a, int i) {
    st.Bind(i, a.revision);
    st.Bind(i + 1, a.type);
    st.Bind(i + 2, a.title);
    st.Bind(i + 3, a.start_date.ToString());
    st.Bind(i + 4, a.end_date.ToString());
    st.Bind(i + 5, a.unit_code);
    st.Bind(i + 6, a.participants);
    st.Bind(i + 7, a.staff);
    st.Bind(i + 8, a.funding_source);
    if (a.funding_amount) {
      st.Bind(i + 9, a.funding_amount->vnd());
    } else {
      st.BindNull(i + 9);
    }
    st.Bind(i + 10, a.outcome);
    st.Bind(i + 11, alliance::JoinLines(a.documents));
    st.Bind(i + 12, alliance::SearchText(a));
    st.Bind(i + 13, a.recorded_at.ToString());
    st.Bind(i + 14, a.recorded_by);
    st.Bind(i + 15, a.updated_at.ToString());
    st.Bind(i + 16, a.updated_by);
  }

  void BindInspection(Statement& st, const Inspection& x, int i) {
    st.Bind(i, x.revision);
    st.Bind(i + 1, x.planned_date.ToString());
    st.Bind(i + 2, OptDay(x.held_date));
    st.Bind(i + 3, x.team);
    st.Bind(i + 4, x.org_code);
    st.Bind(i + 5, x.unit_code);
    st.Bind(i + 6, x.subject);
    st.Bind(i + 7, alliance::SearchText(x));
    st.Bind(i + 8, x.recorded_at.ToString());
    st.Bind(i + 9, x.recorded_by);
    st.Bind(i + 10, x.updated_at.ToString());
    st.Bind(i + 11, x.updated_by);
  }

  // kNotFound without the row; kConflict unless the stored revision is `revision - 1`.
  Status CheckRevision(std::string_view table, std::string_view key, int64_t id, int64_t revision,
                       std::string_view what) {
    std::string sql = "SELECT revision FROM ";
    sql.append(table).append(" WHERE ").append(key).append(" = ?1");
    HOPTAC_ASSIGN_OR_RETURN(Statement * st, Cached(sql));
    st->Bind(1, id);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
      return Error::NotFound("no " + std::string(what) + " has this id", "id", std::to_string(id));
    }
    const int64_t stored = st->Int(0);
    st->Reset();
    if (stored != revision - 1) {
      return Error::Conflict("the " + std::string(what) +
                                 " was changed by someone else (revision " +
                                 std::to_string(stored) + "); reload it",
                             "revision", std::to_string(revision - 1));
    }
    return OkStatus();
  }

  Status PutActivityOrgs(AllianceId id, const std::vector<std::string>& codes) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * del,
                            Cached("DELETE FROM activity_orgs WHERE activity_id = ?1"));
    del->Bind(1, id);
    HOPTAC_RETURN_IF_ERROR(del->Run());
    for (size_t k = 0; k < codes.size(); ++k) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * ins,
                              Cached("INSERT INTO activity_orgs (activity_id, position, "
                                     "registry_code) VALUES (?1, ?2, ?3)"));
      ins->Bind(1, id).Bind(2, static_cast<int64_t>(k + 1)).Bind(3, codes[k]);
      HOPTAC_RETURN_IF_ERROR(ins->Run());
    }
    return OkStatus();
  }

  Status PutInspectionParts(AllianceId id, const Inspection& x) {
    for (std::string_view sql : {"DELETE FROM inspection_findings WHERE inspection_id = ?1",
                                 "DELETE FROM inspection_events WHERE inspection_id = ?1"}) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * del, Cached(sql));
      del->Bind(1, id);
      HOPTAC_RETURN_IF_ERROR(del->Run());
    }
    for (size_t k = 0; k < x.findings.size(); ++k) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * ins,
                              Cached("INSERT INTO inspection_findings (inspection_id, position, "
                                     "text) VALUES (?1, ?2, ?3)"));
      ins->Bind(1, id).Bind(2, static_cast<int64_t>(k + 1)).Bind(3, x.findings[k]);
      HOPTAC_RETURN_IF_ERROR(ins->Run());
    }
    // Recommendations: kept ones updated, new ones inserted, the others removed.
    std::set<AllianceId> kept;
    for (const Recommendation& r : x.recommendations) {
      if (r.id != 0) kept.insert(r.id);
    }
    HOPTAC_ASSIGN_OR_RETURN(Statement * ids,
                            Cached("SELECT id FROM recommendations WHERE inspection_id = ?1"));
    ids->Bind(1, id);
    std::set<AllianceId> existing;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, ids->Step());
      if (!row) break;
      existing.insert(ids->Int(0));
    }
    for (AllianceId rid : existing) {
      if (kept.count(rid) != 0) continue;
      HOPTAC_ASSIGN_OR_RETURN(Statement * del, Cached("DELETE FROM recommendations WHERE id = ?1"));
      del->Bind(1, rid);
      HOPTAC_RETURN_IF_ERROR(del->Run());
    }
    for (size_t k = 0; k < x.recommendations.size(); ++k) {
      const Recommendation& r = x.recommendations[k];
      const bool update = r.id != 0 && existing.count(r.id) != 0;
      HOPTAC_ASSIGN_OR_RETURN(
          Statement * st,
          Cached(update ? "UPDATE recommendations SET inspection_id = ?2, position = ?3, "
                          "text = ?4, deadline = ?5, status = ?6, done_on = ?7, "
                          "follow_up_note = ?8 WHERE id = ?1"
                        : "INSERT INTO recommendations (id, inspection_id, position, text, "
                          "deadline, status, done_on, follow_up_note) VALUES (?1, ?2, ?3, ?4, "
                          "?5, ?6, ?7, ?8)"));
      if (r.id != 0) {
        st->Bind(1, r.id);
      } else {
        st->BindNull(1);
      }
      st->Bind(2, id).Bind(3, static_cast<int64_t>(k + 1)).Bind(4, r.text);
      st->Bind(5, OptDay(r.deadline)).Bind(6, domain::FollowUpId(r.status));
      st->Bind(7, OptDay(r.done_on)).Bind(8, r.follow_up_note);
      auto run = st->Run();
      if (!run.ok()) {
        if (run.error().code == ErrorCode::kConflict) {
          return Error::Conflict(
              "recommendation " + std::to_string(r.id) + " belongs to another inspection",
              "recommendations", std::to_string(r.id));
        }
        return run.take_error();
      }
    }
    for (int64_t event_id : x.event_ids) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * known, Cached("SELECT 1 FROM events WHERE id = ?1"));
      known->Bind(1, event_id);
      HOPTAC_ASSIGN_OR_RETURN(const bool found, known->Step());
      known->Reset();
      if (!found) {
        return Error::NotFound("no event has this id", "event_ids", std::to_string(event_id));
      }
      HOPTAC_ASSIGN_OR_RETURN(Statement * ins,
                              Cached("INSERT OR IGNORE INTO inspection_events (inspection_id, "
                                     "event_id) VALUES (?1, ?2)"));
      ins->Bind(1, id).Bind(2, event_id);
      HOPTAC_RETURN_IF_ERROR(ins->Run());
    }
    return OkStatus();
  }

  Status ReadActivities(Statement& st, std::vector<Activity>& out,
                        std::vector<std::string>& search) {
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      Activity a;
      a.id = st.Int(0);
      a.revision = st.Int(1);
      a.type = st.Text(2);
      a.title = st.Text(3);
      a.start_date = ParseDay(st.Text(4));
      a.end_date = ParseDay(st.Text(5));
      a.unit_code = st.Text(6);
      a.participants = st.Int(7);
      a.staff = st.Text(8);
      a.funding_source = st.Text(9);
      if (auto v = st.OptInt(10)) a.funding_amount = domain::Money::Vnd(*v);
      a.outcome = st.Text(11);
      a.documents = alliance::SplitLines(st.Text(12));
      search.push_back(st.Text(13));
      a.recorded_at = ParseTime(st.Text(14));
      a.recorded_by = st.Text(15);
      a.updated_at = ParseTime(st.Text(16));
      a.updated_by = st.Text(17);
      out.push_back(std::move(a));
    }
    for (Activity& a : out) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * orgs,
                              Cached("SELECT registry_code FROM activity_orgs WHERE "
                                     "activity_id = ?1 ORDER BY position"));
      orgs->Bind(1, a.id);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(const bool row, orgs->Step());
        if (!row) break;
        a.org_codes.push_back(orgs->Text(0));
      }
    }
    return OkStatus();
  }

  Status ReadInspections(Statement& st, std::vector<Inspection>& out,
                         std::vector<std::string>& search) {
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      Inspection x;
      x.id = st.Int(0);
      x.revision = st.Int(1);
      x.planned_date = ParseDay(st.Text(2));
      x.held_date = DayOr(st.OptText(3));
      x.team = st.Text(4);
      x.org_code = st.Text(5);
      x.unit_code = st.Text(6);
      x.subject = st.Text(7);
      search.push_back(st.Text(8));
      x.recorded_at = ParseTime(st.Text(9));
      x.recorded_by = st.Text(10);
      x.updated_at = ParseTime(st.Text(11));
      x.updated_by = st.Text(12);
      out.push_back(std::move(x));
    }
    for (Inspection& x : out) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * f, Cached("SELECT text FROM inspection_findings WHERE "
                                                    "inspection_id = ?1 ORDER BY position"));
      f->Bind(1, x.id);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(const bool row, f->Step());
        if (!row) break;
        x.findings.push_back(f->Text(0));
      }
      HOPTAC_ASSIGN_OR_RETURN(
          Statement * r, Cached("SELECT id, text, deadline, status, done_on, follow_up_note FROM "
                                "recommendations WHERE inspection_id = ?1 ORDER BY position, id"));
      r->Bind(1, x.id);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(const bool row, r->Step());
        if (!row) break;
        Recommendation rec;
        rec.id = r->Int(0);
        rec.text = r->Text(1);
        rec.deadline = DayOr(r->OptText(2));
        auto status = domain::ParseFollowUp(r->Text(3));
        rec.status = status.ok() ? *status : domain::FollowUp::kOpen;
        rec.done_on = DayOr(r->OptText(4));
        rec.follow_up_note = r->Text(5);
        x.recommendations.push_back(std::move(rec));
      }
      HOPTAC_ASSIGN_OR_RETURN(Statement * e, Cached("SELECT event_id FROM inspection_events WHERE "
                                                    "inspection_id = ?1 ORDER BY event_id"));
      e->Bind(1, x.id);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(const bool row, e->Step());
        if (!row) break;
        x.event_ids.push_back(e->Int(0));
      }
    }
    return OkStatus();
  }

  Result<std::vector<domain::ReviewNote>> Notes(int year) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st,
                            Cached("SELECT year, difficulties, updated_at, updated_by FROM "
                                   "review_notes WHERE ?1 = 0 OR year = ?1 ORDER BY year"));
    st->Bind(1, int64_t{year});
    std::vector<domain::ReviewNote> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
      if (!row) break;
      out.push_back(
          {static_cast<int>(st->Int(0)), st->Text(1), ParseTime(st->Text(2)), st->Text(3)});
    }
    return out;
  }

  // The prepared statement for `sql`, reset, from the cache (prepared on first use).
  Result<Statement*> Cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare(sql));
      it = cache_.emplace(std::string(sql), std::move(st)).first;
    }
    it->second.Reset();
    return &it->second;
  }

  // No cached statement keeps a read open past a transaction.
  void ResetAll() {
    for (auto& [sql, st] : cache_) st.Reset();
  }

  Connection db_;
  std::map<std::string, Statement, std::less<>> cache_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<domain::AllianceStore>> OpenAllianceStore(const std::string& url) {
  if (postgres::IsPostgresUrl(url)) return postgres::OpenPostgresAllianceStore(url);
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  HOPTAC_ASSIGN_OR_RETURN(sqlite::Connection c, sqlite::Connection::Open(path));
  return std::unique_ptr<domain::AllianceStore>(
      std::make_unique<sqlite::SqliteAllianceStore>(std::move(c)));
}

}  // namespace hoptac::store
