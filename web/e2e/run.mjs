// End-to-end tests of the web UI in Debian's chromium against a real `hoptac serve` on a temporary
// demo database (see harness.mjs). Each case prints "ok" or "FAIL" with the reason; the last line is
// "N passed, N failed". Exit 1 when any case fails.
//
//   HOPTAC=build/release/src/main/hoptac node web/e2e/run.mjs [--only SUBSTRING]

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, login, startServer } from "./harness.mjs";

const THON_CHANG = "5100086384";
const NEW_CODE = "5100123452"; // README's example: a valid check digit, not in the demo
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : "";

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const cases = [];
const test = (name, fn) => cases.push({ name, fn });

// ---- the cases, in order (later ones use what earlier ones made) ----

test("log in as admin; role and area are shown", async ({ admin, server }) => {
  await login(admin, server.base, "admin", server.accounts.admin);
  const who = await admin.getByTestId("whoami").innerText();
  assert(/admin/.test(who) && /Quản trị/.test(who), `header shows "${who}"`);
});

test('search "viet lam" and open the thôn Chang cooperative', async ({ admin, server }) => {
  await admin.goto(`${server.base}/registry`);
  await admin.getByLabel("Tìm theo tên hoặc mã số").fill("viet lam");
  const row = admin.locator("tr", { hasText: THON_CHANG });
  await row.waitFor();
  await row.getByRole("link").click();
  await admin.getByRole("heading", { level: 1, name: /thôn Chang/ }).waitFor();
  await admin.locator("ol.timeline li").first().waitFor();
  const events = await admin.locator("ol.timeline li").count();
  assert(events >= 2, `the timeline shows ${events} events`);
});

test("sort the registry by founding date, newest first, across two pages", async ({ admin, server }) => {
  await admin.goto(`${server.base}/registry`);
  const header = admin.locator("th", { has: admin.getByRole("button", { name: /Thành lập/ }) });
  await admin.locator("table.registry tbody tr").first().waitFor();
  await header.getByRole("button").click();
  await admin.waitForURL(/sort=founded_on/);
  await header.getByRole("button").click();
  await admin.waitForURL(/sort=founded_on&dir=desc/);
  assert((await header.getAttribute("aria-sort")) === "descending", "the header is not aria-sort=descending");
  const iso = (d) => d.split("/").reverse().join("-");
  const datesWhenDescending = async () => {
    const dates = await admin.locator("table.registry tbody tr td:last-child").allInnerTexts();
    return dates.map(iso);
  };
  // the list settles on the server's order (the debounce and the fetch)
  let first = [];
  for (let i = 0; i < 50; i++) {
    first = await datesWhenDescending();
    if (first.length === 50 && first.every((d, j) => j === 0 || first[j - 1] >= d)) break;
    await admin.waitForTimeout(100);
  }
  assert(first.length === 50, `the first page has ${first.length} rows`);
  assert(first.every((d, j) => j === 0 || first[j - 1] >= d), `page 1 is not newest first: ${first.join(" ")}`);
  const firstCodes = await admin.locator("table.registry tbody td.code").allInnerTexts();
  await admin.getByRole("button", { name: /Trang sau/ }).click();
  await admin.getByText("Trang 2").waitFor();
  let second = [];
  for (let i = 0; i < 50; i++) {
    const codes = await admin.locator("table.registry tbody td.code").allInnerTexts();
    if (codes.length && codes[0] !== firstCodes[0]) {
      second = await datesWhenDescending();
      break;
    }
    await admin.waitForTimeout(100);
  }
  assert(second.length > 0, "the second page did not load");
  assert(second.every((d, j) => j === 0 || second[j - 1] >= d), `page 2 is not newest first: ${second.join(" ")}`);
  assert(first[first.length - 1] >= second[0], `page 2 starts at ${second[0]}, after page 1 ended at ${first[first.length - 1]}`);
  const excel = await admin.getByRole("link", { name: "Tải Excel" }).getAttribute("href");
  assert(/sort=founded_on/.test(excel) && /dir=desc/.test(excel), `the Excel link does not keep the order: ${excel}`);
});

