#include "app/alliance.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "app/alliance_json.hpp"
#include "base/text.hpp"
#include "domain/area.hpp"
#include "report/indicators.hpp"
#include "report/projection.hpp"

namespace hoptac::app {

using domain::Activity;
using domain::AllianceId;
using domain::Inspection;
using domain::Plan;

namespace {

Date Ymd(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

Status Nfc(std::string& s, std::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(s, text::ToNfc(s, field));
  return OkStatus();
}

Status NfcList(std::vector<std::string>& v, std::string_view field) {
  for (size_t i = 0; i < v.size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(Nfc(v[i], std::string(field) + "[" + std::to_string(i + 1) + "]"));
  }
  return OkStatus();
}

// The value of the totals row of a report in column `id` (0 when empty).
int64_t Total(const report::Table& t, std::string_view id) {
  if (!t.totals) return 0;
  for (size_t i = 0; i < t.columns.size() && i < t.totals->cells.size(); ++i) {
    if (t.columns[i].id != id) continue;
    if (const auto* v = std::get_if<int64_t>(&t.totals->cells[i])) return *v;
  }
  return 0;
}

std::string Dmy(Date d) { return d.ToVietnamese(); }

}  // namespace

struct AllianceService::Cache {
  domain::UnitCatalog units;
  std::optional<report::Projection> projection;
  std::unique_ptr<report::Engine> engine;
  domain::StoreCounts counts;
};

AllianceService::AllianceService(domain::Store& registry, domain::AllianceStore& store,
                                 const domain::Clock& clock)
    : registry_(registry), store_(store), clock_(clock) {}

AllianceService::~AllianceService() = default;

Result<AllianceService::Cache*> AllianceService::Current() {
  HOPTAC_ASSIGN_OR_RETURN(domain::StoreCounts counts, registry_.Counts());
  const bool stale =
      !cache_ || counts.events != cache_->counts.events || counts.voids != cache_->counts.voids ||
      counts.figures != cache_->counts.figures ||
      counts.organisations != cache_->counts.organisations || counts.units != cache_->counts.units;
  if (stale) {
    auto fresh = std::make_unique<Cache>();
    HOPTAC_ASSIGN_OR_RETURN(fresh->units, registry_.LoadUnits());
    if (fresh->units.empty()) {
      return Error::Unavailable(
          "no administrative units are loaded; run 'hoptac init' or 'hoptac units load'");
    }
    HOPTAC_ASSIGN_OR_RETURN(report::Projection p,
                            report::Projection::Build(registry_, Timestamp::Max()));
    fresh->projection = std::move(p);
    fresh->engine = std::make_unique<report::Engine>(*fresh->projection, fresh->units);
    fresh->counts = counts;
    cache_ = std::move(fresh);
  }
  return cache_.get();
}

domain::AuditEntry AllianceService::Entry(const Actor& actor, std::string action,
                                          std::string entity, std::string before,
                                          std::string after) const {
  domain::AuditEntry a;
  a.at = clock_.Now();
  a.actor = actor.name;
  a.address = actor.address;
  a.request_id = actor.request_id;
  a.action = std::move(action);
  a.entity = std::move(entity);
  a.before = std::move(before);
  a.after = std::move(after);
  return a;
}

Result<report::Table> AllianceService::RunReport(std::string_view id, report::ReportParams params) {
  HOPTAC_ASSIGN_OR_RETURN(Cache * c, Current());
  params.today = clock_.Today();
  return c->engine->Run(id, params);
}

std::string AllianceService::UnitName(const std::string& code, Date d) {
  auto c = Current();
  if (!c.ok() || code.empty()) return {};
  const domain::Unit* u = (*c)->units.At(code, d);
  if (u == nullptr) {
    // A unit that ended before `d`: its name on its last day.
    for (const domain::Unit& any : (*c)->units.units()) {
      if (any.code == code) u = &any;
    }
  }
  return u != nullptr ? u->name : std::string();
}

std::string AllianceService::OrgName(const std::string& code) {
  auto org = registry_.FindOrganisationByCode(code);
  if (!org.ok() || !org->has_value()) return {};
  auto events = registry_.LoadEvents((*org)->id);
  if (!events.ok()) return {};
  const domain::OrgState s = domain::Fold(**org, *events, Date::Max(), Timestamp::Max());
  return s.name;
}

Result<bool> AllianceService::InArea(const std::string& unit_code, const std::string& area,
                                     Date d) {
  if (area.empty()) return true;
  if (unit_code.empty()) return area.size() == 2;  // province-wide: inside its province
  if (unit_code == area) return true;
  HOPTAC_ASSIGN_OR_RETURN(Cache * c, Current());
  for (const domain::Unit* u = c->units.At(unit_code, d); u != nullptr;
       u = c->units.Parent(*u, d)) {
    if (u->code == area) return true;
  }
  const std::vector<std::string> codes = domain::CodesWithin(c->units, area, d);
  return std::binary_search(codes.begin(), codes.end(), unit_code);
}

Status AllianceService::CheckArea(const std::string& code, std::string_view field, Date d) {
  if (code.empty()) return OkStatus();
  HOPTAC_ASSIGN_OR_RETURN(Cache * c, Current());
  if (c->units.At(code, d) == nullptr && domain::CodesWithin(c->units, code, d).empty()) {
    return Error::Invalid(std::string(field), code,
                          "no administrative unit has this code on " + Dmy(d), "unit.known");
  }
  return OkStatus();
}

Status AllianceService::CheckOrg(const std::string& code, std::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::Organisation> org,
                          registry_.FindOrganisationByCode(code));
  if (!org) {
    return Error::Invalid(std::string(field), code, "no organisation has this registry code",
                          "org.known");
  }
  return OkStatus();
}

// --- Activities ------------------------------------------------------------------------------

namespace {

Status NormaliseActivity(Activity& a) {
  HOPTAC_RETURN_IF_ERROR(Nfc(a.title, "title"));
  HOPTAC_RETURN_IF_ERROR(Nfc(a.staff, "staff"));
  HOPTAC_RETURN_IF_ERROR(Nfc(a.funding_source, "funding_source"));
  HOPTAC_RETURN_IF_ERROR(Nfc(a.outcome, "outcome"));
  HOPTAC_RETURN_IF_ERROR(NfcList(a.documents, "documents"));
  return domain::ValidateActivity(a);
}

Status NormaliseInspection(Inspection& i) {
  HOPTAC_RETURN_IF_ERROR(Nfc(i.subject, "subject"));
  HOPTAC_RETURN_IF_ERROR(Nfc(i.team, "team"));
  HOPTAC_RETURN_IF_ERROR(NfcList(i.findings, "findings"));
  for (size_t k = 0; k < i.recommendations.size(); ++k) {
    const std::string at = "recommendations[" + std::to_string(k + 1) + "].";
    HOPTAC_RETURN_IF_ERROR(Nfc(i.recommendations[k].text, at + "text"));
    HOPTAC_RETURN_IF_ERROR(Nfc(i.recommendations[k].follow_up_note, at + "follow_up_note"));
  }
  return domain::ValidateInspection(i);
}

}  // namespace

Result<Activity> AllianceService::AddActivity(Activity a, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(NormaliseActivity(a));
  HOPTAC_RETURN_IF_ERROR(CheckArea(a.unit_code, "unit_code", a.start_date));
  for (size_t i = 0; i < a.org_codes.size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(CheckOrg(a.org_codes[i], "org_codes[" + std::to_string(i + 1) + "]"));
  }
  a.id = 0;
  a.revision = 1;
  a.recorded_at = a.updated_at = clock_.Now();
  a.recorded_by = a.updated_by = actor.name;
  domain::AuditEntry entry = Entry(actor, "activity.add", "activity/", "", "");
  const Status written = store_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(a.id, store_.InsertActivity(a));
    entry.entity.append(std::to_string(a.id));
    entry.after = ActivityJson(a).dump();
    return OkStatus();
  });
  HOPTAC_RETURN_IF_ERROR(written);
  return a;
}

