#include "raw_sqlite.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace hoptac::testing {
namespace {

class Fnv1a {
 public:
  void Add(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
      h_ ^= p[i];
      h_ *= 1099511628211ULL;
    }
  }
  void Add(const std::string& s) {
    const uint64_t n = s.size();
    Add(&n, sizeof n);
    Add(s.data(), s.size());
  }
  std::string Hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  uint64_t h_ = 14695981039346656037ULL;
};

std::string Column(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return "NULL";
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(s, i)));
}

}  // namespace

RawSqlite::RawSqlite(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db_, 10000);
}

RawSqlite::~RawSqlite() { sqlite3_close(db_); }

std::optional<std::string> RawSqlite::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) {
    return std::nullopt;
  }
  std::string out = message != nullptr ? message : "error";
  sqlite3_free(message);
  return out;
}

std::vector<std::vector<std::string>> RawSqlite::Rows(const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
  }
  std::vector<std::vector<std::string>> rows;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) row.push_back(Column(s, i));
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
  return rows;
}

std::string RawSqlite::Scalar(const std::string& sql) {
  const auto rows = Rows(sql);
  if (rows.empty() || rows.front().empty()) throw std::runtime_error(sql + ": no row");
  return rows.front().front();
}

std::string RawSqlite::ContentDigest() {
  Fnv1a h;
  const auto tables = Rows(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name");
  for (const auto& schema : Rows("SELECT type, name, sql FROM sqlite_master ORDER BY name")) {
    for (const auto& v : schema) h.Add(v);
  }
  for (const auto& t : tables) {
    h.Add(t[0]);
    sqlite3_stmt* s = nullptr;
    // A WITHOUT ROWID table has no rowid: a SELECT of it reads in primary key order.
    const bool rowid = t[1].find("WITHOUT ROWID") == std::string::npos;
    const std::string sql = "SELECT * FROM \"" + t[0] + "\"" + (rowid ? " ORDER BY rowid" : "");
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const int type = sqlite3_column_type(s, i);
        h.Add(&type, sizeof type);
        if (type == SQLITE_BLOB) {
          const auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
          const auto n = static_cast<size_t>(sqlite3_column_bytes(s, i));
          h.Add(p == nullptr ? std::string() : std::string(p, n));
        } else {
          h.Add(Column(s, i));
        }
      }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
  }
  return h.Hex();
}

}  // namespace hoptac::testing
