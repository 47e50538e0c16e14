// The registry list: search as you type (without diacritics), filters, a sort by column done by
// the server across every page, pages by cursor, and an Excel download of what is shown (same
// filters, same order). Filters and order live in the address bar, so a reload or a shared link
// shows the same list.

import { useEffect, useState } from "react";
import { api, apiUrl } from "../api/client";
import type { OrgList, OrgListItem } from "../api/types";
import { useLang, useT } from "../i18n";
import { fmtDate } from "../format";
import { Link, setSearchParams, useSearchParams } from "../router";
import { canEditRegistry, useSession } from "../session";
import { FIELDS, KINDS, STATUSES, label } from "../vocab";
import { DateField, Empty, ErrorBox, Loading, SelectField, TextField, useAsync } from "../components/ui";
import { UnitPicker } from "../components/UnitPicker";
import { ApiError } from "../api/client";

const FILTERS = ["q", "kind", "status", "field", "unit", "model", "as_of", "sort", "dir"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
type SortKey = "name" | "registry_code" | "founded_on" | "status" | "unit";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export function RegistryPage() {
  const t = useT();
  const { lang } = useLang();
  const { user } = useSession();
  const params = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => {
    const f = {} as Filters;
    for (const k of FILTERS) f[k] = params[k] ?? "";
    return f;
  });
  const [cursors, setCursors] = useState<string[]>([]); // the `after` of each page before this one
  const debounced = useDebounced(filters, 250);
  const after = cursors.length ? cursors[cursors.length - 1] : "";

  useEffect(() => {
    setSearchParams(debounced);
    setCursors([]);
  }, [debounced]);

  const list = useAsync(
    (signal) =>
      api<OrgList>("GET", "/api/organisations", { query: { ...debounced, limit: 50, after }, signal }).then((r) => r.data),
    [JSON.stringify(debounced), after],
  );

  const rows = list.data?.items ?? [];

  const set = (k: keyof Filters) => (v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const filterError = (field: string) => (list.error instanceof ApiError ? list.error.fieldMessage(field) : undefined);

  // The server orders every page (ties by name); no sort asked is name order, ascending.
  const sortKey = (filters.sort || "name") as SortKey;
  const descending = filters.dir === "desc";
  const sortHeader = (key: SortKey, text: string) => {
    const active = sortKey === key;
    const dir = active ? (descending ? "descending" : "ascending") : "none";
    const next = active && !descending ? "desc" : "";
    return (
      <th scope="col" aria-sort={dir}>
        <button
          type="button"
          className="sort"
          onClick={() => setFilters((f) => ({ ...f, sort: key === "name" ? "" : key, dir: next }))}
        >
          {text} <span aria-hidden="true">{active ? (descending ? "▼" : "▲") : "↕"}</span>
        </button>
      </th>
    );
  };

  const exportQuery: Record<string, string> = { format: "xlsx" };
  for (const k of FILTERS) if (debounced[k]) exportQuery[k] = debounced[k];

  return (
    <section>
      <div className="title-row">
        <h1>{t("Danh bạ hợp tác xã", "Cooperative registry")}</h1>
        <div className="actions">
          <a className="button secondary" href={apiUrl("GET", "/api/organisations", {}, exportQuery)} download>
            {t("Tải Excel", "Download Excel")}
          </a>
          {canEditRegistry(user) ? (
            <Link className="button" href="/org/new">
              {t("Thêm hợp tác xã", "New cooperative")}
            </Link>
          ) : null}
        </div>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label={t("Tìm theo tên hoặc mã số", "Search by name or code")}
          name="q"
          type="search"
          value={filters.q}
          onChange={(e) => set("q")(e.target.value)}
          error={filterError("q")}
          hint={t("Không cần gõ dấu: “viet lam” tìm được “Việt Lâm”", "Diacritics optional: “viet lam” finds “Việt Lâm”")}
        />
        <SelectField
          label={t("Loại hình", "Kind")}
          name="kind"
          value={filters.kind}
          onChange={(e) => set("kind")(e.target.value)}
          placeholder={t("Tất cả", "All")}
          options={Object.keys(KINDS).map((k) => ({ value: k, label: label(KINDS, k, lang) }))}
          error={filterError("kind")}
        />
        <SelectField
          label={t("Tình trạng", "Status")}
          name="status"
          value={filters.status}
          onChange={(e) => set("status")(e.target.value)}
          placeholder={t("Tất cả", "All")}
          options={Object.keys(STATUSES).map((k) => ({ value: k, label: label(STATUSES, k, lang) }))}
          error={filterError("status")}
        />
        <SelectField
          label={t("Lĩnh vực", "Field")}
          name="field"
          value={filters.field}
          onChange={(e) => set("field")(e.target.value)}
          placeholder={t("Tất cả", "All")}
          options={Object.keys(FIELDS).map((k) => ({ value: k, label: label(FIELDS, k, lang) }))}
          error={filterError("field")}
        />
        <UnitPicker label={t("Địa bàn", "Area")} name="unit" value={filters.unit} onChange={set("unit")} error={filterError("unit")} />
        <TextField
          label={t("Mô hình", "Model")}
          name="model"
          value={filters.model}
          onChange={(e) => set("model")(e.target.value)}
          error={filterError("model")}
        />
        <DateField
          label={t("Tính đến ngày", "As of")}
          name="as_of"
          value={filters.as_of}
          onChange={(e) => set("as_of")(e.target.value)}
          error={filterError("as_of")}
          hint={t("Để trống: hôm nay", "Empty: today")}
        />
      </form>

      <div aria-live="polite" className="list-status">
        {list.loading ? <Loading /> : null}
      </div>
      <ErrorBox error={list.error} shownFields={[...FILTERS]} onRetry={list.reload} />
      {!list.loading && list.data && rows.length === 0 ? (
        <Empty>{t("Không có hợp tác xã nào khớp với bộ lọc.", "No cooperative matches the filters.")}</Empty>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="registry">
            <caption className="sr-only">{t("Danh sách hợp tác xã", "Cooperatives")}</caption>
            <thead>
              <tr>
                {sortHeader("registry_code", t("Mã số", "Code"))}
                {sortHeader("name", t("Tên", "Name"))}
                <th scope="col">{t("Loại hình", "Kind")}</th>
                {sortHeader("status", t("Tình trạng", "Status"))}
                {sortHeader("unit", t("Địa bàn", "Area"))}
                {sortHeader("founded_on", t("Thành lập", "Founded"))}
              </tr>
            </thead>
            <tbody>
              {rows.map((o: OrgListItem) => (
                <tr key={o.id}>
                  <td className="code">{o.registry_code}</td>
                  <td>
                    <Link href={`/org/${o.registry_code}${filters.as_of ? `?as_of=${encodeURIComponent(filters.as_of)}` : ""}`}>
                      {o.name}
                    </Link>
                  </td>
                  <td>{o.kind}</td>
                  <td>
                    <span className={`status status-${o.status}`}>{label(STATUSES, o.status, lang)}</span>
                  </td>
                  <td>{o.unit_name}</td>
                  <td>{fmtDate(o.founded_on)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label={t("Trang", "Pages")}>
        <button type="button" className="secondary" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← {t("Trang trước", "Previous")}
        </button>
        <span>
          {t("Trang", "Page")} {cursors.length + 1}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={!list.data?.next || list.loading}
          onClick={() => list.data?.next && setCursors((c) => [...c, list.data!.next!])}
        >
          {t("Trang sau", "Next")} →
        </button>
      </nav>
    </section>
  );
}
