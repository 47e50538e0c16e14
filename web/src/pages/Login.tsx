import type { FormEvent } from "react";
import { api, setCsrfToken } from "../api/client";
import type { SessionInfo, User } from "../api/types";
import { useT } from "../i18n";
import { Link, navigate, useLocation } from "../router";
import { ErrorBox, TextField, useForm } from "../components/ui";

export function LoginPage({ onLogin }: { onLogin: (u: User) => void }) {
  const t = useT();
  const { path, search } = useLocation();
  const form = useForm({ username: "", password: "" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    try {
      const r = await api<SessionInfo>("POST", "/api/session", { body: form.values });
      setCsrfToken(r.data.csrf_token);
      onLogin(r.data.user);
      if (path === "/login") navigate("/", true);
      else navigate(path + search, true);
    } catch (err) {
      form.setError(err);
      form.setValues((v) => ({ ...v, password: "" }));
    } finally {
      form.setBusy(false);
    }
  };
  return (
    <section className="login narrow">
      <h1>{t("Đăng nhập", "Sign in")}</h1>
      <form onSubmit={submit} noValidate>
        <TextField label={t("Tên đăng nhập", "Username")} autoComplete="username" required autoFocus {...form.bind("username")} />
        <TextField
          label={t("Mật khẩu", "Password")}
          type="password"
          autoComplete="current-password"
          required
          {...form.bind("password")}
        />
        <ErrorBox error={form.error} shownFields={["username", "password"]} />
        <button type="submit" disabled={form.busy}>
          {form.busy ? t("Đang đăng nhập…", "Signing in…") : t("Đăng nhập", "Sign in")}
        </button>
      </form>
      <p>
        <Link href="/public">{t("Tra cứu hợp tác xã không cần đăng nhập", "Look up a cooperative without signing in")}</Link>
      </p>
    </section>
  );
}
