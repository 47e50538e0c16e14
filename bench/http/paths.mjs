// Writes the request paths of the server benchmark, drawn from the database (seeded, so every run
// on the same file asks the same things in the same order):
//
//   node bench/http/paths.mjs DB OUTDIR [COUNT]
//
//   OUTDIR/list.txt    the organisation list with filters: a unit (province, district or commune;
//                      of today or before 2025) on 3 requests in 4, a kind on 1 in 2, a status on
//                      3 in 5; limit=50 (the web UI's page)
//   OUTDIR/search.txt  search: q = 1 to 3 consecutive words, without diacritics, of a real name
//                      (the "Hợp tác xã" / "Tổ hợp tác" prefix left out), a status or a kind on
//                      some; limit=50
//   OUTDIR/detail.txt  the detail of organisations drawn uniformly from the registry
//
// It reads the file with the peer's better-sqlite3 (bench/peers/node: `npm ci` there first).

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../peers/node/package.json'));
const Database = require('better-sqlite3');

const [dbPath, outDir, countArg] = process.argv.slice(2);
if (!dbPath || !outDir) {
  console.error('usage: node paths.mjs DB OUTDIR [COUNT]');
  process.exit(2);
}
const count = Number(countArg ?? 5000);
const db = new Database(dbPath, { readonly: true, fileMustExist: true });

// mulberry32: small, seeded, good enough to draw requests.
let seed = 20261129;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(random() * a.length)];
function weighted(pairs) {
  let r = random() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) {
    if ((r -= w) < 0) return v;
  }
  return pairs[pairs.length - 1][0];
}

function fold(s) {
  return s
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const codes = (sql) => db.prepare(sql).pluck().all();
const units = {
  provinceNow: codes("SELECT DISTINCT code FROM units WHERE level = 'province' AND valid_to = '9999-12-31'"),
  provinceOld: codes("SELECT DISTINCT code FROM units WHERE level = 'province' AND valid_to < '9999-12-31'"),
  district: codes("SELECT DISTINCT code FROM units WHERE level = 'district'"),
  // communes that hold organisations, as an officer would ask
  commune: codes('SELECT DISTINCT unit_code FROM org_latest'),
};

function query(params) {
  const s = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%20/g, '+')}`)
    .join('&');
  return `/api/organisations?${s}`;
}

const kind = () => weighted([['HTX', 5], ['THT', 4], ['QTDND', 1], ['LHHTX', 0.5]]);
const status = () => weighted([['operating', 7], ['suspended', 1.5], ['dissolved', 1.5]]);

const list = [];
for (let i = 0; i < count; i++) {
  const p = {};
  if (random() < 0.75) {
    const level = weighted([['provinceNow', 3], ['provinceOld', 1.5], ['district', 2.5], ['commune', 3]]);
    p.unit = pick(units[level]);
  }
  if (random() < 0.5) p.kind = kind();
  if (random() < 0.6) p.status = status();
  p.limit = 50;
  list.push(query(p));
}

const names = codes('SELECT name FROM org_latest');
const prefix = /^(lien hiep hop tac xa|hop tac xa|to hop tac|quy tin dung nhan dan|htx|tht)\s+/;
const search = [];
while (search.length < count) {
  const words = fold(pick(names)).replace(prefix, '').split(' ');
  const n = Math.min(words.length, weighted([[1, 3], [2, 5.5], [3, 1.5]]));
  const start = Math.floor(random() * (words.length - n + 1));
  const q = words.slice(start, start + n);
  if (q.join('').length < 3) continue;
  const p = { q: q.join(' ') };
  if (random() < 0.25) p.status = 'operating';
  if (random() < 0.15) p.kind = kind();
  p.limit = 50;
  search.push(query(p));
}

const registry = codes('SELECT registry_code FROM organisations');
const detail = Array.from({ length: count }, () => `/api/organisations/${pick(registry)}`);

mkdirSync(outDir, { recursive: true });
for (const [name, paths] of Object.entries({ list, search, detail })) {
  writeFileSync(path.join(outDir, `${name}.txt`), paths.join('\n') + '\n');
}
console.error(`paths: ${count} each of list, search, detail in ${outDir}`);
