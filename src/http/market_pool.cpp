#include "http/market_pool.hpp"

namespace hoptac::http {

Result<std::unique_ptr<MarketPool>> MarketPool::Open(const StoreOpener& open,
                                                     const MarketStoreOpener& open_market,
                                                     const std::string& db, size_t size,
                                                     const domain::Clock& clock) {
  std::unique_ptr<MarketPool> pool(new MarketPool());
  for (size_t i = 0; i < size; ++i) {
    Slot slot;
    HOPTAC_ASSIGN_OR_RETURN(slot.store, open(db));
    HOPTAC_ASSIGN_OR_RETURN(slot.market_store, open_market(db));
    slot.market = std::make_unique<app::Market>(*slot.market_store, *slot.store, clock);
    pool->slots_.push_back(std::move(slot));
    pool->free_.push_back(i);
  }
  return pool;
}

MarketPool::~MarketPool() {
  for (Slot& s : slots_) {
    s.market.reset();  // before the stores it uses
    s.market_store.reset();
    s.store.reset();
  }
}

MarketPool::Lease MarketPool::Borrow() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty(); });
  const size_t index = free_.back();
  free_.pop_back();
  return Lease(*this, index);
}

void MarketPool::Return(size_t index) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(index);
  }
  cv_.notify_one();
}

MarketPool::Lease::~Lease() { pool_->Return(index_); }

app::Market& MarketPool::Lease::market() const { return *pool_->slots_[index_].market; }

}  // namespace hoptac::http
