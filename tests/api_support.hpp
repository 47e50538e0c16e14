#pragma once
// What the black-box API tests share: the real `hoptac serve` ($HOPTAC_BINARY) started on port 0
// over a temporary database, and a small blocking HTTP/1.1 client over POSIX sockets. With
// HOPTAC_TEST_BACKEND=postgres (ctest's api_*_test_postgres) the databases are fresh ones on the
// server of $HOPTAC_TEST_PG_URL (TestDatabase).

#include <sys/types.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hoptac::testing {

class PgTestDatabase;
class TempDir;

std::string HoptacBinary();

// The database of one test: the file `name` in `dir` (SQLite), or with HOPTAC_TEST_BACKEND=postgres
// a fresh database on the server of $HOPTAC_TEST_PG_URL, dropped with this object. When none
// could be made, url() is empty and error() says why: the test must then fail, never skip.
class TestDatabase {
 public:
  TestDatabase(const TempDir& dir, const std::string& name);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }
  static bool Postgres();  // HOPTAC_TEST_BACKEND=postgres

 private:
  std::unique_ptr<PgTestDatabase> pg_;
  std::string url_;
  std::string error_;
};

// Runs `hoptac args…`, returning its exit code; stdout goes to `out`, and stderr to `err` when
// given (read after stdout ends: for the short messages of a failing command).
int RunHoptac(const std::vector<std::string>& args, std::string* out = nullptr,
              std::string* err = nullptr);

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const;
};

// One keep-alive connection. Every call sends one request and reads one response; a failure to
// connect, send or read gives status 0 and `error` set.
class HttpConnection {
 public:
  explicit HttpConnection(int port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::map<std::string, std::string>& headers = {},
                    const std::string& body = {});
  // Sends raw bytes and reads one response (for malformed requests).
  HttpResponse SendRaw(const std::string& bytes);
  bool sent() const { return sent_; }  // the last request was written completely
  const std::string& error() const { return error_; }

 private:
  bool Connect();
  HttpResponse ReadResponse();
  int port_;
  int fd_ = -1;
  bool sent_ = false;
  std::string error_;
  std::string buffer_;
};

// `hoptac serve --db DB --listen 127.0.0.1:0`, stopped with SIGTERM when destroyed. Its stderr
// (the log) is collected by a thread.
class ServerProcess {
 public:
  // `extra` is appended to the command line (e.g. {"--web", dir}).
  explicit ServerProcess(const std::string& db, const std::vector<std::string>& extra = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and waits; returns the exit status (as from waitpid's WEXITSTATUS, or -1).
  int Stop();
  std::vector<std::string> LogLines();

  // A GET on a fresh connection, with the default headers (then `h`).
  HttpResponse Get(const std::string& target, const std::map<std::string, std::string>& h = {});
  void SetDefaultHeaders(std::map<std::string, std::string> h) { default_headers_ = std::move(h); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int stderr_fd_ = -1;
  std::thread reader_;
  std::mutex mu_;
  std::vector<std::string> lines_;
  std::map<std::string, std::string> default_headers_;
};

// The demo accounts printed by `hoptac demo`: username -> password.
std::map<std::string, std::string> DemoAccounts(const std::string& demo_output);
// A value printed after `label` on its line in `text` (up to the next space).
std::string After(const std::string& text, const std::string& label);

}  // namespace hoptac::testing
