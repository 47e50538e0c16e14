// Reports: choose a report, its date, area, grouping and units (as then or today's) → the table
// the server computes, a chart of it, the cooperatives behind a number (click it), downloads as
// XLSX or CSV, and a print view.

import { useMemo, useState, type FormEvent } from "react";
import { api, apiUrl, ApiError } from "../api/client";
import type { CellValue, ReportDetailItem, ReportInfo, ReportTable } from "../api/types";
import { useT } from "../i18n";
import { fmtNum, fmtPercent, fmtVnd, todayDmy } from "../format";
import { Link, setSearchParams, useSearchParams } from "../router";
import { DateField, Empty, ErrorBox, Loading, SelectField, TextField, useAsync } from "../components/ui";
import { UnitPicker } from "../components/UnitPicker";
import { Chart, type ChartOption } from "../components/Chart";
import { FIELDS, KINDS, label } from "../vocab";
import { useLang } from "../i18n";

const PARAMS = ["report", "as_of", "by", "unit", "units", "kind", "field", "year"] as const;
type Params = Record<(typeof PARAMS)[number], string>;

export function formatCell(v: CellValue, type: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (type === "money") return fmtVnd(v);
  if (type === "percent") return fmtPercent(v);
  return fmtNum(v);
}

export function isNumeric(type: string) {
  return type === "count" || type === "money" || type === "percent";
}

/** The query of a report request from the form (empty values left out). */
export function reportQuery(p: Partial<Params>, extra: Record<string, string> = {}) {
  const q: Record<string, string> = {};
  for (const k of PARAMS) if (k !== "report" && p[k]) q[k] = p[k]!;
  return { ...q, ...extra };
}

/** The text cells of a row that name it (area, model, commune…). */
export function rowName(table: ReportTable, cells: Record<string, CellValue>) {
  return table.columns
    .filter((c) => c.type === "text" && c.id !== "area_code" && c.id !== "commune_code")
    .map((c) => cells[c.id])
    .filter((v) => v !== null && v !== "")
    .join(" · ");
}

export function reportChart(table: ReportTable, t: (vi: string, en: string) => string): ChartOption | null {
  const counts = table.columns.filter((c) => c.type === "count").slice(0, 8);
  if (!counts.length || !table.rows.length) return null;
  const rows = table.rows.slice(0, 40);
  return {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 90 },
    xAxis: {
      type: "category",
      data: rows.map((r) => rowName(table, r.cells) || t("(tổng)", "(total)")),
      axisLabel: { rotate: 35, interval: 0, fontSize: 11 },
    },
    yAxis: { type: "value" },
    series: counts.map((c) => ({
      type: "bar" as const,
      name: c.label,
      data: rows.map((r) => (typeof r.cells[c.id] === "number" ? (r.cells[c.id] as number) : null)),
    })),
  };
}

interface Selection {
  row: number | "total";
  column: string;
}

// Count columns without lists of their own (an average, a net change): not clickable.
const UNLISTED = new Set(["avg_members", "change"]);

