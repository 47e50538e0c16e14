#include "store/open_store.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace hoptac::store {

Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return Error::Invalid("db", url, "PostgreSQL databases are not supported by this build yet",
                          "db.backend");
  }
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  auto s = sqlite::SqliteStore::Open(path);
  if (!s.ok()) return s.take_error();
  return std::unique_ptr<domain::Store>(std::move(s).value());
}

}  // namespace hoptac::store
