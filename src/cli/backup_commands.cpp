// Commands that move a whole database: backup export, backup import (app/backup.hpp).

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>

#include "app/backup.hpp"
#include "cli/context.hpp"

namespace hoptac::cli {
namespace {

void PrintCounts(std::ostream& out, const app::BackupCounts& c) {
  out << "  organisations: " << c.organisations << '\n'
      << "  events:        " << c.events << '\n'
      << "  figures:       " << c.figures << '\n'
      << "  members:       " << c.members << '\n'
      << "  units:         " << c.units << '\n'
      << "  users:         " << c.users << " (" << c.api_tokens << " API tokens)\n"
      << "  audit entries: " << c.audit << '\n'
      << "  Alliance work: " << c.alliance << " records\n";
  if (c.products + c.zones + c.demands + c.programmes + c.partner_offers > 0) {
    out << "  market:        " << c.products << " products, " << c.zones << " zones, " << c.demands
        << " demands, " << c.programmes << " programmes, " << c.partner_offers
        << " partner offers\n";
  }
}

// The market store of --db, when this build has one.
std::unique_ptr<domain::MarketStore> OpenMarket(Context& ctx) {
  if (!ctx.deps.open_market_store) return nullptr;
  return Check(ctx.deps.open_market_store(ctx.db));
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, Context& ctx) {
  auto* backup =
      app.add_subcommand("backup", "the whole database as one JSON file, and back into a new one");
  backup->require_subcommand(1);

  auto output = std::make_shared<std::string>();
  auto* exp = backup->add_subcommand(
      "export",
      "write everything: organisations, events (voided too), every figures and member "
      "revision, units, users with their password hashes, API tokens, the audit log");
  exp->add_option("-o,--output", *output, "the file to write (.json)")->required();
  exp->callback([&ctx, output] {
    Check(ctx.Registry());
    auto access = Check(ctx.deps.open_access_store(ctx.db));
    std::unique_ptr<domain::AllianceStore> alliance;
    if (ctx.deps.open_alliance_store) alliance = Check(ctx.deps.open_alliance_store(ctx.db));
    const std::string partial = *output + ".partial";
    app::BackupCounts counts;
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out)
        Check(Status(Error::Invalid("-o", *output, "cannot write this file", "file.write")));
      auto market = OpenMarket(ctx);
      counts = Check(app::WriteBackup(*ctx.store, *access, out, market.get(), alliance.get()));
    }
    if (std::rename(partial.c_str(), output->c_str()) != 0) {
      Check(Status(Error::Invalid("-o", *output, "cannot write this file", "file.write")));
    }
    ctx.out() << "backup of " << ctx.db << " written to " << *output << '\n';
    PrintCounts(ctx.out(), counts);
  });

  auto input = std::make_shared<std::string>();
  auto* imp = backup->add_subcommand(
      "import",
      "restore a backup into an empty database (--db NEW.db); refused when it holds "
      "anything");
  imp->add_option("file", *input, "the backup file (.json)")->required();
  imp->callback([&ctx, input] {
    std::ifstream in(*input, std::ios::binary);
    if (!in) Check(Status(Error::Invalid("file", *input, "cannot open this file", "file.open")));
    Check(ctx.Registry());
    auto access = Check(ctx.deps.open_access_store(ctx.db));
    auto market = OpenMarket(ctx);
    std::unique_ptr<domain::AllianceStore> alliance;
    if (ctx.deps.open_alliance_store) alliance = Check(ctx.deps.open_alliance_store(ctx.db));
    const app::BackupCounts counts =
        Check(app::RestoreBackup(*ctx.store, *access, in, market.get(), alliance.get()));
    ctx.out() << "restored " << *input << " into " << ctx.db << '\n';
    PrintCounts(ctx.out(), counts);
  });
}

}  // namespace hoptac::cli
