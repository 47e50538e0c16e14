// hoptac: composition. Opens nothing by itself; wires the real clock and the store factory into
// the command line, which opens the database named by --db when a command needs it.

#include <unistd.h>

#include <chrono>
#include <iostream>

#include "cli/cli.hpp"
#include "domain/clock.hpp"
#include "http/serve.hpp"
#include "store/open_access_store.hpp"
#include "store/open_alliance_store.hpp"
#include "store/open_market_store.hpp"
#include "store/open_store.hpp"

namespace {

class SystemClock final : public hoptac::domain::Clock {
 public:
  hoptac::Timestamp Now() const override {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    return hoptac::Timestamp::FromMicros(us);
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const SystemClock clock;
  hoptac::cli::Dependencies deps;
  deps.open_store = hoptac::store::OpenStore;
  deps.open_access_store = hoptac::store::OpenAccessStore;
  deps.open_market_store = hoptac::store::OpenMarketStore;
  deps.migrate = [](const std::string& url) -> hoptac::Result<hoptac::cli::SchemaVersions> {
    HOPTAC_ASSIGN_OR_RETURN(const hoptac::store::SchemaVersions v,
                            hoptac::store::MigrateDatabase(url));
    return hoptac::cli::SchemaVersions{v.found, v.current, v.latest};
  };
  deps.check_db_url = hoptac::store::CheckDatabaseUrl;
  deps.is_postgres = hoptac::store::IsPostgres;
  deps.open_alliance_store = hoptac::store::OpenAllianceStore;
  deps.clock = &clock;
  deps.serve = [&clock](const hoptac::cli::ServeOptions& o) {
    return hoptac::http::Serve(
        {o.listen, o.db, o.web_dir, o.threads, hoptac::store::IsPostgres(o.db)},
        hoptac::store::OpenStore, hoptac::store::OpenAccessStore, clock, std::cerr,
        hoptac::store::OpenMarketStore, hoptac::store::OpenAllianceStore);
  };
  deps.out = &std::cout;
  deps.err = &std::cerr;
  deps.err_is_terminal = isatty(STDERR_FILENO) == 1;
  return hoptac::cli::Run(argc, argv, deps);
}
