#pragma once
// PgTestDatabase: a fresh PostgreSQL database for one test on the server named by
// $HOPTAC_TEST_PG_URL (scripts/pg-test-server starts one; scripts/test sets it), dropped with
// everything in it when the object is destroyed. Tests never share a database. Without the
// variable, or when the server refuses, url() is empty and error() says why: the PostgreSQL
// tests then fail with that message, never skip. Test-only.

#include <optional>
#include <string>

namespace hoptac::testing {

class PgTestDatabase {
 public:
  PgTestDatabase();
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  // postgresql://…/hoptac_test_…, or "" when no database could be made.
  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }

  // Runs `sql` on the database directly, as an administrator would, bypassing the store;
  // nullopt on success, else the server's message.
  std::optional<std::string> Exec(const std::string& sql);
  // The first value of the first row of `sql` ("NULL" for NULL). Throws on an error.
  std::string Scalar(const std::string& sql);

  // The server of $HOPTAC_TEST_PG_URL, or "" with `why` set.
  static std::string ServerUrl(std::string* why);

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::string error_;
};

}  // namespace hoptac::testing
