// Display formats: dates dd/mm/yyyy, numbers 1.234.567, amounts in đồng (VND).

const numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "2016-12-31" or "2016-12-31T08:00:00Z" → "31/12/2016" (and the time, for timestamps). */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const date = `${m[3]}/${m[2]}/${m[1]}`;
  return m[4] ? `${date} ${m[4]}:${m[5]}` : date;
}

export function fmtNum(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "";
  return numberFormat.format(n);
}

export function fmtVnd(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  return `${numberFormat.format(n)} đ`;
}

export function fmtPercent(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  return `${percentFormat.format(n)} %`;
}

/** Today as dd/mm/yyyy (the form in which the UI shows and sends dates; the server reads both). */
export function todayDmy(): string {
  const d = new Date();
  const p = (x: number) => String(x).padStart(2, "0");
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The year of a dd/mm/yyyy or yyyy-mm-dd date, or undefined. */
export function yearOf(date: string): number | undefined {
  const m = /(\d{4})/.exec(date);
  return m ? Number(m[1]) : undefined;
}
