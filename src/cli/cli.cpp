#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ostream>

#include "cli/alliance_commands.hpp"
#include "cli/context.hpp"
#include "cli/exit_codes.hpp"

namespace hoptac::cli {

Result<Format> Context::OutputFormat() const {
  if (format == "table") return Format::kTable;
  if (format == "json") return Format::kJson;
  return Error::Invalid("--format", format, "expected table or json", "format.known");
}

Result<app::Registry*> Context::Registry() {
  if (!registry) {
    HOPTAC_ASSIGN_OR_RETURN(store, deps.open_store(db));
    registry = std::make_unique<app::Registry>(*store, *deps.clock);
  }
  return registry.get();
}

app::Actor Context::Actor() const {
  if (!user.empty()) return app::Actor(user);
  const char* env = std::getenv("USER");
  return app::Actor(env != nullptr && *env != '\0' ? std::string("cli:") + env
                                                   : std::string("cli"));
}

int Run(int argc, const char* const* argv, const Dependencies& deps) {
  CLI::App app{"hoptac — registry and monitoring of cooperatives (hợp tác xã)", "hoptac"};
  app.require_subcommand(1);
  app.fallthrough();
  Context ctx(deps);
  app.add_option("--db", ctx.db,
                 "database: a SQLite file (PATH or sqlite:PATH; default ./hoptac.db) or "
                 "postgresql://user@host:port/db");
  app.add_option("--format", ctx.format, "output: table or json (reports also csv, xlsx, html)");
  app.add_option("--user", ctx.user, "who is acting (recorded with every change)");
  RegisterRegistryCommands(app, ctx);
  RegisterDemoCommands(app, ctx);
  RegisterReportCommands(app, ctx);
  RegisterExchangeCommands(app, ctx);
  RegisterServeCommand(app, ctx);
  RegisterUserCommands(app, ctx);
  RegisterMemberCommands(app, ctx);
  RegisterBackupCommands(app, ctx);
  RegisterMarketCommands(app, ctx);
  RegisterDbCommands(app, ctx);
  RegisterAllianceCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    *deps.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    *deps.out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Subcommand help is raised from inside; CLI11 formats it for the subcommand.
    if (e.get_exit_code() == 0) {
      return app.exit(e, *deps.out, *deps.err);
    }
    app.exit(e, *deps.out, *deps.err);
    return kExitUsage;
  } catch (const CommandFailed& failed) {
    *deps.err << "error: " << failed.error.ToString() << '\n';
    return ExitCodeFor(failed.error);
  }
  return kExitOk;
}

}  // namespace hoptac::cli
