#pragma once
// The reports of a running server: one app::ReportService over a store of its own, shared by
// every request. The service keeps the projection of the registry as known now and rebuilds it
// when the registry has changed; runs are serialised (a report takes milliseconds once the
// projection is built). Thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "app/report_service.hpp"
#include "http/registry_pool.hpp"

namespace hoptac::http {

class ReportHost {
 public:
  static Result<std::unique_ptr<ReportHost>> Open(const StoreOpener& open, const std::string& db,
                                                  const domain::Clock& clock);
  Result<report::Table> Run(std::string_view name, const app::ReportRequest& request);

 private:
  ReportHost() = default;
  std::mutex mu_;
  std::unique_ptr<domain::Store> store_;
  std::unique_ptr<app::ReportService> service_;
};

}  // namespace hoptac::http