test("the members tab lists the thôn Chang cooperative's register", async ({ admin, server }) => {
  await admin.goto(`${server.base}/org/${THON_CHANG}`);
  await admin.getByRole("tab", { name: "Thành viên" }).click();
  const table = admin.getByTestId("members");
  await table.waitFor();
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  assert(rows.length >= 10, `the register shows ${rows.length} members`);
  assert(rows.every((r) => /^\d{1,3}(\.\d{3})*$/.test(r[5])), `capital not formatted 1.234.567: ${rows.map((r) => r[5]).join(" ")}`);
  assert(rows.every((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r[3])), `joining dates not dd/mm/yyyy: ${rows.map((r) => r[3]).join(" ")}`);
  await admin.getByLabel("Cả thành viên đã ra khỏi").check();
  await admin.getByText("25 thành viên đã đăng ký").waitFor();
  // before its founding the register is empty
  await admin.getByLabel("Cả thành viên đã ra khỏi").uncheck();
  await admin.getByLabel("Trạng thái tính đến ngày").fill("01/01/2000");
  await admin.getByRole("button", { name: "Xem", exact: true }).click();
  await admin.getByText("không có ai", { exact: false }).first().waitFor();
});

test("the dashboard draws its years from one status-series call", async ({ admin, server }) => {
  const calls = [];
  const seen = (req) => {
    if (req.url().includes("/api/reports/")) calls.push(new URL(req.url()).pathname);
  };
  admin.on("request", seen);
  await admin.goto(`${server.base}/?as_of=31/12/2016`);
  await admin.locator(".kpi .n").first().filter({ hasText: /\d/ }).waitFor();
  await admin.locator(".card canvas, .card svg").first().waitFor();
  admin.off("request", seen);
  const series = calls.filter((p) => p.endsWith("/status-series")).length;
  assert(series === 1, `status-series was called ${series} times: ${calls.join(" ")}`);
  assert(calls.length <= 4, `the dashboard made ${calls.length} report calls: ${calls.join(" ")}`);
});

test("create a cooperative (its founding is recorded with it)", async ({ admin, server }) => {
  await admin.goto(`${server.base}/registry`);
  await admin.getByRole("link", { name: "Thêm hợp tác xã" }).click();
  await admin.getByLabel("Mã số HTX").fill(NEW_CODE);
  await admin.getByLabel("Tên", { exact: true }).fill("Hợp tác xã Chè Shan tuyết Lũng Phìn");
  await admin.getByLabel("Lĩnh vực").selectOption("agriculture");
  await admin.getByLabel("Ngày thành lập").fill("15/03/2018");
  await admin.getByLabel("Xã, phường (mã xã)").fill("00763");
  await admin.getByLabel("Địa chỉ chi tiết").fill("Thôn Sán Trồ");
  await admin.getByRole("button", { name: "Lưu hợp tác xã" }).click();
  await admin.waitForURL(`**/org/${NEW_CODE}`);
  await admin.getByRole("heading", { level: 1, name: /Chè Shan tuyết/ }).waitFor();
  await admin.locator('ol.timeline li[data-event-type="founded"]').waitFor();
});

test("a field error from the server shows beside its input and keeps what was typed", async ({ admin, server }) => {
  await admin.goto(`${server.base}/org/new`);
  await admin.getByLabel("Mã số HTX").fill("5100123453"); // wrong check digit
  await admin.getByLabel("Tên", { exact: true }).fill("Hợp tác xã Thử");
  await admin.getByLabel("Ngày thành lập").fill("31/02/2018");
  await admin.getByLabel("Xã, phường (mã xã)").fill("00763");
  await admin.getByRole("button", { name: "Lưu hợp tác xã" }).click();
  await admin.locator(".field-error, .error-box").first().waitFor();
  const name = await admin.getByLabel("Tên", { exact: true }).inputValue();
  assert(name === "Hợp tác xã Thử", `the name input holds "${name}" after the error`);
  const fieldErrors = await admin.locator(".field-error").count();
  assert(fieldErrors >= 1, "no error is shown beside an input");
});

