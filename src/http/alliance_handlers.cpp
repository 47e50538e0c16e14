// The Alliance's work over HTTP: each handler is one use case of app::AllianceService on a
// borrowed service (AlliancePool). Reads by a scoped user are limited to the scope's area (an
// area asked for must lie inside it); managers see only the activities and inspections of their
// organisation. Writes: officers within their area (a province officer also for province-wide
// records, plans, pilot communes and the review's text); managers and viewers may not write.
// Edits carry If-Match with the record's revision (its ETag).

#include "http/alliance_handlers.hpp"

#include <algorithm>

#include "app/access.hpp"
#include "app/alliance_json.hpp"
#include "app/annual_review.hpp"
#include "http/alliance_pool.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"
#include "report/document.hpp"

namespace hoptac::http {
namespace {

Error Forbidden(std::string message, std::string field = {}, std::string value = {}) {
  return Error{ErrorCode::kForbidden, std::move(message), std::move(field), std::move(value),
               "access.scope"};
}

app::Actor ActorOf(const Call& c) {
  return app::Actor(c.who->user.username, c.req.remote_address, c.req.request_id);
}

template <typename Fn>
Response WithAlliance(Services& s, Call& call, Fn&& fn) {
  if (s.alliance == nullptr) {
    return Problem(Error::Unavailable("the Alliance's work is not served"), call.req.request_id);
  }
  const auto start = std::chrono::steady_clock::now();
  auto lease = s.alliance->Borrow();
  Response result = fn(lease.service());
  call.db_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

bool IsProvince(const std::string& code) { return code.size() == 2; }

// What a reader may see: the area (forced to the scope's when none is asked) and, for a
// manager, the organisation.
struct ReadScope {
  std::string area;
  std::string org;
};

Result<ReadScope> ScopeForRead(app::AllianceService& a, const app::Principal& who,
                               const std::string& requested, Date d, bool managers_allowed) {
  if (who.user.role == domain::Role::kManager) {
    if (!managers_allowed) return Forbidden("a manager sees only the organisation's own records");
    return ReadScope{requested, who.user.scope_org};
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty()) return ReadScope{requested, ""};
  if (requested.empty()) return ReadScope{scope, ""};
  HOPTAC_ASSIGN_OR_RETURN(const bool inside, a.InArea(requested, scope, d));
  if (!inside) return Forbidden("this area is outside your scope", "area", requested);
  return ReadScope{requested, ""};
}

// May the caller see a record of this area, involving these organisations?
Status CheckRecordRead(app::AllianceService& a, const app::Principal& who,
                       const std::string& unit_code, const std::vector<std::string>& orgs, Date d) {
  if (who.user.role == domain::Role::kManager) {
    if (std::find(orgs.begin(), orgs.end(), who.user.scope_org) != orgs.end()) return OkStatus();
    return Forbidden("a manager sees only the organisation's own records");
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty()) return OkStatus();
  HOPTAC_ASSIGN_OR_RETURN(const bool inside, a.InArea(unit_code, scope, d));
  if (!inside) return Forbidden("this record is outside your scope");
  return OkStatus();
}

// May the caller write a record of this area?
Status CheckRecordWrite(app::AllianceService& a, const app::Principal& who,
                        const std::string& unit_code, Date d) {
  if (who.user.role == domain::Role::kManager || who.user.role == domain::Role::kViewer) {
    return Forbidden("only officers record the Alliance's work");
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty()) return OkStatus();
  HOPTAC_ASSIGN_OR_RETURN(const bool inside, a.InArea(unit_code, scope, d));
  if (!inside) return Forbidden("this area is outside your scope", "unit_code", unit_code);
  return OkStatus();
}

// Plans, pilot communes and the review's text are the province's: admins and officers of the
// province (or without scope).
Status CheckProvinceWrite(const app::Principal& who) {
  if (who.user.role == domain::Role::kManager || who.user.role == domain::Role::kViewer) {
    return Forbidden("only officers record the Alliance's work");
  }
  const std::string scope = app::ScopeUnit(who.user);
  if (scope.empty() || IsProvince(scope)) return OkStatus();
  return Forbidden("plans and the review are written by officers of the province");
}

Result<int64_t> IdParam(const Request& req, const std::string& name) {
  const std::string& text = req.Param(name);
  const bool digits =
      !text.empty() && text.size() <= 15 &&
      std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!digits) return Error::Invalid(name, text, "expected a whole number", "id.format");
  return std::stoll(text);
}

Result<int> YearOf(const Request& req) {
  const std::string& text = req.Param("year");
  const bool digits = text.size() == 4 && std::all_of(text.begin(), text.end(), [](char ch) {
                        return ch >= '0' && ch <= '9';
                      });
  if (!digits) return Error::Invalid("year", text, "expected a year such as 2017", "plan.year");
  return std::stoi(text);
}

// The revision If-Match names; `current` when it is "*".
Result<int64_t> ExpectedRevision(const Request& req, int64_t current) {
  HOPTAC_ASSIGN_OR_RETURN(std::string rev, IfMatch(req));
  if (rev.empty()) return current;
  if (rev.size() > 15 ||
      !std::all_of(rev.begin(), rev.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return Error::Invalid("If-Match", rev, "expected the record's ETag", "precondition.format");
  }
  return std::stoll(rev);
}

std::string Tag(int64_t revision) { return RevisionTag(std::to_string(revision)); }

Result<json> BodyJson(const Request& req) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Error::Invalid("body", "", "expected a JSON object", "body.json");
  }
  return body;
}

Result<app::ActivityFilter> ActivityFilterOf(const Request& req) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"type", "from", "to", "area", "org", "q", "limit"}));
  app::ActivityFilter f;
  f.type = QueryParam(req, "type");
  HOPTAC_ASSIGN_OR_RETURN(f.from, DateParam(req, "from"));
  HOPTAC_ASSIGN_OR_RETURN(f.to, DateParam(req, "to"));
  f.area = QueryParam(req, "area");
  f.org_code = QueryParam(req, "org");
  f.text = QueryParam(req, "q");
  HOPTAC_ASSIGN_OR_RETURN(f.limit, LimitParam(req, 200, 1000));
  return f;
}

