// `hoptac activity …`, `hoptac inspection …`, `hoptac plan …` and `hoptac report
// annual-review`: the Alliance's work (app/alliance.hpp, app/annual_review.hpp). Records given
// whole (an inspection with its recommendations, a plan with its tasks) are read from a JSON
// file in the API's shape (docs/api/openapi.yaml).

#include "cli/alliance_commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <sstream>

#include "app/alliance.hpp"
#include "app/alliance_json.hpp"
#include "app/annual_review.hpp"
#include "cli/context.hpp"
#include "report/document.hpp"

namespace hoptac::cli {
namespace {

// The service over --db, opened on first use and kept for the command.
struct Handle {
  std::unique_ptr<domain::AllianceStore> store;
  std::unique_ptr<app::AllianceService> service;
};

app::AllianceService& Service(Context& ctx, Handle& h) {
  if (!h.service) {
    Check(ctx.Registry());  // opens and migrates the database
    if (!ctx.deps.open_alliance_store) {
      throw CommandFailed{Error::Unavailable("this build has no store of the Alliance's work")};
    }
    h.store = Check(ctx.deps.open_alliance_store(ctx.db));
    h.service = std::make_unique<app::AllianceService>(*ctx.store, *h.store, *ctx.deps.clock);
  }
  return *h.service;
}

std::optional<Date> OptDate(const std::string& s, const char* option) {
  if (s.empty()) return std::nullopt;
  return Check(Date::Parse(s, option));
}

nlohmann::json ReadJsonFile(const std::string& path, const char* option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandFailed{Error::Invalid(option, path, "cannot open this file", "file.open")};
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto parsed = nlohmann::json::parse(bytes.str(), nullptr, false);
  if (parsed.is_discarded()) {
    throw CommandFailed{Error::Invalid(option, path, "not a JSON file", "file.json")};
  }
  return parsed;
}

std::string Money(const std::optional<domain::Money>& m) {
  return m ? m->ToString() : std::string();
}

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

void PrintActivities(Context& ctx, const std::vector<domain::Activity>& list) {
  if (Check(ctx.OutputFormat()) == Format::kJson) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : list) out.push_back(app::ActivityJson(a));
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : list) {
    std::string orgs;
    for (const auto& c : a.org_codes) orgs += (orgs.empty() ? "" : " ") + c;
    rows.push_back({std::to_string(a.id), a.start_date.ToString(), a.type, a.title, a.unit_code,
                    orgs, std::to_string(a.participants), Money(a.funding_amount)});
  }
  PrintTable(ctx.out(), {"id", "from", "type", "title", "unit", "organisations", "people", "VND"},
             rows);
  ctx.out() << list.size() << " activit" << (list.size() == 1 ? "y" : "ies") << '\n';
}

void PrintInspection(Context& ctx, const domain::Inspection& i, Date as_of) {
  if (Check(ctx.OutputFormat()) == Format::kJson) {
    ctx.out() << app::InspectionJson(i, as_of).dump(2) << '\n';
    return;
  }
  ctx.out() << "inspection " << i.id << " (revision " << i.revision << "): " << i.subject << '\n'
            << "  planned " << i.planned_date.ToString() << ", held "
            << (i.held_date ? i.held_date->ToString() : "-") << '\n';
  if (!i.team.empty()) ctx.out() << "  team: " << i.team << '\n';
  if (!i.org_code.empty()) ctx.out() << "  organisation: " << i.org_code << '\n';
  for (size_t k = 0; k < i.findings.size(); ++k) {
    ctx.out() << "  finding " << k + 1 << ": " << i.findings[k] << '\n';
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : i.recommendations) {
    rows.push_back({std::to_string(r.id), r.text, r.deadline ? r.deadline->ToString() : "",
                    domain::FollowUpStateId(domain::StateOf(r, as_of)),
                    r.done_on ? r.done_on->ToString() : "", r.follow_up_note});
  }
  if (!rows.empty()) {
    PrintTable(ctx.out(), {"id", "recommendation", "deadline", "state", "done", "note"}, rows);
  }
  if (!i.event_ids.empty()) {
    ctx.out() << "  led to event(s):";
    for (int64_t e : i.event_ids) ctx.out() << ' ' << e;
    ctx.out() << '\n';
  }
}

