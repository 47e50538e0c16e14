#include "app/access.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "domain/area.hpp"
#include "domain/registry_code.hpp"

namespace hoptac::app {
namespace {

constexpr char kThrottled[] = "login.throttled";

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium could not be initialised");
}

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string RandomToken() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return Hex(bytes, sizeof bytes);
}

std::string TokenHash(const std::string& token) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return Hex(h, sizeof h);
}

Result<std::string> HashPassword(const std::string& password) {
  if (password.size() < 10) {
    return Error::Invalid("password", "", "use at least 10 characters", "password.length");
  }
  if (password.size() > 1024) {
    return Error::Invalid("password", "", "use at most 1024 characters", "password.length");
  }
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error::Internal("argon2id ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  EnsureSodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status CheckUsername(const std::string& name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (ok) return OkStatus();
  return Error::Invalid("username", name, "use 1–64 of a-z, 0-9, '.', '_' and '-'",
                        "username.format");
}

Error BadLogin() { return {ErrorCode::kUnauthorized, "wrong username or password", {}, {}, {}}; }
Error NoSession() {
  return {ErrorCode::kUnauthorized, "not signed in, or the session has expired", {}, {}, {}};
}

}  // namespace

bool LoginThrottle::Over(std::map<std::string, Window>& m, const std::string& key, int max,
                         Timestamp now) {
  auto it = m.find(key);
  if (it == m.end()) return false;
  if (now.micros() - it->second.start.micros() > policy_.failure_window_us) {
    m.erase(it);
    return false;
  }
  return it->second.failures >= max;
}

Status LoginThrottle::Check(const std::string& username, const std::string& address,
                            Timestamp now) {
  std::lock_guard lock(mu_);
  if (Over(accounts_, username, policy_.max_failures_per_account, now) ||
      Over(addresses_, address, policy_.max_failures_per_address, now)) {
    return Error{ErrorCode::kUnavailable, "too many failed logins; try again later", "username",
                 username, kThrottled};
  }
  return OkStatus();
}

void LoginThrottle::Failed(const std::string& username, const std::string& address, Timestamp now) {
  std::lock_guard lock(mu_);
  for (auto* m : {&accounts_, &addresses_}) {
    Window& w = (*m)[m == &accounts_ ? username : address];
    if (w.failures == 0) w.start = now;
    ++w.failures;
  }
}

void LoginThrottle::Succeeded(const std::string& username) {
  std::lock_guard lock(mu_);
  accounts_.erase(username);
}

Access::Access(domain::AccessStore& store, const domain::Clock& clock, AccessPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {}

Result<domain::UserId> Access::AddUser(const std::string& username, const std::string& password,
                                       domain::Role role, const std::string& scope) {
  HOPTAC_RETURN_IF_ERROR(CheckUsername(username));
  domain::User u;
  u.username = username;
  u.role = role;
  switch (role) {
    case domain::Role::kAdmin:
      if (!scope.empty()) {
        return Error::Invalid("scope", scope, "an admin has no scope", "scope.admin");
      }
      break;
    case domain::Role::kManager: {
      HOPTAC_ASSIGN_OR_RETURN(const domain::RegistryCode code,
                              domain::RegistryCode::Parse(scope, false, "scope"));
      u.scope_org = code.value();
      break;
    }
    case domain::Role::kOfficer:
    case domain::Role::kViewer:
      if (!scope.empty()) {
        HOPTAC_ASSIGN_OR_RETURN(u.scope_unit, domain::ParseUnitCode(scope, "scope"));
      }
      break;
  }
  HOPTAC_ASSIGN_OR_RETURN(u.password_hash, HashPassword(password));
  u.created_at = clock_.Now();
  return store_.InsertUser(u);
}

Status Access::SetPassword(const std::string& username, const std::string& password) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::User> u, store_.FindUser(username));
  if (!u) return Error::NotFound("no such user", "username", username);
  HOPTAC_ASSIGN_OR_RETURN(u->password_hash, HashPassword(password));
  HOPTAC_RETURN_IF_ERROR(store_.UpdateUser(*u));
  return store_.DeleteSessionsOf(u->id);
}

Status Access::Disable(const std::string& username) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::User> u, store_.FindUser(username));
  if (!u) return Error::NotFound("no such user", "username", username);
  u->disabled = true;
  HOPTAC_RETURN_IF_ERROR(store_.UpdateUser(*u));
  return store_.DeleteSessionsOf(u->id);
}

Result<std::vector<domain::User>> Access::Users() { return store_.ListUsers(); }

Result<NewSession> Access::Login(const std::string& username, const std::string& password,
                                 const std::string& address, LoginThrottle& throttle) {
  const Timestamp now = clock_.Now();
  HOPTAC_RETURN_IF_ERROR(throttle.Check(username, address, now));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::User> u, store_.FindUser(username));
  // An unknown name costs the same argon2id verification as a known one (no timing oracle).
  static const std::string kTimingEqualiserHash = HashPassword("timing-equaliser-password").value();
  const bool verified = VerifyPassword(u ? u->password_hash : kTimingEqualiserHash, password);
  if (!u || u->disabled || !verified) {
    throttle.Failed(username, address, now);
    return BadLogin();
  }
  throttle.Succeeded(username);
  NewSession s{RandomToken(), RandomToken(), *u};
  HOPTAC_RETURN_IF_ERROR(store_.InsertSession({TokenHash(s.token), u->id, s.csrf_token, now, now}));
  return s;
}

