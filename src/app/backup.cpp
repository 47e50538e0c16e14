#include "app/backup.hpp"

#include <algorithm>
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "app/market.hpp"

namespace hoptac::app {

namespace {

using domain::Event;
using domain::Organisation;
using Json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "hoptac-backup";
constexpr int kVersion = 1;
constexpr size_t kAuditWindow = 1000;

// --- Writing -------------------------------------------------------------------------------

// Sections of records, one per line, written as they come.
class SectionWriter {
 public:
  explicit SectionWriter(std::ostream& out) : out_(out) {
    out_ << "{\"format\":\"" << kFormat << "\",\"version\":" << kVersion;
  }
  void Begin(const char* section) {
    out_ << ",\n\"" << section << "\":[";
    first_ = true;
  }
  void Add(const Json& record) {
    out_ << (first_ ? "\n" : ",\n") << record.dump(-1, ' ', false, Json::error_handler_t::replace);
    first_ = false;
  }
  void End() { out_ << "\n]"; }
  Status Finish() {
    out_ << "}\n";
    out_.flush();
    if (!out_) return Error::Internal("writing the backup failed");
    return OkStatus();
  }

 private:
  std::ostream& out_;
  bool first_ = true;
};

template <typename T>
void PutOpt(Json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}
void PutOpt(Json& j, const char* key, const std::optional<Date>& v) {
  if (v) j[key] = v->ToString();
}
void PutOpt(Json& j, const char* key, const std::optional<domain::Money>& v) {
  if (v) j[key] = v->vnd();
}

Json OrganisationJson(const Organisation& o) {
  return {{"id", o.id},
          {"kind", domain::Id(o.kind)},
          {"registry_code", o.registry_code},
          {"legacy_code", o.legacy_code},
          {"created_at", o.created_at.ToString()},
          {"created_by", o.created_by}};
}

Json EventRecordJson(const Event& e) {
  Json j = {{"id", e.id},
            {"org_id", e.org_id},
            {"type", domain::Id(e.type)},
            {"effective_date", e.effective_date.ToString()},
            {"recorded_at", e.recorded_at.ToString()},
            {"recorded_by", e.recorded_by},
            {"decision_no", e.basis.decision_no}};
  PutOpt(j, "decision_date", e.basis.decision_date);
  j["decided_by"] = e.basis.decided_by;
  if (e.ground) j["ground"] = domain::Id(*e.ground);
  const domain::Changes& c = e.changes;
  PutOpt(j, "name", c.name);
  PutOpt(j, "short_name", c.short_name);
  PutOpt(j, "foreign_name", c.foreign_name);
  if (c.field) j["field"] = domain::Id(*c.field);
  PutOpt(j, "sectors", c.sectors);
  PutOpt(j, "unit_code", c.unit_code);
  PutOpt(j, "address_detail", c.address_detail);
  PutOpt(j, "representative", c.representative);
  PutOpt(j, "charter_capital", c.charter_capital);
  PutOpt(j, "models", c.models);
  PutOpt(j, "certificate_no", c.certificate_no);
  j["related"] = e.related;
  j["note"] = e.note;
  if (e.voided) {
    j["void"] = {{"voided_at", e.voided->voided_at.ToString()},
                 {"voided_by", e.voided->voided_by},
                 {"reason", e.voided->reason}};
  }
  return j;
}

Json FiguresRecordJson(const domain::YearlyFigures& f) {
  Json j = {{"org_id", f.org_id},
            {"year", f.year},
            {"recorded_at", f.recorded_at.ToString()},
            {"recorded_by", f.recorded_by},
            {"source", f.source}};
  PutOpt(j, "members", f.members);
  PutOpt(j, "members_individual", f.members_individual);
  PutOpt(j, "members_household", f.members_household);
  PutOpt(j, "members_legal_entity", f.members_legal_entity);
  PutOpt(j, "workers", f.workers);
  PutOpt(j, "workers_members", f.workers_members);
  PutOpt(j, "charter_capital", f.charter_capital);
  PutOpt(j, "total_assets", f.total_assets);
  PutOpt(j, "revenue", f.revenue);
  PutOpt(j, "revenue_from_members", f.revenue_from_members);
  PutOpt(j, "profit_before_tax", f.profit_before_tax);
  PutOpt(j, "avg_income", f.avg_income);
  if (f.rating) j["rating"] = domain::Id(*f.rating);
  PutOpt(j, "rating_score", f.rating_score);
  j["rating_scheme"] = f.rating_scheme;
  return j;
}

Json MemberRecordJson(const domain::Member& m) {
  Json j = {{"org_id", m.org_id},
            {"member_no", m.member_no},
            {"recorded_at", m.recorded_at.ToString()},
            {"recorded_by", m.recorded_by},
            {"member_type", domain::Id(m.type)},
            {"membership", domain::Id(m.kind)},
            {"name", m.name},
            {"representative", m.representative},
            {"id_number", m.id_number},
            {"nationality", m.nationality},
            {"address", m.address},
            {"joined_on", m.joined_on.ToString()}};
  PutOpt(j, "left_on", m.left_on);
  j["left_reason"] = m.left_reason;
  PutOpt(j, "capital", m.capital);
  PutOpt(j, "capital_date", m.capital_date);
  j["capital_certificate_no"] = m.capital_certificate_no;
  PutOpt(j, "capital_certificate_date", m.capital_certificate_date);
  j["note"] = m.note;
  return j;
}

Json ActivityRecordJson(const domain::Activity& a) {
  Json j = {{"id", a.id},
            {"revision", a.revision},
            {"type", a.type},
            {"title", a.title},
            {"start_date", a.start_date.ToString()},
            {"end_date", a.end_date.ToString()},
            {"unit_code", a.unit_code},
            {"org_codes", a.org_codes},
            {"participants", a.participants},
            {"staff", a.staff},
            {"funding_source", a.funding_source}};
  PutOpt(j, "funding_amount", a.funding_amount);
  j["outcome"] = a.outcome;
  j["documents"] = a.documents;
  j["recorded_at"] = a.recorded_at.ToString();
  j["recorded_by"] = a.recorded_by;
  j["updated_at"] = a.updated_at.ToString();
  j["updated_by"] = a.updated_by;
  return j;
}

Json InspectionRecordJson(const domain::Inspection& i) {
  Json recs = Json::array();
  for (const auto& r : i.recommendations) {
    Json rec = {{"id", r.id}, {"text", r.text}};
    PutOpt(rec, "deadline", r.deadline);
    rec["status"] = domain::FollowUpId(r.status);
    PutOpt(rec, "done_on", r.done_on);
    rec["follow_up_note"] = r.follow_up_note;
    recs.push_back(std::move(rec));
  }
  Json j = {{"id", i.id}, {"revision", i.revision}, {"planned_date", i.planned_date.ToString()}};
  PutOpt(j, "held_date", i.held_date);
  j["team"] = i.team;
  j["org_code"] = i.org_code;
  j["unit_code"] = i.unit_code;
  j["subject"] = i.subject;
  j["findings"] = i.findings;
  j["recommendations"] = std::move(recs);
  j["event_ids"] = i.event_ids;
  j["recorded_at"] = i.recorded_at.ToString();
  j["recorded_by"] = i.recorded_by;
  j["updated_at"] = i.updated_at.ToString();
  j["updated_by"] = i.updated_by;
  return j;
}

Json PlanRecordJson(const domain::Plan& p) {
  Json tasks = Json::array();
  for (const auto& t : p.tasks) {
    tasks.push_back({{"id", t.id},
                     {"position", t.position},
                     {"title", t.title},
                     {"kind", domain::TaskKindId(t.kind)},
                     {"indicator", t.indicator},
                     {"parameter", t.parameter},
                     {"target", t.target},
                     {"unit_code", t.unit_code},
                     {"unit", t.unit}});
  }
  return {{"year", p.year},
          {"revision", p.revision},
          {"title", p.title},
          {"updated_at", p.updated_at.ToString()},
          {"updated_by", p.updated_by},
          {"tasks", std::move(tasks)}};
}

Json AuditRecordJson(const domain::AuditEntry& a) {
  return {{"id", a.id},           {"at", a.at.ToString()},      {"actor", a.actor},
          {"address", a.address}, {"request_id", a.request_id}, {"action", a.action},
          {"entity", a.entity},   {"before", a.before},         {"after", a.after}};
}

// --- Reading -------------------------------------------------------------------------------

Error Refused(std::string message) {
  return Error::Invalid("file", "", std::move(message), "backup.format");
}

// Typed access to one record, naming the section and the record in its errors.
class Record {
 public:
  Record(const Json& j, const std::string& section, size_t index)
      : j_(j), where_(section + " record " + std::to_string(index)) {}

