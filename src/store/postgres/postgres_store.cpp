#include "store/postgres/postgres_store.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/text.hpp"
#include "store/list_order.hpp"
#include "store/migrations/migrations.hpp"
#include "store/postgres/connection.hpp"

namespace hoptac::store::postgres {

using domain::Event;
using domain::EventId;
using domain::Organisation;
using domain::OrgId;
using domain::YearlyFigures;

namespace {

// --- SQL, beside the code that runs it; every value is a parameter. ---

#define HOPTAC_ORG_COLUMNS "id, kind, registry_code, legacy_code, created_at, created_by "
constexpr std::string_view kSelectOrganisationById =
    "SELECT " HOPTAC_ORG_COLUMNS "FROM organisations WHERE id = $1";
constexpr std::string_view kSelectOrganisationByCode =
    "SELECT " HOPTAC_ORG_COLUMNS "FROM organisations WHERE registry_code = $1";
// In a write transaction: the same rows, locked until the transaction ends.
constexpr std::string_view kLockOrganisationById =
    "SELECT " HOPTAC_ORG_COLUMNS "FROM organisations WHERE id = $1 FOR UPDATE";
constexpr std::string_view kLockOrganisationByCode =
    "SELECT " HOPTAC_ORG_COLUMNS "FROM organisations WHERE registry_code = $1 FOR UPDATE";
constexpr std::string_view kLockOrganisationOfEvent =
    "SELECT o.id FROM organisations o JOIN events e ON e.org_id = o.id WHERE e.id = $1 "
    "FOR UPDATE OF o";
constexpr std::string_view kSelectOrganisationsAfter =
    "SELECT " HOPTAC_ORG_COLUMNS "FROM organisations WHERE id > $1 ORDER BY id LIMIT $2";
#undef HOPTAC_ORG_COLUMNS
constexpr std::string_view kInsertOrganisation =
    "INSERT INTO organisations (kind, registry_code, legacy_code, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (registry_code) DO NOTHING RETURNING id";

// The event's links come as one column, "id,id,…" in their order.
#define HOPTAC_EVENT_COLUMNS                                                                  \
  "e.id, e.org_id, e.type, e.effective_date, e.recorded_at, e.recorded_by, e.decision_no, "   \
  "e.decision_date, e.decided_by, e.ground, e.name, e.short_name, e.foreign_name, e.field, "  \
  "e.sectors, e.unit_code, e.address_detail, e.representative, e.charter_capital, e.models, " \
  "e.certificate_no, e.note, v.voided_at, v.voided_by, v.reason, "                            \
  "(SELECT string_agg(l.org_id::text, ',' ORDER BY l.position) FROM event_links l "           \
  " WHERE l.event_id = e.id) "

constexpr std::string_view kSelectEventsOfOrg =
    "SELECT " HOPTAC_EVENT_COLUMNS
    "FROM events e LEFT JOIN event_voids v ON v.event_id = e.id WHERE e.org_id = $1 "
    "ORDER BY e.effective_date, e.recorded_at, e.id";
constexpr std::string_view kSelectEvent =
    "SELECT " HOPTAC_EVENT_COLUMNS
    "FROM events e LEFT JOIN event_voids v ON v.event_id = e.id WHERE e.id = $1";
constexpr std::string_view kSelectEventsOfOrgRange =
    "SELECT " HOPTAC_EVENT_COLUMNS
    "FROM events e LEFT JOIN event_voids v ON v.event_id = e.id "
    "WHERE e.org_id BETWEEN $1 AND $2 "
    "ORDER BY e.org_id, e.effective_date, e.recorded_at, e.id";
#undef HOPTAC_EVENT_COLUMNS

constexpr std::string_view kSelectFoundedOn =
    "SELECT MIN(e.effective_date) FROM events e WHERE e.org_id = $1 AND e.type = $2 "
    "AND NOT EXISTS (SELECT 1 FROM event_voids v WHERE v.event_id = e.id)";
constexpr std::string_view kSelectLinkedTo =
    "SELECT DISTINCT e.org_id FROM event_links l JOIN events e ON e.id = l.event_id "
    "WHERE l.org_id = $1 ORDER BY e.org_id";

constexpr std::string_view kInsertEvent =
    "INSERT INTO events (org_id, type, effective_date, recorded_at, recorded_by, decision_no, "
    "decision_date, decided_by, ground, name, short_name, foreign_name, field, sectors, "
    "unit_code, address_detail, representative, charter_capital, models, certificate_no, note) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21) RETURNING id";
// The same insert keeping the event's id ($22), for restoring a backup.
constexpr std::string_view kRestoreEvent =
    "INSERT INTO events (id, org_id, type, effective_date, recorded_at, recorded_by, decision_no, "
    "decision_date, decided_by, ground, name, short_name, foreign_name, field, sectors, "
    "unit_code, address_detail, representative, charter_capital, models, certificate_no, note) "
    "VALUES ($22, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
    "$18, $19, $20, $21) ON CONFLICT (id) DO NOTHING RETURNING id";
constexpr std::string_view kRestoreOrganisation =
    "INSERT INTO organisations (id, kind, registry_code, legacy_code, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id";
// After rows with explicit ids, the identity continues after the largest.
constexpr std::string_view kResyncOrganisationIds =
    "SELECT setval(pg_get_serial_sequence('organisations', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM organisations), false)";
constexpr std::string_view kResyncEventIds =
    "SELECT setval(pg_get_serial_sequence('events', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM events), false)";

#define HOPTAC_MEMBER_COLUMNS                                                                    \
  "org_id, member_no, recorded_at, recorded_by, member_type, membership, name, representative, " \
  "id_number, nationality, address, joined_on, left_on, left_reason, capital, capital_date, "    \
  "capital_certificate_no, capital_certificate_date, note "
constexpr std::string_view kSelectMembers = "SELECT " HOPTAC_MEMBER_COLUMNS
                                            "FROM members WHERE org_id = $1 "
                                            "ORDER BY member_no, recorded_at, id";
constexpr std::string_view kSelectMembersOfOrgRange =
    "SELECT " HOPTAC_MEMBER_COLUMNS
    "FROM members WHERE org_id BETWEEN $1 AND $2 ORDER BY org_id, member_no, recorded_at, id";
constexpr std::string_view kMemberColumns = HOPTAC_MEMBER_COLUMNS;
constexpr std::string_view kInsertMember =
    "INSERT INTO members (" HOPTAC_MEMBER_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19)";
#undef HOPTAC_MEMBER_COLUMNS

constexpr std::string_view kInsertLinks =
    "INSERT INTO event_links (event_id, position, org_id) "
    "SELECT $1, p.ord - 1, p.org_id FROM unnest($2::bigint[]) WITH ORDINALITY AS p (org_id, ord)";
constexpr std::string_view kInsertVoid =
    "INSERT INTO event_voids (event_id, voided_at, voided_by, reason) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (event_id) DO NOTHING";
constexpr std::string_view kInsertName =
    "INSERT INTO org_names (org_id, name, folded) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

#define HOPTAC_FIGURES_COLUMNS                                                           \
  "org_id, year, recorded_at, recorded_by, source, members, members_individual, "        \
  "members_household, members_legal_entity, workers, workers_members, charter_capital, " \
  "total_assets, revenue, revenue_from_members, profit_before_tax, avg_income, rating, " \
  "rating_scheme, rating_score, rating_points "
constexpr std::string_view kSelectFigures = "SELECT " HOPTAC_FIGURES_COLUMNS
                                            "FROM yearly_figures WHERE org_id = $1 "
                                            "ORDER BY year, recorded_at, id";
constexpr std::string_view kSelectFiguresOfOrgRange =
    "SELECT " HOPTAC_FIGURES_COLUMNS
    "FROM yearly_figures WHERE org_id BETWEEN $1 AND $2 ORDER BY org_id, year, recorded_at, id";
constexpr std::string_view kFiguresColumns = HOPTAC_FIGURES_COLUMNS;
constexpr std::string_view kInsertFigures =
    "INSERT INTO yearly_figures (" HOPTAC_FIGURES_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21)";
