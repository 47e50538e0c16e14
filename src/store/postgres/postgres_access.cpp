// AccessStore on PostgreSQL: its own connection to the registry's database (tables of
// migrations/postgres/0003_access.sql). Single-threaded, like PostgresStore.

#include "store/postgres/postgres_access.hpp"

#include "store/postgres/connection.hpp"

namespace hoptac::store::postgres {
namespace {

constexpr std::string_view kInsertUser =
    "INSERT INTO users (username, password_hash, role, scope_unit, scope_org, disabled, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING "
    "RETURNING id";
constexpr std::string_view kUpdateUser =
    "UPDATE users SET password_hash = $1, role = $2, scope_unit = $3, scope_org = $4, "
    "disabled = $5 WHERE id = $6";
#define HOPTAC_USER_COLUMNS                                                                     \
  "SELECT id, username, password_hash, role, scope_unit, scope_org, disabled, created_at FROM " \
  "users "
constexpr std::string_view kSelectUserByName = HOPTAC_USER_COLUMNS "WHERE username = $1";
constexpr std::string_view kSelectUserById = HOPTAC_USER_COLUMNS "WHERE id = $1";
constexpr std::string_view kSelectUsers = HOPTAC_USER_COLUMNS "ORDER BY username";
#undef HOPTAC_USER_COLUMNS

constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kSelectSession =
    "SELECT token_hash, user_id, csrf_token, created_at, last_seen FROM sessions "
    "WHERE token_hash = $1";
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen = $1 WHERE token_hash = $2";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
constexpr std::string_view kDeleteSessionsOf = "DELETE FROM sessions WHERE user_id = $1";

constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) "
    "RETURNING id";
constexpr std::string_view kSelectAccessVersion = "SELECT access FROM data_versions WHERE id = 1";
constexpr std::string_view kSelectTokenOwner =
    "SELECT u.id, u.username, u.password_hash, u.role, u.scope_unit, u.scope_org, u.disabled, "
    "u.created_at, t.id, t.user_id, t.name, t.token_hash, t.created_at, t.revoked_at "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
constexpr std::string_view kSelectTokensOf =
    "SELECT id, user_id, name, token_hash, created_at, revoked_at FROM api_tokens "
    "WHERE user_id = $1 ORDER BY id";

constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, actor, address, request_id, action, entity, before, after) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

Timestamp ParseTs(std::string_view text) {
  auto t = Timestamp::Parse(text);
  return t.ok() ? t.value() : Timestamp();
}

domain::User UserFrom(const Rows& r, size_t i) {
  domain::User u;
  u.id = r.Int(i, 0);
  u.username = r.Text(i, 1);
  u.password_hash = r.Text(i, 2);
  auto role = domain::ParseRole(r.View(i, 3));
  u.role = role.ok() ? role.value() : domain::Role::kViewer;
  u.scope_unit = r.Text(i, 4);
  u.scope_org = r.Text(i, 5);
  u.disabled = r.Bool(i, 6);
  u.created_at = ParseTs(r.View(i, 7));
  return u;
}

// The token's six columns, from column `c` on.
domain::ApiToken TokenFrom(const Rows& r, size_t i, int c = 0) {
  domain::ApiToken t{r.Int(i, c),      r.Int(i, c + 1),           r.Text(i, c + 2),
                     r.Text(i, c + 3), ParseTs(r.View(i, c + 4)), {}};
  if (!r.IsNull(i, c + 5)) t.revoked_at = ParseTs(r.View(i, c + 5));
  return t;
}

class PostgresAccessStore final : public domain::AccessStore {
 public:
  explicit PostgresAccessStore(std::unique_ptr<Connection> c) : db_(std::move(c)) {}

