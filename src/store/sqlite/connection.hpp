#pragma once
// A thin RAII layer over the SQLite C API, private to store/. Statements are prepared once and
// reset after each use; values are always bound, never spliced into SQL text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace hoptac::store::sqlite {

class Statement;

class Connection {
 public:
  // Opens (creating if needed) the database file and applies the connection settings: WAL,
  // synchronous FULL, foreign keys, a busy timeout.
  static Result<Connection> Open(const std::string& path);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  ~Connection();

  Status Exec(std::string_view sql);  // one or more statements without parameters
  Result<Statement> Prepare(std::string_view sql);
  int64_t LastInsertId() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  // Binding (1-based). Empty optionals bind NULL.
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, const std::optional<int64_t>& v);
  Statement& Bind(int i, const std::optional<std::string>& v);
  Statement& BindNull(int i);
  Statement& BindBlob(int i, std::string_view bytes);

  // Runs one step: true when a row is available, false when done. Errors become domain errors.
  Result<bool> Step();
  // Steps to completion (for statements without results).
  Status Run();
  void Reset();  // resets and clears bindings

  bool IsNull(int col) const;
  int64_t Int(int col) const;
  std::string Text(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  std::optional<std::string> OptText(int col) const;
  std::string Blob(int col) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// Maps an SQLite result code to a domain error (no driver text leaves the store).
Error ErrorFromSqlite(int code, std::string_view what);

}  // namespace hoptac::store::sqlite
