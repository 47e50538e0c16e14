#include "api_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "pg_test_database.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {

std::string HoptacBinary() {
  const char* env = std::getenv("HOPTAC_BINARY");
  return env != nullptr && *env != '\0' ? env : HOPTAC_BINARY_DEFAULT;
}

bool TestDatabase::Postgres() {
  const char* backend = std::getenv("HOPTAC_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgres";
}

TestDatabase::TestDatabase(const TempDir& dir, const std::string& name) {
  if (!Postgres()) {
    url_ = dir.File(name);
    return;
  }
  pg_ = std::make_unique<PgTestDatabase>();
  url_ = pg_->url();
  error_ = pg_->error();
}

TestDatabase::~TestDatabase() = default;

int RunHoptac(const std::vector<std::string>& args, std::string* out, std::string* err) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return -1;
  int errfd[2] = {-1, -1};
  if (err != nullptr && pipe(errfd) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    close(pipefd[1]);
    if (err != nullptr) {
      dup2(errfd[1], 2);
      close(errfd[0]);
      close(errfd[1]);
    }
    std::vector<std::string> all = {HoptacBinary()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipefd[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(pipefd[0], buf, sizeof buf)) > 0;) text.append(buf, size_t(n));
  close(pipefd[0]);
  if (err != nullptr) {
    close(errfd[1]);
    err->clear();
    for (ssize_t n; (n = read(errfd[0], buf, sizeof buf)) > 0;) err->append(buf, size_t(n));
    close(errfd[0]);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (out != nullptr) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpConnection::HttpConnection(int port) : port_(port) {}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

bool HttpConnection::Connect() {
  if (fd_ >= 0) return true;
  buffer_.clear();
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
    error_ = "connect failed";
    return false;
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

HttpResponse HttpConnection::Send(const std::string& method, const std::string& target,
                                  const std::map<std::string, std::string>& headers,
                                  const std::string& body) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) req.append(k).append(": ").append(v).append("\r\n");
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  req.append("\r\n").append(body);
  return SendRaw(req);
}

HttpResponse HttpConnection::SendRaw(const std::string& bytes) {
  sent_ = false;
  error_.clear();
  if (!Connect()) return {};
  size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      error_ = "send failed";
      close(fd_);
      fd_ = -1;
      return {};
    }
    off += size_t(n);
  }
  sent_ = true;
  HttpResponse r = ReadResponse();
  if (r.status == 0 || r.Header("connection") == "close") {
    close(fd_);
    fd_ = -1;
  }
  return r;
}

HttpResponse HttpConnection::ReadResponse() {
  HttpResponse r;
  char buf[8192];
  auto fill = [&]() {
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, size_t(n));
    return true;
  };
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) {
      error_ = "connection closed before the response";
      return {};
    }
  }
  const std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  r.status = std::atoi(status_line.substr(9, 3).c_str());
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    r.headers[name] = value;
  }
  const size_t length = std::strtoul(r.Header("content-length").c_str(), nullptr, 10);
  while (buffer_.size() < length) {
    if (!fill()) {
      error_ = "connection closed inside the body";
      r.status = 0;
      return r;
    }
  }
  r.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return r;
}

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& extra) {
  int pipefd[2];
  if (pipe(pipefd) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(pipefd[1], 2);
    close(pipefd[0]);
    close(pipefd[1]);
    std::vector<std::string> all = {HoptacBinary(), "serve", "--db", db, "--listen", "127.0.0.1:0"};
    all.insert(all.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipefd[1]);
  stderr_fd_ = pipefd[0];
  // Read until the "listening" line; then keep collecting the log on a thread.
  std::string pending;
  char buf[4096];
  while (port_ == 0) {
    const ssize_t n = read(stderr_fd_, buf, sizeof buf);
    if (n <= 0) throw std::runtime_error("hoptac serve exited before listening: " + pending);
    pending.append(buf, size_t(n));
    const size_t at = pending.find("listening on http://127.0.0.1:");
    if (at != std::string::npos) {
      const size_t nl = pending.find('\n', at);
      if (nl == std::string::npos) continue;
      port_ =
          std::atoi(pending.c_str() + at + std::string("listening on http://127.0.0.1:").size());
    }
  }
  {
    std::lock_guard lock(mu_);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      lines_.push_back(pending.substr(start, nl - start));
    }
    pending.erase(0, start);
  }
  reader_ = std::thread([this, pending]() mutable {
    char b[4096];
    for (ssize_t n; (n = read(stderr_fd_, b, sizeof b)) > 0;) {
      pending.append(b, size_t(n));
      std::lock_guard lock(mu_);
      size_t start = 0;
      for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
        lines_.push_back(pending.substr(start, nl - start));
      }
      pending.erase(0, start);
    }
  });
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  close(stderr_fd_);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::~ServerProcess() { Stop(); }

std::vector<std::string> ServerProcess::LogLines() {
  std::lock_guard lock(mu_);
  return lines_;
}

HttpResponse ServerProcess::Get(const std::string& target,
                                const std::map<std::string, std::string>& h) {
  HttpConnection c(port_);
  std::map<std::string, std::string> all = default_headers_;
  for (const auto& [k, v] : h) all[k] = v;
  return c.Send("GET", target, all);
}

std::string After(const std::string& text, const std::string& label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) return {};
  const size_t start = at + label.size();
  return text.substr(start, text.find_first_of(" \n", start) - start);
}

std::map<std::string, std::string> DemoAccounts(const std::string& demo_output) {
  std::map<std::string, std::string> out;
  for (size_t at = demo_output.find("login: "); at != std::string::npos;
       at = demo_output.find("login: ", at + 1)) {
    const std::string line = demo_output.substr(at, demo_output.find('\n', at) - at);
    out[After(line, "login: ")] = After(line, "password: ");
  }
  return out;
}

}  // namespace hoptac::testing