void RegisterActivity(CLI::App& app, Context& ctx, std::shared_ptr<Handle> h) {
  auto* activity = app.add_subcommand(
      "activity", "the Alliance's activities: consulting, support, training, fairs, contests, …");
  activity->require_subcommand(1);

  struct AddOptions {
    std::string type, title, from, to, unit, staff, source, amount, outcome, file;
    std::vector<std::string> orgs, documents;
    int64_t participants = 0;
  };
  auto a = std::make_shared<AddOptions>();
  std::string types;
  for (const auto& t : domain::ActivityTypes()) types.append(" ").append(t.id);
  auto* add = activity->add_subcommand("add", "record an activity");
  add->add_option("--type", a->type, "the type:" + types);
  add->add_option("--title", a->title, "what it was");
  add->add_option("--from", a->from, "first day");
  add->add_option("--to", a->to, "last day (default: the first)");
  add->add_option("--unit", a->unit, "the area: a unit code (default: the whole province)");
  add->add_option("--org", a->orgs, "registry code of an organisation involved (repeatable)");
  add->add_option("--participants", a->participants, "number of participants");
  add->add_option("--staff", a->staff, "the Alliance's officers in charge");
  add->add_option("--funding-source", a->source, "source of funding");
  add->add_option("--amount", a->amount, "funding in VND (1.234.567 or 1234567)");
  add->add_option("--outcome", a->outcome, "the outcome");
  add->add_option("--document", a->documents, "a link or document number (repeatable)");
  add->add_option("--file", a->file, "read the activity from a JSON file instead");
  add->callback([&ctx, a, h] {
    domain::Activity act;
    if (!a->file.empty()) {
      act = Check(app::ActivityFromJson(ReadJsonFile(a->file, "--file")));
    } else {
      act.type = a->type;
      act.title = a->title;
      if (a->from.empty()) {
        throw CommandFailed{Error::Invalid("--from", "", "the first day is required")};
      }
      act.start_date = Check(Date::Parse(a->from, "--from"));
      act.end_date = a->to.empty() ? act.start_date : Check(Date::Parse(a->to, "--to"));
      act.unit_code = a->unit;
      act.org_codes = a->orgs;
      act.participants = a->participants;
      act.staff = a->staff;
      act.funding_source = a->source;
      if (!a->amount.empty()) {
        act.funding_amount = Check(domain::Money::Parse(a->amount, "--amount", true));
      }
      act.outcome = a->outcome;
      act.documents = a->documents;
    }
    const domain::Activity stored = Check(Service(ctx, *h).AddActivity(act, ctx.Actor()));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      ctx.out() << app::ActivityJson(stored).dump(2) << '\n';
    } else {
      ctx.out() << "recorded activity " << stored.id << ": " << stored.title << '\n';
    }
  });

  struct ListOptions {
    std::string type, from, to, area, org, search;
    size_t limit = 200;
  };
  auto l = std::make_shared<ListOptions>();
  auto* list = activity->add_subcommand("list", "activities, newest first, with filters");
  list->add_option("--type", l->type, "only this type");
  list->add_option("--from", l->from, "overlapping this period: from");
  list->add_option("--to", l->to, "overlapping this period: to");
  list->add_option("--area", l->area, "in this area (a unit code of any level)");
  list->add_option("--org", l->org, "involving this organisation (registry code)");
  list->add_option("--search", l->search, "words in the title, outcome, staff or funding");
  list->add_option("--limit", l->limit, "at most this many (default 200)");
  list->callback([&ctx, l, h] {
    app::ActivityFilter f;
    f.type = l->type;
    f.from = OptDate(l->from, "--from");
    f.to = OptDate(l->to, "--to");
    f.area = l->area;
    f.org_code = l->org;
    f.text = l->search;
    f.limit = l->limit;
    PrintActivities(ctx, Check(Service(ctx, *h).ListActivities(f)));
  });

  auto id = std::make_shared<int64_t>(0);
  auto* show = activity->add_subcommand("show", "one activity");
  show->add_option("id", *id, "the activity's id")->required();
  show->callback([&ctx, id, h] {
    const domain::Activity act = Check(Service(ctx, *h).GetActivity(*id));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      ctx.out() << app::ActivityJson(act).dump(2) << '\n';
      return;
    }
    PrintActivities(ctx, {act});
    if (!act.outcome.empty()) ctx.out() << "outcome: " << act.outcome << '\n';
    for (const auto& d : act.documents) ctx.out() << "document: " << d << '\n';
  });
}

