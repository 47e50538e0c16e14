#include "http/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace hoptac::http {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `key` among "; key=value" parameters (quoted or not), or nullopt.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view key) {
  size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = header.substr(pos + 1);
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = Trim(rest.substr(0, eq));
    rest = Trim(rest.substr(eq + 1));
    std::string value;
    size_t consumed = 0;
    if (!rest.empty() && rest.front() == '"') {
      size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value.push_back(rest[i]);
      }
      if (i >= rest.size()) return std::nullopt;  // unterminated quote
      consumed = i + 1;
    } else {
      consumed = std::min(rest.find(';'), rest.size());
      value = std::string(Trim(rest.substr(0, consumed)));
    }
    if (IEquals(name, key)) return value;
    const size_t next = rest.find(';', consumed);
    if (next == std::string_view::npos) return std::nullopt;
    pos = static_cast<size_t>(rest.data() + next - header.data());
  }
  return std::nullopt;
}

Error Malformed(std::string message) {
  return Error::Invalid("body", "", std::move(message), "body.multipart");
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  if (!IEquals(Trim(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
  auto b = HeaderParam(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
  std::string delimiter = "--";
  delimiter.append(boundary);
  std::vector<FormPart> parts;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Malformed("no part starts with the boundary");
  pos += delimiter.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return Malformed("a boundary is not followed by CRLF");
    pos += 2;
    const size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return Malformed("a part has no end of headers");
    FormPart part;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const size_t eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) return Malformed("a part header has no colon");
      const std::string_view name = Trim(line.substr(0, colon));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (IEquals(name, "content-disposition")) {
        part.name = HeaderParam(value, "name").value_or("");
        part.filename = HeaderParam(value, "filename").value_or("");
      } else if (IEquals(name, "content-type")) {
        part.content_type = std::string(value);
      }
    }
    const size_t data_start = headers_end + 4;
    std::string next = "\r\n";
    next.append(delimiter);
    const size_t data_end = body.find(next, data_start);
    if (data_end == std::string_view::npos)
      return Malformed("a part is not closed by the boundary");
    part.data = body.substr(data_start, data_end - data_start);
    parts.push_back(std::move(part));
    pos = data_end + next.size();
  }
}

}  // namespace hoptac::http