Result<app::InspectionFilter> InspectionFilterOf(const Request& req) {
  HOPTAC_RETURN_IF_ERROR(CheckParams(req, {"from", "to", "area", "org", "q", "limit"}));
  app::InspectionFilter f;
  HOPTAC_ASSIGN_OR_RETURN(f.from, DateParam(req, "from"));
  HOPTAC_ASSIGN_OR_RETURN(f.to, DateParam(req, "to"));
  f.area = QueryParam(req, "area");
  f.org_code = QueryParam(req, "org");
  f.text = QueryParam(req, "q");
  HOPTAC_ASSIGN_OR_RETURN(f.limit, LimitParam(req, 200, 1000));
  return f;
}

// A stale revision (someone changed the record first) is 412, as for the registry's writes.
Response Fail(const Call& c, const Error& e) {
  if (e.code == ErrorCode::kConflict && e.field == "revision") {
    Error stale = e;
    stale.rule = "precondition.stale";
    return Problem(stale, c.req.request_id);
  }
  return Problem(e, c.req.request_id);
}

}  // namespace

Response GetAllianceLists(Services& s, Call& c) {
  (void)s;
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  return JsonOk(c, app::AllianceListsJson());
}

// --- Activities ------------------------------------------------------------------------------

Response GetActivities(Services& s, Call& c) {
  Result<app::ActivityFilter> f = ActivityFilterOf(c.req);
  if (!f.ok()) return Fail(c, f.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto scope = ScopeForRead(a, *c.who, f->area, s.clock.Today(), true);
    if (!scope.ok()) return Fail(c, scope.error());
    f->area = scope->area;
    if (!scope->org.empty()) f->org_code = scope->org;
    auto list = a.ListActivities(*f);
    if (!list.ok()) return Fail(c, list.error());
    json items = json::array();
    for (const auto& act : *list) items.push_back(app::ActivityJson(act));
    return JsonOk(c, {{"items", items}});
  });
}

