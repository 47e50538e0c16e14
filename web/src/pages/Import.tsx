// The import wizard: choose the kind and a CSV/XLSX file → dry run (the server checks every row
// and writes nothing) with its errors by row and column → import → summary. A file is imported
// whole or not at all.

import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { ImportResult } from "../api/types";
import { useT } from "../i18n";
import { fmtNum } from "../format";
import { ErrorBox, Loading, SelectField, TextField } from "../components/ui";
import { Link } from "../router";

type Kind = "organisations" | "events" | "figures";
type Step = "choose" | "checked" | "done";

function csvCell(s: string | number) {
  const v = String(s);
  return /[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function errorsCsv(r: ImportResult): string {
  const lines = ["row,column,value,message,rule"];
  for (const e of r.errors) lines.push([e.row, e.column, e.value, e.message, e.rule ?? ""].map(csvCell).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/** The header cells of a CSV file (its first line), or null for XLSX or an unreadable file. */
async function csvHeaders(file: File): Promise<{ cells: string[]; delimiter: string } | null> {
  if (!/\.(csv|tsv|txt)$/i.test(file.name)) return null;
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  const nl = head.indexOf(10);
  const line = new TextDecoder("utf-8").decode(head.subarray(0, nl < 0 ? head.length : nl)).replace(/^\uFEFF/, "").replace(/\r$/, "");
  const counts = [",", ";", "\t"].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  const delimiter = counts[0][0];
  return { cells: line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1")), delimiter };
}

/** The file with its header line replaced (the rest unchanged, byte for byte). */
async function withHeaders(file: File, cells: string[], delimiter: string): Promise<File> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const nl = bytes.indexOf(10);
  const cr = nl > 0 && bytes[nl - 1] === 13 ? "\r\n" : "\n";
  const quote = (c: string) => (c.includes(delimiter) || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c);
  const header = new TextEncoder().encode("\uFEFF" + cells.map(quote).join(delimiter) + cr);
  const rest = nl < 0 ? new Uint8Array() : bytes.subarray(nl + 1);
  return new File([header, rest], file.name, { type: file.type });
}

function Summary({ r, dryRun }: { r: ImportResult; dryRun: boolean }) {
  const t = useT();
  return (
    <dl className="facts" data-testid="import-summary">
      <dt>{t("Số dòng đọc được", "Rows read")}</dt>
      <dd>{fmtNum(r.rows_read)}</dd>
      <dt>{dryRun ? t("Sẽ tạo mới", "Would create") : t("Đã tạo mới", "Created")}</dt>
      <dd>{fmtNum(r.created)}</dd>
      <dt>{t("Không đổi (đã có)", "Unchanged (already there)")}</dt>
      <dd>{fmtNum(r.unchanged)}</dd>
      <dt>{t("Lỗi", "Errors")}</dt>
      <dd>{fmtNum(r.errors.length)}</dd>
    </dl>
  );
}

export function ImportPage() {
  const t = useT();
  const [kind, setKind] = useState<Kind>("organisations");
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>("choose");
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [final, setFinal] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [headers, setHeaders] = useState<{ cells: string[]; delimiter: string } | null>(null);
  const [mapped, setMapped] = useState<string[]>([]);

  const send = async (dryRun: boolean) => {
    if (!file) return null;
    const changed = headers && mapped.some((m, i) => m.trim() !== headers.cells[i]);
    const upload = changed ? await withHeaders(file, mapped.map((m) => m.trim()), headers!.delimiter) : file;
    const form = new FormData();
    form.append("file", upload, upload.name);
    const r = await api<ImportResult>("POST", "/api/import/{kind}", { params: { kind }, query: { dry_run: dryRun ? "true" : "false" }, form });
    return r.data;
  };

  const dryRun = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError(new Error(t("Hãy chọn một tệp CSV hoặc XLSX.", "Choose a CSV or XLSX file.")));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCheck(await send(true));
      setStep("checked");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await send(false);
      setFinal(r);
      if (r && r.errors.length) {
        setCheck(r);
      } else {
        setStep("done");
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setStep("choose");
    setCheck(null);
    setFinal(null);
    setError(null);
  };

  const errorsHref = check && check.errors.length ? URL.createObjectURL(new Blob([errorsCsv(check)], { type: "text/csv" })) : null;

  return (
    <section>
      <h1>{t("Nhập dữ liệu từ bảng tính", "Import a spreadsheet")}</h1>
      <ol className="steps" aria-label={t("Các bước", "Steps")}>
        <li aria-current={step === "choose" ? "step" : undefined}>1. {t("Chọn tệp", "Choose the file")}</li>
        <li aria-current={step === "checked" ? "step" : undefined}>2. {t("Kiểm tra (chạy thử)", "Check (dry run)")}</li>
        <li aria-current={step === "done" ? "step" : undefined}>3. {t("Nhập và tổng kết", "Import and summary")}</li>
      </ol>
      <p className="hint">
        {t(
          "Nhập theo thứ tự: tổ chức, sự kiện, số liệu năm. Tiêu đề cột bằng tiếng Việt hoặc tiếng Anh, không phân biệt dấu và hoa thường (xem docs/formats.md). Một tệp được nhập toàn bộ hoặc không dòng nào.",
          "Import in this order: organisations, events, figures. Column headers in Vietnamese or English, case and diacritics ignored (see docs/formats.md). A file is imported whole or not at all.",
        )}
      </p>

      {step === "choose" || step === "checked" ? (
        <form onSubmit={dryRun} className="filters" noValidate>
          <SelectField
            label={t("Loại dữ liệu", "Kind of data")}
            name="kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              restart();
            }}
            options={[
              { value: "organisations", label: t("Tổ chức (hợp tác xã)", "Organisations") },
              { value: "events", label: t("Sự kiện", "Events") },
              { value: "figures", label: t("Số liệu hằng năm", "Yearly figures") },
            ]}
          />
          <div className="field">
            <label htmlFor="import-file">{t("Tệp CSV hoặc XLSX", "CSV or XLSX file")}</label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                restart();
                setHeaders(null);
                setMapped([]);
                if (f)
                  csvHeaders(f).then((h) => {
                    setHeaders(h);
                    setMapped(h ? [...h.cells] : []);
                  });
              }}
            />
          </div>
          <div className="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="submit" disabled={busy}>
              {t("Kiểm tra tệp (chạy thử)", "Check the file (dry run)")}
            </button>
          </div>
        </form>
      ) : null}

      {headers && step !== "done" ? (
        <details className="dialog" open={check ? check.errors.some((e) => e.row <= 1) : false}>
          <summary>{t("Cột của tệp (sửa tên cột nếu máy chủ không nhận ra)", "The file's columns (rename one the server does not recognise)")}</summary>
          <p className="hint">
            {t(
              "Máy chủ tự nhận tiêu đề cột (tiếng Việt hoặc tiếng Anh, không phân biệt dấu). Đổi tên một cột thành tên chuẩn, ví dụ registry_code, name, founded_on, commune_code (xem docs/formats.md).",
              "The server matches headers itself (Vietnamese or English, diacritics ignored). Rename a column to a canonical name such as registry_code, name, founded_on, commune_code (see docs/formats.md).",
            )}
          </p>
          <div className="form-grid">
            {headers.cells.map((h, i) => (
              <TextField
                key={i}
                label={`${t("Cột", "Column")} ${i + 1}: ${h}`}
                name={`map-${i}`}
                value={mapped[i] ?? ""}
                onChange={(e) => {
                  const v = e.target.value;
                  setMapped((m) => m.map((x, j) => (j === i ? v : x)));
                  setStep("choose");
                  setCheck(null);
                }}
              />
            ))}
          </div>
        </details>
      ) : null}

      {busy ? <Loading label={t("Máy chủ đang đọc tệp…", "The server is reading the file…")} /> : null}
      <ErrorBox error={error} />

      {step === "checked" && check ? (
        <div className="dialog" aria-live="polite">
          <h2>{t("Kết quả chạy thử", "Dry run result")}</h2>
          <Summary r={check} dryRun={!final} />
          {check.errors.length ? (
            <>
              <div className="error-box" role="alert">
                {t(
                  `Tệp có ${check.errors.length} lỗi; chưa dòng nào được ghi. Sửa tệp rồi kiểm tra lại.`,
                  `The file has ${check.errors.length} error(s); nothing was written. Fix the file and check again.`,
                )}
              </div>
              <div className="table-wrap" style={{ maxHeight: "28rem" }}>
                <table data-testid="import-errors">
                  <caption className="sr-only">{t("Các lỗi theo dòng", "Errors by row")}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        {t("Dòng", "Row")}
                      </th>
                      <th scope="col">{t("Cột", "Column")}</th>
                      <th scope="col">{t("Giá trị", "Value")}</th>
                      <th scope="col">{t("Lỗi", "Message")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.errors.slice(0, 1000).map((e, i) => (
                      <tr key={i}>
                        <td className="num">{e.row}</td>
                        <td>{e.column}</td>
                        <td>{e.value}</td>
                        <td>
                          {e.message} {e.rule ? <span className="meta">[{e.rule}]</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {errorsHref ? (
                <p>
                  <a className="button secondary" href={errorsHref} download={`loi-${kind}.csv`}>
                    {t("Tải danh sách lỗi (CSV)", "Download the errors (CSV)")}
                  </a>
                </p>
              ) : null}
            </>
          ) : (
            <div className="form-actions">
              <p>{t("Không có lỗi. Bấm “Nhập” để ghi vào sổ đăng ký.", "No errors. Press “Import” to write to the registry.")}</p>
              <button type="button" onClick={commit} disabled={busy}>
                {t("Nhập", "Import")}
              </button>
              <button type="button" className="secondary" onClick={restart}>
                {t("Chọn tệp khác", "Choose another file")}
              </button>
            </div>
          )}
        </div>
      ) : null}

      {step === "done" && final ? (
        <div className="notice" role="status">
          <h2>{final.committed ? t("Đã nhập xong", "Imported") : t("Chưa ghi gì", "Nothing written")}</h2>
          <Summary r={final} dryRun={false} />
          <div className="form-actions">
            <button type="button" onClick={restart}>
              {t("Nhập tệp khác", "Import another file")}
            </button>
            <Link className="button secondary" href="/registry">
              {t("Xem danh bạ", "Open the registry")}
            </Link>
          </div>
        </div>
      ) : null}
    </section>
  );
}
