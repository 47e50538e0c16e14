#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace hoptac::http {
namespace {

namespace fs = std::filesystem;

// The file under `root` for a decoded URL path, or nullopt when the path would leave it.
std::optional<fs::path> Inside(const fs::path& root, const std::string& url_path) {
  fs::path rel;
  size_t start = 1;
  while (start <= url_path.size()) {
    const size_t slash = url_path.find('/', start);
    const std::string seg = url_path.substr(start, slash - start);
    if (seg == ".." || seg.find('\\') != std::string::npos) return std::nullopt;
    if (!seg.empty() && seg != ".") rel /= seg;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::error_code ec;
  const fs::path full = fs::weakly_canonical(root / rel, ec);
  if (ec) return std::nullopt;
  const auto [r, f] = std::mismatch(root.begin(), root.end(), full.begin(), full.end());
  if (r != root.end()) return std::nullopt;  // a link pointed out of the folder
  return full;
}

std::optional<std::string> ReadFile(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

const char* MimeType(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

std::optional<Response> ServeStatic(const std::string& web_dir, const Request& req) {
  if (web_dir.empty() || req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
    return std::nullopt;
  }
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::error_code ec;
  const fs::path root = fs::canonical(web_dir, ec);
  if (ec) return std::nullopt;
  const std::optional<fs::path> file = Inside(root, req.path);
  if (!file) return std::nullopt;
  Response r;
  if (auto body = ReadFile(*file)) {
    r.body = std::move(*body);
    r.content_type = MimeType(file->string());
    const bool hashed = req.path.rfind("/assets/", 0) == 0;
    r.headers.emplace_back("Cache-Control",
                           hashed ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
  }
  if (auto index = ReadFile(root / "index.html")) {
    r.body = std::move(*index);
    r.content_type = MimeType("index.html");
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }
  return std::nullopt;
}

}  // namespace hoptac::http
