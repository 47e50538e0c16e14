#include "app/report_service.hpp"

#include <memory>

namespace hoptac::app {

struct ReportService::Impl {
  domain::Store& store;
  const domain::Clock& clock;
  std::optional<domain::UnitCatalog> units;
  std::optional<report::Projection> now;
  std::unique_ptr<report::Engine> engine;  // on `now` and `units`
  domain::StoreCounts now_counts;

  Impl(domain::Store& s, const domain::Clock& c) : store(s), clock(c) {}

  // The engine on the projection as known now, rebuilt when the store's counts moved since it
  // was built.
  Result<const report::Engine*> Current() {
    HOPTAC_ASSIGN_OR_RETURN(domain::StoreCounts counts, store.Counts());
    const bool stale = !now || counts.events != now_counts.events ||
                       counts.voids != now_counts.voids || counts.figures != now_counts.figures ||
                       counts.organisations != now_counts.organisations;
    if (stale) {
      engine.reset();
      now.reset();
      HOPTAC_ASSIGN_OR_RETURN(report::Projection p,
                              report::Projection::Build(store, Timestamp::Max()));
      now = std::move(p);
      now_counts = counts;
    }
    if (!engine) engine = std::make_unique<report::Engine>(*now, *units);
    return engine.get();
  }
};

ReportService::ReportService(domain::Store& store, const domain::Clock& clock)
    : impl_(std::make_unique<Impl>(store, clock)) {}
ReportService::~ReportService() = default;

void ReportService::Invalidate() {
  impl_->engine.reset();
  impl_->now.reset();
}

Result<report::Table> ReportService::Run(std::string_view name, const ReportRequest& request) {
  if (!impl_->units) {
    HOPTAC_ASSIGN_OR_RETURN(domain::UnitCatalog catalog, impl_->store.LoadUnits());
    if (catalog.empty()) {
      return Error::Unavailable(
          "no administrative units are loaded; run 'hoptac init' or 'hoptac units load'");
    }
    impl_->units = std::move(catalog);
  }
  report::ReportParams params = request.params;
  params.today = impl_->clock.Today();
  params.as_of = request.as_of.value_or(params.today);
  if (request.known_at && *request.known_at < impl_->clock.Now()) {
    HOPTAC_ASSIGN_OR_RETURN(report::Projection p,
                            report::Projection::Build(impl_->store, *request.known_at));
    return report::RunReport(name, p, *impl_->units, params);
  }
  HOPTAC_ASSIGN_OR_RETURN(const report::Engine* engine, impl_->Current());
  return engine->Run(name, params);
}

}  // namespace hoptac::app