#undef HOPTAC_FIGURES_COLUMNS
constexpr std::string_view kSelectOrganisationIdsAfter =
    "SELECT id FROM organisations WHERE id > $1 ORDER BY id LIMIT $2";

constexpr std::string_view kPutLatest =
    "INSERT INTO org_latest (org_id, sort_key, kind, registry_code, status, name, field, "
    "unit_code, unit_since, founded_on, ended_on, models) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT (org_id) DO UPDATE SET sort_key = excluded.sort_key, kind = excluded.kind, "
    "registry_code = excluded.registry_code, status = excluded.status, name = excluded.name, "
    "field = excluded.field, unit_code = excluded.unit_code, unit_since = excluded.unit_since, "
    "founded_on = excluded.founded_on, ended_on = excluded.ended_on, models = excluded.models";

// One statement for every list and search and order (the order and the cursor's condition are
// appended per sort: store/list_order.hpp): a NULL parameter switches its filter off. $6 holds
// one LIKE pattern per folded search word ('%word%', escaped); one name must match them all.
constexpr std::string_view kQueryLatest =
    "SELECT l.org_id, l.sort_key, l.kind, l.registry_code, l.status, l.name, l.field, "
    "l.unit_code, l.unit_since, l.founded_on, l.ended_on, l.models FROM org_latest l "
    "WHERE ($1::text IS NULL OR l.kind = $1) "
    "AND ($2::text IS NULL OR l.status = $2) "
    "AND ($3::text IS NULL OR l.field = $3) "
    "AND ($4::text IS NULL OR strpos(E'\\n' || l.models || E'\\n', E'\\n' || $4 || E'\\n') > 0) "
    "AND ($5::text IS NULL OR starts_with(l.registry_code, $5)) "
    "AND ($6::text[] IS NULL OR l.org_id IN (SELECT n.org_id FROM org_names n "
    "     WHERE n.folded LIKE ALL ($6::text[]))) "
    "AND ($7::text[] IS NULL OR l.unit_code = ANY ($7::text[]))";

// Latest-state rows with each organisation's folded names, followed by which rows: a chunk after
// the organisation $1 (ForEachLatest), or at most $2 written since the version $1
// (ForEachLatestChangedSince).
constexpr std::string_view kSelectLatestWithNames =
    "SELECT l.org_id, l.sort_key, l.kind, l.registry_code, l.status, l.name, l.field, "
    "l.unit_code, l.unit_since, l.founded_on, l.ended_on, l.models, "
    "(SELECT string_agg(n.folded, E'\\n') FROM org_names n WHERE n.org_id = l.org_id) "
    "FROM org_latest l ";
constexpr std::string_view kLatestChunk = "WHERE l.org_id > $1 ORDER BY l.org_id LIMIT $2";
constexpr std::string_view kLatestChangedSince = "WHERE l.changed_in > $1 LIMIT $2";
// At commit, after kBumpVersions (whose row lock orders the commits by version): the rows this
// transaction wrote take its version ($1: the ids, as an array's text).
constexpr std::string_view kMarkLatestChanged =
    "UPDATE org_latest SET changed_in = (SELECT registry FROM data_versions WHERE id = 1) "
    "WHERE org_id = ANY($1::bigint[])";

constexpr std::string_view kSelectUnits =
    "SELECT code, valid_from, valid_to, name, level, parent_code, legacy FROM units";
constexpr std::string_view kSelectSuccessions =
    "SELECT from_code, to_code, effective, partial FROM unit_successions";
constexpr std::string_view kSelectAliases = "SELECT code, name, source FROM unit_aliases";
constexpr std::string_view kReplaceUnitsBegin =
    "LOCK TABLE units, unit_successions, unit_aliases IN EXCLUSIVE MODE; "
    "DELETE FROM units; DELETE FROM unit_successions; DELETE FROM unit_aliases;";
constexpr std::string_view kInsertUnits =
    "INSERT INTO units (code, valid_from, valid_to, name, level, parent_code, legacy) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
    "$6::text[], $7::boolean[])";
constexpr std::string_view kInsertSuccessions =
    "INSERT INTO unit_successions (from_code, to_code, effective, partial) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])";
constexpr std::string_view kInsertAliases =
    "INSERT INTO unit_aliases (code, name, source) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING";

constexpr std::string_view kCounts =
    "SELECT (SELECT count(*) FROM organisations), (SELECT count(*) FROM events), "
    "(SELECT count(*) FROM event_voids), (SELECT count(*) FROM yearly_figures), "
    "(SELECT count(*) FROM units), (SELECT count(*) FROM members), "
    "(SELECT count(*) FROM audit_log)";

constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, actor, address, request_id, action, entity, before, after) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
// One statement for every audit query: a NULL parameter switches its filter off. An entity
// filter ending in '/' is a prefix (every organisation), otherwise exact.
constexpr std::string_view kQueryAudit =
    "SELECT id, at, actor, address, request_id, action, entity, before, after FROM audit_log "
    "WHERE ($1::text IS NULL OR actor = $1) "
    "AND ($2::text IS NULL OR (right($2, 1) = '/' AND starts_with(entity, $2)) OR entity = $2) "
    "AND ($3::text IS NULL OR action = $3) "
    "AND ($4::text IS NULL OR at >= $4) AND ($5::text IS NULL OR at < $5) "
    "AND ($6::bigint IS NULL OR id < $6) "
    "ORDER BY id DESC LIMIT $7";

// The versions of decision 0031 (migration 0009).
constexpr std::string_view kSelectVersions =
    "SELECT registry, units FROM data_versions WHERE id = 1";
constexpr std::string_view kBumpVersions =
    "UPDATE data_versions SET registry = registry + $1::bigint, units = units + $2::bigint "
    "WHERE id = 1";

// Migrations: one process at a time (the advisory lock is held to the end of each transaction).
constexpr std::string_view kMigrationLock = "SELECT pg_advisory_xact_lock(7243620001)";
constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
    "name text NOT NULL, applied_at text NOT NULL)";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr std::string_view kSelectMigrationApplied =
    "SELECT count(*) FROM schema_migrations WHERE version = $1";
