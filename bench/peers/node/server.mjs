// The peer of the server benchmark (issue 5): the organisation list/search and the organisation
// detail of `hoptac serve`, written the plain way — Fastify, better-sqlite3, SQL over the same
// database file, opened read-only. It answers only what bench/http/*.lua asks.
//
//   node server.mjs --db nat.db [--listen 127.0.0.1:8081]
//
// Differences from hoptac, on purpose (docs/benchmarks.md, "Server"):
// - no authentication, no sessions, no access scopes, no audit, no request log, no metrics;
// - list and search read org_latest (the projection hoptac keeps), for today only (no as_of); the
//   WHERE clause names only the filters asked (hoptac runs one statement with every filter
//   switched off by a NULL; PEER_SQL=static does the same here);
// - search: the query is folded here (NFD, marks removed, đ → d, lower case, punctuation → space)
//   and every word must occur in one folded name of org_names, as hoptac's contains_all() does;
//   here with one `folded LIKE '%word%'` per word (SQLite's own LIKE, no JS call per row);
//   PEER_SEARCH=function switches to a JS contains_all() registered with db.function();
// - unit: the unit's commune codes are the communes below it in the units table (any period),
//   plus one step of unit_successions (to the old communes for a unit of
//   today, to the communes of today for an old unit); hoptac follows the unit history exactly
//   (domain::CodesWithin); the lists are close, not identical, for units changed in 2025;
// - detail: the org_latest row, its unit's name and the organisation's event rows as stored;
//   hoptac folds the events (domain::Fold) as of today and resolves the unit path, the units of
//   today, successors and predecessors — it does more work per request.

import Fastify from 'fastify';
import Database from 'better-sqlite3';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const dbPath = arg('db', process.env.HOPTAC_BENCH_DB);
if (!dbPath) {
  console.error('usage: node server.mjs --db FILE [--listen HOST:PORT]');
  process.exit(2);
}
const [host, port] = arg('listen', '127.0.0.1:8081').split(':');
const searchMode = process.env.PEER_SEARCH === 'function' ? 'function' : 'like';

