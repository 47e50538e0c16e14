// Prints the size of every built JavaScript and CSS file, raw and gzip (level 9), and the totals;
// fails when the JavaScript exceeds the budget of product.md §8 (300 KB gzip).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_JS_GZIP = 300 * 1024;
const dir = new URL("../dist/assets/", import.meta.url).pathname;
let js = 0;
let jsGzip = 0;
const rows = [];
for (const name of readdirSync(dir).sort()) {
  if (!/\.(js|css)$/.test(name)) continue;
  const body = readFileSync(join(dir, name));
  const gz = gzipSync(body, { level: 9 }).length;
  rows.push([name, statSync(join(dir, name)).size, gz]);
  if (name.endsWith(".js")) {
    js += body.length;
    jsGzip += gz;
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, raw, gz] of rows) console.log(`${name.padEnd(32)} ${kb(raw).padStart(10)} ${kb(gz).padStart(10)} gzip`);
console.log(`${"JavaScript total".padEnd(32)} ${kb(js).padStart(10)} ${kb(jsGzip).padStart(10)} gzip (budget ${kb(BUDGET_JS_GZIP)})`);
if (jsGzip > BUDGET_JS_GZIP) {
  console.error(`size: JavaScript is ${kb(jsGzip)} gzip, over the budget of ${kb(BUDGET_JS_GZIP)}`);
  process.exit(1);
}