void RegisterInspection(CLI::App& app, Context& ctx, std::shared_ptr<Handle> h) {
  auto* inspection = app.add_subcommand(
      "inspection", "inspections and supervision: findings, recommendations and their follow-up");
  inspection->require_subcommand(1);

  struct AddOptions {
    std::string planned, held, subject, team, org, unit, file;
    std::vector<std::string> findings, recommendations;
    std::vector<int64_t> events;
  };
  auto a = std::make_shared<AddOptions>();
  auto* add = inspection->add_subcommand("add", "record an inspection");
  add->add_option("--planned", a->planned, "the planned day");
  add->add_option("--held", a->held, "the day it was held");
  add->add_option("--subject", a->subject, "what was inspected");
  add->add_option("--team", a->team, "the inspection team");
  add->add_option("--org", a->org, "the organisation inspected (registry code)");
  add->add_option("--unit", a->unit, "the area (a unit code)");
  add->add_option("--finding", a->findings, "a finding (repeatable)");
  add->add_option("--recommendation", a->recommendations,
                  "a recommendation, \"TEXT@DEADLINE\" (deadline optional; repeatable)");
  add->add_option("--event", a->events, "id of an event it led to (repeatable)");
  add->add_option("--file", a->file, "read the inspection from a JSON file instead");
  add->callback([&ctx, a, h] {
    domain::Inspection i;
    if (!a->file.empty()) {
      i = Check(app::InspectionFromJson(ReadJsonFile(a->file, "--file")));
    } else {
      if (a->planned.empty()) {
        throw CommandFailed{Error::Invalid("--planned", "", "the planned day is required")};
      }
      i.planned_date = Check(Date::Parse(a->planned, "--planned"));
      i.held_date = OptDate(a->held, "--held");
      i.subject = a->subject;
      i.team = a->team;
      i.org_code = a->org;
      i.unit_code = a->unit;
      i.findings = a->findings;
      for (const std::string& r : a->recommendations) {
        domain::Recommendation rec;
        const size_t at = r.rfind('@');
        rec.text = r.substr(0, at);
        if (at != std::string::npos) {
          rec.deadline = Check(Date::Parse(r.substr(at + 1), "--recommendation"));
        }
        i.recommendations.push_back(std::move(rec));
      }
      i.event_ids = a->events;
    }
    app::AllianceService& s = Service(ctx, *h);
    const domain::Inspection stored = Check(s.AddInspection(i, ctx.Actor()));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      ctx.out() << app::InspectionJson(stored, ctx.deps.clock->Today()).dump(2) << '\n';
    } else {
      ctx.out() << "recorded inspection " << stored.id << ": " << stored.subject << '\n';
    }
  });

  struct ListOptions {
    std::string from, to, area, org, search;
    size_t limit = 200;
  };
  auto l = std::make_shared<ListOptions>();
  auto* list = inspection->add_subcommand("list", "inspections, newest first, with filters");
  list->add_option("--from", l->from, "planned or held from this day");
  list->add_option("--to", l->to, "planned or held until this day");
  list->add_option("--area", l->area, "in this area (a unit code of any level)");
  list->add_option("--org", l->org, "of this organisation (registry code)");
  list->add_option("--search", l->search, "words in the subject, team, findings, recommendations");
  list->add_option("--limit", l->limit, "at most this many (default 200)");
  list->callback([&ctx, l, h] {
    app::InspectionFilter f;
    f.from = OptDate(l->from, "--from");
    f.to = OptDate(l->to, "--to");
    f.area = l->area;
    f.org_code = l->org;
    f.text = l->search;
    f.limit = l->limit;
    const auto list_of = Check(Service(ctx, *h).ListInspections(f));
    const Date today = ctx.deps.clock->Today();
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& i : list_of) out.push_back(app::InspectionJson(i, today));
      ctx.out() << out.dump(2) << '\n';
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& i : list_of) {
      int overdue = 0, done = 0;
      for (const auto& r : i.recommendations) {
        overdue += domain::StateOf(r, today) == domain::FollowUpState::kOverdue ? 1 : 0;
        done += r.status == domain::FollowUp::kDone ? 1 : 0;
      }
      rows.push_back({std::to_string(i.id), i.planned_date.ToString(),
                      i.held_date ? i.held_date->ToString() : "", i.subject, i.org_code,
                      std::to_string(i.findings.size()), std::to_string(i.recommendations.size()),
                      std::to_string(done), std::to_string(overdue)});
    }
    PrintTable(
        ctx.out(),
        {"id", "planned", "held", "subject", "organisation", "findings", "recs", "done", "overdue"},
        rows);
    ctx.out() << list_of.size() << " inspection(s)\n";
  });

  auto id = std::make_shared<int64_t>(0);
  auto* show = inspection->add_subcommand("show", "one inspection with its follow-ups");
  show->add_option("id", *id, "the inspection's id")->required();
  show->callback([&ctx, id, h] {
    PrintInspection(ctx, Check(Service(ctx, *h).GetInspection(*id)), ctx.deps.clock->Today());
  });

  struct FollowOptions {
    int64_t inspection = 0, recommendation = 0, revision = 0;
    std::string status = "done", date, note;
  };
  auto fo = std::make_shared<FollowOptions>();
  auto* follow = inspection->add_subcommand(
      "follow-up", "mark a recommendation done (with the day) or open again");
  follow->add_option("id", fo->inspection, "the inspection's id")->required();
  follow->add_option("--recommendation", fo->recommendation, "the recommendation's id")->required();
  follow->add_option("--status", fo->status, "done (default) or open");
  follow->add_option("--date", fo->date, "the day it was done (default today)");
  follow->add_option("--note", fo->note, "a note on the follow-up");
  follow->add_option("--revision", fo->revision,
                     "refuse unless the inspection is still at this revision");
  follow->callback([&ctx, fo, h] {
    const domain::FollowUp status = Check(domain::ParseFollowUp(fo->status, "--status"));
    std::optional<Date> day = OptDate(fo->date, "--date");
    if (!day && status == domain::FollowUp::kDone) day = ctx.deps.clock->Today();
    const domain::Inspection i = Check(Service(ctx, *h).SetFollowUp(
        fo->inspection, fo->recommendation, status, day, fo->note, fo->revision, ctx.Actor()));
    PrintInspection(ctx, i, ctx.deps.clock->Today());
  });

  struct OverdueOptions {
    std::string as_of, area;
    bool all = false;
  };
  auto oo = std::make_shared<OverdueOptions>();
  auto* overdue = inspection->add_subcommand(
      "overdue", "recommendations open past their deadline (with --all: every follow-up)");
  overdue->add_option("--as-of", oo->as_of, "on this day (default today)");
  overdue->add_option("--area", oo->area, "in this area (a unit code of any level)");
  overdue->add_flag("--all", oo->all, "every recommendation, open, done or overdue");
  overdue->callback([&ctx, oo, h] {
    const Date as_of = OptDate(oo->as_of, "--as-of").value_or(ctx.deps.clock->Today());
    const auto items = Check(Service(ctx, *h).FollowUps(as_of, oo->area, !oo->all));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& f : items) out.push_back(app::FollowUpItemJson(f));
      ctx.out() << out.dump(2) << '\n';
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : items) {
      rows.push_back({std::to_string(f.inspection_id), std::to_string(f.recommendation.id),
                      f.recommendation.text,
                      f.recommendation.deadline ? f.recommendation.deadline->ToString() : "",
                      domain::FollowUpStateId(f.state), f.org_code, f.subject});
    }
    PrintTable(
        ctx.out(),
        {"inspection", "rec", "recommendation", "deadline", "state", "organisation", "subject"},
        rows);
    ctx.out() << items.size() << " recommendation(s) as of " << as_of.ToVietnamese() << '\n';
  });
}

