// Saves a screenshot of each main screen to docs/screenshots/ (1366×768, and the registry at 360 px),
// against a real `hoptac serve` on a temporary demo database (see harness.mjs).
//
//   HOPTAC=build/release/src/main/hoptac node web/e2e/screenshots.mjs [OUT_DIR]

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, login, startServer } from "./harness.mjs";

const out = process.argv[2] ?? new URL("../../docs/screenshots/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const server = await startServer();
const browser = await launch();
const page = await browser.context.newPage();
const saved = [];
const failed = [];

async function settle() {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.waitForFunction(() => !document.querySelector(".state.loading, .spinner"), null, { timeout: 15000 }).catch(() => {});
  await page.waitForTimeout(300);
}

async function shot(name, fn, { fullPage = false } = {}) {
  try {
    await fn();
    await settle();
    await page.screenshot({ path: join(out, `${name}.png`), fullPage });
    saved.push(name);
  } catch (e) {
    failed.push(`${name}: ${String(e.message).split("\n")[0]}`);
  }
}

try {
  await shot("login", () => page.goto(`${server.base}/login`));
  await login(page, server.base, "admin", server.accounts.admin);
  await shot("dashboard", () => page.goto(`${server.base}/?as_of=31%2F12%2F2016`), { fullPage: true });
  await shot("registry", async () => {
    await page.goto(`${server.base}/registry`);
    await page.getByLabel("Tìm theo tên hoặc mã số").fill("viet lam");
    await page.locator("table.registry tbody tr").first().waitFor();
  });
  await shot("registry-sorted", async () => {
    await page.goto(`${server.base}/registry?sort=founded_on&dir=desc`);
    await page.locator("table.registry tbody tr").first().waitFor();
  });
  await shot("cooperative", async () => {
    await page.goto(`${server.base}/org/5100086384`);
    await page.locator("ol.timeline li").first().waitFor();
  }, { fullPage: true });
  await shot("cooperative-figures", async () => {
    await page.getByRole("tab", { name: "Số liệu hằng năm" }).click();
    await page.locator(".chart canvas").first().waitFor();
    await page.locator(".tabs").evaluate((el) => el.scrollIntoView({ block: "start" }));
  });
  await shot("cooperative-members", async () => {
    await page.getByRole("tab", { name: "Thành viên" }).click();
    await page.getByTestId("members").waitFor();
    await page.locator(".tabs").evaluate((el) => el.scrollIntoView({ block: "start" }));
  });
  await shot("record-event", async () => {
    await page.getByRole("tab", { name: "Lịch sử sự kiện" }).click();
    await page.getByRole("button", { name: "Ghi sự kiện" }).click();
    await page.locator('select option[value="suspended"]').waitFor({ state: "attached" });
    await page.getByLabel("Loại sự kiện").selectOption("relocated");
    await page.locator("form.dialog").evaluate((el) => el.scrollIntoView({ block: "start" }));
  });
  await shot("new-cooperative-errors", async () => {
    await page.goto(`${server.base}/org/new`);
    await page.getByLabel("Mã số HTX").fill("5100123453");
    await page.getByLabel("Tên", { exact: true }).fill("Hợp tác xã Thử");
    await page.getByLabel("Ngày thành lập").fill("31/02/2018");
    await page.getByRole("button", { name: "Lưu hợp tác xã" }).click();
    await page.locator(".field-error, .error-box").first().waitFor();
  }, { fullPage: true });
  await shot("report-conversion-2012", async () => {
    await page.goto(`${server.base}/reports?report=conversion-2012&as_of=31%2F12%2F2016&by=district&units=as-then`);
    await page.getByTestId("totals").waitFor();
    await page.locator(".chart canvas").first().waitFor();
  }, { fullPage: true });
  await shot("report-detail", async () => {
    await page.getByTestId("totals").locator('td[data-column="converted"] button').click();
    await page.locator("#detail-title", { hasText: /: \d/ }).waitFor();
    await page.locator("#detail-title").evaluate((el) => el.scrollIntoView({ block: "start" }));
  });
  await shot("import-errors", async () => {
    const file = join(server.dir, "htx.csv");
    writeFileSync(
      file,
      "Mã số HTX,Tên HTX,Ngày thành lập,Mã xã,Lĩnh vực\r\n5200990018,Hợp tác xã Mận Hậu,12/04/2019,00763,Nông nghiệp\r\n" +
        "5200990025,Hợp tác xã Lê Vàng,31/02/2019,00763,Nông nghiệp\r\n5200990032,Hợp tác xã Đào,01/05/2019,99999,Nông nghiệp\r\n",
    );
    await page.goto(`${server.base}/import`);
    await page.getByLabel("Tệp CSV hoặc XLSX").setInputFiles(file);
    await page.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
    await page.getByTestId("import-errors").waitFor();
  });
  await shot("market-demands", async () => {
    await page.goto(`${server.base}/market`);
    await page.locator('[data-testid^="demand-"]').first().waitFor();
  });
  await shot("market-ranked-offers", async () => {
    await page.goto(`${server.base}/market/demands/1`);
    await page.getByTestId("ranked-offer").first().waitFor();
  }, { fullPage: true });
  await shot("import-columns", async () => {
    await page.goto(`${server.base}/import`);
    await page.getByLabel("Tệp CSV hoặc XLSX").setInputFiles(new URL("../../tests/fixtures/import/organisations_libreoffice.xlsx", import.meta.url).pathname);
    await page.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
    await page.getByTestId("import-summary").waitFor();
    await page.getByText("Cột của tệp").click();
    await page.getByLabel("Cột 7: Vốn điều lệ").waitFor();
  }, { fullPage: true });
  await shot("activities", async () => {
    await page.goto(`${server.base}/activities?from=01%2F01%2F2016&to=31%2F12%2F2016`);
    await page.locator("table tbody tr").first().waitFor();
  });
  await shot("inspections", async () => {
    await page.goto(`${server.base}/inspections`);
    await page.locator("article.inspection").first().waitFor();
  }, { fullPage: true });
  await shot("overdue-follow-ups", async () => {
    await page.goto(`${server.base}/follow-ups`);
    await page.locator("table tbody tr").first().waitFor();
  });
  await shot("plan-2017", async () => {
    await page.goto(`${server.base}/plans?year=2017&as_of=31%2F12%2F2017`);
    await page.locator("table tbody tr").first().waitFor();
  });
  await shot("annual-review-2016", async () => {
    await page.goto(`${server.base}/review?year=2016`);
    await page.getByTestId("review-summary").waitFor();
    await page.frameLocator("iframe.review-frame").getByText("III. Nhiệm vụ trọng tâm năm 2017").waitFor();
  });
  await shot("users", () => page.goto(`${server.base}/admin/users`));
  await shot("audit", () => page.goto(`${server.base}/admin/audit`));
  await page.setViewportSize({ width: 360, height: 740 });
  await shot("registry-360px", async () => {
    await page.goto(`${server.base}/registry?q=viet+lam`);
    await page.locator("table.registry tbody tr").first().waitFor();
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  const pubBrowser = await launch();
  const pub = await pubBrowser.context.newPage();
  try {
    await pub.goto(`${server.base}/public`);
    await pub.getByLabel("Tên hoặc mã số").fill("viet lam");
    await pub.locator("tbody tr").first().waitFor();
    await pub.waitForTimeout(300);
    await pub.screenshot({ path: join(out, "public-lookup.png") });
    saved.push("public-lookup");
    await pub.goto(`${server.base}/catalogue`);
    await pub.getByTestId("catalogue-item").first().waitFor();
    await pub.waitForTimeout(300);
    await pub.screenshot({ path: join(out, "public-catalogue.png") });
    saved.push("public-catalogue");
    await pub.getByTestId("catalogue-item").first().getByRole("link").click();
    await pub.getByTestId("producer").waitFor();
    await pub.waitForTimeout(300);
    await pub.screenshot({ path: join(out, "public-product.png"), fullPage: true });
    saved.push("public-product");
    await pub.goto(`${server.base}/buy`);
    await pub.locator('select[name="buyer_province"] option[value="01"]').waitFor({ state: "attached" });
    await pub.waitForTimeout(300);
    await pub.screenshot({ path: join(out, "public-demand-form.png"), fullPage: true });
    saved.push("public-demand-form");
  } catch (e) {
    failed.push(`public-lookup: ${String(e.message).split("\n")[0]}`);
  } finally {
    await pubBrowser.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`saved ${saved.length} screenshots to ${out}: ${saved.join(", ")}`);
for (const f of failed) console.log(`not saved: ${f}`);
process.exit(failed.length ? 1 : 0);
