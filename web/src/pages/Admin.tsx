// Administration: user accounts (add, role, area, disable, new password) and the audit log.

import { useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { AuditEntry, AuditPage as AuditPageData, UserRow } from "../api/types";
import { useLang, useT } from "../i18n";
import { fmtDate } from "../format";
import { ROLES, label } from "../vocab";
import { Link } from "../router";
import { bodyOf, DateField, Empty, ErrorBox, Loading, SelectField, TextField, useAsync, useForm } from "../components/ui";

function roleOptions(lang: "vi" | "en") {
  return Object.keys(ROLES).map((r) => ({ value: r, label: label(ROLES, r, lang) }));
}

function scopeOf(u: UserRow): string {
  return u.scope ?? u.scope_org ?? u.scope_unit ?? "";
}

function UserEditor({ user, onDone, onCancel }: { user: UserRow; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const form = useForm({ role: user.role as string, scope: scopeOf(user), password: "" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    const body: Record<string, unknown> = { role: form.values.role, scope: form.values.scope.trim() };
    if (form.values.password) body.password = form.values.password;
    try {
      await api("PATCH", "/api/users/{username}", { params: { username: user.username }, body });
      onDone();
    } catch (err) {
      form.setError(err);
    } finally {
      form.setBusy(false);
    }
  };
  return (
    <form className="dialog" onSubmit={submit} noValidate aria-labelledby="edit-user-title">
      <h2 id="edit-user-title">
        {t("Sửa người dùng", "Edit user")} {user.username}
      </h2>
      <div className="form-grid">
        <SelectField label={t("Vai trò", "Role")} options={roleOptions(lang)} {...form.bind("role")} />
        <TextField
          label={t("Phạm vi", "Scope")}
          hint={t("Mã đơn vị (cán bộ, người xem) hoặc mã HTX (giám đốc); trống: toàn bộ", "Unit code (officer, viewer) or registry code (manager); empty: everywhere")}
          {...form.bind("scope")}
        />
        <TextField label={t("Mật khẩu mới", "New password")} type="password" autoComplete="new-password" hint={t("Để trống: giữ nguyên", "Empty: unchanged")} {...form.bind("password")} />
      </div>
      <ErrorBox error={form.error} shownFields={["role", "scope", "password"]} />
      <div className="form-actions">
        <button type="submit" disabled={form.busy}>
          {t("Lưu", "Save")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("Đóng", "Close")}
        </button>
      </div>
    </form>
  );
}

export function UsersPage() {
  const t = useT();
  const { lang } = useLang();
  const users = useAsync((signal) => api<UserRow[] | { users: UserRow[] }>("GET", "/api/users", { signal }).then((r) => r.data), []);
  const list: UserRow[] = Array.isArray(users.data) ? users.data : (users.data?.users ?? []);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [toggleError, setToggleError] = useState<unknown>(null);
  const form = useForm({ username: "", password: "", role: "officer", scope: "" });

  const add = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    try {
      await api("POST", "/api/users", { body: bodyOf(form.values) });
      form.setValues({ username: "", password: "", role: "officer", scope: "" });
      users.reload();
    } catch (err) {
      form.setError(err);
    } finally {
      form.setBusy(false);
    }
  };

  const toggle = async (u: UserRow) => {
    setToggleError(null);
    try {
      await api("PATCH", "/api/users/{username}", { params: { username: u.username }, body: { disabled: !u.disabled } });
      users.reload();
    } catch (err) {
      setToggleError(err);
    }
  };

  return (
    <section>
      <h1>{t("Người dùng", "Users")}</h1>
      {users.loading && !users.data ? <Loading /> : null}
      <ErrorBox error={users.error} onRetry={users.reload} />
      <ErrorBox error={toggleError} />
      {editing ? (
        <UserEditor
          user={editing}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            users.reload();
          }}
        />
      ) : null}
      {list.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("Tên đăng nhập", "Username")}</th>
                <th scope="col">{t("Vai trò", "Role")}</th>
                <th scope="col">{t("Phạm vi", "Scope")}</th>
                <th scope="col">{t("Trạng thái", "State")}</th>
                <th scope="col">{t("Thao tác", "Actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.username}>
                  <td>{u.username}</td>
                  <td>{label(ROLES, u.role, lang)}</td>
                  <td>{scopeOf(u) || t("toàn bộ", "everywhere")}</td>
                  <td>{u.disabled ? t("Đã khóa", "Disabled") : t("Hoạt động", "Active")}</td>
                  <td className="actions">
                    <button type="button" className="secondary" onClick={() => setEditing(u)}>
                      {t("Sửa", "Edit")} <span className="sr-only">{u.username}</span>
                    </button>
                    <button type="button" className="secondary" onClick={() => toggle(u)}>
                      {u.disabled ? t("Mở khóa", "Enable") : t("Khóa", "Disable")} <span className="sr-only">{u.username}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : !users.loading && !users.error ? (
        <Empty>{t("Chưa có người dùng.", "No users.")}</Empty>
      ) : null}

      <form onSubmit={add} noValidate className="dialog" aria-labelledby="add-user-title">
        <h2 id="add-user-title">{t("Thêm người dùng", "Add a user")}</h2>
        <div className="form-grid">
          <TextField label={t("Tên đăng nhập", "Username")} required autoComplete="off" {...form.bind("username")} />
          <TextField label={t("Mật khẩu", "Password")} type="password" required autoComplete="new-password" {...form.bind("password")} />
          <SelectField label={t("Vai trò", "Role")} required options={roleOptions(lang)} {...form.bind("role")} />
          <TextField
            label={t("Phạm vi", "Scope")}
            hint={t("Mã đơn vị hoặc mã HTX; trống: toàn bộ", "Unit code or registry code; empty: everywhere")}
            {...form.bind("scope")}
          />
        </div>
        <ErrorBox error={form.error} shownFields={["username", "password", "role", "scope"]} />
        <button type="submit" disabled={form.busy}>
          {t("Thêm", "Add")}
        </button>
      </form>
    </section>
  );
}

function JsonText({ text }: { text: string }) {
  if (!text) return <span className="meta">—</span>;
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // shown as stored
  }
  return <pre className="json">{pretty}</pre>;
}

