#pragma once
// The command line (C13): `hoptac <command> [options]`. Parses arguments with CLI11, calls one
// app/ use case per command and prints a table or JSON. Exit codes (product.md §6): 0 ok,
// 1 failure, 2 usage error, 3 invalid input (nothing written) — mapped in exit_codes.cpp only.

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "base/result.hpp"
#include "domain/access.hpp"
#include "domain/alliance_store.hpp"
#include "domain/clock.hpp"
#include "domain/market_store.hpp"
#include "domain/store.hpp"

namespace hoptac::cli {

// What `hoptac serve` needs; the HTTP adapter (http/) is wired in by main/.
struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string db;
  std::string web_dir;
  // Request threads, each with its own database connections (a store and an access store):
  // the size of the server's connection pool. 0: http::DefaultThreads.
  size_t threads = 0;
};

// The schema of a database before and after `hoptac db migrate` (store::SchemaVersions).
struct SchemaVersions {
  int found = 0;    // when opened (0: a new database)
  int current = 0;  // after the migrations
  int latest = 0;   // the highest this program knows for the database's backend
};

struct Dependencies {
  // Opens the database named by --db (and migrates it).
  std::function<Result<std::unique_ptr<domain::Store>>(const std::string& url)> open_store;
  // Opens the users/sessions/tokens of the database (after open_store has migrated it).
  std::function<Result<std::unique_ptr<domain::AccessStore>>(const std::string& url)>
      open_access_store;
  // Opens the market store of the database (after open_store has migrated it).
  std::function<Result<std::unique_ptr<domain::MarketStore>>(const std::string& url)>
      open_market_store;
  // Opens the database named by --db, applies its pending migrations and says which.
  std::function<Result<SchemaVersions>(const std::string& url)> migrate;
  // kInvalid, naming `flag`, unless `url` is a database URL: a SQLite file (PATH or sqlite:PATH)
  // or postgresql://…; `is_postgres` says which.
  std::function<Status(const std::string& url, const std::string& flag)> check_db_url;
  std::function<bool(const std::string& url)> is_postgres;
  // Opens the Alliance's work (activities, inspections, plans) of the database (after
  // open_store).
  std::function<Result<std::unique_ptr<domain::AllianceStore>>(const std::string& url)>
      open_alliance_store;
  const domain::Clock* clock = nullptr;
  // Runs the HTTP server until SIGINT or SIGTERM; returns the process exit code. Empty when this
  // build has no server.
  std::function<int(const ServeOptions&)> serve;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  // Whether `err` is a terminal: long imports draw a progress bar there.
  bool err_is_terminal = false;
};

int Run(int argc, const char* const* argv, const Dependencies& deps);

}  // namespace hoptac::cli
