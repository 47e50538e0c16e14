// An administrative unit, old or new: type a part of its name (diacritics optional) and choose,
// or type its code. The value is the unit code.

import { useEffect, useId, useState } from "react";
import { api } from "../api/client";
import type { Unit } from "../api/types";
import { useT } from "../i18n";

function display(u: Unit) {
  const years = u.valid_to ? ` (đến ${u.valid_to.slice(0, 4)})` : "";
  return `${u.path || u.name}${years} — ${u.code}`;
}

export function UnitPicker({
  label,
  name,
  value,
  onChange,
  error,
  asOf,
  hint,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (code: string) => void;
  error?: string;
  asOf?: string;
  hint?: string;
}) {
  const t = useT();
  const id = `unit-${name}-${useId()}`;
  const [text, setText] = useState(value);
  const [options, setOptions] = useState<Unit[]>([]);

  useEffect(() => {
    // Keep the box in step when the value is changed from outside (a reset, a link).
    setText((cur) => (value === "" ? "" : cur.endsWith(value) ? cur : value));
  }, [value]);

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2 || /^\d+$/.test(q) || / — \d+$/.test(q)) {
      setOptions([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<{ units: Unit[] }>("GET", "/api/units/search", { query: { q, limit: 20 }, signal: ctl.signal }).then(
        (r) => setOptions(r.data.units),
        () => setOptions([]),
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, asOf]);

  const change = (s: string) => {
    setText(s);
    const picked = / — (\d+)$/.exec(s);
    if (picked) onChange(picked[1]);
    else if (/^\d+$/.test(s.trim())) onChange(s.trim());
    else if (s.trim() === "") onChange("");
  };

  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        list={`${id}-list`}
        value={text}
        autoComplete="off"
        onChange={(e) => change(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        placeholder={t("tên hoặc mã đơn vị", "unit name or code")}
      />
      <datalist id={`${id}-list`}>
        {options.map((u) => (
          <option key={`${u.code}-${u.valid_from}`} value={display(u)} />
        ))}
      </datalist>
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : (
        <div className="hint" id={`${id}-hint`}>
          {hint ?? t("Xã, huyện (trước 2025) hoặc tỉnh; cũ hoặc mới", "Commune, district (until 2025) or province; old or new")}
        </div>
      )}
    </div>
  );
}
