#pragma once
// Errors as application/problem+json (RFC 9457). The one place where hoptac::Error becomes an
// HTTP status:
//   kInvalid 400, kNotFound 404, kConflict 409, kUnauthorized 401, kForbidden 403,
//   kUnavailable 503, kInternal 500; a throttled login (rule "login.throttled") is 429.
// kInvalid is 400 whether the input could not be parsed or a registry rule refused it: the
// problem's `errors[].rule` says which rule, so clients need no second status to tell them apart.
// A kInternal error's message is logged by the caller, never sent: the body says only that the
// request failed, with the request id to find the log line.

#include <string>

#include "base/result.hpp"
#include "http/message.hpp"

namespace hoptac::http {

int StatusFor(ErrorCode code);

// The problem document for `error` (status from StatusFor).
Response Problem(const Error& error, const std::string& request_id);

// A problem with a status that no Error code carries (404 for an unknown route, 405, 412, 413,
// 428, 429).
Response Problem(int status, const std::string& title, const std::string& detail,
                 const std::string& request_id);

}  // namespace hoptac::http
