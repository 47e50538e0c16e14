#pragma once
// docs/api/openapi.yaml, compiled in. The document is written in the JSON subset of YAML, so it
// is both the YAML the docs name and the JSON served at /api/openapi.json; the build embeds it
// (cmake/embed_openapi.cmake) and the server checks at start-up that it parses.

#include <string>

namespace hoptac::http {

// The document as compact JSON. Throws std::runtime_error when it is not valid JSON (a build
// bug caught by api_openapi_test).
const std::string& OpenApiJson();

}  // namespace hoptac::http
