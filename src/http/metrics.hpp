#pragma once
// Counters for /metrics, in the Prometheus text format: requests by route and status, a latency
// histogram, time spent in the database, open connections, the list index. Thread-safe.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

#include "app/list_index.hpp"

namespace hoptac::http {

class Metrics {
 public:
  // `route` is the route pattern ("/api/organisations/{code}"), never the raw path, so the
  // number of series stays bounded.
  void Record(const std::string& method, const std::string& route, int status, double seconds,
              double db_seconds);
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }
  // The counters, and what the server's list index (`index`) has done.
  std::string Render(const app::ListIndex::Stats& index) const;

  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.02,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size()> bucket_counts_{};
  uint64_t count_ = 0;
  double sum_ = 0;
  double db_sum_ = 0;
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace hoptac::http
