// `hoptac serve`: runs the HTTP server that main/ wired into Dependencies::serve.

#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/context.hpp"

namespace hoptac::cli {

void RegisterServeCommand(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "run the HTTP API (and the web UI) until stopped");
  serve->add_option("--listen", opts->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_option("--web", opts->web_dir,
                    "folder with the built web UI to serve (default: web/dist when it exists)");
  serve
      ->add_option("--threads", opts->threads,
                   "request threads, each with its own database connections (default: the "
                   "cores, at least 2; with PostgreSQL twice the cores, at least 4)")
      ->check(CLI::Range(1, 256));
  serve->callback([&ctx, opts] {
    if (!ctx.deps.serve) {
      throw CommandFailed{Error::Unavailable("this build of hoptac has no HTTP server")};
    }
    opts->db = ctx.db;
    if (opts->web_dir.empty() && std::filesystem::exists("web/dist/index.html")) {
      opts->web_dir = "web/dist";  // run from a checkout after scripts/web
    }
    if (ctx.deps.serve(*opts) != 0) {
      throw CommandFailed{Error::Unavailable("the server could not start (see the line above)")};
    }
  });
}

}  // namespace hoptac::cli