Result<Activity> AllianceService::EditActivity(Activity a, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(NormaliseActivity(a));
  HOPTAC_RETURN_IF_ERROR(CheckArea(a.unit_code, "unit_code", a.start_date));
  for (size_t i = 0; i < a.org_codes.size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(CheckOrg(a.org_codes[i], "org_codes[" + std::to_string(i + 1) + "]"));
  }
  HOPTAC_ASSIGN_OR_RETURN(Activity before, GetActivity(a.id));
  a.recorded_at = before.recorded_at;
  a.recorded_by = before.recorded_by;
  a.updated_at = clock_.Now();
  a.updated_by = actor.name;
  a.revision += 1;  // the caller's is the revision it read
  domain::AuditEntry entry = Entry(actor, "activity.edit", "activity/" + std::to_string(a.id),
                                   ActivityJson(before).dump(), ActivityJson(a).dump());
  HOPTAC_RETURN_IF_ERROR(store_.Audited(entry, [&] { return store_.UpdateActivity(a); }));
  return a;
}

Result<Activity> AllianceService::GetActivity(AllianceId id) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Activity> a, store_.FindActivity(id));
  if (!a) return Error::NotFound("no activity has this id", "id", std::to_string(id));
  return *a;
}

Result<std::vector<Activity>> AllianceService::ListActivities(const ActivityFilter& f) {
  if (!f.type.empty() && domain::FindActivityType(f.type) == nullptr) {
    return Error::Invalid("type", f.type, "not an activity type", "activity.type");
  }
  domain::ActivityQuery q;
  q.type = f.type;
  q.from = f.from;
  q.to = f.to;
  q.org_code = f.org_code;
  q.tokens = text::Tokens(text::Fold(f.text));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Activity> all, store_.ListActivities(q));
  std::vector<Activity> out;
  for (Activity& a : all) {
    if (out.size() >= f.limit) break;
    HOPTAC_ASSIGN_OR_RETURN(const bool inside, InArea(a.unit_code, f.area, a.start_date));
    if (inside) out.push_back(std::move(a));
  }
  return out;
}