test("an illegal event type is not offered; record a relocation", async ({ admin, server }) => {
  await admin.goto(`${server.base}/org/${NEW_CODE}`);
  await admin.getByRole("button", { name: "Ghi sự kiện" }).click();
  const select = admin.getByLabel("Loại sự kiện");
  await admin.locator('select option[value="relocated"]').waitFor({ state: "attached" });
  const offered = await select.locator("option").evaluateAll((os) => os.map((o) => o.value));
  assert(offered.includes("relocated"), `relocated is not offered: ${offered}`);
  assert(!offered.includes("resumed"), `resumed is offered to an operating cooperative: ${offered}`);
  assert(!offered.includes("founded"), `founded is offered again: ${offered}`);
  await select.selectOption("relocated");
  await admin.getByLabel("Ngày hiệu lực").fill("20/05/2019");
  await admin.getByLabel("Xã, phường (mã xã)").fill("00733");
  await admin.getByLabel("Địa chỉ chi tiết").fill("Thôn Sủng Là");
  await admin.getByRole("button", { name: "Lưu sự kiện" }).click();
  await admin.locator('ol.timeline li[data-event-type="relocated"]').waitFor();
  const founded = await admin.locator('ol.timeline li[data-event-type="founded"]').count();
  assert(founded === 1, "the founding is no longer in the timeline");
});

