// Checks that every API call of the UI names a path and method of docs/api/openapi.yaml.
// The UI calls the server only through api("METHOD", "/path/{param}", …) and
// apiUrl("GET", "/path/{param}", …) in src/api/client.ts; this script finds every such call in
// src/ and looks it up in the API document (JSON syntax, so JSON.parse reads it).
// Prints "N passed, N failed"; exits 1 when a call is not in the document.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const specPath = join(root, "..", "docs", "api", "openapi.yaml");
const spec = JSON.parse(readFileSync(specPath, "utf8"));

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

const call = /\bapi(?:Url)?(?:<[^>]*>)?\(\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"/g;
const seen = new Map();
for (const f of files(join(root, "src"))) {
  const text = readFileSync(f, "utf8");
  for (const m of text.matchAll(call)) {
    const key = `${m[1]} ${m[2]}`;
    if (!seen.has(key)) seen.set(key, relative(root, f));
  }
}
// Calls written any other way would escape the check: there must be none.
let failed = 0;
for (const f of files(join(root, "src"))) {
  if (f.endsWith(join("api", "client.ts"))) continue;
  const text = readFileSync(f, "utf8");
  if (/\bfetch\(|XMLHttpRequest/.test(text)) {
    console.log(`FAIL ${relative(root, f)} calls fetch directly; use api() from src/api/client.ts`);
    failed++;
  }
}
let passed = 0;
for (const [key, where] of [...seen].sort()) {
  const [method, path] = key.split(" ");
  const ops = spec.paths?.[path];
  if (ops && ops[method.toLowerCase()]) {
    passed++;
  } else {
    console.log(`FAIL ${key} (${where}) is not in docs/api/openapi.yaml`);
    failed++;
  }
}
if (seen.size === 0) {
  console.log("FAIL no API calls found in src/");
  failed++;
}
console.log(`checked ${seen.size} API calls of the UI against docs/api/openapi.yaml`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