const db = new Database(dbPath, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -65536'); // as hoptac's connections
db.pragma('temp_store = MEMORY');

// Search key, as hoptac's text::Fold.
function fold(s) {
  return s
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

db.function('contains_all', { deterministic: true }, (text, words) => {
  if (text === null || words === null) return 0;
  for (const w of words.split(' ')) {
    if (w !== '' && !text.includes(w)) return 0;
  }
  return 1;
});

// --- the unit catalogue, in memory (hoptac keeps its own in memory too) ---

const unitVersions = new Map(); // code -> [{from, to, name}] in time order
const children = new Map(); // parent code -> child codes (any period)
const communes = new Set();
for (const u of db
  .prepare('SELECT code, valid_from, valid_to, name, level, parent_code FROM units ORDER BY code, valid_from')
  .iterate()) {
  if (!unitVersions.has(u.code)) unitVersions.set(u.code, []);
  unitVersions.get(u.code).push({ from: u.valid_from, to: u.valid_to, name: u.name });
  if (u.level === 'commune') communes.add(u.code);
  if (u.parent_code) {
    if (!children.has(u.parent_code)) children.set(u.parent_code, new Set());
    children.get(u.parent_code).add(u.code);
  }
}
// The unit's name on a date (ISO text), else its latest name, as hoptac's list shows it.
function unitName(code, on) {
  const versions = unitVersions.get(code);
  if (!versions) return code;
  for (const v of versions) if (v.from <= on && on <= v.to) return v.name;
  return versions[versions.length - 1].name;
}
// unit_successions both ways: a unit of today takes in the old communes that became (part of)
// its communes; an old unit, the communes of today its communes became.
const successors = new Map();
const predecessors = new Map();
for (const s of db.prepare('SELECT from_code, to_code FROM unit_successions').iterate()) {
  if (!successors.has(s.from_code)) successors.set(s.from_code, new Set());
  successors.get(s.from_code).add(s.to_code);
  if (!predecessors.has(s.to_code)) predecessors.set(s.to_code, new Set());
  predecessors.get(s.to_code).add(s.from_code);
}
const isCurrent = (code) => (unitVersions.get(code) ?? []).some((v) => v.to === '9999-12-31');
const withinCache = new Map();
function communesWithin(code) {
  let out = withinCache.get(code);
  if (out) return out;
  const found = new Set();
  const stack = [code];
  while (stack.length > 0) {
    const c = stack.pop();
    if (communes.has(c)) found.add(c);
    for (const k of children.get(c) ?? []) stack.push(k);
  }
  const step = isCurrent(code) ? predecessors : successors;
  for (const c of [...found]) {
    for (const s of step.get(c) ?? []) found.add(s);
  }
  out = JSON.stringify([...found].sort());
  withinCache.set(code, out);
  return out;
}

// --- the list: the WHERE clause holds only the filters asked (prepared once per combination) ---
//
// PEER_SQL=static runs hoptac's own statement instead (store/sqlite kQueryLatest: every filter in
// one statement, `@x IS NULL OR …`), to tell the SQL from the language in the comparison.

const staticSql = process.env.PEER_SQL === 'static';
const listColumns =
  'l.org_id, l.sort_key, l.kind, l.registry_code, l.status, l.name, l.field, l.unit_code, ' +
  'l.unit_since, l.founded_on, l.ended_on, l.models';
const listStatements = new Map();
function listStatement(has, words) {
  const key = `${has.kind}${has.status}${has.units}${has.after}:${words}`;
  let s = listStatements.get(key);
  if (s) return s;
  const where = [];
  const search =
    searchMode === 'function'
      ? 'contains_all(n.folded, @q)'
      : Array.from({ length: words }, (_, i) => `n.folded LIKE @w${i}`).join(' AND ');
  const inNames = `l.org_id IN (SELECT n.org_id FROM org_names n WHERE ${search})`;
  const inUnits = 'l.unit_code IN (SELECT value FROM json_each(@units))';
  if (staticSql) {
    where.push('(@kind IS NULL OR l.kind = @kind)', '(@status IS NULL OR l.status = @status)');
    if (words > 0) where.push(inNames);
    where.push(`(@units IS NULL OR ${inUnits})`, '(@after IS NULL OR l.sort_key > @after)');
  } else {
    if (has.kind) where.push('l.kind = @kind');
    if (has.status) where.push('l.status = @status');
    if (words > 0) where.push(inNames);
    if (has.units) where.push(inUnits);
    if (has.after) where.push('l.sort_key > @after');
  }
  s = db.prepare(
    `SELECT ${listColumns} FROM org_latest l ` +
      (where.length > 0 ? `WHERE ${where.join(' AND ')} ` : '') +
      'ORDER BY l.sort_key LIMIT @limit',
  );
  listStatements.set(key, s);
  return s;
}

const statusLabel = {
  operating: 'Đang hoạt động',
  suspended: 'Tạm ngừng kinh doanh',
  not_at_address: 'Không hoạt động tại địa chỉ đã đăng ký',
  dissolving: 'Đang làm thủ tục giải thể',
  dissolved: 'Đã giải thể',
  bankrupt: 'Phá sản',
  ended_by_reorganisation: 'Chấm dứt do tổ chức lại',
  converted_to_enterprise: 'Chuyển thành doanh nghiệp',
};

// The keys of hoptac's list items (app::StateJson): the projection has no short name, sectors,
// representative…, so hoptac sends them empty, and so does the peer.
function rowJson(r) {
  return {
    address_detail: '',
    certificate_no: '',
    charter_amended_2023_on: null,
    charter_capital: null,
    dissolution_started_on: null,
    ended_by: null,
    ended_on: r.ended_on,
    exists: true,
    field: r.field,
    foreign_name: '',
    founded_on: r.founded_on,
    ground: null,
    id: r.org_id,
    kind: r.kind,
    legacy_code: false,
    models: r.models === '' ? [] : r.models.split('\n'),
    name: r.name,
    registry_code: r.registry_code,
    representative: '',
    reregistered_2012_on: null,
    sectors: [],
    short_name: '',
    status: r.status,
    status_label: statusLabel[r.status] ?? r.status,
    suspended_since: null,
    unit_code: r.unit_code,
    unit_name: unitName(r.unit_code, r.unit_since),
  };
}

function bad(reply, field, value, message) {
  return reply
    .code(400)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: 'Bad request', status: 400, errors: [{ field, value, message }] });
}