// --- Inspections -----------------------------------------------------------------------------

Result<Inspection> AllianceService::AddInspection(Inspection i, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(NormaliseInspection(i));
  HOPTAC_RETURN_IF_ERROR(CheckArea(i.unit_code, "unit_code", i.planned_date));
  if (!i.org_code.empty()) HOPTAC_RETURN_IF_ERROR(CheckOrg(i.org_code, "org_code"));
  i.id = 0;
  i.revision = 1;
  for (auto& r : i.recommendations) r.id = 0;
  i.recorded_at = i.updated_at = clock_.Now();
  i.recorded_by = i.updated_by = actor.name;
  domain::AuditEntry entry = Entry(actor, "inspection.add", "inspection/", "", "");
  const Status written = store_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(i.id, store_.InsertInspection(i));
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Inspection> stored, store_.FindInspection(i.id));
    if (stored) i = *stored;
    entry.entity.append(std::to_string(i.id));
    entry.after = InspectionJson(i, clock_.Today()).dump();
    return OkStatus();
  });
  HOPTAC_RETURN_IF_ERROR(written);
  return i;
}

Result<Inspection> AllianceService::EditInspection(Inspection i, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(NormaliseInspection(i));
  HOPTAC_RETURN_IF_ERROR(CheckArea(i.unit_code, "unit_code", i.planned_date));
  if (!i.org_code.empty()) HOPTAC_RETURN_IF_ERROR(CheckOrg(i.org_code, "org_code"));
  HOPTAC_ASSIGN_OR_RETURN(Inspection before, GetInspection(i.id));
  // Recommendations keep their ids only when they are this inspection's.
  std::set<AllianceId> own;
  for (const auto& r : before.recommendations) own.insert(r.id);
  for (size_t k = 0; k < i.recommendations.size(); ++k) {
    const AllianceId rid = i.recommendations[k].id;
    if (rid != 0 && own.count(rid) == 0) {
      return Error::Invalid("recommendations[" + std::to_string(k + 1) + "].id",
                            std::to_string(rid), "not a recommendation of this inspection",
                            "recommendation.id");
    }
  }
  i.recorded_at = before.recorded_at;
  i.recorded_by = before.recorded_by;
  i.updated_at = clock_.Now();
  i.updated_by = actor.name;
  i.revision += 1;
  const Date today = clock_.Today();
  domain::AuditEntry entry = Entry(actor, "inspection.edit", "inspection/" + std::to_string(i.id),
                                   InspectionJson(before, today).dump(), "");
  const Status written = store_.Audited(entry, [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(store_.UpdateInspection(i));
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Inspection> stored, store_.FindInspection(i.id));
    if (stored) i = *stored;
    entry.after = InspectionJson(i, today).dump();
    return OkStatus();
  });
  HOPTAC_RETURN_IF_ERROR(written);
  return i;
}

