#pragma once
// RawSqlite: a direct connection to a hoptac SQLite file, bypassing the store, for what the store
// deliberately does not offer: pragmas, statements the schema must refuse, and a digest of the
// whole content to prove that a refused command wrote nothing. Test-only.

#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace hoptac::testing {

class RawSqlite {
 public:
  // Opens `path` read-write (without creating it); throws when it cannot.
  explicit RawSqlite(const std::string& path);
  ~RawSqlite();
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;

  // Runs `sql`; nullopt on success, else SQLite's error message.
  std::optional<std::string> Exec(const std::string& sql);
  // Every row of `sql`, each value as text ("NULL" for NULL). Throws on an error.
  std::vector<std::vector<std::string>> Rows(const std::string& sql);
  // The first value of the first row of `sql`. Throws when there is no row.
  std::string Scalar(const std::string& sql);

  // A digest (FNV-1a, hex) of the schema and of every row of every table, in rowid order, with
  // each value's type: equal digests mean equal content.
  std::string ContentDigest();

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace hoptac::testing