Response PostActivity(Services& s, Call& c) {
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  Result<domain::Activity> act = app::ActivityFromJson(*body);
  if (!act.ok()) return Fail(c, act.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    if (Status ok = CheckRecordWrite(a, *c.who, act->unit_code, act->start_date); !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto stored = a.AddActivity(*act, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::ActivityJson(*stored), Tag(stored->revision), 201);
  });
}

Response GetActivity(Services& s, Call& c) {
  Result<int64_t> id = IdParam(c.req, "id");
  if (!id.ok()) return Fail(c, id.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto act = a.GetActivity(*id);
    if (!act.ok()) return Fail(c, act.error());
    if (Status ok = CheckRecordRead(a, *c.who, act->unit_code, act->org_codes, act->start_date);
        !ok.ok()) {
      return Fail(c, ok.error());
    }
    return JsonWithTag(c, app::ActivityJson(*act), Tag(act->revision), 200);
  });
}

Response PutActivity(Services& s, Call& c) {
  Result<int64_t> id = IdParam(c.req, "id");
  if (!id.ok()) return Fail(c, id.error());
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  Result<domain::Activity> act = app::ActivityFromJson(*body);
  if (!act.ok()) return Fail(c, act.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto before = a.GetActivity(*id);
    if (!before.ok()) return Fail(c, before.error());
    for (const auto& [unit, day] : {std::pair(before->unit_code, before->start_date),
                                    std::pair(act->unit_code, act->start_date)}) {
      if (Status ok = CheckRecordWrite(a, *c.who, unit, day); !ok.ok()) return Fail(c, ok.error());
    }
    auto expected = ExpectedRevision(c.req, before->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    act->id = *id;
    act->revision = *expected;
    auto stored = a.EditActivity(*act, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::ActivityJson(*stored), Tag(stored->revision), 200);
  });
}

// --- Inspections -----------------------------------------------------------------------------

Response GetInspections(Services& s, Call& c) {
  Result<app::InspectionFilter> f = InspectionFilterOf(c.req);
  if (!f.ok()) return Fail(c, f.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto scope = ScopeForRead(a, *c.who, f->area, s.clock.Today(), true);
    if (!scope.ok()) return Fail(c, scope.error());
    f->area = scope->area;
    if (!scope->org.empty()) f->org_code = scope->org;
    auto list = a.ListInspections(*f);
    if (!list.ok()) return Fail(c, list.error());
    json items = json::array();
    for (const auto& i : *list) items.push_back(app::InspectionJson(i, s.clock.Today()));
    return JsonOk(c, {{"items", items}});
  });
}

Response PostInspection(Services& s, Call& c) {
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  Result<domain::Inspection> in = app::InspectionFromJson(*body);
  if (!in.ok()) return Fail(c, in.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    if (Status ok = CheckRecordWrite(a, *c.who, in->unit_code, in->planned_date); !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto stored = a.AddInspection(*in, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::InspectionJson(*stored, s.clock.Today()), Tag(stored->revision),
                       201);
  });
}

Response GetInspection(Services& s, Call& c) {
  Result<int64_t> id = IdParam(c.req, "id");
  if (!id.ok()) return Fail(c, id.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto in = a.GetInspection(*id);
    if (!in.ok()) return Fail(c, in.error());
    if (Status ok = CheckRecordRead(a, *c.who, in->unit_code, {in->org_code}, in->planned_date);
        !ok.ok()) {
      return Fail(c, ok.error());
    }
    return JsonWithTag(c, app::InspectionJson(*in, s.clock.Today()), Tag(in->revision), 200);
  });
}