test("a stale form gets the conflict message and keeps what was typed", async ({ admin, server }) => {
  await admin.goto(`${server.base}/org/${NEW_CODE}`);
  await admin.getByRole("button", { name: "Ghi sự kiện" }).click();
  await admin.locator('select option[value="suspended"]').waitFor({ state: "attached" });
  await admin.getByLabel("Loại sự kiện").selectOption("suspended");
  await admin.getByLabel("Ngày hiệu lực").fill("01/06/2020");
  await admin.getByLabel("Ghi chú").fill("tạm ngừng theo đề nghị");
  // someone else records an event meanwhile
  const status = await admin.evaluate(async (code) => {
    const s = await (await fetch("/api/session")).json();
    const h = await fetch(`/api/organisations/${code}/history`);
    const r = await fetch(`/api/organisations/${code}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token, "If-Match": h.headers.get("etag") ?? "" },
      body: JSON.stringify({ type: "amended", effective_date: "2019-09-01", representative: "Vàng Thị Mai" }),
    });
    return r.status;
  }, NEW_CODE);
  assert(status === 201, `the other write got HTTP ${status}`);
  await admin.getByRole("button", { name: "Lưu sự kiện" }).click();
  await admin.getByText("Người khác vừa thay đổi hợp tác xã này").waitFor();
  assert((await admin.getByLabel("Ghi chú").inputValue()) === "tạm ngừng theo đề nghị", "the note was lost");
  await admin.getByRole("button", { name: /Tải lại dữ liệu mới nhất/ }).click();
  await admin.locator('ol.timeline li[data-event-type="amended"]').waitFor();
  await admin.getByRole("button", { name: "Lưu sự kiện" }).click();
  await admin.locator('ol.timeline li[data-event-type="suspended"]').waitFor();
});

test("void an event: it stays struck through, with the reason", async ({ admin, server }) => {
  await admin.goto(`${server.base}/org/${NEW_CODE}`);
  const li = admin.locator('ol.timeline li[data-event-type="suspended"]');
  await li.getByRole("button", { name: /Hủy sự kiện này/ }).click();
  await admin.getByLabel("Lý do hủy").fill("ghi nhầm");
  await admin.getByRole("button", { name: "Hủy sự kiện", exact: true }).click();
  await admin.locator('ol.timeline li.voided[data-event-type="suspended"]').waitFor();
  const text = await admin.locator('ol.timeline li.voided[data-event-type="suspended"] .void-reason').innerText();
  assert(/ghi nhầm/.test(text), `the voided event says "${text}"`);
  const decoration = await admin
    .locator('ol.timeline li.voided[data-event-type="suspended"] .what')
    .evaluate((el) => getComputedStyle(el).textDecorationLine);
  assert(decoration.includes("line-through"), `the voided event is not struck through (${decoration})`);
});

test("run conversion-2012 as of 31/12/2016 and read 460 / 183 / 90", async ({ admin, server }) => {
  await admin.goto(`${server.base}/reports`);
  await admin.locator('select[name="report"] option[value="conversion-2012"]').waitFor({ state: "attached" });
  await admin.getByLabel("Báo cáo", { exact: true }).selectOption("conversion-2012");
  await admin.getByLabel("Tính đến ngày").fill("31/12/2016");
  await admin.getByRole("button", { name: "Xem báo cáo" }).click();
  const totals = admin.getByTestId("totals");
  await totals.waitFor();
  const cell = async (id) => (await totals.locator(`td[data-column="${id}"]`).innerText()).trim();
  const got = [await cell("required"), await cell("converted"), await cell("dissolved_voluntary")];
  assert(got.join("/") === "460/183/90", `totals read ${got.join(" / ")}`);
  // a number opens the cooperatives behind it
  await totals.locator('td[data-column="converted"] button').click();
  await admin.locator("#detail-title", { hasText: /: \d/ }).waitFor();
  const title = await admin.locator("#detail-title").innerText();
  assert(/: 183 /.test(title), `the detail list says "${title}"`);
  // any cell lists exactly the organisations behind it, not its whole row
  await totals.locator('td[data-column="required"] button').click();
  await admin.locator("#detail-title", { hasText: ": 460 " }).waitFor();
  for (const column of ["pending", "dissolved_voluntary"]) {
    const button = admin.locator(`table.report tbody td[data-column="${column}"] button`).first();
    const n = (await button.innerText()).trim();
    await button.click();
    await admin.locator("#detail-title", { hasText: `: ${n} ` }).waitFor();
    const listed = await admin.locator(".dialog tbody tr").count();
    assert(String(listed) === n, `the ${column} cell says ${n} but the list has ${listed} rows`);
  }
});

test("download the report as XLSX", async ({ admin, server }) => {
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByTestId("download-xlsx").click()]);
  const path = join(server.dir, "report.xlsx");
  await download.saveAs(path);
  const bytes = readFileSync(path);
  assert(bytes.length > 1000 && bytes.subarray(0, 2).toString() === "PK", `the download is ${bytes.length} bytes, not an XLSX`);
});

test("import a file with an error: the wizard shows its row and column", async ({ admin, server }) => {
  const file = join(server.dir, "htx.csv");
  writeFileSync(
    file,
    "Mã số HTX,Tên HTX,Ngày thành lập,Mã xã,Lĩnh vực\r\n" +
      "5200990018,Hợp tác xã Mận Hậu,12/04/2019,00763,Nông nghiệp\r\n" +
      "5200990025,Hợp tác xã Lê Vàng,31/02/2019,00763,Nông nghiệp\r\n",
  );
  await admin.goto(`${server.base}/import`);
  await admin.getByLabel("Loại dữ liệu").selectOption("organisations");
  await admin.getByLabel("Tệp CSV hoặc XLSX").setInputFiles(file);
  await admin.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
  const errors = admin.getByTestId("import-errors");
  await errors.waitFor();
  const rows = await errors.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  const hit = rows.find((r) => r[0] === "3" && /Ngày thành lập/i.test(r[1]));
  assert(hit, `no error at row 3, column "Ngày thành lập": ${JSON.stringify(rows)}`);
  assert(!rows.some((r) => r[0] === "2"), `row 2 is valid but has an error: ${JSON.stringify(rows)}`);
  assert((await admin.getByRole("button", { name: "Nhập", exact: true }).count()) === 0, "a file with errors can be committed");
});

test("admin adds a user; the audit log shows it", async ({ admin, server }) => {
  await admin.goto(`${server.base}/admin/users`);
  await admin.getByLabel("Tên đăng nhập").fill("lan.vixuyen");
  await admin.getByLabel("Mật khẩu", { exact: true }).fill("mat-khau-thu-12345");
  await admin.getByLabel("Vai trò").last().selectOption("viewer");
  await admin.getByLabel("Phạm vi").last().fill("030");
  await admin.getByRole("button", { name: "Thêm", exact: true }).click();
  await admin.locator("tr", { hasText: "lan.vixuyen" }).waitFor();
  await admin.goto(`${server.base}/admin/audit`);
  await admin.getByLabel("Đối tượng").fill("user/lan.vixuyen");
  await admin.getByRole("button", { name: "Lọc" }).click();
  await admin.getByTestId("audit").locator("tr", { hasText: "user/lan.vixuyen" }).first().waitFor();
});

test("import wizard: rename an unknown column, dry run, commit, summary", async ({ admin, server }) => {
  const file = join(server.dir, "htx-map.csv");
  writeFileSync(file, "Số ĐKKD,Tên HTX,Ngày thành lập,Mã xã,Lĩnh vực\r\n5200990018,Hợp tác xã Mận Hậu,12/04/2019,00763,Nông nghiệp\r\n");
  await admin.goto(`${server.base}/import`);
  await admin.getByLabel("Tệp CSV hoặc XLSX").setInputFiles(file);
  await admin.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
  await admin.locator(".error-box").first().waitFor();
  const column = admin.getByLabel("Cột 1: Số ĐKKD");
  if (!(await column.isVisible())) await admin.getByText("Cột của tệp").click();
  await column.fill("registry_code");
  await admin.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
  await admin.getByRole("button", { name: "Nhập", exact: true }).click();
  const summary = admin.getByTestId("import-summary");
  await admin.getByRole("heading", { name: "Đã nhập xong" }).waitFor();
  const text = await summary.innerText();
  assert(/Đã tạo mới\s+1/.test(text), `the summary reads ${JSON.stringify(text)}`);
  await admin.goto(`${server.base}/org/5200990018`);
  await admin.getByRole("heading", { level: 1, name: /Mận Hậu/ }).waitFor();
});

test("import wizard: an XLSX file's columns are mapped (one dropped) before the import", async ({ admin, server }) => {
  const file = new URL("../../tests/fixtures/import/organisations_libreoffice.xlsx", import.meta.url).pathname;
  await admin.goto(`${server.base}/import`);
  await admin.getByLabel("Loại dữ liệu").selectOption("organisations");
  await admin.getByLabel("Tệp CSV hoặc XLSX").setInputFiles(file);
  await admin.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
  await admin.getByTestId("import-summary").waitFor();
  await admin.getByText("Cột của tệp").click();
  const capital = admin.getByLabel("Cột 7: Vốn điều lệ");
  await capital.waitFor();
  assert((await capital.inputValue()) === "charter_capital", `the capital column is matched to "${await capital.inputValue()}"`);
  assert((await admin.getByLabel("Cột 1: Mã số HTX").inputValue()) === "registry_code", "the code column is not matched");
  await capital.fill("-");
  await admin.getByRole("button", { name: "Kiểm tra tệp (chạy thử)" }).click();
  await admin.getByRole("button", { name: "Nhập", exact: true }).click();
  await admin.getByRole("heading", { name: "Đã nhập xong" }).waitFor();
  const text = await admin.getByTestId("import-summary").innerText();
  assert(/Đã tạo mới\s+2/.test(text), `the summary reads ${JSON.stringify(text)}`);
  await admin.goto(`${server.base}/org/2001000119`);
  await admin.getByRole("heading", { level: 1, name: /Chè Lũng Phìn/ }).waitFor();
  const facts = await admin.locator("dl.facts").innerText();
  assert(!/Vốn điều lệ/.test(facts), `the ignored capital column was imported: ${facts}`);
});

test("a viewer sees no edit buttons and the API refuses its write", async ({ server, newPage }) => {
  const page = await newPage();
  await login(page, server.base, "viewer", server.accounts.viewer);
  await page.goto(`${server.base}/org/${THON_CHANG}`);
  await page.locator("ol.timeline li").first().waitFor();
  const editButtons = await page.getByRole("button", { name: /Ghi sự kiện|Hủy sự kiện|Cập nhật số liệu/ }).count();
  assert(editButtons === 0, `the viewer sees ${editButtons} edit buttons`);
  await page.getByRole("tab", { name: "Số liệu hằng năm" }).click();
  await page.locator("#panel-figures").waitFor();
  const figureButtons = await page.getByRole("button", { name: "Cập nhật số liệu năm" }).count();
  assert(figureButtons === 0, "the viewer sees the figures button");
  await page.goto(`${server.base}/registry`);
  await page.locator("table.registry tbody tr").first().waitFor();
  assert((await page.getByRole("link", { name: "Thêm hợp tác xã" }).count()) === 0, "the viewer sees “Thêm hợp tác xã”");
  const status = await page.evaluate(async (code) => {
    const s = await (await fetch("/api/session")).json();
    const history = await fetch(`/api/organisations/${code}/history`);
    const r = await fetch(`/api/organisations/${code}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token, "If-Match": history.headers.get("etag") ?? "" },
      body: JSON.stringify({ type: "suspended", effective_date: "2026-01-05" }),
    });
    return r.status;
  }, THON_CHANG);
  assert(status === 403, `the viewer's write got HTTP ${status}`);
});