constexpr std::string_view kInsertMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, "
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))";

constexpr int64_t kChunk = 2000;  // organisations per query when walking the whole registry

// --- value conversions ---

std::string JoinLines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out.push_back('\n');
    out += s;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find('\n', i);
    if (j == std::string::npos) j = s.size();
    out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::vector<OrgId> SplitIds(std::string_view s) {
  std::vector<OrgId> out;
  OrgId v = 0;
  bool any = false;
  for (char c : s) {
    if (c == ',') {
      if (any) out.push_back(v);
      v = 0;
      any = false;
    } else if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      any = true;
    }
  }
  if (any) out.push_back(v);
  return out;
}

// '%word%' with LIKE's own characters escaped: the word matches as plain text.
std::string ContainsPattern(std::string_view word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

// Stored values were validated on the way in; a value that no longer parses means the database
// was changed behind hoptac's back.
Date StoredDate(std::string_view s) {
  auto d = Date::Parse(s);
  return d.ok() ? *d : Date();
}
Timestamp StoredTime(std::string_view s) {
  auto t = Timestamp::Parse(s);
  return t.ok() ? *t : Timestamp();
}
std::optional<std::string> OptDate(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToString();
}
std::optional<int64_t> OptMoney(const std::optional<domain::Money>& m) {
  if (!m) return std::nullopt;
  return m->vnd();
}
std::optional<domain::Money> ToMoney(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return domain::Money::Vnd(*v);
}
std::optional<std::string> OptId(bool set, const char* id) {
  if (!set) return std::nullopt;
  return std::string(id);
}

template <typename E, typename ParseFn>
E StoredEnum(std::string_view s, ParseFn parse, E fallback) {
  auto r = parse(s, "stored");
  return r.ok() ? *r : fallback;
}

Organisation ReadOrganisation(const Rows& r, size_t i) {
  Organisation o;
  o.id = r.Int(i, 0);
  o.kind = StoredEnum(r.View(i, 1), domain::ParseOrgKind, domain::OrgKind::kHTX);
  o.registry_code = r.Text(i, 2);
  o.legacy_code = r.Bool(i, 3);
  o.created_at = StoredTime(r.View(i, 4));
  o.created_by = r.Text(i, 5);
  return o;
}

Event ReadEvent(const Rows& r, size_t i) {
  Event e;
  e.id = r.Int(i, 0);
  e.org_id = r.Int(i, 1);
  e.type = StoredEnum(r.View(i, 2), domain::ParseEventType, domain::EventType::kAmended);
  e.effective_date = StoredDate(r.View(i, 3));
  e.recorded_at = StoredTime(r.View(i, 4));
  e.recorded_by = r.Text(i, 5);
  e.basis.decision_no = r.Text(i, 6);
  if (!r.IsNull(i, 7)) e.basis.decision_date = StoredDate(r.View(i, 7));
  e.basis.decided_by = r.Text(i, 8);
  if (!r.IsNull(i, 9)) {
    e.ground =
        StoredEnum(r.View(i, 9), domain::ParseGround, domain::DissolutionGround::kCourtDecision);
  }
  domain::Changes& c = e.changes;
  c.name = r.OptText(i, 10);
  c.short_name = r.OptText(i, 11);
  c.foreign_name = r.OptText(i, 12);
  if (!r.IsNull(i, 13)) {
    c.field = StoredEnum(r.View(i, 13), domain::ParseField, domain::Field::kAgriculture);
  }
  if (!r.IsNull(i, 14)) c.sectors = SplitLines(r.Text(i, 14));
  c.unit_code = r.OptText(i, 15);
  c.address_detail = r.OptText(i, 16);
  c.representative = r.OptText(i, 17);
  c.charter_capital = ToMoney(r.OptInt(i, 18));
  if (!r.IsNull(i, 19)) c.models = SplitLines(r.Text(i, 19));
  c.certificate_no = r.OptText(i, 20);
  e.note = r.Text(i, 21);
  if (!r.IsNull(i, 22)) {
    e.voided = domain::EventVoid{StoredTime(r.View(i, 22)), r.Text(i, 23), r.Text(i, 24)};
  }
  if (!r.IsNull(i, 25)) e.related = SplitIds(r.View(i, 25));
  return e;
}

YearlyFigures ReadFigures(const Rows& r, size_t i) {
  YearlyFigures f;
  f.org_id = r.Int(i, 0);
  f.year = static_cast<int>(r.Int(i, 1));
  f.recorded_at = StoredTime(r.View(i, 2));
  f.recorded_by = r.Text(i, 3);
  f.source = r.Text(i, 4);
  f.members = r.OptInt(i, 5);
  f.members_individual = r.OptInt(i, 6);
  f.members_household = r.OptInt(i, 7);
  f.members_legal_entity = r.OptInt(i, 8);
  f.workers = r.OptInt(i, 9);
  f.workers_members = r.OptInt(i, 10);
  f.charter_capital = ToMoney(r.OptInt(i, 11));
  f.total_assets = ToMoney(r.OptInt(i, 12));
  f.revenue = ToMoney(r.OptInt(i, 13));
  f.revenue_from_members = ToMoney(r.OptInt(i, 14));
  f.profit_before_tax = ToMoney(r.OptInt(i, 15));
  f.avg_income = ToMoney(r.OptInt(i, 16));
  if (!r.IsNull(i, 17)) {
    f.rating = StoredEnum(r.View(i, 17), domain::ParseRating, domain::Rating::kNotRated);
  }
  f.rating_scheme = r.Text(i, 18);
  f.rating_score = r.OptInt(i, 19);
  // Written by FormatRatingPoints; a value that does not parse (edited by hand) reads as none.
  auto points = domain::ParseRatingPoints(r.View(i, 20));
  if (points.ok()) f.rating_points = std::move(points).value();
  return f;
}

domain::Member ReadMember(const Rows& r, size_t i) {
  domain::Member m;
  m.org_id = r.Int(i, 0);
  m.member_no = r.Text(i, 1);
  m.recorded_at = StoredTime(r.View(i, 2));
  m.recorded_by = r.Text(i, 3);
  m.type = StoredEnum(r.View(i, 4), domain::ParseMemberType, domain::MemberType::kIndividual);
  m.kind =
      StoredEnum(r.View(i, 5), domain::ParseMembershipKind, domain::MembershipKind::kMember2012);
  m.name = r.Text(i, 6);
  m.representative = r.Text(i, 7);
  m.id_number = r.Text(i, 8);
  m.nationality = r.Text(i, 9);
  m.address = r.Text(i, 10);
  m.joined_on = StoredDate(r.View(i, 11));
  if (!r.IsNull(i, 12)) m.left_on = StoredDate(r.View(i, 12));
  m.left_reason = r.Text(i, 13);
  m.capital = ToMoney(r.OptInt(i, 14));
  if (!r.IsNull(i, 15)) m.capital_date = StoredDate(r.View(i, 15));
  m.capital_certificate_no = r.Text(i, 16);
  if (!r.IsNull(i, 17)) m.capital_certificate_date = StoredDate(r.View(i, 17));
  m.note = r.Text(i, 18);
  return m;
}

}  // namespace

