// The public market pages (no sign-in): the catalogue of products by category, province and
// certification; a product's page with its producer's public details; the form where a buyer
// posts a demand (an officer approves it before it is shown). Public fields only: the server
// sends nothing else.

import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import { useT } from "../i18n";
import { fmtDate, fmtNum, fmtVnd } from "../format";
import { Link, setSearchParams, useLocation, useSearchParams } from "../router";
import { DateField, Empty, ErrorBox, Loading, SelectField, TextAreaField, TextField, bodyOf, useAsync, useForm } from "../components/ui";

export interface MarketReference {
  categories: { id: string; label: string; label_en: string }[];
  units: { id: string; label: string }[];
  certifications: { id: string; label: string }[];
  provinces: { code: string; name: string }[];
}

export interface PublicProduct {
  id: number;
  name: string;
  category: string;
  category_label: string;
  key_level: string;
  ocop_stars: number;
  ocop_year: number;
  certifications: { kind: string; label: string; code: string; valid_to: string | null }[];
  months: string;
  capacity: number;
  capacity_unit: string;
  price_min: number | null;
  price_max: number | null;
  packaging: string;
  photo_url: string;
  description: string;
  producer: {
    code: string;
    name: string;
    province: string;
    province_name: string;
    commune_name: string;
    address?: string;
    status?: string;
    founded_on?: string;
    other_products?: { id: number; name: string }[];
  };
}

export function useMarketReference() {
  return useAsync((signal) => api<MarketReference>("GET", "/api/public/market", { signal }).then((r) => r.data), []);
}

function Stars({ n }: { n: number }) {
  const t = useT();
  if (!n) return null;
  return (
    <span className="ocop" aria-label={t(`OCOP ${n} sao`, `OCOP ${n} stars`)}>
      OCOP {"★".repeat(n)}
    </span>
  );
}

export function unitLabel(ref: MarketReference | undefined, id: string) {
  return ref?.units.find((u) => u.id === id)?.label ?? id;
}

function MarketNav() {
  const t = useT();
  return (
    <nav className="subnav" aria-label={t("Thị trường", "Market")}>
      <Link href="/catalogue">{t("Danh mục sản phẩm", "Product catalogue")}</Link>
      <Link href="/buy">{t("Đăng nhu cầu mua", "Post a demand")}</Link>
      <Link href="/public">{t("Tra cứu hợp tác xã", "Look up a cooperative")}</Link>
    </nav>
  );
}

