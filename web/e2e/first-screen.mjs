// Measures how fast the first screens appear in chromium against a real `hoptac serve` on the demo
// database (see harness.mjs): the login page, and the registry and the dashboard once signed in.
// Prints the median of 5 loads each (fresh page, warm server). For docs/benchmarks.md.
//
//   HOPTAC=build/release/src/main/hoptac node web/e2e/first-screen.mjs

import { launch, login, startServer } from "./harness.mjs";

const server = await startServer();
const browser = await launch();
const page = await browser.context.newPage();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(name, url, ready) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.goto(url);
    await ready();
    times.push(Date.now() - t0);
  }
  console.log(`${name.padEnd(44)} median ${median(times)} ms (${times.join(", ")})`);
}

try {
  await measure("login page: form shown", `${server.base}/login`, () => page.getByLabel("Mật khẩu").waitFor());
  await login(page, server.base, "admin", server.accounts.admin);
  await measure("registry: first 50 rows shown", `${server.base}/registry`, () => page.locator("table.registry tbody tr").nth(49).waitFor());
  await measure("dashboard: header and date picker shown", `${server.base}/`, () => page.getByLabel("Tính đến ngày").waitFor());
  await measure("dashboard: all four charts drawn", `${server.base}/`, () =>
    page.waitForFunction(() => document.querySelectorAll(".chart canvas").length >= 4 && !document.querySelector(".spinner"), null, { timeout: 30000 }),
  );
} finally {
  await browser.close();
  await server.stop();
}
