// The forms that change a cooperative: record an event (only the types its history allows next),
// void an event, enter a year's figures. Each write carries If-Match with the ETag of what the
// user saw; on a conflict (412) the form stays filled and offers to reload.

import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { Reply } from "../api/client";
import type { AllowedEvents, Figures, History, OrgEvent } from "../api/types";
import { FIGURE_COUNTS, FIGURE_MONEY } from "../api/types";
import { useLang, useT } from "../i18n";
import { fmtDate } from "../format";
import { FIELDS, GROUNDS, RATINGS, label } from "../vocab";
import { bodyOf, DateField, ErrorBox, Loading, SelectField, TextAreaField, TextField, useAsync, useForm } from "../components/ui";
import { UnitPicker } from "../components/UnitPicker";
import { figureLabel } from "./Organisation";

export function isConflict(e: unknown) {
  return e instanceof ApiError && (e.status === 412 || e.status === 428);
}

function ConflictActions({ error, onReload }: { error: unknown; onReload: () => void }) {
  const t = useT();
  if (!isConflict(error)) return null;
  return (
    <button type="button" className="secondary" onClick={onReload}>
      {t("Tải lại dữ liệu mới nhất (giữ nội dung đã nhập)", "Reload the latest data (keeps what you typed)")}
    </button>
  );
}

const EVENT_FIELDS = {
  type: "",
  effective_date: "",
  decision_no: "",
  decision_date: "",
  decided_by: "",
  ground: "",
  commune_code: "",
  address_detail: "",
  name: "",
  short_name: "",
  foreign_name: "",
  field: "",
  charter_capital: "",
  representative: "",
  related_codes: "",
  note: "",
};

