#pragma once
// The HTTP server: `hoptac serve`. Listens on `listen` ("host:port"; port 0 picks a free one),
// answers the routes of routes.cpp on a pool of threads that also do the database work (one
// Store per thread, see RegistryPool), and writes one JSON log line per request on `log`.
//
// Start-up prints "hoptac: listening on http://HOST:PORT" on `log` once the socket is bound
// (tests read the port from it). SIGINT or SIGTERM stops it gracefully: the listening socket is
// closed, requests in flight are answered (with Connection: close), then the threads stop and
// the database is closed. Returns the process exit code (0 after a clean stop, 1 when it could
// not start).

#include <iosfwd>
#include <string>

#include "domain/clock.hpp"
#include "http/alliance_pool.hpp"
#include "http/market_pool.hpp"
#include "http/registry_pool.hpp"

namespace hoptac::http {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::string db;
  std::string web_dir;
  size_t threads = 0;                // 0: DefaultThreads
  bool database_on_network = false;  // PostgreSQL: requests wait on the network, not the CPU
};

// Request threads when none are asked for: one per core the process may run on (at least two, so
// that a long report does not hold every request) when the database is a local file, whose work
// is CPU; twice that, at least four, when requests wait on a database server. More threads than
// cores only time-slice: under 64 connections on one core, 4 threads gave a p99 of 24 ms for the
// organisation detail, 1 or 2 threads 15–17 ms, at the same requests/s (docs/benchmarks.md).
size_t DefaultThreads(bool database_on_network);

// `open_market` (optional) opens the market's stores (market_pool.hpp); `open_alliance` (may be
// empty) opens the Alliance's work for its routes.
int Serve(const ServeConfig& config, const StoreOpener& open_store,
          const AccessStoreOpener& open_access, const domain::Clock& clock, std::ostream& log,
          const MarketStoreOpener& open_market = {}, const AllianceStoreOpener& open_alliance = {});

}  // namespace hoptac::http
