#include "http/registry_pool.hpp"

namespace hoptac::http {

Result<std::unique_ptr<RegistryPool>> RegistryPool::Open(const StoreOpener& open,
                                                         const AccessStoreOpener& open_access,
                                                         const std::string& db, size_t size,
                                                         const domain::Clock& clock) {
  std::unique_ptr<RegistryPool> pool(new RegistryPool());
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<domain::Store> index_store, open(db));
  pool->list_index_ = std::make_unique<app::ListIndex>(std::move(index_store));
  for (size_t i = 0; i < size; ++i) {
    HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<domain::Store> store, open(db));
    Slot slot;
    slot.registry = std::make_unique<app::Registry>(*store, clock);
    slot.registry->UseListIndex(pool->list_index_.get());
    slot.store = std::move(store);
    HOPTAC_ASSIGN_OR_RETURN(slot.access_store, open_access(db));
    slot.access = std::make_unique<app::Access>(*slot.access_store, clock);
    pool->slots_.push_back(std::move(slot));
    pool->free_.push_back(i);
  }
  return pool;
}

RegistryPool::~RegistryPool() {
  for (Slot& s : slots_) {
    s.registry.reset();  // before the store it uses
    s.store.reset();
    s.access.reset();
    s.access_store.reset();
  }
  list_index_.reset();  // stops its thread, closes its store
}

RegistryPool::Lease RegistryPool::Borrow() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty(); });
  const size_t index = free_.back();
  free_.pop_back();
  return Lease(*this, index);
}

void RegistryPool::Return(size_t index) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(index);
  }
  cv_.notify_one();
}

RegistryPool::Lease::~Lease() { pool_->Return(index_); }

app::Registry& RegistryPool::Lease::registry() const { return *pool_->slots_[index_].registry; }

domain::Store& RegistryPool::Lease::store() const { return *pool_->slots_[index_].store; }

}  // namespace hoptac::http

namespace hoptac::http {

app::Access& RegistryPool::Lease::access() const { return *pool_->slots_[index_].access; }

}  // namespace hoptac::http
