// Commands for the demo data: summary (the demo command arrives with app/demo).

#include <CLI/CLI.hpp>

#include <ostream>

#include "cli/context.hpp"

namespace hoptac::cli {

void RegisterDemoCommands(CLI::App& app, Context& ctx) {
  auto* summary = app.add_subcommand("summary", "what the database holds");
  summary->callback([&ctx] {
    app::Registry* r = Check(ctx.Registry());
    const domain::StoreCounts c = Check(r->Counts());
    ctx.out() << "database " << ctx.db << ": " << c.organisations << " organisations, "
              << c.events << " events (" << c.voids << " voided), " << c.figures
              << " yearly figure revisions, " << c.units << " administrative unit versions\n";
  });
}

}  // namespace hoptac::cli
