#pragma once
// The market's side of the server (issue 9): a fixed set of app::Market services, each over its
// own MarketStore and registry Store (both single-threaded), lent to one request at a time like
// RegistryPool; and the public demand form's guard (one per server). Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/market.hpp"
#include "base/result.hpp"
#include "domain/clock.hpp"
#include "domain/market_store.hpp"
#include "http/registry_pool.hpp"

namespace hoptac::http {

using MarketStoreOpener =
    std::function<Result<std::unique_ptr<domain::MarketStore>>(const std::string&)>;

class MarketPool {
 public:
  static Result<std::unique_ptr<MarketPool>> Open(const StoreOpener& open,
                                                  const MarketStoreOpener& open_market,
                                                  const std::string& db, size_t size,
                                                  const domain::Clock& clock);
  ~MarketPool();

  class Lease {
   public:
    Lease(MarketPool& pool, size_t index) : pool_(&pool), index_(index) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    app::Market& market() const;

   private:
    MarketPool* pool_;
    size_t index_;
  };

  Lease Borrow();
  app::PublicDemandGuard& guard() { return guard_; }

 private:
  struct Slot {
    std::unique_ptr<domain::Store> store;
    std::unique_ptr<domain::MarketStore> market_store;
    std::unique_ptr<app::Market> market;
  };
  MarketPool() = default;
  void Return(size_t index);

  std::vector<Slot> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<size_t> free_;
  app::PublicDemandGuard guard_;
};

}  // namespace hoptac::http