Result<Inspection> AllianceService::GetInspection(AllianceId id) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Inspection> i, store_.FindInspection(id));
  if (!i) return Error::NotFound("no inspection has this id", "id", std::to_string(id));
  return *i;
}

Result<std::vector<Inspection>> AllianceService::ListInspections(const InspectionFilter& f) {
  domain::InspectionQuery q;
  q.from = f.from;
  q.to = f.to;
  q.org_code = f.org_code;
  q.tokens = text::Tokens(text::Fold(f.text));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Inspection> all, store_.ListInspections(q));
  std::vector<Inspection> out;
  for (Inspection& i : all) {
    if (out.size() >= f.limit) break;
    HOPTAC_ASSIGN_OR_RETURN(const bool inside,
                            InArea(i.unit_code, f.area, i.held_date.value_or(i.planned_date)));
    if (inside) out.push_back(std::move(i));
  }
  return out;
}

Result<Inspection> AllianceService::SetFollowUp(AllianceId inspection_id,
                                                AllianceId recommendation_id,
                                                domain::FollowUp status,
                                                std::optional<Date> done_on, std::string note,
                                                int64_t revision, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(Nfc(note, "follow_up_note"));
  HOPTAC_ASSIGN_OR_RETURN(Inspection i, GetInspection(inspection_id));
  if (revision != 0 && revision != i.revision) {
    return Error::Conflict("the inspection was changed by someone else (revision " +
                               std::to_string(i.revision) + "); reload it",
                           "revision", std::to_string(revision));
  }
  const Date today = clock_.Today();
  const std::string before = InspectionJson(i, today).dump();
  domain::Recommendation* rec = nullptr;
  for (auto& r : i.recommendations) {
    if (r.id == recommendation_id) rec = &r;
  }
  if (rec == nullptr) {
    return Error::NotFound("the inspection has no recommendation with this id", "recommendation_id",
                           std::to_string(recommendation_id));
  }
  rec->status = status;
  rec->done_on = status == domain::FollowUp::kDone ? done_on : std::nullopt;
  rec->follow_up_note = std::move(note);
  HOPTAC_RETURN_IF_ERROR(domain::ValidateFollowUp(i, *rec));
  if (rec->done_on && today < *rec->done_on) {
    return Error::Invalid("done_on", rec->done_on->ToString(), "a day in the future",
                          "follow_up.done_on");
  }
  i.revision += 1;
  i.updated_at = clock_.Now();
  i.updated_by = actor.name;
  domain::AuditEntry entry =
      Entry(actor, "recommendation.follow_up", "inspection/" + std::to_string(i.id), before,
            InspectionJson(i, today).dump());
  HOPTAC_RETURN_IF_ERROR(store_.Audited(entry, [&] { return store_.UpdateInspection(i); }));
  return i;
}

