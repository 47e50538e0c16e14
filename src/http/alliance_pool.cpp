#include "http/alliance_pool.hpp"

namespace hoptac::http {

Result<std::unique_ptr<AlliancePool>> AlliancePool::Open(const StoreOpener& open,
                                                         const AllianceStoreOpener& open_alliance,
                                                         const std::string& db, size_t size,
                                                         const domain::Clock& clock) {
  std::unique_ptr<AlliancePool> pool(new AlliancePool());
  for (size_t i = 0; i < size; ++i) {
    Slot slot;
    HOPTAC_ASSIGN_OR_RETURN(slot.store, open(db));
    HOPTAC_ASSIGN_OR_RETURN(slot.alliance_store, open_alliance(db));
    slot.service = std::make_unique<app::AllianceService>(*slot.store, *slot.alliance_store, clock);
    pool->slots_.push_back(std::move(slot));
    pool->free_.push_back(i);
  }
  return pool;
}

AlliancePool::~AlliancePool() {
  for (Slot& s : slots_) {
    s.service.reset();  // before the stores it uses
    s.alliance_store.reset();
    s.store.reset();
  }
}

AlliancePool::Lease AlliancePool::Borrow() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty(); });
  const size_t index = free_.back();
  free_.pop_back();
  return Lease(*this, index);
}

void AlliancePool::Return(size_t index) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(index);
  }
  cv_.notify_one();
}

AlliancePool::Lease::~Lease() { pool_->Return(index_); }

app::AllianceService& AlliancePool::Lease::service() const {
  return *pool_->slots_[index_].service;
}

}  // namespace hoptac::http
