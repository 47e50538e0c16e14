#include "store/open_store.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hoptac::store {

Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& url) {
  if (postgres::IsPostgresUrl(url)) {
    auto s = postgres::PostgresStore::Open(url);
    if (!s.ok()) return s.take_error();
    return std::unique_ptr<domain::Store>(std::move(s).value());
  }
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  auto s = sqlite::SqliteStore::Open(path);
  if (!s.ok()) return s.take_error();
  return std::unique_ptr<domain::Store>(std::move(s).value());
}

}  // namespace hoptac::store