Result<std::vector<FollowUpItem>> AllianceService::FollowUps(Date as_of, const std::string& area,
                                                             bool only_overdue) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Inspection> all, store_.ListInspections({}));
  std::vector<FollowUpItem> out;
  for (const Inspection& i : all) {
    HOPTAC_ASSIGN_OR_RETURN(const bool inside,
                            InArea(i.unit_code, area, i.held_date.value_or(i.planned_date)));
    if (!inside) continue;
    for (const auto& r : i.recommendations) {
      const domain::FollowUpState st = domain::StateOf(r, as_of);
      if (only_overdue && st != domain::FollowUpState::kOverdue) continue;
      out.push_back({i.id, i.subject, i.org_code, i.unit_code, i.held_date, r, st});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FollowUpItem& a, const FollowUpItem& b) {
    const Date da = a.recommendation.deadline.value_or(Date::Max());
    const Date db = b.recommendation.deadline.value_or(Date::Max());
    if (da != db) return da < db;
    if (a.inspection_id != b.inspection_id) return a.inspection_id < b.inspection_id;
    return a.recommendation.id < b.recommendation.id;
  });
  return out;
}

Result<std::vector<Inspection>> AllianceService::InspectionsOfEvent(int64_t event_id) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<AllianceId> ids, store_.InspectionsOfEvent(event_id));
  std::vector<Inspection> out;
  for (AllianceId id : ids) {
    HOPTAC_ASSIGN_OR_RETURN(Inspection i, GetInspection(id));
    out.push_back(std::move(i));
  }
  return out;
}

// --- Pilot communes ----------------------------------------------------------------------------

Status AllianceService::SetPilotCommunes(int year, std::vector<domain::PilotCommune> communes,
                                         const Actor& actor) {
  if (year < 2000 || year > 2100) {
    return Error::Invalid("year", std::to_string(year), "a year from 2000 to 2100",
                          "pilot_commune.year");
  }
  nlohmann::json after = nlohmann::json::array();
  for (size_t k = 0; k < communes.size(); ++k) {
    domain::PilotCommune& c = communes[k];
    const std::string at = "communes[" + std::to_string(k + 1) + "].";
    c.year = year;
    HOPTAC_RETURN_IF_ERROR(Nfc(c.note, at + "note"));
    if (c.unit_code.empty()) {
      return Error::Invalid(at + "unit_code", "", "the commune is required",
                            "pilot_commune.unit_code");
    }
    HOPTAC_RETURN_IF_ERROR(CheckArea(c.unit_code, at + "unit_code", Ymd(year, 12, 31)));
    after.push_back(PilotCommuneJson(c));
  }
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::PilotCommune> old, store_.ListPilotCommunes(year));
  nlohmann::json before = nlohmann::json::array();
  for (const auto& c : old) before.push_back(PilotCommuneJson(c));
  domain::AuditEntry entry =
      Entry(actor, "pilot_communes.set", "pilot-communes/" + std::to_string(year), before.dump(),
            after.dump());
  return store_.Audited(entry, [&] { return store_.PutPilotCommunes(year, communes); });
}

Result<std::vector<domain::PilotCommune>> AllianceService::PilotCommunes(int year) {
  return store_.ListPilotCommunes(year);
}