function splitCodes(s: string): string[] {
  return s
    .split(/[;,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The event fields of a form as an API body (related_codes as a list, capital as a number). */
function eventBody(values: Record<string, string>) {
  const { related_codes, ...rest } = values;
  const body: Record<string, unknown> = bodyOf(rest, ["charter_capital"]);
  const codes = splitCodes(related_codes ?? "");
  if (codes.length) body.related_codes = codes;
  return body;
}

function EventFields({ form }: { form: ReturnType<typeof useForm<typeof EVENT_FIELDS>> }) {
  const t = useT();
  const { lang } = useLang();
  const type = form.values.type;
  const moves = type === "relocated";
  const changes = type === "amended" || type === "registered" || type === "reregistered_2012" || type === "charter_amended_2023";
  const related = ["merged_into", "consolidated_into", "divided_into", "separated_from"].includes(type);
  const unitError = form.bind("commune_code").error;
  return (
    <>
      <div className="form-grid">
        <DateField label={t("Ngày hiệu lực", "Effective date")} required {...form.bind("effective_date")} />
        <TextField label={t("Số quyết định", "Decision number")} {...form.bind("decision_no")} />
        <DateField label={t("Ngày quyết định", "Decision date")} {...form.bind("decision_date")} />
        <TextField label={t("Cơ quan quyết định", "Decided by")} {...form.bind("decided_by")} />
      </div>
      <details open={moves || !!unitError || !!form.values.commune_code || !!form.values.address_detail}>
        <summary>{t("Trụ sở mới (chuyển trụ sở)", "New seat (relocation)")}</summary>
        <div className="form-grid">
          <UnitPicker
            label={t("Xã, phường (mã xã)", "Commune (code)")}
            name="commune_code"
            value={form.values.commune_code}
            onChange={(v) => form.setValues((f) => ({ ...f, commune_code: v }))}
            error={unitError}
            hint={t("Mã xã có hiệu lực vào ngày sự kiện", "The commune valid on the event's date")}
          />
          <TextField label={t("Địa chỉ chi tiết", "Street address")} {...form.bind("address_detail")} />
        </div>
      </details>
      <details open={changes || ["name", "short_name", "foreign_name", "field", "charter_capital", "representative"].some((k) => !!form.values[k as keyof typeof EVENT_FIELDS])}>
        <summary>{t("Nội dung thay đổi", "What changes")}</summary>
        <div className="form-grid">
          <TextField label={t("Tên mới", "New name")} {...form.bind("name")} />
          <TextField label={t("Tên viết tắt", "Short name")} {...form.bind("short_name")} />
          <TextField label={t("Tên nước ngoài", "Foreign name")} {...form.bind("foreign_name")} />
          <SelectField
            label={t("Lĩnh vực", "Field")}
            placeholder={t("(không đổi)", "(unchanged)")}
            options={Object.keys(FIELDS).map((k) => ({ value: k, label: label(FIELDS, k, lang) }))}
            {...form.bind("field")}
          />
          <TextField label={t("Vốn điều lệ (đồng)", "Charter capital (VND)")} inputMode="numeric" {...form.bind("charter_capital")} />
          <TextField label={t("Người đại diện", "Representative")} {...form.bind("representative")} />
        </div>
      </details>
      <details open={related || type === "dissolved_forced" || !!form.values.related_codes || !!form.values.ground}>
        <summary>{t("Tổ chức liên quan, căn cứ giải thể", "Related organisations, ground")}</summary>
        <div className="form-grid">
          <TextField
            label={t("Mã tổ chức liên quan", "Related registry codes")}
            hint={t("Cách nhau bởi dấu ;", "Separated by ;")}
            {...form.bind("related_codes")}
          />
          <SelectField
            label={t("Căn cứ giải thể bắt buộc", "Ground of a forced dissolution")}
            placeholder={t("(không có)", "(none)")}
            options={Object.keys(GROUNDS).map((k) => ({ value: k, label: label(GROUNDS, k, lang) }))}
            {...form.bind("ground")}
          />
        </div>
      </details>
      <TextAreaField label={t("Ghi chú", "Note")} {...form.bind("note")} />
    </>
  );
}

export function EventForm({
  code,
  etag,
  onReloadHistory,
  onCancel,
  onDone,
}: {
  code: string;
  etag: string | null;
  onReloadHistory: () => void;
  onCancel: () => void;
  onDone: (h: History) => void;
}) {
  const t = useT();
  const allowed = useAsync(
    (signal) => api<AllowedEvents>("GET", "/api/organisations/{code}/allowed-events", { params: { code }, signal }).then((r) => r.data),
    [code, etag],
  );
  const form = useForm({ ...EVENT_FIELDS });
  const types = allowed.data?.allowed ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    try {
      const r = await api<History>("POST", "/api/organisations/{code}/events", { params: { code }, body: eventBody(form.values), ifMatch: etag });
      onDone(r.data);
    } catch (err) {
      form.setError(err);
    } finally {
      form.setBusy(false);
    }
  };

  return (
    <form className="dialog" onSubmit={submit} noValidate aria-labelledby="event-form-title">
      <h2 id="event-form-title">{t("Ghi sự kiện", "Record an event")}</h2>
      {allowed.loading && !allowed.data ? <Loading /> : null}
      <ErrorBox error={allowed.error} onRetry={allowed.reload} />
      <SelectField
        label={t("Loại sự kiện", "Event type")}
        required
        placeholder={t("— chọn —", "— choose —")}
        options={types.map((a) => ({ value: a.type, label: a.label }))}
        hint={t("Chỉ gồm các sự kiện hợp lệ với tình trạng hiện tại", "Only the events its current state allows")}
        {...form.bind("type")}
      />
      <EventFields form={form} />
      <ErrorBox error={form.error} shownFields={Object.keys(EVENT_FIELDS)} />
      <div className="form-actions">
        <button type="submit" disabled={form.busy}>
          {form.busy ? t("Đang lưu…", "Saving…") : t("Lưu sự kiện", "Save the event")}
        </button>
        <ConflictActions error={form.error} onReload={onReloadHistory} />
        <button type="button" className="secondary" onClick={onCancel}>
          {t("Đóng", "Close")}
        </button>
      </div>
    </form>
  );
}

export function VoidForm({
  code,
  event,
  etag,
  onReloadHistory,
  onCancel,
  onDone,
}: {
  code: string;
  event: OrgEvent;
  etag: string | null;
  onReloadHistory: () => void;
  onCancel: () => void;
  onDone: (h: History) => void;
}) {
  const t = useT();
  const form = useForm({ reason: "" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    try {
      const r = await api<History>("POST", "/api/organisations/{code}/events/{id}/void", {
        params: { code, id: event.id },
        body: bodyOf(form.values),
        ifMatch: etag,
      });
      onDone(r.data);
    } catch (err) {
      form.setError(err);
    } finally {
      form.setBusy(false);
    }
  };
  return (
    <form className="dialog" onSubmit={submit} noValidate aria-labelledby="void-form-title">
      <h2 id="void-form-title">
        {t("Hủy sự kiện", "Void an event")} #{event.id}: {event.type_label} {fmtDate(event.effective_date)}
      </h2>
      <p className="hint">
        {t(
          "Sự kiện bị hủy vẫn được giữ trong lịch sử (gạch ngang, kèm lý do). Muốn sửa, hãy hủy rồi ghi sự kiện đúng.",
          "A voided event stays in the history (struck through, with the reason). To correct it, void it and record the right one.",
        )}
      </p>
      <TextAreaField label={t("Lý do hủy", "Reason")} required autoFocus {...form.bind("reason")} />
      <ErrorBox error={form.error} shownFields={["reason"]} />
      <div className="form-actions">
        <button type="submit" className="danger" disabled={form.busy}>
          {form.busy ? t("Đang lưu…", "Saving…") : t("Hủy sự kiện", "Void the event")}
        </button>
        <ConflictActions error={form.error} onReload={onReloadHistory} />
        <button type="button" className="secondary" onClick={onCancel}>
          {t("Đóng", "Close")}
        </button>
      </div>
    </form>
  );
}

const FIGURE_KEYS = [...FIGURE_COUNTS, ...FIGURE_MONEY] as const;

function figureValues(current: Figures, year: string) {
  const y = current.figures.find((f) => String(f.year) === year);
  const v: Record<string, string> = { year, rating: y?.rating ?? "", rating_scheme: y?.rating_scheme ?? "" };
  for (const k of FIGURE_KEYS) v[k] = y && y[k] !== null ? String(y[k]) : "";
  return v;
}

export function FiguresForm({
  code,
  current,
  etag,
  onReload,
  onCancel,
  onDone,
}: {
  code: string;
  current: Figures;
  etag: string | null;
  onReload: () => void;
  onCancel: () => void;
  onDone: (f: Reply<Figures>) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const lastYear = String(new Date().getFullYear() - 1);
  const form = useForm<Record<string, string>>(figureValues(current, lastYear));
  const [prefilledYear, setPrefilledYear] = useState(lastYear);

  useEffect(() => {
    // Choosing another year shows what is recorded for it, unless the user has typed figures.
    const y = form.values.year;
    if (y === prefilledYear || !/^\d{4}$/.test(y)) return;
    const typed = FIGURE_KEYS.some((k) => form.values[k] !== figureValues(current, prefilledYear)[k]);
    if (!typed) form.setValues(figureValues(current, y));
    setPrefilledYear(y);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.values.year]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    const { year, ...rest } = form.values;
    try {
      const r = await api<Figures>("PUT", "/api/organisations/{code}/figures/{year}", {
        params: { code, year: year.trim() || "?" },
        body: bodyOf(rest, [...FIGURE_KEYS]),
        ifMatch: etag,
      });
      onDone(r);
    } catch (err) {
      form.setError(err);
    } finally {
      form.setBusy(false);
    }
  };

  return (
    <form className="dialog" onSubmit={submit} noValidate aria-labelledby="figures-form-title">
      <h2 id="figures-form-title">{t("Số liệu năm", "Yearly figures")}</h2>
      <div className="form-grid">
        <TextField label={t("Năm", "Year")} inputMode="numeric" required {...form.bind("year")} />
      </div>
      <fieldset>
        <legend>{t("Thành viên và lao động (người)", "Members and workers (people)")}</legend>
        <div className="form-grid">
          {FIGURE_COUNTS.map((k) => (
            <TextField key={k} label={figureLabel(k, t)} inputMode="numeric" {...form.bind(k)} />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("Tài chính (đồng)", "Finances (VND)")}</legend>
        <div className="form-grid">
          {FIGURE_MONEY.map((k) => (
            <TextField key={k} label={figureLabel(k, t)} inputMode="numeric" {...form.bind(k)} />
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <SelectField
          label={figureLabel("rating", t)}
          placeholder={t("(không có)", "(none)")}
          options={Object.keys(RATINGS).map((k) => ({ value: k, label: label(RATINGS, k, lang) }))}
          {...form.bind("rating")}
        />
        <TextField label={figureLabel("rating_scheme", t)} hint="TT01/2020" {...form.bind("rating_scheme")} />
      </div>
      <ErrorBox error={form.error} shownFields={Object.keys(form.values)} />
      <div className="form-actions">
        <button type="submit" disabled={form.busy}>
          {form.busy ? t("Đang lưu…", "Saving…") : t("Lưu số liệu", "Save the figures")}
        </button>
        <ConflictActions error={form.error} onReload={onReload} />
        <button type="button" className="secondary" onClick={onCancel}>
          {t("Đóng", "Close")}
        </button>
      </div>
    </form>
  );
}
