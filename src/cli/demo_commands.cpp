// Commands for the demo data and a quick look at a database: demo, summary.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <ostream>

#include "app/alliance.hpp"
#include "app/demo.hpp"
#include "app/reference_units.hpp"
#include "cli/context.hpp"

namespace hoptac::cli {
namespace {

// A progress bar on stderr, only when stderr is a terminal and the work lasts over a second.
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }
  void Update(std::string_view stage, double fraction) {
    if (!tty_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) {
      return;
    }
    last_ = now;
    drawn_ = true;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r[%.*s%*s] %3d%% %.*s\033[K", filled, "##############################",
                 width - filled, "", static_cast<int>(fraction * 100),
                 static_cast<int>(stage.size()), stage.data());
    std::fflush(stderr);
  }

 private:
  bool tty_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

void PrintArticle(std::ostream& out, const app::ArticleFigures& a) {
  out << "  as of " << a.as_of.ToVietnamese() << ": " << a.required
      << " cooperatives had to convert under the 2012 law; " << a.converted << " converted, "
      << a.dissolved_voluntary << " dissolved voluntarily, " << a.dissolved_forced
      << " dissolved forcibly, " << a.ended_otherwise << " ended otherwise, " << a.pending
      << " pending; " << a.thon_chang_replications << " founded on the thôn Chang model\n";
}

}  // namespace

void RegisterDemoCommands(CLI::App& app, Context& ctx) {
  struct DemoFlags {
    uint64_t seed = 1;
    std::string scale = "province";
  };
  auto flags = std::make_shared<DemoFlags>();
  auto* demo = app.add_subcommand(
      "demo",
      "build the demo data: a province modelled on Hà Giang 2010–2026, or --scale national");
  demo->add_option("--seed", flags->seed, "seed of the generator (default 1)");
  demo->add_option("--scale", flags->scale, "province (default) or national");
  demo->callback([&ctx, flags] {
    app::DemoOptions options;
    options.seed = flags->seed;
    if (flags->scale == "national") {
      options.scale = app::DemoOptions::Scale::kNational;
    } else if (flags->scale != "province") {
      throw CommandFailed{
          Error::Invalid("--scale", flags->scale, "expected province or national", "demo.scale")};
    }
    app::Registry* r = Check(ctx.Registry());
    if (!r->Units().ok()) {
      Check(r->LoadUnits(Check(app::ParseReferenceUnits(app::EmbeddedReferenceUnitFiles())),
                         ctx.Actor()));
    }
    std::unique_ptr<domain::MarketStore> market;
    if (ctx.deps.open_market_store) {
      market = Check(ctx.deps.open_market_store(ctx.db));
      options.market = {market.get(), ctx.store.get(), ctx.deps.clock};
    }
    std::unique_ptr<domain::AllianceStore> alliance_store;
    std::unique_ptr<app::AllianceService> alliance;
    if (ctx.deps.open_alliance_store) {
      alliance_store = Check(ctx.deps.open_alliance_store(ctx.db));
      alliance =
          std::make_unique<app::AllianceService>(*ctx.store, *alliance_store, *ctx.deps.clock);
      options.alliance = alliance.get();
    }
    ProgressBar bar;
    options.progress = [&bar](std::string_view stage, double f) { bar.Update(stage, f); };
    const auto start = std::chrono::steady_clock::now();
    const app::DemoSummary s = Check(app::BuildDemo(*r, options));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    options.progress = nullptr;
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", seconds);
    ctx.out() << "built the " << flags->scale << " demo (seed " << flags->seed << ") in " << ctx.db
              << " in " << took << " s: " << s.organisations << " organisations (" << s.cooperatives
              << " cooperatives, " << s.cooperative_groups << " cooperative groups) in "
              << s.provinces << " province(s), " << s.events << " events (" << s.voids
              << " voided), " << s.figures << " yearly figure rows, " << s.members
              << " members in registers\n";
    ctx.out() << "the demo province (Hà Giang, now part of Tuyên Quang):\n";
    PrintArticle(ctx.out(), s.article_2015);
    PrintArticle(ctx.out(), s.article_2016);
    PrintArticle(ctx.out(), s.article_2017);
    ctx.out() << "  the thôn Chang cooperative: " << s.prototype_code << "  (hoptac org show "
              << s.prototype_code << " --db " << ctx.db << ")\n";
    PrintDemoAccounts(ctx, s.prototype_code);
  });

  auto* summary = app.add_subcommand("summary", "what the database holds");
  auto as_of = std::make_shared<std::string>("2016-12-31");
  summary->add_option("--as-of", *as_of,
                      "date of the 2012-law conversion figures (default 2016-12-31)");
  summary->callback([&ctx, as_of] {
    const Date d = Check(Date::Parse(*as_of, "--as-of"));
    app::Registry* r = Check(ctx.Registry());
    const domain::StoreCounts c = Check(r->Counts());
    ctx.out() << "database " << ctx.db << ": " << c.organisations << " organisations, " << c.events
              << " events (" << c.voids << " voided), " << c.figures << " yearly figure revisions, "
              << c.units << " administrative unit versions\n";
    app::ArticleFigures article;
    article.as_of = d;
    Check(r->ForEachState(d, std::nullopt,
                          [&](const domain::OrgState& s) { app::CountArticle(s, article); }));
    PrintArticle(ctx.out(), article);
    std::map<std::pair<std::string, std::string>, int64_t> by_status;
    const Date today = ctx.deps.clock->Today();
    Check(r->ForEachState(today, std::nullopt, [&](const domain::OrgState& s) {
      if (s.exists) ++by_status[{domain::Id(s.kind), domain::Label(s.status)}];
    }));
    std::vector<std::vector<std::string>> rows;
    for (const auto& [key, n] : by_status)
      rows.push_back({key.first, key.second, std::to_string(n)});
    ctx.out() << "today (" << today.ToVietnamese() << "):\n";
    PrintTable(ctx.out(), {"Loại", "Tình trạng", "Số lượng"}, rows);
  });
}

}  // namespace hoptac::cli