Result<std::vector<PilotCommuneStatus>> AllianceService::PilotCommuneStatuses(int year,
                                                                              Date as_of) {
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::PilotCommune> pilots, store_.ListPilotCommunes(year));
  std::vector<PilotCommuneStatus> out;
  if (pilots.empty()) return out;
  const Date start = Ymd(year, 1, 1);
  const Date end = std::min(as_of, Ymd(year, 12, 31));
  report::ReportParams params;
  params.as_of = end;
  HOPTAC_ASSIGN_OR_RETURN(report::Table t, RunReport("ntm-13", params));
  std::map<std::string, std::pair<int64_t, bool>> results;
  for (const report::Row& row : t.rows) {
    if (row.cells.size() < 5) continue;
    const auto* code = std::get_if<std::string>(&row.cells[0]);
    const auto* n = std::get_if<int64_t>(&row.cells[3]);
    const auto* met = std::get_if<std::string>(&row.cells[4]);
    if (code != nullptr) results[*code] = {n != nullptr ? *n : 0, met != nullptr && *met == "Đạt"};
  }
  ActivityFilter f;
  f.from = start;
  f.to = end;
  f.limit = SIZE_MAX;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Activity> activities, ListActivities(f));
  for (const domain::PilotCommune& p : pilots) {
    PilotCommuneStatus s;
    s.commune = p;
    s.name = UnitName(p.unit_code, end);
    if (auto it = results.find(p.unit_code); it != results.end()) {
      s.qualifying = it->second.first;
      s.met = it->second.second;
    }
    for (const Activity& a : activities) {
      if (a.start_date < start || end < a.start_date || a.unit_code.empty()) continue;
      HOPTAC_ASSIGN_OR_RETURN(const bool inside, InArea(a.unit_code, p.unit_code, a.start_date));
      s.activities += inside ? 1 : 0;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// --- Plans -----------------------------------------------------------------------------------

Result<Plan> AllianceService::PutPlan(Plan p, const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(Nfc(p.title, "title"));
  for (size_t k = 0; k < p.tasks.size(); ++k) {
    const std::string at = "tasks[" + std::to_string(k + 1) + "].";
    HOPTAC_RETURN_IF_ERROR(Nfc(p.tasks[k].title, at + "title"));
    HOPTAC_RETURN_IF_ERROR(Nfc(p.tasks[k].unit, at + "unit"));
    p.tasks[k].position = static_cast<int>(k + 1);
  }
  HOPTAC_RETURN_IF_ERROR(domain::ValidatePlan(p));
  for (size_t k = 0; k < p.tasks.size(); ++k) {
    HOPTAC_RETURN_IF_ERROR(CheckArea(p.tasks[k].unit_code,
                                     "tasks[" + std::to_string(k + 1) + "].unit_code",
                                     Ymd(p.year, 12, 31)));
  }
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Plan> before, store_.FindPlan(p.year));
  if (before) {
    std::set<AllianceId> own;
    for (const auto& t : before->tasks) own.insert(t.id);
    for (size_t k = 0; k < p.tasks.size(); ++k) {
      if (p.tasks[k].id != 0 && own.count(p.tasks[k].id) == 0) {
        return Error::Invalid("tasks[" + std::to_string(k + 1) + "].id",
                              std::to_string(p.tasks[k].id), "not a task of this plan", "task.id");
      }
    }
  } else {
    for (auto& t : p.tasks) t.id = 0;
  }
  p.revision += 1;  // the caller's is the revision it read (0: a new plan)
  p.updated_at = clock_.Now();
  p.updated_by = actor.name;
  domain::AuditEntry entry = Entry(actor, "plan.put", "plan/" + std::to_string(p.year),
                                   before ? PlanJson(*before).dump() : "", "");
  const Status written = store_.Audited(entry, [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(store_.PutPlan(p));
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Plan> stored, store_.FindPlan(p.year));
    if (stored) p = *stored;
    entry.after = PlanJson(p).dump();
    return OkStatus();
  });
  HOPTAC_RETURN_IF_ERROR(written);
  return p;
}

Result<Plan> AllianceService::GetPlan(int year) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Plan> p, store_.FindPlan(year));
  if (!p) return Error::NotFound("there is no plan for this year", "year", std::to_string(year));
  return *p;
}

Result<std::vector<int>> AllianceService::PlanYears() { return store_.PlanYears(); }

Result<domain::ProgressEntry> AllianceService::AddProgress(domain::ProgressEntry e,
                                                           const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(Nfc(e.note, "note"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateProgress(e));
  // The task must be a manual task of a plan.
  HOPTAC_ASSIGN_OR_RETURN(std::vector<int> years, store_.PlanYears());
  const domain::PlanTask* task = nullptr;
  std::optional<Plan> owner;
  for (int y : years) {
    HOPTAC_ASSIGN_OR_RETURN(owner, store_.FindPlan(y));
    for (const auto& t : owner->tasks) {
      if (t.id == e.task_id) task = &t;
    }
    if (task != nullptr) break;
  }
  if (task == nullptr) {
    return Error::NotFound("no plan task has this id", "task_id", std::to_string(e.task_id));
  }
  if (task->kind != domain::TaskKind::kManual) {
    return Error::Invalid("task_id", std::to_string(e.task_id),
                          "a computed task's progress comes from the registry, not from entries",
                          "progress.manual");
  }
  e.id = 0;
  e.recorded_at = clock_.Now();
  e.recorded_by = actor.name;
  domain::AuditEntry entry =
      Entry(actor, "plan.progress", "plan/" + std::to_string(owner->year), "", "");
  const Status written = store_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(e.id, store_.InsertProgress(e));
    entry.after = ProgressEntryJson(e).dump();
    return OkStatus();
  });
  HOPTAC_RETURN_IF_ERROR(written);
  return e;
}

