#pragma once
// Result<T>: the value of an operation that can fail in an expected way, or the Error saying why.
// Expected failures (bad input, a rule, a missing row) travel as values; exceptions are kept for
// bugs and start-up failures. Error codes are deliberately few: each adapter (cli/, http/) maps
// them to exit codes or HTTP statuses in exactly one place.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hoptac {

enum class ErrorCode {
  kInvalid,       // input or a rule refuses it; nothing was written
  kNotFound,      // the thing named does not exist
  kConflict,      // it exists already, or someone changed it first
  kUnauthorized,  // who you are is not known
  kForbidden,     // you may not do this
  kUnavailable,   // try again later (busy database, shutting down)
  kInternal,      // a bug or an environment failure; details are logged, not shown
};

const char* ErrorCodeName(ErrorCode code);

// What went wrong, for a person: `message` says it in a sentence; `field`, `value` and `rule`
// name the input that caused it and the rule it broke, when there is one.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::string value;
  std::string rule;

  static Error Invalid(std::string field, std::string value, std::string message,
                       std::string rule = {}) {
    return {ErrorCode::kInvalid, std::move(message), std::move(field), std::move(value),
            std::move(rule)};
  }
  static Error NotFound(std::string message, std::string field = {}, std::string value = {}) {
    return {ErrorCode::kNotFound, std::move(message), std::move(field), std::move(value), {}};
  }
  static Error Conflict(std::string message, std::string field = {}, std::string value = {}) {
    return {ErrorCode::kConflict, std::move(message), std::move(field), std::move(value), {}};
  }
  static Error Internal(std::string message) {
    return {ErrorCode::kInternal, std::move(message), {}, {}, {}};
  }
  static Error Unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message), {}, {}, {}};
  }

  // "field 'x' = 'v': message [rule]" — the one-line form used by the CLI and logs.
  std::string ToString() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& take_error() {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

}  // namespace hoptac

// Propagates an error from an expression returning Result/Status.
#define HOPTAC_RETURN_IF_ERROR(expr)                              \
  do {                                                            \
    auto hoptac_status_ = (expr);                                 \
    if (!hoptac_status_.ok()) return hoptac_status_.take_error(); \
  } while (false)

#define HOPTAC_CONCAT_INNER_(a, b) a##b
#define HOPTAC_CONCAT_(a, b) HOPTAC_CONCAT_INNER_(a, b)
// Declares `lhs` from a Result expression, or returns its error.
#define HOPTAC_ASSIGN_OR_RETURN(lhs, expr) \
  HOPTAC_ASSIGN_OR_RETURN_IMPL_(HOPTAC_CONCAT_(hoptac_result_, __LINE__), lhs, expr)
#define HOPTAC_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.take_error();             \
  lhs = std::move(tmp).value()
