#pragma once
// What handlers share: reading query parameters at the edge, borrowing a registry, and turning
// a Result into a response (200 with an ETag, 304 when If-None-Match matches, a problem
// otherwise).

#include <chrono>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "base/result.hpp"
#include "http/routes.hpp"

namespace hoptac::http {

using nlohmann::json;

// kInvalid naming the first query parameter not in `allowed`, or a value that is not UTF-8.
Status CheckParams(const Request& req, std::initializer_list<std::string_view> allowed);

// The parameter's value, or "" when absent.
const std::string& QueryParam(const Request& req, const std::string& name);
Result<std::optional<Date>> DateParam(const Request& req, const std::string& name);
Result<std::optional<Timestamp>> TimestampParam(const Request& req, const std::string& name);
// A whole number in [1, max]; `fallback` when absent.
Result<size_t> LimitParam(const Request& req, size_t fallback, size_t max);

// The body as a JSON object whose members are all in `allowed`: 400 naming "body" when it is not
// JSON or not an object, naming the member when it is unknown.
Result<json> JsonBody(const Request& req, std::span<const std::string_view> allowed);
inline Result<json> JsonBody(const Request& req, std::initializer_list<std::string_view> allowed) {
  return JsonBody(req, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}
// A string member: 400 naming it when it has another type, or is missing and `required`.
Result<std::string> StringMember(const json& body, const std::string& name, bool required);

// Runs `fn(registry)` on a borrowed registry, adding the time to call.db_seconds. The registry's
// unit catalogue is checked against the database first (another process may have replaced it).
template <typename Fn>
auto WithRegistry(Services& s, Call& call, Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  auto lease = s.registries.Borrow();
  // A read request's statements see one state of the database (domain::ReadSnapshot).
  const domain::ReadSnapshot snapshot(lease.store(),
                                      call.req.method == "GET" || call.req.method == "HEAD");
  lease.registry().Refresh();
  auto result = fn(lease.registry());
  call.db_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

// Runs `fn(access)` on a borrowed Access (users, sessions), adding the time to call.db_seconds.
template <typename Fn>
auto WithAccess(Services& s, Call& call, Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  auto lease = s.registries.Borrow();
  auto result = fn(lease.access());
  call.db_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

// kForbidden unless the organisation `code` (as it is today) is inside the caller's scope;
// kNotFound when there is no such organisation.
Status CheckScope(app::Registry& r, const app::Principal& who, std::string_view code, Date today);
// The same, with the organisation's view as of today and known now already read.
Status CheckScope(app::Registry& r, const app::Principal& who, std::string_view code,
                  const app::OrgView& today_view, Date today);

// 200 with the JSON body and a strong ETag over it; 304 when If-None-Match names that ETag.
Response JsonOk(const Call& call, const json& body);
// 200 with the body when `r` holds it, the problem otherwise.
Response Respond(const Call& call, const Result<json>& r);

// A JSON answer written as text (base/json_text.hpp): the body, and the bytes its ETag covers
// when those are not the whole body (a view's members but `known_at`).
struct JsonText {
  std::string body;
  std::optional<std::string> tagged;
};
Response Respond(const Call& call, Result<JsonText>&& r);
// "\"…\"": a strong entity tag over the bytes.
std::string EntityTag(std::string_view bytes);

// The entity tag of an organisation's revision (app::Revision): "\"<revision>\"".
std::string RevisionTag(const std::string& revision);
// `status` with the JSON body and the given entity tag; 304 for a GET whose If-None-Match names
// it.
Response JsonWithTag(const Call& call, const json& body, const std::string& etag, int status);
// The revision named by If-Match ("*" gives "": any revision). kInvalid with rule
// "precondition.required" (428) when the header is missing.
Result<std::string> IfMatch(const Request& req);

}  // namespace hoptac::http
