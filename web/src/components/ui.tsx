// Small building blocks: labelled inputs that show the server's message for their field, and the
// loading / empty / error states every screen uses.

import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type ChangeEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { ApiError } from "../api/client";
import { useT } from "../i18n";

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

function FieldShell({
  label,
  id,
  error,
  hint,
  required,
  children,
}: {
  label: string;
  id: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <div className="label-row">
        <label htmlFor={id}>{label}</label>
        {required ? (
          <span className="req" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      {children}
      {hint && !error ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string) {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

export function TextField({
  label,
  name,
  error,
  hint,
  required,
  ...rest
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const id = `f-${name}-${useId()}`;
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} required={required}>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-required={required || undefined}
        {...rest}
      />
    </FieldShell>
  );
}

/** A date typed as dd/mm/yyyy (the server reads dd/mm/yyyy and yyyy-mm-dd and says what is wrong). */
export function DateField(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const t = useT();
  return (
    <TextField
      inputMode="numeric"
      placeholder={t("dd/mm/yyyy", "dd/mm/yyyy")}
      autoComplete="off"
      hint={props.hint ?? t("ngày/tháng/năm", "day/month/year")}
      {...props}
    />
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  required,
  options,
  placeholder,
  ...rest
}: FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & {
    options: { value: string; label: string }[];
    placeholder?: string;
  }) {
  const id = `f-${name}-${useId()}`;
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} required={required}>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  required,
  ...rest
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  const id = `f-${name}-${useId()}`;
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} required={required}>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
    </FieldShell>
  );
}

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t("Đang tải…", "Loading…")}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** What went wrong, in words: the server's detail, and the field errors no input shows. */
export function ErrorBox({
  error,
  shownFields = [],
  onRetry,
}: {
  error: unknown;
  shownFields?: string[];
  onRetry?: () => void;
}) {
  const t = useT();
  if (!error) return null;
  let title = t("Đã có lỗi", "Something went wrong");
  let detail = "";
  let rest: { field?: string; value?: string; message: string }[] = [];
  if (error instanceof ApiError) {
    if (error.status === 0) title = t("Không kết nối được máy chủ", "The server cannot be reached");
    else if (error.status === 401) title = t("Cần đăng nhập lại", "Please sign in again");
    else if (error.status === 403) title = t("Không có quyền", "Not allowed");
    else if (error.status === 404) title = t("Không tìm thấy", "Not found");
    else if (error.status === 412 || error.status === 409)
      title = t(
        "Người khác vừa thay đổi hợp tác xã này; hãy tải lại. Nội dung bạn nhập vẫn được giữ.",
        "Someone else changed this cooperative; reload. What you typed is kept.",
      );
    else if (error.status === 400 || error.status === 422) title = t("Dữ liệu chưa hợp lệ", "Please check the input");
    detail = error.problem.detail ?? "";
    rest = error.fieldErrors.filter((e) => !e.field || !shownFields.includes(e.field));
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <div className="error-box" role="alert">
      <strong>{title}</strong>
      {detail ? <div>{detail}</div> : null}
      {rest.length ? (
        <ul>
          {rest.map((e, i) => (
            <li key={i}>
              {e.field ? <code>{e.field}</code> : null} {e.value ? <q>{e.value}</q> : null} {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="secondary" onClick={onRetry}>
          {t("Thử lại", "Try again")}
        </button>
      ) : null}
    </div>
  );
}

/** Loads data with `load` whenever `deps` change; keeps the last result while reloading. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    loadRef.current(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setState({ data, loading: false });
      },
      (error) => {
        if (!ctl.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { ...state, reload };
}

/** Form values as strings, one setter per input; the error of the last submit, per field. */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // After a refused submit, take the keyboard to the first input the server named, or else to
    // the message; what was typed stays in the inputs.
    if (!error) return;
    requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>('[aria-invalid="true"]') ?? document.querySelector<HTMLElement>(".error-box");
      if (target) {
        if (!target.hasAttribute("tabindex") && target.classList.contains("error-box")) target.setAttribute("tabindex", "-1");
        target.focus();
        target.scrollIntoView({ block: "center" });
      }
    });
  }, [error]);
  const bind = (name: keyof T & string) => ({
    name,
    value: values[name] ?? "",
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setValues((v) => ({ ...v, [name]: e.target.value })),
    error: error instanceof ApiError ? error.fieldMessage(name) : undefined,
  });
  return { values, setValues, bind, error, setError, busy, setBusy };
}

/** The non-empty values of a form, trimmed; numbers where `numeric` names the field. */
export function bodyOf(values: Record<string, string>, numeric: string[] = []) {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) {
    const s = v.trim();
    if (!s) continue;
    if (numeric.includes(k)) {
      // 1.234.567 and 1 234 567 are the same number; anything else goes to the server as typed,
      // which names the field and the value when it cannot read it.
      const digits = s.replace(/[.\s]/g, "");
      out[k] = /^-?\d+$/.test(digits) ? Number(digits) : s;
    } else {
      out[k] = s;
    }
  }
  return out;
}