// The connection, shared by the store and its write transaction.
struct PostgresStore::Impl {
  std::unique_ptr<Connection> conn;
  text::ViCollator collator;
  int schema_version = 0;
  std::optional<int> schema_version_found;  // before the migrations of Open
  bool in_write = false;
  std::map<unsigned, std::string> list_sql;  // QueryLatest's statements, by cursor and order

  explicit Impl(std::unique_ptr<Connection> c) : conn(std::move(c)) {}

  Result<std::optional<Organisation>> FindOrganisation(std::string_view sql, const Params& p) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, conn->Run(sql, p));
    if (r.empty()) return std::optional<Organisation>();
    return std::optional<Organisation>(ReadOrganisation(r, 0));
  }

  Result<std::vector<Event>> LoadEvents(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, conn->Run(kSelectEventsOfOrg, Params().Add(id)));
    std::vector<Event> events;
    events.reserve(r.size());
    for (size_t i = 0; i < r.size(); ++i) events.push_back(ReadEvent(r, i));
    return events;
  }

  Result<std::optional<Event>> FindEvent(EventId id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, conn->Run(kSelectEvent, Params().Add(id)));
    if (r.empty()) return std::optional<Event>();
    return std::optional<Event>(ReadEvent(r, 0));
  }

  Result<std::vector<YearlyFigures>> LoadFigures(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, conn->Run(kSelectFigures, Params().Add(id)));
    std::vector<YearlyFigures> out;
    out.reserve(r.size());
    for (size_t i = 0; i < r.size(); ++i) out.push_back(ReadFigures(r, i));
    return out;
  }

  Result<std::vector<domain::Member>> LoadMembers(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, conn->Run(kSelectMembers, Params().Add(id)));
    std::vector<domain::Member> out;
    out.reserve(r.size());
    for (size_t i = 0; i < r.size(); ++i) out.push_back(ReadMember(r, i));
    return out;
  }

  Result<std::optional<Date>> FoundedOn(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r,
        conn->Run(kSelectFoundedOn, Params().Add(id).Add(domain::Id(domain::EventType::kFounded))));
    if (r.empty() || r.IsNull(0, 0)) return std::optional<Date>();
    return std::optional<Date>(StoredDate(r.View(0, 0)));
  }

  Result<std::vector<OrgId>> LinkedTo(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, conn->Run(kSelectLinkedTo, Params().Add(id)));
    std::vector<OrgId> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
    return out;
  }

  Status Migrate() {
    for (const Migration& m : PostgresMigrations()) {
      HOPTAC_RETURN_IF_ERROR(conn->Begin());
      Status applied = [&]() -> Status {
        HOPTAC_RETURN_IF_ERROR(conn->Run(kMigrationLock));
        HOPTAC_RETURN_IF_ERROR(conn->Run(kCreateMigrationsTable));
        HOPTAC_ASSIGN_OR_RETURN(Rows v, conn->Run(kSelectSchemaVersion));
        schema_version = static_cast<int>(v.Int(0, 0));
        if (!schema_version_found) schema_version_found = schema_version;
        if (std::string newer = NewerSchema(schema_version, PostgresMigrations()); !newer.empty()) {
          return Error::Conflict(std::move(newer), "schema_version",
                                 std::to_string(schema_version));
        }
        // Every migration not applied yet, also one numbered below the newest applied.
        HOPTAC_ASSIGN_OR_RETURN(
            Rows done, conn->Run(kSelectMigrationApplied, Params().Add(int64_t{m.version})));
        if (done.Int(0, 0) > 0) return OkStatus();
        HOPTAC_RETURN_IF_ERROR(conn->RunScript(m.sql));
        HOPTAC_RETURN_IF_ERROR(
            conn->Run(kInsertMigration, Params().Add(int64_t{m.version}).Add(m.name)));
        schema_version = std::max(schema_version, m.version);
        return OkStatus();
      }();
      if (!applied.ok()) {
        conn->Rollback();
        return applied;
      }
      HOPTAC_RETURN_IF_ERROR(conn->Commit());
    }
    return OkStatus();
  }
};

namespace {

// The column names of a list written for SQL ("a, b, c ").
std::vector<std::string> ColumnNames(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view name = list.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) out.emplace_back(name);
    start = end + 1;
  }
  return out;
}

// Rows appended to one table and written later, together: with COPY when there are many (a bulk
// import, a restore), with one INSERT each when there are few (an ordinary write, where COPY's
// extra round trip would cost more than it saves).
class PendingRows {
 public:
  PendingRows(std::string table, std::string_view columns, std::string_view insert)
      : table_(std::move(table)), columns_(ColumnNames(columns)), insert_(insert) {}

  // Returns true when the batch is full and should be written now.
  bool Add(domain::OrgId org, Params row) {
    orgs_.insert(org);
    rows_.push_back(std::move(row));
    return rows_.size() >= kBatch;
  }
  bool Holds(domain::OrgId org) const { return orgs_.count(org) != 0; }

  Status Write(Connection& conn) {
    if (rows_.size() >= kCopyFrom) {
      HOPTAC_RETURN_IF_ERROR(conn.Copy(table_, columns_, rows_));
    } else {
      for (const Params& row : rows_) HOPTAC_RETURN_IF_ERROR(conn.Run(insert_, row));
    }
    rows_.clear();
    orgs_.clear();
    return OkStatus();
  }

 private:
  static constexpr size_t kCopyFrom = 8;
  static constexpr size_t kBatch = 5000;
  std::string table_;
  std::vector<std::string> columns_;
  std::string_view insert_;
  std::vector<Params> rows_;
  std::set<domain::OrgId> orgs_;
};

class PostgresWriteTransaction final : public domain::WriteTransaction {
 public:
  explicit PostgresWriteTransaction(PostgresStore::Impl& impl) : impl_(impl) {}
  ~PostgresWriteTransaction() override {
    if (!done_) impl_.conn->Rollback();
    impl_.in_write = false;
  }