Status Access::Logout(const std::string& session_token) {
  return store_.DeleteSession(TokenHash(session_token));
}

Result<Principal> Access::FromSession(const std::string& session_token) {
  if (session_token.empty()) return NoSession();
  const std::string hash = TokenHash(session_token);
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::Session> s, store_.FindSession(hash));
  if (!s) return NoSession();
  const Timestamp now = clock_.Now();
  if (now.micros() - s->last_seen.micros() > policy_.session_idle_us ||
      now.micros() - s->created_at.micros() > policy_.session_absolute_us) {
    HOPTAC_RETURN_IF_ERROR(store_.DeleteSession(hash));
    return NoSession();
  }
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::User> u, store_.FindUserById(s->user_id));
  if (!u || u->disabled) return NoSession();
  HOPTAC_RETURN_IF_ERROR(store_.TouchSession(hash, now));
  return Principal{*u, s->csrf_token, true};
}

Result<Principal> Access::FromBearer(const std::string& token) {
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::ApiToken> t,
                          store_.FindToken(TokenHash(token)));
  if (!t || t->revoked_at) {
    return Error{ErrorCode::kUnauthorized, "unknown or revoked API token", {}, {}, {}};
  }
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::User> u, store_.FindUserById(t->user_id));
  if (!u || u->disabled) {
    return Error{ErrorCode::kUnauthorized, "unknown or revoked API token", {}, {}, {}};
  }
  return Principal{*u, "", false};
}

Result<std::string> Access::CreateToken(const std::string& username, const std::string& name) {
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::User> u, store_.FindUser(username));
  if (!u) return Error::NotFound("no such user", "username", username);
  const std::string token = RandomToken();
  HOPTAC_RETURN_IF_ERROR(
      store_.InsertToken({0, u->id, name, TokenHash(token), clock_.Now(), std::nullopt}));
  return token;
}

Status Access::RevokeToken(int64_t id) { return store_.RevokeToken(id, clock_.Now()); }

Result<std::vector<domain::ApiToken>> Access::Tokens(const std::string& username) {
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::User> u, store_.FindUser(username));
  if (!u) return Error::NotFound("no such user", "username", username);
  return store_.ListTokens(u->id);
}

Status CheckCsrf(const Principal& who, const std::string& given) {
  if (!who.via_session) return OkStatus();
  if (given.size() == who.csrf_token.size() && !given.empty() &&
      sodium_memcmp(given.data(), who.csrf_token.data(), given.size()) == 0) {
    return OkStatus();
  }
  return Error{ErrorCode::kForbidden, "a write needs the session's X-CSRF-Token header",
               "X-CSRF-Token", "", "csrf.required"};
}

Status Authorise(const domain::User& user, Action action) {
  const bool allowed = [&] {
    switch (action) {
      case Action::kRead:
        return true;
      case Action::kWrite:
        return user.role != domain::Role::kViewer;
      case Action::kAdmin:
        return user.role == domain::Role::kAdmin;
    }
    return false;
  }();
  if (allowed) return OkStatus();
  return Error{ErrorCode::kForbidden,
               std::string("the role ") + domain::RoleName(user.role) + " may not do this",
               {},
               {},
               "access.role"};
}

bool InScope(const domain::User& user, const domain::UnitCatalog& units,
             const domain::OrgState& org, Date today) {
  if (user.role == domain::Role::kAdmin) return true;
  if (user.role == domain::Role::kManager) return org.registry_code == user.scope_org;
  if (user.scope_unit.empty()) return true;
  const std::vector<std::string> codes = domain::CodesWithin(units, user.scope_unit, today);
  return std::binary_search(codes.begin(), codes.end(), org.unit_code);
}

std::string ScopeUnit(const domain::User& user) {
  return user.role == domain::Role::kAdmin ? std::string() : user.scope_unit;
}

std::string RandomPassword() {
  EnsureSodium();
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  }
  return out;
}

Result<std::vector<DemoAccount>> CreateDemoUsers(domain::AccessStore& store,
                                                 const domain::Clock& clock,
                                                 const std::string& province_code,
                                                 const std::string& managed_code) {
  Access access(store, clock);
  std::vector<DemoAccount> accounts = {
      {"admin", RandomPassword(), "admin", ""},
      {"officer", RandomPassword(), "officer", province_code},
      {"officer.vixuyen", RandomPassword(), "officer", "030"},
      {"viewer", RandomPassword(), "viewer", province_code},
  };
  if (!managed_code.empty()) {
    accounts.push_back({"manager", RandomPassword(), "manager", managed_code});
  }
  for (const DemoAccount& a : accounts) {
    HOPTAC_ASSIGN_OR_RETURN(const domain::Role role, domain::ParseRole(a.role));
    HOPTAC_RETURN_IF_ERROR(access.AddUser(a.username, a.password, role, a.scope));
  }
  return accounts;
}

}  // namespace hoptac::app
