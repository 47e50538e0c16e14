#include "app/access.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "app/views_json.hpp"
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

namespace {

// Sets the role and checks the scope that goes with it.
Status SetRoleAndScope(domain::User& u, domain::Role role, const std::string& scope) {
  u.role = role;
  u.scope_unit.clear();
  u.scope_org.clear();
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
  return OkStatus();
}

std::string UserText(const domain::User& u) { return UserJson(u).dump(); }

}  // namespace

domain::AuditEntry Access::Entry(const Actor& actor, std::string action,
                                 const std::string& username) const {
  domain::AuditEntry a;
  a.at = clock_.Now();
  a.actor = actor.name;
  a.address = actor.address;
  a.request_id = actor.request_id;
  a.action = std::move(action);
  a.entity = "user/" + username;
  return a;
}

Result<domain::User> Access::FindExisting(const std::string& username) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<domain::User> u, store_.FindUser(username));
  if (!u) return Error::NotFound("no such user", "username", username);
  return *u;
}

Result<domain::UserId> Access::AddUser(const std::string& username, const std::string& password,
                                       domain::Role role, const std::string& scope,
                                       const Actor& actor) {
  HOPTAC_RETURN_IF_ERROR(CheckUsername(username));
  domain::User u;
  u.username = username;
  HOPTAC_RETURN_IF_ERROR(SetRoleAndScope(u, role, scope));
  HOPTAC_ASSIGN_OR_RETURN(u.password_hash, HashPassword(password));
  u.created_at = clock_.Now();
  domain::AuditEntry entry = Entry(actor, "user.add", username);
  entry.after = UserText(u);
  domain::UserId id = 0;
  HOPTAC_RETURN_IF_ERROR(store_.Audited(entry, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(id, store_.InsertUser(u));
    return OkStatus();
  }));
  return id;
}

Status Access::SetPassword(const std::string& username, const std::string& password,
                           const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(domain::User u, FindExisting(username));
  HOPTAC_ASSIGN_OR_RETURN(u.password_hash, HashPassword(password));
  domain::AuditEntry entry = Entry(actor, "user.passwd", username);
  entry.before = entry.after = UserText(u);  // the hash is never logged
  return store_.Audited(entry, [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(store_.UpdateUser(u));
    return store_.DeleteSessionsOf(u.id);
  });
}

Status Access::Disable(const std::string& username, const Actor& actor) {
  UserChange change;
  change.disabled = true;
  return UpdateUser(username, change, actor);
}

Status Access::UpdateUser(const std::string& username, const UserChange& change,
                          const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(domain::User u, FindExisting(username));
  domain::AuditEntry entry = Entry(actor, "user.update", username);
  entry.before = UserText(u);
  if (change.role || change.scope) {
    const std::string scope =
        change.scope.value_or(u.role == domain::Role::kManager ? u.scope_org : u.scope_unit);
    HOPTAC_RETURN_IF_ERROR(SetRoleAndScope(u, change.role.value_or(u.role), scope));
  }
  if (change.password) {
    HOPTAC_ASSIGN_OR_RETURN(u.password_hash, HashPassword(*change.password));
  }
  if (change.disabled) u.disabled = *change.disabled;
  entry.after = UserText(u);
  // A changed password, role or scope, or a disabled account, ends the user's sessions.
  const bool end_sessions = change.password || change.role || change.scope || u.disabled;
  return store_.Audited(entry, [&]() -> Status {
    HOPTAC_RETURN_IF_ERROR(store_.UpdateUser(u));
    return end_sessions ? store_.DeleteSessionsOf(u.id) : OkStatus();
  });
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
  const std::string hash = TokenHash(token);
  // Read before the token: a change committed after it makes the next request ask again.
  HOPTAC_ASSIGN_OR_RETURN(const int64_t version, store_.AccessVersion());
  if (version != bearers_version_) {
    bearers_.clear();
    bearers_version_ = version;
  }
  if (const auto it = bearers_.find(hash); it != bearers_.end()) {
    return Principal{it->second, "", false};
  }
  HOPTAC_ASSIGN_OR_RETURN(const std::optional<domain::TokenOwner> t, store_.FindTokenOwner(hash));
  if (!t || t->token.revoked_at || t->user.disabled) {
    return Error{ErrorCode::kUnauthorized, "unknown or revoked API token", {}, {}, {}};
  }
  constexpr size_t kMaxBearers = 1000;  // past it, start again
  if (bearers_.size() >= kMaxBearers) bearers_.clear();
  bearers_.emplace(hash, t->user);
  return Principal{t->user, "", false};
}

Result<std::string> Access::CreateToken(const std::string& username, const std::string& name,
                                        const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(const domain::User u, FindExisting(username));
  const std::string token = RandomToken();
  domain::AuditEntry entry = Entry(actor, "token.create", username);
  entry.after = nlohmann::json{{"name", name}}.dump();
  HOPTAC_RETURN_IF_ERROR(store_.Audited(entry, [&]() -> Status {
    auto inserted =
        store_.InsertToken({0, u.id, name, TokenHash(token), clock_.Now(), std::nullopt});
    return inserted.ok() ? OkStatus() : Status(inserted.take_error());
  }));
  return token;
}

Status Access::RevokeToken(int64_t id, const Actor& actor) {
  domain::AuditEntry entry = Entry(actor, "token.revoke", "");
  entry.entity = "token/" + std::to_string(id);
  return store_.Audited(entry, [&] { return store_.RevokeToken(id, clock_.Now()); });
}

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
    HOPTAC_RETURN_IF_ERROR(access.AddUser(a.username, a.password, role, a.scope, Actor{"demo"}));
  }
  return accounts;
}

}  // namespace hoptac::app