Result<std::vector<domain::ProgressEntry>> AllianceService::Progress(int year) {
  return store_.ListProgress(year);
}

Result<int64_t> AllianceService::ComputeIndicator(const std::string& indicator,
                                                  const std::string& parameter, int year,
                                                  Date as_of, const std::string& area,
                                                  std::string* basis) {
  const domain::IndicatorInfo* info = domain::FindIndicator(indicator);
  if (info == nullptr) {
    return Error::Invalid("indicator", indicator, "not a computed indicator", "task.indicator");
  }
  const Date start = Ymd(year, 1, 1);
  const Date end = std::min(as_of, Ymd(year, 12, 31));
  auto say = [&](std::string text) {
    if (basis != nullptr) *basis = std::move(text);
  };
  if (end < start) {
    say("chưa đến kỳ (" + Dmy(start) + ")");
    return int64_t{0};
  }
  const std::string period = Dmy(start) + "–" + Dmy(end);
  report::ReportParams params;
  params.unit = area;
  if (indicator == "converted_or_dissolved_pending") {
    params.as_of = start.AddDays(-1);
    HOPTAC_ASSIGN_OR_RETURN(report::Table before, RunReport("conversion-2012", params));
    params.as_of = end;
    HOPTAC_ASSIGN_OR_RETURN(report::Table after, RunReport("conversion-2012", params));
    const int64_t pending_before = Total(before, "pending");
    const int64_t pending_after = Total(after, "pending");
    say("conversion-2012: chưa chuyển đổi " + std::to_string(pending_before) + " ngày " +
        Dmy(start.AddDays(-1)) + ", " + std::to_string(pending_after) + " ngày " + Dmy(end));
    return pending_before - pending_after;
  }
  if (indicator == "founded_cooperatives" || indicator == "founded_groups") {
    HOPTAC_ASSIGN_OR_RETURN(Cache * c, Current());
    report::FoundedQuery q{start, end, indicator == "founded_groups", area};
    say(std::string(indicator == "founded_groups" ? "THT" : "HTX, LHHTX, QTDND") + " thành lập " +
        period);
    return report::CountFounded(*c->projection, c->units, q);
  }
  if (indicator == "rated_fair_or_good") {
    params.as_of = Ymd(year, 12, 31);
    params.year = year;
    HOPTAC_ASSIGN_OR_RETURN(report::Table t, RunReport("rating", params));
    say("rating: xếp loại tốt, khá theo số liệu năm " + std::to_string(year));
    return Total(t, "good") + Total(t, "fair");
  }
  if (indicator == "pilot_communes_13_1") {
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::PilotCommune> pilots,
                            store_.ListPilotCommunes(year));
    std::set<std::string> codes;
    for (const auto& p : pilots) codes.insert(p.unit_code);
    params.as_of = end;
    HOPTAC_ASSIGN_OR_RETURN(report::Table t, RunReport("ntm-13", params));
    int64_t met = 0;
    for (const report::Row& row : t.rows) {
      if (row.cells.size() < 5) continue;
      const auto* code = std::get_if<std::string>(&row.cells[0]);
      const auto* result = std::get_if<std::string>(&row.cells[4]);
      if (code != nullptr && result != nullptr && codes.count(*code) != 0 && *result == "Đạt") {
        ++met;
      }
    }
    say("ntm-13 ngày " + Dmy(end) + ": xã điểm năm " + std::to_string(year) + " đạt 13.1 (" +
        std::to_string(codes.size()) + " xã điểm)");
    return met;
  }
  if (indicator == "activities_of_type") {
    ActivityFilter f;
    f.type = parameter;
    f.from = start;
    f.to = end;
    f.area = area;
    f.limit = SIZE_MAX;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Activity> all, ListActivities(f));
    int64_t n = 0;
    for (const Activity& a : all) n += (a.start_date >= start && a.start_date <= end) ? 1 : 0;
    const domain::ActivityType* type = domain::FindActivityType(parameter);
    say(std::string("hoạt động \"") + (type != nullptr ? std::string(type->label) : parameter) +
        "\" bắt đầu " + period);
    return n;
  }
  // Inspections held, recommendations done, in the period.
  InspectionFilter f;
  f.area = area;
  f.limit = SIZE_MAX;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Inspection> all, ListInspections(f));
  int64_t n = 0;
  auto within = [&](const std::optional<Date>& d) { return d && *d >= start && *d <= end; };
  for (const Inspection& i : all) {
    if (indicator == "inspections_held") {
      n += within(i.held_date) ? 1 : 0;
    } else {
      for (const auto& r : i.recommendations) {
        n += r.status == domain::FollowUp::kDone && within(r.done_on) ? 1 : 0;
      }
    }
  }
  say(indicator == "inspections_held" ? "cuộc kiểm tra tiến hành " + period
                                      : "kiến nghị thực hiện xong " + period);
  return n;
}

