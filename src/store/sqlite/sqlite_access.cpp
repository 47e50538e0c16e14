// AccessStore on SQLite: its own connection to the registry's file (tables of 0003_access.sql).
// Single-threaded, like SqliteStore.

#include <map>
#include <string>

#include "store/open_access_store.hpp"
#include "store/postgres/postgres_access.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/audit_row.hpp"
#include "store/sqlite/connection.hpp"

namespace hoptac::store {
namespace sqlite {
namespace {

Timestamp ParseTs(const std::string& text) {
  auto t = Timestamp::Parse(text);
  return t.ok() ? t.value() : Timestamp();
}

class SqliteAccessStore final : public domain::AccessStore {
 public:
  explicit SqliteAccessStore(Connection c) : db_(std::move(c)) {}

  Result<domain::UserId> InsertUser(const domain::User& u) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * cached,
        Cached("INSERT INTO users (username, password_hash, role, scope_unit, scope_org, "
               "disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    Statement& st = *cached;
    st.Bind(1, u.username)
        .Bind(2, u.password_hash)
        .Bind(3, domain::RoleName(u.role))
        .Bind(4, u.scope_unit)
        .Bind(5, u.scope_org)
        .Bind(6, int64_t{u.disabled ? 1 : 0})
        .Bind(7, u.created_at.ToString());
    auto r = st.Run();
    if (!r.ok()) {
      if (r.error().code == ErrorCode::kConflict) {
        return Error::Conflict("this username is taken", "username", u.username);
      }
      return r.take_error();
    }
    return db_.LastInsertId();
  }

  Status UpdateUser(const domain::User& u) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("UPDATE users SET password_hash = ?, role = ?, scope_unit = ?, "
                                   "scope_org = ?, disabled = ? WHERE id = ?"));
    Statement& st = *cached;
    st.Bind(1, u.password_hash)
        .Bind(2, domain::RoleName(u.role))
        .Bind(3, u.scope_unit)
        .Bind(4, u.scope_org)
        .Bind(5, int64_t{u.disabled ? 1 : 0})
        .Bind(6, u.id);
    return st.Run();
  }

