// The shell: who is signed in, the navigation, the language switch, and which screen to show.

import { useEffect, useState, type ReactNode } from "react";
import { api, setCsrfToken, ApiError } from "./api/client";
import type { SessionInfo, User } from "./api/types";
import { useLang, useT } from "./i18n";
import { Link, navigate, useLocation } from "./router";
import { SessionContext, canEditRegistry, isAdmin } from "./session";
import { Loading } from "./components/ui";
import { ROLES, label } from "./vocab";
import { LoginPage } from "./pages/Login";
import { PublicPage } from "./pages/Public";
import { DashboardPage } from "./pages/Dashboard";
import { RegistryPage } from "./pages/Registry";
import { OrganisationPage } from "./pages/Organisation";
import { NewOrganisationPage } from "./pages/NewOrganisation";
import { ReportsPage } from "./pages/Reports";
import { ImportPage } from "./pages/Import";
import { UsersPage, AuditPage } from "./pages/Admin";
import { MarketPublic } from "./pages/Market";
import { MarketOfficer } from "./pages/MarketOfficer";
import { ActivitiesPage, FollowUpsPage, InspectionsPage, PlansPage } from "./pages/Alliance";
import { AnnualReviewPage } from "./pages/AnnualReview";

function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <div className="lang-switch" role="group" aria-label="Ngôn ngữ / Language">
      <button type="button" aria-pressed={lang === "vi"} onClick={() => setLang("vi")} lang="vi">
        Tiếng Việt
      </button>
      <button type="button" aria-pressed={lang === "en"} onClick={() => setLang("en")} lang="en">
        English
      </button>
    </div>
  );
}

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const { path } = useLocation();
  const active = href === "/" ? path === "/" : path.startsWith(href);
  return (
    <Link href={href} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

function Header({ user, onLogout }: { user: User | null; onLogout: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const area = user?.scope_org
    ? t(`HTX ${user.scope_org}`, `cooperative ${user.scope_org}`)
    : user?.scope_unit
      ? t(`địa bàn ${user.scope_unit}`, `area ${user.scope_unit}`)
      : t("toàn tỉnh", "whole province");
  return (
    <header className="top">
      <a className="skip" href="#main">
        {t("Bỏ qua đến nội dung", "Skip to content")}
      </a>
      <div className="brand">
        <Link href={user ? "/" : "/public"}>hoptac</Link>
        <span className="tagline">{t("Liên minh Hợp tác xã tỉnh", "Provincial Cooperative Alliance")}</span>
      </div>
      {user ? (
        <nav aria-label={t("Chức năng", "Main")}>
          {user.role !== "manager" ? (
            <>
              <NavLink href="/">{t("Tổng quan", "Dashboard")}</NavLink>
              <NavLink href="/registry">{t("Danh bạ", "Registry")}</NavLink>
              <NavLink href="/reports">{t("Báo cáo", "Reports")}</NavLink>
              <NavLink href="/activities">{t("Công tác Liên minh", "Alliance work")}</NavLink>
            </>
          ) : (
            <NavLink href={`/org/${user.scope_org}`}>{t("Hợp tác xã của tôi", "My cooperative")}</NavLink>
          )}
          {canEditRegistry(user) ? <NavLink href="/import">{t("Nhập dữ liệu", "Import")}</NavLink> : null}
          {isAdmin(user) ? <NavLink href="/admin/users">{t("Người dùng", "Users")}</NavLink> : null}
          {isAdmin(user) ? <NavLink href="/admin/audit">{t("Nhật ký", "Audit log")}</NavLink> : null}
          <NavLink href="/public">{t("Tra cứu công khai", "Public lookup")}</NavLink>
          {user.role !== "manager" ? <NavLink href="/market">{t("Thị trường", "Market")}</NavLink> : null}
        </nav>
      ) : (
        <nav aria-label={t("Chức năng", "Main")}>
          <NavLink href="/catalogue">{t("Danh mục sản phẩm", "Product catalogue")}</NavLink>
          <NavLink href="/buy">{t("Đăng nhu cầu mua", "Post a demand")}</NavLink>
        </nav>
      )}
      <div className="who">
        {user ? (
          <>
            <span className="user" data-testid="whoami">
              <strong>{user.username}</strong> · {label(ROLES, user.role, lang)} · {area}
            </span>
            <button type="button" className="secondary" onClick={onLogout}>
              {t("Đăng xuất", "Sign out")}
            </button>
          </>
        ) : (
          <Link href="/login">{t("Đăng nhập", "Sign in")}</Link>
        )}
        <LangSwitch />
      </div>
    </header>
  );
}

function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t("Không có trang này", "No such page")}</h1>
      <Link href="/">{t("Về trang chủ", "Home")}</Link>
    </section>
  );
}

function Screen({ user }: { user: User }) {
  const { path } = useLocation();
  const org = /^\/org\/([^/]+)$/.exec(path);
  if (path === "/" && user.role === "manager" && user.scope_org) {
    return <OrganisationPage code={user.scope_org} />;
  }
  if (path === "/") return <DashboardPage />;
  if (path === "/registry") return <RegistryPage />;
  if (path === "/org/new") return <NewOrganisationPage />;
  if (org) return <OrganisationPage code={decodeURIComponent(org[1])} />;
  if (path === "/reports") return <ReportsPage />;
  if (path === "/import") return <ImportPage />;
  if (path === "/admin/users") return <UsersPage />;
  if (path === "/admin/audit") return <AuditPage />;
  if (path === "/market" || path.startsWith("/market/")) return <MarketOfficer />;
  if (path === "/activities") return <ActivitiesPage />;
  if (path === "/inspections") return <InspectionsPage />;
  if (path === "/follow-ups") return <FollowUpsPage />;
  if (path === "/plans") return <PlansPage />;
  if (path === "/review") return <AnnualReviewPage />;
  if (path === "/login") return <DashboardPage />;
  return <NotFound />;
}

export function App() {
  const t = useT();
  const { path } = useLocation();
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    api<SessionInfo>("GET", "/api/session")
      .then((r) => {
        setCsrfToken(r.data.csrf_token);
        setUser(r.data.user);
      })
      .catch((e) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn(e);
      })
      .finally(() => setChecking(false));
  }, []);

  const logout = async () => {
    try {
      await api("DELETE", "/api/session");
    } catch {
      // the session may have expired already; signing out locally is what matters
    }
    setCsrfToken(null);
    setUser(null);
    navigate("/login");
  };

  let body: ReactNode;
  if (path === "/public") body = <PublicPage />;
  else if (path === "/catalogue" || path.startsWith("/catalogue/") || path === "/buy") body = <MarketPublic />;
  else if (checking) body = <Loading />;
  else if (!user) body = <LoginPage onLogin={(u) => setUser(u)} />;
  else body = <Screen user={user} />;

  return (
    <SessionContext.Provider value={{ user, setUser }}>
      <Header user={user} onLogout={logout} />
      <main id="main" tabIndex={-1}>
        {body}
      </main>
      <footer className="foot">
        {t("hoptac — sổ đăng ký hợp tác xã", "hoptac — the cooperative registry")} ·{" "}
        <a href="/api/openapi.json">API</a>
      </footer>
    </SessionContext.Provider>
  );
}
