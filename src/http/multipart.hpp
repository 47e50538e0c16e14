#pragma once
// multipart/form-data (RFC 7578) bodies, as browsers send file uploads: the parts' names, file
// names and bytes. Plain string work, no RESTinio; fuzzed by fuzz/http_input_fuzz.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hoptac::http {

struct FormPart {
  std::string name;      // the form field's name
  std::string filename;  // "" when the part is not a file
  std::string content_type;
  std::string_view data;  // into the body given to ParseMultipart
};

// The boundary of a "multipart/form-data; boundary=…" content type, or nullopt.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body` into its parts. kInvalid naming "body" when it is not well-formed.
Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary);

}  // namespace hoptac::http
