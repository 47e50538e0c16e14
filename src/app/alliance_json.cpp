#include "app/alliance_json.hpp"

#include <set>

namespace hoptac::app {

using Json = nlohmann::json;

namespace {

Json OptDate(const std::optional<Date>& d) { return d ? Json(d->ToString()) : Json(nullptr); }

// Typed access to the members of one object, naming them (with `prefix`) in errors.
class Reader {
 public:
  Reader(const Json& j, std::string prefix, std::initializer_list<std::string_view> allowed)
      : j_(j), prefix_(std::move(prefix)) {
    if (!j.is_object()) {
      Fail(prefix_.empty() ? "body" : prefix_.substr(0, prefix_.size() - 1), j.dump(),
           "must be a JSON object");
      return;
    }
    const std::set<std::string_view> ok(allowed.begin(), allowed.end());
    for (const auto& [key, value] : j.items()) {
      if (ok.count(key) == 0) {
        Fail(prefix_ + key, "", "is not a member of this object");
        return;
      }
    }
  }

  bool Has(const char* key) const {
    return j_.is_object() && j_.contains(key) && !j_.at(key).is_null();
  }
  std::string Text(const char* key) {
    if (!Has(key)) return {};
    const Json& v = j_.at(key);
    if (!v.is_string()) return Fail(prefix_ + key, v.dump(), "must be a string"), std::string();
    return v.get<std::string>();
  }
  int64_t Int(const char* key) {
    if (!Has(key)) return 0;
    const Json& v = j_.at(key);
    if (!v.is_number_integer()) {
      return Fail(prefix_ + key, v.dump(), "must be a whole number"), 0;
    }
    return v.get<int64_t>();
  }
  std::optional<Date> OptDay(const char* key) {
    if (!Has(key)) return std::nullopt;
    auto d = Date::Parse(Text(key), prefix_ + key);
    if (!d.ok()) {
      if (!error_) error_ = d.take_error();
      return std::nullopt;
    }
    return *d;
  }
  Date Day(const char* key) {
    if (!Has(key)) return Fail(prefix_ + key, "", "is required"), Date();
    return OptDay(key).value_or(Date());
  }
  std::vector<std::string> Texts(const char* key) {
    std::vector<std::string> out;
    if (!Has(key)) return out;
    const Json& v = j_.at(key);
    if (!v.is_array()) return Fail(prefix_ + key, v.dump(), "must be an array"), out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        Fail(prefix_ + key + "[" + std::to_string(i + 1) + "]", v[i].dump(), "must be a string");
        return out;
      }
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  const Json* Array(const char* key) {
    if (!Has(key)) return nullptr;
    const Json& v = j_.at(key);
    if (!v.is_array()) return Fail(prefix_ + key, v.dump(), "must be an array"), nullptr;
    return &v;
  }
  void Fail(std::string field, std::string value, std::string message) {
    if (!error_) error_ = Error::Invalid(std::move(field), std::move(value), std::move(message));
  }
  void Take(Status s) {
    if (!s.ok() && !error_) error_ = s.take_error();
  }
  Status status() const {
    if (error_) return *error_;
    return OkStatus();
  }
  const std::string& prefix() const { return prefix_; }

