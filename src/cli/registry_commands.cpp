// Commands over the registry: init, units, org, event, figures.

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "app/reference_units.hpp"
#include "cli/context.hpp"
#include "cli/event_options.hpp"

namespace hoptac::cli {
namespace {

struct TimeOptions {
  std::string as_of;
  std::string known_at;

  void Register(CLI::App& cmd) {
    cmd.add_option("--as-of", as_of, "the date to look at (default today)");
    cmd.add_option("--known-at", known_at,
                   "what was known at this time (YYYY-MM-DD = end of that day; default now)");
  }
  std::optional<Date> AsOf() const {
    if (as_of.empty()) return std::nullopt;
    return Check(Date::Parse(as_of, "--as-of"));
  }
  std::optional<Timestamp> KnownAt() const {
    if (known_at.empty()) return std::nullopt;
    return Check(Timestamp::Parse(known_at, "--known-at"));
  }
};

app::ReferenceUnits ReadUnits(const std::string& dir) {
  const app::ReferenceUnitFiles files =
      dir.empty() ? app::EmbeddedReferenceUnitFiles() : Check(app::ReadReferenceUnitFiles(dir));
  return Check(app::ParseReferenceUnits(files));
}

std::optional<int64_t> OptCount(const std::optional<std::string>& s, const char* field) {
  if (!s) return std::nullopt;
  const domain::Money m = Check(domain::Money::Parse(*s, field, /*non_negative=*/false));
  return m.vnd();
}

std::optional<domain::Money> OptAmount(const std::optional<std::string>& s, const char* field) {
  if (!s) return std::nullopt;
  return Check(domain::Money::Parse(*s, field, /*non_negative=*/false));
}

void RegisterInit(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "create the database and load the administrative units");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("--units-dir", *dir,
                  "read the unit lists from this folder instead of the copies built in");
  cmd->callback([&ctx, dir] {
    app::Registry* r = Check(ctx.Registry());
    if (r->Units().ok() && dir->empty()) {
      ctx.out() << "database " << ctx.db << " is ready (units already loaded)\n";
      return;
    }
    Check(r->LoadUnits(ReadUnits(*dir), ctx.Actor()));
    const auto counts = Check(r->Counts());
    ctx.out() << "database " << ctx.db << " is ready: " << counts.units
              << " administrative unit versions loaded\n";
  });
}

void RegisterUnits(CLI::App& app, Context& ctx) {
  auto* units = app.add_subcommand("units", "administrative units and their history");
  units->require_subcommand(1);

  auto* load = units->add_subcommand("load", "replace the units with the official lists");
  auto dir = std::make_shared<std::string>();
  load->add_option("--dir", *dir,
                   "folder with units-2022/2024/2025.csv and mapping-2025.csv "
                   "(default: the copies built in)");
  load->callback([&ctx, dir] {
    app::Registry* r = Check(ctx.Registry());
    Check(r->LoadUnits(ReadUnits(*dir), ctx.Actor()));
    ctx.out() << Check(r->Counts()).units << " administrative unit versions loaded\n";
  });

  auto* show = units->add_subcommand("show", "a unit, its children and what it became");
  auto code = std::make_shared<std::string>();
  auto t = std::make_shared<TimeOptions>();
  show->add_option("code", *code, "unit code")->required();
  t->Register(*show);
  show->callback([&ctx, code, t] {
    const Format f = Check(ctx.OutputFormat());
    app::Registry* r = Check(ctx.Registry());
    const domain::UnitCatalog* cat = Check(r->Units());
    const Date d = t->AsOf().value_or(ctx.deps.clock->Today());
    const std::string c = Check(domain::ParseUnitCode(*code, "code"));
    const domain::Unit* u = cat->At(c, d);
    if (u == nullptr) u = cat->Latest(c);
    if (u == nullptr) throw CommandFailed{Error::NotFound("no unit has this code", "code", c)};
    const Date at = u->ValidOn(d) ? d : u->valid_to;
    std::vector<const domain::Unit*> rows{u};
    for (const auto* child : cat->ChildrenAt(u->code, at)) rows.push_back(child);
    PrintUnits(ctx.out(), f, rows, *cat);
    const Date today = ctx.deps.clock->Today();
    if (f == Format::kTable && !u->ValidOn(today)) {
      ctx.out() << "\nNay thuộc:\n";
      std::vector<const domain::Unit*> now;
      for (const auto& m : cat->MapTo(u->code, at, today)) now.push_back(m.unit);
      PrintUnits(ctx.out(), f, now, *cat);
    }
  });

  auto* search = units->add_subcommand("search", "find units by name (diacritics optional)");
  auto q = std::make_shared<std::string>();
  auto t2 = std::make_shared<TimeOptions>();
  auto limit = std::make_shared<size_t>(20);
  search->add_option("query", *q, "name, e.g. \"viet lam\"")->required();
  search->add_option("--limit", *limit, "at most this many results");
  t2->Register(*search);
  search->callback([&ctx, q, t2, limit] {
    const Format f = Check(ctx.OutputFormat());
    app::Registry* r = Check(ctx.Registry());
    const domain::UnitCatalog* cat = Check(r->Units());
    PrintUnits(ctx.out(), f, cat->Search(*q, t2->AsOf(), *limit), *cat);
  });
}

void RegisterOrg(CLI::App& app, Context& ctx) {
  auto* org = app.add_subcommand("org", "organisations: cooperatives, groups, unions, funds");
  org->require_subcommand(1);

  // org add
  struct AddOptions {
    std::string kind, code;
    bool legacy = false;
    EventOptions event;
  };
  auto add_opts = std::make_shared<AddOptions>();
  auto* add = org->add_subcommand("add", "register an organisation with its founding");
  add->add_option("--kind", add_opts->kind, "THT, HTX, LHHTX or QTDND")->required();
  add->add_option("--code", add_opts->code, "registry code (mã số HTX / tax code)")->required();
  add->add_flag("--legacy-code", add_opts->legacy,
                "the code is an old certificate number, not a tax code");
  add_opts->event.Register(*add, /*with_type=*/false);
  add->callback([&ctx, add_opts] {
    app::NewOrganisation cmd{
        Check(domain::ParseOrgKind(add_opts->kind, "--kind")),
        Check(domain::RegistryCode::Parse(add_opts->code, add_opts->legacy, "--code")),
        Check(add_opts->event.ToNewEvent())};
    cmd.founding.type = domain::EventType::kFounded;
    app::Registry* r = Check(ctx.Registry());
    const domain::OrgId id = Check(r->AddOrganisation(cmd, ctx.Actor()));
    ctx.out() << "added " << cmd.code.value() << " (id " << id << ")\n";
  });

  // org show
  auto show_code = std::make_shared<std::string>();
  auto show_t = std::make_shared<TimeOptions>();
  auto* show = org->add_subcommand("show", "an organisation as of a date");
  show->add_option("code", *show_code, "registry code")->required();
  show_t->Register(*show);
  show->callback([&ctx, show_code, show_t] {
    const Format f = Check(ctx.OutputFormat());
    app::Registry* r = Check(ctx.Registry());
    const app::OrgView v = Check(r->Show(*show_code, show_t->AsOf(), show_t->KnownAt()));
    PrintOrgView(ctx.out(), f, v, *Check(r->Units()));
  });

  // org list
  struct ListOptions {
    TimeOptions t;
    std::string kind, status, field, model, unit, q, after;
    size_t limit = 50;
  };
  auto lo = std::make_shared<ListOptions>();
  auto* list = org->add_subcommand("list", "organisations as of a date, with filters");
  lo->t.Register(*list);
  list->add_option("--kind", lo->kind, "THT, HTX, LHHTX or QTDND");
  list->add_option("--status", lo->status, "legal status, e.g. operating, dissolved");
  list->add_option("--field", lo->field, "agriculture, non_agriculture or credit");
  list->add_option("--model", lo->model, "model tag");
  list->add_option("--unit", lo->unit, "unit code of any level, old or new");
  list->add_option("--q", lo->q, "name contains (diacritics optional)");
  list->add_option("--limit", lo->limit, "page size (default 50)");
  list->add_option("--after", lo->after, "cursor printed at the end of the previous page");
  list->callback([&ctx, lo] {
    const Format f = Check(ctx.OutputFormat());
    app::ListQuery q;
    q.as_of = lo->t.AsOf();
    q.known_at = lo->t.KnownAt();
    if (!lo->kind.empty()) q.kind = Check(domain::ParseOrgKind(lo->kind, "--kind"));
    if (!lo->status.empty()) q.status = Check(domain::ParseStatus(lo->status, "--status"));
    if (!lo->field.empty()) q.field = Check(domain::ParseField(lo->field, "--field"));
    q.model = lo->model;
    if (!lo->unit.empty()) q.unit_code = Check(domain::ParseUnitCode(lo->unit, "--unit"));
    q.query = lo->q;
    q.limit = lo->limit;
    q.after = lo->after;
    app::Registry* r = Check(ctx.Registry());
    const app::ListPage page = Check(r->List(q));
    PrintOrgList(ctx.out(), f, page.items, page.next, *Check(r->Units()));
  });

  // org search
  auto sq = std::make_shared<std::string>();
  auto slimit = std::make_shared<size_t>(20);
  auto* search = org->add_subcommand("search", "find organisations by name or code");
  search->add_option("query", *sq, "words of the name (diacritics optional) or a code prefix")
      ->required();
  search->add_option("--limit", *slimit, "at most this many results (default 20)");
  search->callback([&ctx, sq, slimit] {
    const Format f = Check(ctx.OutputFormat());
    app::Registry* r = Check(ctx.Registry());
    const auto hits = Check(r->Search(*sq, *slimit));
    PrintOrgList(ctx.out(), f, hits, "", *Check(r->Units()));
  });

  // org history
  auto hcode = std::make_shared<std::string>();
  auto* history = org->add_subcommand("history", "every event of an organisation, voids marked");
  history->add_option("code", *hcode, "registry code")->required();
  history->callback([&ctx, hcode] {
    const Format f = Check(ctx.OutputFormat());
    app::Registry* r = Check(ctx.Registry());
    PrintHistory(ctx.out(), f, Check(r->History(*hcode)));
  });
}

void RegisterEvent(CLI::App& app, Context& ctx) {
  auto* event = app.add_subcommand("event", "record and void events");
  event->require_subcommand(1);

  struct AddOptions {
    std::string code;
    EventOptions event;
  };
  auto ao = std::make_shared<AddOptions>();
  auto* add = event->add_subcommand("add", "record an event of an organisation");
  add->add_option("code", ao->code, "registry code of the organisation")->required();
  ao->event.Register(*add, /*with_type=*/true);
  add->callback([&ctx, ao] {
    const app::NewEvent e = Check(ao->event.ToNewEvent());
    app::Registry* r = Check(ctx.Registry());
    const domain::EventId id = Check(r->RecordEvent(ao->code, e, ctx.Actor()));
    ctx.out() << "recorded event " << id << " (" << domain::Id(e.type) << ", "
              << e.effective_date.ToString() << ")\n";
  });

  struct VoidOptions {
    int64_t id = 0;
    std::string reason;
  };
  auto vo = std::make_shared<VoidOptions>();
  auto* void_cmd = event->add_subcommand("void", "void a wrong event (it stays in the history)");
  void_cmd->add_option("id", vo->id, "event id (see org history)")->required();
  void_cmd->add_option("--reason", vo->reason, "why the event is wrong")->required();
  void_cmd->callback([&ctx, vo] {
    app::Registry* r = Check(ctx.Registry());
    Check(r->VoidEvent(vo->id, vo->reason, std::nullopt, ctx.Actor()));
    ctx.out() << "voided event " << vo->id << '\n';
  });

  struct CorrectOptions {
    int64_t id = 0;
    std::string reason;
    EventOptions event;
  };
  auto co = std::make_shared<CorrectOptions>();
  auto* correct =
      event->add_subcommand("correct", "void a wrong event and record the right one, in one step");
  correct->add_option("id", co->id, "id of the wrong event")->required();
  correct->add_option("--reason", co->reason, "why the event is wrong")->required();
  co->event.Register(*correct, /*with_type=*/true);
  correct->callback([&ctx, co] {
    const app::NewEvent e = Check(co->event.ToNewEvent());
    app::Registry* r = Check(ctx.Registry());
    const domain::EventId id = Check(r->VoidEvent(co->id, co->reason, e, ctx.Actor()));
    ctx.out() << "voided event " << co->id << " and recorded event " << id << '\n';
  });
}

void RegisterFigures(CLI::App& app, Context& ctx) {
  auto* figures = app.add_subcommand("figures", "yearly figures of an organisation");
  figures->require_subcommand(1);

  struct SetOptions {
    std::string code;
    int year = 0;
    std::optional<std::string> members, members_individual, members_household, members_legal_entity,
        workers, workers_members, charter_capital, total_assets, revenue, revenue_from_members,
        profit_before_tax, avg_income, rating, score;
    std::string rating_scheme, source;
  };
  auto so = std::make_shared<SetOptions>();
  auto* set = figures->add_subcommand("set", "record a year's figures (a new revision)");
  set->add_option("code", so->code, "registry code")->required();
  set->add_option("--year", so->year, "year")->required();
  set->add_option("--members", so->members, "members in total");
  set->add_option("--members-individual", so->members_individual, "individual members");
  set->add_option("--members-household", so->members_household, "household members");
  set->add_option("--members-legal-entity", so->members_legal_entity, "legal-entity members");
  set->add_option("--workers", so->workers, "workers in total");
  set->add_option("--workers-members", so->workers_members, "workers who are members");
  set->add_option("--charter-capital", so->charter_capital, "charter capital (VND)");
  set->add_option("--total-assets", so->total_assets, "total assets (VND)");
  set->add_option("--revenue", so->revenue, "revenue (VND)");
  set->add_option("--revenue-from-members", so->revenue_from_members, "revenue from members (VND)");
  set->add_option("--profit", so->profit_before_tax, "profit before tax (VND, may be negative)");
  set->add_option("--avg-income", so->avg_income, "average yearly income of a worker (VND)");
  set->add_option("--rating", so->rating, "tot, kha, trung_binh, yeu or chua_xep_loai");
  set->add_option("--rating-scheme", so->rating_scheme, "e.g. TT01/2020");
  set->add_option("--score", so->score, "assessment points under the scheme (TT01/2020: 0–100)");
  set->add_option("--source", so->source, "where the figures come from");
  set->callback([&ctx, so] {
    domain::YearlyFigures f;
    f.year = so->year;
    f.members = OptCount(so->members, "--members");
    f.members_individual = OptCount(so->members_individual, "--members-individual");
    f.members_household = OptCount(so->members_household, "--members-household");
    f.members_legal_entity = OptCount(so->members_legal_entity, "--members-legal-entity");
    f.workers = OptCount(so->workers, "--workers");
    f.workers_members = OptCount(so->workers_members, "--workers-members");
    f.charter_capital = OptAmount(so->charter_capital, "--charter-capital");
    f.total_assets = OptAmount(so->total_assets, "--total-assets");
    f.revenue = OptAmount(so->revenue, "--revenue");
    f.revenue_from_members = OptAmount(so->revenue_from_members, "--revenue-from-members");
    f.profit_before_tax = OptAmount(so->profit_before_tax, "--profit");
    f.avg_income = OptAmount(so->avg_income, "--avg-income");
    if (so->rating) f.rating = Check(domain::ParseRating(*so->rating, "--rating"));
    f.rating_score = OptCount(so->score, "--score");
    f.rating_scheme = so->rating_scheme;
    f.source = so->source;
    app::Registry* r = Check(ctx.Registry());
    Check(r->SetFigures(so->code, f, ctx.Actor()));
    ctx.out() << "recorded the " << so->year << " figures of " << so->code << '\n';
  });

  auto scode = std::make_shared<std::string>();
  auto st = std::make_shared<TimeOptions>();
  auto* show = figures->add_subcommand("show", "the yearly figures as known at a time");
  show->add_option("code", *scode, "registry code")->required();
  show->add_option("--known-at", st->known_at, "what was known at this time (default now)");
  show->callback([&ctx, scode, st] {
    const Format f = Check(ctx.OutputFormat());
    app::Registry* r = Check(ctx.Registry());
    PrintFigures(ctx.out(), f, *scode, Check(r->Figures(*scode, st->KnownAt())));
  });
}

}  // namespace

void RegisterRegistryCommands(CLI::App& app, Context& ctx) {
  RegisterInit(app, ctx);
  RegisterUnits(app, ctx);
  RegisterOrg(app, ctx);
  RegisterEvent(app, ctx);
  RegisterFigures(app, ctx);
}

}  // namespace hoptac::cli
