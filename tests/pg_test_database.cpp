#include "pg_test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

namespace hoptac::testing {

namespace {

// postgresql://user@host:port/db[?query] with the database replaced by `db`.
std::string WithDatabase(const std::string& url, const std::string& db) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = url.find('?', slash == std::string::npos ? 0 : slash);
  std::string out = slash == std::string::npos ? url : url.substr(0, slash);
  out.append("/").append(db);
  if (query != std::string::npos) out.append(url.substr(query));
  return out;
}

std::atomic<int> counter{0};

}  // namespace

std::string PgTestDatabase::ServerUrl(std::string* why) {
  const char* url = std::getenv("HOPTAC_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    *why =
        "HOPTAC_TEST_PG_URL is not set: the PostgreSQL tests need a server; run them under "
        "scripts/pg-test-server run -- ctest … (scripts/test does)";
    return "";
  }
  return url;
}

PgTestDatabase::PgTestDatabase() {
  admin_url_ = ServerUrl(&error_);
  if (admin_url_.empty()) return;
  name_ = "hoptac_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction t(admin);
    t.exec("DROP DATABASE IF EXISTS " + admin.quote_name(name_));
    t.exec("CREATE DATABASE " + admin.quote_name(name_));
    url_ = WithDatabase(admin_url_, name_);
  } catch (const std::exception& e) {
    error_ = "cannot create a test database on " + admin_url_ + ": " + e.what();
  }
}

PgTestDatabase::~PgTestDatabase() {
  if (url_.empty()) return;
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction t(admin);
    t.exec("DROP DATABASE IF EXISTS " + admin.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server is gone with its databases (scripts/pg-test-server removes its directory).
  }
}

std::optional<std::string> PgTestDatabase::Exec(const std::string& sql) {
  try {
    pqxx::connection c(url_);
    pqxx::nontransaction t(c);
    t.exec(sql);
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

std::string PgTestDatabase::Scalar(const std::string& sql) {
  pqxx::connection c(url_);
  pqxx::nontransaction t(c);
  const pqxx::result r = t.exec(sql);
  if (r.empty() || r[0].empty()) throw std::runtime_error("no row from: " + sql);
  return r[0][0].is_null() ? "NULL" : r[0][0].c_str();
}

}  // namespace hoptac::testing
