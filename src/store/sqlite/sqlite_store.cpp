#include "store/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "base/text.hpp"
#include "store/list_order.hpp"
#include "store/migrations/migrations.hpp"
#include "store/sqlite/audit_row.hpp"
#include "store/sqlite/connection.hpp"

namespace hoptac::store::sqlite {

using domain::Event;
using domain::EventId;
using domain::Organisation;
using domain::OrgId;
using domain::YearlyFigures;

namespace {

// --- SQL, beside the code that runs it; every value is bound. ---

constexpr std::string_view kSelectOrganisationById =
    "SELECT id, kind, registry_code, legacy_code, created_at, created_by FROM organisations "
    "WHERE id = ?1";
constexpr std::string_view kSelectOrganisationByCode =
    "SELECT id, kind, registry_code, legacy_code, created_at, created_by FROM organisations "
    "WHERE registry_code = ?1";
constexpr std::string_view kSelectAllOrganisations =
    "SELECT id, kind, registry_code, legacy_code, created_at, created_by FROM organisations "
    "ORDER BY id";
constexpr std::string_view kInsertOrganisation =
    "INSERT INTO organisations (kind, registry_code, legacy_code, created_at, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

#define HOPTAC_EVENT_COLUMNS                                                                  \
  "e.id, e.org_id, e.type, e.effective_date, e.recorded_at, e.recorded_by, e.decision_no, "   \
  "e.decision_date, e.decided_by, e.ground, e.name, e.short_name, e.foreign_name, e.field, "  \
  "e.sectors, e.unit_code, e.address_detail, e.representative, e.charter_capital, e.models, " \
  "e.certificate_no, e.note, v.voided_at, v.voided_by, v.reason "

// In the index's order: LoadEvents sorts the few rows itself (SQLite's sorter cost more).
constexpr std::string_view kSelectEventsOfOrg =
    "SELECT " HOPTAC_EVENT_COLUMNS
    "FROM events e LEFT JOIN event_voids v ON v.event_id = e.id WHERE e.org_id = ?1";
constexpr std::string_view kSelectEvent =
    "SELECT " HOPTAC_EVENT_COLUMNS
    "FROM events e LEFT JOIN event_voids v ON v.event_id = e.id WHERE e.id = ?1";
constexpr std::string_view kSelectAllEvents =
    "SELECT " HOPTAC_EVENT_COLUMNS
    "FROM events e LEFT JOIN event_voids v ON v.event_id = e.id "
    "ORDER BY e.org_id, e.effective_date, e.recorded_at, e.id";
#undef HOPTAC_EVENT_COLUMNS

constexpr std::string_view kSelectLinksOfOrg =
    "SELECT l.event_id, l.org_id FROM event_links l JOIN events e ON e.id = l.event_id "
    "WHERE e.org_id = ?1 ORDER BY l.event_id, l.position";
constexpr std::string_view kSelectFoundedOn =
    "SELECT MIN(e.effective_date) FROM events e WHERE e.org_id = ?1 AND e.type = ?2 "
    "AND NOT EXISTS (SELECT 1 FROM event_voids v WHERE v.event_id = e.id)";
constexpr std::string_view kSelectLinksOfEvent =
    "SELECT event_id, org_id FROM event_links WHERE event_id = ?1 ORDER BY position";
constexpr std::string_view kSelectAllLinks =
    "SELECT event_id, org_id FROM event_links ORDER BY event_id, position";
constexpr std::string_view kSelectLinkedTo =
    "SELECT DISTINCT e.org_id FROM event_links l JOIN events e ON e.id = l.event_id "
    "WHERE l.org_id = ?1 ORDER BY e.org_id";

constexpr std::string_view kInsertEvent =
    "INSERT INTO events (id, org_id, type, effective_date, recorded_at, recorded_by, decision_no, "
    "decision_date, decided_by, ground, name, short_name, foreign_name, field, sectors, "
    "unit_code, address_detail, representative, charter_capital, models, certificate_no, note) "
    "VALUES (?22, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21)";
constexpr std::string_view kInsertLink =
    "INSERT INTO event_links (event_id, position, org_id) VALUES (?1, ?2, ?3)";
constexpr std::string_view kInsertVoid =
    "INSERT INTO event_voids (event_id, voided_at, voided_by, reason) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kInsertName =
    "INSERT OR IGNORE INTO org_names (org_id, name, folded) VALUES (?1, ?2, ?3)";
// The word index of names (migration 0013, decision 0012): each word of any name an organisation
// has had, with the organisation's sort key, so that one word's organisations read in list order.
constexpr std::string_view kSelectLatestKey = "SELECT sort_key FROM org_latest WHERE org_id = ?1";
constexpr std::string_view kSelectFoldedNames = "SELECT folded FROM org_names WHERE org_id = ?1";
constexpr std::string_view kDeleteOrgWord =
    "DELETE FROM org_words WHERE word = ?1 AND sort_key = ?2";
constexpr std::string_view kInsertOrgWord =
    "INSERT INTO org_words (word, sort_key, org_id) VALUES (?1, ?2, ?3)";
constexpr std::string_view kCountNameWord =
    "INSERT INTO name_words (word, orgs) VALUES (?1, 1) "
    "ON CONFLICT (word) DO UPDATE SET orgs = orgs + 1";
constexpr std::string_view kSelectNameWords =
    "SELECT word, orgs FROM name_words WHERE instr(word, ?1) > 0 ORDER BY word";
constexpr std::string_view kSelectWordKeysFrom =
    "SELECT sort_key, org_id FROM org_words WHERE word = ?1 AND sort_key >= ?2 "
    "ORDER BY sort_key LIMIT ?3";
constexpr std::string_view kSelectKindKeysFrom =
    "SELECT sort_key, org_id FROM org_latest INDEXED BY org_latest_by_kind "
    "WHERE kind = ?1 AND sort_key >= ?2 ORDER BY sort_key LIMIT ?3";
constexpr std::string_view kSelectStatusKeysFrom =
    "SELECT sort_key, org_id FROM org_latest INDEXED BY org_latest_by_status "
    "WHERE status = ?1 AND sort_key >= ?2 ORDER BY sort_key LIMIT ?3";
constexpr std::string_view kSelectKindStatusKeysFrom =
    "SELECT sort_key, org_id FROM org_latest INDEXED BY org_latest_by_kind_status "
    "WHERE kind = ?1 AND status = ?4 AND sort_key >= ?2 ORDER BY sort_key LIMIT ?3";

constexpr std::string_view kSelectFigures =
    "SELECT org_id, year, recorded_at, recorded_by, source, members, members_individual, "
    "members_household, members_legal_entity, workers, workers_members, charter_capital, "
    "total_assets, revenue, revenue_from_members, profit_before_tax, avg_income, rating, "
    "rating_scheme, rating_score, rating_points FROM yearly_figures WHERE org_id = ?1 "
    "ORDER BY year, recorded_at, id";
constexpr std::string_view kSelectAllFigures =
    "SELECT org_id, year, recorded_at, recorded_by, source, members, members_individual, "
    "members_household, members_legal_entity, workers, workers_members, charter_capital, "
    "total_assets, revenue, revenue_from_members, profit_before_tax, avg_income, rating, "
    "rating_scheme, rating_score, rating_points FROM yearly_figures "
    "ORDER BY org_id, year, recorded_at, id";
constexpr std::string_view kInsertFigures =
    "INSERT INTO yearly_figures (org_id, year, recorded_at, recorded_by, source, members, "
    "members_individual, members_household, members_legal_entity, workers, workers_members, "
    "charter_capital, total_assets, revenue, revenue_from_members, profit_before_tax, "
    "avg_income, rating, rating_scheme, rating_score, rating_points) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";

#define HOPTAC_MEMBER_COLUMNS                                                                    \
  "org_id, member_no, recorded_at, recorded_by, member_type, membership, name, representative, " \
  "id_number, nationality, address, joined_on, left_on, left_reason, capital, capital_date, "    \
  "capital_certificate_no, capital_certificate_date, note "
constexpr std::string_view kSelectMembers = "SELECT " HOPTAC_MEMBER_COLUMNS
                                            "FROM members WHERE org_id = ?1 "
                                            "ORDER BY member_no, recorded_at, id";
constexpr std::string_view kSelectAllMembers =
    "SELECT " HOPTAC_MEMBER_COLUMNS "FROM members ORDER BY org_id, member_no, recorded_at, id";
constexpr std::string_view kInsertMember =
    "INSERT INTO members (" HOPTAC_MEMBER_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19)";
#undef HOPTAC_MEMBER_COLUMNS

constexpr std::string_view kRestoreOrganisation =
    "INSERT INTO organisations (id, kind, registry_code, legacy_code, created_at, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

// changed_in: the version this transaction's commit will give the registry (kBumpVersions adds 1;
// BEGIN IMMEDIATE keeps every other writer out until then).
constexpr std::string_view kPutLatest =
    "INSERT OR REPLACE INTO org_latest (org_id, sort_key, kind, registry_code, status, name, "
    "field, unit_code, unit_since, founded_on, ended_on, models, changed_in) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "(SELECT registry + 1 FROM data_versions WHERE id = 1))";

