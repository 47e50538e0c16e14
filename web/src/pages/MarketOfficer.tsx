// The officers' market screens: buyers' demands with the approval of those posted on the public
// page, the offers ranked for a demand with the score explained factor by factor, and the
// products on a cooperative's page.

import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { useT } from "../i18n";
import { fmtDate, fmtNum } from "../format";
import { Link, useLocation } from "../router";
import { canEditRegistry, canWrite, useSession } from "../session";
import { Empty, ErrorBox, Loading, SelectField, TextField, useAsync, useForm } from "../components/ui";
import { unitLabel, useMarketReference } from "./Market";

interface Demand {
  id: number;
  buyer_name: string;
  buyer_org: string;
  buyer_province: string;
  contact: string;
  product: string;
  category: string;
  quantity: number;
  unit: string;
  period_from: string;
  period_to: string;
  required_certs: string[];
  status: string;
  origin: string;
  approved: boolean;
  note: string;
  revision: number;
}

interface Factor {
  factor: string;
  points: number;
  max_points: number;
  explanation: string;
}

interface RankedOffer {
  key: string;
  score: number;
  factors: Factor[];
  own: boolean;
  product_id: number | null;
  source: string;
  source_name: string;
  org_name: string;
  province: string;
  product: { name: string; category_label: string; months: string; capacity: number; capacity_unit: string; is_public: boolean };
}

interface Product {
  id: number;
  name: string;
  category_label: string;
  ocop_stars: number;
  months: string;
  capacity: number;
  capacity_unit: string;
  is_public: boolean;
  key_level: string;
}

function factorName(f: string, t: (vi: string, en: string) => string) {
  const names: Record<string, [string, string]> = {
    product: ["Sản phẩm", "Product"],
    availability: ["Thời vụ", "Availability"],
    capacity: ["Sản lượng", "Capacity"],
    certifications: ["Chứng nhận", "Certifications"],
    distance: ["Khoảng cách", "Distance"],
  };
  const n = names[f];
  return n ? t(n[0], n[1]) : f;
}

function statusName(s: string, t: (vi: string, en: string) => string) {
  return s === "open" ? t("Đang tìm nguồn", "Open") : s === "matched" ? t("Đã kết nối", "Matched") : t("Đã đóng", "Closed");
}

