#pragma once
// ReportService: running the point-in-time reports (report/) over the registry. It keeps the
// projection of the registry as known now and rebuilds it when the registry has changed since;
// a report "as known at" an earlier time folds the registry again at that time.

#include <memory>
#include <optional>
#include <string_view>

#include "domain/clock.hpp"
#include "domain/store.hpp"
#include "report/engine.hpp"

namespace hoptac::app {

struct ReportRequest {
  std::optional<Date> as_of;          // default today
  std::optional<Timestamp> known_at;  // default now
  report::ReportParams params;        // as_of and today are filled in by Run
};

class ReportService {
 public:
  ReportService(domain::Store& store, const domain::Clock& clock);
  ~ReportService();

  Result<report::Table> Run(std::string_view report, const ReportRequest& request);
  // Drops the projection of "now" (call after writes).
  void Invalidate();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoptac::app