// Lists and searches: the statement holds only the conditions of the filters given (constant
// fragments, values always bound), so that SQLite can use the unit index for a unit's list
// instead of walking every row in name order to test "?n IS NULL OR …" (docs/benchmarks.md,
// Server). Parameter numbers are fixed per filter; ?9 (the limit) is always there. The order and
// the cursor's condition are constant pieces per sort (store/list_order.hpp): ?8 the cursor's
// name key, ?10 its sort value.
constexpr std::string_view kQueryLatestSelect =
    "SELECT l.org_id, l.sort_key, l.kind, l.registry_code, l.status, l.name, l.field, "
    "l.unit_code, l.unit_since, l.founded_on, l.ended_on, l.models FROM org_latest l WHERE 1";
constexpr std::string_view kQueryLatestFilters[] = {
    " AND l.kind = ?1",
    " AND l.status = ?2",
    " AND l.field = ?3",
    " AND instr(char(10) || l.models || char(10), char(10) || ?4 || char(10)) > 0",
    " AND substr(l.registry_code, 1, length(?5)) = ?5",
    " AND l.org_id IN (SELECT n.org_id FROM org_names n WHERE contains_all(n.folded, ?6))",
    " AND l.unit_code IN (SELECT value FROM json_each(?7))",
    // A search's candidates from the word index (SearchByWords), each checked against the words.
    " AND l.org_id IN (SELECT value FROM json_each(?11)) AND EXISTS (SELECT 1 FROM org_names n "
    "WHERE n.org_id = l.org_id AND contains_all(n.folded, ?6))",
};
// Every folded name (ForEachLatest; the rows are kQueryLatestSelect's, unfiltered).
constexpr std::string_view kSelectAllFoldedNames = "SELECT org_id, folded FROM org_names";
// The rows written since a version, at most ?2 (ForEachLatestChangedSince; after
// kQueryLatestSelect), and their names.
constexpr std::string_view kLatestChangedSince = " AND l.changed_in > ?1 LIMIT ?2";
constexpr std::string_view kSelectFoldedNamesOf = "SELECT folded FROM org_names WHERE org_id = ?1";
// A query word found in at most this many vocabulary words is read from the word index, one
// cursor per vocabulary word ("ong" is in 57 nationally, "an" in 102: a page of either reads a
// few rows of each); a word of one letter is in hundreds, and the names are checked for it.
constexpr size_t kMaxIndexWords = 128;
// A search whose other words or filters turn down most of the candidates ("cam" is in "trồng cam"
// and in every "Cẩm …" place name) would read too many: once the candidates read so far, and those
// they let one expect still to need, pass this many, it scans the remaining names instead (a
// bounded cost, about 35 ms nationally).
constexpr int64_t kMaxIndexCandidates = 4000;
// The streams' reading (rows, and 8 a statement), past which a search scans the remaining names
// instead: about what that scan costs.
constexpr int64_t kMaxStreamCost = 100000;
// With a unit, the kind and status tests are kept off their indexes (a unary +): walking every
// cooperative group in name order to find a commune's five took 230 ms; the unit's index takes
// its rows at once and sorts them.
// So with a search's candidates: each is read by its id, where the kind's or the status's index
// would walk every operating organisation in name order looking for the 64 candidates of a batch
// (100–180 ms for "trồng chè" with status=operating); the unit's test likewise.
constexpr std::string_view kQueryLatestKindOffIndex = " AND +l.kind = ?1";
constexpr std::string_view kQueryLatestStatusOffIndex = " AND +l.status = ?2";
constexpr std::string_view kQueryLatestUnitOffIndex =
    " AND +l.unit_code IN (SELECT value FROM json_each(?7))";

// A unit's list in name order, with no other filter than kind and status: the page's ids come
// from the covering index of migration 0015 (the unit, kind and status tests, the order and the
// cursor all on index columns), and only their rows are read. Walking the unit index read every
// row of a province (thousands) to sort them for a page.
constexpr std::string_view kQueryUnitPageSelect =
    "SELECT o.org_id, o.sort_key, o.kind, o.registry_code, o.status, o.name, o.field, "
    "o.unit_code, o.unit_since, o.founded_on, o.ended_on, o.models FROM org_latest o "
    "WHERE o.org_id IN (SELECT l.org_id FROM org_latest l "
    "INDEXED BY org_latest_by_unit_kind_status WHERE l.unit_code IN (SELECT value FROM "
    "json_each(?7))";

constexpr std::string_view kBeginSnapshot = "BEGIN";
constexpr std::string_view kEndSnapshot = "COMMIT";

constexpr std::string_view kSelectUnits =
    "SELECT code, valid_from, valid_to, name, level, parent_code, legacy FROM units";
constexpr std::string_view kSelectSuccessions =
    "SELECT from_code, to_code, effective, partial FROM unit_successions";
constexpr std::string_view kSelectAliases = "SELECT code, name, source FROM unit_aliases";
constexpr std::string_view kInsertUnit =
    "INSERT INTO units (code, valid_from, valid_to, name, level, parent_code, legacy) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kInsertSuccession =
    "INSERT INTO unit_successions (from_code, to_code, effective, partial) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kInsertAlias =
    "INSERT OR IGNORE INTO unit_aliases (code, name, source) VALUES (?1, ?2, ?3)";
constexpr std::string_view kDeleteUnits =
    "DELETE FROM units; DELETE FROM unit_successions; DELETE FROM unit_aliases;";

constexpr std::string_view kCounts =
    "SELECT (SELECT count(*) FROM organisations), (SELECT count(*) FROM events), "
    "(SELECT count(*) FROM event_voids), (SELECT count(*) FROM yearly_figures), "
    "(SELECT count(*) FROM units), (SELECT count(*) FROM members), "
    "(SELECT count(*) FROM audit_log)";

// One statement for every audit query: a NULL parameter switches its filter off. An entity
// filter ending in '/' is a prefix (every organisation), otherwise exact.
constexpr std::string_view kQueryAudit =
    "SELECT id, at, actor, address, request_id, action, entity, before, after FROM audit_log "
    "WHERE (?1 IS NULL OR actor = ?1) "
    "AND (?2 IS NULL OR (substr(?2, -1) = '/' AND substr(entity, 1, length(?2)) = ?2) "
    "     OR entity = ?2) "
    "AND (?3 IS NULL OR action = ?3) "
    "AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5) "
    "AND (?6 IS NULL OR id < ?6) "
    "ORDER BY id DESC LIMIT ?7";

// The versions of decision 0031 (migration 0009).
constexpr std::string_view kSelectVersions =
    "SELECT registry, units FROM data_versions WHERE id = 1";
constexpr std::string_view kBumpVersions =
    "UPDATE data_versions SET registry = registry + ?1, units = units + ?2 WHERE id = 1";

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr std::string_view kSelectMigrationApplied =
    "SELECT count(*) FROM schema_migrations WHERE version = ?1";
constexpr std::string_view kInsertMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

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

std::string JoinWords(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& w : v) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