  Result<domain::UserId> InsertUser(const domain::User& u) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kInsertUser, Params()
                                                              .Add(u.username)
                                                              .Add(u.password_hash)
                                                              .Add(domain::RoleName(u.role))
                                                              .Add(u.scope_unit)
                                                              .Add(u.scope_org)
                                                              .Add(u.disabled)
                                                              .Add(u.created_at.ToString())));
    if (r.empty()) return Error::Conflict("this username is taken", "username", u.username);
    return r.Int(0, 0);
  }

  Status UpdateUser(const domain::User& u) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(kUpdateUser, Params()
                                                     .Add(u.password_hash)
                                                     .Add(domain::RoleName(u.role))
                                                     .Add(u.scope_unit)
                                                     .Add(u.scope_org)
                                                     .Add(u.disabled)
                                                     .Add(u.id)));
    return OkStatus();
  }

  Result<std::optional<domain::User>> FindUser(std::string_view username) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectUserByName, Params().Add(username)));
    if (r.empty()) return std::optional<domain::User>();
    return std::optional<domain::User>(UserFrom(r, 0));
  }

  Result<std::optional<domain::User>> FindUserById(domain::UserId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectUserById, Params().Add(id)));
    if (r.empty()) return std::optional<domain::User>();
    return std::optional<domain::User>(UserFrom(r, 0));
  }

  Result<std::vector<domain::User>> ListUsers() override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectUsers));
    std::vector<domain::User> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(UserFrom(r, i));
    return out;
  }

  Status InsertSession(const domain::Session& s) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(kInsertSession, Params()
                                                        .Add(s.token_hash)
                                                        .Add(s.user_id)
                                                        .Add(s.csrf_token)
                                                        .Add(s.created_at.ToString())
                                                        .Add(s.last_seen.ToString())));
    return OkStatus();
  }

  Result<std::optional<domain::Session>> FindSession(std::string_view token_hash) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectSession, Params().Add(token_hash)));
    if (r.empty()) return std::optional<domain::Session>();
    return std::optional<domain::Session>(domain::Session{
        r.Text(0, 0), r.Int(0, 1), r.Text(0, 2), ParseTs(r.View(0, 3)), ParseTs(r.View(0, 4))});
  }

  Status TouchSession(std::string_view token_hash, Timestamp when) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(kTouchSession, Params().Add(when.ToString()).Add(token_hash)));
    return OkStatus();
  }

  Status DeleteSession(std::string_view token_hash) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(kDeleteSession, Params().Add(token_hash)));
    return OkStatus();
  }

  Status DeleteSessionsOf(domain::UserId user) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(kDeleteSessionsOf, Params().Add(user)));
    return OkStatus();
  }

  Result<int64_t> InsertToken(const domain::ApiToken& t) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r,
        db_->Run(
            kInsertToken,
            Params().Add(t.user_id).Add(t.name).Add(t.token_hash).Add(t.created_at.ToString())));
    return r.Int(0, 0);
  }

  Result<std::optional<domain::TokenOwner>> FindTokenOwner(std::string_view token_hash) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectTokenOwner, Params().Add(token_hash)));
    if (r.empty()) return std::optional<domain::TokenOwner>();
    return std::optional<domain::TokenOwner>(
        domain::TokenOwner{TokenFrom(r, 0, 8), UserFrom(r, 0)});
  }

  Result<int64_t> AccessVersion() override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectAccessVersion, Params()));
    return r.empty() ? int64_t{0} : r.Int(0, 0);
  }

  Status RevokeToken(int64_t id, Timestamp when) override {
    HOPTAC_RETURN_IF_ERROR(db_->Run(kRevokeToken, Params().Add(when.ToString()).Add(id)));
    return OkStatus();
  }

  Result<std::vector<domain::ApiToken>> ListTokens(domain::UserId user) override {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, db_->Run(kSelectTokensOf, Params().Add(user)));
    std::vector<domain::ApiToken> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(TokenFrom(r, i));
    return out;
  }

  Status Audited(const domain::AuditEntry& a, const std::function<Status()>& write) override {
    return InTransaction<Ok>(*db_, Isolation::kReadCommitted, [&]() -> Status {
      HOPTAC_RETURN_IF_ERROR(write());
      HOPTAC_RETURN_IF_ERROR(db_->Run(kInsertAudit, Params()
                                                        .Add(a.at.ToString())
                                                        .Add(a.actor)
                                                        .Add(a.address)
                                                        .Add(a.request_id)
                                                        .Add(a.action)
                                                        .Add(a.entity)
                                                        .Add(a.before)
                                                        .Add(a.after)));
      return OkStatus();
    });
  }

 private:
  std::unique_ptr<Connection> db_;
};

}  // namespace

Result<std::unique_ptr<domain::AccessStore>> OpenPostgresAccessStore(const std::string& url) {
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Connection::Open(url));
  return std::unique_ptr<domain::AccessStore>(std::make_unique<PostgresAccessStore>(std::move(c)));
}

}  // namespace hoptac::store::postgres
