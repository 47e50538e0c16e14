// libFuzzer target for what the server parses from a request before any handler logic: query
// strings and percent-encoding, JSON bodies into the registry's commands (organisation, event,
// void replacement, figures), If-Match, and multipart/form-data uploads. Any bytes must give a
// value or an Error — no crash, no undefined behaviour, no exception escaping.
//
//   scripts/fuzz http_input_fuzz --seconds 60
//
// The first byte chooses what the rest is fed to.

#include <cstdint>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "http/body.hpp"
#include "http/message.hpp"
#include "http/multipart.hpp"
#include "http/respond.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoptac::http;
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 5;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (mode) {
    case 0: {
      std::map<std::string, std::string> query;
      std::string bad;
      if (!ParseQuery(input, query, bad) && bad.empty()) std::abort();  // a failure names it
      std::string decoded;
      (void)PercentDecode(input, false, decoded);
      break;
    }
    case 1:
    case 2: {
      Request req;
      req.headers["content-type"] = "application/json";
      req.body = std::string(input);
      auto body = JsonBody(req, mode == 1 ? EventMembers() : OrganisationMembers());
      if (!body.ok()) {
        if (body.error().field.empty()) std::abort();  // every refusal names a field
        break;
      }
      if (mode == 1) {
        (void)EventFromJson(*body);
        (void)EventFromJson(*body, "replacement.");
      } else {
        (void)OrganisationFromJson(*body);
      }
      break;
    }
    case 3: {
      Request req;
      req.headers["content-type"] = "application/json";
      req.body = std::string(input);
      auto body = JsonBody(req, FiguresMembers());
      if (body.ok()) (void)FiguresFromJson(*body, 2020);
      req.headers["if-match"] = std::string(input.substr(0, 64));
      (void)IfMatch(req);
      break;
    }
    case 4: {
      const size_t split = input.find('\n');
      const std::string_view type = input.substr(0, split);
      const std::string_view body =
          split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
      if (auto boundary = MultipartBoundary(type)) {
        auto parts = ParseMultipart(body, *boundary);
        if (parts.ok()) {
          for (const FormPart& p : *parts) {
            // Every part lies inside the body.
            if (p.data.data() < body.data() ||
                p.data.data() + p.data.size() > body.data() + body.size()) {
              std::abort();
            }
          }
        }
      }
      break;
    }
    default:
      break;
  }
  return 0;
}
