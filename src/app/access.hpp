#pragma once
// Users and access (C12): accounts with argon2id passwords, sessions with a CSRF token and idle
// and absolute expiry, API tokens, throttled logins, and the checks of a role and a scope.
//
// Roles: admin (everything, users), officer (reads and writes inside the area), manager (reads
// and writes of one organisation), viewer (reads inside the area). An empty area means the whole
// country. An area scope follows the unit history (domain::CodesWithin): an officer of old
// district Vị Xuyên keeps its cooperatives after the 2025 reform.
//
// Access is not thread-safe (one per thread, over its own AccessStore); LoginThrottle is.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/actor.hpp"
#include "domain/access.hpp"
#include "domain/clock.hpp"
#include "domain/lifecycle.hpp"
#include "domain/unit.hpp"

namespace hoptac::app {

struct AccessPolicy {
  int64_t session_idle_us = int64_t{30} * 60 * 1000000;        // 30 minutes
  int64_t session_absolute_us = int64_t{12} * 3600 * 1000000;  // 12 hours
  int max_failures_per_account = 5;  // within the window, then refused until it passes
  int max_failures_per_address = 20;
  int64_t failure_window_us = int64_t{15} * 60 * 1000000;
};

// Failed logins per account and per address, in memory. Thread-safe.
class LoginThrottle {
 public:
  explicit LoginThrottle(AccessPolicy policy = {}) : policy_(policy) {}
  // kUnavailable with rule "login.throttled" while either has too many recent failures.
  Status Check(const std::string& username, const std::string& address, Timestamp now);
  void Failed(const std::string& username, const std::string& address, Timestamp now);
  void Succeeded(const std::string& username);

 private:
  struct Window {
    int failures = 0;
    Timestamp start;
  };
  bool Over(std::map<std::string, Window>& m, const std::string& key, int max, Timestamp now);
  AccessPolicy policy_;
  std::mutex mu_;
  std::map<std::string, Window> accounts_, addresses_;
};

// Who is making a request.
struct Principal {
  domain::User user;
  std::string csrf_token;  // for a session; "" for an API token (no cookie, no CSRF)
  bool via_session = false;
};

struct NewSession {
  std::string token;       // the cookie value, shown once
  std::string csrf_token;  // to send back in X-CSRF-Token on writes
  domain::User user;
};

enum class Action { kRead, kWrite, kAdmin };

// A change of an account; absent members stay as they are.
struct UserChange {
  std::optional<domain::Role> role;
  std::optional<std::string> scope;  // with the role (new or current), checked as in AddUser
  std::optional<bool> disabled;
  std::optional<std::string> password;
};

class Access {
 public:
  Access(domain::AccessStore& store, const domain::Clock& clock, AccessPolicy policy = {});

  // Checks the username (1–64 of a-z 0-9 . _ -), the password (at least 10 bytes), the scope
  // (a unit code for officers and viewers, a registry code for managers, none for admins).
  // Every change of an account or a token is written with its audit entry, in one transaction.
  Result<domain::UserId> AddUser(const std::string& username, const std::string& password,
                                 domain::Role role, const std::string& scope, const Actor& actor);
  Status SetPassword(const std::string& username, const std::string& password, const Actor& actor);
  Status Disable(const std::string& username, const Actor& actor);  // and ends its sessions
  // Ends the user's sessions when the password, role or scope changes or it is disabled.
  Status UpdateUser(const std::string& username, const UserChange& change, const Actor& actor);
  Result<std::vector<domain::User>> Users();

  // kUnauthorized on a wrong name or password (the same message for both) or a disabled user.
  Result<NewSession> Login(const std::string& username, const std::string& password,
                           const std::string& address, LoginThrottle& throttle);
  Status Logout(const std::string& session_token);
  // kUnauthorized when unknown, expired (idle or absolute), or the user is disabled.
  Result<Principal> FromSession(const std::string& session_token);
  Result<Principal> FromBearer(const std::string& token);
  // A new API token for the user, returned once (only its hash is kept).
  Result<std::string> CreateToken(const std::string& username, const std::string& name,
                                  const Actor& actor);
  Status RevokeToken(int64_t id, const Actor& actor);
  Result<std::vector<domain::ApiToken>> Tokens(const std::string& username);

 private:
  domain::AuditEntry Entry(const Actor& actor, std::string action,
                           const std::string& username) const;
  Result<domain::User> FindExisting(const std::string& username);

  domain::AccessStore& store_;
  const domain::Clock& clock_;
  AccessPolicy policy_;
  // The users of the API tokens checked (by token hash) while the store's access version was
  // `bearers_version_`: every API request asks, and the version says when to ask the store again.
  std::unordered_map<std::string, domain::User> bearers_;
  int64_t bearers_version_ = -1;
};

// A write through a session must echo the session's CSRF token (compared in constant time);
// kForbidden otherwise. Writes with an API token carry no cookie and need none.
Status CheckCsrf(const Principal& who, const std::string& given);

// May the role do `action` at all? kForbidden otherwise.
Status Authorise(const domain::User& user, Action action);
// Is the organisation inside the user's scope (on `today`)? Admins: always.
bool InScope(const domain::User& user, const domain::UnitCatalog& units,
             const domain::OrgState& org, Date today);
// The unit codes a scoped user's lists are limited to ("" when unlimited).
std::string ScopeUnit(const domain::User& user);

// A password from the OS random source: 16 letters and digits.
std::string RandomPassword();

struct DemoAccount {
  std::string username, password, role, scope;
};
// Demo accounts with fresh random passwords: admin; an officer of the province; an officer of
// old district Vị Xuyên (030); a viewer; a manager of `managed_code`.
Result<std::vector<DemoAccount>> CreateDemoUsers(domain::AccessStore& store,
                                                 const domain::Clock& clock,
                                                 const std::string& province_code,
                                                 const std::string& managed_code);

}  // namespace hoptac::app
