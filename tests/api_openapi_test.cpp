// The API document and the route table agree: every route is in docs/api/openapi.yaml with its
// method, and the document names no path or method that the server does not answer. Also checks
// that the served /api/openapi.json is the document.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "http/openapi.hpp"
#include "http/routes.hpp"

namespace {

using nlohmann::json;

json Document() {
  const char* root = std::getenv("HOPTAC_SOURCE_DIR");
  const std::string dir = root != nullptr && *root != '\0' ? root : HOPTAC_SOURCE_DIR_DEFAULT;
  std::ifstream in(dir + "/docs/api/openapi.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

TEST(ApiOpenApiTest, RoutesAndDocumentMatch) {
  const json doc = Document();
  std::set<std::pair<std::string, std::string>> documented, routed;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      documented.insert({Upper(method), path});
    }
  }
  for (const auto& r : hoptac::http::Routes()) routed.insert({r.method, r.pattern});
  for (const auto& r : routed) {
    EXPECT_TRUE(documented.count(r)) << r.first << " " << r.second << " is not in openapi.yaml";
  }
  for (const auto& d : documented) {
    EXPECT_TRUE(routed.count(d)) << d.first << " " << d.second
                                 << " is documented but no route answers it";
  }
}

TEST(ApiOpenApiTest, EveryOperationDescribesItsResponsesAndPathParameters) {
  const json doc = Document();
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      EXPECT_FALSE(op.at("responses").empty()) << method << " " << path;
      for (size_t open = path.find('{'); open != std::string::npos;
           open = path.find('{', open + 1)) {
        const std::string name = path.substr(open + 1, path.find('}', open) - open - 1);
        bool found = false;
        for (const auto& p : op.value("parameters", json::array())) {
          found = found || (p.value("in", "") == "path" && p.value("name", "") == name);
        }
        EXPECT_TRUE(found) << method << " " << path << " lacks the path parameter " << name;
      }
    }
  }
}

TEST(ApiOpenApiTest, TheServedDocumentIsTheSource) {
  EXPECT_EQ(json::parse(hoptac::http::OpenApiJson()), Document());
}

}  // namespace