Response PutInspection(Services& s, Call& c) {
  Result<int64_t> id = IdParam(c.req, "id");
  if (!id.ok()) return Fail(c, id.error());
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  Result<domain::Inspection> in = app::InspectionFromJson(*body);
  if (!in.ok()) return Fail(c, in.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto before = a.GetInspection(*id);
    if (!before.ok()) return Fail(c, before.error());
    for (const auto& [unit, day] : {std::pair(before->unit_code, before->planned_date),
                                    std::pair(in->unit_code, in->planned_date)}) {
      if (Status ok = CheckRecordWrite(a, *c.who, unit, day); !ok.ok()) return Fail(c, ok.error());
    }
    auto expected = ExpectedRevision(c.req, before->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    in->id = *id;
    in->revision = *expected;
    auto stored = a.EditInspection(*in, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::InspectionJson(*stored, s.clock.Today()), Tag(stored->revision),
                       200);
  });
}

Response PostFollowUp(Services& s, Call& c) {
  Result<int64_t> id = IdParam(c.req, "id");
  if (!id.ok()) return Fail(c, id.error());
  Result<int64_t> rec = IdParam(c.req, "rec");
  if (!rec.ok()) return Fail(c, rec.error());
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "status" && key != "done_on" && key != "note") {
      return Fail(c, Error::Invalid(key, "", "is not a member of this object", "body.member"));
    }
  }
  Result<std::string> status_text = StringMember(*body, "status", true);
  if (!status_text.ok()) return Fail(c, status_text.error());
  Result<domain::FollowUp> status = domain::ParseFollowUp(*status_text, "status");
  if (!status.ok()) return Fail(c, status.error());
  Result<std::string> done_text = StringMember(*body, "done_on", false);
  if (!done_text.ok()) return Fail(c, done_text.error());
  std::optional<Date> done_on;
  if (!done_text->empty()) {
    auto d = Date::Parse(*done_text, "done_on");
    if (!d.ok()) return Fail(c, d.error());
    done_on = *d;
  }
  Result<std::string> note = StringMember(*body, "note", false);
  if (!note.ok()) return Fail(c, note.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto before = a.GetInspection(*id);
    if (!before.ok()) return Fail(c, before.error());
    if (Status ok = CheckRecordWrite(a, *c.who, before->unit_code, before->planned_date);
        !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto expected = ExpectedRevision(c.req, before->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    auto stored = a.SetFollowUp(*id, *rec, *status, done_on, *note, *expected, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::InspectionJson(*stored, s.clock.Today()), Tag(stored->revision),
                       200);
  });
}

Response GetFollowUps(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"as_of", "area", "overdue"}); !ok.ok()) {
    return Fail(c, ok.error());
  }
  auto as_of = DateParam(c.req, "as_of");
  if (!as_of.ok()) return Fail(c, as_of.error());
  const std::string& overdue = QueryParam(c.req, "overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false") {
    return Fail(c, Error::Invalid("overdue", overdue, "expected true or false", "query.bool"));
  }
  const Date day = as_of->value_or(s.clock.Today());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto scope = ScopeForRead(a, *c.who, QueryParam(c.req, "area"), day, false);
    if (!scope.ok()) return Fail(c, scope.error());
    auto items = a.FollowUps(day, scope->area, overdue != "false");
    if (!items.ok()) return Fail(c, items.error());
    json out = json::array();
    for (const auto& f : *items) out.push_back(app::FollowUpItemJson(f));
    return JsonOk(c, {{"as_of", day.ToString()}, {"items", out}});
  });
}

Response GetEventInspections(Services& s, Call& c) {
  Result<int64_t> id = IdParam(c.req, "id");
  if (!id.ok()) return Fail(c, id.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto list = a.InspectionsOfEvent(*id);
    if (!list.ok()) return Fail(c, list.error());
    json items = json::array();
    for (const auto& in : *list) {
      if (!CheckRecordRead(a, *c.who, in.unit_code, {in.org_code}, in.planned_date).ok()) continue;
      items.push_back(app::InspectionJson(in, s.clock.Today()));
    }
    return JsonOk(c, {{"items", items}});
  });
}

// --- Pilot communes, plans -------------------------------------------------------------------