function DemandsPage() {
  const t = useT();
  const { user } = useSession();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState("");
  const [error, setError] = useState<unknown>(null);
  const list = useAsync(
    (signal) => api<{ items: Demand[] }>("GET", "/api/demands", { query: { pending: pending ? "true" : undefined }, signal }).then((r) => r.data.items),
    [pending],
  );
  const approve = async (d: Demand) => {
    setError(null);
    try {
      await api("POST", "/api/demands/{id}/approve", { params: { id: d.id }, ifMatch: `"${d.revision}"` });
      setMessage(t(`Đã duyệt nhu cầu số ${d.id}.`, `Demand ${d.id} approved.`));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <h1>{t("Nhu cầu của người mua", "Buyers' demands")}</h1>
      <nav className="subnav" aria-label={t("Thị trường", "Market")}>
        <Link href="/market">{t("Nhu cầu", "Demands")}</Link>
        <Link href="/catalogue">{t("Danh mục công khai", "Public catalogue")}</Link>
      </nav>
      <label className="check">
        <input type="checkbox" checked={pending} onChange={(e) => setPending(e.target.checked)} /> {t("Chỉ nhu cầu chờ duyệt", "Only those waiting for approval")}
      </label>
      {message ? (
        <p role="status" className="notice">
          {message}
        </p>
      ) : null}
      <ErrorBox error={error} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.length === 0 ? <Empty>{t("Không có nhu cầu nào.", "No demand.")}</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("Nhu cầu", "Demands")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Số", "No.")}</th>
                <th scope="col">{t("Người mua", "Buyer")}</th>
                <th scope="col">{t("Liên hệ", "Contact")}</th>
                <th scope="col">{t("Cần mua", "Wants")}</th>
                <th scope="col">{t("Số lượng", "Quantity")}</th>
                <th scope="col">{t("Thời gian", "Period")}</th>
                <th scope="col">{t("Trạng thái", "Status")}</th>
                <th scope="col">{t("Thao tác", "Actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((d) => (
                <tr key={d.id} data-testid={`demand-${d.id}`}>
                  <td>{d.id}</td>
                  <td>
                    {d.buyer_name}
                    {d.buyer_org ? <div className="meta">{d.buyer_org}</div> : null}
                  </td>
                  <td>{d.contact}</td>
                  <td>{d.product || d.category}</td>
                  <td>
                    {fmtNum(d.quantity)} {d.unit}
                  </td>
                  <td>
                    {fmtDate(d.period_from)} – {fmtDate(d.period_to)}
                  </td>
                  <td>
                    {statusName(d.status, t)}
                    {!d.approved ? <div className="badge warn">{t("Chờ duyệt", "Waiting for approval")}</div> : null}
                  </td>
                  <td>
                    {!d.approved && canEditRegistry(user) ? (
                      <button type="button" onClick={() => approve(d)}>
                        {t("Duyệt", "Approve")}
                      </button>
                    ) : null}{" "}
                    <Link href={`/market/demands/${d.id}`}>{t("Nguồn hàng phù hợp", "Matching offers")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function OffersPage({ id }: { id: string }) {
  const t = useT();
  const ref = useMarketReference();
  const r = useAsync(
    (signal) => api<{ demand: Demand; items: RankedOffer[] }>("GET", "/api/demands/{id}/offers", { params: { id }, signal }).then((x) => x.data),
    [id],
  );
  if (r.loading && !r.data) return <Loading />;
  if (!r.data) return <ErrorBox error={r.error} onRetry={r.reload} />;
  const d = r.data.demand;
  return (
    <section>
      <p>
        <Link href="/market">← {t("Nhu cầu", "Demands")}</Link>
      </p>
      <h1>
        {t("Nguồn hàng cho nhu cầu số", "Offers for demand no.")} {d.id}
      </h1>
      <p className="meta">
        {d.buyer_name} · {d.product || d.category} · {fmtNum(d.quantity)} {unitLabel(ref.data, d.unit)} · {fmtDate(d.period_from)} – {fmtDate(d.period_to)}
      </p>
      {r.data.items.length === 0 ? <Empty>{t("Chưa có nguồn hàng phù hợp.", "No matching offer yet.")}</Empty> : null}
      <ol className="ranked" aria-label={t("Nguồn hàng xếp hạng", "Ranked offers")}>
        {r.data.items.map((o) => (
          <li key={o.key} className="card" data-testid="ranked-offer">
            <h2>
              {o.own && o.product_id && o.product.is_public ? <Link href={`/catalogue/${o.product_id}`}>{o.product.name}</Link> : o.product.name}{" "}
              <span className="score">{o.score}/100</span>
            </h2>
            <div className="meta">
              {o.org_name} · {o.province}
              {o.own ? "" : ` · ${t("đối tác", "partner")}: ${o.source_name}`}
            </div>
            <table className="factors">
              <caption className="sr-only">{t("Giải thích điểm", "Score explained")}</caption>
              <tbody>
                {o.factors.map((f) => (
                  <tr key={f.factor}>
                    <th scope="row">{factorName(f.factor, t)}</th>
                    <td>
                      {f.points}/{f.max_points}
                    </td>
                    <td>{f.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The officers' market screens, by path: /market, /market/demands/{id}. */
export function MarketOfficer() {
  const { path } = useLocation();
  const m = /^\/market\/demands\/(\d+)$/.exec(path);
  if (m) return <OffersPage id={m[1]} />;
  return <DemandsPage />;
}

/** The products of a cooperative, on its page, with a form to add one. */
export function OrgProducts({ code }: { code: string }) {
  const t = useT();
  const { user } = useSession();
  const ref = useMarketReference();
  const list = useAsync((signal) => api<{ items: Product[] }>("GET", "/api/products", { query: { org: code }, signal }).then((r) => r.data.items), [code]);
  const [adding, setAdding] = useState(false);
  const f = useForm({ name: "", category: "", months: "", capacity: "", capacity_unit: "tan", is_public: "yes" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    f.setBusy(true);
    f.setError(null);
    try {
      await api("POST", "/api/organisations/{code}/products", {
        params: { code },
        body: {
          name: f.values.name,
          category: f.values.category,
          months: f.values.months,
          capacity: f.values.capacity ? Number(f.values.capacity) : 0,
          capacity_unit: f.values.capacity ? f.values.capacity_unit : "",
          is_public: f.values.is_public === "yes",
        },
      });
      setAdding(false);
      list.reload();
    } catch (err) {
      f.setError(err);
    } finally {
      f.setBusy(false);
    }
  };
  return (
    <section aria-labelledby="products-title">
      <h2 id="products-title">{t("Sản phẩm", "Products")}</h2>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.length === 0 ? <Empty>{t("Chưa có sản phẩm.", "No product yet.")}</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <ul>
          {list.data.map((p) => (
            <li key={p.id}>
              {p.is_public ? <Link href={`/catalogue/${p.id}`}>{p.name}</Link> : p.name} — {p.category_label}
              {p.ocop_stars ? ` · OCOP ${p.ocop_stars}★` : ""} · {t("tháng", "months")} {p.months || "—"}
              {p.capacity ? ` · ${fmtNum(p.capacity)} ${unitLabel(ref.data, p.capacity_unit)}` : ""}
              {p.is_public ? "" : ` · ${t("không công khai", "not public")}`}
            </li>
          ))}
        </ul>
      ) : null}
      {canWrite(user, code) && !adding ? (
        <button type="button" className="secondary" onClick={() => setAdding(true)}>
          {t("Thêm sản phẩm", "Add a product")}
        </button>
      ) : null}
      {adding ? (
        <form onSubmit={submit} noValidate>
          <TextField label={t("Tên sản phẩm", "Name")} required {...f.bind("name")} />
          <SelectField
            label={t("Nhóm", "Category")}
            required
            placeholder={t("Chọn nhóm", "Choose")}
            options={(ref.data?.categories ?? []).map((c) => ({ value: c.id, label: t(c.label, c.label_en) }))}
            {...f.bind("category")}
          />
          <TextField label={t("Tháng có hàng (vd. 3-11)", "Months (e.g. 3-11)")} {...f.bind("months")} />
          <TextField label={t("Sản lượng mỗi vụ", "Capacity per season")} inputMode="numeric" {...f.bind("capacity")} />
          <SelectField label={t("Đơn vị", "Unit")} options={(ref.data?.units ?? []).map((u) => ({ value: u.id, label: u.label }))} {...f.bind("capacity_unit")} />
          <SelectField
            label={t("Công khai", "Public")}
            options={[
              { value: "yes", label: t("Có", "Yes") },
              { value: "no", label: t("Không", "No") },
            ]}
            {...f.bind("is_public")}
          />
          <ErrorBox error={f.error} shownFields={Object.keys(f.values)} />
          <div className="actions">
            <button type="submit" disabled={f.busy}>
              {t("Lưu", "Save")}
            </button>
            <button type="button" className="secondary" onClick={() => setAdding(false)}>
              {t("Hủy", "Cancel")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