  const std::string& where() const { return where_; }
  bool Has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

  std::string Text(const char* key) {
    if (!Has(key)) return {};
    const Json& v = j_.at(key);
    if (!v.is_string()) return Bad(key, "a string"), std::string();
    return v.get<std::string>();
  }
  std::optional<std::string> OptText(const char* key) {
    if (!Has(key)) return std::nullopt;
    return Text(key);
  }
  int64_t Int(const char* key) {
    if (!Has(key)) return Bad(key, "a number"), 0;
    const Json& v = j_.at(key);
    if (!v.is_number_integer()) return Bad(key, "a whole number"), 0;
    return v.get<int64_t>();
  }
  std::optional<int64_t> OptInt(const char* key) {
    if (!Has(key)) return std::nullopt;
    return Int(key);
  }
  bool Bool(const char* key) {
    if (!Has(key)) return false;
    const Json& v = j_.at(key);
    if (!v.is_boolean()) return Bad(key, "true or false"), false;
    return v.get<bool>();
  }
  Date DateOf(const char* key) {
    auto d = Date::Parse(Text(key), key);
    if (!d.ok()) return Bad(key, "a date"), Date();
    return *d;
  }
  std::optional<Date> OptDate(const char* key) {
    if (!Has(key)) return std::nullopt;
    return DateOf(key);
  }
  Timestamp Time(const char* key) {
    auto t = Timestamp::Parse(Text(key), key);
    if (!t.ok()) return Bad(key, "a time"), Timestamp();
    return *t;
  }
  std::optional<domain::Money> OptMoney(const char* key) {
    if (!Has(key)) return std::nullopt;
    return domain::Money::Vnd(Int(key));
  }
  std::optional<std::vector<std::string>> OptList(const char* key) {
    if (!Has(key)) return std::nullopt;
    const Json& v = j_.at(key);
    std::vector<std::string> out;
    if (!v.is_array()) return Bad(key, "an array"), out;
    for (const Json& item : v) {
      if (!item.is_string()) return Bad(key, "an array of strings"), out;
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  std::vector<int64_t> IntList(const char* key) {
    std::vector<int64_t> out;
    if (!Has(key)) return out;
    const Json& v = j_.at(key);
    if (!v.is_array()) return Bad(key, "an array"), out;
    for (const Json& item : v) {
      if (!item.is_number_integer()) return Bad(key, "an array of ids"), out;
      out.push_back(item.get<int64_t>());
    }
    return out;
  }
  template <typename E, typename Parse>
  E Enum(const char* key, Parse parse) {
    auto r = parse(Text(key), key);
    if (!r.ok()) return Bad(key, "a known id"), E{};
    return *r;
  }
  const Json* Array(const char* key) {
    if (!Has(key)) return nullptr;
    const Json& v = j_.at(key);
    if (!v.is_array()) return Bad(key, "an array"), nullptr;
    return &v;
  }
  const Json* Object(const char* key) const {
    return Has(key) && j_.at(key).is_object() ? &j_.at(key) : nullptr;
  }

  Status status() const {
    if (error_) return *error_;
    return OkStatus();
  }

 private:
  void Bad(const char* key, const char* expected) {
    if (!error_) {
      error_ = Refused("not a backup hoptac can read: " + where_ + ", \"" + key + "\" is not " +
                       expected);
    }
  }

  const Json& j_;
  std::string where_;
  std::optional<Error> error_;
};

// Everything a restore has read and done so far.
struct Restore {
  Restore(domain::WriteTransaction& t, bool market, bool alliance)
      : txn(t), with_market(market), has_alliance(alliance) {}

  domain::WriteTransaction& txn;
  BackupCounts counts;
  std::vector<domain::Unit> units;
  std::vector<domain::UnitSuccession> successions;
  std::vector<domain::UnitAlias> aliases;
  std::vector<domain::OrgId> orgs;
  std::vector<domain::User> users;
  std::vector<domain::ApiToken> tokens;
  bool with_market = false;
  std::vector<domain::Product> products;
  std::vector<domain::RawMaterialZone> zones;
  std::vector<domain::Demand> demands;
  std::vector<domain::LinkageProgramme> programmes;
  std::map<std::string, std::vector<domain::PartnerOffer>> offers;  // by source

  // A market record, read with app/market's record parsers.
  template <typename T>
  Status Market(const std::string& section, size_t index, const Json& j,
                Result<T> (*parse)(const nlohmann::json&), std::vector<T>& into) {
    if (!with_market) {
      return Refused("this backup holds the market (\"" + section +
                     "\"): restore it with the market store");
    }
    auto r = parse(nlohmann::json::parse(j.dump()));
    if (!r.ok()) {
      return Refused("not a backup hoptac can read: " + section + " record " +
                     std::to_string(index) + ", " + r.error().field);
    }
    into.push_back(std::move(*r));
    return OkStatus();
  }

  bool has_alliance = false;  // whether the Alliance's sections can be restored
  std::vector<domain::Activity> activities;
  std::vector<domain::Inspection> inspections;
  std::vector<domain::PilotCommune> pilots;
  std::vector<domain::Plan> plans;
  std::vector<domain::ProgressEntry> progress;
  std::vector<domain::ReviewNote> notes;

  bool IsAlliance(const std::string& section) const {
    return section == "activities" || section == "inspections" || section == "pilot_communes" ||
           section == "plans" || section == "plan_progress" || section == "review_notes";
  }

  Status AddAlliance(const std::string& section, Record& r) {
    if (!has_alliance) {
      return Refused("this backup holds the Alliance's work (" + section +
                     "), which this restore cannot write");
    }
    if (section == "activities") {
      domain::Activity a;
      a.id = r.Int("id");
      a.revision = r.Int("revision");
      a.type = r.Text("type");
      a.title = r.Text("title");
      a.start_date = r.DateOf("start_date");
      a.end_date = r.DateOf("end_date");
      a.unit_code = r.Text("unit_code");
      a.org_codes = r.OptList("org_codes").value_or(std::vector<std::string>{});
      a.participants = r.Int("participants");
      a.staff = r.Text("staff");
      a.funding_source = r.Text("funding_source");
      a.funding_amount = r.OptMoney("funding_amount");
      a.outcome = r.Text("outcome");
      a.documents = r.OptList("documents").value_or(std::vector<std::string>{});
      a.recorded_at = r.Time("recorded_at");
      a.recorded_by = r.Text("recorded_by");
      a.updated_at = r.Time("updated_at");
      a.updated_by = r.Text("updated_by");
      activities.push_back(std::move(a));
    } else if (section == "inspections") {
      domain::Inspection i;
      i.id = r.Int("id");
      i.revision = r.Int("revision");
      i.planned_date = r.DateOf("planned_date");
      i.held_date = r.OptDate("held_date");
      i.team = r.Text("team");
      i.org_code = r.Text("org_code");
      i.unit_code = r.Text("unit_code");
      i.subject = r.Text("subject");
      i.findings = r.OptList("findings").value_or(std::vector<std::string>{});
      if (const Json* recs = r.Array("recommendations")) {
        for (const Json& one : *recs) {
          Record rr(one, "inspections", 0);
          domain::Recommendation rec;
          rec.id = rr.Int("id");
          rec.text = rr.Text("text");
          rec.deadline = rr.OptDate("deadline");
          rec.status = rr.Enum<domain::FollowUp>("status", domain::ParseFollowUp);
          rec.done_on = rr.OptDate("done_on");
          rec.follow_up_note = rr.Text("follow_up_note");
          HOPTAC_RETURN_IF_ERROR(rr.status());
          i.recommendations.push_back(std::move(rec));
        }
      }
      i.event_ids = r.IntList("event_ids");
      i.recorded_at = r.Time("recorded_at");
      i.recorded_by = r.Text("recorded_by");
      i.updated_at = r.Time("updated_at");
      i.updated_by = r.Text("updated_by");
      inspections.push_back(std::move(i));
    } else if (section == "pilot_communes") {
      pilots.push_back({static_cast<int>(r.Int("year")), r.Text("unit_code"), r.Text("note")});
    } else if (section == "plans") {
      domain::Plan p;
      p.year = static_cast<int>(r.Int("year"));
      p.revision = r.Int("revision");
      p.title = r.Text("title");
      p.updated_at = r.Time("updated_at");
      p.updated_by = r.Text("updated_by");
      if (const Json* tasks = r.Array("tasks")) {
        for (const Json& one : *tasks) {
          Record tr(one, "plans", 0);
          domain::PlanTask t;
          t.id = tr.Int("id");
          t.position = static_cast<int>(tr.Int("position"));
          t.title = tr.Text("title");
          t.kind = tr.Enum<domain::TaskKind>("kind", domain::ParseTaskKind);
          t.indicator = tr.Text("indicator");
          t.parameter = tr.Text("parameter");
          t.target = tr.Int("target");
          t.unit_code = tr.Text("unit_code");
          t.unit = tr.Text("unit");
          HOPTAC_RETURN_IF_ERROR(tr.status());
          p.tasks.push_back(std::move(t));
        }
      }
      plans.push_back(std::move(p));
    } else if (section == "plan_progress") {
      progress.push_back({r.Int("id"), r.Int("task_id"), r.DateOf("date"), r.Int("value"),
                          r.Text("note"), r.Time("recorded_at"), r.Text("recorded_by")});
    } else {
      notes.push_back({static_cast<int>(r.Int("year")), r.Text("difficulties"),
                       r.Time("updated_at"), r.Text("updated_by")});
    }
    ++counts.alliance;
    return r.status();
  }

  // Writes what AddAlliance collected, ids and revisions kept.
  Status WriteAlliance(domain::AllianceStore& store) const {
    for (const auto& a : activities) HOPTAC_RETURN_IF_ERROR(store.InsertActivity(a));
    for (const auto& i : inspections) HOPTAC_RETURN_IF_ERROR(store.InsertInspection(i));
    std::map<int, std::vector<domain::PilotCommune>> by_year;
    for (const auto& c : pilots) by_year[c.year].push_back(c);
    for (const auto& [year, list] : by_year) {
      HOPTAC_RETURN_IF_ERROR(store.PutPilotCommunes(year, list));
    }
    for (const auto& p : plans) HOPTAC_RETURN_IF_ERROR(store.PutPlan(p));
    for (const auto& e : progress) HOPTAC_RETURN_IF_ERROR(store.InsertProgress(e));
    for (const auto& n : notes) HOPTAC_RETURN_IF_ERROR(store.PutReviewNote(n));
    return OkStatus();
  }

  Status Add(const std::string& section, size_t index, const Json& j) {
    Record r(j, section, index);
    if (section == "units") {
      domain::Unit u;
      u.code = r.Text("code");
      u.name = r.Text("name");
      auto level = domain::ParseUnitLevel(r.Text("level"));
      if (!level.ok()) return Refused("not a backup hoptac can read: " + r.where());
      u.level = *level;
      u.parent_code = r.Text("parent_code");
      u.valid_from = r.DateOf("valid_from");
      u.valid_to = r.DateOf("valid_to");
      u.legacy = r.Bool("legacy");
      units.push_back(std::move(u));
      ++counts.units;
    } else if (section == "successions") {
      successions.push_back(
          {r.Text("from_code"), r.Text("to_code"), r.DateOf("effective"), r.Bool("partial")});
    } else if (section == "aliases") {
      aliases.push_back({r.Text("code"), r.Text("name"), r.Text("source")});
    } else if (section == "organisations") {
      Organisation o;
      o.id = r.Int("id");
      o.kind = r.Enum<domain::OrgKind>("kind", domain::ParseOrgKind);
      o.registry_code = r.Text("registry_code");
      o.legacy_code = r.Bool("legacy_code");
      o.created_at = r.Time("created_at");
      o.created_by = r.Text("created_by");
      HOPTAC_RETURN_IF_ERROR(r.status());
      HOPTAC_RETURN_IF_ERROR(txn.RestoreOrganisation(o));
      orgs.push_back(o.id);
      ++counts.organisations;
    } else if (section == "events") {
      Event e;
      e.id = r.Int("id");
      e.org_id = r.Int("org_id");
      e.type = r.Enum<domain::EventType>("type", domain::ParseEventType);
      e.effective_date = r.DateOf("effective_date");
      e.recorded_at = r.Time("recorded_at");
      e.recorded_by = r.Text("recorded_by");
      e.basis.decision_no = r.Text("decision_no");
      e.basis.decision_date = r.OptDate("decision_date");
      e.basis.decided_by = r.Text("decided_by");
      if (r.Has("ground")) {
        e.ground = r.Enum<domain::DissolutionGround>("ground", domain::ParseGround);
      }
      domain::Changes& c = e.changes;
      c.name = r.OptText("name");
      c.short_name = r.OptText("short_name");
      c.foreign_name = r.OptText("foreign_name");
      if (r.Has("field")) c.field = r.Enum<domain::Field>("field", domain::ParseField);
      c.sectors = r.OptList("sectors");
      c.unit_code = r.OptText("unit_code");
      c.address_detail = r.OptText("address_detail");
      c.representative = r.OptText("representative");
      c.charter_capital = r.OptMoney("charter_capital");
      c.models = r.OptList("models");
      c.certificate_no = r.OptText("certificate_no");
      e.related = r.IntList("related");
      e.note = r.Text("note");
      if (const Json* v = r.Object("void")) {
        Record vr(*v, section, index);
        e.voided = domain::EventVoid{vr.Time("voided_at"), vr.Text("voided_by"), vr.Text("reason")};
        HOPTAC_RETURN_IF_ERROR(vr.status());
      }
      HOPTAC_RETURN_IF_ERROR(r.status());
      HOPTAC_RETURN_IF_ERROR(txn.RestoreEvent(e));
      ++counts.events;
    } else if (section == "figures") {
      domain::YearlyFigures f;
      f.org_id = r.Int("org_id");
      f.year = static_cast<int>(r.Int("year"));
      f.recorded_at = r.Time("recorded_at");
      f.recorded_by = r.Text("recorded_by");
      f.source = r.Text("source");
      f.members = r.OptInt("members");
      f.members_individual = r.OptInt("members_individual");
      f.members_household = r.OptInt("members_household");
      f.members_legal_entity = r.OptInt("members_legal_entity");
      f.workers = r.OptInt("workers");
      f.workers_members = r.OptInt("workers_members");
      f.charter_capital = r.OptMoney("charter_capital");
      f.total_assets = r.OptMoney("total_assets");
      f.revenue = r.OptMoney("revenue");
      f.revenue_from_members = r.OptMoney("revenue_from_members");
      f.profit_before_tax = r.OptMoney("profit_before_tax");
      f.avg_income = r.OptMoney("avg_income");
      if (r.Has("rating")) f.rating = r.Enum<domain::Rating>("rating", domain::ParseRating);
      f.rating_score = r.OptInt("rating_score");
      f.rating_scheme = r.Text("rating_scheme");
      HOPTAC_RETURN_IF_ERROR(r.status());
      HOPTAC_RETURN_IF_ERROR(txn.AppendFigures(f));
      ++counts.figures;
    } else if (section == "members") {
      domain::Member m;
      m.org_id = r.Int("org_id");
      m.member_no = r.Text("member_no");
      m.recorded_at = r.Time("recorded_at");
      m.recorded_by = r.Text("recorded_by");
      m.type = r.Enum<domain::MemberType>("member_type", domain::ParseMemberType);
      m.kind = r.Enum<domain::MembershipKind>("membership", domain::ParseMembershipKind);
      m.name = r.Text("name");
      m.representative = r.Text("representative");
      m.id_number = r.Text("id_number");
      m.nationality = r.Text("nationality");
      m.address = r.Text("address");
      m.joined_on = r.DateOf("joined_on");
      m.left_on = r.OptDate("left_on");
      m.left_reason = r.Text("left_reason");
      m.capital = r.OptMoney("capital");
      m.capital_date = r.OptDate("capital_date");
      m.capital_certificate_no = r.Text("capital_certificate_no");
      m.capital_certificate_date = r.OptDate("capital_certificate_date");
      m.note = r.Text("note");
      HOPTAC_RETURN_IF_ERROR(r.status());
      HOPTAC_RETURN_IF_ERROR(txn.AppendMember(m));
      ++counts.members;
    } else if (IsAlliance(section)) {
      return AddAlliance(section, r);
    } else if (section == "users") {
      domain::User u;
      u.id = r.Int("id");
      u.username = r.Text("username");
      u.password_hash = r.Text("password_hash");
      auto role = domain::ParseRole(r.Text("role"));
      if (!role.ok()) return Refused("not a backup hoptac can read: " + r.where() + ", role");
      u.role = *role;
      u.scope_unit = r.Text("scope_unit");
      u.scope_org = r.Text("scope_org");
      u.disabled = r.Bool("disabled");
      u.created_at = r.Time("created_at");
      users.push_back(std::move(u));
    } else if (section == "api_tokens") {
      domain::ApiToken t;
      t.id = r.Int("id");
      t.user_id = r.Int("user_id");
      t.name = r.Text("name");
      t.token_hash = r.Text("token_hash");
      t.created_at = r.Time("created_at");
      if (r.Has("revoked_at")) t.revoked_at = r.Time("revoked_at");
      tokens.push_back(std::move(t));
    } else if (section == "products") {
      return Market(section, index, j, &ProductRecord, products);
    } else if (section == "zones") {
      return Market(section, index, j, &ZoneRecord, zones);
    } else if (section == "demands") {
      return Market(section, index, j, &DemandRecord, demands);
    } else if (section == "programmes") {
      return Market(section, index, j, &ProgrammeRecord, programmes);
    } else if (section == "partner_offers") {
      std::vector<domain::PartnerOffer> one;
      HOPTAC_RETURN_IF_ERROR(Market(section, index, j, &PartnerOfferRecord, one));
      offers[one[0].source].push_back(std::move(one[0]));
    } else if (section == "audit") {
      domain::AuditEntry a;
      a.id = r.Int("id");
      a.at = r.Time("at");
      a.actor = r.Text("actor");
      a.address = r.Text("address");
      a.request_id = r.Text("request_id");
      a.action = r.Text("action");
      a.entity = r.Text("entity");
      a.before = r.Text("before");
      a.after = r.Text("after");
      HOPTAC_RETURN_IF_ERROR(r.status());
      HOPTAC_RETURN_IF_ERROR(txn.AppendAudit(a));
      ++counts.audit;
    } else {
      return Refused("not a backup hoptac can read: unknown section \"" + section + "\"");
    }
    return r.status();
  }
};

// nlohmann's SAX interface: builds one record (a depth-3 value) at a time and hands it on.
class BackupSax {
 public:
  explicit BackupSax(Restore& restore) : restore_(restore) {}

  Status Take(bool parsed) {
    if (error_) return *error_;
    if (!parsed) return Refused("not a backup: the JSON does not parse");
    if (!saw_format_) return Refused("not a backup: no \"format\": \"hoptac-backup\"");
    return OkStatus();
  }

  bool null() { return Scalar(Json(nullptr)); }
  bool boolean(bool b) { return Scalar(Json(b)); }
  bool number_integer(Json::number_integer_t n) { return Scalar(Json(n)); }
  bool number_unsigned(Json::number_unsigned_t n) { return Scalar(Json(n)); }
  bool number_float(Json::number_float_t n, const std::string&) { return Scalar(Json(n)); }
  bool binary(Json::binary_t&) { return Fail(Refused("not a backup: binary data")); }
  bool string(std::string& s) { return Scalar(Json(std::move(s))); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool start_array(std::size_t) {
    if (depth_ == 1) {  // a section
      ++depth_;
      index_ = 0;
      return true;
    }
    return Open(Json::array());
  }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(std::string& k) {
    if (depth_ == 1) {
      section_ = k;
    } else {
      keys_.back() = k;
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const Json::exception&) {
    return Fail(
        Refused("not a backup: the JSON does not parse at byte " + std::to_string(position)));
  }

 private:
  bool Fail(Error e) {
    if (!error_) error_ = std::move(e);
    return false;
  }

  bool Open(Json value) {
    ++depth_;
    if (depth_ == 1) return value.is_object() ? true : Fail(Refused("not a backup: not an object"));
    if (depth_ == 2)
      return Fail(Refused("not a backup: section \"" + section_ + "\" is not an array"));
    stack_.push_back(std::move(value));
    keys_.emplace_back();
    return true;
  }

  bool Close() {
    if (depth_ >= 3) {
      Json value = std::move(stack_.back());
      stack_.pop_back();
      keys_.pop_back();
      --depth_;
      if (stack_.empty()) {
        Status s = restore_.Add(section_, ++index_, value);
        if (!s.ok()) return Fail(s.take_error());
        return true;
      }
      return Insert(std::move(value));
    }
    --depth_;
    return true;
  }

  bool Insert(Json value) {
    Json& parent = stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
    } else {
      parent[keys_.back()] = std::move(value);
    }
    return true;
  }

  bool Scalar(Json value) {
    if (depth_ == 1) {
      if (section_ == "format") {
        if (!value.is_string() || value.get<std::string>() != kFormat) {
          return Fail(Refused("not a backup: \"format\" is not hoptac-backup"));
        }
        saw_format_ = true;
      } else if (section_ == "version") {
        if (!value.is_number_integer() || value.get<int64_t>() != kVersion) {
          return Fail(Refused("a backup of version " + value.dump() + "; this hoptac reads " +
                              std::to_string(kVersion)));
        }
      }
      return true;
    }
    if (depth_ == 2)
      return Fail(Refused("not a backup: a record of \"" + section_ + "\" is not an object"));
    return Insert(std::move(value));
  }

  Restore& restore_;
  std::optional<Error> error_;
  size_t depth_ = 0;
  std::string section_;
  size_t index_ = 0;
  bool saw_format_ = false;
  std::vector<Json> stack_;
  std::vector<std::string> keys_;
};

Status Inserted(Result<int64_t> r) {
  if (!r.ok()) return r.take_error();
  return OkStatus();
}

// The Alliance's work, each section in id (or year) order.
Status WriteAllianceSections(domain::AllianceStore& alliance, SectionWriter& w,
                             BackupCounts& counts) {
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Activity> activities, alliance.ListActivities({}));
  std::sort(activities.begin(), activities.end(), by_id);
  w.Begin("activities");
  for (const auto& a : activities) w.Add(ActivityRecordJson(a)), ++counts.alliance;
  w.End();
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Inspection> inspections,
                          alliance.ListInspections({}));
  std::sort(inspections.begin(), inspections.end(), by_id);
  w.Begin("inspections");
  for (const auto& i : inspections) w.Add(InspectionRecordJson(i)), ++counts.alliance;
  w.End();
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::PilotCommune> pilots, alliance.ListPilotCommunes(0));
  w.Begin("pilot_communes");
  for (const auto& c : pilots) {
    w.Add({{"year", c.year}, {"unit_code", c.unit_code}, {"note", c.note}});
    ++counts.alliance;
  }
  w.End();
  HOPTAC_ASSIGN_OR_RETURN(std::vector<int> years, alliance.PlanYears());
  w.Begin("plans");
  for (int year : years) {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::Plan> p, alliance.FindPlan(year));
    if (p) w.Add(PlanRecordJson(*p)), ++counts.alliance;
  }
  w.End();
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::ProgressEntry> progress, alliance.ListProgress(0));
  std::sort(progress.begin(), progress.end(), by_id);
  w.Begin("plan_progress");
  for (const auto& e : progress) {
    w.Add({{"id", e.id},
           {"task_id", e.task_id},
           {"date", e.date.ToString()},
           {"value", e.value},
           {"note", e.note},
           {"recorded_at", e.recorded_at.ToString()},
           {"recorded_by", e.recorded_by}});
    ++counts.alliance;
  }
  w.End();
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::ReviewNote> notes, alliance.ListReviewNotes());
  w.Begin("review_notes");
  for (const auto& n : notes) {
    w.Add({{"year", n.year},
           {"difficulties", n.difficulties},
           {"updated_at", n.updated_at.ToString()},
           {"updated_by", n.updated_by}});
    ++counts.alliance;
  }
  w.End();
  return OkStatus();
}

}  // namespace