  // Reads lock the organisation's row first (see the header): what they return stays true
  // until this transaction ends.
  Result<std::optional<Organisation>> FindOrganisation(OrgId id) override {
    auto org = impl_.FindOrganisation(kLockOrganisationById, Params().Add(id));
    if (org.ok() && org->has_value()) locked_.insert((*org)->id);
    return org;
  }
  Result<std::optional<Organisation>> FindOrganisationByCode(std::string_view code) override {
    auto org = impl_.FindOrganisation(kLockOrganisationByCode, Params().Add(code));
    if (org.ok() && org->has_value()) locked_.insert((*org)->id);
    return org;
  }
  Result<std::vector<Event>> LoadEvents(OrgId id) override {
    HOPTAC_RETURN_IF_ERROR(Lock(id));
    return impl_.LoadEvents(id);
  }
  Result<std::optional<Event>> FindEvent(EventId id) override {
    HOPTAC_RETURN_IF_ERROR(LockOrganisationOfEvent(id));
    return impl_.FindEvent(id);
  }
  // Figures and members appended are written in batches (PendingRows): a read of an
  // organisation's rows writes those waiting first. Any other read of yearly_figures or members
  // inside the transaction must do the same.
  Result<std::vector<YearlyFigures>> LoadFigures(OrgId id) override {
    HOPTAC_RETURN_IF_ERROR(Lock(id));
    if (figures_.Holds(id)) HOPTAC_RETURN_IF_ERROR(figures_.Write(*impl_.conn));
    return impl_.LoadFigures(id);
  }
  Result<std::vector<domain::Member>> LoadMembers(OrgId id) override {
    HOPTAC_RETURN_IF_ERROR(Lock(id));
    if (members_.Holds(id)) HOPTAC_RETURN_IF_ERROR(members_.Write(*impl_.conn));
    return impl_.LoadMembers(id);
  }
  Result<std::vector<OrgId>> LinkedTo(OrgId id) override { return impl_.LinkedTo(id); }
  Result<std::optional<Date>> FoundedOn(OrgId id) override {
    HOPTAC_RETURN_IF_ERROR(Lock(id));
    return impl_.FoundedOn(id);
  }