// contains_all(text, words): 1 when every space-separated word of `words` occurs in `text`.
// Search over folded names calls it once per name; it allocates nothing.
void ContainsAll(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto* words = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  if (text == nullptr || words == nullptr) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  const std::string_view hay(text, static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string_view rest(words, static_cast<size_t>(sqlite3_value_bytes(argv[1])));
  while (!rest.empty()) {
    const size_t end = rest.find(' ');
    const std::string_view word = rest.substr(0, end);
    if (!word.empty() && hay.find(word) == std::string_view::npos) {
      sqlite3_result_int(ctx, 0);
      return;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  sqlite3_result_int(ctx, 1);
}

std::string JsonArray(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : v[i]) {
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(c);
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out += ' ';
      } else {
        out.push_back(c);
      }
    }
    out.push_back('"');
  }
  out.push_back(']');
  return out;
}

// Stored values were validated on the way in; a value that no longer parses means the file
// was changed behind hoptac's back.
Date StoredDate(const std::string& s) {
  auto d = Date::Parse(s);
  return d.ok() ? *d : Date();
}
Timestamp StoredTime(const std::string& s) {
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

template <typename E, typename ParseFn>
E StoredEnum(const std::string& s, ParseFn parse, E fallback) {
  auto r = parse(s, "stored");
  return r.ok() ? *r : fallback;
}

}  // namespace

// The connection and its prepared statements, shared by the store and its transactions.
struct SqliteStore::Impl {
  Connection conn;
  text::ViCollator collator;
  int schema_version = 0;
  int schema_version_found = 0;  // before the migrations of Open
  bool in_write = false;
  bool in_snapshot = false;  // BeginSnapshot's read transaction is open
  std::unordered_map<const char*, Statement> cache;
  std::map<unsigned, std::string> list_sql;  // QueryLatest's statements, by filters and order
  std::set<OrgId> new_names;  // organisations given a new name in this write, for IndexWords

  explicit Impl(Connection c) : conn(std::move(c)) {}

  Result<Statement*> Stmt(std::string_view sql) {
    auto it = cache.find(sql.data());
    if (it == cache.end()) {
      auto s = conn.Prepare(sql);
      if (!s.ok()) return s.take_error();
      it = cache.emplace(sql.data(), std::move(s).value()).first;
    }
    it->second.Reset();
    return &it->second;
  }

  static Organisation ReadOrganisation(const Statement& s) {
    Organisation o;
    o.id = s.Int(0);
    o.kind = StoredEnum(s.Text(1), domain::ParseOrgKind, domain::OrgKind::kHTX);
    o.registry_code = s.Text(2);
    o.legacy_code = s.Int(3) != 0;
    o.created_at = StoredTime(s.Text(4));
    o.created_by = s.Text(5);
    return o;
  }

  static Event ReadEvent(const Statement& s) {
    Event e;
    e.id = s.Int(0);
    e.org_id = s.Int(1);
    e.type = StoredEnum(s.Text(2), domain::ParseEventType, domain::EventType::kAmended);
    e.effective_date = StoredDate(s.Text(3));
    e.recorded_at = StoredTime(s.Text(4));
    e.recorded_by = s.Text(5);
    e.basis.decision_no = s.Text(6);
    if (!s.IsNull(7)) e.basis.decision_date = StoredDate(s.Text(7));
    e.basis.decided_by = s.Text(8);
    if (!s.IsNull(9)) {
      e.ground =
          StoredEnum(s.Text(9), domain::ParseGround, domain::DissolutionGround::kCourtDecision);
    }
    domain::Changes& c = e.changes;
    c.name = s.OptText(10);
    c.short_name = s.OptText(11);
    c.foreign_name = s.OptText(12);
    if (!s.IsNull(13)) {
      c.field = StoredEnum(s.Text(13), domain::ParseField, domain::Field::kAgriculture);
    }
    if (!s.IsNull(14)) c.sectors = SplitLines(s.Text(14));
    c.unit_code = s.OptText(15);
    c.address_detail = s.OptText(16);
    c.representative = s.OptText(17);
    c.charter_capital = ToMoney(s.OptInt(18));
    if (!s.IsNull(19)) c.models = SplitLines(s.Text(19));
    c.certificate_no = s.OptText(20);
    e.note = s.Text(21);
    if (!s.IsNull(22)) {
      e.voided = domain::EventVoid{StoredTime(s.Text(22)), s.Text(23), s.Text(24)};
    }
    return e;
  }

