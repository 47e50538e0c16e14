// What the end-to-end tests and the screenshot script share: a temporary demo database, a real
// `hoptac serve` on a free port serving web/dist, and Debian's chromium driven by playwright-core.
//
// Environment: HOPTAC (the hoptac binary; required), CHROMIUM (default /usr/bin/chromium),
// HOPTAC_E2E_KEEP=1 keeps the temporary folder.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const WEB_DIST = new URL("../dist/", import.meta.url).pathname;

// product.md §5: the flags for Debian's chromium; a fresh profile per run (launchPersistentContext).
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base, proc, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`hoptac serve exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hoptac serve did not answer ${base}/healthz within ${ms} ms`);
}

/** The demo accounts `hoptac demo` printed: { admin: "pw", viewer: "pw", … }. */
function parseAccounts(out) {
  const accounts = {};
  for (const m of out.matchAll(/login:\s*(\S+)\s*\/\s*password:\s*(\S+)/g)) accounts[m[1]] = m[2];
  return accounts;
}

export async function startServer() {
  const hoptac = process.env.HOPTAC;
  if (!hoptac || !existsSync(hoptac)) throw new Error("set HOPTAC to the hoptac binary (scripts/build release --print-binary)");
  if (!existsSync(join(WEB_DIST, "index.html"))) throw new Error("web/dist is not built (scripts/web)");
  const dir = mkdtempSync(join(tmpdir(), "hoptac-e2e-"));
  const db = join(dir, "demo.db");
  const demo = execFileSync(hoptac, ["demo", "--db", db], { encoding: "utf8" });
  const accounts = parseAccounts(demo);
  if (!accounts.admin) throw new Error(`no admin password in the output of hoptac demo:\n${demo}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(hoptac, ["serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--web", WEB_DIST], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  proc.stderr.on("data", (d) => {
    log += d;
    if (log.length > 200000) log = log.slice(-100000);
  });
  await waitHealthy(base, proc);
  return {
    base,
    db,
    dir,
    accounts,
    hoptac,
    log: () => log,
    async stop() {
      proc.kill("SIGTERM");
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once("exit", r)));
      if (!process.env.HOPTAC_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser profile; `viewport` defaults to a 1366×768 laptop. */
export async function launch(viewport = { width: 1366, height: 768 }) {
  const profile = mkdtempSync(join(tmpdir(), "hoptac-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    locale: "vi-VN",
    acceptDownloads: true,
  });
  context.setDefaultTimeout(10000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function login(page, base, username, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByTestId("whoami").waitFor();
}