  Result<OrgId> InsertOrganisation(const Organisation& o) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Rows r,
                            impl_.conn->Run(kInsertOrganisation, Params()
                                                                     .Add(domain::Id(o.kind))
                                                                     .Add(o.registry_code)
                                                                     .Add(o.legacy_code)
                                                                     .Add(o.created_at.ToString())
                                                                     .Add(o.created_by)));
    if (r.empty()) {
      return Error::Conflict("an organisation with this registry code already exists",
                             "registry_code", o.registry_code);
    }
    const OrgId id = r.Int(0, 0);
    locked_.insert(id);  // a new row is the inserter's until commit
    return id;
  }

  Result<EventId> AppendEvent(const Event& e) override {
    registry_changed_ = true;
    return InsertEvent(e, false);
  }

  // Appends an event (with a new id, or the id it has when restoring), its links and its names.
  Result<EventId> InsertEvent(const Event& e, bool keep_id) {
    HOPTAC_RETURN_IF_ERROR(Lock(e.org_id));
    const domain::Changes& c = e.changes;
    Params p;
    p.Add(e.org_id)
        .Add(domain::Id(e.type))
        .Add(e.effective_date.ToString())
        .Add(e.recorded_at.ToString())
        .Add(e.recorded_by)
        .Add(e.basis.decision_no)
        .Add(OptDate(e.basis.decision_date))
        .Add(e.basis.decided_by)
        .Add(OptId(e.ground.has_value(), e.ground ? domain::Id(*e.ground) : ""))
        .Add(c.name)
        .Add(c.short_name)
        .Add(c.foreign_name)
        .Add(OptId(c.field.has_value(), c.field ? domain::Id(*c.field) : ""))
        .Add(c.sectors ? std::optional<std::string>(JoinLines(*c.sectors)) : std::nullopt)
        .Add(c.unit_code)
        .Add(c.address_detail)
        .Add(c.representative)
        .Add(OptMoney(c.charter_capital))
        .Add(c.models ? std::optional<std::string>(JoinLines(*c.models)) : std::nullopt)
        .Add(c.certificate_no)
        .Add(e.note);
    if (keep_id) p.Add(e.id);
    HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_.conn->Run(keep_id ? kRestoreEvent : kInsertEvent, p));
    if (r.empty()) {
      return Error::Conflict("an event with this id exists already", "event_id",
                             std::to_string(e.id));
    }
    const EventId id = r.Int(0, 0);
    if (!e.related.empty()) {
      std::vector<std::string> related;
      for (OrgId o : e.related) related.push_back(std::to_string(o));
      HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kInsertLinks, Params().Add(id).AddArray(related)));
    }
    for (const auto* name : {&c.name, &c.short_name, &c.foreign_name}) {
      if (!*name || (*name)->empty()) continue;
      HOPTAC_RETURN_IF_ERROR(
          impl_.conn->Run(kInsertName, Params().Add(e.org_id).Add(**name).Add(text::Fold(**name))));
    }
    return id;
  }

  Status AppendVoid(EventId id, const domain::EventVoid& v) override {
    registry_changed_ = true;
    HOPTAC_RETURN_IF_ERROR(LockOrganisationOfEvent(id));
    HOPTAC_ASSIGN_OR_RETURN(
        Rows r, impl_.conn->Run(
                    kInsertVoid,
                    Params().Add(id).Add(v.voided_at.ToString()).Add(v.voided_by).Add(v.reason)));
    if (r.affected() == 0) {
      return Error::Conflict("the event is already void", "event_id", std::to_string(id));
    }
    return OkStatus();
  }

  Status AppendMember(const domain::Member& m) override {
    HOPTAC_RETURN_IF_ERROR(LockExisting(m.org_id));
    Params p;
    p.Add(m.org_id)
        .Add(m.member_no)
        .Add(m.recorded_at.ToString())
        .Add(m.recorded_by)
        .Add(domain::Id(m.type))
        .Add(domain::Id(m.kind))
        .Add(m.name)
        .Add(m.representative)
        .Add(m.id_number)
        .Add(m.nationality)
        .Add(m.address)
        .Add(m.joined_on.ToString())
        .Add(OptDate(m.left_on))
        .Add(m.left_reason)
        .Add(OptMoney(m.capital))
        .Add(OptDate(m.capital_date))
        .Add(m.capital_certificate_no)
        .Add(OptDate(m.capital_certificate_date))
        .Add(m.note);
    if (members_.Add(m.org_id, std::move(p))) return members_.Write(*impl_.conn);
    return OkStatus();
  }

  Status RestoreOrganisation(const Organisation& o) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Rows r,
                            impl_.conn->Run(kRestoreOrganisation, Params()
                                                                      .Add(o.id)
                                                                      .Add(domain::Id(o.kind))
                                                                      .Add(o.registry_code)
                                                                      .Add(o.legacy_code)
                                                                      .Add(o.created_at.ToString())
                                                                      .Add(o.created_by)));
    if (r.empty()) {
      return Error::Conflict("an organisation with this id or registry code exists already",
                             "registry_code", o.registry_code);
    }
    locked_.insert(o.id);
    HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kResyncOrganisationIds));
    return OkStatus();
  }

  Status RestoreEvent(const Event& e) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(const EventId id, InsertEvent(e, true));
    HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kResyncEventIds));
    if (e.voided) return AppendVoid(id, *e.voided);
    return OkStatus();
  }

  Status AppendFigures(const YearlyFigures& f) override {
    registry_changed_ = true;
    HOPTAC_RETURN_IF_ERROR(LockExisting(f.org_id));
    Params p;
    p.Add(f.org_id)
        .Add(int64_t{f.year})
        .Add(f.recorded_at.ToString())
        .Add(f.recorded_by)
        .Add(f.source)
        .Add(f.members)
        .Add(f.members_individual)
        .Add(f.members_household)
        .Add(f.members_legal_entity)
        .Add(f.workers)
        .Add(f.workers_members)
        .Add(OptMoney(f.charter_capital))
        .Add(OptMoney(f.total_assets))
        .Add(OptMoney(f.revenue))
        .Add(OptMoney(f.revenue_from_members))
        .Add(OptMoney(f.profit_before_tax))
        .Add(OptMoney(f.avg_income))
        .Add(OptId(f.rating.has_value(), f.rating ? domain::Id(*f.rating) : ""))
        .Add(f.rating_scheme)
        .Add(f.rating_score)
        .Add(domain::FormatRatingPoints(f.rating_points));
    if (figures_.Add(f.org_id, std::move(p))) return figures_.Write(*impl_.conn);
    return OkStatus();
  }

  Status PutLatest(const domain::OrgState& st) override {
    registry_changed_ = true;
    HOPTAC_RETURN_IF_ERROR(Lock(st.id));
    Params p;
    p.Add(st.id)
        .AddBytes(impl_.collator.RowKey(st.name, st.id))
        .Add(domain::Id(st.kind))
        .Add(st.registry_code)
        .Add(domain::Id(st.status))
        .Add(st.name)
        .Add(domain::Id(st.field))
        .Add(st.unit_code)
        .Add(st.unit_since.ToString())
        .Add(st.founded_on.ToString())
        .Add(OptDate(st.ended_on))
        .Add(JoinLines(st.models));
    HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kPutLatest, p));
    latest_written_.insert(st.id);
    return OkStatus();
  }

  Status ReplaceUnits(const std::vector<domain::Unit>& units,
                      const std::vector<domain::UnitSuccession>& successions,
                      const std::vector<domain::UnitAlias>& aliases) override {
    units_changed_ = true;
    HOPTAC_RETURN_IF_ERROR(impl_.conn->RunScript(kReplaceUnitsBegin));
    if (!units.empty()) {
      std::vector<std::string> code, from, to, name, level, parent, legacy;
      for (const auto& u : units) {
        code.push_back(u.code);
        from.push_back(u.valid_from.ToString());
        to.push_back(u.valid_to.ToString());
        name.push_back(u.name);
        level.push_back(domain::UnitLevelName(u.level));
        parent.push_back(u.parent_code);
        legacy.push_back(u.legacy ? "true" : "false");
      }
      HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kInsertUnits, Params()
                                                               .AddArray(code)
                                                               .AddArray(from)
                                                               .AddArray(to)
                                                               .AddArray(name)
                                                               .AddArray(level)
                                                               .AddArray(parent)
                                                               .AddArray(legacy)));
    }
    if (!successions.empty()) {
      std::vector<std::string> from, to, effective, partial;
      for (const auto& x : successions) {
        from.push_back(x.from_code);
        to.push_back(x.to_code);
        effective.push_back(x.effective.ToString());
        partial.push_back(x.partial ? "true" : "false");
      }
      HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(
          kInsertSuccessions,
          Params().AddArray(from).AddArray(to).AddArray(effective).AddArray(partial)));
    }
    if (!aliases.empty()) {
      std::vector<std::string> code, name, source;
      for (const auto& a : aliases) {
        code.push_back(a.code);
        name.push_back(a.name);
        source.push_back(a.source);
      }
      HOPTAC_RETURN_IF_ERROR(
          impl_.conn->Run(kInsertAliases, Params().AddArray(code).AddArray(name).AddArray(source)));
    }
    return OkStatus();
  }

  Status AppendAudit(const domain::AuditEntry& a) override {
    HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kInsertAudit, Params()
                                                             .Add(a.at.ToString())
                                                             .Add(a.actor)
                                                             .Add(a.address)
                                                             .Add(a.request_id)
                                                             .Add(a.action)
                                                             .Add(a.entity)
                                                             .Add(a.before)
                                                             .Add(a.after)));
    return OkStatus();
  }

  Status Commit() override {
    HOPTAC_RETURN_IF_ERROR(figures_.Write(*impl_.conn));
    HOPTAC_RETURN_IF_ERROR(members_.Write(*impl_.conn));
    if (registry_changed_ || units_changed_) {
      // The row stays locked from here to the commit only.
      HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(
          kBumpVersions, Params().Add(int64_t{registry_changed_}).Add(int64_t{units_changed_})));
    }
    if (!latest_written_.empty()) {
      std::string ids = "{";
      for (const OrgId id : latest_written_) {
        if (ids.size() > 1) ids.push_back(',');
        ids += std::to_string(id);
      }
      ids.push_back('}');
      HOPTAC_RETURN_IF_ERROR(impl_.conn->Run(kMarkLatestChanged, Params().Add(ids)));
    }
    done_ = true;
    return impl_.conn->Commit();
  }

 private:
  // Locks the organisation's row for the rest of the transaction (once per organisation). An
  // unknown organisation locks nothing; the statement that follows reports it.
  Status Lock(OrgId id) {
    if (locked_.count(id) != 0) return OkStatus();
    HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_.conn->Run(kLockOrganisationById, Params().Add(id)));
    if (!r.empty()) locked_.insert(id);
    return OkStatus();
  }

  // Lock, and kConflict when there is no such organisation: for rows written later, in a batch,
  // whose foreign key would be checked only then.
  Status LockExisting(OrgId id) {
    HOPTAC_RETURN_IF_ERROR(Lock(id));
    if (locked_.count(id) == 0) {
      return Error::Conflict("no organisation has this id", "org_id", std::to_string(id));
    }
    return OkStatus();
  }

  Status LockOrganisationOfEvent(EventId id) {
    HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_.conn->Run(kLockOrganisationOfEvent, Params().Add(id)));
    if (!r.empty()) locked_.insert(r.Int(0, 0));
    return OkStatus();
  }

  PostgresStore::Impl& impl_;
  std::set<OrgId> locked_;
  std::set<OrgId> latest_written_;  // the organisations whose latest-state row it wrote
  bool done_ = false;
  // What the transaction changed: Commit adds 1 to those versions (domain::DataVersions).
  bool registry_changed_ = false;
  bool units_changed_ = false;
  PendingRows figures_{"yearly_figures", kFiguresColumns, kInsertFigures};
  PendingRows members_{"members", kMemberColumns, kInsertMember};
};

}  // namespace

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url) {
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connection::Open(url));
  auto impl = std::make_unique<Impl>(std::move(conn));
  HOPTAC_RETURN_IF_ERROR(impl->Migrate());
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(impl)));
}

int PostgresStore::schema_version() const { return impl_->schema_version; }
int PostgresStore::schema_version_found() const {
  return impl_->schema_version_found.value_or(impl_->schema_version);
}