void PrintPlanProgress(Context& ctx, const app::PlanProgress& p) {
  if (Check(ctx.OutputFormat()) == Format::kJson) {
    ctx.out() << app::PlanProgressJson(p).dump(2) << '\n';
    return;
  }
  ctx.out() << "plan " << p.plan.year << " (revision " << p.plan.revision << ")"
            << (p.plan.title.empty() ? "" : ": " + p.plan.title) << ", as of "
            << p.as_of.ToVietnamese() << (p.area.empty() ? "" : ", area " + p.area) << '\n';
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : p.tasks) {
    rows.push_back(
        {std::to_string(t.task.id), std::to_string(t.task.position), t.task.title,
         t.task.kind == domain::TaskKind::kManual
             ? std::string("manual")
             : t.task.indicator + (t.task.parameter.empty() ? "" : "(" + t.task.parameter + ")"),
         std::to_string(t.task.target), std::to_string(t.actual),
         t.percent ? OneDecimal(*t.percent) : ""});
  }
  PrintTable(ctx.out(), {"task", "no", "title", "indicator", "target", "actual", "%"}, rows);
}

void RegisterPlan(CLI::App& app, Context& ctx, std::shared_ptr<Handle> h) {
  auto* plan = app.add_subcommand(
      "plan", "yearly plans: tasks with targets, progress, pilot communes, difficulties");
  plan->require_subcommand(1);

  struct SetOptions {
    int year = 0;
    std::string file;
  };
  auto so = std::make_shared<SetOptions>();
  std::string indicators;
  for (const auto& i : domain::Indicators()) indicators.append(" ").append(i.id);
  auto* set = plan->add_subcommand(
      "set",
      "write the plan of a year from a JSON file: {\"revision\": N (the one read; 0 for a new "
      "plan), \"title\": …, \"tasks\": [{\"title\", \"kind\": computed|manual, \"indicator\", "
      "\"parameter\", \"target\", \"unit_code\", \"unit\"}]}; indicators:" +
          indicators);
  set->add_option("--year", so->year, "the plan's year")->required();
  set->add_option("--file", so->file, "the plan (JSON)")->required();
  set->callback([&ctx, so, h] {
    domain::Plan p = Check(app::PlanFromJson(ReadJsonFile(so->file, "--file"), so->year));
    const domain::Plan stored = Check(Service(ctx, *h).PutPlan(p, ctx.Actor()));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      ctx.out() << app::PlanJson(stored).dump(2) << '\n';
    } else {
      ctx.out() << "plan " << stored.year << " written (revision " << stored.revision << ", "
                << stored.tasks.size() << " tasks)\n";
    }
  });

  struct ShowOptions {
    int year = 0;
    std::string as_of, area;
  };
  auto sh = std::make_shared<ShowOptions>();
  auto* show = plan->add_subcommand("show", "a plan's tasks and their progress as of a date");
  show->add_option("--year", sh->year, "the plan's year")->required();
  show->add_option("--as-of", sh->as_of, "progress on this day (default: today or 31/12)");
  show->add_option("--area", sh->area, "computed indicators in this area (a unit code)");
  show->callback([&ctx, sh, h] {
    Date as_of = Date::FromYmd(sh->year, 12, 31).value();
    if (ctx.deps.clock->Today() < as_of) as_of = ctx.deps.clock->Today();
    if (!sh->as_of.empty()) as_of = Check(Date::Parse(sh->as_of, "--as-of"));
    PrintPlanProgress(ctx, Check(Service(ctx, *h).PlanProgressAsOf(sh->year, as_of, sh->area)));
  });

  struct ProgressOptions {
    int64_t task = 0, value = 0;
    std::string date, note;
  };
  auto po = std::make_shared<ProgressOptions>();
  auto* progress =
      plan->add_subcommand("progress", "record the value a manual task reached on a day");
  progress->add_option("--task", po->task, "the task's id")->required();
  progress->add_option("--date", po->date, "the day (default today)");
  progress->add_option("--value", po->value, "the value reached (cumulative)")->required();
  progress->add_option("--note", po->note, "a note");
  progress->callback([&ctx, po, h] {
    domain::ProgressEntry e;
    e.task_id = po->task;
    e.date = OptDate(po->date, "--date").value_or(ctx.deps.clock->Today());
    e.value = po->value;
    e.note = po->note;
    const domain::ProgressEntry stored = Check(Service(ctx, *h).AddProgress(e, ctx.Actor()));
    ctx.out() << "recorded " << stored.value << " for task " << stored.task_id << " on "
              << stored.date.ToVietnamese() << '\n';
  });

  struct PilotOptions {
    int year = 0;
    std::vector<std::string> set;
  };
  auto pi = std::make_shared<PilotOptions>();
  auto* pilots = plan->add_subcommand(
      "pilot-communes", "the new-rural-development pilot communes of a year (show, or --set)");
  pilots->add_option("--year", pi->year, "the year")->required();
  pilots->add_option("--set", pi->set, "replace them with these commune codes");
  pilots->callback([&ctx, pi, h] {
    app::AllianceService& s = Service(ctx, *h);
    if (!pi->set.empty()) {
      std::vector<domain::PilotCommune> communes;
      for (const auto& code : pi->set) communes.push_back({pi->year, code, ""});
      Check(s.SetPilotCommunes(pi->year, communes, ctx.Actor()));
    }
    Date end = Date::FromYmd(pi->year, 12, 31).value();
    if (ctx.deps.clock->Today() < end) end = ctx.deps.clock->Today();
    const auto list = Check(s.PilotCommuneStatuses(pi->year, end));
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : list) {
      rows.push_back({c.commune.unit_code, c.name, std::to_string(c.qualifying),
                      c.met ? "met" : "not met", std::to_string(c.activities), c.commune.note});
    }
    PrintTable(ctx.out(), {"code", "commune", "HTX", "13.1", "activities", "note"}, rows);
  });

  struct DifficultyOptions {
    int year = 0;
    std::string text, file;
  };
  auto d = std::make_shared<DifficultyOptions>();
  auto* difficulties = plan->add_subcommand(
      "difficulties", "the difficulties of a year, for the yearly review (show, or set)");
  difficulties->add_option("--year", d->year, "the year")->required();
  difficulties->add_option("--text", d->text, "set this text");
  difficulties->add_option("--file", d->file, "set the text of this file (UTF-8)");
  difficulties->callback([&ctx, d, h] {
    app::AllianceService& s = Service(ctx, *h);
    std::string text = d->text;
    if (!d->file.empty()) {
      std::ifstream in(d->file, std::ios::binary);
      if (!in) {
        throw CommandFailed{Error::Invalid("--file", d->file, "cannot open this file")};
      }
      std::stringstream bytes;
      bytes << in.rdbuf();
      text = bytes.str();
    }
    if (!text.empty()) Check(s.SetDifficulties(d->year, text, ctx.Actor()));
    const auto note = Check(s.Difficulties(d->year));
    ctx.out() << (note ? note->difficulties : std::string("(none)")) << '\n';
  });
}

}  // namespace