  Result<std::optional<Organisation>> FindOrganisation(std::string_view sql, auto bind) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(sql));
    bind(*s);
    HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
    std::optional<Organisation> out;
    if (row) out = ReadOrganisation(*s);
    s->Reset();
    return out;
  }

  Result<std::vector<Event>> LoadEvents(OrgId id) {
    std::vector<Event> events;
    {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectEventsOfOrg));
      s->Bind(1, id);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        events.push_back(ReadEvent(*s));
      }
      s->Reset();
    }
    // The order of domain::Fold: by effective date, then as recorded. They come by date already.
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(a.effective_date, a.recorded_at, a.id) <
             std::tie(b.effective_date, b.recorded_at, b.id);
    });
    HOPTAC_ASSIGN_OR_RETURN(Statement * l, Stmt(kSelectLinksOfOrg));
    l->Bind(1, id);
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, l->Step());
      if (!row) break;
      const EventId eid = l->Int(0);
      for (Event& e : events) {
        if (e.id == eid) e.related.push_back(l->Int(1));
      }
    }
    l->Reset();
    return events;
  }

  Result<std::optional<Date>> FoundedOn(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectFoundedOn));
    s->Bind(1, id).Bind(2, domain::Id(domain::EventType::kFounded));
    HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
    std::optional<Date> out;
    if (row && !s->IsNull(0)) out = StoredDate(s->Text(0));
    s->Reset();
    return out;
  }

  Result<std::optional<Event>> FindEvent(EventId id) {
    std::optional<Event> out;
    {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectEvent));
      s->Bind(1, id);
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) out = ReadEvent(*s);
      s->Reset();
    }
    if (out) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * l, Stmt(kSelectLinksOfEvent));
      l->Bind(1, id);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(bool row, l->Step());
        if (!row) break;
        out->related.push_back(l->Int(1));
      }
      l->Reset();
    }
    return out;
  }

  static YearlyFigures ReadFigures(const Statement& s) {
    YearlyFigures f;
    f.org_id = s.Int(0);
    f.year = static_cast<int>(s.Int(1));
    f.recorded_at = StoredTime(s.Text(2));
    f.recorded_by = s.Text(3);
    f.source = s.Text(4);
    f.members = s.OptInt(5);
    f.members_individual = s.OptInt(6);
    f.members_household = s.OptInt(7);
    f.members_legal_entity = s.OptInt(8);
    f.workers = s.OptInt(9);
    f.workers_members = s.OptInt(10);
    f.charter_capital = ToMoney(s.OptInt(11));
    f.total_assets = ToMoney(s.OptInt(12));
    f.revenue = ToMoney(s.OptInt(13));
    f.revenue_from_members = ToMoney(s.OptInt(14));
    f.profit_before_tax = ToMoney(s.OptInt(15));
    f.avg_income = ToMoney(s.OptInt(16));
    if (!s.IsNull(17)) {
      f.rating = StoredEnum(s.Text(17), domain::ParseRating, domain::Rating::kNotRated);
    }
    f.rating_scheme = s.Text(18);
    f.rating_score = s.OptInt(19);
    // Written by FormatRatingPoints; a value that does not parse (edited by hand) reads as none.
    auto points = domain::ParseRatingPoints(s.Text(20));
    if (points.ok()) f.rating_points = std::move(points).value();
    return f;
  }

  Result<std::vector<YearlyFigures>> LoadFigures(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectFigures));
    s->Bind(1, id);
    std::vector<YearlyFigures> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(ReadFigures(*s));
    }
    s->Reset();
    return out;
  }

  static domain::Member ReadMember(const Statement& s) {
    domain::Member m;
    m.org_id = s.Int(0);
    m.member_no = s.Text(1);
    m.recorded_at = StoredTime(s.Text(2));
    m.recorded_by = s.Text(3);
    m.type = StoredEnum(s.Text(4), domain::ParseMemberType, domain::MemberType::kIndividual);
    m.kind =
        StoredEnum(s.Text(5), domain::ParseMembershipKind, domain::MembershipKind::kMember2012);
    m.name = s.Text(6);
    m.representative = s.Text(7);
    m.id_number = s.Text(8);
    m.nationality = s.Text(9);
    m.address = s.Text(10);
    m.joined_on = StoredDate(s.Text(11));
    if (!s.IsNull(12)) m.left_on = StoredDate(s.Text(12));
    m.left_reason = s.Text(13);
    m.capital = ToMoney(s.OptInt(14));
    if (!s.IsNull(15)) m.capital_date = StoredDate(s.Text(15));
    m.capital_certificate_no = s.Text(16);
    if (!s.IsNull(17)) m.capital_certificate_date = StoredDate(s.Text(17));
    m.note = s.Text(18);
    return m;
  }

  Result<std::vector<domain::Member>> LoadMembers(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectMembers));
    s->Bind(1, id);
    std::vector<domain::Member> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(ReadMember(*s));
    }
    s->Reset();
    return out;
  }

  // Appends an event (with the id it has, or a new one when 0), its links and its names.
  Result<EventId> InsertEvent(const Event& e, bool keep_id) {
    const domain::Changes& c = e.changes;
    {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kInsertEvent));
      s->Bind(1, e.org_id)
          .Bind(2, domain::Id(e.type))
          .Bind(3, e.effective_date.ToString())
          .Bind(4, e.recorded_at.ToString())
          .Bind(5, e.recorded_by)
          .Bind(6, e.basis.decision_no)
          .Bind(7, OptDate(e.basis.decision_date))
          .Bind(8, e.basis.decided_by)
          .Bind(9, e.ground ? std::optional<std::string>(domain::Id(*e.ground)) : std::nullopt)
          .Bind(10, c.name)
          .Bind(11, c.short_name)
          .Bind(12, c.foreign_name)
          .Bind(13, c.field ? std::optional<std::string>(domain::Id(*c.field)) : std::nullopt)
          .Bind(14, c.sectors ? std::optional<std::string>(JoinLines(*c.sectors)) : std::nullopt)
          .Bind(15, c.unit_code)
          .Bind(16, c.address_detail)
          .Bind(17, c.representative)
          .Bind(18, OptMoney(c.charter_capital))
          .Bind(19, c.models ? std::optional<std::string>(JoinLines(*c.models)) : std::nullopt)
          .Bind(20, c.certificate_no)
          .Bind(21, e.note)
          .Bind(22, keep_id ? std::optional<int64_t>(e.id) : std::nullopt);
      auto r = s->Run();
      if (!r.ok()) {
        if (r.error().code == ErrorCode::kConflict) {
          return Error::Conflict("an event with this id exists already", "event_id",
                                 std::to_string(e.id));
        }
        return r.take_error();
      }
    }
    const EventId id = conn.LastInsertId();
    for (size_t i = 0; i < e.related.size(); ++i) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * l, Stmt(kInsertLink));
      l->Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, e.related[i]);
      HOPTAC_RETURN_IF_ERROR(l->Run());
    }
    for (const auto* name : {&c.name, &c.short_name, &c.foreign_name}) {
      if (!*name || (*name)->empty()) continue;
      HOPTAC_ASSIGN_OR_RETURN(Statement * n, Stmt(kInsertName));
      const std::string folded = text::Fold(**name);
      n->Bind(1, e.org_id).Bind(2, **name).Bind(3, folded);
      HOPTAC_RETURN_IF_ERROR(n->Run());
      if (sqlite3_changes(conn.handle()) > 0) new_names.insert(e.org_id);
    }
    return id;
  }

  // Rewrites an organisation's words in the index when its sort key or its names changed. Its
  // words under the old key are among the words of the names it has now (names are only added).
  Status IndexWords(OrgId org, const std::string& sort_key) {
    std::string old_key;
    {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectLatestKey));
      s->Bind(1, org);
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) old_key = s->Blob(0);
      s->Reset();
    }
    const bool renamed = new_names.erase(org) > 0;
    if (old_key == sort_key && !renamed) return OkStatus();
    std::set<std::string> words;
    {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectFoldedNames));
      s->Bind(1, org);
      for (;;) {
        HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        for (std::string& w : text::Tokens(s->Text(0))) words.insert(std::move(w));
      }
      s->Reset();
    }
    for (const std::string& w : words) {
      bool had = false;
      if (!old_key.empty()) {
        HOPTAC_ASSIGN_OR_RETURN(Statement * d, Stmt(kDeleteOrgWord));
        d->Bind(1, w).BindBlob(2, old_key);
        HOPTAC_RETURN_IF_ERROR(d->Run());
        had = sqlite3_changes(conn.handle()) > 0;
      }
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kInsertOrgWord));
      s->Bind(1, w).BindBlob(2, sort_key).Bind(3, org);
      HOPTAC_RETURN_IF_ERROR(s->Run());
      if (!had) {
        HOPTAC_ASSIGN_OR_RETURN(Statement * c, Stmt(kCountNameWord));
        c->Bind(1, w);
        HOPTAC_RETURN_IF_ERROR(c->Run());
      }
    }
    return OkStatus();
  }

  // The name words containing `token` and how many organisations have them (an upper bound on
  // the organisations whose names contain it).
  Result<int64_t> WordsContaining(const std::string& token, std::vector<std::string>& words) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectNameWords));
    s->Bind(1, token);
    int64_t orgs = 0;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      words.push_back(s->Text(0));
      orgs += s->Int(1);
    }
    s->Reset();
    return orgs;
  }

  Result<std::vector<OrgId>> LinkedTo(OrgId id) {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, Stmt(kSelectLinkedTo));
    s->Bind(1, id);
    std::vector<OrgId> out;
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(s->Int(0));
    }
    s->Reset();
    return out;
  }

  Status Migrate() {
    HOPTAC_RETURN_IF_ERROR(conn.Exec(kCreateMigrationsTable));
    {
      HOPTAC_ASSIGN_OR_RETURN(Statement s, conn.Prepare(kSelectSchemaVersion));
      HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
      schema_version = row ? static_cast<int>(s.Int(0)) : 0;
      schema_version_found = schema_version;
    }
    if (std::string newer = NewerSchema(schema_version, Migrations()); !newer.empty()) {
      return Error::Conflict(std::move(newer), "schema_version", std::to_string(schema_version));
    }
    for (const Migration& m : Migrations()) {
      // Every migration not applied yet, also one numbered below the newest applied (branches
      // developed side by side may land in either order).
      {
        HOPTAC_ASSIGN_OR_RETURN(Statement s, conn.Prepare(kSelectMigrationApplied));
        s.Bind(1, int64_t{m.version});
        HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
        if (row && s.Int(0) > 0) continue;
      }
      HOPTAC_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
      Status applied = conn.Exec(m.sql);
      if (applied.ok()) {
        auto ins = conn.Prepare(kInsertMigration);
        applied = ins.ok() ? ins->Bind(1, int64_t{m.version}).Bind(2, m.name).Run()
                           : Status(ins.take_error());
      }
      if (!applied.ok()) {
        (void)conn.Exec("ROLLBACK");
        return applied;
      }
      HOPTAC_RETURN_IF_ERROR(conn.Exec("COMMIT"));
      schema_version = std::max(schema_version, m.version);
    }
    return OkStatus();
  }
};

namespace {

class SqliteWriteTransaction final : public domain::WriteTransaction {
 public:
  explicit SqliteWriteTransaction(SqliteStore::Impl& impl) : impl_(impl) {}
  ~SqliteWriteTransaction() override {
    if (!done_) (void)impl_.conn.Exec("ROLLBACK");
    impl_.in_write = false;
  }

  Result<std::optional<Organisation>> FindOrganisation(OrgId id) override {
    return impl_.FindOrganisation(kSelectOrganisationById, [&](Statement& s) { s.Bind(1, id); });
  }
  Result<std::optional<Organisation>> FindOrganisationByCode(std::string_view code) override {
    return impl_.FindOrganisation(kSelectOrganisationByCode,
                                  [&](Statement& s) { s.Bind(1, code); });
  }
  Result<std::vector<Event>> LoadEvents(OrgId id) override { return impl_.LoadEvents(id); }
  Result<std::optional<Event>> FindEvent(EventId id) override { return impl_.FindEvent(id); }
  Result<std::vector<YearlyFigures>> LoadFigures(OrgId id) override {
    return impl_.LoadFigures(id);
  }
  Result<std::vector<OrgId>> LinkedTo(OrgId id) override { return impl_.LinkedTo(id); }
  Result<std::optional<Date>> FoundedOn(OrgId id) override { return impl_.FoundedOn(id); }
  Result<std::vector<domain::Member>> LoadMembers(OrgId id) override {
    return impl_.LoadMembers(id);
  }