Response GetPilotCommunes(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    Date end = Date::FromYmd(*year, 12, 31).value();
    if (s.clock.Today() < end) end = s.clock.Today();
    auto list = a.PilotCommuneStatuses(*year, end);
    if (!list.ok()) return Fail(c, list.error());
    json items = json::array();
    for (const auto& p : *list) {
      json j = app::PilotCommuneJson(p.commune);
      j["name"] = p.name;
      j["qualifying"] = p.qualifying;
      j["met_13_1"] = p.met;
      j["activities"] = p.activities;
      items.push_back(std::move(j));
    }
    return JsonOk(c, {{"year", *year}, {"as_of", end.ToString()}, {"communes", items}});
  });
}

Response PutPilotCommunes(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  if (Status ok = CheckProvinceWrite(*c.who); !ok.ok()) return Fail(c, ok.error());
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  auto communes = app::PilotCommunesFromJson(*body, *year);
  if (!communes.ok()) return Fail(c, communes.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    Status done = a.SetPilotCommunes(*year, *communes, ActorOf(c));
    if (!done.ok()) return Fail(c, done.error());
    auto list = a.PilotCommunes(*year);
    if (!list.ok()) return Fail(c, list.error());
    json items = json::array();
    for (const auto& p : *list) items.push_back(app::PilotCommuneJson(p));
    return JsonOk(c, {{"year", *year}, {"communes", items}});
  });
}

Response GetPlans(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto years = a.PlanYears();
    if (!years.ok()) return Fail(c, years.error());
    return JsonOk(c, {{"years", *years}});
  });
}

Response GetPlan(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  if (Status ok = CheckParams(c.req, {"as_of", "area"}); !ok.ok()) return Fail(c, ok.error());
  auto as_of = DateParam(c.req, "as_of");
  if (!as_of.ok()) return Fail(c, as_of.error());
  Date day = Date::FromYmd(*year, 12, 31).value();
  if (s.clock.Today() < day) day = s.clock.Today();
  if (*as_of) day = **as_of;
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto scope = ScopeForRead(a, *c.who, QueryParam(c.req, "area"), day, false);
    if (!scope.ok()) return Fail(c, scope.error());
    auto progress = a.PlanProgressAsOf(*year, day, scope->area);
    if (!progress.ok()) return Fail(c, progress.error());
    auto entries = a.Progress(*year);
    if (!entries.ok()) return Fail(c, entries.error());
    json body = app::PlanProgressJson(*progress);
    json list = json::array();
    for (const auto& e : *entries) list.push_back(app::ProgressEntryJson(e));
    body["progress_entries"] = list;
    return JsonWithTag(c, body, Tag(progress->plan.revision), 200);
  });
}

Response PutPlan(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  if (Status ok = CheckProvinceWrite(*c.who); !ok.ok()) return Fail(c, ok.error());
  Result<json> body = BodyJson(c.req);
  if (!body.ok()) return Fail(c, body.error());
  auto plan = app::PlanFromJson(*body, *year);
  if (!plan.ok()) return Fail(c, plan.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    int64_t current = 0;
    auto existing = a.GetPlan(*year);
    if (existing.ok()) {
      current = existing->revision;
    } else if (existing.error().code != ErrorCode::kNotFound) {
      return Fail(c, existing.error());
    }
    auto expected = ExpectedRevision(c.req, current);
    if (!expected.ok()) return Fail(c, expected.error());
    plan->revision = *expected;
    auto stored = a.PutPlan(*plan, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::PlanJson(*stored), Tag(stored->revision), current == 0 ? 201 : 200);
  });
}

