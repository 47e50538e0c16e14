#pragma once
// What every command shares: the global options, and the store and registry opened on first use.

#include <iosfwd>
#include <memory>
#include <string>

#include "app/registry.hpp"
#include "cli/cli.hpp"
#include "cli/render.hpp"

namespace CLI {
class App;
}

namespace hoptac::cli {

struct Context {
  const Dependencies& deps;
  std::string db = "hoptac.db";
  std::string format = "table";
  std::string user;
  std::unique_ptr<domain::Store> store;
  std::unique_ptr<app::Registry> registry;

  explicit Context(const Dependencies& d) : deps(d) {}

  std::ostream& out() { return *deps.out; }
  std::ostream& err() { return *deps.err; }
  Result<Format> OutputFormat() const;
  // Opens --db (migrating it) and builds the registry, once.
  Result<app::Registry*> Registry();
  app::Actor Actor() const;
};

// Each command file registers its subcommands; the callbacks throw CommandFailed with an Error
// that Run() prints and turns into the exit code.
struct CommandFailed {
  Error error;
};

// Unwraps a Result or throws CommandFailed.
template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) throw CommandFailed{r.take_error()};
  return std::move(r).value();
}

void RegisterRegistryCommands(CLI::App& app, Context& ctx);  // init, units, org, event, figures
void RegisterDemoCommands(CLI::App& app, Context& ctx);      // demo, summary
void RegisterReportCommands(CLI::App& app, Context& ctx);    // report
void RegisterExchangeCommands(CLI::App& app, Context& ctx);  // import, export
void RegisterServeCommand(CLI::App& app, Context& ctx);      // serve
void RegisterUserCommands(CLI::App& app, Context& ctx);      // user …
void RegisterMemberCommands(CLI::App& app, Context& ctx);    // member list, add, leave
void RegisterBackupCommands(CLI::App& app, Context& ctx);    // backup export, import
void RegisterMarketCommands(CLI::App& app, Context& ctx);    // product, demand, catalogue, …
void RegisterDbCommands(CLI::App& app, Context& ctx);        // db migrate, copy
// Creates the demo accounts and prints them, with their passwords (user_commands.cpp).
void PrintDemoAccounts(Context& ctx, const std::string& managed_code);

}  // namespace hoptac::cli