  Result<OrgId> InsertOrganisation(const Organisation& o) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertOrganisation));
    s->Bind(1, domain::Id(o.kind))
        .Bind(2, o.registry_code)
        .Bind(3, int64_t{o.legacy_code})
        .Bind(4, o.created_at.ToString())
        .Bind(5, o.created_by);
    auto r = s->Run();
    if (!r.ok()) {
      if (r.error().code == ErrorCode::kConflict) {
        return Error::Conflict("an organisation with this registry code already exists",
                               "registry_code", o.registry_code);
      }
      return r.take_error();
    }
    return impl_.conn.LastInsertId();
  }

  Result<EventId> AppendEvent(const Event& e) override {
    registry_changed_ = true;
    return impl_.InsertEvent(e, false);
  }

  Status AppendVoid(EventId id, const domain::EventVoid& v) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertVoid));
    s->Bind(1, id).Bind(2, v.voided_at.ToString()).Bind(3, v.voided_by).Bind(4, v.reason);
    auto r = s->Run();
    if (!r.ok() && r.error().code == ErrorCode::kConflict) {
      return Error::Conflict("the event is already void", "event_id", std::to_string(id));
    }
    return r;
  }

  Status AppendFigures(const YearlyFigures& f) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertFigures));
    s->Bind(1, f.org_id)
        .Bind(2, int64_t{f.year})
        .Bind(3, TimeText(f.recorded_at))
        .Bind(4, f.recorded_by)
        .Bind(5, f.source)
        .Bind(6, f.members)
        .Bind(7, f.members_individual)
        .Bind(8, f.members_household)
        .Bind(9, f.members_legal_entity)
        .Bind(10, f.workers)
        .Bind(11, f.workers_members)
        .Bind(12, OptMoney(f.charter_capital))
        .Bind(13, OptMoney(f.total_assets))
        .Bind(14, OptMoney(f.revenue))
        .Bind(15, OptMoney(f.revenue_from_members))
        .Bind(16, OptMoney(f.profit_before_tax))
        .Bind(17, OptMoney(f.avg_income))
        .Bind(18, f.rating ? std::optional<std::string>(domain::Id(*f.rating)) : std::nullopt)
        .Bind(19, f.rating_scheme)
        .Bind(20, f.rating_score)
        .Bind(21, domain::FormatRatingPoints(f.rating_points));
    return s->Run();
  }

  Status AppendMember(const domain::Member& m) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertMember));
    s->Bind(1, m.org_id)
        .Bind(2, m.member_no)
        .Bind(3, TimeText(m.recorded_at))
        .Bind(4, m.recorded_by)
        .Bind(5, domain::Id(m.type))
        .Bind(6, domain::Id(m.kind))
        .Bind(7, m.name)
        .Bind(8, m.representative)
        .Bind(9, m.id_number)
        .Bind(10, m.nationality)
        .Bind(11, m.address)
        .Bind(12, m.joined_on.ToString())
        .Bind(13, OptDate(m.left_on))
        .Bind(14, m.left_reason)
        .Bind(15, OptMoney(m.capital))
        .Bind(16, OptDate(m.capital_date))
        .Bind(17, m.capital_certificate_no)
        .Bind(18, OptDate(m.capital_certificate_date))
        .Bind(19, m.note);
    return s->Run();
  }

  Status RestoreOrganisation(const Organisation& o) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kRestoreOrganisation));
    s->Bind(1, o.id)
        .Bind(2, domain::Id(o.kind))
        .Bind(3, o.registry_code)
        .Bind(4, int64_t{o.legacy_code})
        .Bind(5, o.created_at.ToString())
        .Bind(6, o.created_by);
    auto r = s->Run();
    if (!r.ok() && r.error().code == ErrorCode::kConflict) {
      return Error::Conflict("an organisation with this id or registry code exists already",
                             "registry_code", o.registry_code);
    }
    return r;
  }

  Status RestoreEvent(const Event& e) override {
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(EventId id, impl_.InsertEvent(e, true));
    if (e.voided) return AppendVoid(id, *e.voided);
    return OkStatus();
  }

  Status PutLatest(const domain::OrgState& st) override {
    const std::string sort_key = impl_.collator.RowKey(st.name, st.id);
    HOPTAC_RETURN_IF_ERROR(impl_.IndexWords(st.id, sort_key));
    registry_changed_ = true;
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kPutLatest));
    s->Bind(1, st.id)
        .BindBlob(2, sort_key)
        .Bind(3, domain::Id(st.kind))
        .Bind(4, st.registry_code)
        .Bind(5, domain::Id(st.status))
        .Bind(6, st.name)
        .Bind(7, domain::Id(st.field))
        .Bind(8, st.unit_code)
        .Bind(9, st.unit_since.ToString())
        .Bind(10, st.founded_on.ToString())
        .Bind(11, OptDate(st.ended_on))
        .Bind(12, JoinLines(st.models));
    return s->Run();
  }

  Status ReplaceUnits(const std::vector<domain::Unit>& units,
                      const std::vector<domain::UnitSuccession>& successions,
                      const std::vector<domain::UnitAlias>& aliases) override {
    units_changed_ = true;
    HOPTAC_RETURN_IF_ERROR(impl_.conn.Exec(kDeleteUnits));
    for (const auto& u : units) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertUnit));
      s->Bind(1, u.code)
          .Bind(2, u.valid_from.ToString())
          .Bind(3, u.valid_to.ToString())
          .Bind(4, u.name)
          .Bind(5, domain::UnitLevelName(u.level))
          .Bind(6, u.parent_code)
          .Bind(7, int64_t{u.legacy});
      HOPTAC_RETURN_IF_ERROR(s->Run());
    }
    for (const auto& x : successions) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertSuccession));
      s->Bind(1, x.from_code)
          .Bind(2, x.to_code)
          .Bind(3, x.effective.ToString())
          .Bind(4, int64_t{x.partial});
      HOPTAC_RETURN_IF_ERROR(s->Run());
    }
    for (const auto& a : aliases) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertAlias));
      s->Bind(1, a.code).Bind(2, a.name).Bind(3, a.source);
      HOPTAC_RETURN_IF_ERROR(s->Run());
    }
    return OkStatus();
  }

  Status AppendAudit(const domain::AuditEntry& a) override {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kInsertAuditRow));
    BindAuditRow(*s, a);
    return s->Run();
  }

  Status Commit() override {
    if (registry_changed_ || units_changed_) {
      HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_.Stmt(kBumpVersions));
      s->Bind(1, int64_t{registry_changed_}).Bind(2, int64_t{units_changed_});
      HOPTAC_RETURN_IF_ERROR(s->Run());
    }
    HOPTAC_RETURN_IF_ERROR(impl_.conn.Exec("COMMIT"));
    done_ = true;
    return OkStatus();
  }

 private:
  SqliteStore::Impl& impl_;
  bool done_ = false;
  // What the transaction changed: Commit adds 1 to those versions (domain::DataVersions).
  bool registry_changed_ = false;
  bool units_changed_ = false;
  // The text of the last recording time written: an import writes thousands of rows at one time.
  Timestamp time_ = Timestamp::Max();
  std::string time_text_ = time_.ToString();

  const std::string& TimeText(Timestamp t) {
    if (t != time_) {
      time_ = t;
      time_text_ = t.ToString();
    }
    return time_text_;
  }
};

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  HOPTAC_ASSIGN_OR_RETURN(Connection conn, Connection::Open(path));
  if (sqlite3_create_function_v2(conn.handle(), "contains_all", 2,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 ContainsAll, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error::Internal("cannot register the search function");
  }
  auto impl = std::make_unique<Impl>(std::move(conn));
  HOPTAC_RETURN_IF_ERROR(impl->Migrate());
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

int SqliteStore::schema_version() const { return impl_->schema_version; }
int SqliteStore::schema_version_found() const { return impl_->schema_version_found; }

Result<std::optional<Organisation>> SqliteStore::FindOrganisation(OrgId id) {
  return impl_->FindOrganisation(kSelectOrganisationById, [&](Statement& s) { s.Bind(1, id); });
}
Result<std::optional<Organisation>> SqliteStore::FindOrganisationByCode(std::string_view code) {
  return impl_->FindOrganisation(kSelectOrganisationByCode, [&](Statement& s) { s.Bind(1, code); });
}
Result<std::vector<Event>> SqliteStore::LoadEvents(OrgId id) { return impl_->LoadEvents(id); }
Result<std::optional<Event>> SqliteStore::FindEvent(EventId id) { return impl_->FindEvent(id); }
Result<std::vector<YearlyFigures>> SqliteStore::LoadFigures(OrgId id) {
  return impl_->LoadFigures(id);
}
Result<std::vector<OrgId>> SqliteStore::LinkedTo(OrgId id) { return impl_->LinkedTo(id); }
Result<std::optional<Date>> SqliteStore::FoundedOn(OrgId id) { return impl_->FoundedOn(id); }

Status SqliteStore::BeginSnapshot() {
  if (impl_->in_write || impl_->in_snapshot) {
    return Error::Internal("a read snapshot cannot begin inside another transaction");
  }
  // Deferred: the read lock comes with the first read. Prepared once, as every request has one.
  HOPTAC_ASSIGN_OR_RETURN(Statement * begin, impl_->Stmt(kBeginSnapshot));
  HOPTAC_RETURN_IF_ERROR(begin->Run());
  impl_->in_snapshot = true;
  return OkStatus();
}

void SqliteStore::EndSnapshot() {
  if (!impl_->in_snapshot) return;
  // Nothing was written: this only lets the snapshot go. Should the COMMIT fail, the ROLLBACK
  // still ends the transaction, so that the pooled connection's next request starts afresh.
  Result<Statement*> commit = impl_->Stmt(kEndSnapshot);
  if (!commit.ok() || !(*commit)->Run().ok()) (void)impl_->conn.Exec("ROLLBACK");
  impl_->in_snapshot = false;
}
Result<std::vector<domain::Member>> SqliteStore::LoadMembers(OrgId id) {
  return impl_->LoadMembers(id);
}

Result<std::unique_ptr<domain::WriteTransaction>> SqliteStore::BeginWrite() {
  if (impl_->in_write) return Error::Internal("a write transaction is already open");
  if (impl_->in_snapshot) return Error::Internal("a write cannot begin inside a read snapshot");
  HOPTAC_RETURN_IF_ERROR(impl_->conn.Exec("BEGIN IMMEDIATE"));
  impl_->in_write = true;
  return std::unique_ptr<domain::WriteTransaction>(new SqliteWriteTransaction(*impl_));
}

Result<domain::UnitCatalog> SqliteStore::LoadUnits() {
  std::vector<domain::Unit> units;
  std::vector<domain::UnitSuccession> successions;
  std::vector<domain::UnitAlias> aliases;
  {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_->Stmt(kSelectUnits));
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      domain::Unit u;
      u.code = s->Text(0);
      u.valid_from = StoredDate(s->Text(1));
      u.valid_to = StoredDate(s->Text(2));
      u.name = s->Text(3);
      auto level = domain::ParseUnitLevel(s->Text(4));
      u.level = level.ok() ? *level : domain::UnitLevel::kCommune;
      u.parent_code = s->Text(5);
      u.legacy = s->Int(6) != 0;
      units.push_back(std::move(u));
    }
    s->Reset();
  }
  {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_->Stmt(kSelectSuccessions));
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      successions.push_back({s->Text(0), s->Text(1), StoredDate(s->Text(2)), s->Int(3) != 0});
    }
    s->Reset();
  }
  {
    HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_->Stmt(kSelectAliases));
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      aliases.push_back({s->Text(0), s->Text(1), s->Text(2)});
    }
    s->Reset();
  }
  return domain::UnitCatalog::Build(std::move(units), std::move(successions), std::move(aliases));
}

