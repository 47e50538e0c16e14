// Commands on a whole database: db migrate (apply the schema migrations) and db copy (everything
// into another, empty database, SQLite or PostgreSQL; app/db_copy.hpp).

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>

#include "app/db_copy.hpp"
#include "cli/context.hpp"

namespace hoptac::cli {
namespace {

// The URL as it may be printed: a password in postgresql://user:password@host/… or in
// ?password=… is hidden.
std::string Printable(const std::string& url) {
  std::string out = url;
  const size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  const size_t at = out.find('@', scheme + 3);
  const size_t slash = out.find('/', scheme + 3);
  const size_t colon = out.find(':', scheme + 3);
  if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
      colon != std::string::npos && colon < at) {
    out.replace(colon + 1, at - colon - 1, "***");
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t start = p + 9;
    const size_t end = out.find('&', start);
    out.replace(start, (end == std::string::npos ? out.size() : end) - start, "***");
  }
  return out;
}

std::string Backend(const Dependencies& deps, const std::string& url) {
  return deps.is_postgres(url) ? "PostgreSQL" : "SQLite";
}

void PrintCopyCounts(std::ostream& out, const app::BackupCounts& read,
                     const app::BackupCounts& written) {
  const auto row = [&](const char* name, int64_t a, int64_t b) {
    out << "  " << std::left << std::setw(15) << name << std::right << std::setw(10) << a
        << std::setw(10) << b << '\n';
  };
  out << "  " << std::left << std::setw(15) << "" << std::right << std::setw(10) << "source"
      << std::setw(10) << "target" << '\n';
  row("units", read.units, written.units);
  row("organisations", read.organisations, written.organisations);
  row("events", read.events, written.events);
  row("figures", read.figures, written.figures);
  row("members", read.members, written.members);
  row("users", read.users, written.users);
  row("api tokens", read.api_tokens, written.api_tokens);
  row("audit entries", read.audit, written.audit);
  row("products", read.products, written.products);
  row("zones", read.zones, written.zones);
  row("demands", read.demands, written.demands);
  row("programmes", read.programmes, written.programmes);
  row("partner offers", read.partner_offers, written.partner_offers);
  row("Alliance work", read.alliance, written.alliance);
}

// Opening or filling one side of a copy failed: the error names that side.
template <typename T>
T CheckSide(Result<T> r, const char* flag, const std::string& url) {
  if (!r.ok()) {
    Error e = r.take_error();
    if (e.field.empty() || e.field == "--db") {
      e.field = flag;
      e.value = Printable(url);
    }
    throw CommandFailed{std::move(e)};
  }
  return std::move(r).value();
}

}  // namespace

void RegisterDbCommands(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "the database itself: its schema, and a copy into another");
  db->require_subcommand(1);

  auto* migrate = db->add_subcommand(
      "migrate",
      "apply the pending schema migrations to --db (SQLite file or postgresql://…) and print the "
      "schema version before and after");
  migrate->callback([&ctx] {
    Check(ctx.deps.check_db_url(ctx.db, "--db"));
    const SchemaVersions v = Check(ctx.deps.migrate(ctx.db));
    ctx.out() << "database: " << Printable(ctx.db) << " (" << Backend(ctx.deps, ctx.db) << ")\n"
              << "schema version before: " << v.found << '\n'
              << "schema version after:  " << v.current << '\n';
    if (v.current == v.found) {
      ctx.out() << "up to date: no migration to apply\n";
    } else {
      ctx.out() << "migrations applied: " << v.found << " → " << v.current << '\n';
    }
  });

  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* copy = db->add_subcommand(
      "copy",
      "copy everything (units, organisations, events with their ids, voids and links, figures, "
      "members, users with their password hashes, API tokens, the audit log) from one database "
      "into another, empty one: SQLite to PostgreSQL or back; prints the counts of both and a "
      "checksum");
  copy->add_option("--from", *from,
                   "the source: a SQLite file (PATH or sqlite:PATH) or "
                   "postgresql://user@host:port/db")
      ->required();
  copy->add_option("--to", *to, "the target, empty (made when it is a new SQLite file)")
      ->required();
  copy->callback([&ctx, from, to] {
    Check(ctx.deps.check_db_url(*from, "--from"));
    Check(ctx.deps.check_db_url(*to, "--to"));
    if (*from == *to) {
      Check(Status(Error::Invalid("--to", *to, "the target is the source", "db.copy_target")));
    }
    if (!ctx.deps.is_postgres(*from)) {
      const std::string path = from->rfind("sqlite:", 0) == 0 ? from->substr(7) : *from;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) {
        Check(Status(Error::NotFound("no SQLite database file here", "--from", *from)));
      }
    }
    auto source = CheckSide(ctx.deps.open_store(*from), "--from", *from);
    auto source_access = CheckSide(ctx.deps.open_access_store(*from), "--from", *from);
    auto target = CheckSide(ctx.deps.open_store(*to), "--to", *to);
    auto target_access = CheckSide(ctx.deps.open_access_store(*to), "--to", *to);
    // The market and the Alliance's work travel too, in the stores of this build.
    std::unique_ptr<domain::MarketStore> source_market, target_market;
    if (ctx.deps.open_market_store) {
      source_market = CheckSide(ctx.deps.open_market_store(*from), "--from", *from);
      target_market = CheckSide(ctx.deps.open_market_store(*to), "--to", *to);
    }
    std::unique_ptr<domain::AllianceStore> source_alliance, target_alliance;
    if (ctx.deps.open_alliance_store) {
      source_alliance = CheckSide(ctx.deps.open_alliance_store(*from), "--from", *from);
      target_alliance = CheckSide(ctx.deps.open_alliance_store(*to), "--to", *to);
    }
    Result<app::CopyResult> copied =
        app::CopyDatabase({*source, *source_access, source_market.get(), source_alliance.get()},
                          {*target, *target_access, target_market.get(), target_alliance.get()});
    // A refused target (not empty) is named as --to; other errors keep their own words.
    if (!copied.ok() && copied.error().code == ErrorCode::kConflict) {
      CheckSide(std::move(copied), "--to", *to);
    }
    const app::CopyResult r = Check(std::move(copied));
    ctx.out() << "copied " << Printable(*from) << " (" << Backend(ctx.deps, *from) << ") to "
              << Printable(*to) << " (" << Backend(ctx.deps, *to) << ")\n";
    PrintCopyCounts(ctx.out(), r.read, r.written);
    ctx.out() << "  sha256 of the backup stream: " << r.sha256 << '\n';
  });
}

}  // namespace hoptac::cli