Result<PlanProgress> AllianceService::PlanProgressAsOf(int year, Date as_of,
                                                       const std::string& area) {
  HOPTAC_ASSIGN_OR_RETURN(Plan plan, GetPlan(year));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::ProgressEntry> entries, store_.ListProgress(year));
  PlanProgress out;
  out.as_of = as_of;
  out.area = area;
  for (const domain::PlanTask& t : plan.tasks) {
    TaskProgress tp;
    tp.task = t;
    if (t.kind == domain::TaskKind::kComputed) {
      const domain::IndicatorInfo* info = domain::FindIndicator(t.indicator);
      tp.indicator_label = info != nullptr ? std::string(info->label) : t.indicator;
      HOPTAC_ASSIGN_OR_RETURN(tp.actual,
                              ComputeIndicator(t.indicator, t.parameter, year, as_of,
                                               area.empty() ? t.unit_code : area, &tp.basis));
    } else {
      std::vector<domain::ProgressEntry> mine;
      for (const auto& e : entries) {
        if (e.task_id == t.id) mine.push_back(e);
      }
      tp.indicator_label = "Theo dõi thủ công";
      tp.actual = domain::ProgressAsOf(mine, as_of);
      tp.basis = mine.empty() ? "chưa có số liệu" : "số liệu cán bộ nhập";
    }
    if (t.target > 0) {
      tp.percent = static_cast<double>(tp.actual) * 100.0 / static_cast<double>(t.target);
    }
    out.tasks.push_back(std::move(tp));
  }
  out.plan = std::move(plan);
  return out;
}

// --- Review notes ----------------------------------------------------------------------------

Result<domain::ReviewNote> AllianceService::SetDifficulties(int year, std::string text,
                                                            const Actor& actor) {
  domain::ReviewNote n{year, std::move(text), clock_.Now(), actor.name};
  HOPTAC_RETURN_IF_ERROR(Nfc(n.difficulties, "difficulties"));
  HOPTAC_RETURN_IF_ERROR(domain::ValidateReviewNote(n));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::ReviewNote> old, store_.FindReviewNote(year));
  domain::AuditEntry entry =
      Entry(actor, "review.difficulties", "review/" + std::to_string(year),
            old ? ReviewNoteJson(*old).dump() : "", ReviewNoteJson(n).dump());
  HOPTAC_RETURN_IF_ERROR(store_.Audited(entry, [&] { return store_.PutReviewNote(n); }));
  return n;
}

Result<std::optional<domain::ReviewNote>> AllianceService::Difficulties(int year) {
  return store_.FindReviewNote(year);
}

}  // namespace hoptac::app
