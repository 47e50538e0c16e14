#pragma once
// The organisations as they stand now (the store's latest-state projection) in list order, held
// in memory: the organisation list and search in name order are answered from it, without the
// database (decision 0016). One index serves every request thread of a server.
//
// Each query first reads the store's registry version (one row). When a write in any process has
// moved it since the index was built, the index is behind: with a store of its own, it answers
// nothing (the caller asks the database, which is current) and catches up on its own thread;
// without one, it catches up at once with the caller's store. Either way no answer is older than
// the version its request read. To catch up it reads only the rows written since (migration
// 0017) and lays their index over the whole one, whose replaced rows it hides; when they are
// many, it builds the whole index again.
//
// It answers exactly what Store::QueryLatest answers for the same query (tests/list_index_test
// compares them on both backends).

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "base/result.hpp"
#include "domain/store.hpp"

namespace hoptac::app {

class ListIndex {
 public:
  // Built when a query finds it behind, with the caller's store.
  ListIndex();
  // Built on a thread of its own with `own` (at once, and whenever a query finds it behind).
  explicit ListIndex(std::unique_ptr<domain::Store> own);
  ~ListIndex();
  ListIndex(const ListIndex&) = delete;
  ListIndex& operator=(const ListIndex&) = delete;

  // Whether Query answers `q`: the name order, either direction. The other orders are read from
  // the database's indexes on them.
  static bool Answers(const domain::OrgQuery& q);

  // store.QueryLatest(q), for a query Answers accepts, as of the store's current registry
  // version; nullopt when the index is behind it and builds on its own thread. Thread-safe;
  // `store` is the caller's own.
  Result<std::optional<std::vector<domain::OrgListRow>>> Query(domain::Store& store,
                                                               const domain::OrgQuery& q);

  // Waits until the index has been built for the store's current registry version, or
  // `timeout_ms` passes; whether it has. For tests.
  bool WaitCurrent(domain::Store& store, int timeout_ms);

  // What it has done since it was made, for /metrics.
  struct Stats {
    size_t organisations = 0;  // in the index now
    uint64_t builds = 0;       // of the whole index
    uint64_t updates = 0;      // from the rows written since it was built
    double build_seconds = 0;  // all builds and updates
    uint64_t answered = 0;     // queries answered
    uint64_t behind = 0;       // queries left to the store: the index was behind
  };
  Stats stats() const;

  struct Snapshot;
  struct Current;

 private:
  void BuildLoop();
  // Whether the index is built for registry version `version` (mu_ held).
  bool Holds(int64_t version) const;
  // The index of the store's state now: `from` with the rows written since laid over it, or built
  // whole; counted in stats_.
  Result<std::shared_ptr<const Current>> CatchUp(domain::Store& store,
                                                 const std::shared_ptr<const Current>& from);

  std::unique_ptr<domain::Store> own_;
  mutable std::mutex mu_;          // guards what follows
  std::condition_variable wake_;   // the builder: wanted_ or stopping_
  std::condition_variable built_;  // WaitCurrent: a build ended
  std::shared_ptr<const Current> current_;
  Stats stats_;  // but organisations
  bool wanted_ = false;
  bool stopping_ = false;
  std::mutex build_mu_;  // one build at a time (without a store of its own)
  std::thread builder_;
};

}  // namespace hoptac::app
