#include "app/report_service.hpp"

#include <memory>

namespace hoptac::app {

struct ReportService::Impl {
  domain::Store& store;
  const domain::Clock& clock;
  std::optional<domain::UnitCatalog> units;
  std::optional<report::Projection> now;
  std::unique_ptr<report::Engine> engine;  // on `now` and `units`
  // The store's versions when `units` and `now` were read (decision 0031).
  domain::DataVersions units_version, now_version;

  Impl(domain::Store& s, const domain::Clock& c) : store(s), clock(c) {}

  // Drops what the store's versions `v` say is behind: the units, the projection of now.
  void Forget(const domain::DataVersions& v) {
    if (units && v.units != units_version.units) {
      engine.reset();
      units.reset();
    }
    if (now && v.registry != now_version.registry) {
      engine.reset();
      now.reset();
    }
  }

  // The engine on the projection as known now, rebuilt when the registry's version moved since
  // it was built (`v`, read before).
  Result<const report::Engine*> Current(const domain::DataVersions& v) {
    if (!now) {
      engine.reset();
      HOPTAC_ASSIGN_OR_RETURN(report::Projection p,
                              report::Projection::Build(store, Timestamp::Max()));
      now = std::move(p);
      now_version = v;
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
  // The versions first: what is read after them is at least as new.
  HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions v, impl_->store.Versions());
  impl_->Forget(v);
  if (!impl_->units) {
    HOPTAC_ASSIGN_OR_RETURN(domain::UnitCatalog catalog, impl_->store.LoadUnits());
    if (catalog.empty()) {
      return Error::Unavailable(
          "no administrative units are loaded; run 'hoptac init' or 'hoptac units load'");
    }
    impl_->units = std::move(catalog);
    impl_->units_version = v;
  }
  report::ReportParams params = request.params;
  params.today = impl_->clock.Today();
  params.as_of = request.as_of.value_or(params.today);
  if (request.known_at && *request.known_at < impl_->clock.Now()) {
    HOPTAC_ASSIGN_OR_RETURN(report::Projection p,
                            report::Projection::Build(impl_->store, *request.known_at));
    return report::RunReport(name, p, *impl_->units, params);
  }
  HOPTAC_ASSIGN_OR_RETURN(const report::Engine* engine, impl_->Current(v));
  return engine->Run(name, params);
}

}  // namespace hoptac::app
