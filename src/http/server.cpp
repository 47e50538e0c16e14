// The wire: RESTinio (and asio) are included here only. Turns a RESTinio request into a Request,
// runs Dispatch, writes the Response, logs and counts it; handles the signals and the drain.

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <ostream>
#include <restinio/all.hpp>
#include <thread>

#include "base/json_text.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/problem.hpp"
#include "http/report_host.hpp"
#include "http/routes.hpp"
#include "http/serve.hpp"

namespace hoptac::http {
namespace {

constexpr size_t kMaxBody = 1 << 20;         // larger bodies get 413 from the handler side
constexpr size_t kMaxUploadBody = 64 << 20;  // … except spreadsheet uploads (/api/import/…)
constexpr size_t kMaxWireBody = 65 << 20;    // larger ones are cut by RESTinio
constexpr size_t kMaxHeaderValue = 8 << 10;  // per header value
constexpr size_t kMaxHeaderCount = 100;
constexpr size_t kMaxUrl = 8 << 10;

// Counts open connections for /metrics.
class ConnectionListener {
 public:
  explicit ConnectionListener(Metrics& m) : metrics_(m) {}
  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    restinio::visit(Visitor{metrics_}, notice.cause());
  }

 private:
  struct Visitor {
    Metrics& m;
    void operator()(const restinio::connection_state::accepted_t&) const { m.ConnectionOpened(); }
    void operator()(const restinio::connection_state::closed_t&) const { m.ConnectionClosed(); }
    void operator()(const restinio::connection_state::upgraded_to_websocket_t&) const {}
  };
  Metrics& metrics_;
};

struct Traits : restinio::default_traits_t {
  using connection_state_listener_t = ConnectionListener;
};
using Server = restinio::http_server_t<Traits>;

// Requests being answered, for the drain on shutdown.
class InFlight {
 public:
  void Begin() {
    std::lock_guard lock(mu_);
    ++n_;
  }
  void End() {
    std::lock_guard lock(mu_);
    --n_;
    last_end_ = std::chrono::steady_clock::now();
    cv_.notify_all();
  }
  // Waits until nothing is in flight and nothing finished within `quiet`: keep-alive clients
  // that got "Connection: close" have had time to go.
  void WaitIdle(std::chrono::milliseconds quiet) {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return n_ == 0; });
      const auto until = last_end_ + quiet;
      if (cv_.wait_until(lock, until, [this] { return n_ != 0; })) continue;
      if (n_ == 0 && std::chrono::steady_clock::now() >= until) return;
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t n_ = 0;
  std::chrono::steady_clock::time_point last_end_ = std::chrono::steady_clock::now();
};

class Log {
 public:
  explicit Log(std::ostream& out) : out_(out) {}
  // One write of the whole line (std::cerr is unbuffered: `<< line << '\n'` was two).
  void Line(std::string line) {
    line.push_back('\n');
    std::lock_guard lock(mu_);
    out_.write(line.data(), static_cast<std::streamsize>(line.size()));
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::mutex mu_;
};

// Seconds as milliseconds with at most two decimals, a JSON number: "2.62", "0.1", "12".
std::string Millis(double seconds) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, std::round(seconds * 100000) / 100);
  return std::string(buf, r.ptr);
}

std::string NewRequestId() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t boot =
      static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() & 0xffffff);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llx-%llu", static_cast<unsigned long long>(boot),
                static_cast<unsigned long long>(++counter));
  return buf;
}

// A client's X-Request-Id is kept when it is short and plain; otherwise one is made.
std::string RequestIdFrom(const std::string& given) {
  if (given.empty() || given.size() > 64) return NewRequestId();
  for (char c : given) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return NewRequestId();
    }
  }
  return given;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

bool ParseListen(const std::string& listen, std::string& host, uint16_t& port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5 || !std::all_of(p.begin(), p.end(), ::isdigit)) return false;
  const int n = std::stoi(p);
  if (n > 65535) return false;
  port = static_cast<uint16_t>(n);
  return true;
}

