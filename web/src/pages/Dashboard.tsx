// The dashboard: four charts derived from the report endpoints (one call each: the status series
// gives the stock by status at each year's end and the flows of each year), all driven by one "as
// of" date and one area (a unit of any level, old or new).

import { useMemo, useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { ReportTable } from "../api/types";
import { useLang, useT } from "../i18n";
import { fmtNum, fmtPercent, todayDmy, yearOf } from "../format";
import { setSearchParams, useSearchParams } from "../router";
import { DateField, ErrorBox, Loading, useAsync } from "../components/ui";
import { UnitPicker } from "../components/UnitPicker";
import { Chart, type ChartOption } from "../components/Chart";
import { Link } from "../router";

// query.lang: the interface's language, for the headings the server writes.
function report(name: string, query: Record<string, string | undefined>, signal: AbortSignal) {
  return api<ReportTable>("GET", "/api/reports/{name}", { params: { name }, query: { ...query, format: "json" }, signal }).then((r) => r.data);
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** Rows by district while districts exist, else by commune (the server says which it accepts). */
async function conversionByArea(asOf: string, unit: string, lang: string, signal: AbortSignal) {
  const by = unit ? "commune" : "district";
  try {
    return await report("conversion-2012", { as_of: asOf, unit, by, lang }, signal);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && by === "district") {
      return report("conversion-2012", { as_of: asOf, unit, by: "commune", lang }, signal);
    }
    throw e;
  }
}

function firstYear(asOf: string): number {
  return Math.max(2010, (yearOf(asOf) ?? new Date().getFullYear()) - 10);
}

export function DashboardPage() {
  const t = useT();
  const { lang } = useLang();
  const params = useSearchParams();
  const [asOf, setAsOf] = useState(params.as_of ?? todayDmy());
  const [unit, setUnit] = useState(params.unit ?? "");
  const [applied, setApplied] = useState({ asOf: params.as_of ?? todayDmy(), unit: params.unit ?? "" });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ asOf: asOf.trim(), unit });
    setSearchParams({ as_of: asOf.trim(), unit });
  };
  const key = JSON.stringify({ ...applied, lang });
  // Year by year up to the date: the stock by status at each year's end and the year's flows.
  const series = useAsync(
    (signal) => report("status-series", { as_of: applied.asOf, year: String(firstYear(applied.asOf)), unit: applied.unit, lang }, signal),
    [key],
  );
  const years = series.data?.rows.map((r) => String(r.cells.year)) ?? [];
  const conversion = useAsync((signal) => conversionByArea(applied.asOf, applied.unit, lang, signal), [key]);
  // the last year complete on the date: its own year when the date is 31 December
  const yearEnd = /^31\/12\/|-12-31$/.test(applied.asOf);
  const ratingYear = String((yearOf(applied.asOf) ?? new Date().getFullYear()) - (yearEnd ? 0 : 1));
  const ratings = useAsync((signal) => report("rating", { as_of: applied.asOf, year: ratingYear, unit: applied.unit, lang }, signal), [key]);

  const stockChart = useMemo<ChartOption | null>(() => {
    const d = series.data;
    if (!d) return null;
    const cols = d.columns.filter((c) => ["operating", "suspended", "not_at_address", "dissolving"].includes(c.id));
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 15, top: 50, bottom: 30 },
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series: cols.map((c) => ({ type: "bar" as const, stack: "status", name: c.label, data: d.rows.map((r) => num(r.cells[c.id])) })),
    };
  }, [series.data, lang]);

  const flowChart = useMemo<ChartOption | null>(() => {
    const d = series.data;
    if (!d) return null;
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 15, top: 50, bottom: 30 },
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series: [
        { type: "bar", name: t("Thành lập mới", "Founded"), data: d.rows.map((r) => num(r.cells.founded)) },
        {
          type: "bar",
          name: t("Giải thể", "Dissolved"),
          data: d.rows.map((r) => num(r.cells.dissolved_voluntary) + num(r.cells.dissolved_forced)),
        },
      ],
    };
  }, [series.data, lang]);

  const conversionChart = useMemo<ChartOption | null>(() => {
    const d = conversion.data;
    if (!d) return null;
    const rows = [...d.rows].sort((a, b) => num(b.cells.required) - num(a.cells.required)).slice(0, 25);
    const cols = d.columns.filter((c) => ["converted", "dissolved_voluntary", "dissolved_forced", "ended_otherwise", "pending"].includes(c.id));
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 140, right: 15, top: 60, bottom: 30 },
      yAxis: { type: "category", data: rows.map((r) => String(r.cells.area ?? "")), inverse: true, axisLabel: { width: 130, overflow: "truncate" } },
      xAxis: { type: "value" },
      series: cols.map((c) => ({ type: "bar" as const, stack: "conv", name: c.label, data: rows.map((r) => num(r.cells[c.id])) })),
    };
  }, [conversion.data, lang]);

  const ratingChart = useMemo<ChartOption | null>(() => {
    const d = ratings.data;
    if (!d || !d.totals) return null;
    const cols = d.columns.filter((c) => ["good", "fair", "average", "weak", "not_rated"].includes(c.id));
    return {
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["35%", "65%"],
          data: cols.map((c) => ({ name: c.label, value: num(d.totals![c.id]) })),
          label: { formatter: "{b}: {c}" },
        },
      ],
    };
  }, [ratings.data, lang]);

  const latest = series.data?.rows[series.data.rows.length - 1]?.cells;
  const conv = conversion.data?.totals;

  return (
    <section>
      <h1>{t("Tổng quan", "Dashboard")}</h1>
      <form className="filters" onSubmit={submit} aria-label={t("Ngày và địa bàn", "Date and area")}>
        <DateField
          label={t("Tính đến ngày", "As of")}
          name="as_of"
          value={asOf}
          onChange={(e) => setAsOf(e.target.value)}
          error={series.error instanceof ApiError ? series.error.fieldMessage("as_of") : undefined}
        />
        <UnitPicker
          label={t("Địa bàn", "Area")}
          name="unit"
          value={unit}
          onChange={setUnit}
          error={series.error instanceof ApiError ? series.error.fieldMessage("unit") : undefined}
        />
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit">{t("Cập nhật", "Update")}</button>
        </div>
      </form>

      <div className="kpis" aria-live="polite">
        <div className="kpi">
          <div className="n">{latest ? fmtNum(num(latest.active)) : "…"}</div>
          {t("tổ chức đang tồn tại", "organisations in existence")}
        </div>
        <div className="kpi">
          <div className="n">{latest ? fmtNum(num(latest.operating)) : "…"}</div>
          {t("đang hoạt động", "operating")}
        </div>
        <div className="kpi">
          <div className="n">{conv ? `${fmtNum(num(conv.converted))} / ${fmtNum(num(conv.required))}` : "…"}</div>
          {t("đã chuyển đổi theo Luật 2012", "converted under the 2012 law")}
        </div>
        <div className="kpi">
          <div className="n">{conv ? fmtPercent(typeof conv.done_percent === "number" ? conv.done_percent : null) : "…"}</div>
          {t("hoàn thành chuyển đổi", "conversion done")}
        </div>
      </div>

      <div className="cards">
        <div className="card">
          <h2>{t("Số tổ chức theo tình trạng, cuối mỗi năm", "Organisations by status, at each year end")}</h2>
          {series.loading ? <Loading /> : null}
          <ErrorBox error={series.error} shownFields={["as_of", "unit"]} onRetry={series.reload} />
          {stockChart ? <Chart option={stockChart} label={t("Số tổ chức theo tình trạng qua các năm", "Organisations by status over the years")} /> : null}
        </div>
        <div className="card">
          <h2>{t("Tiến độ chuyển đổi theo Luật HTX 2012, theo địa bàn", "2012-law conversion by area")}</h2>
          {conversion.loading ? <Loading /> : null}
          <ErrorBox error={conversion.error} onRetry={conversion.reload} />
          {conversionChart ? <Chart option={conversionChart} label={t("Tiến độ chuyển đổi theo địa bàn", "Conversion progress by area")} height={420} /> : null}
          <p>
            <Link href={`/reports?report=conversion-2012&as_of=${encodeURIComponent(applied.asOf)}&unit=${applied.unit}&by=province&units=as-then`}>
              {t("Xem báo cáo đầy đủ", "Open the full report")}
            </Link>
          </p>
        </div>
        <div className="card">
          <h2>{t("Thành lập mới và giải thể theo năm", "Founded and dissolved per year")}</h2>
          {series.loading ? <Loading /> : null}
          {flowChart ? <Chart option={flowChart} label={t("Số thành lập mới và giải thể theo năm", "Founded and dissolved per year")} /> : null}
        </div>
        <div className="card">
          <h2>
            {t("Xếp loại hợp tác xã năm", "Ratings of")} {ratingYear}
          </h2>
          {ratings.loading ? <Loading /> : null}
          <ErrorBox error={ratings.error} onRetry={ratings.reload} />
          {ratingChart ? <Chart option={ratingChart} label={t("Tỷ lệ xếp loại", "Share of ratings")} /> : null}
        </div>
      </div>
    </section>
  );
}