function DetailList({ table, sel, loading, error, onClose }: { table: ReportTable; sel: Selection; loading: boolean; error: unknown; onClose: () => void }) {
  const t = useT();
  const column = table.columns.find((c) => c.id === sel.column);
  const rows = sel.row === "total" ? table.rows : [table.rows[sel.row]];
  // Each detail item names the columns it is counted in: the cell lists exactly those.
  const items: ReportDetailItem[] = rows
    .flatMap((r) => r.detail ?? [])
    .filter((d) => !d.columns?.length || d.columns.includes(sel.column));
  const where = sel.row === "total" ? t("toàn bộ", "all areas") : rowName(table, table.rows[sel.row].cells);
  return (
    <div className="dialog" role="region" aria-labelledby="detail-title">
      <div className="title-row">
        <h2 id="detail-title">
          {column?.label} — {where}: {loading ? "…" : fmtNum(items.length)} {t("tổ chức", "organisations")}
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t("Đóng", "Close")}
        </button>
      </div>
      {loading ? <Loading label={t("Đang lấy danh sách…", "Fetching the list…")} /> : null}
      <ErrorBox error={error} />
      {loading || error ? null : items.length === 0 ? (
        <Empty>{t("Báo cáo không kèm danh sách cho ô này.", "The report lists no organisations for this cell.")}</Empty>
      ) : (
        <div className="table-wrap" style={{ maxHeight: "24rem" }}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("Mã số", "Code")}</th>
                <th scope="col">{t("Tên", "Name")}</th>
                <th scope="col">{t("Địa bàn", "Area")}</th>
                <th scope="col">{t("Tình trạng", "Status")}</th>
                <th scope="col">{t("Ghi chú", "Note")}</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, 500).map((d) => (
                <tr key={d.registry_code + d.note}>
                  <td className="code">
                    <Link href={`/org/${d.registry_code}`}>{d.registry_code}</Link>
                  </td>
                  <td>{d.name}</td>
                  <td>{d.unit_name}</td>
                  <td>{d.status}</td>
                  <td>{d.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length > 500 ? <p className="hint">{t("Hiển thị 500 tổ chức đầu tiên; tải Excel để xem đủ.", "Showing the first 500; download Excel for all.")}</p> : null}
    </div>
  );
}

export function ReportTableView({ table, onPick, selected }: { table: ReportTable; onPick?: (s: Selection) => void; selected?: Selection | null }) {
  const t = useT();
  // Only numbers with organisations of their own open a list (not an average or a net change).
  const listed = useMemo(() => new Set(table.columns.map((c) => c.id).filter((id) => !UNLISTED.has(id))), [table]);
  const cell = (cells: Record<string, CellValue>, row: number | "total") =>
    table.columns.map((c) => {
      const v = cells[c.id];
      const text = formatCell(v, c.type);
      const num = isNumeric(c.type);
      const clickable = onPick && c.type === "count" && typeof v === "number" && v > 0 && listed.has(c.id);
      const isSel = selected && selected.row === row && selected.column === c.id;
      return (
        <td key={c.id} className={num ? "num" : undefined} data-column={c.id}>
          {clickable ? (
            <button
              type="button"
              className="cell"
              aria-pressed={isSel ? true : false}
              aria-label={`${c.label}: ${text}. ${t("Xem danh sách", "Show the list")}`}
              onClick={() => onPick!({ row, column: c.id })}
            >
              {text}
            </button>
          ) : (
            text
          )}
        </td>
      );
    });
  return (
    <div className="table-wrap">
      <table className="report">
        <caption className="sr-only">{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th scope="col" key={c.id} className={isNumeric(c.type) ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>{cell(r.cells, i)}</tr>
          ))}
        </tbody>
        {table.totals ? (
          <tfoot>
            <tr data-testid="totals">{cell({ ...table.totals, [table.columns[1]?.id ?? "area"]: table.totals[table.columns[1]?.id] || t("Tổng cộng", "Total") }, "total")}</tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

export function ReportsPage() {
  const t = useT();
  const { lang } = useLang();
  const search = useSearchParams();
  const initial: Params = {
    report: search.report ?? "conversion-2012",
    as_of: search.as_of ?? todayDmy(),
    by: search.by ?? "province",
    unit: search.unit ?? "",
    units: search.units ?? "as-then",
    kind: search.kind ?? "",
    field: search.field ?? "",
    year: search.year ?? "",
  };
  const [form, setForm] = useState<Params>(initial);
  const [applied, setApplied] = useState<Params | null>(search.report ? initial : null);
  const [selected, setSelected] = useState<Selection | null>(null);

  // Titles and headings come from the server in the interface's language (lang=vi|en).
  const catalogue = useAsync((signal) => api<ReportInfo[] | { reports: ReportInfo[] }>("GET", "/api/reports", { query: { lang }, signal }).then((r) => r.data), [lang]);
  const reports: ReportInfo[] = Array.isArray(catalogue.data) ? catalogue.data : (catalogue.data?.reports ?? []);

  const result = useAsync(
    (signal) =>
      applied
        ? api<ReportTable>("GET", "/api/reports/{name}", {
            params: { name: applied.report },
            query: reportQuery(applied, { format: "json", lang }),
            signal,
          }).then((r) => r.data)
        : Promise.resolve(null),
    [JSON.stringify(applied), lang],
  );
  // The organisations behind the numbers: the same report with its lists, asked for when a number
  // is first clicked (a list of every organisation of every row can be large).
  const [wanted, setWanted] = useState(false);
  const detailed = useAsync(
    (signal) =>
      applied && wanted
        ? api<ReportTable>("GET", "/api/reports/{name}", {
            params: { name: applied.report },
            query: reportQuery(applied, { format: "json", detail: "true", lang }),
            signal,
          }).then((r) => r.data)
        : Promise.resolve(null),
    [JSON.stringify(applied), lang, wanted],
  );

  const table = result.data ?? null;
  const chart = useMemo(() => (table ? reportChart(table, t) : null), [table, lang]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSelected(null);
    setWanted(false);
    setApplied({ ...form });
    setSearchParams({ ...form });
  };
  const set = (k: keyof Params) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const err = (f: string) => (result.error instanceof ApiError ? result.error.fieldMessage(f) : undefined);
  const download = (format: string) =>
    applied ? apiUrl("GET", "/api/reports/{name}", { name: applied.report }, reportQuery(applied, { format, lang })) : "#";

  return (
    <section>
      <h1>{t("Báo cáo", "Reports")}</h1>
      <form className="filters" onSubmit={submit} aria-label={t("Tham số báo cáo", "Report parameters")}>
        <SelectField
          label={t("Báo cáo", "Report")}
          name="report"
          value={form.report}
          onChange={(e) => set("report")(e.target.value)}
          options={
            reports.length
              ? reports.map((r) => ({ value: r.name, label: r.title }))
              : [{ value: form.report, label: form.report }]
          }
        />
        <DateField label={t("Tính đến ngày", "As of")} name="as_of" value={form.as_of} onChange={(e) => set("as_of")(e.target.value)} error={err("as_of")} />
        <SelectField
          label={t("Theo cấp", "Rows by")}
          name="by"
          value={form.by}
          onChange={(e) => set("by")(e.target.value)}
          error={err("by")}
          options={[
            { value: "province", label: t("Tỉnh", "Province") },
            { value: "district", label: t("Huyện (trước 2025)", "District (until 2025)") },
            { value: "commune", label: t("Xã", "Commune") },
          ]}
        />
        <UnitPicker label={t("Địa bàn", "Area")} name="unit" value={form.unit} onChange={set("unit")} error={err("unit")} />
        <SelectField
          label={t("Đơn vị hành chính", "Administrative units")}
          name="units"
          value={form.units}
          onChange={(e) => set("units")(e.target.value)}
          error={err("units")}
          options={[
            { value: "as-then", label: t("Tại thời điểm báo cáo", "As they were then") },
            { value: "current", label: t("Hiện nay", "Today's") },
          ]}
        />
        <SelectField
          label={t("Loại hình", "Kind")}
          name="kind"
          value={form.kind}
          onChange={(e) => set("kind")(e.target.value)}
          error={err("kind")}
          placeholder={t("Tất cả", "All")}
          options={Object.keys(KINDS).map((k) => ({ value: k, label: label(KINDS, k, lang) }))}
        />
        <SelectField
          label={t("Lĩnh vực", "Field")}
          name="field"
          value={form.field}
          onChange={(e) => set("field")(e.target.value)}
          error={err("field")}
          placeholder={t("Tất cả", "All")}
          options={Object.keys(FIELDS).map((k) => ({ value: k, label: label(FIELDS, k, lang) }))}
        />
        <TextField
          label={t("Năm (báo cáo năm, xếp loại)", "Year (year review, rating)")}
          name="year"
          inputMode="numeric"
          value={form.year}
          onChange={(e) => set("year")(e.target.value)}
          error={err("year")}
          hint={t("Để trống: năm của ngày báo cáo", "Empty: the report date's year")}
        />
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit">{t("Xem báo cáo", "Run the report")}</button>
        </div>
      </form>
      <ErrorBox error={catalogue.error} onRetry={catalogue.reload} />
      <ErrorBox error={result.error} shownFields={[...PARAMS]} />
      {result.loading && applied ? <Loading label={t("Đang tính báo cáo…", "Computing the report…")} /> : null}
      {!applied ? <Empty>{t("Chọn báo cáo và bấm “Xem báo cáo”.", "Choose a report and press “Run the report”.")}</Empty> : null}
      {table ? (
        <article className="report-result">
          <div className="title-row">
            <h2>{table.title}</h2>
            <div className="actions">
              <a className="button secondary" href={download("xlsx")} download data-testid="download-xlsx">
                {t("Tải Excel (XLSX)", "Download XLSX")}
              </a>
              <a className="button secondary" href={download("csv")} download>
                {t("Tải CSV", "Download CSV")}
              </a>
              <a className="button secondary" href={download("html")} target="_blank" rel="noopener">
                {t("Bản in", "Print view")}
              </a>
            </div>
          </div>
          <ul className="meta">
            {table.parameters.map((p) => (
              <li key={p.label}>
                {p.label}: {p.value}
              </li>
            ))}
          </ul>
          {table.rows.length === 0 ? <Empty>{t("Báo cáo không có dòng nào.", "The report has no rows.")}</Empty> : null}
          {chart ? <Chart option={chart} label={`${t("Biểu đồ", "Chart")}: ${table.title}`} height={340} /> : null}
          <p className="hint no-print">{t("Bấm vào một số để xem các tổ chức được tính.", "Click a number to see the organisations it counts.")}</p>
          {selected ? (
            <DetailList
              table={detailed.data ?? table}
              sel={selected}
              loading={!detailed.error && (detailed.loading || !detailed.data)}
              error={detailed.error}
              onClose={() => setSelected(null)}
            />
          ) : null}
          <ReportTableView
            table={table}
            onPick={(s) => {
              setSelected(s);
              setWanted(true);
            }}
            selected={selected}
          />
          {table.notes.map((n) => (
            <p className="hint" key={n}>
              {n}
            </p>
          ))}
        </article>
      ) : null}
    </section>
  );
}