namespace {

// One page of the list: the filters given, and when `candidates` is given only those
// organisations, checked against the search words (the word index's candidates).
// A row of kQueryLatestSelect's columns.
domain::OrgListRow ReadListRow(const Statement& s) {
  domain::OrgListRow r;
  domain::OrgState& st = r.state;
  st.id = s.Int(0);
  r.sort_key = s.Blob(1);
  st.kind = StoredEnum(s.Text(2), domain::ParseOrgKind, domain::OrgKind::kHTX);
  st.registry_code = s.Text(3);
  st.status = StoredEnum(s.Text(4), domain::ParseStatus, domain::LegalStatus::kOperating);
  st.name = s.Text(5);
  st.field = StoredEnum(s.Text(6), domain::ParseField, domain::Field::kAgriculture);
  st.unit_code = s.Text(7);
  st.unit_since = StoredDate(s.Text(8));
  st.founded_on = StoredDate(s.Text(9));
  if (!s.IsNull(10)) st.ended_on = StoredDate(s.Text(10));
  st.models = SplitLines(s.Text(11));
  st.exists = true;
  return r;
}

Result<std::vector<domain::OrgListRow>> QueryLatestOf(SqliteStore::Impl& impl,
                                                      const domain::OrgQuery& q,
                                                      const std::vector<OrgId>* candidates) {
  const bool words = !q.name_tokens.empty();
  const bool given[] = {q.kind.has_value(),    q.status.has_value(),   q.field.has_value(),
                        !q.model.empty(),      !q.code_prefix.empty(), words && !candidates,
                        !q.unit_codes.empty(), words && candidates};
  const bool after = !q.after_key.empty();
  unsigned mask = 0;
  for (unsigned i = 0; i < std::size(given); ++i) mask |= given[i] ? 1u << i : 0u;
  mask |=
      (after ? 1u : 0u) << 8 | (q.descending ? 1u : 0u) << 9 | static_cast<unsigned>(q.sort) << 10;
  std::string& sql = impl.list_sql[mask];  // stays put: the statement cache keys on its data
  const bool unit_page = !q.unit_codes.empty() && !candidates && !q.field && q.model.empty() &&
                         q.code_prefix.empty() && !words && q.sort == domain::OrgSort::kName;
  if (sql.empty() && unit_page) {
    sql = kQueryUnitPageSelect;
    if (q.kind) sql.append(kQueryLatestFilters[0]);
    if (q.status) sql.append(kQueryLatestFilters[1]);
    if (after) sql.append(ListAfter(q.sort, q.descending, "?10", "?8"));
    sql.append(ListOrder(q.sort, q.descending)).append(" LIMIT ?9)");
    sql.append(q.descending ? " ORDER BY o.sort_key DESC" : " ORDER BY o.sort_key ASC");
  } else if (sql.empty()) {
    sql = kQueryLatestSelect;
    const bool in_unit = !q.unit_codes.empty();
    const bool by_id = candidates != nullptr;
    for (unsigned i = 0; i < std::size(given); ++i) {
      if (!given[i]) continue;
      if ((in_unit || by_id) && i == 0) {
        sql.append(kQueryLatestKindOffIndex);
      } else if ((in_unit || by_id) && i == 1) {
        sql.append(kQueryLatestStatusOffIndex);
      } else if (by_id && i == 6) {
        sql.append(kQueryLatestUnitOffIndex);
      } else {
        sql.append(kQueryLatestFilters[i]);
      }
    }
    if (after) sql.append(ListAfter(q.sort, q.descending, "?10", "?8"));
    sql.append(ListOrder(q.sort, q.descending)).append(" LIMIT ?9");
  }
  HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl.Stmt(sql));
  if (candidates) {
    std::string ids = "[";
    for (OrgId id : *candidates) {
      if (ids.size() > 1) ids.push_back(',');
      ids.append(std::to_string(id));
    }
    ids.push_back(']');
    s->Bind(11, ids);
  }
  if (q.kind) s->Bind(1, domain::Id(*q.kind));
  if (q.status) s->Bind(2, domain::Id(*q.status));
  if (q.field) s->Bind(3, domain::Id(*q.field));
  if (!q.model.empty()) s->Bind(4, q.model);
  if (!q.code_prefix.empty()) s->Bind(5, q.code_prefix);
  if (!q.name_tokens.empty()) s->Bind(6, JoinWords(q.name_tokens));
  if (!q.unit_codes.empty()) s->Bind(7, JsonArray(q.unit_codes));
  if (after) s->BindBlob(8, q.after_key);
  if (after && q.sort != domain::OrgSort::kName) s->Bind(10, q.after_value);
  s->Bind(9, static_cast<int64_t>(q.limit));
  std::vector<domain::OrgListRow> out;
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadListRow(*s));
  }
  s->Reset();
  return out;
}

