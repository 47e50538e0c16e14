#pragma once
// A request and a response as the handlers see them: plain values, no RESTinio. server.cpp fills
// a Request from the wire and writes a Response back; everything else in http/ works on these.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hoptac::http {

struct Request {
  std::string method;  // GET, POST, …
  std::string path;    // decoded path, without the query
  std::string raw_query;
  std::map<std::string, std::string> query;    // decoded query parameters (last one wins)
  std::map<std::string, std::string> params;   // path parameters, {code} -> value
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_address;
  std::string request_id;

  // A header's value, or "" (name in lower case).
  const std::string& Header(const std::string& name) const;
  const std::string& Param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Percent-decoding of a path segment or a query component ('+' is a space in a query only).
// Returns false on a malformed escape or a NUL byte.
bool PercentDecode(std::string_view in, bool query, std::string& out);

// Splits "a=1&b=2" into decoded pairs. A malformed escape gives false and names the parameter
// in `bad`.
bool ParseQuery(std::string_view raw, std::map<std::string, std::string>& out, std::string& bad);

}  // namespace hoptac::http