test("every input on the main screens has a label; focus is visible", async ({ admin, server }) => {
  const unlabelled = [];
  for (const path of ["/", "/registry", "/org/new", `/org/${THON_CHANG}`, "/reports", "/import", "/admin/users", "/admin/audit", "/public"]) {
    await admin.goto(`${server.base}${path}`);
    await admin.locator("h1").first().waitFor();
    const missing = await admin.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
        .map((el) => el.getAttribute("name") || el.outerHTML.slice(0, 60)),
    );
    for (const m of missing) unlabelled.push(`${path}: ${m}`);
  }
  assert(unlabelled.length === 0, `inputs without a label: ${unlabelled.join("; ")}`);
  await admin.goto(`${server.base}/registry`);
  // Tab only once the screen has drawn: a key pressed while the session is still being checked
  // can focus a header link that the signed-in header then replaces, leaving the focus on <body>.
  await admin.locator("table.registry tbody tr").first().waitFor();
  await admin.keyboard.press("Tab");
  await admin.keyboard.press("Tab");
  const focused = await admin.evaluate(() => ({
    tag: document.activeElement.tagName,
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  assert(focused.tag !== "BODY", "two Tab presses focused nothing");
  assert(focused.outline !== "none", `the focused ${focused.tag} has no outline`);
});

test("the English switch turns the interface and the reports into English", async ({ admin, server }) => {
  await admin.goto(`${server.base}/registry`);
  await admin.getByRole("button", { name: "English" }).click();
  await admin.getByRole("heading", { level: 1, name: "Cooperative registry" }).waitFor();
  // reports come from the server in the interface's language
  await admin.goto(`${server.base}/reports?report=conversion-2012&as_of=31/12/2016&by=province&units=as-then`);
  await admin.getByRole("columnheader", { name: "Required to convert" }).waitFor();
  await admin.locator('select[name="report"] option', { hasText: "Conversion of cooperatives under the 2012 Law" }).waitFor({ state: "attached" });
  const converted = (await admin.getByTestId("totals").locator('td[data-column="converted"]').innerText()).trim();
  assert(converted === "183", `the English report reads ${converted} converted`);
  await admin.getByRole("button", { name: "Tiếng Việt" }).click();
  await admin.getByRole("columnheader", { name: "Phải chuyển đổi" }).waitFor();
  await admin.goto(`${server.base}/registry`);
  await admin.getByRole("heading", { level: 1, name: "Danh bạ hợp tác xã" }).waitFor();
});

test("the public lookup works without login", async ({ server, newPage }) => {
  const page = await newPage();
  await page.goto(`${server.base}/public`);
  await page.getByLabel("Tên hoặc mã số").fill("viet lam");
  await page.locator("tr", { hasText: THON_CHANG }).waitFor();
  assert((await page.getByTestId("whoami").count()) === 0, "the public page shows a signed-in user");
});

test("a buyer posts a demand on the public page; an officer approves it and sees ranked offers", async ({ server, newPage }) => {
  const buyer = await newPage();
  await buyer.goto(`${server.base}/catalogue?category=tea`);
  await buyer.getByTestId("catalogue-item").first().waitFor();
  await buyer.goto(`${server.base}/buy`);
  await buyer.getByLabel("Họ tên người mua").fill("Vũ Thị Lan");
  await buyer.locator('select[name="buyer_province"] option[value="01"]').waitFor({ state: "attached" });
  await buyer.getByLabel("Tỉnh của người mua").selectOption("01");
  await buyer.getByLabel("Điện thoại hoặc thư điện tử").fill("0987 654 321");
  await buyer.getByLabel("Sản phẩm cần mua").fill("chè Shan tuyết");
  await buyer.getByLabel("Nhóm sản phẩm").selectOption("tea");
  await buyer.getByLabel("Số lượng").fill("3");
  await buyer.getByLabel("Đơn vị tính").selectOption("tan");
  await buyer.getByLabel("Cần từ ngày").fill("01/04/2027");
  await buyer.getByLabel("Đến ngày").fill("31/07/2027");
  await buyer.getByLabel("Chứng nhận yêu cầu").selectOption("vietgap");
  await buyer.waitForTimeout(3300); // people take more than the form's minimum fill time
  await buyer.getByRole("button", { name: "Gửi nhu cầu" }).click();
  const sent = await buyer.getByTestId("demand-sent").innerText();
  const id = /số (\d+)/.exec(sent)?.[1];
  assert(id, `no demand number in "${sent}"`);
  // Not public before an officer approves it.
  const publicIds = await buyer.evaluate(async () => (await (await fetch("/api/public/demands")).json()).items.map((d) => String(d.id)));
  assert(!publicIds.includes(id), "the demand is public before its approval");

  const officer = await newPage();
  await login(officer, server.base, "officer", server.accounts.officer);
  await officer.goto(`${server.base}/market`);
  const row = officer.getByTestId(`demand-${id}`);
  await row.waitFor();
  assert((await row.innerText()).includes("0987 654 321"), "the officer does not see the buyer's contact");
  await row.getByRole("button", { name: "Duyệt" }).click();
  await officer.getByText(`Đã duyệt nhu cầu số ${id}.`).waitFor();
  await row.getByRole("link", { name: "Nguồn hàng phù hợp" }).click();
  await officer.getByTestId("ranked-offer").first().waitFor();
  const offers = await officer.getByTestId("ranked-offer").count();
  assert(offers >= 2, `only ${offers} ranked offers`);
  const first = await officer.getByTestId("ranked-offer").first().innerText();
  assert(/\/100/.test(first) && /Thời vụ/.test(first) && /Chứng nhận/.test(first), `the first offer is not explained: ${first}`);
  const nowPublic = await buyer.evaluate(async () => (await (await fetch("/api/public/demands")).json()).items.map((d) => String(d.id)));
  assert(nowPublic.includes(id), "the approved demand is not public");
});

test("record an inspection with a finding, mark its follow-up done, open the yearly review", async ({ admin, server }) => {
  const subject = "Kiểm tra e2e mô hình HTX kiểu mới";
  await admin.goto(`${server.base}/inspections`);
  await admin.getByLabel("Ngày dự kiến").fill("05/01/2025");
  await admin.getByLabel("Ngày kiểm tra").fill("10/01/2025");
  await admin.getByLabel("Nội dung kiểm tra").fill(subject);
  await admin.getByLabel("Đơn vị được kiểm tra (mã số HTX)").fill(THON_CHANG);
  await admin.getByLabel("Phát hiện 1", { exact: true }).fill("Chưa mở sổ sách kế toán");
  await admin.getByLabel("Kiến nghị 1", { exact: true }).fill("Mở sổ sách kế toán theo quy định");
  await admin.getByLabel("Thời hạn 1", { exact: true }).fill("31/03/2025");
  await admin.getByRole("button", { name: "Lưu cuộc kiểm tra" }).click();
  const card = admin.locator("article.inspection", { hasText: subject });
  await card.locator('tr[data-state="overdue"]').waitFor();
  await admin.goto(`${server.base}/follow-ups`);
  await admin.locator("tr", { hasText: "Mở sổ sách kế toán theo quy định" }).waitFor();
  await admin.goto(`${server.base}/inspections`);
  await card.getByRole("button", { name: "Đánh dấu đã thực hiện" }).click();
  await card.locator('tr[data-state="done"]').waitFor();
  assert((await card.locator('tr[data-state="overdue"]').count()) === 0, "the recommendation is still overdue");
  await admin.goto(`${server.base}/org/${THON_CHANG}`);
  await admin.locator("article.inspection", { hasText: subject }).waitFor();
  await admin.goto(`${server.base}/review?year=2016`);
  const summary = await admin.getByTestId("review-summary").innerText();
  assert(/183/.test(summary) && /460/.test(summary) && /90/.test(summary), `the review says "${summary}"`);
  await admin.frameLocator("iframe.review-frame").getByText("III. Nhiệm vụ trọng tâm năm 2017").waitFor();
});

test("write the plan of a year and read its progress", async ({ admin, server }) => {
  await admin.goto(`${server.base}/plans`);
  await admin.getByLabel("Năm của kế hoạch (để trống: năm đang xem)").fill("2018");
  await admin.getByRole("button", { name: "Lập, sửa kế hoạch" }).click();
  await admin.getByLabel("Nhiệm vụ 1", { exact: true }).fill("Thành lập mới HTX năm 2018");
  await admin.getByLabel("Chỉ tiêu 1", { exact: true }).selectOption("founded_cooperatives");
  await admin.getByLabel("Kế hoạch 1", { exact: true }).fill("40");
  await admin.getByRole("button", { name: "Lưu kế hoạch" }).click();
  const row = admin.locator("tr", { hasText: "Thành lập mới HTX năm 2018" });
  await row.waitFor();
  const cells = await row.locator("td").allInnerTexts();
  assert(/^40/.test(cells[3]), `the target reads "${cells[3]}"`);
});

// ---- the runner ----

const server = await startServer();
const browser = await launch();
const pages = [];
const newPage = async () => {
  // another user: a separate browser profile, so cookies are not shared
  const b = await launch();
  pages.push(b);
  return b.context.newPage();
};
const admin = await browser.context.newPage();
let passed = 0;
let failed = 0;
try {
  for (const c of cases) {
    if (only && !c.name.includes(only) && !c.name.startsWith("log in")) continue;
    const t0 = Date.now();
    try {
      await c.fn({ admin, server, newPage });
      passed++;
      console.log(`ok    ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${c.name}: ${process.env.HOPTAC_E2E_VERBOSE ? e.message : String(e.message).split("\n")[0]}`);
      const shot = join(server.dir, `fail-${failed}.png`);
      await admin.screenshot({ path: shot }).catch(() => {});
    }
  }
} finally {
  for (const p of pages) await p.close();
  await browser.close();
  if (failed && process.env.HOPTAC_E2E_LOG) console.log(server.log());
  await server.stop();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