  Result<std::optional<domain::User>> FindUser(std::string_view username) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached(std::string(kSelectUser) + " WHERE username = ?"));
    Statement& st = *cached;
    st.Bind(1, username);
    return One(st);
  }

  Result<std::optional<domain::User>> FindUserById(domain::UserId id) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached, Cached(std::string(kSelectUser) + " WHERE id = ?"));
    Statement& st = *cached;
    st.Bind(1, id);
    return One(st);
  }

  Result<std::vector<domain::User>> ListUsers() override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached(std::string(kSelectUser) + " ORDER BY username"));
    Statement& st = *cached;
    std::vector<domain::User> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      out.push_back(UserFrom(st));
    }
    return out;
  }

  Status InsertSession(const domain::Session& s) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                   "created_at, last_seen) VALUES (?, ?, ?, ?, ?)"));
    Statement& st = *cached;
    st.Bind(1, s.token_hash)
        .Bind(2, s.user_id)
        .Bind(3, s.csrf_token)
        .Bind(4, s.created_at.ToString())
        .Bind(5, s.last_seen.ToString());
    return st.Run();
  }

  Result<std::optional<domain::Session>> FindSession(std::string_view token_hash) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("SELECT token_hash, user_id, csrf_token, created_at, last_seen "
                                   "FROM sessions WHERE token_hash = ?"));
    Statement& st = *cached;
    st.Bind(1, token_hash);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) return std::optional<domain::Session>();
    domain::Session found{st.Text(0), st.Int(1), st.Text(2), ParseTs(st.Text(3)),
                          ParseTs(st.Text(4))};
    st.Reset();  // one row: do not keep the statement's read snapshot open
    return std::optional<domain::Session>(std::move(found));
  }

  Status TouchSession(std::string_view token_hash, Timestamp when) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("UPDATE sessions SET last_seen = ? WHERE token_hash = ?"));
    Statement& st = *cached;
    st.Bind(1, when.ToString()).Bind(2, token_hash);
    return st.Run();
  }

  Status DeleteSession(std::string_view token_hash) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("DELETE FROM sessions WHERE token_hash = ?"));
    Statement& st = *cached;
    st.Bind(1, token_hash);
    return st.Run();
  }

  Status DeleteSessionsOf(domain::UserId user) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached, Cached("DELETE FROM sessions WHERE user_id = ?"));
    Statement& st = *cached;
    st.Bind(1, user);
    return st.Run();
  }

  Result<int64_t> InsertToken(const domain::ApiToken& t) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("INSERT INTO api_tokens (user_id, name, token_hash, "
                                   "created_at) VALUES (?, ?, ?, ?)"));
    Statement& st = *cached;
    st.Bind(1, t.user_id).Bind(2, t.name).Bind(3, t.token_hash).Bind(4, t.created_at.ToString());
    HOPTAC_RETURN_IF_ERROR(st.Run());
    return db_.LastInsertId();
  }

  // The token and its user in one statement: every API request asks it.
  Result<std::optional<domain::TokenOwner>> FindTokenOwner(std::string_view token_hash) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * cached,
        Cached("SELECT u.id, u.username, u.password_hash, u.role, u.scope_unit, u.scope_org, "
               "u.disabled, u.created_at, t.id, t.user_id, t.name, t.token_hash, t.created_at, "
               "t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
               "WHERE t.token_hash = ?"));
    Statement& st = *cached;
    st.Bind(1, token_hash);
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) return std::optional<domain::TokenOwner>();
    domain::TokenOwner o;
    o.user = UserFrom(st);  // columns 0-7
    o.token = {st.Int(8), st.Int(9), st.Text(10), st.Text(11), ParseTs(st.Text(12)), {}};
    if (!st.IsNull(13)) o.token.revoked_at = ParseTs(st.Text(13));
    st.Reset();  // one row: do not keep the statement's read snapshot open
    return std::optional<domain::TokenOwner>(std::move(o));
  }

  Result<int64_t> AccessVersion() override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * st,
                            Cached("SELECT access FROM data_versions WHERE id = 1"));
    HOPTAC_ASSIGN_OR_RETURN(const bool row, st->Step());
    const int64_t version = row ? st->Int(0) : 0;
    st->Reset();
    return version;
  }

  Status RevokeToken(int64_t id, Timestamp when) override {
    HOPTAC_ASSIGN_OR_RETURN(
        Statement * cached,
        Cached("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
    Statement& st = *cached;
    st.Bind(1, when.ToString()).Bind(2, id);
    return st.Run();
  }

  Result<std::vector<domain::ApiToken>> ListTokens(domain::UserId user) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * cached,
                            Cached("SELECT id, user_id, name, token_hash, created_at, revoked_at "
                                   "FROM api_tokens WHERE user_id = ? ORDER BY id"));
    Statement& st = *cached;
    st.Bind(1, user);
    std::vector<domain::ApiToken> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(const bool row, st.Step());
      if (!row) break;
      domain::ApiToken t{st.Int(0), st.Int(1), st.Text(2), st.Text(3), ParseTs(st.Text(4)), {}};
      if (!st.IsNull(5)) t.revoked_at = ParseTs(st.Text(5));
      out.push_back(std::move(t));
    }
    return out;
  }

  Status Audited(const domain::AuditEntry& a, const std::function<Status()>& write) override {
    return InImmediateTransaction(db_, [&]() -> Status {
      HOPTAC_RETURN_IF_ERROR(write());
      return InsertAuditRow(db_, a);
    });
  }

 private:
  static constexpr std::string_view kSelectUser =
      "SELECT id, username, password_hash, role, scope_unit, scope_org, disabled, created_at "
      "FROM users";

  static domain::User UserFrom(const Statement& st) {
    domain::User u;
    u.id = st.Int(0);
    u.username = st.Text(1);
    u.password_hash = st.Text(2);
    auto role = domain::ParseRole(st.Text(3));
    u.role = role.ok() ? role.value() : domain::Role::kViewer;
    u.scope_unit = st.Text(4);
    u.scope_org = st.Text(5);
    u.disabled = st.Int(6) != 0;
    u.created_at = ParseTs(st.Text(7));
    return u;
  }

  // Reads at most one row and resets the statement (a cached statement left mid-way would keep
  // its read snapshot open).
  static Result<std::optional<domain::User>> One(Statement& st) {
    auto row = st.Step();
    std::optional<domain::User> user;
    if (row.ok() && *row) user = UserFrom(st);
    st.Reset();
    if (!row.ok()) return row.take_error();
    return user;
  }

  // The prepared statement for `sql`, reset, from the cache (prepared on first use).
  Result<Statement*> Cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      HOPTAC_ASSIGN_OR_RETURN(Statement st, db_.Prepare(sql));
      it = cache_.emplace(std::string(sql), std::move(st)).first;
    }
    it->second.Reset();
    return &it->second;
  }

  Connection db_;
  std::map<std::string, Statement, std::less<>> cache_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<domain::AccessStore>> OpenAccessStore(const std::string& url) {
  if (postgres::IsPostgresUrl(url)) return postgres::OpenPostgresAccessStore(url);
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  HOPTAC_ASSIGN_OR_RETURN(sqlite::Connection c, sqlite::Connection::Open(path));
  return std::unique_ptr<domain::AccessStore>(
      std::make_unique<sqlite::SqliteAccessStore>(std::move(c)));
}

}  // namespace hoptac::store