Response PostPlanProgress(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  if (Status ok = CheckProvinceWrite(*c.who); !ok.ok()) return Fail(c, ok.error());
  Result<json> body = JsonBody(c.req, {"task_id", "date", "value", "note"});
  if (!body.ok()) return Fail(c, body.error());
  domain::ProgressEntry e;
  const json& b = *body;
  if (!b.contains("task_id") || !b["task_id"].is_number_integer()) {
    return Fail(c, Error::Invalid("task_id", "", "a task id is required", "progress.task"));
  }
  if (!b.contains("value") || !b["value"].is_number_integer()) {
    return Fail(c, Error::Invalid("value", "", "a whole number is required", "progress.value"));
  }
  e.task_id = b["task_id"].get<int64_t>();
  e.value = b["value"].get<int64_t>();
  Result<std::string> date = StringMember(b, "date", false);
  if (!date.ok()) return Fail(c, date.error());
  e.date = s.clock.Today();
  if (!date->empty()) {
    auto d = Date::Parse(*date, "date");
    if (!d.ok()) return Fail(c, d.error());
    e.date = *d;
  }
  Result<std::string> note = StringMember(b, "note", false);
  if (!note.ok()) return Fail(c, note.error());
  e.note = *note;
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto plan = a.GetPlan(*year);
    if (!plan.ok()) return Fail(c, plan.error());
    const bool own = std::any_of(plan->tasks.begin(), plan->tasks.end(),
                                 [&](const domain::PlanTask& t) { return t.id == e.task_id; });
    if (!own) {
      return Fail(c, Error::NotFound("the plan has no task with this id", "task_id",
                                     std::to_string(e.task_id)));
    }
    auto stored = a.AddProgress(e, ActorOf(c));
    if (!stored.ok()) return Fail(c, stored.error());
    Response r = JsonOk(c, app::ProgressEntryJson(*stored));
    r.status = 201;
    return r;
  });
}

// --- The yearly review -----------------------------------------------------------------------

Response GetAnnualReview(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  if (Status ok = CheckParams(c.req, {"area", "format"}); !ok.ok()) return Fail(c, ok.error());
  const std::string format =
      QueryParam(c.req, "format").empty() ? std::string("json") : QueryParam(c.req, "format");
  if (format != "json" && format != "html" && format != "xlsx" && format != "text") {
    return Fail(c,
                Error::Invalid("format", format, "use json, html, xlsx or text", "report.format"));
  }
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    const Date end = Date::FromYmd(*year, 12, 31).value();
    auto scope = ScopeForRead(a, *c.who, QueryParam(c.req, "area"), end, false);
    if (!scope.ok()) return Fail(c, scope.error());
    auto review = app::BuildAnnualReview(a, *year, scope->area);
    if (!review.ok()) return Fail(c, review.error());
    if (format == "json") return JsonOk(c, app::AnnualReviewJson(*review));
    Response resp;
    resp.headers.emplace_back("Cache-Control", "no-cache");
    if (format == "html") {
      resp.content_type = "text/html; charset=utf-8";
      resp.body = report::RenderDocumentHtml(review->document);
    } else if (format == "text") {
      resp.content_type = "text/plain; charset=utf-8";
      resp.body = report::RenderDocumentText(review->document);
    } else {
      auto bytes = report::RenderDocumentXlsx(review->document);
      if (!bytes.ok()) return Fail(c, bytes.error());
      resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      resp.body = std::move(bytes).value();
      resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"annual-review-" +
                                                           std::to_string(*year) + ".xlsx\"");
    }
    return resp;
  });
}

Response PutDifficulties(Services& s, Call& c) {
  Result<int> year = YearOf(c.req);
  if (!year.ok()) return Fail(c, year.error());
  if (Status ok = CheckProvinceWrite(*c.who); !ok.ok()) return Fail(c, ok.error());
  Result<json> body = JsonBody(c.req, {"difficulties"});
  if (!body.ok()) return Fail(c, body.error());
  Result<std::string> text = StringMember(*body, "difficulties", true);
  if (!text.ok()) return Fail(c, text.error());
  return WithAlliance(s, c, [&](app::AllianceService& a) -> Response {
    auto note = a.SetDifficulties(*year, *text, ActorOf(c));
    if (!note.ok()) return Fail(c, note.error());
    return JsonOk(c, app::ReviewNoteJson(*note));
  });
}

}  // namespace hoptac::http
