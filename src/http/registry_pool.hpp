#pragma once
// A fixed set of Registries (and Access objects), each over its own Store (a Store is
// single-threaded). A handler borrows one for the length of a request; when all are lent, it waits
// for one to come back. The pool is as large as the server's thread pool, so the wait is short.
// Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/access.hpp"
#include "app/list_index.hpp"
#include "app/registry.hpp"
#include "base/result.hpp"
#include "domain/clock.hpp"
#include "domain/store.hpp"

namespace hoptac::http {

using StoreOpener = std::function<Result<std::unique_ptr<domain::Store>>(const std::string&)>;
using AccessStoreOpener =
    std::function<Result<std::unique_ptr<domain::AccessStore>>(const std::string&)>;

class RegistryPool {
 public:
  // Opens `size` stores (and as many access stores) on `db`.
  static Result<std::unique_ptr<RegistryPool>> Open(const StoreOpener& open,
                                                    const AccessStoreOpener& open_access,
                                                    const std::string& db, size_t size,
                                                    const domain::Clock& clock);
  ~RegistryPool();

  class Lease {
   public:
    Lease(RegistryPool& pool, size_t index) : pool_(&pool), index_(index) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    app::Registry& registry() const;
    domain::Store& store() const;
    app::Access& access() const;

   private:
    RegistryPool* pool_;
    size_t index_;
  };

  Lease Borrow();

  // The index of the organisation list its registries share.
  const app::ListIndex& list_index() const { return *list_index_; }

 private:
  struct Slot {
    std::unique_ptr<domain::Store> store;
    std::unique_ptr<app::Registry> registry;
    std::unique_ptr<domain::AccessStore> access_store;
    std::unique_ptr<app::Access> access;
  };
  RegistryPool() = default;
  void Return(size_t index);

  // The organisations in list order, shared by the registries; built on its own store.
  std::unique_ptr<app::ListIndex> list_index_;
  std::vector<Slot> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<size_t> free_;
};

}  // namespace hoptac::http