// Organisations in list order (by org_latest.sort_key, one key each) from an index, read a batch
// at a time from where a Seek asks: those having one query word in a name (the union of the rows
// of org_words of each vocabulary word containing it, migration 0013), or those of a kind, a
// status, or both (migrations 0007 and 0014).
class KeyStream {
 public:
  static KeyStream Words(SqliteStore::Impl& impl, const std::vector<std::string>& words) {
    KeyStream s(impl);
    for (const std::string& w : words) s.cursors_.push_back(Cursor{kSelectWordKeysFrom, w, {}});
    return s;
  }
  static KeyStream Filters(SqliteStore::Impl& impl, const domain::OrgQuery& q) {
    KeyStream s(impl);
    if (q.kind && q.status) {
      s.cursors_.push_back(
          Cursor{kSelectKindStatusKeysFrom, domain::Id(*q.kind), domain::Id(*q.status)});
    } else if (q.kind) {
      s.cursors_.push_back(Cursor{kSelectKindKeysFrom, domain::Id(*q.kind), {}});
    } else if (q.status) {
      s.cursors_.push_back(Cursor{kSelectStatusKeysFrom, domain::Id(*q.status), {}});
    }
    return s;
  }
  bool empty() const { return cursors_.empty(); }

  // The first organisation whose key is >= `key`, or nullptr when there is none. `cost` counts
  // the rows read and (8 each) the statements run.
  Result<const std::pair<std::string, OrgId>*> Seek(const std::string& key, int64_t& cost) {
    const std::pair<std::string, OrgId>* best = nullptr;
    for (Cursor& c : cursors_) {
      const auto below = [](const std::pair<std::string, OrgId>& p, const std::string& k) {
        return p.first < k;
      };
      c.at = static_cast<size_t>(std::lower_bound(c.rows.begin() + static_cast<ptrdiff_t>(c.at),
                                                  c.rows.end(), key, below) -
                                 c.rows.begin());
      if (c.at == c.rows.size() && !c.done) {
        // Seeks that stepped through the last batch read on in longer ones; one that jumped
        // past it, in shorter ones.
        c.batch = c.seeks >= 4 ? std::min<int64_t>(c.batch * 2, 1024)
                               : std::max<int64_t>(c.batch / 2, 16);
        c.seeks = 0;
        HOPTAC_ASSIGN_OR_RETURN(Statement * st, impl_.Stmt(c.sql));
        st->Bind(1, c.value).BindBlob(2, key).Bind(3, c.batch);
        if (!c.second.empty()) st->Bind(4, c.second);
        c.rows.clear();
        c.at = 0;
        for (;;) {
          HOPTAC_ASSIGN_OR_RETURN(bool row, st->Step());
          if (!row) break;
          c.rows.emplace_back(st->Blob(0), st->Int(1));
        }
        st->Reset();
        cost += 8 + static_cast<int64_t>(c.rows.size());
        c.done = static_cast<int64_t>(c.rows.size()) < c.batch;
      }
      ++c.seeks;
      if (c.at < c.rows.size() && (best == nullptr || c.rows[c.at].first < best->first)) {
        best = &c.rows[c.at];
      }
    }
    return best;
  }

 private:
  explicit KeyStream(SqliteStore::Impl& impl) : impl_(impl) {}

  struct Cursor {
    std::string_view sql;  // ?1 `value`, ?2 the least key, ?3 how many, ?4 `second` if any
    std::string value;
    std::string second;
    std::vector<std::pair<std::string, OrgId>> rows = {};  // from the last read on, in order
    size_t at = 0;                                         // the first row not below the last seek
    bool done = false;                                     // no rows after `rows`
    int64_t batch = 32;                                    // rows a read asks for
    int64_t seeks = 0;                                     // seeks answered from `rows`
  };
  SqliteStore::Impl& impl_;
  std::vector<Cursor> cursors_;
};

// A search from the word index (migration 0013). Each query word found in at most
// kMaxIndexWords vocabulary words gives a KeyStream, and so do the kind and status filters; the
// organisations in all of them come out in list order by leapfrogging (each stream seeks to the
// furthest key any other stands on, so long runs of one word without the others are skipped, not
// read), and are checked a batch at a time against the words in one name and all the filters,
// until the page is full. Its cost follows the page, not the registry; past kMaxIndexCandidates
// candidates, or kMaxStreamCost, it scans the remaining names instead.
Result<std::vector<domain::OrgListRow>> SearchByWords(SqliteStore::Impl& impl,
                                                      const domain::OrgQuery& q) {
  std::vector<KeyStream> streams;
  for (const std::string& token : q.name_tokens) {
    std::vector<std::string> words;
    HOPTAC_ASSIGN_OR_RETURN(int64_t orgs, impl.WordsContaining(token, words));
    if (orgs == 0) return std::vector<domain::OrgListRow>{};  // no name has this word
    // A word of one or two letters is in hundreds of vocabulary words: the names are checked
    // for it instead.
    if (words.size() <= kMaxIndexWords) streams.push_back(KeyStream::Words(impl, words));
  }
  // The kind and the status are in list order too: a rare kind leads the leapfrog (alone, when
  // every word is too short to follow).
  if (KeyStream f = KeyStream::Filters(impl, q); !f.empty()) streams.push_back(std::move(f));
  if (streams.empty()) return QueryLatestOf(impl, q, nullptr);

  domain::OrgQuery page = q;
  page.after_key.clear();  // every candidate comes after it
  std::vector<domain::OrgListRow> out;
  // The next key to seek: past the cursor ("\0" appended: the least key after it).
  std::string target = q.after_key.empty() ? std::string() : q.after_key + '\0';
  std::string position = q.after_key;  // the last candidate checked
  int64_t batch = std::max<int64_t>(static_cast<int64_t>(q.limit), 64);
  std::vector<OrgId> candidates;
  int64_t examined = 0;
  int64_t cost = 0;
  bool exhausted = false;
  while (out.size() < q.limit && !exhausted) {
    // Candidates still to read at the pass rate seen so far (every one passes before any is read).
    const int64_t needed = static_cast<int64_t>(q.limit - out.size());
    const int64_t expected = out.empty() ? (examined == 0 ? needed : examined * needed)
                                         : examined * needed / static_cast<int64_t>(out.size());
    if (examined + expected > kMaxIndexCandidates || cost > kMaxStreamCost) {
      domain::OrgQuery rest = q;
      rest.after_key = position;
      rest.limit = q.limit - out.size();
      HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::OrgListRow> rows,
                              QueryLatestOf(impl, rest, nullptr));
      for (auto& r : rows) out.push_back(std::move(r));
      break;
    }
    candidates.clear();
    while (static_cast<int64_t>(candidates.size()) < batch && cost <= kMaxStreamCost) {
      bool agreed = true;
      OrgId id = 0;
      for (KeyStream& s : streams) {
        HOPTAC_ASSIGN_OR_RETURN(const auto* at, s.Seek(target, cost));
        if (at == nullptr) {
          exhausted = true;
          break;
        }
        if (at->first != target) {
          target = at->first;
          agreed = false;
        }
        id = at->second;
      }
      if (exhausted) break;
      if (!agreed) continue;  // another round: every stream to the new target
      candidates.push_back(id);
      position = target;
      target.push_back('\0');
    }
    if (candidates.empty()) {
      if (exhausted) break;
      continue;  // over the cost: the check above scans the rest
    }
    examined += static_cast<int64_t>(candidates.size());
    page.limit = q.limit - out.size();
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::OrgListRow> rows,
                            QueryLatestOf(impl, page, &candidates));
    for (auto& r : rows) out.push_back(std::move(r));
    batch = std::min<int64_t>(batch * 4, 4096);
  }
  return out;
}

}  // namespace