Result<std::optional<Organisation>> PostgresStore::FindOrganisation(OrgId id) {
  return impl_->FindOrganisation(kSelectOrganisationById, Params().Add(id));
}
Result<std::optional<Organisation>> PostgresStore::FindOrganisationByCode(std::string_view code) {
  return impl_->FindOrganisation(kSelectOrganisationByCode, Params().Add(code));
}
Result<std::vector<Event>> PostgresStore::LoadEvents(OrgId id) { return impl_->LoadEvents(id); }
Result<std::optional<Event>> PostgresStore::FindEvent(EventId id) { return impl_->FindEvent(id); }
Result<std::vector<YearlyFigures>> PostgresStore::LoadFigures(OrgId id) {
  return impl_->LoadFigures(id);
}
Result<std::vector<OrgId>> PostgresStore::LinkedTo(OrgId id) { return impl_->LinkedTo(id); }
Result<std::optional<Date>> PostgresStore::FoundedOn(OrgId id) { return impl_->FoundedOn(id); }

Result<std::unique_ptr<domain::WriteTransaction>> PostgresStore::BeginWrite() {
  if (impl_->in_write) return Error::Internal("a write transaction is already open");
  HOPTAC_RETURN_IF_ERROR(impl_->conn->Begin(Isolation::kReadCommitted));
  impl_->in_write = true;
  return std::unique_ptr<domain::WriteTransaction>(new PostgresWriteTransaction(*impl_));
}

Result<domain::UnitCatalog> PostgresStore::LoadUnits() {
  std::vector<domain::Unit> units;
  std::vector<domain::UnitSuccession> successions;
  std::vector<domain::UnitAlias> aliases;
  Status read = InTransaction<
      Ok>(*impl_->conn, Isolation::kRepeatableReadReadOnly, [&]() -> Status {
    HOPTAC_ASSIGN_OR_RETURN(Rows u, impl_->conn->Run(kSelectUnits));
    for (size_t i = 0; i < u.size(); ++i) {
      domain::Unit unit;
      unit.code = u.Text(i, 0);
      unit.valid_from = StoredDate(u.View(i, 1));
      unit.valid_to = StoredDate(u.View(i, 2));
      unit.name = u.Text(i, 3);
      auto level = domain::ParseUnitLevel(u.View(i, 4));
      unit.level = level.ok() ? *level : domain::UnitLevel::kCommune;
      unit.parent_code = u.Text(i, 5);
      unit.legacy = u.Bool(i, 6);
      units.push_back(std::move(unit));
    }
    HOPTAC_ASSIGN_OR_RETURN(Rows s, impl_->conn->Run(kSelectSuccessions));
    for (size_t i = 0; i < s.size(); ++i) {
      successions.push_back({s.Text(i, 0), s.Text(i, 1), StoredDate(s.View(i, 2)), s.Bool(i, 3)});
    }
    HOPTAC_ASSIGN_OR_RETURN(Rows a, impl_->conn->Run(kSelectAliases));
    for (size_t i = 0; i < a.size(); ++i) {
      aliases.push_back({a.Text(i, 0), a.Text(i, 1), a.Text(i, 2)});
    }
    return OkStatus();
  });
  HOPTAC_RETURN_IF_ERROR(read);
  return domain::UnitCatalog::Build(std::move(units), std::move(successions), std::move(aliases));
}

namespace {

// Row `i` of kQueryLatest's columns.
domain::OrgListRow ReadListRow(const Rows& r, size_t i) {
  domain::OrgListRow row;
  domain::OrgState& st = row.state;
  st.id = r.Int(i, 0);
  row.sort_key = r.Bytes(i, 1);
  st.kind = StoredEnum(r.View(i, 2), domain::ParseOrgKind, domain::OrgKind::kHTX);
  st.registry_code = r.Text(i, 3);
  st.status = StoredEnum(r.View(i, 4), domain::ParseStatus, domain::LegalStatus::kOperating);
  st.name = r.Text(i, 5);
  st.field = StoredEnum(r.View(i, 6), domain::ParseField, domain::Field::kAgriculture);
  st.unit_code = r.Text(i, 7);
  st.unit_since = StoredDate(r.View(i, 8));
  st.founded_on = StoredDate(r.View(i, 9));
  if (!r.IsNull(i, 10)) st.ended_on = StoredDate(r.View(i, 10));
  st.models = SplitLines(r.Text(i, 11));
  st.exists = true;
  return row;
}

}  // namespace

Result<std::vector<domain::OrgListRow>> PostgresStore::QueryLatest(const domain::OrgQuery& q) {
  auto opt = [](bool set, std::string v) {
    return set ? std::optional<std::string>(std::move(v)) : std::nullopt;
  };
  Params p;
  p.Add(opt(q.kind.has_value(), q.kind ? domain::Id(*q.kind) : ""))
      .Add(opt(q.status.has_value(), q.status ? domain::Id(*q.status) : ""))
      .Add(opt(q.field.has_value(), q.field ? domain::Id(*q.field) : ""))
      .Add(opt(!q.model.empty(), q.model))
      .Add(opt(!q.code_prefix.empty(), q.code_prefix));
  std::vector<std::string> patterns;
  for (const auto& w : q.name_tokens) {
    if (!w.empty()) patterns.push_back(ContainsPattern(w));
  }
  if (patterns.empty()) {
    p.AddNull();
  } else {
    p.AddArray(patterns);
  }
  if (q.unit_codes.empty()) {
    p.AddNull();
  } else {
    p.AddArray(q.unit_codes);
  }
  const bool after = !q.after_key.empty();
  if (after) {
    p.AddBytes(q.after_key);
  } else {
    p.AddNull();
  }
  p.Add(static_cast<int64_t>(q.limit));
  if (after && q.sort != domain::OrgSort::kName) p.Add(q.after_value);
  std::string& sql = impl_->list_sql[(after ? 1u : 0u) | (q.descending ? 2u : 0u) |
                                     static_cast<unsigned>(q.sort) << 2];
  if (sql.empty()) {
    sql = kQueryLatest;
    if (after) {
      sql.append(ListAfter(q.sort, q.descending, "$10::text", "$8::bytea"));
    } else {
      sql.append(" AND $8::bytea IS NULL");
    }
    sql.append(ListOrder(q.sort, q.descending)).append(" LIMIT $9");
  }
  HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_->conn->Run(sql, p));
  std::vector<domain::OrgListRow> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ReadListRow(r, i));
  return out;
}

// The whole projection in one snapshot (REPEATABLE READ), a chunk of rows at a time.
Result<int64_t> PostgresStore::ForEachLatest(const LatestVisitor& visit) {
  return InTransaction<int64_t>(
      *impl_->conn, Isolation::kRepeatableReadReadOnly, [&]() -> Result<int64_t> {
        HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions version, Versions());
        static const std::string kSql =
            std::string(kSelectLatestWithNames) + std::string(kLatestChunk);
        OrgId after = 0;
        std::string names;
        for (;;) {
          HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_->conn->Run(kSql, Params().Add(after).Add(kChunk)));
          if (r.empty()) break;
          for (size_t i = 0; i < r.size(); ++i) {
            domain::OrgListRow row = ReadListRow(r, i);
            names = r.IsNull(i, 12) ? std::string() : r.Text(i, 12);
            visit(row, names);
          }
          after = r.Int(r.size() - 1, 0);
        }
        return version.registry;
      });
}