function CataloguePage() {
  const t = useT();
  const params = useSearchParams();
  const ref = useMarketReference();
  const list = useAsync(
    (signal) =>
      api<{ items: PublicProduct[] }>("GET", "/api/public/catalogue", {
        query: { category: params.category, province: params.province, certification: params.certification, q: params.q },
        signal,
      }).then((r) => r.data.items),
    [params.category, params.province, params.certification, params.q],
  );
  const set = (k: string, v: string) => setSearchParams({ ...params, [k]: v });
  return (
    <section>
      <MarketNav />
      <h1>{t("Danh mục sản phẩm của các hợp tác xã", "Products of the cooperatives")}</h1>
      <p>
        {t(
          "Sản phẩm chủ lực, OCOP và chứng nhận của các hợp tác xã trong tỉnh. Người mua có thể đăng nhu cầu để Liên minh kết nối.",
          "Key products, OCOP ratings and certifications of the province's cooperatives. Buyers may post a demand for the Alliance to match.",
        )}
      </p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("Tìm", "Search")} name="q" type="search" value={params.q ?? ""} onChange={(e) => set("q", e.target.value)} />
        <SelectField
          label={t("Nhóm sản phẩm", "Category")}
          name="category"
          value={params.category ?? ""}
          placeholder={t("Tất cả", "All")}
          options={(ref.data?.categories ?? []).map((c) => ({ value: c.id, label: t(c.label, c.label_en) }))}
          onChange={(e) => set("category", e.target.value)}
        />
        <SelectField
          label={t("Tỉnh", "Province")}
          name="province"
          value={params.province ?? ""}
          placeholder={t("Tất cả", "All")}
          options={(ref.data?.provinces ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={(e) => set("province", e.target.value)}
        />
        <SelectField
          label={t("Chứng nhận", "Certification")}
          name="certification"
          value={params.certification ?? ""}
          placeholder={t("Bất kỳ", "Any")}
          options={(ref.data?.certifications ?? []).map((c) => ({ value: c.id, label: c.label }))}
          onChange={(e) => set("certification", e.target.value)}
        />
      </form>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.length === 0 ? <Empty>{t("Không có sản phẩm nào phù hợp.", "No product matches.")}</Empty> : null}
      {list.data && list.data.length > 0 ? (
        <ul className="cards" aria-label={t("Sản phẩm", "Products")}>
          {list.data.map((p) => (
            <li key={p.id} className="card" data-testid="catalogue-item">
              <h2>
                <Link href={`/catalogue/${p.id}`}>{p.name}</Link>
              </h2>
              <div className="meta">
                {p.category_label} · {p.producer.name} · {p.producer.province_name} <Stars n={p.ocop_stars} />
              </div>
              <div>
                {p.certifications.map((c) => (
                  <span key={c.kind + c.code} className="badge">
                    {c.label}
                  </span>
                ))}
              </div>
              <div className="meta">
                {t("Tháng có hàng", "Months")}: {p.months || "—"}
                {p.capacity ? ` · ${fmtNum(p.capacity)} ${unitLabel(ref.data, p.capacity_unit)}/${t("vụ", "season")}` : ""}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ProductPage({ id }: { id: string }) {
  const t = useT();
  const ref = useMarketReference();
  const p = useAsync((signal) => api<PublicProduct>("GET", "/api/public/catalogue/{id}", { params: { id }, signal }).then((r) => r.data), [id]);
  if (p.loading && !p.data) return <Loading />;
  if (!p.data) return <ErrorBox error={p.error} onRetry={p.reload} />;
  const d = p.data;
  return (
    <section>
      <MarketNav />
      <h1>{d.name}</h1>
      <p className="meta">
        {d.category_label} <Stars n={d.ocop_stars} />
        {d.ocop_year ? ` (${d.ocop_year})` : ""}
        {d.key_level !== "none" ? ` · ${d.key_level === "province" ? t("Sản phẩm chủ lực cấp tỉnh", "Provincial key product") : t("Sản phẩm chủ lực cấp xã", "Commune key product")}` : ""}
      </p>
      {d.photo_url ? <img className="product-photo" src={d.photo_url} alt={d.name} /> : null}
      {d.description ? <p>{d.description}</p> : null}
      <dl className="facts">
        <dt>{t("Tháng có hàng", "Months available")}</dt>
        <dd>{d.months || "—"}</dd>
        <dt>{t("Sản lượng mỗi vụ", "Capacity per season")}</dt>
        <dd>{d.capacity ? `${fmtNum(d.capacity)} ${unitLabel(ref.data, d.capacity_unit)}` : "—"}</dd>
        <dt>{t("Giá", "Price")}</dt>
        <dd>{d.price_min !== null || d.price_max !== null ? `${fmtVnd(d.price_min)} – ${fmtVnd(d.price_max)}` : "—"}</dd>
        <dt>{t("Quy cách đóng gói", "Packaging")}</dt>
        <dd>{d.packaging || "—"}</dd>
        <dt>{t("Chứng nhận", "Certifications")}</dt>
        <dd>
          {d.certifications.length
            ? d.certifications.map((c) => `${c.label}${c.code ? ` ${c.code}` : ""}${c.valid_to ? ` (${t("đến", "until")} ${fmtDate(c.valid_to)})` : ""}`).join("; ")
            : "—"}
        </dd>
      </dl>
      <h2>{t("Hợp tác xã sản xuất", "Producer")}</h2>
      <dl className="facts" data-testid="producer">
        <dt>{t("Tên", "Name")}</dt>
        <dd>{d.producer.name}</dd>
        <dt>{t("Mã số", "Registry code")}</dt>
        <dd>{d.producer.code}</dd>
        <dt>{t("Địa chỉ", "Address")}</dt>
        <dd>{d.producer.address}</dd>
        <dt>{t("Tình trạng", "Status")}</dt>
        <dd>{d.producer.status}</dd>
        <dt>{t("Ngày thành lập", "Founded")}</dt>
        <dd>{fmtDate(d.producer.founded_on)}</dd>
      </dl>
      {d.producer.other_products?.length ? (
        <>
          <h3>{t("Sản phẩm khác", "Other products")}</h3>
          <ul>
            {d.producer.other_products.map((o) => (
              <li key={o.id}>
                <Link href={`/catalogue/${o.id}`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link href={`/buy?category=${d.category}&product=${encodeURIComponent(d.name)}`}>{t("Đăng nhu cầu mua sản phẩm này", "Post a demand for this product")}</Link>
      </p>
    </section>
  );
}

function BuyPage() {
  const t = useT();
  const params = useSearchParams();
  const ref = useMarketReference();
  const [token, setToken] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const f = useForm({
    buyer_name: "",
    buyer_org: "",
    buyer_province: "",
    contact: "",
    product: params.product ?? "",
    category: params.category ?? "",
    quantity: "",
    unit: "tan",
    period_from: "",
    period_to: "",
    certification: "",
    note: "",
    website: "",
  });
  const newToken = () =>
    api<{ form_token: string }>("GET", "/api/public/demand-form").then(
      (r) => setToken(r.data.form_token),
      (e) => f.setError(e),
    );
  useEffect(() => {
    void newToken();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    f.setBusy(true);
    f.setError(null);
    const { certification, ...rest } = f.values;
    const body: Record<string, unknown> = { ...bodyOf(rest, ["quantity"]), form_token: token ?? "", website: f.values.website };
    if (certification) body.required_certs = [certification];
    try {
      const r = await api<{ id: number }>("POST", "/api/public/demands", { body });
      setSent(r.data.id);
    } catch (err) {
      f.setError(err);
      if (err instanceof ApiError && err.fieldErrors.some((x) => x.field === "form_token")) void newToken();
    } finally {
      f.setBusy(false);
    }
  };
  if (sent !== null) {
    return (
      <section>
        <MarketNav />
        <h1>{t("Đã gửi nhu cầu", "Demand sent")}</h1>
        <p role="status" data-testid="demand-sent">
          {t(
            `Cảm ơn! Nhu cầu số ${sent} đã được gửi. Cán bộ Liên minh sẽ duyệt trước khi công bố và liên hệ với bạn.`,
            `Thank you! Demand no. ${sent} was sent. An Alliance officer will approve it before it is published, and contact you.`,
          )}
        </p>
      </section>
    );
  }
  return (
    <section>
      <MarketNav />
      <h1>{t("Đăng nhu cầu mua", "Post a demand")}</h1>
      <p>{t("Thông tin liên hệ của bạn chỉ cán bộ Liên minh xem được.", "Only Alliance officers see your contact details.")}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={t("Họ tên người mua", "Buyer's name")} required {...f.bind("buyer_name")} />
        <TextField label={t("Đơn vị", "Organisation")} {...f.bind("buyer_org")} />
        <SelectField
          label={t("Tỉnh của người mua", "Buyer's province")}
          placeholder={t("Chọn tỉnh", "Choose")}
          options={(ref.data?.provinces ?? []).map((p) => ({ value: p.code, label: p.name }))}
          {...f.bind("buyer_province")}
        />
        <TextField label={t("Điện thoại hoặc thư điện tử", "Phone or e-mail")} required {...f.bind("contact")} />
        <TextField label={t("Sản phẩm cần mua", "Product wanted")} {...f.bind("product")} />
        <SelectField
          label={t("Nhóm sản phẩm", "Category")}
          placeholder={t("Chọn nhóm", "Choose")}
          options={(ref.data?.categories ?? []).map((c) => ({ value: c.id, label: t(c.label, c.label_en) }))}
          {...f.bind("category")}
        />
        <TextField label={t("Số lượng", "Quantity")} inputMode="numeric" required {...f.bind("quantity")} />
        <SelectField label={t("Đơn vị tính", "Unit")} options={(ref.data?.units ?? []).map((u) => ({ value: u.id, label: u.label }))} {...f.bind("unit")} />
        <DateField label={t("Cần từ ngày", "From")} required {...f.bind("period_from")} />
        <DateField label={t("Đến ngày", "Until")} required {...f.bind("period_to")} />
        <SelectField
          label={t("Chứng nhận yêu cầu", "Certification required")}
          placeholder={t("Không yêu cầu", "None")}
          options={(ref.data?.certifications ?? []).map((c) => ({ value: c.id, label: c.label }))}
          {...f.bind("certification")}
        />
        <TextAreaField label={t("Ghi chú", "Note")} {...f.bind("note")} />
        {/* A field people do not see and bots fill in (decision 0063). */}
        <div className="hp" aria-hidden="true">
          <label>
            Website
            <input tabIndex={-1} autoComplete="off" name="website" value={f.values.website} onChange={(e) => f.setValues((v) => ({ ...v, website: e.target.value }))} />
          </label>
        </div>
        <ErrorBox error={f.error} shownFields={Object.keys(f.values)} />
        <div className="actions">
          <button type="submit" disabled={f.busy || !token}>
            {t("Gửi nhu cầu", "Send")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The public market's screens, by path: /catalogue, /catalogue/{id}, /buy. */
export function MarketPublic() {
  const { path } = useLocation();
  const product = /^\/catalogue\/(\d+)$/.exec(path);
  if (product) return <ProductPage id={product[1]} />;
  if (path === "/buy") return <BuyPage />;
  return <CataloguePage />;
}
