#include "http/report_host.hpp"

namespace hoptac::http {

Result<std::unique_ptr<ReportHost>> ReportHost::Open(const StoreOpener& open, const std::string& db,
                                                     const domain::Clock& clock) {
  std::unique_ptr<ReportHost> host(new ReportHost());
  HOPTAC_ASSIGN_OR_RETURN(host->store_, open(db));
  host->service_ = std::make_unique<app::ReportService>(*host->store_, clock);
  return host;
}

Result<report::Table> ReportHost::Run(std::string_view name, const app::ReportRequest& request) {
  std::lock_guard lock(mu_);
  return service_->Run(name, request);
}

}  // namespace hoptac::http
