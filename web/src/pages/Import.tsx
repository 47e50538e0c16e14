// The import wizard: choose the kind and a CSV/XLSX file → dry run (the server checks every row
// and writes nothing) with its errors by row and column, and the columns it matched each header
// to, editable (sent back as a column map, for CSV and XLSX alike) → import → summary. A file is
// imported whole or not at all.

import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { ImportResult } from "../api/types";
import { useT } from "../i18n";
import { fmtNum } from "../format";
import { ErrorBox, Loading, SelectField, TextField } from "../components/ui";
import { Link } from "../router";

type Kind = "organisations" | "events" | "figures" | "members";
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

/** The column map the server reads (as `hoptac import --map`): a header of the file, then the
 * column it holds or "-" to ignore it. */
function mapCsv(columns: Record<string, string>): string {
  const lines = ["header,column"];
  for (const [header, column] of Object.entries(columns)) if (column.trim()) lines.push(`${csvCell(header)},${csvCell(column.trim())}`);
  return lines.join("\r\n") + "\r\n";
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
  // The file's headers with the columns the server matched them to (from the last dry run), and
  // the columns the user chose instead.
  const [headers, setHeaders] = useState<ImportResult["header"] | null>(null);
  const [mapped, setMapped] = useState<Record<string, string>>({});
  const [mapOpen, setMapOpen] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return null;
    const form = new FormData();
    form.append("file", file, file.name);
    if (Object.keys(mapped).length) form.append("map", new Blob([mapCsv(mapped)], { type: "text/csv" }), "map.csv");
    const r = await api<ImportResult>("POST", "/api/import/{kind}", { params: { kind }, query: { dry_run: dryRun ? "true" : "false" }, form });
    if (r.data.header?.length) setHeaders(r.data.header);
    // Errors in the header row open the columns, where they are fixed.
    if (r.data.errors.some((e) => e.row <= 1 || e.column === "map" || e.rule?.startsWith("header"))) setMapOpen(true);
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
          "Nhập theo thứ tự: tổ chức, sự kiện, số liệu năm, thành viên. Tiêu đề cột bằng tiếng Việt hoặc tiếng Anh, không phân biệt dấu và hoa thường (xem docs/formats.md). Một tệp được nhập toàn bộ hoặc không dòng nào.",
          "Import in this order: organisations, events, figures, members. Column headers in Vietnamese or English, case and diacritics ignored (see docs/formats.md). A file is imported whole or not at all.",
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
              setHeaders(null);
              setMapped({});
            }}
            options={[
              { value: "organisations", label: t("Tổ chức (hợp tác xã)", "Organisations") },
              { value: "events", label: t("Sự kiện", "Events") },
              { value: "figures", label: t("Số liệu hằng năm", "Yearly figures") },
              { value: "members", label: t("Thành viên", "Members") },
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
                setMapped({});
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
        <details className="dialog" open={mapOpen} onToggle={(e) => setMapOpen(e.currentTarget.open)}>
          <summary>{t("Cột của tệp và cột tương ứng (sửa nếu máy chủ nhận sai hoặc không nhận ra)", "The file's columns and what they hold (change one the server got wrong or did not recognise)")}</summary>
          <p className="hint">
            {t(
              "Máy chủ tự nhận tiêu đề cột (tiếng Việt hoặc tiếng Anh, không phân biệt dấu). Ghi tên chuẩn của cột, ví dụ registry_code, name, founded_on, commune_code, hoặc “-” để bỏ qua cột (xem docs/formats.md), rồi kiểm tra lại.",
              "The server matches headers itself (Vietnamese or English, diacritics ignored). Enter a column's canonical name such as registry_code, name, founded_on, commune_code, or “-” to ignore it (see docs/formats.md), then check again.",
            )}
          </p>
          <div className="form-grid">
            {headers.map((h, i) => (
              <TextField
                key={i}
                label={`${t("Cột", "Column")} ${i + 1}: ${h.header}`}
                name={`map-${i}`}
                value={mapped[h.header] ?? h.column ?? ""}
                onChange={(e) => {
                  const v = e.target.value;
                  setMapped((m) => ({ ...m, [h.header]: v }));
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