 private:
  const Json& j_;
  std::string prefix_;
  std::optional<Error> error_;
};

}  // namespace

Json ActivityJson(const domain::Activity& a) {
  const domain::ActivityType* type = domain::FindActivityType(a.type);
  Json j = {{"id", a.id},
            {"revision", a.revision},
            {"type", a.type},
            {"type_label", type != nullptr ? std::string(type->label) : a.type},
            {"title", a.title},
            {"start_date", a.start_date.ToString()},
            {"end_date", a.end_date.ToString()},
            {"unit_code", a.unit_code},
            {"org_codes", a.org_codes},
            {"participants", a.participants},
            {"staff", a.staff},
            {"funding_source", a.funding_source},
            {"funding_amount", a.funding_amount ? Json(a.funding_amount->vnd()) : Json(nullptr)},
            {"outcome", a.outcome},
            {"documents", a.documents},
            {"recorded_at", a.recorded_at.ToString()},
            {"recorded_by", a.recorded_by},
            {"updated_at", a.updated_at.ToString()},
            {"updated_by", a.updated_by}};
  return j;
}

Json InspectionJson(const domain::Inspection& i, Date as_of) {
  Json recs = Json::array();
  for (const auto& r : i.recommendations) {
    const domain::FollowUpState st = domain::StateOf(r, as_of);
    recs.push_back({{"id", r.id},
                    {"text", r.text},
                    {"deadline", OptDate(r.deadline)},
                    {"status", domain::FollowUpId(r.status)},
                    {"state", domain::FollowUpStateId(st)},
                    {"state_label", domain::FollowUpStateLabel(st)},
                    {"done_on", OptDate(r.done_on)},
                    {"follow_up_note", r.follow_up_note}});
  }
  return {{"id", i.id},
          {"revision", i.revision},
          {"planned_date", i.planned_date.ToString()},
          {"held_date", OptDate(i.held_date)},
          {"team", i.team},
          {"org_code", i.org_code},
          {"unit_code", i.unit_code},
          {"subject", i.subject},
          {"findings", i.findings},
          {"recommendations", recs},
          {"event_ids", i.event_ids},
          {"recorded_at", i.recorded_at.ToString()},
          {"recorded_by", i.recorded_by},
          {"updated_at", i.updated_at.ToString()},
          {"updated_by", i.updated_by}};
}

Json PlanJson(const domain::Plan& p) {
  Json tasks = Json::array();
  for (const auto& t : p.tasks) {
    const domain::IndicatorInfo* info = domain::FindIndicator(t.indicator);
    tasks.push_back({{"id", t.id},
                     {"position", t.position},
                     {"title", t.title},
                     {"kind", domain::TaskKindId(t.kind)},
                     {"indicator", t.indicator},
                     {"indicator_label", info != nullptr ? std::string(info->label) : ""},
                     {"parameter", t.parameter},
                     {"target", t.target},
                     {"unit_code", t.unit_code},
                     {"unit", t.unit}});
  }
  return {{"year", p.year},
          {"revision", p.revision},
          {"title", p.title},
          {"tasks", tasks},
          {"updated_at", p.updated_at.ToString()},
          {"updated_by", p.updated_by}};
}

Json ProgressEntryJson(const domain::ProgressEntry& e) {
  return {{"id", e.id},
          {"task_id", e.task_id},
          {"date", e.date.ToString()},
          {"value", e.value},
          {"note", e.note},
          {"recorded_at", e.recorded_at.ToString()},
          {"recorded_by", e.recorded_by}};
}

Json PilotCommuneJson(const domain::PilotCommune& c) {
  return {{"year", c.year}, {"unit_code", c.unit_code}, {"note", c.note}};
}

Json FollowUpItemJson(const FollowUpItem& f) {
  const domain::Recommendation& r = f.recommendation;
  return {{"inspection_id", f.inspection_id},
          {"subject", f.subject},
          {"org_code", f.org_code},
          {"unit_code", f.unit_code},
          {"held_date", OptDate(f.held_date)},
          {"recommendation_id", r.id},
          {"text", r.text},
          {"deadline", OptDate(r.deadline)},
          {"status", domain::FollowUpId(r.status)},
          {"state", domain::FollowUpStateId(f.state)},
          {"state_label", domain::FollowUpStateLabel(f.state)},
          {"done_on", OptDate(r.done_on)},
          {"follow_up_note", r.follow_up_note}};
}

Json PlanProgressJson(const PlanProgress& p) {
  Json tasks = Json::array();
  for (const TaskProgress& t : p.tasks) {
    tasks.push_back({{"id", t.task.id},
                     {"position", t.task.position},
                     {"title", t.task.title},
                     {"kind", domain::TaskKindId(t.task.kind)},
                     {"indicator", t.task.indicator},
                     {"indicator_label", t.indicator_label},
                     {"parameter", t.task.parameter},
                     {"unit_code", t.task.unit_code},
                     {"unit", t.task.unit},
                     {"target", t.task.target},
                     {"actual", t.actual},
                     {"percent", t.percent ? Json(*t.percent) : Json(nullptr)},
                     {"basis", t.basis}});
  }
  return {{"year", p.plan.year},   {"revision", p.plan.revision},
          {"title", p.plan.title}, {"as_of", p.as_of.ToString()},
          {"area", p.area},        {"tasks", tasks}};
}

Json ReviewNoteJson(const domain::ReviewNote& n) {
  return {{"year", n.year},
          {"difficulties", n.difficulties},
          {"updated_at", n.updated_at.ToString()},
          {"updated_by", n.updated_by}};
}

Json AllianceListsJson() {
  Json types = Json::array();
  for (const auto& t : domain::ActivityTypes()) {
    types.push_back({{"id", std::string(t.id)}, {"label", std::string(t.label)}});
  }
  Json indicators = Json::array();
  for (const auto& i : domain::Indicators()) {
    indicators.push_back({{"id", std::string(i.id)},
                          {"label", std::string(i.label)},
                          {"takes_parameter", i.takes_parameter}});
  }
  return {{"activity_types", types}, {"indicators", indicators}};
}

Result<domain::Activity> ActivityFromJson(const Json& body) {
  Reader r(body, "",
           {"type", "title", "start_date", "end_date", "unit_code", "org_codes", "participants",
            "staff", "funding_source", "funding_amount", "outcome", "documents", "revision"});
  domain::Activity a;
  a.type = r.Text("type");
  a.title = r.Text("title");
  a.start_date = r.Day("start_date");
  a.end_date = r.Has("end_date") ? r.Day("end_date") : a.start_date;
  a.unit_code = r.Text("unit_code");
  a.org_codes = r.Texts("org_codes");
  a.participants = r.Int("participants");
  a.staff = r.Text("staff");
  a.funding_source = r.Text("funding_source");
  if (r.Has("funding_amount")) {
    const Json& v = body.at("funding_amount");
    if (v.is_string()) {
      auto m = domain::Money::Parse(v.get<std::string>(), "funding_amount", true);
      if (m.ok()) {
        a.funding_amount = *m;
      } else {
        r.Take(m.take_error());
      }
    } else {
      a.funding_amount = domain::Money::Vnd(r.Int("funding_amount"));
    }
  }
  a.outcome = r.Text("outcome");
  a.documents = r.Texts("documents");
  if (r.Has("revision")) a.revision = r.Int("revision");
  HOPTAC_RETURN_IF_ERROR(r.status());
  return a;
}

Result<domain::Inspection> InspectionFromJson(const Json& body) {
  Reader r(body, "",
           {"planned_date", "held_date", "team", "org_code", "unit_code", "subject", "findings",
            "recommendations", "event_ids", "revision"});
  domain::Inspection i;
  i.planned_date = r.Day("planned_date");
  i.held_date = r.OptDay("held_date");
  i.team = r.Text("team");
  i.org_code = r.Text("org_code");
  i.unit_code = r.Text("unit_code");
  i.subject = r.Text("subject");
  i.findings = r.Texts("findings");
  if (r.Has("revision")) i.revision = r.Int("revision");
  if (const Json* recs = r.Array("recommendations")) {
    for (size_t k = 0; k < recs->size(); ++k) {
      Reader rr((*recs)[k], "recommendations[" + std::to_string(k + 1) + "].",
                {"id", "text", "deadline", "status", "done_on", "follow_up_note", "state",
                 "state_label"});
      domain::Recommendation rec;
      rec.id = rr.Int("id");
      rec.text = rr.Text("text");
      rec.deadline = rr.OptDay("deadline");
      if (rr.Has("status")) {
        auto s = domain::ParseFollowUp(rr.Text("status"), rr.prefix() + "status");
        if (s.ok()) {
          rec.status = *s;
        } else {
          rr.Take(s.take_error());
        }
      }
      rec.done_on = rr.OptDay("done_on");
      rec.follow_up_note = rr.Text("follow_up_note");
      HOPTAC_RETURN_IF_ERROR(rr.status());
      i.recommendations.push_back(std::move(rec));
    }
  }
  if (const Json* events = r.Array("event_ids")) {
    for (size_t k = 0; k < events->size(); ++k) {
      if (!(*events)[k].is_number_integer()) {
        return Error::Invalid("event_ids[" + std::to_string(k + 1) + "]", (*events)[k].dump(),
                              "must be an event id");
      }
      i.event_ids.push_back((*events)[k].get<int64_t>());
    }
  }
  HOPTAC_RETURN_IF_ERROR(r.status());
  return i;
}

Result<domain::Plan> PlanFromJson(const Json& body, int year) {
  Reader r(body, "", {"year", "title", "tasks", "revision"});
  domain::Plan p;
  p.year = year;
  if (r.Has("year") && r.Int("year") != year) {
    r.Fail("year", std::to_string(r.Int("year")), "differs from the plan's year");
  }
  p.title = r.Text("title");
  if (r.Has("revision")) p.revision = r.Int("revision");
  if (const Json* tasks = r.Array("tasks")) {
    for (size_t k = 0; k < tasks->size(); ++k) {
      Reader tr((*tasks)[k], "tasks[" + std::to_string(k + 1) + "].",
                {"id", "position", "title", "kind", "indicator", "indicator_label", "parameter",
                 "target", "unit_code", "unit"});
      domain::PlanTask t;
      t.id = tr.Int("id");
      t.position = static_cast<int>(k + 1);
      t.title = tr.Text("title");
      const std::string kind = tr.Has("kind") ? tr.Text("kind") : std::string("computed");
      auto parsed = domain::ParseTaskKind(kind, tr.prefix() + "kind");
      if (parsed.ok()) {
        t.kind = *parsed;
      } else {
        tr.Take(parsed.take_error());
      }
      t.indicator = tr.Text("indicator");
      t.parameter = tr.Text("parameter");
      t.target = tr.Int("target");
      t.unit_code = tr.Text("unit_code");
      t.unit = tr.Text("unit");
      HOPTAC_RETURN_IF_ERROR(tr.status());
      p.tasks.push_back(std::move(t));
    }
  }
  HOPTAC_RETURN_IF_ERROR(r.status());
  return p;
}

Result<std::vector<domain::PilotCommune>> PilotCommunesFromJson(const Json& body, int year) {
  Reader r(body, "", {"year", "communes"});
  std::vector<domain::PilotCommune> out;
  if (const Json* list = r.Array("communes")) {
    for (size_t k = 0; k < list->size(); ++k) {
      Reader cr((*list)[k], "communes[" + std::to_string(k + 1) + "].",
                {"unit_code", "note", "year"});
      out.push_back({year, cr.Text("unit_code"), cr.Text("note")});
      HOPTAC_RETURN_IF_ERROR(cr.status());
    }
  } else {
    r.Fail("communes", "", "is required");
  }
  HOPTAC_RETURN_IF_ERROR(r.status());
  return out;
}

}  // namespace hoptac::app