const app = Fastify({ logger: false });

app.get('/api/organisations', (req, reply) => {
  const q = req.query;
  const limit = q.limit === undefined || q.limit === '' ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return bad(reply, 'limit', q.limit, 'expected a whole number from 1 to 500');
  }
  const params = {
    kind: q.kind || null,
    status: q.status || null,
    units: null,
    after: q.after ? Buffer.from(q.after, 'hex') : null,
    limit: limit + 1,
  };
  if (q.unit) {
    params.units = communesWithin(q.unit);
    if (!unitVersions.has(q.unit)) return bad(reply, 'unit', q.unit, 'no administrative unit has this code');
  }
  const words = q.q ? fold(q.q).split(' ').filter((w) => w !== '') : [];
  if (searchMode === 'function') {
    if (words.length > 0) params.q = words.join(' ');
  } else {
    words.forEach((w, i) => {
      params[`w${i}`] = `%${w}%`;
    });
  }
  const has = {
    kind: params.kind !== null,
    status: params.status !== null,
    units: params.units !== null,
    after: params.after !== null,
  };
  // better-sqlite3 refuses named parameters that the statement does not use
  if (!staticSql) for (const k of ['kind', 'status', 'units', 'after']) if (!has[k]) delete params[k];
  const stmt = listStatement(has, words.length);
  const rows = stmt.all(params);
  let next = null;
  if (rows.length > limit) {
    rows.length = limit;
    next = rows[limit - 1].sort_key.toString('hex');
  }
  return { items: rows.map(rowJson), next };
});

const detailOrg = db.prepare(
  `SELECT ${listColumns}, o.legacy_code FROM organisations o ` +
    'JOIN org_latest l ON l.org_id = o.id WHERE o.registry_code = ?',
);
const detailEvents = db.prepare(
  'SELECT e.id, e.type, e.effective_date, e.recorded_at, e.recorded_by, e.decision_no, ' +
    'e.decision_date, e.decided_by, e.ground, e.name, e.short_name, e.foreign_name, e.field, ' +
    'e.sectors, e.unit_code, e.address_detail, e.representative, e.charter_capital, e.models, ' +
    'e.certificate_no, e.note, v.voided_at ' +
    'FROM events e LEFT JOIN event_voids v ON v.event_id = e.id WHERE e.org_id = ? ' +
    'ORDER BY e.effective_date, e.recorded_at, e.id',
);

app.get('/api/organisations/:code', (req, reply) => {
  const org = detailOrg.get(req.params.code);
  if (!org) {
    return reply
      .code(404)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: 'Not found', status: 404 });
  }
  const out = rowJson(org);
  out.legacy_code = org.legacy_code !== 0;
  out.unit_since = org.unit_since;
  out.events = detailEvents.all(org.org_id).map((e) => {
    const ev = {};
    for (const [k, v] of Object.entries(e)) if (v !== null) ev[k] = v;
    return ev;
  });
  return out;
});

app.get('/healthz', () => ({ status: 'ok' }));

await app.listen({ host, port: Number(port) });
console.error(`peer: listening on http://${host}:${port} (search: ${searchMode}, list SQL: ${staticSql ? 'static' : 'per filter'}, SQLite ${db.prepare('SELECT sqlite_version() v').get().v})`);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await app.close();
    db.close();
    process.exit(0);
  });
}