void RegisterAllianceCommands(CLI::App& app, Context& ctx) {
  auto handle = std::make_shared<Handle>();
  RegisterActivity(app, ctx, handle);
  RegisterInspection(app, ctx, handle);
  RegisterPlan(app, ctx, handle);
}

void RunAnnualReview(Context& ctx, int year, const std::string& area, const std::string& output) {
  if (year == 0) year = ctx.deps.clock->Today().year() - 1;
  const std::string& format = ctx.format;
  if (format != "table" && format != "text" && format != "json" && format != "html" &&
      format != "xlsx") {
    throw CommandFailed{Error::Invalid(
        "--format", format, "the annual review is text, json, html or xlsx", "format.known")};
  }
  if (format == "xlsx" && output.empty()) {
    throw CommandFailed{
        Error::Invalid("--output", "", "an xlsx review needs -o FILE", "report.output")};
  }
  Handle h;
  const app::AnnualReview review = Check(app::BuildAnnualReview(Service(ctx, h), year, area));
  std::string bytes;
  if (format == "json") {
    bytes = app::AnnualReviewJson(review).dump(2) + "\n";
  } else if (format == "html") {
    bytes = report::RenderDocumentHtml(review.document);
  } else if (format == "xlsx") {
    bytes = Check(report::RenderDocumentXlsx(review.document));
  } else {
    bytes = report::RenderDocumentText(review.document);
  }
  if (output.empty()) {
    ctx.out() << bytes;
    return;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) throw CommandFailed{Error::Unavailable("cannot write the file " + output)};
  ctx.out() << "wrote " << output << " (" << bytes.size() << " bytes)\n";
}

}  // namespace hoptac::cli
