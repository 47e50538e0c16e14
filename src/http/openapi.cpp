#include "http/openapi.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "http/openapi_source.hpp"

namespace hoptac::http {

const std::string& OpenApiJson() {
  static const std::string json = [] {
    const auto doc = nlohmann::json::parse(kOpenApiSource, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) throw std::runtime_error("docs/api/openapi.yaml is not valid JSON");
    return doc.dump();
  }();
  return json;
}

}  // namespace hoptac::http
