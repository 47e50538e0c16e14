#pragma once
// Users, roles and scopes (C12), and the storage they need. A user has one role and at most one
// scope: an area (a unit code of any level, followed through the unit history by app/) or one
// organisation (managers). Secrets never reach the store in clear: passwords are argon2id
// strings, session and API tokens are stored as hashes.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/result.hpp"
#include "domain/audit.hpp"

namespace hoptac::domain {

enum class Role { kAdmin, kOfficer, kManager, kViewer };
const char* RoleName(Role role);  // "admin", "officer", "manager", "viewer"
Result<Role> ParseRole(std::string_view text, std::string_view field = "role");

using UserId = int64_t;

struct User {
  UserId id = 0;
  std::string username;
  std::string password_hash;
  Role role = Role::kViewer;
  std::string scope_unit;  // "" : no area scope
  std::string scope_org;   // registry code, "" : none
  bool disabled = false;
  Timestamp created_at;
};

struct Session {
  std::string token_hash;
  UserId user_id = 0;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp last_seen;
};

struct ApiToken {
  int64_t id = 0;
  UserId user_id = 0;
  std::string name;
  std::string token_hash;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

// An API token with the user it belongs to (one read).
struct TokenOwner {
  ApiToken token;
  User user;
};

class AccessStore {
 public:
  virtual ~AccessStore() = default;
  // kConflict when the username is taken.
  virtual Result<UserId> InsertUser(const User& user) = 0;
  virtual Status UpdateUser(const User& user) = 0;  // password, role, scope, disabled
  virtual Result<std::optional<User>> FindUser(std::string_view username) = 0;
  virtual Result<std::optional<User>> FindUserById(UserId id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;

  virtual Status InsertSession(const Session& s) = 0;
  virtual Result<std::optional<Session>> FindSession(std::string_view token_hash) = 0;
  virtual Status TouchSession(std::string_view token_hash, Timestamp when) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteSessionsOf(UserId user) = 0;

  virtual Result<int64_t> InsertToken(const ApiToken& t) = 0;
  virtual Result<std::optional<TokenOwner>> FindTokenOwner(std::string_view token_hash) = 0;
  // Changes with every write to the users or the API tokens, by any process (migration 0016).
  virtual Result<int64_t> AccessVersion() = 0;
  virtual Status RevokeToken(int64_t id, Timestamp when) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens(UserId user) = 0;

  // Runs `write` in one transaction with `entry` appended to the audit log: both are committed,
  // or neither is (when `write` fails, its error is returned).
  virtual Status Audited(const AuditEntry& entry, const std::function<Status()>& write) = 0;
};

}  // namespace hoptac::domain
