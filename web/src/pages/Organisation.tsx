// One cooperative: its state as of a date, the timeline of its events (voided ones struck through,
// with the reason), its yearly figures as a table and a chart, its member register, and the forms
// that change it.

import { useMemo, useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { Figures, History, OrgEvent, OrgView } from "../api/types";
import { FIGURE_COUNTS, FIGURE_MONEY } from "../api/types";
import { useLang, useT, type Tr } from "../i18n";
import { fmtDate, fmtNum, fmtVnd } from "../format";
import { Link, setSearchParams, useSearchParams } from "../router";
import { canEditRegistry, canWrite, useSession } from "../session";
import { CONVERSION, EVENT_TYPES, FIELDS, GROUNDS, KINDS, RATINGS, STATUSES, label } from "../vocab";
import { DateField, Empty, ErrorBox, Loading, useAsync } from "../components/ui";
import { Chart, type ChartOption } from "../components/Chart";
import { EventForm, FiguresForm, VoidForm } from "./OrgForms";
import { OrgProducts } from "./MarketOfficer";
import { MembersView } from "./Members";
import { OrgAlliance } from "./Alliance";

export function figureLabel(key: string, t: Tr): string {
  const labels: Record<string, [string, string]> = {
    members: ["Thành viên", "Members"],
    members_individual: ["Thành viên cá nhân", "Individual members"],
    members_household: ["Thành viên hộ gia đình", "Household members"],
    members_legal_entity: ["Thành viên pháp nhân", "Legal-entity members"],
    workers: ["Lao động", "Workers"],
    workers_members: ["Lao động là thành viên", "Workers who are members"],
    charter_capital: ["Vốn điều lệ", "Charter capital"],
    total_assets: ["Tổng tài sản", "Total assets"],
    revenue: ["Doanh thu", "Revenue"],
    revenue_from_members: ["Doanh thu từ thành viên", "Revenue from members"],
    profit_before_tax: ["Lợi nhuận trước thuế", "Profit before tax"],
    avg_income: ["Thu nhập bình quân", "Average income"],
    rating: ["Xếp loại", "Rating"],
    rating_scheme: ["Căn cứ xếp loại", "Rating scheme"],
  };
  const l = labels[key];
  return l ? t(l[0], l[1]) : key;
}

function ChangesText({ e }: { e: OrgEvent }) {
  const t = useT();
  const { lang } = useLang();
  const c = e.changes;
  const parts: string[] = [];
  if (c.name) parts.push(`${t("Tên", "Name")}: ${c.name}`);
  if (c.short_name) parts.push(`${t("Tên viết tắt", "Short name")}: ${c.short_name}`);
  if (c.foreign_name) parts.push(`${t("Tên nước ngoài", "Foreign name")}: ${c.foreign_name}`);
  if (c.field) parts.push(`${t("Lĩnh vực", "Field")}: ${label(FIELDS, c.field, lang)}`);
  if (c.unit_code) parts.push(`${t("Mã xã", "Commune")}: ${c.unit_code}`);
  if (c.address_detail) parts.push(`${t("Địa chỉ", "Address")}: ${c.address_detail}`);
  if (c.representative) parts.push(`${t("Người đại diện", "Representative")}: ${c.representative}`);
  if (c.charter_capital !== undefined) parts.push(`${t("Vốn điều lệ", "Charter capital")}: ${fmtVnd(c.charter_capital)}`);
  if (c.models?.length) parts.push(`${t("Mô hình", "Models")}: ${c.models.join("; ")}`);
  if (c.sectors?.length) parts.push(`${t("Ngành nghề", "Sectors")}: ${c.sectors.join("; ")}`);
  if (e.ground) parts.push(`${t("Căn cứ", "Ground")}: ${label(GROUNDS, e.ground, lang)}`);
  if (!parts.length) return null;
  return <div className="changes">{parts.join(" · ")}</div>;
}

function Timeline({
  history,
  canEdit,
  onVoid,
}: {
  history: History;
  canEdit: boolean;
  onVoid: (e: OrgEvent) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const events = [...history.events].sort((a, b) => (a.effective_date === b.effective_date ? a.id - b.id : a.effective_date < b.effective_date ? -1 : 1));
  if (!events.length) return <Empty>{t("Chưa có sự kiện nào.", "No events yet.")}</Empty>;
  return (
    <ol className="timeline" aria-label={t("Lịch sử sự kiện", "Event history")}>
      {events.map((e) => (
        <li key={e.id} className={e.voided ? "voided" : undefined} data-event-type={e.type}>
          <div className="what">
            <strong>{fmtDate(e.effective_date)}</strong> — {lang === "vi" ? e.type_label : label(EVENT_TYPES, e.type, lang)}
            {e.voided ? <span className="sr-only"> ({t("đã hủy", "voided")})</span> : null}
            <ChangesText e={e} />
            {e.decision_no || e.decided_by ? (
              <div className="meta">
                {t("Quyết định", "Decision")} {e.decision_no} {e.decision_date ? `${t("ngày", "of")} ${fmtDate(e.decision_date)}` : ""}{" "}
                {e.decided_by ? `— ${e.decided_by}` : ""}
              </div>
            ) : null}
            {e.related.length ? (
              <div className="meta">
                {t("Tổ chức liên quan", "Related")}:{" "}
                {e.related.map((c) => (
                  <Link key={c} href={`/org/${c}`}>
                    {c}{" "}
                  </Link>
                ))}
              </div>
            ) : null}
            {e.note ? <div className="meta">{e.note}</div> : null}
          </div>
          <div className="meta">
            {t("Ghi nhận", "Recorded")} {fmtDate(e.recorded_at)} {e.recorded_by ? `${t("bởi", "by")} ${e.recorded_by}` : ""} · #{e.id}
          </div>
          {e.voided ? (
            <div className="void-reason">
              {t("Đã hủy", "Voided")} {fmtDate(e.voided.voided_at)} {e.voided.voided_by ? `${t("bởi", "by")} ${e.voided.voided_by}` : ""}:{" "}
              {e.voided.reason}
            </div>
          ) : canEdit ? (
            <button type="button" className="link" onClick={() => onVoid(e)}>
              {t("Hủy sự kiện này", "Void this event")}
              <span className="sr-only"> #{e.id}</span>
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function FiguresView({ figures }: { figures: Figures }) {
  const t = useT();
  const { lang } = useLang();
  const years = [...figures.figures].sort((a, b) => a.year - b.year);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 40, bottom: 30 },
      xAxis: { type: "category", data: years.map((y) => String(y.year)) },
      yAxis: [
        { type: "value", name: t("người", "people") },
        { type: "value", name: t("triệu đồng", "million VND"), axisLabel: { formatter: (v: number) => fmtNum(v) } },
      ],
      series: [
        { type: "bar", name: figureLabel("members", t), data: years.map((y) => y.members) },
        { type: "bar", name: figureLabel("workers", t), data: years.map((y) => y.workers) },
        {
          type: "line",
          name: figureLabel("revenue", t),
          yAxisIndex: 1,
          data: years.map((y) => (y.revenue === null ? null : Math.round(y.revenue / 1e6))),
        },
      ],
    }),
    [figures, lang],
  );
  if (!years.length) return <Empty>{t("Chưa có số liệu năm nào.", "No yearly figures yet.")}</Empty>;
  return (
    <>
      <Chart option={option} label={t("Biểu đồ thành viên, lao động và doanh thu theo năm", "Chart of members, workers and revenue by year")} />
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t("Số liệu theo năm", "Yearly figures")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("Năm", "Year")}</th>
              {[...FIGURE_COUNTS, ...FIGURE_MONEY].map((k) => (
                <th scope="col" className="num" key={k}>
                  {figureLabel(k, t)}
                </th>
              ))}
              <th scope="col">{figureLabel("rating", t)}</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                {FIGURE_COUNTS.map((k) => (
                  <td className="num" key={k}>
                    {fmtNum(y[k])}
                  </td>
                ))}
                {FIGURE_MONEY.map((k) => (
                  <td className="num" key={k}>
                    {fmtVnd(y[k])}
                  </td>
                ))}
                <td>{label(RATINGS, y.rating, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const TABS = ["history", "figures", "members"] as const;
type Tab = (typeof TABS)[number];

type Panel = { kind: "none" } | { kind: "event" } | { kind: "void"; event: OrgEvent } | { kind: "figures" };

export function OrganisationPage({ code }: { code: string }) {
  const t = useT();
  const { lang } = useLang();
  const { user } = useSession();
  const params = useSearchParams();
  const [asOf, setAsOf] = useState(params.as_of ?? "");
  const [appliedAsOf, setAppliedAsOf] = useState(params.as_of ?? "");
  const [tab, setTab] = useState<Tab>(TABS.includes(params.tab as Tab) ? (params.tab as Tab) : "history");
  const [panel, setPanel] = useState<Panel>({ kind: "none" });
  const [notice, setNotice] = useState("");

  const view = useAsync(
    (signal) => api<OrgView>("GET", "/api/organisations/{code}", { params: { code }, query: { as_of: appliedAsOf }, signal }).then((r) => r.data),
    [code, appliedAsOf],
  );
  const history = useAsync(
    (signal) => api<History>("GET", "/api/organisations/{code}/history", { params: { code }, signal }),
    [code],
  );
  const figures = useAsync(
    (signal) => api<Figures>("GET", "/api/organisations/{code}/figures", { params: { code }, signal }),
    [code],
  );

  const editRegistry = canEditRegistry(user);
  const editFigures = canWrite(user, code);
  const o = view.data;

  const applyAsOf = (e: FormEvent) => {
    e.preventDefault();
    setAppliedAsOf(asOf.trim());
    setSearchParams({ as_of: asOf.trim(), tab: tab === "history" ? "" : tab });
  };

  const afterWrite = (message: string) => {
    setPanel({ kind: "none" });
    setNotice(message);
    view.reload();
    history.reload();
    figures.reload();
  };

  return (
    <section>
      <p className="no-print">
        <Link href="/registry">← {t("Danh bạ", "Registry")}</Link>
      </p>
      {view.loading && !o ? <Loading /> : null}
      <ErrorBox error={view.error} shownFields={["as_of"]} onRetry={view.reload} />
      {o ? (
        <>
          <div className="title-row">
            <h1>
              {o.exists ? o.name : code}{" "}
              <span className="meta">
                {o.registry_code} · {label(KINDS, o.kind, lang)}
              </span>
            </h1>
            {o.exists ? <span className={`status status-${o.status}`}>{label(STATUSES, o.status, lang)}</span> : null}
          </div>
          <form className="filters" onSubmit={applyAsOf}>
            <DateField
              label={t("Trạng thái tính đến ngày", "State as of")}
              name="as_of"
              value={asOf}
              onChange={(e) => setAsOf(e.target.value)}
              hint={t("Để trống: hôm nay", "Empty: today")}
              error={view.error instanceof ApiError ? view.error.fieldMessage("as_of") : undefined}
            />
            <div className="field">
              <span aria-hidden="true">&nbsp;</span>
              <button type="submit">{t("Xem", "Show")}</button>
            </div>
          </form>
          {!o.exists ? (
            <Empty>
              {t(`Vào ngày ${fmtDate(o.as_of)} tổ chức này chưa tồn tại.`, `On ${fmtDate(o.as_of)} this organisation did not exist yet.`)}
            </Empty>
          ) : (
            <dl className="facts">
              <dt>{t("Tính đến ngày", "As of")}</dt>
              <dd>{fmtDate(o.as_of)}</dd>
              {o.short_name ? (
                <>
                  <dt>{t("Tên viết tắt", "Short name")}</dt>
                  <dd>{o.short_name}</dd>
                </>
              ) : null}
              {o.foreign_name ? (
                <>
                  <dt>{t("Tên nước ngoài", "Foreign name")}</dt>
                  <dd>{o.foreign_name}</dd>
                </>
              ) : null}
              <dt>{t("Lĩnh vực", "Field")}</dt>
              <dd>{label(FIELDS, o.field, lang)}</dd>
              <dt>{t("Ngày thành lập", "Founded")}</dt>
              <dd>{fmtDate(o.founded_on)}</dd>
              <dt>{t("Địa chỉ", "Address")}</dt>
              <dd>
                {[o.address_detail, o.unit?.path ?? o.unit_code].filter(Boolean).join(", ")}
                {o.unit_now_path && o.unit_now_path !== o.unit?.path ? (
                  <div className="meta">
                    {t("Nay thuộc", "Now in")}: {o.unit_now_path}
                  </div>
                ) : null}
              </dd>
              {o.representative ? (
                <>
                  <dt>{t("Người đại diện", "Representative")}</dt>
                  <dd>{o.representative}</dd>
                </>
              ) : null}
              {o.charter_capital != null ? (
                <>
                  <dt>{t("Vốn điều lệ", "Charter capital")}</dt>
                  <dd>{fmtVnd(o.charter_capital)}</dd>
                </>
              ) : null}
              {o.sectors?.length ? (
                <>
                  <dt>{t("Ngành nghề", "Sectors")}</dt>
                  <dd>{o.sectors.join("; ")}</dd>
                </>
              ) : null}
              {o.models?.length ? (
                <>
                  <dt>{t("Mô hình", "Models")}</dt>
                  <dd>{o.models.join("; ")}</dd>
                </>
              ) : null}
              {o.conversion_2012 ? (
                <>
                  <dt>{t("Chuyển đổi theo Luật 2012", "2012-law conversion")}</dt>
                  <dd>
                    {label(CONVERSION, o.conversion_2012, lang)}
                    {o.reregistered_2012_on ? ` (${fmtDate(o.reregistered_2012_on)})` : ""}
                  </dd>
                </>
              ) : null}
              {o.ended_on ? (
                <>
                  <dt>{t("Chấm dứt", "Ended")}</dt>
                  <dd>{fmtDate(o.ended_on)}</dd>
                </>
              ) : null}
              {o.successors?.length ? (
                <>
                  <dt>{t("Tổ chức kế thừa", "Successors")}</dt>
                  <dd>
                    {o.successors.map((c) => (
                      <Link key={c} href={`/org/${c}`}>
                        {c}{" "}
                      </Link>
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
          )}
        </>
      ) : null}

      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}

      <div
        className="tabs"
        role="tablist"
        aria-label={t("Nội dung", "Sections")}
        onKeyDown={(e) => {
          // arrow keys move between the tabs (WAI-ARIA tabs pattern)
          if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
          const i = TABS.indexOf(tab) + (e.key === "ArrowRight" ? 1 : TABS.length - 1);
          const next = TABS[i % TABS.length];
          setTab(next);
          document.getElementById(`tab-${next}`)?.focus();
        }}
      >
        <button type="button" role="tab" id="tab-history" aria-selected={tab === "history"} tabIndex={tab === "history" ? 0 : -1} aria-controls="panel-history" onClick={() => setTab("history")}>
          {t("Lịch sử sự kiện", "Events")}
        </button>
        <button type="button" role="tab" id="tab-figures" aria-selected={tab === "figures"} tabIndex={tab === "figures" ? 0 : -1} aria-controls="panel-figures" onClick={() => setTab("figures")}>
          {t("Số liệu hằng năm", "Yearly figures")}
        </button>
        <button type="button" role="tab" id="tab-members" aria-selected={tab === "members"} tabIndex={tab === "members" ? 0 : -1} aria-controls="panel-members" onClick={() => setTab("members")}>
          {t("Thành viên", "Members")}
        </button>
      </div>

      {tab === "history" ? (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history">
          {editRegistry && panel.kind !== "event" ? (
            <div className="actions no-print">
              <button type="button" onClick={() => setPanel({ kind: "event" })}>
                {t("Ghi sự kiện", "Record an event")}
              </button>
            </div>
          ) : null}
          {panel.kind === "event" && history.data ? (
            <EventForm
              code={code}
              etag={history.data.etag}
              onReloadHistory={history.reload}
              onCancel={() => setPanel({ kind: "none" })}
              onDone={() => afterWrite(t("Đã ghi sự kiện.", "The event is recorded."))}
            />
          ) : null}
          {panel.kind === "void" && history.data ? (
            <VoidForm
              code={code}
              event={panel.event}
              etag={history.data.etag}
              onReloadHistory={history.reload}
              onCancel={() => setPanel({ kind: "none" })}
              onDone={() => afterWrite(t("Đã hủy sự kiện.", "The event is voided."))}
            />
          ) : null}
          {history.loading && !history.data ? <Loading /> : null}
          <ErrorBox error={history.error} onRetry={history.reload} />
          {history.data ? <Timeline history={history.data.data} canEdit={editRegistry} onVoid={(e) => setPanel({ kind: "void", event: e })} /> : null}
        </div>
      ) : tab === "members" ? (
        <div role="tabpanel" id="panel-members" aria-labelledby="tab-members">
          <MembersView code={code} asOf={appliedAsOf} />
        </div>
      ) : (
        <div role="tabpanel" id="panel-figures" aria-labelledby="tab-figures">
          {editFigures && panel.kind !== "figures" ? (
            <div className="actions no-print">
              <button type="button" onClick={() => setPanel({ kind: "figures" })}>
                {t("Cập nhật số liệu năm", "Enter yearly figures")}
              </button>
            </div>
          ) : null}
          {panel.kind === "figures" && figures.data ? (
            <FiguresForm
              code={code}
              current={figures.data.data}
              etag={figures.data.etag}
              onReload={figures.reload}
              onCancel={() => setPanel({ kind: "none" })}
              onDone={() => afterWrite(t("Đã lưu số liệu.", "The figures are saved."))}
            />
          ) : null}
          {figures.loading && !figures.data ? <Loading /> : null}
          <ErrorBox error={figures.error} onRetry={figures.reload} />
          {figures.data ? <FiguresView figures={figures.data.data} /> : null}
        </div>
      )}
      <OrgProducts code={code} />
      <OrgAlliance code={code} />
    </section>
  );
}

