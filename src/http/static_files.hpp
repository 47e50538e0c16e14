#pragma once
// The web UI's files from --web DIR: GET and HEAD of paths outside /api/. A file under DIR is
// sent with its MIME type (hashed files under /assets/ cached for a year, the rest revalidated);
// any other path gets DIR/index.html, so the UI's own routes load it. Paths that would leave DIR
// ("..", symbolic links pointing out) get 404.

#include <optional>
#include <string>

#include "http/message.hpp"

namespace hoptac::http {

// nullopt when `web_dir` is empty or the path is under /api/ (the API answers those).
std::optional<Response> ServeStatic(const std::string& web_dir, const Request& req);

const char* MimeType(const std::string& path);

}  // namespace hoptac::http
