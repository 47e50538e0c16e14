// The public lookup: a cooperative by name or registry code, public fields only, no sign-in.

import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { PublicOrg } from "../api/types";
import { useLang, useT } from "../i18n";
import { fmtDate } from "../format";
import { KINDS, STATUSES, label } from "../vocab";
import { Empty, ErrorBox, Loading, TextField } from "../components/ui";

export function PublicPage() {
  const t = useT();
  const { lang } = useLang();
  const [q, setQ] = useState("");
  const [state, setState] = useState<{ items?: PublicOrg[]; error?: unknown; loading: boolean }>({ loading: false });
  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setState({ loading: false });
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }));
      api<{ items: PublicOrg[] }>("GET", "/api/public/organisations", { query: { q: query, limit: 50 }, signal: ctl.signal }).then(
        (r) => setState({ items: r.data.items, loading: false }),
        (error) => {
          if (!ctl.signal.aborted) setState({ error, loading: false });
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);
  return (
    <section>
      <h1>{t("Tra cứu hợp tác xã", "Look up a cooperative")}</h1>
      <p>{t("Tìm theo tên (không cần dấu) hoặc mã số hợp tác xã.", "Search by name (diacritics optional) or registry code.")}</p>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label={t("Tên hoặc mã số", "Name or registry code")}
          name="q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoFocus
        />
      </form>
      {state.loading ? <Loading /> : null}
      <ErrorBox error={state.error} />
      {state.items && state.items.length === 0 ? <Empty>{t("Không tìm thấy hợp tác xã nào.", "No cooperative found.")}</Empty> : null}
      {state.items && state.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("Kết quả tra cứu", "Search results")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Mã số", "Code")}</th>
                <th scope="col">{t("Tên", "Name")}</th>
                <th scope="col">{t("Loại hình", "Kind")}</th>
                <th scope="col">{t("Tình trạng", "Status")}</th>
                <th scope="col">{t("Địa bàn", "Area")}</th>
                <th scope="col">{t("Ngày thành lập", "Founded")}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((o) => (
                <tr key={o.registry_code}>
                  <td>{o.registry_code}</td>
                  <td>{o.name}</td>
                  <td>{label(KINDS, o.kind, lang)}</td>
                  <td>{lang === "vi" ? o.status_label : label(STATUSES, o.status, lang)}</td>
                  <td>{o.unit_name}</td>
                  <td>{fmtDate(o.founded_on)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