function EntityLink({ entity }: { entity: string }) {
  const m = /^organisation\/(\w+)$/.exec(entity);
  return m ? <Link href={`/org/${m[1]}`}>{entity}</Link> : <>{entity}</>;
}

export function AuditPage() {
  const t = useT();
  const blank = { user: "", entity: "", from: "", to: "" };
  const [form, setForm] = useState(blank);
  const [applied, setApplied] = useState(blank);
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1] ?? "";
  const page = useAsync(
    (signal) => api<AuditPageData | AuditEntry[]>("GET", "/api/audit", { query: { ...applied, limit: 50, after }, signal }).then((r) => r.data),
    [JSON.stringify(applied), after],
  );
  const items: AuditEntry[] = Array.isArray(page.data) ? page.data : (page.data?.items ?? []);
  const next = Array.isArray(page.data) ? null : (page.data?.next ?? null);
  const err = (f: string) => (page.error instanceof ApiError ? page.error.fieldMessage(f) : undefined);
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <section>
      <h1>{t("Nhật ký thay đổi", "Audit log")}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setApplied({ ...form });
        }}
      >
        <TextField label={t("Người dùng", "User")} name="user" value={form.user} onChange={set("user")} error={err("user")} />
        <TextField
          label={t("Đối tượng", "Entity")}
          name="entity"
          value={form.entity}
          onChange={set("entity")}
          error={err("entity")}
          hint={t("Ví dụ: organisation/5100086384 hoặc organisation/", "For example organisation/5100086384 or organisation/")}
        />
        <DateField label={t("Từ ngày", "From")} name="from" value={form.from} onChange={set("from")} error={err("from")} />
        <DateField label={t("Đến ngày", "To")} name="to" value={form.to} onChange={set("to")} error={err("to")} />
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit">{t("Lọc", "Filter")}</button>
        </div>
      </form>
      {page.loading ? <Loading /> : null}
      <ErrorBox error={page.error} shownFields={Object.keys(blank)} onRetry={page.reload} />
      {!page.loading && page.data && items.length === 0 ? <Empty>{t("Không có mục nào.", "No entries.")}</Empty> : null}
      {items.length ? (
        <div className="table-wrap">
          <table data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{t("Thời điểm", "When")}</th>
                <th scope="col">{t("Người dùng", "User")}</th>
                <th scope="col">{t("Thao tác", "Action")}</th>
                <th scope="col">{t("Đối tượng", "Entity")}</th>
                <th scope="col">{t("Từ địa chỉ", "From")}</th>
                <th scope="col">{t("Trước và sau", "Before and after")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it) => (
                <tr key={it.id}>
                  <td>{fmtDate(it.at)}</td>
                  <td>{it.actor}</td>
                  <td>
                    <code>{it.action}</code>
                  </td>
                  <td>
                    <EntityLink entity={it.entity} />
                  </td>
                  <td>{it.address}</td>
                  <td>
                    <details>
                      <summary>{t("Xem", "Show")}</summary>
                      <div className="before-after">
                        <div>
                          <strong>{t("Trước", "Before")}</strong>
                          <JsonText text={it.before} />
                        </div>
                        <div>
                          <strong>{t("Sau", "After")}</strong>
                          <JsonText text={it.after} />
                        </div>
                      </div>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label={t("Trang", "Pages")}>
        <button type="button" className="secondary" disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← {t("Trang trước", "Previous")}
        </button>
        <button type="button" className="secondary" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
          {t("Trang sau", "Next")} →
        </button>
      </nav>
    </section>
  );
}