Result<BackupCounts> WriteBackup(domain::Store& store, domain::AccessStore& access,
                                 std::ostream& out, domain::MarketStore* market,
                                 domain::AllianceStore* alliance) {
  BackupCounts counts;
  SectionWriter w(out);
  HOPTAC_ASSIGN_OR_RETURN(domain::UnitCatalog units, store.LoadUnits());
  w.Begin("units");
  for (const domain::Unit& u : units.units()) {
    w.Add({{"code", u.code},
           {"name", u.name},
           {"level", domain::UnitLevelName(u.level)},
           {"parent_code", u.parent_code},
           {"valid_from", u.valid_from.ToString()},
           {"valid_to", u.valid_to.ToString()},
           {"legacy", u.legacy}});
    ++counts.units;
  }
  w.End();
  w.Begin("successions");
  for (const domain::UnitSuccession& x : units.successions()) {
    w.Add({{"from_code", x.from_code},
           {"to_code", x.to_code},
           {"effective", x.effective.ToString()},
           {"partial", x.partial}});
  }
  w.End();
  w.Begin("aliases");
  for (const domain::UnitAlias& a : units.aliases()) {
    w.Add({{"code", a.code}, {"name", a.name}, {"source", a.source}});
  }
  w.End();

  w.Begin("organisations");
  HOPTAC_RETURN_IF_ERROR(store.ForEachHistory([&](const Organisation& org, std::vector<Event>&) {
    w.Add(OrganisationJson(org));
    ++counts.organisations;
  }));
  w.End();
  w.Begin("events");
  HOPTAC_RETURN_IF_ERROR(store.ForEachHistory([&](const Organisation&, std::vector<Event>& events) {
    std::vector<const Event*> by_id;
    for (const Event& e : events) by_id.push_back(&e);
    std::sort(by_id.begin(), by_id.end(),
              [](const Event* a, const Event* b) { return a->id < b->id; });
    for (const Event* e : by_id) {
      w.Add(EventRecordJson(*e));
      ++counts.events;
    }
  }));
  w.End();
  w.Begin("figures");
  HOPTAC_RETURN_IF_ERROR(
      store.ForEachFigures([&](domain::OrgId, std::vector<domain::YearlyFigures>& all) {
        for (const auto& f : all) {
          w.Add(FiguresRecordJson(f));
          ++counts.figures;
        }
      }));
  w.End();
  w.Begin("members");
  HOPTAC_RETURN_IF_ERROR(store.ForEachMembers([&](domain::OrgId, std::vector<domain::Member>& all) {
    for (const auto& m : all) {
      w.Add(MemberRecordJson(m));
      ++counts.members;
    }
  }));
  w.End();
  if (market != nullptr) {
    auto record = [](const nlohmann::json& j) { return Json::parse(j.dump()); };
    w.Begin("products");
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Product> products, market->ListProducts({}));
    for (const auto& p : products) w.Add(record(ProductJson(p, true)));
    counts.products = static_cast<int64_t>(products.size());
    w.End();
    w.Begin("zones");
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::RawMaterialZone> zones, market->ListZones());
    for (const auto& z : zones) w.Add(record(ZoneJson(z)));
    counts.zones = static_cast<int64_t>(zones.size());
    w.End();
    w.Begin("demands");
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Demand> demands, market->ListDemands({}));
    for (const auto& d : demands) w.Add(record(DemandJson(d, true)));
    counts.demands = static_cast<int64_t>(demands.size());
    w.End();
    w.Begin("programmes");
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::LinkageProgramme> programmes,
                            market->ListProgrammes());
    for (const auto& p : programmes) w.Add(record(ProgrammeJson(p)));
    counts.programmes = static_cast<int64_t>(programmes.size());
    w.End();
    w.Begin("partner_offers");
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::PartnerOffer> offers,
                            market->ListPartnerOffers(""));
    for (const auto& o : offers) w.Add(record(PartnerOfferJson(o)));
    counts.partner_offers = static_cast<int64_t>(offers.size());
    w.End();
  }
  if (alliance != nullptr) HOPTAC_RETURN_IF_ERROR(WriteAllianceSections(*alliance, w, counts));

  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::User> users, access.ListUsers());
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  w.Begin("users");
  for (const domain::User& u : users) {
    w.Add({{"id", u.id},
           {"username", u.username},
           {"password_hash", u.password_hash},
           {"role", domain::RoleName(u.role)},
           {"scope_unit", u.scope_unit},
           {"scope_org", u.scope_org},
           {"disabled", u.disabled},
           {"created_at", u.created_at.ToString()}});
    ++counts.users;
  }
  w.End();
  std::vector<domain::ApiToken> tokens;
  for (const domain::User& u : users) {
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::ApiToken> of_user, access.ListTokens(u.id));
    tokens.insert(tokens.end(), of_user.begin(), of_user.end());
  }
  std::sort(tokens.begin(), tokens.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  w.Begin("api_tokens");
  for (const domain::ApiToken& t : tokens) {
    Json j = {{"id", t.id},
              {"user_id", t.user_id},
              {"name", t.name},
              {"token_hash", t.token_hash},
              {"created_at", t.created_at.ToString()}};
    if (t.revoked_at) j["revoked_at"] = t.revoked_at->ToString();
    w.Add(j);
    ++counts.api_tokens;
  }
  w.End();

  // The audit log, oldest first, in windows of ids (the query pages newest first).
  w.Begin("audit");
  domain::AuditQuery newest;
  newest.limit = 1;
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::AuditEntry> last, store.QueryAudit(newest));
  const int64_t max_id = last.empty() ? 0 : last.front().id;
  for (int64_t low = 0; low < max_id; low += static_cast<int64_t>(kAuditWindow)) {
    domain::AuditQuery q;
    q.limit = kAuditWindow;
    q.before_id = low + static_cast<int64_t>(kAuditWindow) + 1;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::AuditEntry> page, store.QueryAudit(q));
    for (auto it = page.rbegin(); it != page.rend(); ++it) {
      if (it->id <= low) continue;
      w.Add(AuditRecordJson(*it));
      ++counts.audit;
    }
  }
  w.End();
  HOPTAC_RETURN_IF_ERROR(w.Finish());
  return counts;
}

