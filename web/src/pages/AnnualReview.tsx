// The committee's yearly review: the document the server lays out (printable HTML) shown in the
// page, the difficulties of the year (officers write them), the XLSX download and printing.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, apiUrl } from "../api/client";
import { useT } from "../i18n";
import { setSearchParams, useSearchParams } from "../router";
import { canEditRegistry, useSession } from "../session";
import { ErrorBox, Loading, TextAreaField, TextField, useAsync } from "../components/ui";
import { Link } from "../router";

interface ReviewJson {
  year: number;
  area_name: string;
  conversion: { required: number; converted: number; dissolved_voluntary: number; pending: number };
  difficulties: string;
}

export function AnnualReviewPage() {
  const t = useT();
  const { user } = useSession();
  const q = useSearchParams();
  const year = q.year ?? String(new Date().getFullYear() - 1);
  const [yearText, setYearText] = useState(year);
  const [tick, setTick] = useState(0);
  const review = useAsync(
    async (signal) => (await api<ReviewJson>("GET", "/api/annual-review/{year}", { params: { year }, query: { area: q.area }, signal })).data,
    [year, q.area, tick],
  );
  const html = useAsync(
    async (signal) => (await api<string>("GET", "/api/annual-review/{year}", { params: { year }, query: { area: q.area, format: "html" }, signal })).data,
    [year, q.area, tick],
  );
  const [text, setText] = useState("");
  const [saveError, setSaveError] = useState<unknown>(null);
  useEffect(() => {
    if (review.data) setText(review.data.difficulties);
  }, [review.data]);
  const frame = useRef<HTMLIFrameElement>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaveError(null);
    try {
      await api("PUT", "/api/annual-review/{year}/difficulties", { params: { year }, body: { difficulties: text } });
      setTick((x) => x + 1);
    } catch (err) {
      setSaveError(err);
    }
  };
  const xlsx = apiUrl("GET", "/api/annual-review/{year}", { year }, { area: q.area, format: "xlsx" });
  return (
    <section>
      <nav className="subnav">
        <Link href="/activities">{t("Hoạt động", "Activities")}</Link> · <Link href="/inspections">{t("Kiểm tra, giám sát", "Inspections")}</Link> ·{" "}
        <Link href="/plans">{t("Kế hoạch", "Plans")}</Link>
      </nav>
      <h1>{t("Báo cáo đánh giá kết quả hoạt động năm", "Yearly review")}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setSearchParams({ ...q, year: yearText });
        }}
      >
        <TextField label={t("Năm", "Year")} name="year" inputMode="numeric" value={yearText} onChange={(e) => setYearText(e.target.value)} />
        <button type="submit">{t("Xem", "Show")}</button>
        <a className="button secondary" href={xlsx} download>
          {t("Tải Excel", "Download Excel")}
        </a>
        <button type="button" className="secondary" onClick={() => frame.current?.contentWindow?.print()}>
          {t("In báo cáo", "Print")}
        </button>
      </form>
      {review.error ? <ErrorBox error={review.error} onRetry={review.reload} /> : null}
      {review.data ? (
        <p data-testid="review-summary">
          {t(
            `Đến 31/12/${review.data.year}: ${review.data.conversion.converted} HTX đã chuyển đổi, ${review.data.conversion.dissolved_voluntary} giải thể tự nguyện, trên tổng số ${review.data.conversion.required} HTX phải chuyển đổi.`,
            `By 31/12/${review.data.year}: ${review.data.conversion.converted} converted, ${review.data.conversion.dissolved_voluntary} dissolved voluntarily, of ${review.data.conversion.required} that had to convert.`,
          )}
        </p>
      ) : null}
      {canEditRegistry(user) && review.data ? (
        <form className="card" onSubmit={save}>
          <TextAreaField label={t("Khó khăn, hạn chế", "Difficulties")} name="difficulties" value={text} onChange={(e) => setText(e.target.value)} rows={4} />
          <ErrorBox error={saveError} />
          <button type="submit">{t("Lưu", "Save")}</button>
        </form>
      ) : null}
      {html.loading && !html.data ? <Loading /> : null}
      {html.data ? <iframe ref={frame} title={t("Báo cáo", "The review")} className="review-frame" srcDoc={html.data} style={{ width: "100%", height: "80vh", border: "1px solid #ccc", background: "#fff" }} /> : null}
    </section>
  );
}
