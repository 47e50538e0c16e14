// Users (C12): hoptac user add|passwd|disable|list|token, and the demo accounts.

#include <CLI/CLI.hpp>
#include <ostream>

#include "app/access.hpp"
#include "cli/context.hpp"

namespace hoptac::cli {
namespace {

std::unique_ptr<domain::AccessStore> OpenAccess(Context& ctx) {
  Check(ctx.Registry());  // opens and migrates the database first
  if (!ctx.deps.open_access_store) {
    throw CommandFailed{Error::Unavailable("this build of hoptac has no user store")};
  }
  return Check(ctx.deps.open_access_store(ctx.db));
}

}  // namespace

void RegisterUserCommands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user", "user accounts of the server: roles and scopes");
  user->require_subcommand(1);

  struct AddOptions {
    std::string name, role, scope, password;
  };
  auto ao = std::make_shared<AddOptions>();
  auto* add = user->add_subcommand("add", "add a user (prints a random password unless given)");
  add->add_option("username", ao->name, "a-z, 0-9, '.', '_', '-'")->required();
  add->add_option("--role", ao->role, "admin, officer, manager or viewer")->required();
  add->add_option("--scope", ao->scope,
                  "officer/viewer: a unit code (any level, old or new; none: everywhere); "
                  "manager: the registry code of the organisation");
  add->add_option("--password", ao->password, "at least 10 characters (default: random)");
  add->callback([&ctx, ao] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    const domain::Role role = Check(domain::ParseRole(ao->role, "--role"));
    const std::string password = ao->password.empty() ? app::RandomPassword() : ao->password;
    Check(access.AddUser(ao->name, password, role, ao->scope, ctx.Actor()));
    ctx.out() << "added " << ao->name << " (" << ao->role;
    if (!ao->scope.empty()) ctx.out() << ", scope " << ao->scope;
    ctx.out() << ")\n";
    if (ao->password.empty()) ctx.out() << "password: " << password << '\n';
  });

  auto po = std::make_shared<AddOptions>();
  auto* passwd = user->add_subcommand("passwd", "set a new password (ends the user's sessions)");
  passwd->add_option("username", po->name)->required();
  passwd->add_option("--password", po->password, "at least 10 characters (default: random)");
  passwd->callback([&ctx, po] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    const std::string password = po->password.empty() ? app::RandomPassword() : po->password;
    Check(access.SetPassword(po->name, password, ctx.Actor()));
    ctx.out() << "password of " << po->name << " changed\n";
    if (po->password.empty()) ctx.out() << "password: " << password << '\n';
  });

  auto dname = std::make_shared<std::string>();
  auto* disable = user->add_subcommand("disable", "disable a user and end its sessions");
  disable->add_option("username", *dname)->required();
  disable->callback([&ctx, dname] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    Check(access.Disable(*dname, ctx.Actor()));
    ctx.out() << "disabled " << *dname << '\n';
  });

  auto* list = user->add_subcommand("list", "the users with their roles and scopes");
  list->callback([&ctx] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    std::vector<std::vector<std::string>> rows;
    for (const domain::User& u : Check(access.Users())) {
      rows.push_back({u.username, domain::RoleName(u.role),
                      u.scope_org.empty() ? u.scope_unit : u.scope_org,
                      u.disabled ? "disabled" : "active", u.created_at.date().ToVietnamese()});
    }
    PrintTable(ctx.out(), {"Tên", "Vai trò", "Phạm vi", "Trạng thái", "Tạo ngày"}, rows);
  });

  auto to = std::make_shared<AddOptions>();
  auto* token = user->add_subcommand("token", "make an API token for a user (shown once)");
  token->add_option("username", to->name)->required();
  token->add_option("--name", to->scope, "what the token is for")->required();
  token->callback([&ctx, to] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    ctx.out() << Check(access.CreateToken(to->name, to->scope, ctx.Actor())) << '\n';
  });

  auto tname = std::make_shared<std::string>();
  auto* tokens = user->add_subcommand("tokens", "a user's API tokens (ids, names, revoked)");
  tokens->add_option("username", *tname)->required();
  tokens->callback([&ctx, tname] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    std::vector<std::vector<std::string>> rows;
    for (const domain::ApiToken& t : Check(access.Tokens(*tname))) {
      rows.push_back({std::to_string(t.id), t.name, t.created_at.ToString(),
                      t.revoked_at ? t.revoked_at->ToString() : ""});
    }
    PrintTable(ctx.out(), {"Id", "Tên", "Tạo lúc", "Thu hồi lúc"}, rows);
  });

  auto rid = std::make_shared<int64_t>(0);
  auto* revoke = user->add_subcommand("revoke", "revoke an API token by its id");
  revoke->add_option("id", *rid, "the id from `hoptac user tokens`")->required();
  revoke->callback([&ctx, rid] {
    auto store = OpenAccess(ctx);
    app::Access access(*store, *ctx.deps.clock);
    Check(access.RevokeToken(*rid, ctx.Actor()));
    ctx.out() << "revoked token " << *rid << '\n';
  });
}

void PrintDemoAccounts(Context& ctx, const std::string& managed_code) {
  auto store = OpenAccess(ctx);
  const auto accounts = Check(app::CreateDemoUsers(*store, *ctx.deps.clock, "02", managed_code));
  ctx.out() << "demo accounts (for hoptac serve):\n";
  for (const app::DemoAccount& a : accounts) {
    ctx.out() << "  login: " << a.username << " / password: " << a.password << "  (" << a.role;
    if (!a.scope.empty()) ctx.out() << ", scope " << a.scope;
    ctx.out() << ")\n";
  }
}

}  // namespace hoptac::cli