Result<PostgresStore::LatestChanges> PostgresStore::ForEachLatestChangedSince(
    int64_t version, size_t at_most, const LatestVisitor& visit) {
  return InTransaction<LatestChanges>(
      *impl_->conn, Isolation::kRepeatableReadReadOnly, [&]() -> Result<LatestChanges> {
        LatestChanges out;
        HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions now, Versions());
        out.version = now.registry;
        static const std::string kSql =
            std::string(kSelectLatestWithNames) + std::string(kLatestChangedSince);
        HOPTAC_ASSIGN_OR_RETURN(
            Rows r,
            impl_->conn->Run(kSql, Params().Add(version).Add(static_cast<int64_t>(at_most) + 1)));
        if (r.size() > at_most) {
          out.more = true;
          return out;
        }
        std::string names;
        for (size_t i = 0; i < r.size(); ++i) {
          domain::OrgListRow row = ReadListRow(r, i);
          names = r.IsNull(i, 12) ? std::string() : r.Text(i, 12);
          visit(row, names);
        }
        return out;
      });
}

// The whole registry in one snapshot (REPEATABLE READ), fetched a chunk of organisations at a
// time so that memory stays bounded by the chunk, not the registry.
Status PostgresStore::ForEachHistory(const HistoryVisitor& visit) {
  return InTransaction<Ok>(*impl_->conn, Isolation::kRepeatableReadReadOnly, [&]() -> Status {
    OrgId after = 0;
    std::vector<Event> history;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(
          Rows orgs, impl_->conn->Run(kSelectOrganisationsAfter, Params().Add(after).Add(kChunk)));
      if (orgs.empty()) break;
      const OrgId first = orgs.Int(0, 0), last = orgs.Int(orgs.size() - 1, 0);
      HOPTAC_ASSIGN_OR_RETURN(
          Rows events, impl_->conn->Run(kSelectEventsOfOrgRange, Params().Add(first).Add(last)));
      size_t e = 0;
      for (size_t i = 0; i < orgs.size(); ++i) {
        const Organisation org = ReadOrganisation(orgs, i);
        history.clear();
        while (e < events.size() && events.Int(e, 1) <= org.id) {
          if (events.Int(e, 1) == org.id) history.push_back(ReadEvent(events, e));
          ++e;
        }
        visit(org, history);
      }
      after = last;
    }
    return OkStatus();
  });
}

Status PostgresStore::ForEachFigures(const FiguresVisitor& visit) {
  return InTransaction<Ok>(*impl_->conn, Isolation::kRepeatableReadReadOnly, [&]() -> Status {
    OrgId after = 0;
    std::vector<YearlyFigures> batch;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(
          Rows ids, impl_->conn->Run(kSelectOrganisationIdsAfter, Params().Add(after).Add(kChunk)));
      if (ids.empty()) break;
      const OrgId first = ids.Int(0, 0), last = ids.Int(ids.size() - 1, 0);
      HOPTAC_ASSIGN_OR_RETURN(
          Rows r, impl_->conn->Run(kSelectFiguresOfOrgRange, Params().Add(first).Add(last)));
      OrgId current = 0;
      for (size_t i = 0; i <= r.size(); ++i) {
        if (i == r.size() || r.Int(i, 0) != current) {
          if (!batch.empty()) visit(current, batch);
          batch.clear();
          if (i == r.size()) break;
          current = r.Int(i, 0);
        }
        batch.push_back(ReadFigures(r, i));
      }
      after = last;
    }
    return OkStatus();
  });
}

Result<std::vector<domain::Member>> PostgresStore::LoadMembers(OrgId id) {
  return impl_->LoadMembers(id);
}

Status PostgresStore::ForEachMembers(const MembersVisitor& visit) {
  return InTransaction<Ok>(*impl_->conn, Isolation::kRepeatableReadReadOnly, [&]() -> Status {
    OrgId after = 0;
    std::vector<domain::Member> batch;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(
          Rows ids, impl_->conn->Run(kSelectOrganisationIdsAfter, Params().Add(after).Add(kChunk)));
      if (ids.empty()) break;
      const OrgId first = ids.Int(0, 0), last = ids.Int(ids.size() - 1, 0);
      HOPTAC_ASSIGN_OR_RETURN(
          Rows r, impl_->conn->Run(kSelectMembersOfOrgRange, Params().Add(first).Add(last)));
      OrgId current = 0;
      for (size_t i = 0; i <= r.size(); ++i) {
        if (i == r.size() || r.Int(i, 0) != current) {
          if (!batch.empty()) visit(current, batch);
          batch.clear();
          if (i == r.size()) break;
          current = r.Int(i, 0);
        }
        batch.push_back(ReadMember(r, i));
      }
      after = last;
    }
    return OkStatus();
  });
}

Result<domain::DataVersions> PostgresStore::Versions() {
  HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_->conn->Run(kSelectVersions));
  domain::DataVersions v;
  if (!r.empty()) {
    v.registry = r.Int(0, 0);
    v.units = r.Int(0, 1);
  }
  return v;
}

Result<domain::StoreCounts> PostgresStore::Counts() {
  HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_->conn->Run(kCounts));
  domain::StoreCounts c;
  if (!r.empty()) {
    c.organisations = r.Int(0, 0);
    c.events = r.Int(0, 1);
    c.voids = r.Int(0, 2);
    c.figures = r.Int(0, 3);
    c.units = r.Int(0, 4);
    c.members = r.Int(0, 5);
    c.audit = r.Int(0, 6);
  }
  return c;
}

Result<std::vector<domain::AuditEntry>> PostgresStore::QueryAudit(const domain::AuditQuery& q) {
  auto opt = [](const std::string& v) {
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  };
  auto opt_ts = [](const std::optional<Timestamp>& t) {
    return t ? std::optional<std::string>(t->ToString()) : std::nullopt;
  };
  Params p;
  p.Add(opt(q.actor))
      .Add(opt(q.entity))
      .Add(opt(q.action))
      .Add(opt_ts(q.from))
      .Add(opt_ts(q.to))
      .Add(q.before_id > 0 ? std::optional<int64_t>(q.before_id) : std::nullopt)
      .Add(static_cast<int64_t>(q.limit));
  HOPTAC_ASSIGN_OR_RETURN(Rows r, impl_->conn->Run(kQueryAudit, p));
  std::vector<domain::AuditEntry> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    domain::AuditEntry a;
    a.id = r.Int(i, 0);
    a.at = StoredTime(r.View(i, 1));
    a.actor = r.Text(i, 2);
    a.address = r.Text(i, 3);
    a.request_id = r.Text(i, 4);
    a.action = r.Text(i, 5);
    a.entity = r.Text(i, 6);
    a.before = r.Text(i, 7);
    a.after = r.Text(i, 8);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace hoptac::store::postgres
