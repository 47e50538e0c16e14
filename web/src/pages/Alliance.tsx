// The Alliance's own work: activities (list with filters, form), inspections (form with findings
// and recommendations, follow-up marked done, the overdue list), the yearly plans with their
// progress, and the activities and inspections of one cooperative (on its page).

import { useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import { useT } from "../i18n";
import { fmtDate, fmtNum, fmtPercent, fmtVnd, todayDmy } from "../format";
import { Link, setSearchParams, useSearchParams } from "../router";
import { canEditRegistry, useSession } from "../session";
import { DateField, Empty, ErrorBox, Loading, SelectField, TextAreaField, TextField, useAsync } from "../components/ui";

// --- The shapes of docs/api/openapi.yaml (Activity, Inspection, PlanProgress) ---

export interface Activity {
  id: number;
  revision: number;
  type: string;
  type_label: string;
  title: string;
  start_date: string;
  end_date: string;
  unit_code: string;
  org_codes: string[];
  participants: number;
  staff: string;
  funding_source: string;
  funding_amount: number | null;
  outcome: string;
  documents: string[];
}

export interface Recommendation {
  id: number;
  text: string;
  deadline: string | null;
  status: "open" | "done";
  state: "open" | "done" | "overdue";
  state_label: string;
  done_on: string | null;
  follow_up_note: string;
}

export interface Inspection {
  id: number;
  revision: number;
  planned_date: string;
  held_date: string | null;
  team: string;
  org_code: string;
  unit_code: string;
  subject: string;
  findings: string[];
  recommendations: Recommendation[];
  event_ids: number[];
}

interface FollowUpItem {
  inspection_id: number;
  subject: string;
  org_code: string;
  recommendation_id: number;
  text: string;
  deadline: string | null;
  state: string;
  state_label: string;
}

interface TaskProgress {
  id: number;
  position: number;
  title: string;
  kind: "computed" | "manual";
  indicator: string;
  parameter: string;
  unit_code: string;
  indicator_label: string;
  unit: string;
  target: number;
  actual: number;
  percent: number | null;
  basis: string;
}

interface PlanProgress {
  year: number;
  revision: number;
  title: string;
  as_of: string;
  tasks: TaskProgress[];
}

interface PilotCommune {
  unit_code: string;
  name: string;
  qualifying: number;
  met_13_1: boolean;
  activities: number;
}

interface Lists {
  activity_types: { id: string; label: string }[];
  indicators: { id: string; label: string; takes_parameter: boolean }[];
}

function useLists() {
  return useAsync(async (signal) => (await api<Lists>("GET", "/api/alliance/lists", { signal })).data, []);
}

function SubNav() {
  const t = useT();
  return (
    <nav className="subnav" aria-label={t("Công tác Liên minh", "Alliance work")}>
      <Link href="/activities">{t("Hoạt động", "Activities")}</Link> ·{" "}
      <Link href="/inspections">{t("Kiểm tra, giám sát", "Inspections")}</Link> ·{" "}
      <Link href="/follow-ups">{t("Kiến nghị quá hạn", "Overdue follow-ups")}</Link> ·{" "}
      <Link href="/plans">{t("Kế hoạch", "Plans")}</Link> · <Link href="/review">{t("Báo cáo năm", "Yearly review")}</Link>
    </nav>
  );
}

function StateBadge({ r }: { r: { state: string; state_label: string } }) {
  return <span className={`badge state-${r.state}`}>{r.state_label}</span>;
}

// --- Activities ---

function ActivityForm({ lists, onSaved }: { lists: Lists; onSaved: () => void }) {
  const t = useT();
  const [v, setV] = useState({ type: "training", title: "", start: todayDmy(), end: "", unit: "", orgs: "", people: "", source: "", amount: "", outcome: "" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldMessage(f) : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("POST", "/api/activities", {
        body: {
          type: v.type,
          title: v.title,
          start_date: v.start,
          ...(v.end ? { end_date: v.end } : {}),
          unit_code: v.unit,
          org_codes: v.orgs.split(/[\s,;]+/).filter(Boolean),
          participants: v.people ? Number(v.people) : 0,
          funding_source: v.source,
          ...(v.amount ? { funding_amount: v.amount } : {}),
          outcome: v.outcome,
        },
      });
      setV({ ...v, title: "", orgs: "", people: "", amount: "", outcome: "" });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-label={t("Ghi hoạt động", "Record an activity")}>
      <h2>{t("Ghi hoạt động", "Record an activity")}</h2>
      <SelectField label={t("Loại hoạt động", "Type")} name="type" value={v.type} onChange={set("type")} options={lists.activity_types.map((x) => ({ value: x.id, label: x.label }))} error={fieldError("type")} />
      <TextField label={t("Nội dung", "Title")} name="title" value={v.title} onChange={set("title")} required error={fieldError("title")} />
      <DateField label={t("Từ ngày", "From")} name="start_date" value={v.start} onChange={set("start")} required error={fieldError("start_date")} />
      <DateField label={t("Đến ngày", "To")} name="end_date" value={v.end} onChange={set("end")} error={fieldError("end_date")} />
      <TextField label={t("Địa bàn (mã đơn vị)", "Area (unit code)")} name="unit_code" value={v.unit} onChange={set("unit")} error={fieldError("unit_code")} hint={t("để trống: toàn tỉnh", "empty: the whole province")} />
      <TextField label={t("Tổ chức tham gia (mã số, cách nhau bởi dấu phẩy)", "Organisations (codes, comma-separated)")} name="org_codes" value={v.orgs} onChange={set("orgs")} />
      <TextField label={t("Số người tham gia", "Participants")} name="participants" inputMode="numeric" value={v.people} onChange={set("people")} error={fieldError("participants")} />
      <TextField label={t("Nguồn kinh phí", "Funding source")} name="funding_source" value={v.source} onChange={set("source")} error={fieldError("funding_source")} />
      <TextField label={t("Kinh phí (đồng)", "Amount (VND)")} name="funding_amount" inputMode="numeric" value={v.amount} onChange={set("amount")} error={fieldError("funding_amount")} />
      <TextAreaField label={t("Kết quả", "Outcome")} name="outcome" value={v.outcome} onChange={set("outcome")} />
      <ErrorBox error={error} shownFields={["type", "title", "start_date", "end_date", "unit_code", "participants", "funding_source", "funding_amount"]} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Lưu hoạt động", "Save activity")}
        </button>
      </div>
    </form>
  );
}

export function ActivityTable({ items }: { items: Activity[] }) {
  const t = useT();
  if (!items.length) return <Empty>{t("Không có hoạt động nào.", "No activities.")}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("Từ ngày", "From")}</th>
            <th scope="col">{t("Loại", "Type")}</th>
            <th scope="col">{t("Nội dung", "Title")}</th>
            <th scope="col">{t("Địa bàn", "Area")}</th>
            <th scope="col">{t("Tổ chức", "Organisations")}</th>
            <th scope="col" className="num">
              {t("Số người", "People")}
            </th>
            <th scope="col" className="num">
              {t("Kinh phí", "Funding")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>{fmtDate(a.start_date)}</td>
              <td>{a.type_label}</td>
              <td>{a.title}</td>
              <td className="code">{a.unit_code || t("toàn tỉnh", "province")}</td>
              <td>
                {a.org_codes.map((c) => (
                  <Link key={c} href={`/org/${c}`} className="code">
                    {c}{" "}
                  </Link>
                ))}
              </td>
              <td className="num">{fmtNum(a.participants)}</td>
              <td className="num">{fmtVnd(a.funding_amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ActivitiesPage() {
  const t = useT();
  const { user } = useSession();
  const q = useSearchParams();
  const [filters, setFilters] = useState({ type: q.type ?? "", from: q.from ?? "", to: q.to ?? "", area: q.area ?? "", q: q.q ?? "" });
  const lists = useLists();
  const list = useAsync(
    async (signal) => (await api<{ items: Activity[] }>("GET", "/api/activities", { query: q, signal })).data.items,
    [JSON.stringify(q)],
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setSearchParams(filters);
  };
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value });
  return (
    <section>
      <SubNav />
      <h1>{t("Hoạt động của Liên minh", "The Alliance's activities")}</h1>
      <form className="filters" onSubmit={apply} aria-label={t("Lọc", "Filter")}>
        <SelectField label={t("Loại", "Type")} name="type" value={filters.type} onChange={set("type")} placeholder={t("Tất cả", "All")} options={(lists.data?.activity_types ?? []).map((x) => ({ value: x.id, label: x.label }))} />
        <DateField label={t("Từ ngày", "From")} name="from" value={filters.from} onChange={set("from")} />
        <DateField label={t("Đến ngày", "To")} name="to" value={filters.to} onChange={set("to")} />
        <TextField label={t("Địa bàn (mã)", "Area (code)")} name="area" value={filters.area} onChange={set("area")} />
        <TextField label={t("Tìm", "Search")} name="q" value={filters.q} onChange={set("q")} />
        <button type="submit">{t("Lọc", "Filter")}</button>
      </form>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : <ActivityTable items={list.data ?? []} />}
      {canEditRegistry(user) && lists.data ? <ActivityForm lists={lists.data} onSaved={list.reload} /> : null}
    </section>
  );
}

// --- Inspections ---

function InspectionForm({ onSaved }: { onSaved: (i: Inspection) => void }) {
  const t = useT();
  const [v, setV] = useState({ planned: todayDmy(), held: todayDmy(), subject: "", team: "", org: "", unit: "" });
  const [findings, setFindings] = useState<string[]>([""]);
  const [recs, setRecs] = useState<{ text: string; deadline: string }[]>([{ text: "", deadline: "" }]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldMessage(f) : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<Inspection>("POST", "/api/inspections", {
        body: {
          planned_date: v.planned,
          ...(v.held ? { held_date: v.held } : {}),
          subject: v.subject,
          team: v.team,
          org_code: v.org,
          unit_code: v.unit,
          findings: findings.filter((f) => f.trim()),
          recommendations: recs.filter((r) => r.text.trim()).map((r) => ({ text: r.text, ...(r.deadline ? { deadline: r.deadline } : {}) })),
        },
      });
      setV({ ...v, subject: "" });
      setFindings([""]);
      setRecs([{ text: "", deadline: "" }]);
      onSaved(r.data);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-label={t("Ghi cuộc kiểm tra", "Record an inspection")}>
      <h2>{t("Ghi cuộc kiểm tra, giám sát", "Record an inspection")}</h2>
      <DateField label={t("Ngày dự kiến", "Planned on")} name="planned_date" value={v.planned} onChange={set("planned")} required error={fieldError("planned_date")} />
      <DateField label={t("Ngày kiểm tra", "Held on")} name="held_date" value={v.held} onChange={set("held")} error={fieldError("held_date")} />
      <TextField label={t("Nội dung kiểm tra", "Subject")} name="subject" value={v.subject} onChange={set("subject")} required error={fieldError("subject")} />
      <TextField label={t("Đoàn kiểm tra", "Team")} name="team" value={v.team} onChange={set("team")} />
      <TextField label={t("Đơn vị được kiểm tra (mã số HTX)", "Organisation (registry code)")} name="org_code" value={v.org} onChange={set("org")} error={fieldError("org_code")} />
      <TextField label={t("Địa bàn (mã đơn vị)", "Area (unit code)")} name="unit_code" value={v.unit} onChange={set("unit")} error={fieldError("unit_code")} />
      <fieldset>
        <legend>{t("Phát hiện", "Findings")}</legend>
        {findings.map((f, i) => (
          <TextField key={i} label={`${t("Phát hiện", "Finding")} ${i + 1}`} name={`finding-${i}`} value={f} error={fieldError(`findings[${i + 1}]`)} onChange={(e) => setFindings(findings.map((x, j) => (j === i ? e.target.value : x)))} />
        ))}
        <button type="button" className="secondary" onClick={() => setFindings([...findings, ""])}>
          {t("Thêm phát hiện", "Add a finding")}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t("Kiến nghị", "Recommendations")}</legend>
        {recs.map((r, i) => (
          <div key={i} className="row">
            <TextField label={`${t("Kiến nghị", "Recommendation")} ${i + 1}`} name={`rec-${i}`} value={r.text} error={fieldError(`recommendations[${i + 1}].text`)} onChange={(e) => setRecs(recs.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} />
            <DateField label={`${t("Thời hạn", "Deadline")} ${i + 1}`} name={`deadline-${i}`} value={r.deadline} error={fieldError(`recommendations[${i + 1}].deadline`)} onChange={(e) => setRecs(recs.map((x, j) => (j === i ? { ...x, deadline: e.target.value } : x)))} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setRecs([...recs, { text: "", deadline: "" }])}>
          {t("Thêm kiến nghị", "Add a recommendation")}
        </button>
      </fieldset>
      <ErrorBox error={error} shownFields={["planned_date", "held_date", "subject", "org_code", "unit_code"]} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Lưu cuộc kiểm tra", "Save inspection")}
        </button>
      </div>
    </form>
  );
}

/** One inspection: findings, recommendations with their state, and "mark done" for officers. */
export function InspectionCard({ inspection, canEdit, onChanged }: { inspection: Inspection; canEdit: boolean; onChanged: (i: Inspection) => void }) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [doneOn, setDoneOn] = useState(todayDmy());
  const markDone = async (rec: Recommendation) => {
    setError(null);
    try {
      const r = await api<Inspection>("POST", "/api/inspections/{id}/recommendations/{rec}/follow-up", {
        params: { id: inspection.id, rec: rec.id },
        body: { status: "done", done_on: doneOn },
        ifMatch: `"${inspection.revision}"`,
      });
      onChanged(r.data);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <article className="card inspection" data-inspection-id={inspection.id}>
      <h3>
        {inspection.subject}{" "}
        <small>
          {t("dự kiến", "planned")} {fmtDate(inspection.planned_date)}
          {inspection.held_date ? ` · ${t("kiểm tra", "held")} ${fmtDate(inspection.held_date)}` : ""}
          {inspection.org_code ? " · " : ""}
          {inspection.org_code ? <Link href={`/org/${inspection.org_code}`}>{inspection.org_code}</Link> : null}
        </small>
      </h3>
      {inspection.findings.length ? (
        <ul className="findings">
          {inspection.findings.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      ) : null}
      {inspection.recommendations.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("Kiến nghị", "Recommendation")}</th>
              <th scope="col">{t("Thời hạn", "Deadline")}</th>
              <th scope="col">{t("Tình trạng", "State")}</th>
              <th scope="col">{t("Ngày thực hiện", "Done on")}</th>
              {canEdit ? <th scope="col" /> : null}
            </tr>
          </thead>
          <tbody>
            {inspection.recommendations.map((r) => (
              <tr key={r.id} data-state={r.state}>
                <td>{r.text}</td>
                <td>{fmtDate(r.deadline)}</td>
                <td>
                  <StateBadge r={r} />
                </td>
                <td>{fmtDate(r.done_on)}</td>
                {canEdit ? (
                  <td>
                    {r.status === "open" ? (
                      <button type="button" onClick={() => markDone(r)}>
                        {t("Đánh dấu đã thực hiện", "Mark done")}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {inspection.event_ids.length ? (
        <p className="hint">
          {t("Dẫn đến sự kiện", "Led to event")} {inspection.event_ids.map((e) => `#${e}`).join(", ")}
          {inspection.org_code ? (
            <>
              {" "}
              (<Link href={`/org/${inspection.org_code}`}>{t("xem lịch sử", "see the history")}</Link>)
            </>
          ) : null}
        </p>
      ) : null}
      {canEdit && inspection.recommendations.some((r) => r.status === "open") ? (
        <DateField label={t("Ngày thực hiện xong", "Done on")} name={`done-${inspection.id}`} value={doneOn} onChange={(e) => setDoneOn(e.target.value)} />
      ) : null}
      <ErrorBox error={error} />
    </article>
  );
}

export function InspectionsPage() {
  const t = useT();
  const { user } = useSession();
  const q = useSearchParams();
  const [text, setText] = useState(q.q ?? "");
  const list = useAsync(
    async (signal) => (await api<{ items: Inspection[] }>("GET", "/api/inspections", { query: q, signal })).data.items,
    [JSON.stringify(q)],
  );
  const canEdit = canEditRegistry(user);
  return (
    <section>
      <SubNav />
      <h1>{t("Kiểm tra, giám sát", "Inspections and supervision")}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setSearchParams({ ...q, q: text });
        }}
      >
        <TextField label={t("Tìm", "Search")} name="q" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">{t("Lọc", "Filter")}</button>
      </form>
      {canEdit ? <InspectionForm onSaved={() => list.reload()} /> : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : (list.data ?? []).length === 0 ? (
        <Empty>{t("Không có cuộc kiểm tra nào.", "No inspections.")}</Empty>
      ) : (
        (list.data ?? []).map((i) => <InspectionCard key={`${i.id}-${i.revision}`} inspection={i} canEdit={canEdit} onChanged={() => list.reload()} />)
      )}
    </section>
  );
}

export function FollowUpsPage() {
  const t = useT();
  const q = useSearchParams();
  const list = useAsync(
    async (signal) => (await api<{ as_of: string; items: FollowUpItem[] }>("GET", "/api/follow-ups", { query: { as_of: q.as_of, overdue: "true" }, signal })).data,
    [q.as_of],
  );
  return (
    <section>
      <SubNav />
      <h1>{t("Kiến nghị quá hạn chưa thực hiện", "Overdue recommendations")}</h1>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : !list.data?.items.length ? (
        <Empty>{t("Không có kiến nghị quá hạn.", "Nothing is overdue.")}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("Kiến nghị", "Recommendation")}</th>
                <th scope="col">{t("Thời hạn", "Deadline")}</th>
                <th scope="col">{t("Cuộc kiểm tra", "Inspection")}</th>
                <th scope="col">{t("Đơn vị", "Organisation")}</th>
                <th scope="col">{t("Tình trạng", "State")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <tr key={f.recommendation_id}>
                  <td>{f.text}</td>
                  <td>{fmtDate(f.deadline)}</td>
                  <td>{f.subject}</td>
                  <td>{f.org_code ? <Link href={`/org/${f.org_code}`}>{f.org_code}</Link> : null}</td>
                  <td>
                    <StateBadge r={f} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// --- Plans ---

function ProgressForm({ year, tasks, onSaved }: { year: string; tasks: TaskProgress[]; onSaved: () => void }) {
  const t = useT();
  const manual = tasks.filter((x) => x.kind === "manual");
  const [task, setTask] = useState(manual[0] ? String(manual[0].id) : "");
  const [date, setDate] = useState(todayDmy());
  const [value, setValue] = useState("");
  const [error, setError] = useState<unknown>(null);
  if (!manual.length) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api("POST", "/api/plans/{year}/progress", { params: { year }, body: { task_id: Number(task), date, value: Number(value) } });
      setValue("");
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldMessage(f) : undefined);
  return (
    <form className="card filters" onSubmit={submit} aria-label={t("Cập nhật tiến độ", "Record progress")}>
      <SelectField label={t("Nhiệm vụ theo dõi thủ công", "Manual task")} name="task_id" value={task} onChange={(e) => setTask(e.target.value)} options={manual.map((m) => ({ value: String(m.id), label: `${m.position}. ${m.title}` }))} />
      <DateField label={t("Ngày", "Date")} name="progress_date" value={date} onChange={(e) => setDate(e.target.value)} error={fieldError("date")} />
      <TextField label={t("Giá trị đạt được (lũy kế)", "Value reached (cumulative)")} name="value" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} error={fieldError("value")} />
      <button type="submit">{t("Ghi tiến độ", "Record")}</button>
      <ErrorBox error={error} shownFields={["date", "value"]} />
    </form>
  );
}

interface EditTask {
  id: number;
  title: string;
  kind: "computed" | "manual";
  indicator: string;
  parameter: string;
  target: string;
  unit_code: string;
  unit: string;
}

/** The tasks of a year's plan, edited as a whole; saved with the revision read (If-Match). */
function PlanEditor({ year, tasks, etag, lists, onSaved, onCancel }: { year: string; tasks: TaskProgress[]; etag: string | null; lists: Lists; onSaved: () => void; onCancel: () => void }) {
  const t = useT();
  const [rows, setRows] = useState<EditTask[]>(() =>
    tasks.length
      ? tasks.map((x) => ({ id: x.id, title: x.title, kind: x.kind, indicator: x.indicator, parameter: x.parameter, target: String(x.target), unit_code: x.unit_code, unit: x.unit }))
      : [{ id: 0, title: "", kind: "computed", indicator: "converted_or_dissolved_pending", parameter: "", target: "", unit_code: "", unit: "" }],
  );
  const [error, setError] = useState<unknown>(null);
  const set = (i: number, patch: Partial<EditTask>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldMessage(f) : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api("PUT", "/api/plans/{year}", {
        params: { year },
        ifMatch: etag ?? "*",
        body: {
          tasks: rows.map((r) => ({
            ...(r.id ? { id: r.id } : {}),
            title: r.title,
            kind: r.kind,
            indicator: r.kind === "computed" ? r.indicator : "",
            parameter: r.kind === "computed" && lists.indicators.find((x) => x.id === r.indicator)?.takes_parameter ? r.parameter : "",
            target: Number(r.target || 0),
            unit_code: r.unit_code,
            unit: r.unit,
          })),
        },
      });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t("Lập kế hoạch", "Edit the plan")}>
      <h2>
        {t("Kế hoạch năm", "Plan of")} {year}
      </h2>
      {rows.map((r, i) => {
        const n = i + 1;
        const needsType = lists.indicators.find((x) => x.id === r.indicator)?.takes_parameter;
        return (
          <fieldset key={i} className="form-grid">
            <legend>
              {t("Nhiệm vụ", "Task")} {n}
            </legend>
            <TextField label={`${t("Nhiệm vụ", "Task")} ${n}`} name={`task-${i}`} value={r.title} required error={fieldError(`tasks[${n}].title`)} onChange={(e) => set(i, { title: e.target.value })} />
            <SelectField label={`${t("Cách theo dõi", "Kind")} ${n}`} name={`kind-${i}`} value={r.kind} onChange={(e) => set(i, { kind: e.target.value as EditTask["kind"] })} options={[{ value: "computed", label: t("Tính từ sổ đăng ký", "Computed") }, { value: "manual", label: t("Theo dõi thủ công", "Manual") }]} />
            {r.kind === "computed" ? (
              <SelectField label={`${t("Chỉ tiêu", "Indicator")} ${n}`} name={`indicator-${i}`} value={r.indicator} error={fieldError(`tasks[${n}].indicator`)} onChange={(e) => set(i, { indicator: e.target.value })} options={lists.indicators.map((x) => ({ value: x.id, label: x.label }))} />
            ) : (
              <TextField label={`${t("Đơn vị tính", "Unit")} ${n}`} name={`unit-${i}`} value={r.unit} onChange={(e) => set(i, { unit: e.target.value })} />
            )}
            {r.kind === "computed" && needsType ? (
              <SelectField label={`${t("Loại hoạt động", "Activity type")} ${n}`} name={`parameter-${i}`} value={r.parameter} placeholder={t("Chọn", "Choose")} error={fieldError(`tasks[${n}].parameter`)} onChange={(e) => set(i, { parameter: e.target.value })} options={lists.activity_types.map((x) => ({ value: x.id, label: x.label }))} />
            ) : null}
            <TextField label={`${t("Kế hoạch", "Target")} ${n}`} name={`target-${i}`} inputMode="numeric" value={r.target} error={fieldError(`tasks[${n}].target`)} onChange={(e) => set(i, { target: e.target.value })} />
            <TextField label={`${t("Địa bàn (mã)", "Area (code)")} ${n}`} name={`area-${i}`} value={r.unit_code} error={fieldError(`tasks[${n}].unit_code`)} onChange={(e) => set(i, { unit_code: e.target.value })} />
            <button type="button" className="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t("Bỏ nhiệm vụ", "Remove")} {n}
            </button>
          </fieldset>
        );
      })}
      <ErrorBox error={error} shownFields={rows.flatMap((_, i) => ["title", "indicator", "parameter", "target", "unit_code"].map((f) => `tasks[${i + 1}].${f}`))} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setRows([...rows, { id: 0, title: "", kind: "computed", indicator: "founded_cooperatives", parameter: "", target: "", unit_code: "", unit: "" }])}>
          {t("Thêm nhiệm vụ", "Add a task")}
        </button>
        <button type="submit">{t("Lưu kế hoạch", "Save the plan")}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </form>
  );
}

export function PlansPage() {
  const t = useT();
  const { user } = useSession();
  const q = useSearchParams();
  const lists = useLists();
  const years = useAsync(async (signal) => (await api<{ years: number[] }>("GET", "/api/plans", { signal })).data.years, []);
  const year = q.year ?? String(years.data?.[years.data.length - 1] ?? "");
  const [asOf, setAsOf] = useState(q.as_of ?? "");
  const [editing, setEditing] = useState(false);
  const [newYear, setNewYear] = useState("");
  const reply = useAsync(
    async (signal) => {
      if (!year) return null;
      try {
        return await api<PlanProgress>("GET", "/api/plans/{year}", { params: { year }, query: { as_of: q.as_of, area: q.area }, signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    [year, q.as_of, q.area],
  );
  const plan = { ...reply, data: reply.data?.data ?? null };
  const pilots = useAsync(
    async (signal) => (year ? (await api<{ communes: PilotCommune[] }>("GET", "/api/pilot-communes/{year}", { params: { year }, signal })).data.communes : []),
    [year],
  );
  return (
    <section>
      <SubNav />
      <h1>{t("Kế hoạch năm và tiến độ", "Yearly plans and progress")}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setSearchParams({ ...q, year, as_of: asOf });
        }}
      >
        <SelectField label={t("Năm", "Year")} name="year" value={year} onChange={(e) => setSearchParams({ ...q, year: e.target.value })} options={(years.data ?? []).map((y) => ({ value: String(y), label: String(y) }))} />
        <DateField label={t("Tính đến ngày", "As of")} name="as_of" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        <button type="submit">{t("Xem", "Show")}</button>
      </form>
      {canEditRegistry(user) && !editing ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (!newYear && !year) return;
            if (newYear) setSearchParams({ year: newYear });
            setEditing(true);
          }}
        >
          <TextField label={t("Năm của kế hoạch (để trống: năm đang xem)", "Year of the plan (empty: this one)")} name="new_year" inputMode="numeric" value={newYear} onChange={(e) => setNewYear(e.target.value)} />
          <button type="submit">{t("Lập, sửa kế hoạch", "Write the plan")}</button>
        </form>
      ) : null}
      {editing && lists.data && !reply.loading ? (
        <PlanEditor
          key={year}
          year={year}
          tasks={plan.data?.tasks ?? []}
          etag={reply.data?.etag ?? null}
          lists={lists.data}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            years.reload();
            reply.reload();
          }}
        />
      ) : null}
      {plan.error ? <ErrorBox error={plan.error} onRetry={plan.reload} /> : null}
      {plan.loading && !plan.data ? (
        <Loading />
      ) : !plan.data ? (
        <Empty>{t("Chưa có kế hoạch.", "No plan yet.")}</Empty>
      ) : (
        <>
          <p>
            {plan.data.title} — {t("tính đến", "as of")} {fmtDate(plan.data.as_of)}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("STT", "No")}</th>
                  <th scope="col">{t("Nhiệm vụ", "Task")}</th>
                  <th scope="col">{t("Chỉ tiêu", "Indicator")}</th>
                  <th scope="col" className="num">
                    {t("Kế hoạch", "Target")}
                  </th>
                  <th scope="col" className="num">
                    {t("Thực hiện", "Actual")}
                  </th>
                  <th scope="col" className="num">
                    %
                  </th>
                  <th scope="col">{t("Căn cứ", "Basis")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.data.tasks.map((task) => (
                  <tr key={task.id}>
                    <td>{task.position}</td>
                    <td>{task.title}</td>
                    <td>{task.indicator_label}</td>
                    <td className="num">
                      {fmtNum(task.target)} {task.unit}
                    </td>
                    <td className="num">{fmtNum(task.actual)}</td>
                    <td className="num">{fmtPercent(task.percent)}</td>
                    <td className="hint">{task.basis}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canEditRegistry(user) ? <ProgressForm year={year} tasks={plan.data.tasks} onSaved={plan.reload} /> : null}
        </>
      )}
      {pilots.data && pilots.data.length ? (
        <>
          <h2>{t("Xã điểm xây dựng nông thôn mới", "New-rural-development pilot communes")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("Mã xã", "Code")}</th>
                  <th scope="col">{t("Xã", "Commune")}</th>
                  <th scope="col" className="num">
                    {t("Số HTX đạt", "Qualifying HTX")}
                  </th>
                  <th scope="col">{t("Tiêu chí 13.1", "Criterion 13.1")}</th>
                  <th scope="col" className="num">
                    {t("Hoạt động hỗ trợ", "Activities")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {pilots.data.map((p) => (
                  <tr key={p.unit_code}>
                    <td className="code">{p.unit_code}</td>
                    <td>{p.name}</td>
                    <td className="num">{fmtNum(p.qualifying)}</td>
                    <td>{p.met_13_1 ? t("Đạt", "Met") : t("Chưa đạt", "Not met")}</td>
                    <td className="num">{fmtNum(p.activities)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

// --- On a cooperative's page ---

export function OrgAlliance({ code }: { code: string }) {
  const t = useT();
  const { user } = useSession();
  const activities = useAsync(async (signal) => (await api<{ items: Activity[] }>("GET", "/api/activities", { query: { org: code }, signal })).data.items, [code]);
  const inspections = useAsync(async (signal) => (await api<{ items: Inspection[] }>("GET", "/api/inspections", { query: { org: code }, signal })).data.items, [code]);
  return (
    <section aria-labelledby="alliance-work">
      <h2 id="alliance-work">{t("Hỗ trợ, tư vấn và kiểm tra của Liên minh", "The Alliance's support and inspections")}</h2>
      {activities.error instanceof ApiError && activities.error.status === 403 ? null : activities.data ? <ActivityTable items={activities.data} /> : <Loading />}
      {(inspections.data ?? []).map((i) => (
        <InspectionCard key={`${i.id}-${i.revision}`} inspection={i} canEdit={canEditRegistry(user)} onChanged={() => inspections.reload()} />
      ))}
    </section>
  );
}
