// Hand-kept types of the hoptac HTTP API (docs/api/openapi.yaml; the JSON the server writes in
// src/http/views.cpp, src/http/session_handlers.cpp and src/report/render_json.cpp).
// scripts/check-api.mjs checks that every path and method the UI calls is in the API document.

export type Role = "admin" | "officer" | "manager" | "viewer";

export interface User {
  username: string;
  role: Role;
  scope_unit: string | null;
  scope_org: string | null;
}

export interface SessionInfo {
  user: User;
  csrf_token: string | null;
}

export interface FieldError {
  field?: string;
  value?: string;
  message: string;
  rule?: string;
}

export interface ProblemJson {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

export type OrgKind = "THT" | "HTX" | "LHHTX" | "QTDND";

export interface OrgState {
  id: number;
  registry_code: string;
  legacy_code: boolean;
  kind: OrgKind;
  exists: boolean;
  status?: string;
  status_label?: string;
  name?: string;
  short_name?: string;
  foreign_name?: string;
  field?: string;
  sectors?: string[];
  unit_code?: string;
  address_detail?: string;
  representative?: string;
  charter_capital?: number | null;
  models?: string[];
  certificate_no?: string;
  founded_on?: string;
  reregistered_2012_on?: string | null;
  charter_amended_2023_on?: string | null;
  suspended_since?: string | null;
  dissolution_started_on?: string | null;
  ended_on?: string | null;
  ended_by?: string | null;
  ground?: string | null;
}

export interface OrgListItem extends OrgState {
  unit_name: string;
}

export interface OrgList {
  items: OrgListItem[];
  next: string | null;
}

export interface OrgView extends OrgState {
  as_of: string;
  known_at: string;
  unit?: { code: string; name: string; path: string; since: string } | null;
  units_now?: { code: string; name: string; partial: boolean }[];
  unit_now_path?: string;
  conversion_2012?: string;
  successors?: string[];
  linked_from?: string[];
}

export interface EventChanges {
  name?: string;
  short_name?: string;
  foreign_name?: string;
  field?: string;
  sectors?: string[];
  unit_code?: string;
  address_detail?: string;
  representative?: string;
  charter_capital?: number;
  models?: string[];
  certificate_no?: string;
}

export interface OrgEvent {
  id: number;
  type: string;
  type_label: string;
  effective_date: string;
  recorded_at: string;
  recorded_by: string;
  decision_no: string;
  decision_date: string | null;
  decided_by: string;
  ground: string | null;
  changes: EventChanges;
  related: string[];
  note: string;
  voided: { voided_at: string; voided_by: string; reason: string } | null;
}

export interface History {
  registry_code: string;
  events: OrgEvent[];
}

export const FIGURE_COUNTS = [
  "members",
  "members_individual",
  "members_household",
  "members_legal_entity",
  "workers",
  "workers_members",
] as const;
export const FIGURE_MONEY = [
  "charter_capital",
  "total_assets",
  "revenue",
  "revenue_from_members",
  "profit_before_tax",
  "avg_income",
] as const;
export type FigureNumberKey = (typeof FIGURE_COUNTS)[number] | (typeof FIGURE_MONEY)[number];

export type YearFigures = { year: number; rating: string | null; rating_scheme: string } & {
  [K in FigureNumberKey]: number | null;
} & { recorded_at?: string; recorded_by?: string; source?: string };

export interface Figures {
  registry_code: string;
  figures: YearFigures[];
}

/** GET /api/organisations/{code}/members (components.schemas.MemberList). */
export interface Member {
  member_no: string;
  member_type: "individual" | "household" | "legal_entity" | "cooperative";
  membership: string;
  name: string;
  representative: string | null;
  address: string | null;
  joined_on: string;
  left_on: string | null;
  left_reason: string | null;
  capital: number | null;
}

export interface MemberList {
  registry_code: string;
  as_of: string | null;
  members: Member[];
}

export interface AllowedEvents {
  registry_code: string;
  allowed: { type: string; label: string }[];
}

export interface Unit {
  code: string;
  name: string;
  level: string;
  parent_code: string;
  valid_from: string | null;
  valid_to: string | null;
  legacy: boolean;
  path: string;
}

export interface UnitChildren {
  as_of: string;
  parent: string | null;
  units: Unit[];
}

export interface PublicOrg {
  registry_code: string;
  name: string;
  kind: OrgKind;
  status: string;
  status_label: string;
  unit_name: string;
  founded_on: string;
}

export interface ReportInfo {
  name: string;
  title: string;
  parameters?: unknown;
  description?: string;
}

export type CellValue = string | number | null;

export interface ReportDetailItem {
  registry_code: string;
  name: string;
  unit_name: string;
  status: string;
  note: string;
  /** The ids of the row's columns whose numbers count it; empty: the row as a whole. */
  columns: string[];
}

export interface ReportTable {
  report: string;
  title: string;
  parameters: { label: string; value: string }[];
  columns: { id: string; label: string; type: "text" | "count" | "money" | "percent" | string }[];
  rows: { cells: Record<string, CellValue>; detail: ReportDetailItem[] }[];
  totals: Record<string, CellValue> | null;
  notes: string[];
}

export interface ImportResult {
  rows_read: number;
  created: number;
  unchanged: number;
  errors: { row: number; column: string; value: string; message: string; rule?: string }[];
  /** The file's header row: each header with the column it was matched to (null: none; "-": ignored). */
  header: { header: string; column: string | null }[];
  committed: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  address: string;
  request_id: string;
  action: string;
  entity: string;
  before: unknown; // the entity before the change, as JSON (null when created)
  after: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  next: string | null;
}

export interface UserRow {
  username: string;
  role: Role;
  scope_unit?: string | null;
  scope_org?: string | null;
  scope?: string | null;
  disabled?: boolean;
}
