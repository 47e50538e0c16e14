#include "http/metrics.hpp"

#include <sstream>
#include <tuple>

namespace hoptac::http {

void Metrics::Record(const std::string& method, const std::string& route, int status,
                     double seconds, double db_seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
  ++count_;
  sum_ += seconds;
  db_sum_ += db_seconds;
}

std::string Metrics::Render(const app::ListIndex::Stats& index) const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP hoptac_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE hoptac_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "hoptac_http_requests_total{method=\"" << method << "\",route=\"" << route
        << "\",status=\"" << status << "\"} " << n << '\n';
  }
  out << "# HELP hoptac_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE hoptac_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out << "hoptac_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
        << bucket_counts_[i] << '\n';
  }
  out << "hoptac_http_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << '\n'
      << "hoptac_http_request_duration_seconds_sum " << sum_ << '\n'
      << "hoptac_http_request_duration_seconds_count " << count_ << '\n'
      << "# HELP hoptac_db_seconds_total Time spent in database calls.\n"
      << "# TYPE hoptac_db_seconds_total counter\n"
      << "hoptac_db_seconds_total " << db_sum_ << '\n'
      << "# HELP hoptac_http_open_connections Open client connections.\n"
      << "# TYPE hoptac_http_open_connections gauge\n"
      << "hoptac_http_open_connections " << open_connections_.load() << '\n'
      << "# HELP hoptac_list_index_organisations Organisations in the in-memory list index.\n"
      << "# TYPE hoptac_list_index_organisations gauge\n"
      << "hoptac_list_index_organisations " << index.organisations << '\n'
      << "# HELP hoptac_list_index_builds_total Builds of the whole list index.\n"
      << "# TYPE hoptac_list_index_builds_total counter\n"
      << "hoptac_list_index_builds_total " << index.builds << '\n'
      << "# HELP hoptac_list_index_updates_total Updates of the list index from the rows "
         "written since its build.\n"
      << "# TYPE hoptac_list_index_updates_total counter\n"
      << "hoptac_list_index_updates_total " << index.updates << '\n'
      << "# HELP hoptac_list_index_build_seconds_total Time spent building and updating the list "
         "index.\n"
      << "# TYPE hoptac_list_index_build_seconds_total counter\n"
      << "hoptac_list_index_build_seconds_total " << index.build_seconds << '\n'
      << "# HELP hoptac_list_index_queries_total Lists and searches asked of the index, by "
         "outcome (behind: the database answered while the index was rebuilt).\n"
      << "# TYPE hoptac_list_index_queries_total counter\n"
      << "hoptac_list_index_queries_total{outcome=\"answered\"} " << index.answered << '\n'
      << "hoptac_list_index_queries_total{outcome=\"behind\"} " << index.behind << '\n';
  return out.str();
}

}  // namespace hoptac::http
