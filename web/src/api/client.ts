// The one way the UI talks to the server. Every call names its method and its path template as
// written in docs/api/openapi.yaml (`api("GET", "/api/organisations/{code}", …)`), so that
// scripts/check-api.mjs can check each of them against the API document.

import type { FieldError, ProblemJson } from "./types";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined | null>;

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** A failed call: the HTTP status and the server's problem document (or a network failure). */
export class ApiError extends Error {
  status: number;
  problem: ProblemJson;
  constructor(status: number, problem: ProblemJson) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
  /** The first message the server gave for `field`, if any. */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

function fill(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

function queryString(query?: Query): string {
  if (!query) return "";
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The URL of an API path, for links and downloads (a GET the browser makes itself). */
export function apiUrl(
  _method: "GET",
  path: string,
  params?: Record<string, string | number>,
  query?: Query,
): string {
  return fill(path, params) + queryString(query);
}

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Query;
  body?: unknown;
  form?: FormData;
  ifMatch?: string | null;
  signal?: AbortSignal;
}

export interface Reply<T> {
  data: T;
  status: number;
  etag: string | null;
}

export async function api<T>(method: Method, path: string, opts: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  if (opts.ifMatch) headers["If-Match"] = opts.ifMatch;
  let res: Response;
  try {
    res = await fetch(fill(path, opts.params) + queryString(opts.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, { title: "network", detail: (e as Error).message });
  }
  const type = res.headers.get("content-type") ?? "";
  let data: unknown = null;
  if (res.status !== 204) {
    const text = await res.text();
    if (type.includes("json") && text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    } else {
      data = text;
    }
  }
  if (!res.ok) {
    const problem: ProblemJson =
      data && typeof data === "object" ? (data as ProblemJson) : { title: res.statusText, detail: String(data ?? "") };
    throw new ApiError(res.status, { status: res.status, ...problem });
  }
  return { data: data as T, status: res.status, etag: res.headers.get("etag") };
}
