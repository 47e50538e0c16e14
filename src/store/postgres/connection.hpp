#pragma once
// A thin layer over libpqxx, private to store/postgres (pqxx stays in connection.cpp): one
// server connection, statements prepared once per connection and always run with bound
// parameters, explicit transactions, and driver errors turned into domain errors (no server or
// driver text leaves the store). Not thread-safe: one Connection per thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hoptac::store::postgres {

// The values of one statement's $1, $2, … in order: text, or NULL. Numbers go as their decimal
// text, booleans as true/false, bytes as a bytea in hex, lists as a text[] literal; the server
// converts each to the type of its parameter.
class Params {
 public:
  Params& Add(std::string_view v);
  Params& Add(const std::string& v) { return Add(std::string_view(v)); }
  Params& Add(const char* v) { return Add(std::string_view(v)); }
  Params& Add(int64_t v);
  Params& Add(int v) { return Add(int64_t{v}); }
  Params& Add(bool v);
  Params& Add(const std::optional<std::string>& v);
  Params& Add(const std::optional<int64_t>& v);
  Params& AddNull();
  Params& AddBytes(std::string_view bytes);
  Params& AddArray(const std::vector<std::string>& items);

  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// The rows of one statement's result, read by row and column (0-based).
class Rows {
 public:
  struct Impl;
  explicit Rows(std::unique_ptr<Impl> impl);
  Rows(Rows&&) noexcept;
  Rows& operator=(Rows&&) noexcept;
  ~Rows();

  size_t size() const;
  bool empty() const { return size() == 0; }
  int64_t affected() const;  // rows inserted, updated or deleted

  bool IsNull(size_t row, int col) const;
  std::string_view View(size_t row, int col) const;
  std::string Text(size_t row, int col) const { return std::string(View(row, col)); }
  std::optional<std::string> OptText(size_t row, int col) const;
  int64_t Int(size_t row, int col) const;
  std::optional<int64_t> OptInt(size_t row, int col) const;
  bool Bool(size_t row, int col) const;
  std::string Bytes(size_t row, int col) const;  // a bytea column

 private:
  std::unique_ptr<Impl> impl_;
};

enum class Isolation { kReadCommitted, kRepeatableReadReadOnly };

class Connection {
 public:
  // Connects to `url` (postgresql://user[:password]@host[:port]/db[?param=value…], as libpq
  // reads it). kUnavailable when the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement, prepared on first use (keyed by its text) and reused afterwards.
  Result<Rows> Run(std::string_view sql, const Params& params = {});
  // Runs a script of statements without parameters (migrations).
  Status RunScript(std::string_view sql);
  // Appends `rows` to `table` with one COPY … FROM STDIN (libpqxx's stream_to): for bulk writes,
  // one statement instead of one per row. Every row holds one value per column of `columns`, as
  // Params gives them (text the server converts to the column's type, or NULL); at most
  // kMaxCopyColumns columns. Inside the open transaction, like Run.
  static constexpr size_t kMaxCopyColumns = 32;
  Status Copy(const std::string& table, const std::vector<std::string>& columns,
              const std::vector<Params>& rows);

  // Explicit transactions, one at a time. After a failed statement the server refuses
  // everything but a rollback: Commit() then rolls back and returns the first error.
  Status Begin(Isolation isolation = Isolation::kReadCommitted);
  Status Commit();
  void Rollback();  // never fails; a lost connection has rolled back already
  bool in_transaction() const { return in_transaction_; }

  struct Impl;

 private:
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  bool in_transaction_ = false;
  std::optional<Error> failed_;  // the first error inside the open transaction
};

// Runs `body` in a transaction on `conn` (or in the one already open): commits when `body`
// succeeds and the transaction is its own, rolls back when it fails or throws (an exception —
// out of memory, say — must not leave the connection inside a transaction that never ends).
template <typename T, typename Body>
Result<T> InTransaction(Connection& conn, Isolation isolation, Body&& body) {
  if (conn.in_transaction()) return body();
  HOPTAC_RETURN_IF_ERROR(conn.Begin(isolation));
  Result<T> out = [&]() -> Result<T> {
    try {
      return body();
    } catch (...) {
      conn.Rollback();
      throw;
    }
  }();
  if (!out.ok()) {
    conn.Rollback();
    return out;
  }
  HOPTAC_RETURN_IF_ERROR(conn.Commit());
  return out;
}

}  // namespace hoptac::store::postgres