Request ToRequest(const restinio::request_handle_t& h, std::string& bad_query) {
  Request req;
  req.method = h->header().method().c_str();
  const std::string target(h->header().request_target());
  const size_t qpos = target.find('?');
  const std::string raw_path = target.substr(0, qpos);
  if (qpos != std::string::npos) req.raw_query = target.substr(qpos + 1);
  if (!PercentDecode(raw_path, false, req.path)) req.path = "/\x01";  // matches no route
  h->header().for_each_field([&req](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    req.headers[name] = f.value();
  });
  if (!ParseQuery(req.raw_query, req.query, bad_query) && bad_query.empty()) bad_query = "query";
  req.body = h->body();
  req.remote_address = h->remote_endpoint().address().to_string();
  req.request_id = RequestIdFrom(req.Header("x-request-id"));
  return req;
}

}  // namespace

size_t DefaultThreads(bool database_on_network) {
  size_t cores = std::max(1u, std::thread::hardware_concurrency());
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 0) {
    cores = static_cast<size_t>(CPU_COUNT(&allowed));  // taskset, a cpuset
  }
  return database_on_network ? std::max<size_t>(4, 2 * cores) : std::max<size_t>(2, cores);
}

int Serve(const ServeConfig& config, const StoreOpener& open_store,
          const AccessStoreOpener& open_access, const domain::Clock& clock,
          std::ostream& log_stream, const MarketStoreOpener& open_market,
          const AllianceStoreOpener& open_alliance) {
  Log log(log_stream);
  std::string host;
  uint16_t port = 0;
  if (!ParseListen(config.listen, host, port)) {
    log.Line("hoptac: --listen expects HOST:PORT, e.g. 127.0.0.1:8080, not '" + config.listen +
             "'");
    return 2;
  }
  const size_t threads =
      config.threads > 0 ? config.threads : DefaultThreads(config.database_on_network);

  // The signals go to the thread waiting for them below, not to the pool's threads.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto pool = RegistryPool::Open(open_store, open_access, config.db, threads, clock);
  if (!pool.ok()) {
    log.Line("hoptac: cannot open the database: " + pool.error().ToString());
    return 1;
  }
  auto reports = ReportHost::Open(open_store, config.db, clock);
  if (!reports.ok()) {
    log.Line("hoptac: cannot open the database: " + reports.error().ToString());
    return 1;
  }
  Metrics metrics;
  app::LoginThrottle throttle;
  Services services{**pool, **reports, throttle, metrics, clock, OpenApiJson(), config.web_dir};
  std::unique_ptr<MarketPool> markets;
  if (open_market) {
    auto opened = MarketPool::Open(open_store, open_market, config.db, threads, clock);
    if (!opened.ok()) {
      log.Line("hoptac: cannot open the database: " + opened.error().ToString());
      return 1;
    }
    markets = std::move(opened).value();
    services.markets = markets.get();
  }
  std::unique_ptr<AlliancePool> alliance;
  if (open_alliance) {
    // One service: each keeps a projection of the whole registry for the indicators and the
    // review (about 120 MB nationally), and the Alliance's pages are few beside the registry's.
    auto opened = AlliancePool::Open(open_store, open_alliance, config.db, 1, clock);
    if (!opened.ok()) {
      log.Line("hoptac: cannot open the database: " + opened.error().ToString());
      return 1;
    }
    alliance = std::move(opened).value();
    services.alliance = alliance.get();
  }
  InFlight in_flight;
  std::atomic<bool> draining{false};

  auto process = [&](const restinio::request_handle_t& h) {
    const auto start = std::chrono::steady_clock::now();
    std::string bad_query;
    Call call{ToRequest(h, bad_query), 0, {}, std::nullopt};
    std::string route = "unmatched";
    Response resp;
    if (!bad_query.empty()) {
      resp = Problem(Error::Invalid(bad_query, "", "malformed percent-encoding in the query",
                                    "query.encoding"),
                     call.req.request_id);
    } else if (const size_t limit =
                   call.req.path.rfind("/api/import/", 0) == 0 ? kMaxUploadBody : kMaxBody;
               call.req.body.size() > limit) {
      resp = Problem(413, "Body too large", "The body exceeds " + std::to_string(limit) + " bytes.",
                     call.req.request_id);
    } else {
      resp = Dispatch(services, call, route);
    }
    auto out = h->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<uint16_t>(resp.status)}, Reason(resp.status)});
    out.append_header("Content-Type", resp.content_type);
    out.append_header("X-Request-Id", call.req.request_id);
    out.append_header("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : resp.headers) out.append_header(name, value);
    if (draining.load()) out.connection_close();
    if (call.req.method != "HEAD") out.set_body(std::move(resp.body));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics.Record(call.req.method, route, resp.status, seconds, call.db_seconds);
    json_text::Object line;
    line.Str("ts", clock.Now().ToString())
        .Str("request_id", call.req.request_id)
        .Str("method", call.req.method)
        .Str("path", call.req.path)
        .Str("route", route)
        .Int("status", resp.status)
        .Raw("ms", Millis(seconds))
        .Raw("db_ms", Millis(call.db_seconds))
        .Str("user", call.user)
        .Str("remote", call.req.remote_address);
    log.Line(line.Text());
    out.done([&in_flight](const asio::error_code&) { in_flight.End(); });
  };
  // A request read is answered in its turn: its work goes to the back of the queue. Run where it
  // was read, a connection whose next request had already arrived was served again and again
  // ahead of the others (docs/benchmarks.md, session 5).
  asio::io_context* io = nullptr;
  auto handler = [&](restinio::request_handle_t h) {
    in_flight.Begin();
    asio::post(*io, [&process, &in_flight, h = std::move(h)] {
      try {
        process(h);
      } catch (...) {  // run off restinio's own guard: answer 500 and close, as it would
        in_flight.End();
        try {
          h->create_response(restinio::status_internal_server_error()).connection_close().done();
        } catch (...) {
        }
      }
    });
    return restinio::request_accepted();
  };

  uint16_t bound_port = 0;
  Server server{restinio::own_io_context(), [&](auto& settings) {
                  settings.port(port)
                      .address(host)
                      .request_handler(handler)
                      .read_next_http_message_timelimit(std::chrono::seconds(30))
                      .write_http_response_timelimit(std::chrono::seconds(30))
                      .handle_request_timeout(std::chrono::seconds(30))
                      .max_pipelined_requests(1)
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                    .max_url_size(kMaxUrl)
                                                    .max_field_name_size(256)
                                                    .max_field_value_size(kMaxHeaderValue)
                                                    .max_field_count(kMaxHeaderCount)
                                                    .max_body_size(kMaxWireBody))
                      .connection_state_listener(std::make_shared<ConnectionListener>(metrics))
                      .acceptor_post_bind_hook([&bound_port](asio::ip::tcp::acceptor& a) {
                        bound_port = a.local_endpoint().port();
                      });
                }};
  io = &server.io_context();
  restinio::on_pool_runner_t<Server> runner{threads, server};
  std::promise<std::string> started;
  runner.start([&started]() noexcept { started.set_value(""); },
               [&started](std::exception_ptr ex) noexcept {
                 try {
                   std::rethrow_exception(ex);
                 } catch (const std::exception& e) {
                   started.set_value(e.what());
                 } catch (...) {
                   started.set_value("unknown error");
                 }
               });
  const std::string start_error = started.get_future().get();
  if (!start_error.empty()) {
    runner.wait();
    log.Line("hoptac: cannot listen on " + config.listen + ": " + start_error);
    return 1;
  }
  log.Line("hoptac: listening on http://" + host + ":" + std::to_string(bound_port) + " (" +
           std::to_string(threads) + " threads)");

  int sig = 0;
  sigwait(&signals, &sig);
  log.Line(std::string("hoptac: ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
           ": not accepting; finishing requests in flight");
  std::promise<void> closed;
  server.close_async([&closed]() noexcept { closed.set_value(); },
                     [&closed](std::exception_ptr) noexcept { closed.set_value(); });
  closed.get_future().wait();
  // Only now: a client told to close cannot reconnect to a socket that is still accepting.
  draining = true;
  in_flight.WaitIdle(std::chrono::milliseconds(500));
  runner.stop();
  runner.wait();
  pool->reset();
  log.Line("hoptac: stopped; database closed");
  return 0;
}

}  // namespace hoptac::http
