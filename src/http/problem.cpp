#include "http/problem.hpp"

#include <nlohmann/json.hpp>

#include "domain/lifecycle.hpp"

namespace hoptac::http {
namespace {

using nlohmann::json;

const char* TypeFor(int status) {
  switch (status) {
    case 400:
      return "/problems/invalid";
    case 401:
      return "/problems/unauthorized";
    case 403:
      return "/problems/forbidden";
    case 404:
      return "/problems/not-found";
    case 405:
      return "/problems/method-not-allowed";
    case 409:
      return "/problems/conflict";
    case 412:
      return "/problems/precondition-failed";
    case 413:
      return "/problems/too-large";
    case 428:
      return "/problems/precondition-required";
    case 429:
      return "/problems/too-many-requests";
    case 503:
      return "/problems/unavailable";
    default:
      return "/problems/internal";
  }
}

const char* TitleFor(int status) {
  switch (status) {
    case 400:
      return "Invalid input";
    case 401:
      return "Not signed in";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Changed since read";
    case 413:
      return "Too large";
    case 428:
      return "If-Match required";
    case 429:
      return "Too many requests";
    case 503:
      return "Unavailable, try again later";
    default:
      return "Internal error";
  }
}

Response Make(int status, json body) {
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

}  // namespace

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response Problem(const Error& error, const std::string& request_id) {
  // Throttled logins are "try later", and HTTP has a precise status for that.
  // Some rules have a precise status of their own.
  const int status = error.rule == "login.throttled" || error.rule == "demand.throttled" ? 429
                     : error.rule == "precondition.stale"                                ? 412
                     : error.rule == "precondition.required"                             ? 428
                                                             : StatusFor(error.code);
  if (status == 500) {
    return Problem(500, TitleFor(500), "The request failed; the server log has the details.",
                   request_id);
  }
  json body = {{"type", TypeFor(status)},
               {"title", TitleFor(status)},
               {"status", status},
               {"detail", error.message},
               {"request_id", request_id}};
  json errors = json::array();
  if (!error.field.empty()) {
    json e = {{"field", error.field}, {"value", error.value}, {"message", error.message}};
    if (!error.rule.empty()) e["rule"] = error.rule;
    // A rule over the history names the event; a form needs the input the rule is about.
    if (error.field.rfind("event #", 0) == 0) {
      e["field"] = std::string(domain::FieldOfRule(error.rule));
      e["event"] = error.field;
    }
    errors.push_back(std::move(e));
  }
  body["errors"] = std::move(errors);
  Response r = Make(status, std::move(body));
  if (status == 429 || status == 503) r.headers.emplace_back("Retry-After", "60");
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

Response Problem(int status, const std::string& title, const std::string& detail,
                 const std::string& request_id) {
  return Make(status, {{"type", TypeFor(status)},
                       {"title", title},
                       {"status", status},
                       {"detail", detail},
                       {"request_id", request_id},
                       {"errors", json::array()}});
}

}  // namespace hoptac::http