Result<BackupCounts> RestoreBackup(domain::Store& store, domain::AccessStore& access,
                                   std::istream& in, domain::MarketStore* market,
                                   domain::AllianceStore* alliance) {
  HOPTAC_ASSIGN_OR_RETURN(domain::StoreCounts c, store.Counts());
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::User> existing, access.ListUsers());
  int64_t alliance_records = 0;
  if (alliance != nullptr) {
    HOPTAC_ASSIGN_OR_RETURN(alliance_records, alliance->CountAll());
  }
  if (c.organisations + c.events + c.figures + c.units + c.members + c.audit > 0 ||
      !existing.empty() || alliance_records > 0) {
    return Error::Conflict("the database is not empty (" + std::to_string(c.organisations) +
                               " organisations, " + std::to_string(c.units) +
                               " administrative units, " + std::to_string(c.audit) +
                               " audit entries, " + std::to_string(existing.size()) +
                               " users); restore a backup into a new database file",
                           "--db");
  }
  if (market != nullptr) {
    HOPTAC_ASSIGN_OR_RETURN(domain::MarketCounts m, market->Counts());
    if (m.products + m.zones + m.demands + m.programmes + m.partner_offers > 0) {
      return Error::Conflict(
          "the database's market is not empty; restore a backup into a new "
          "database file",
          "--db");
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(auto txn, store.BeginWrite());
  Restore restore(*txn, market != nullptr, alliance != nullptr);
  BackupSax sax(restore);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(in, &sax);
  } catch (const Json::exception&) {
    parsed = false;
  }
  HOPTAC_RETURN_IF_ERROR(sax.Take(parsed));
  if (!restore.units.empty()) {
    HOPTAC_RETURN_IF_ERROR(txn->ReplaceUnits(restore.units, restore.successions, restore.aliases));
  }
  // The latest-state projection, folded from the events restored.
  for (domain::OrgId id : restore.orgs) {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> org, txn->FindOrganisation(id));
    if (!org) return Error::Internal("a restored organisation is missing");
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(id));
    HOPTAC_RETURN_IF_ERROR(
        txn->PutLatest(domain::Fold(*org, events, Date::Max(), Timestamp::Max())));
  }
  HOPTAC_RETURN_IF_ERROR(txn->Commit());
  txn.reset();
  // Users and their tokens, after the registry (they live behind another interface).
  std::sort(restore.users.begin(), restore.users.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const domain::User& u : restore.users) {
    HOPTAC_ASSIGN_OR_RETURN(domain::UserId id, access.InsertUser(u));
    if (id != u.id) {
      return Error::Internal("user " + u.username + " was restored with id " + std::to_string(id) +
                             ", not " + std::to_string(u.id));
    }
    ++restore.counts.users;
  }
  std::sort(restore.tokens.begin(), restore.tokens.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const domain::ApiToken& t : restore.tokens) {
    HOPTAC_ASSIGN_OR_RETURN(int64_t id, access.InsertToken(t));
    if (t.revoked_at) HOPTAC_RETURN_IF_ERROR(access.RevokeToken(id, *t.revoked_at));
    ++restore.counts.api_tokens;
  }
  // The market, with its ids and revisions (after the registry, like the users).
  if (market != nullptr) {
    for (const auto& p : restore.products)
      HOPTAC_RETURN_IF_ERROR(Inserted(market->InsertProduct(p)));
    for (const auto& z : restore.zones) HOPTAC_RETURN_IF_ERROR(Inserted(market->InsertZone(z)));
    for (const auto& d : restore.demands) HOPTAC_RETURN_IF_ERROR(Inserted(market->InsertDemand(d)));
    for (const auto& p : restore.programmes) {
      HOPTAC_RETURN_IF_ERROR(Inserted(market->InsertProgramme(p)));
    }
    for (const auto& [source, offers] : restore.offers) {
      HOPTAC_RETURN_IF_ERROR(market->ReplacePartnerOffers(source, offers));
      restore.counts.partner_offers += static_cast<int64_t>(offers.size());
    }
    restore.counts.products = static_cast<int64_t>(restore.products.size());
    restore.counts.zones = static_cast<int64_t>(restore.zones.size());
    restore.counts.demands = static_cast<int64_t>(restore.demands.size());
    restore.counts.programmes = static_cast<int64_t>(restore.programmes.size());
  }
  if (alliance != nullptr && restore.counts.alliance > 0) {
    HOPTAC_RETURN_IF_ERROR(alliance->Unaudited([&] { return restore.WriteAlliance(*alliance); }));
  }
  return restore.counts;
}

}  // namespace hoptac::app
