#pragma once
// A fixed set of AllianceServices (app/alliance.hpp), each over its own registry store and
// Alliance store, lent to one request at a time like RegistryPool's registries. Each keeps its
// own projection of the registry for the plan indicators and the review. Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/alliance.hpp"
#include "base/result.hpp"
#include "domain/alliance_store.hpp"
#include "domain/clock.hpp"
#include "http/registry_pool.hpp"

namespace hoptac::http {

using AllianceStoreOpener =
    std::function<Result<std::unique_ptr<domain::AllianceStore>>(const std::string&)>;

class AlliancePool {
 public:
  static Result<std::unique_ptr<AlliancePool>> Open(const StoreOpener& open,
                                                    const AllianceStoreOpener& open_alliance,
                                                    const std::string& db, size_t size,
                                                    const domain::Clock& clock);
  ~AlliancePool();

  class Lease {
   public:
    Lease(AlliancePool& pool, size_t index) : pool_(&pool), index_(index) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    app::AllianceService& service() const;

   private:
    AlliancePool* pool_;
    size_t index_;
  };

  Lease Borrow();

 private:
  struct Slot {
    std::unique_ptr<domain::Store> store;
    std::unique_ptr<domain::AllianceStore> alliance_store;
    std::unique_ptr<app::AllianceService> service;
  };
  AlliancePool() = default;
  void Return(size_t index);

  std::vector<Slot> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<size_t> free_;
};

}  // namespace hoptac::http