Result<std::vector<domain::OrgListRow>> SqliteStore::QueryLatest(const domain::OrgQuery& q) {
  // The word index reads in name order; other orders test every name.
  if (!q.name_tokens.empty() && q.sort == domain::OrgSort::kName && !q.descending) {
    return SearchByWords(*impl_, q);
  }
  return QueryLatestOf(*impl_, q, nullptr);
}

namespace {

// Ends, as it goes, the read snapshot a store began for one read of many statements (`store` is
// left null when the caller had a transaction open already).
struct SnapshotEnd {
  SqliteStore* store = nullptr;
  ~SnapshotEnd() {
    if (store != nullptr) store->EndSnapshot();
  }
};

}  // namespace

Result<int64_t> SqliteStore::ForEachLatest(const LatestVisitor& visit) {
  // The version and both statements in one read transaction (the caller's, when it has one). The
  // names first, then the rows in table order: looking up each row's names, or reading the rows
  // in name order through their index, would read the file's pages out of order (8x slower
  // nationally).
  SnapshotEnd snapshot;
  if (!impl_->in_snapshot && !impl_->in_write) {
    HOPTAC_RETURN_IF_ERROR(BeginSnapshot());
    snapshot.store = this;
  }
  HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions version, Versions());
  std::unordered_map<OrgId, std::string> names;
  {
    HOPTAC_ASSIGN_OR_RETURN(Statement s, impl_->conn.Prepare(kSelectAllFoldedNames));
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      std::string& joined = names[s.Int(0)];
      if (!joined.empty()) joined.push_back('\n');
      joined += s.Text(1);
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(Statement s, impl_->conn.Prepare(kQueryLatestSelect));
  std::string none;
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    domain::OrgListRow r = ReadListRow(s);
    const auto it = names.find(r.state.id);
    visit(r, it == names.end() ? none : it->second);
  }
  return version.registry;
}

Result<SqliteStore::LatestChanges> SqliteStore::ForEachLatestChangedSince(
    int64_t version, size_t at_most, const LatestVisitor& visit) {
  // Its own rows, not committed yet, would be labelled with the version before them.
  if (impl_->in_write) return Error::Internal("the rows written since are read outside a write");
  SnapshotEnd snapshot;
  if (!impl_->in_snapshot) {
    HOPTAC_RETURN_IF_ERROR(BeginSnapshot());
    snapshot.store = this;
  }
  LatestChanges out;
  HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions now, Versions());
  out.version = now.registry;
  std::vector<domain::OrgListRow> rows;
  {
    static const std::string kSql =
        std::string(kQueryLatestSelect) + std::string(kLatestChangedSince);
    HOPTAC_ASSIGN_OR_RETURN(Statement s, impl_->conn.Prepare(kSql));
    s.Bind(1, version).Bind(2, static_cast<int64_t>(at_most) + 1);
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      rows.push_back(ReadListRow(s));
    }
  }
  if (rows.size() > at_most) {
    out.more = true;
    return out;
  }
  HOPTAC_ASSIGN_OR_RETURN(Statement names, impl_->conn.Prepare(kSelectFoldedNamesOf));
  std::string joined;
  for (domain::OrgListRow& r : rows) {
    joined.clear();
    names.Reset();
    names.Bind(1, r.state.id);
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, names.Step());
      if (!row) break;
      if (!joined.empty()) joined.push_back('\n');
      joined += names.Text(0);
    }
    visit(r, joined);
  }
  return out;
}

Status SqliteStore::ForEachHistory(const HistoryVisitor& visit) {
  std::unordered_map<EventId, std::vector<OrgId>> links;
  {
    HOPTAC_ASSIGN_OR_RETURN(Statement l, impl_->conn.Prepare(kSelectAllLinks));
    for (;;) {
      HOPTAC_ASSIGN_OR_RETURN(bool row, l.Step());
      if (!row) break;
      links[l.Int(0)].push_back(l.Int(1));
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(Statement orgs, impl_->conn.Prepare(kSelectAllOrganisations));
  HOPTAC_ASSIGN_OR_RETURN(Statement events, impl_->conn.Prepare(kSelectAllEvents));
  HOPTAC_ASSIGN_OR_RETURN(bool have_event, events.Step());
  std::vector<Event> history;
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(bool row, orgs.Step());
    if (!row) break;
    const Organisation org = Impl::ReadOrganisation(orgs);
    history.clear();
    while (have_event && events.Int(1) <= org.id) {
      if (events.Int(1) == org.id) {
        Event e = Impl::ReadEvent(events);
        if (auto it = links.find(e.id); it != links.end()) e.related = it->second;
        history.push_back(std::move(e));
      }
      HOPTAC_ASSIGN_OR_RETURN(have_event, events.Step());
    }
    visit(org, history);
  }
  return OkStatus();
}

Status SqliteStore::ForEachFigures(const FiguresVisitor& visit) {
  HOPTAC_ASSIGN_OR_RETURN(Statement s, impl_->conn.Prepare(kSelectAllFigures));
  std::vector<YearlyFigures> batch;
  OrgId current = 0;
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || s.Int(0) != current) {
      if (!batch.empty()) visit(current, batch);
      batch.clear();
      if (!row) break;
      current = s.Int(0);
    }
    batch.push_back(Impl::ReadFigures(s));
  }
  return OkStatus();
}

Status SqliteStore::ForEachMembers(const MembersVisitor& visit) {
  HOPTAC_ASSIGN_OR_RETURN(Statement s, impl_->conn.Prepare(kSelectAllMembers));
  std::vector<domain::Member> batch;
  OrgId current = 0;
  for (;;) {
    HOPTAC_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || s.Int(0) != current) {
      if (!batch.empty()) visit(current, batch);
      batch.clear();
      if (!row) break;
      current = s.Int(0);
    }
    batch.push_back(Impl::ReadMember(s));
  }
  return OkStatus();
}

Result<domain::DataVersions> SqliteStore::Versions() {
  HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_->Stmt(kSelectVersions));
  HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
  domain::DataVersions v;
  if (row) {
    v.registry = s->Int(0);
    v.units = s->Int(1);
  }
  s->Reset();
  return v;
}

Result<domain::StoreCounts> SqliteStore::Counts() {
  HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_->Stmt(kCounts));
  HOPTAC_ASSIGN_OR_RETURN(bool row, s->Step());
  domain::StoreCounts c;
  if (row) {
    c.organisations = s->Int(0);
    c.events = s->Int(1);
    c.voids = s->Int(2);
    c.figures = s->Int(3);
    c.units = s->Int(4);
    c.members = s->Int(5);
    c.audit = s->Int(6);
  }
  s->Reset();
  return c;
}

Result<std::vector<domain::AuditEntry>> SqliteStore::QueryAudit(const domain::AuditQuery& q) {
  auto opt = [](const std::string& v) {
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  };
  auto opt_ts = [](const std::optional<Timestamp>& t) {
    return t ? std::optional<std::string>(t->ToString()) : std::nullopt;
  };
  HOPTAC_ASSIGN_OR_RETURN(Statement * s, impl_->Stmt(kQueryAudit));
  s->Bind(1, opt(q.actor))
      .Bind(2, opt(q.entity))
      .Bind(3, opt(q.action))
      .Bind(4, opt_ts(q.from))
      .Bind(5, opt_ts(q.to))
      .Bind(6, q.before_id > 0 ? std::optional<int64_t>(q.before_id) : std::nullopt)
      .Bind(7, static_cast<int64_t>(q.limit));
  std::vector<domain::AuditEntry> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.take_error();
    }
    if (!*row) break;
    domain::AuditEntry a;
    a.id = s->Int(0);
    auto at = Timestamp::Parse(s->Text(1));
    a.at = at.ok() ? *at : Timestamp();
    a.actor = s->Text(2);
    a.address = s->Text(3);
    a.request_id = s->Text(4);
    a.action = s->Text(5);
    a.entity = s->Text(6);
    a.before = s->Text(7);
    a.after = s->Text(8);
    out.push_back(std::move(a));
  }
  s->Reset();
  return out;
}

}  // namespace hoptac::store::sqlite
