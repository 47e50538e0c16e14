#include "app/registry.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "app/list_index.hpp"
#include "app/reference_units.hpp"
#include "app/views_json.hpp"
#include "base/text.hpp"
#include "domain/area.hpp"

namespace hoptac::app {

using domain::Event;
using domain::Organisation;
using domain::OrgId;
using domain::OrgState;
using nlohmann::json;

namespace {

// NFC on every text an adapter hands in; errors name the field.
Status NormalizeText(std::string& s, std::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(s, text::ToNfc(s, field));
  return OkStatus();
}

Status NormalizeOpt(std::optional<std::string>& s, std::string_view field) {
  if (!s) return OkStatus();
  return NormalizeText(*s, field);
}

Status NormalizeList(std::optional<std::vector<std::string>>& v, std::string_view field) {
  if (!v) return OkStatus();
  std::vector<std::string> out;
  for (std::string& s : *v) {
    HOPTAC_RETURN_IF_ERROR(NormalizeText(s, field));
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  *v = std::move(out);
  return OkStatus();
}

Result<NewEvent> Normalized(NewEvent e) {
  domain::Changes& c = e.changes;
  HOPTAC_RETURN_IF_ERROR(NormalizeOpt(c.name, "name"));
  HOPTAC_RETURN_IF_ERROR(NormalizeOpt(c.short_name, "short_name"));
  HOPTAC_RETURN_IF_ERROR(NormalizeOpt(c.foreign_name, "foreign_name"));
  HOPTAC_RETURN_IF_ERROR(NormalizeOpt(c.address_detail, "address_detail"));
  HOPTAC_RETURN_IF_ERROR(NormalizeOpt(c.representative, "representative"));
  HOPTAC_RETURN_IF_ERROR(NormalizeOpt(c.certificate_no, "certificate_no"));
  HOPTAC_RETURN_IF_ERROR(NormalizeList(c.sectors, "sectors"));
  HOPTAC_RETURN_IF_ERROR(NormalizeList(c.models, "models"));
  HOPTAC_RETURN_IF_ERROR(NormalizeText(e.basis.decision_no, "decision_no"));
  HOPTAC_RETURN_IF_ERROR(NormalizeText(e.basis.decided_by, "decided_by"));
  HOPTAC_RETURN_IF_ERROR(NormalizeText(e.note, "note"));
  return e;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Result<std::string> Unhex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return Error::Invalid("after", std::string(hex), "not a valid cursor");
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return Error::Invalid("after", std::string(hex), "not a valid cursor");
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// A list's cursor: the order it belongs to (one letter), the last row's sort value, a NUL, and
// its name key (which holds no meaning outside the order), as hex.
char OrderTag(domain::OrgSort sort, bool descending) {
  return static_cast<char>('a' + static_cast<int>(sort) * 2 + (descending ? 1 : 0));
}

std::string Cursor(domain::OrgSort sort, bool descending, std::string_view value,
                   std::string_view key) {
  std::string raw(1, OrderTag(sort, descending));
  raw.append(value).push_back('\0');
  raw.append(key);
  return Hex(raw);
}

struct After {
  std::string value, key;  // both empty: the first page
};

Result<After> ParseCursor(std::string_view hex, domain::OrgSort sort, bool descending) {
  if (hex.empty()) return After{};
  HOPTAC_ASSIGN_OR_RETURN(const std::string raw, Unhex(hex));
  const size_t nul = raw.find('\0');
  if (raw.empty() || nul == std::string::npos || nul + 1 == raw.size()) {
    return Error::Invalid("after", std::string(hex), "not a valid cursor");
  }
  if (raw[0] != OrderTag(sort, descending)) {
    return Error::Invalid("after", std::string(hex),
                          "this cursor belongs to another order of the list; start from the "
                          "first page",
                          "list.cursor_order");
  }
  return After{raw.substr(1, nul - 1), raw.substr(nul + 1)};
}

bool NameMatches(const OrgState& s, const std::vector<std::string>& tokens) {
  for (const std::string* name : {&s.name, &s.short_name, &s.foreign_name}) {
    if (name->empty()) continue;
    const std::string folded = text::Fold(*name);
    bool all = true;
    for (const auto& t : tokens) {
      if (folded.find(t) == std::string::npos) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

// The first field in which a stored event differs from a new one (both normalised), as
// (field, stored value); nullopt when they are the same fact.
template <typename T, typename Show>
bool Differs(const std::optional<T>& a, const std::optional<T>& b, Show show, const char* field,
             std::optional<std::pair<std::string, std::string>>& out) {
  if (a == b) return false;
  out.emplace(field, a ? show(*a) : std::string());
  return true;
}

std::string Same(const std::string& s) { return s; }
std::string ShowList(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out.append("; ");
    out.append(s);
  }
  return out;
}

std::optional<std::pair<std::string, std::string>> FirstDifference(const Event& stored,
                                                                   const Event& incoming) {
  std::optional<std::pair<std::string, std::string>> d;
  if (stored.type != incoming.type)
    return std::make_pair("type", std::string(domain::Id(stored.type)));
  if (stored.effective_date != incoming.effective_date) {
    return std::make_pair("effective_date", stored.effective_date.ToString());
  }
  const domain::Changes& a = stored.changes;
  const domain::Changes& b = incoming.changes;
  auto money = [](const domain::Money& m) { return m.ToString(); };
  auto field = [](domain::Field f) { return std::string(domain::Id(f)); };
  if (Differs(a.name, b.name, Same, "name", d) ||
      Differs(a.short_name, b.short_name, Same, "short_name", d) ||
      Differs(a.foreign_name, b.foreign_name, Same, "foreign_name", d) ||
      Differs(a.field, b.field, field, "field", d) ||
      Differs(a.sectors, b.sectors, ShowList, "sectors", d) ||
      Differs(a.unit_code, b.unit_code, Same, "unit_code", d) ||
      Differs(a.address_detail, b.address_detail, Same, "address_detail", d) ||
      Differs(a.representative, b.representative, Same, "representative", d) ||
      Differs(a.charter_capital, b.charter_capital, money, "charter_capital", d) ||
      Differs(a.models, b.models, ShowList, "models", d) ||
      Differs(a.certificate_no, b.certificate_no, Same, "certificate_no", d)) {
    return d;
  }
  if (stored.basis.decision_no != incoming.basis.decision_no) {
    return std::make_pair("decision_no", stored.basis.decision_no);
  }
  if (Differs(
          stored.basis.decision_date, incoming.basis.decision_date,
          [](const Date& x) { return x.ToString(); }, "decision_date", d)) {
    return d;
  }
  if (stored.basis.decided_by != incoming.basis.decided_by) {
    return std::make_pair("decided_by", stored.basis.decided_by);
  }
  if (Differs(
          stored.ground, incoming.ground,
          [](domain::DissolutionGround g) { return std::string(domain::Id(g)); }, "ground", d)) {
    return d;
  }
  if (stored.related != incoming.related) return std::make_pair("related", std::string());
  if (stored.note != incoming.note) return std::make_pair("note", stored.note);
  return std::nullopt;
}

// Organisations kept loaded by a bulk write.
constexpr size_t kBulkCacheSize = 256;

bool SameFigures(const domain::YearlyFigures& a, const domain::YearlyFigures& b) {
  return a.year == b.year && a.members == b.members &&
         a.members_individual == b.members_individual &&
         a.members_household == b.members_household &&
         a.members_legal_entity == b.members_legal_entity && a.workers == b.workers &&
         a.workers_members == b.workers_members && a.charter_capital == b.charter_capital &&
         a.total_assets == b.total_assets && a.revenue == b.revenue &&
         a.revenue_from_members == b.revenue_from_members &&
         a.profit_before_tax == b.profit_before_tax && a.avg_income == b.avg_income &&
         a.rating == b.rating && a.rating_score == b.rating_score &&
         domain::FormatRatingPoints(a.rating_points) ==
             domain::FormatRatingPoints(b.rating_points) &&
         a.rating_scheme == b.rating_scheme && a.source == b.source;
}

}  // namespace

struct Registry::Impl {
  domain::Store& store;
  const domain::Clock& clock;
  std::optional<domain::UnitCatalog> units;
  int64_t units_version = -1;  // of the store when `units` was read (-1: not known)
  text::ViCollator collator;
  ListIndex* list_index = nullptr;

  // The latest-state rows of `q`: from the list index when there is one, it answers q and it
  // is current.
  Result<std::vector<domain::OrgListRow>> QueryLatest(const domain::OrgQuery& q) {
    if (list_index != nullptr && ListIndex::Answers(q)) {
      HOPTAC_ASSIGN_OR_RETURN(std::optional<std::vector<domain::OrgListRow>> rows,
                              list_index->Query(store, q));
      if (rows) return std::move(*rows);  // else it is behind: the store is current
    }
    return store.QueryLatest(q);
  }

  Impl(domain::Store& s, const domain::Clock& c) : store(s), clock(c) {}

  Result<const domain::UnitCatalog*> Units() {
    if (!units) {
      // The version first: the catalogue read after it is at least as new.
      HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions v, store.Versions());
      HOPTAC_ASSIGN_OR_RETURN(domain::UnitCatalog catalog, store.LoadUnits());
      if (catalog.empty()) {
        return Error::Unavailable(
            "no administrative units are loaded; run 'hoptac init' or 'hoptac units load'");
      }
      units = std::move(catalog);
      units_version = v.units;
    }
    return &*units;
  }

  static domain::RelatedStateFn RelatedFn(domain::RegistryReader& reader) {
    return [&reader](OrgId id, Date d) -> std::optional<OrgState> {
      auto org = reader.FindOrganisation(id);
      if (!org.ok() || !*org) return std::nullopt;
      auto events = reader.LoadEvents(id);
      if (!events.ok()) return std::nullopt;
      return domain::Fold(**org, *events, d, Timestamp::Max());
    };
  }

  // Appends the audit entry of a write, in its transaction.
  static Status Audit(domain::WriteTransaction& txn, const Actor& actor, Timestamp now,
                      std::string action, std::string entity, const json& before,
                      const json& after) {
    domain::AuditEntry a;
    a.at = now;
    a.actor = actor.name;
    a.address = actor.address;
    a.request_id = actor.request_id;
    a.action = std::move(action);
    a.entity = std::move(entity);
    auto text = [](const json& j) {
      return j.is_null() ? std::string() : j.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    a.before = text(before);
    a.after = text(after);
    return txn.AppendAudit(a);
  }

  // Refuses the write when the caller expected another revision of the organisation.
  static Status CheckExpected(domain::RegistryReader& reader, const Organisation& org,
                              const std::vector<Event>& events, const Expect& expect) {
    if (!expect.registry_code.empty() && expect.registry_code != org.registry_code) {
      return Error::NotFound("the event does not belong to this organisation", "registry_code",
                             expect.registry_code);
    }
    if (expect.revision.empty()) return OkStatus();
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::YearlyFigures> figures, reader.LoadFigures(org.id));
    if (app::Revision(org, events, figures.size()) != expect.revision) {
      return Error{ErrorCode::kConflict,
                   "the organisation has changed since it was read; reload it and try again",
                   "If-Match", expect.revision, "precondition.stale"};
    }
    return OkStatus();
  }

  // One entry per committed import (not one per row): what was imported and how much.
  static Status AuditImport(domain::WriteTransaction& txn, const Actor& actor, Timestamp now,
                            const std::string& kind, size_t items, size_t created) {
    return Audit(txn, actor, now, "import." + kind, "import/" + kind, nullptr,
                 {{"items", items}, {"created", created}, {"unchanged", items - created}});
  }

  Result<Organisation> FindByCode(domain::RegistryReader& reader, std::string_view code) {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> org, reader.FindOrganisationByCode(code));
    if (!org) {
      return Error::NotFound("no organisation has this registry code", "registry_code",
                             std::string(code));
    }
    return *org;
  }

  // Turns a command into an event of `org`, resolving linked codes.
  Result<Event> MakeEvent(domain::RegistryReader& reader, const Organisation& org,
                          const NewEvent& raw, const Actor& actor, Timestamp now) {
    HOPTAC_ASSIGN_OR_RETURN(NewEvent cmd, Normalized(raw));
    Event e;
    e.org_id = org.id;
    e.type = cmd.type;
    e.effective_date = cmd.effective_date;
    e.recorded_at = cmd.recorded_at.value_or(now);
    e.recorded_by = actor.name;
    e.basis = std::move(cmd.basis);
    e.ground = cmd.ground;
    e.changes = std::move(cmd.changes);
    e.note = std::move(cmd.note);
    if (cmd.recorded_at) {
      if (*cmd.recorded_at > now) {
        return Error::Invalid("recorded_at", cmd.recorded_at->ToString(),
                              "a fact cannot be recorded in the future", "event.recorded_future");
      }
      if (cmd.recorded_at->date() < cmd.effective_date) {
        return Error::Invalid("recorded_at", cmd.recorded_at->ToString(),
                              "a fact cannot be recorded before it takes effect (" +
                                  cmd.effective_date.ToString() + ")",
                              "event.recorded_before_effective");
      }
    }
    for (const std::string& code : cmd.related_codes) {
      HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> other,
                              reader.FindOrganisationByCode(code));
      if (!other) {
        return Error::Invalid("related", code, "no organisation has this registry code",
                              "event.related_exists");
      }
      e.related.push_back(other->id);
    }
    return e;
  }

  // Validates `events` as the organisation's whole history and stores `appended` events and the
  // refreshed projection.
  Status ValidateAndAppend(domain::WriteTransaction& txn, const Organisation& org,
                           std::vector<Event>& events, std::span<Event> appended) {
    HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* catalog, Units());
    HOPTAC_RETURN_IF_ERROR(
        domain::ValidateHistory(org, events, *catalog, RelatedFn(txn), clock.Today()));
    for (Event& e : appended) {
      HOPTAC_ASSIGN_OR_RETURN(e.id, txn.AppendEvent(e));
    }
    HOPTAC_RETURN_IF_ERROR(txn.PutLatest(domain::Fold(org, events, Date::Max(), Timestamp::Max())));
    return ValidateLinkedFrom(txn, org, *catalog);
  }

  // The histories that link to `org` (mergers into it, separations from it) were validated
  // against its state before this write; they must stay valid after it (a backdated
  // dissolution, a void). Runs after the write, inside the transaction, which sees it.
  Status ValidateLinkedFrom(domain::WriteTransaction& txn, const Organisation& org,
                            const domain::UnitCatalog& catalog) {
    HOPTAC_ASSIGN_OR_RETURN(std::vector<OrgId> linked, txn.LinkedTo(org.id));
    for (OrgId id : linked) {
      HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> other, txn.FindOrganisation(id));
      if (!other) return Error::Internal("an event links from a missing organisation");
      HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> history, txn.LoadEvents(id));
      Status valid =
          domain::ValidateHistory(*other, history, catalog, RelatedFn(txn), clock.Today());
      if (!valid.ok()) {
        Error e = valid.take_error();
        e.message = "organisation " + other->registry_code + ", which links to " +
                    org.registry_code + ", would no longer be valid: " + e.message;
        return e;
      }
    }
    return OkStatus();
  }

  Result<OrgId> Add(domain::WriteTransaction& txn, const NewOrganisation& cmd, const Actor& actor,
                    Timestamp now) {
    Organisation org;
    org.kind = cmd.kind;
    org.registry_code = cmd.code.value();
    org.legacy_code = cmd.code.legacy();
    org.created_at = now;
    org.created_by = actor.name;
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> existing,
                            txn.FindOrganisationByCode(org.registry_code));
    if (existing) {
      return Error::Conflict("an organisation with this registry code already exists",
                             "registry_code", org.registry_code);
    }
    // Validate the founding before the identity row exists, so that nothing is half-written
    // even inside the transaction.
    NewEvent founding = cmd.founding;
    founding.type = domain::EventType::kFounded;
    HOPTAC_ASSIGN_OR_RETURN(Event e, MakeEvent(txn, org, founding, actor, now));
    HOPTAC_ASSIGN_OR_RETURN(org.id, txn.InsertOrganisation(org));
    e.org_id = org.id;
    std::vector<Event> events{e};
    HOPTAC_RETURN_IF_ERROR(ValidateAndAppend(txn, org, events, events));
    return org.id;
  }

  // Makes a member a revision of `org`'s register recorded now by `actor`, its texts NFC.
  static Status PrepareMember(const Organisation& org, domain::Member& m, const Actor& actor,
                              Timestamp now);
  // Checks a prepared member with the domain's rules against the organisation's history and
  // appends it.
  Status CheckAndAppendMember(domain::WriteTransaction& txn, const std::vector<Event>& events,
                              const domain::Member& m);

  // Checks and appends a figures revision; `founded_on` is the organisation's founding date as
  // now known (domain::FoundedOn).
  Status Figures(domain::WriteTransaction& txn, const Organisation& org,
                 std::optional<Date> founded_on, domain::YearlyFigures f, const Actor& actor,
                 Timestamp now) {
    f.org_id = org.id;
    if (f.recorded_at == Timestamp()) f.recorded_at = now;
    if (f.recorded_at > now) {
      return Error::Invalid("recorded_at", f.recorded_at.ToString(),
                            "figures cannot be recorded in the future", "figures.recorded_future");
    }
    f.recorded_by = actor.name;
    HOPTAC_ASSIGN_OR_RETURN(f.rating_scheme, text::ToNfc(f.rating_scheme, "rating_scheme"));
    HOPTAC_ASSIGN_OR_RETURN(f.source, text::ToNfc(f.source, "source"));
    HOPTAC_RETURN_IF_ERROR(domain::ValidateFigures(f, founded_on, clock.Today()));
    return txn.AppendFigures(f);
  }
};

Status Registry::Impl::PrepareMember(const Organisation& org, domain::Member& m, const Actor& actor,
                                     Timestamp now) {
  m.org_id = org.id;
  m.recorded_at = now;
  m.recorded_by = actor.name;
  for (auto [text, field] : {std::pair{&m.member_no, "member_no"},
                             {&m.name, "name"},
                             {&m.representative, "representative"},
                             {&m.id_number, "id_number"},
                             {&m.nationality, "nationality"},
                             {&m.address, "address"},
                             {&m.left_reason, "left_reason"},
                             {&m.capital_certificate_no, "capital_certificate_no"},
                             {&m.note, "note"}}) {
    HOPTAC_RETURN_IF_ERROR(NormalizeText(*text, field));
  }
  return OkStatus();
}

Status Registry::Impl::CheckAndAppendMember(domain::WriteTransaction& txn,
                                            const std::vector<Event>& events,
                                            const domain::Member& m) {
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> org, txn.FindOrganisation(m.org_id));
  if (!org) return Error::Internal("a member of a missing organisation");
  const OrgState at_join = domain::Fold(*org, events, Date::Max(), Timestamp::Max());
  const OrgState at_capital =
      domain::Fold(*org, events, m.capital_date.value_or(m.joined_on), Timestamp::Max());
  HOPTAC_RETURN_IF_ERROR(domain::ValidateMember(m, at_join, at_capital, clock.Today()));
  return txn.AppendMember(m);
}

std::string Revision(const domain::Organisation& org, const std::vector<domain::Event>& events,
                     size_t figure_revisions) {
  const auto voided = std::count_if(events.begin(), events.end(),
                                    [](const Event& e) { return e.voided.has_value(); });
  std::string r = std::to_string(org.id);
  r.append(".").append(std::to_string(events.size()));
  r.append(".").append(std::to_string(voided));
  r.append(".").append(std::to_string(figure_revisions));
  return r;
}

Registry::Registry(domain::Store& store, const domain::Clock& clock)
    : impl_(std::make_unique<Impl>(store, clock)) {}
Registry::~Registry() = default;

Result<const domain::UnitCatalog*> Registry::Units() { return impl_->Units(); }

Status Registry::LoadUnits(const ReferenceUnits& units, const Actor& actor) {
  // Check the set before replacing anything.
  HOPTAC_ASSIGN_OR_RETURN(
      domain::UnitCatalog catalog,
      domain::UnitCatalog::Build(units.units, units.successions, units.aliases));
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  HOPTAC_RETURN_IF_ERROR(txn->ReplaceUnits(units.units, units.successions, units.aliases));
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(*txn, actor, impl_->clock.Now(), "units.load", "units",
                                     nullptr,
                                     {{"units", units.units.size()},
                                      {"successions", units.successions.size()},
                                      {"aliases", units.aliases.size()}}));
  HOPTAC_RETURN_IF_ERROR(txn->Commit());
  impl_->units = std::move(catalog);
  impl_->units_version = -1;  // the version it made is not known: the next Refresh reads again
  return OkStatus();
}

void Registry::UseListIndex(ListIndex* index) { impl_->list_index = index; }

void Registry::Refresh() {
  if (!impl_->units) return;
  const Result<domain::DataVersions> v = impl_->store.Versions();
  if (!v.ok() || v->units != impl_->units_version) impl_->units.reset();
}

Result<OrgId> Registry::AddOrganisation(const NewOrganisation& cmd, const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(OrgId id, impl_->Add(*txn, cmd, actor, now));
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> org, txn->FindOrganisation(id));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(id));
  if (!org || events.empty()) return Error::Internal("the new organisation was not stored");
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(
      *txn, actor, now, "organisation.create", "organisation/" + org->registry_code, nullptr,
      {{"event", EventJson(events.front(), "")},
       {"state", StateJson(domain::Fold(*org, events, Date::Max(), Timestamp::Max()))}}));
  HOPTAC_RETURN_IF_ERROR(txn->Commit());
  return id;
}

Result<domain::EventId> Registry::RecordEvent(std::string_view code, const NewEvent& cmd,
                                              const Actor& actor, const Expect& expect) {
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(*txn, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(org.id));
  HOPTAC_RETURN_IF_ERROR(Impl::CheckExpected(*txn, org, events, expect));
  const json before = StateJson(domain::Fold(org, events, Date::Max(), Timestamp::Max()));
  HOPTAC_ASSIGN_OR_RETURN(Event e, impl_->MakeEvent(*txn, org, cmd, actor, now));
  events.push_back(e);
  HOPTAC_RETURN_IF_ERROR(
      impl_->ValidateAndAppend(*txn, org, events, std::span<Event>(&events.back(), 1)));
  const Event& stored = events.back();
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(
      *txn, actor, now, "event.record", "organisation/" + org.registry_code, before,
      {{"event", EventJson(stored, "")},
       {"state", StateJson(domain::Fold(org, events, Date::Max(), Timestamp::Max()))}}));
  const domain::EventId id = stored.id;
  HOPTAC_RETURN_IF_ERROR(txn->Commit());
  return id;
}

Result<domain::EventId> Registry::VoidEvent(domain::EventId id, std::string_view reason_text,
                                            const std::optional<NewEvent>& replacement,
                                            const Actor& actor, const Expect& expect) {
  HOPTAC_ASSIGN_OR_RETURN(std::string reason, text::ToNfc(reason_text, "reason"));
  if (reason.empty()) {
    return Error::Invalid("reason", "", "a void must say why the event is wrong", "void.reason");
  }
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Event> target, txn->FindEvent(id));
  if (!target) return Error::NotFound("no event has this id", "event_id", std::to_string(id));
  if (target->voided) {
    return Error::Conflict(
        "the event is already void since " + target->voided->voided_at.ToString(), "event_id",
        std::to_string(id));
  }
  HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> org, txn->FindOrganisation(target->org_id));
  if (!org) return Error::Internal("an event refers to a missing organisation");
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(org->id));
  HOPTAC_RETURN_IF_ERROR(Impl::CheckExpected(*txn, *org, events, expect));
  const json before = {
      {"event", EventJson(*target, "")},
      {"state", StateJson(domain::Fold(*org, events, Date::Max(), Timestamp::Max()))}};
  const domain::EventVoid v{now, actor.name, reason};
  for (Event& e : events) {
    if (e.id == id) e.voided = v;
  }
  std::vector<Event> appended;
  if (replacement) {
    HOPTAC_ASSIGN_OR_RETURN(Event e, impl_->MakeEvent(*txn, *org, *replacement, actor, now));
    events.push_back(e);
  }
  std::span<Event> new_events =
      replacement ? std::span<Event>(&events.back(), 1) : std::span<Event>();
  // An empty history passes every lifecycle rule, but an organisation without its founding is
  // not one: its founding is replaced (a correction), never just voided.
  if (std::all_of(events.begin(), events.end(), [](const Event& e) { return e.voided; })) {
    return Error::Invalid("event_id", std::to_string(id),
                          "voiding this event would leave the organisation without its founding; "
                          "void it together with the right founding (a correction)",
                          "void.keeps_founding");
  }
  HOPTAC_RETURN_IF_ERROR(txn->AppendVoid(id, v));
  HOPTAC_RETURN_IF_ERROR(impl_->ValidateAndAppend(*txn, *org, events, new_events));
  const domain::EventId replacement_id = replacement ? events.back().id : 0;
  json after = {{"void", {{"event_id", id}, {"reason", reason}}},
                {"state", StateJson(domain::Fold(*org, events, Date::Max(), Timestamp::Max()))}};
  if (replacement) after["replacement"] = EventJson(events.back(), "");
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(*txn, actor, now, replacement ? "event.correct" : "event.void",
                                     "organisation/" + org->registry_code, before, after));
  HOPTAC_RETURN_IF_ERROR(txn->Commit());
  return replacement_id;
}

Status Registry::SetFigures(std::string_view code, domain::YearlyFigures figures,
                            const Actor& actor, const Expect& expect) {
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(*txn, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(org.id));
  HOPTAC_RETURN_IF_ERROR(Impl::CheckExpected(*txn, org, events, expect));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::YearlyFigures> revisions, txn->LoadFigures(org.id));
  json before = nullptr;
  for (const domain::YearlyFigures& r : domain::FiguresAsKnown(revisions, Timestamp::Max())) {
    if (r.year == figures.year) before = FiguresRowJson(r);
  }
  figures.recorded_at = Timestamp();
  const int year = figures.year;
  HOPTAC_RETURN_IF_ERROR(impl_->Figures(*txn, org, domain::FoundedOn(events, Timestamp::Max()),
                                        std::move(figures), actor, now));
  HOPTAC_ASSIGN_OR_RETURN(revisions, txn->LoadFigures(org.id));
  json after = nullptr;
  for (const domain::YearlyFigures& r : domain::FiguresAsKnown(revisions, Timestamp::Max())) {
    if (r.year == year) after = FiguresRowJson(r);
  }
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(*txn, actor, now, "figures.set",
                                     "organisation/" + org.registry_code, before, after));
  return txn->Commit();
}

Status Registry::AddMember(std::string_view code, domain::Member member, const Actor& actor) {
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(*txn, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(org.id));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Member> revisions, txn->LoadMembers(org.id));
  HOPTAC_ASSIGN_OR_RETURN(member.member_no, text::ToNfc(member.member_no, "member_no"));
  for (const domain::Member& r : revisions) {
    if (r.member_no == member.member_no) {
      return Error::Conflict("the register already has a member with this number", "member_no",
                             member.member_no);
    }
  }
  HOPTAC_RETURN_IF_ERROR(Impl::PrepareMember(org, member, actor, now));
  HOPTAC_RETURN_IF_ERROR(impl_->CheckAndAppendMember(*txn, events, member));
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(*txn, actor, now, "member.add",
                                     "organisation/" + org.registry_code, nullptr,
                                     MemberJson(member)));
  return txn->Commit();
}

Status Registry::LeaveMember(std::string_view code, std::string_view member_no, Date left_on,
                             std::string_view reason, const Actor& actor) {
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(*txn, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn->LoadEvents(org.id));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Member> revisions, txn->LoadMembers(org.id));
  HOPTAC_ASSIGN_OR_RETURN(std::string number, text::ToNfc(member_no, "member_no"));
  std::optional<domain::Member> latest;
  for (const domain::Member& m : domain::MembersAsKnown(revisions, Timestamp::Max())) {
    if (m.member_no == number) latest = m;
  }
  if (!latest) {
    return Error::NotFound("the register has no member with this number", "member_no", number);
  }
  if (latest->left_on) {
    return Error::Conflict("the member left on " + latest->left_on->ToString(), "member_no",
                           number);
  }
  domain::Member left = *latest;
  left.left_on = left_on;
  left.left_reason = std::string(reason);
  HOPTAC_RETURN_IF_ERROR(Impl::PrepareMember(org, left, actor, now));
  HOPTAC_RETURN_IF_ERROR(impl_->CheckAndAppendMember(*txn, events, left));
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(*txn, actor, now, "member.leave",
                                     "organisation/" + org.registry_code, MemberJson(*latest),
                                     MemberJson(left)));
  return txn->Commit();
}

Result<std::vector<domain::Member>> Registry::Members(std::string_view code,
                                                      const MembersQuery& q) {
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(impl_->store, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::Member> revisions, impl_->store.LoadMembers(org.id));
  std::vector<domain::Member> members =
      domain::MembersAsKnown(revisions, q.known_at.value_or(impl_->clock.Now()));
  if (!q.all) {
    const Date on = q.as_of.value_or(impl_->clock.Today());
    std::erase_if(members, [&](const domain::Member& m) { return !domain::IsMemberOn(m, on); });
  }
  return members;
}

Status Registry::RecordHistories(std::span<const NewHistory> histories, const Actor& actor) {
  const Timestamp now = impl_->clock.Now();
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  for (const NewHistory& h : histories) {
    auto with_context = [&](Error e) {
      e.message = "organisation " + h.organisation.code.value() + ": " + e.message;
      return e;
    };
    auto id = impl_->Add(*txn, h.organisation, actor, now);
    if (!id.ok()) return with_context(id.take_error());
    Organisation org;
    org.id = *id;
    org.kind = h.organisation.kind;
    org.registry_code = h.organisation.code.value();
    org.legacy_code = h.organisation.code.legacy();
    auto events = txn->LoadEvents(org.id);
    if (!events.ok()) return events.take_error();
    const size_t first_new = events->size();
    for (const NewEvent& cmd : h.events) {
      auto e = impl_->MakeEvent(*txn, org, cmd, actor, now);
      if (!e.ok()) return with_context(e.take_error());
      events->push_back(std::move(e).value());
    }
    if (first_new < events->size()) {
      auto appended = std::span<Event>(events->data() + first_new, events->size() - first_new);
      if (auto s = impl_->ValidateAndAppend(*txn, org, *events, appended); !s.ok()) {
        return with_context(s.take_error());
      }
    }
    const std::optional<Date> founded_on = domain::FoundedOn(*events, Timestamp::Max());
    for (const domain::YearlyFigures& f : h.figures) {
      if (auto s = impl_->Figures(*txn, org, founded_on, f, actor, now); !s.ok()) {
        return with_context(s.take_error());
      }
    }
  }
  HOPTAC_RETURN_IF_ERROR(Impl::Audit(*txn, actor, now, "histories.record", "organisations", nullptr,
                                     {{"organisations", histories.size()}}));
  return txn->Commit();
}

namespace {

// The organisations a bulk import has loaded, by registry code: a bounded cache (rows come grouped
// by organisation in most files, so a small one keeps memory flat). An organisation evicted and
// met again is reloaded from the transaction, which sees the import's own writes.
class BulkOrgCache {
 public:
  // What an import needs of each organisation: its events (events), its founding date and figures
  // revisions (figures: checking a year needs only the founding), or its events and member
  // register (members).
  enum class For { kEvents, kFigures, kMembers };

  struct Loaded {
    Organisation org;
    std::vector<Event> events;                     // for events and members
    std::optional<Date> founded_on;                // for figures
    std::vector<domain::YearlyFigures> revisions;  // for figures
    std::vector<domain::Member> members;           // for members
    // What is loaded.
    bool with_events = false, with_figures = false, with_members = false;
  };

  // The organisation with `code` and what `use` needs of it, or nullptr when no organisation has
  // the code. What an earlier use loaded stays (with what this import added to it); what this use
  // needs besides is read now, so one import may add several kinds.
  Result<Loaded*> Get(domain::RegistryReader& reader, const std::string& code, For use) {
    if (cache_.size() >= kBulkCacheSize && !cache_.contains(code)) cache_.clear();
    auto [it, fresh] = cache_.try_emplace(code);
    if (fresh) {
      HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> org, reader.FindOrganisationByCode(code));
      if (org) it->second = Loaded{*org, {}, {}, {}, {}};
    }
    if (!it->second) return nullptr;
    Loaded& loaded = *it->second;
    const domain::OrgId id = loaded.org.id;
    if (use == For::kFigures && !loaded.with_figures) {
      HOPTAC_ASSIGN_OR_RETURN(loaded.founded_on, reader.FoundedOn(id));
      HOPTAC_ASSIGN_OR_RETURN(loaded.revisions, reader.LoadFigures(id));
      loaded.with_figures = true;
    }
    if (use != For::kFigures && !loaded.with_events) {
      HOPTAC_ASSIGN_OR_RETURN(loaded.events, reader.LoadEvents(id));
      loaded.with_events = true;
    }
    if (use == For::kMembers && !loaded.with_members) {
      HOPTAC_ASSIGN_OR_RETURN(loaded.members, reader.LoadMembers(id));
      loaded.with_members = true;
    }
    return &loaded;
  }

 private:
  std::unordered_map<std::string, std::optional<Loaded>> cache_;
};

}  // namespace

struct BulkImport::State {
  Registry::Impl& impl;
  Actor actor;
  Timestamp now;
  std::unique_ptr<domain::WriteTransaction> txn;
  BulkOrgCache cache;
  const char* kind = nullptr;  // of the items added, for the audit log
  size_t items = 0;            // added, failed ones included
  size_t created = 0;
  std::unordered_set<std::string> members_seen{};  // code '\n' member number, of this import
  bool failed = false;                             // an item of some batch failed: never commit
  bool finished = false;                           // Finish was called

  void Tally(const BulkResult& result) {
    items += result.outcomes.size();
    created += static_cast<size_t>(
        std::count(result.outcomes.begin(), result.outcomes.end(), ItemOutcome::kCreated));
    failed = failed || !result.failures.empty();
  }
};

BulkImport::BulkImport(std::unique_ptr<State> state) : state_(std::move(state)) {}
BulkImport::~BulkImport() = default;

Result<std::unique_ptr<BulkImport>> Registry::BeginImport(const Actor& actor) {
  HOPTAC_ASSIGN_OR_RETURN(auto txn, impl_->store.BeginWrite());
  auto state = std::make_unique<BulkImport::State>(
      BulkImport::State{*impl_, actor, impl_->clock.Now(), std::move(txn), {}});
  return std::unique_ptr<BulkImport>(new BulkImport(std::move(state)));
}

Result<BulkResult> BulkImport::AddOrganisations(std::span<const NewOrganisation> items) {
  State& s = *state_;
  s.kind = "organisations";
  domain::WriteTransaction& txn = *s.txn;
  BulkResult result;
  result.outcomes.assign(items.size(), ItemOutcome::kCreated);
  for (size_t i = 0; i < items.size(); ++i) {
    const NewOrganisation& cmd = items[i];
    auto existing = txn.FindOrganisationByCode(cmd.code.value());
    if (!existing.ok()) return existing.take_error();
    if (!*existing) {
      auto id = s.impl.Add(txn, cmd, s.actor, s.now);
      if (!id.ok()) result.failures.emplace_back(i, id.take_error());
      continue;
    }
    const Organisation& org = **existing;
    if (org.kind != cmd.kind) {
      result.failures.emplace_back(
          i, Error::Conflict("an organisation with this registry code exists with kind " +
                                 std::string(domain::Id(org.kind)),
                             "kind", domain::Id(cmd.kind)));
      continue;
    }
    HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, txn.LoadEvents(org.id));
    NewEvent founding = cmd.founding;
    founding.type = domain::EventType::kFounded;
    auto incoming = s.impl.MakeEvent(txn, org, founding, s.actor, s.now);
    if (!incoming.ok()) {
      result.failures.emplace_back(i, incoming.take_error());
      continue;
    }
    auto stored = std::find_if(events.begin(), events.end(), [](const Event& e) {
      return !e.voided && e.type == domain::EventType::kFounded;
    });
    std::optional<std::pair<std::string, std::string>> diff =
        stored == events.end() ? std::make_optional(std::make_pair("type", std::string()))
                               : FirstDifference(*stored, *incoming);
    if (diff) {
      std::string message = "an organisation with this registry code exists with a different ";
      message.append(diff->first)
          .append(" (\"")
          .append(diff->second)
          .append("\"); record a change as an event, not by importing the organisation again");
      result.failures.emplace_back(i, Error::Conflict(std::move(message), diff->first, ""));
      continue;
    }
    result.outcomes[i] = ItemOutcome::kUnchanged;
  }
  s.Tally(result);
  return result;
}

Result<BulkResult> BulkImport::AddEvents(std::span<const CodedEvent> items) {
  State& s = *state_;
  s.kind = "events";
  BulkResult result;
  result.outcomes.assign(items.size(), ItemOutcome::kCreated);
  for (size_t i = 0; i < items.size(); ++i) {
    const CodedEvent& item = items[i];
    HOPTAC_ASSIGN_OR_RETURN(BulkOrgCache::Loaded * loaded,
                            s.cache.Get(*s.txn, item.registry_code, BulkOrgCache::For::kEvents));
    if (loaded == nullptr) {
      result.failures.emplace_back(i, Error::NotFound("no organisation has this registry code",
                                                      "registry_code", item.registry_code));
      continue;
    }
    auto e = s.impl.MakeEvent(*s.txn, loaded->org, item.event, s.actor, s.now);
    if (!e.ok()) {
      result.failures.emplace_back(i, e.take_error());
      continue;
    }
    const bool known =
        std::any_of(loaded->events.begin(), loaded->events.end(),
                    [&](const Event& x) { return !x.voided && !FirstDifference(x, *e); });
    if (known) {
      result.outcomes[i] = ItemOutcome::kUnchanged;
      continue;
    }
    // Until it is stored the event has no id; in history order it must come after the events
    // already stored on its day (the file's order), which the id breaks ties by.
    e->id = std::numeric_limits<domain::EventId>::max();
    loaded->events.push_back(std::move(e).value());
    Status status = s.impl.ValidateAndAppend(*s.txn, loaded->org, loaded->events,
                                             std::span<Event>(&loaded->events.back(), 1));
    if (!status.ok()) {
      loaded->events.pop_back();
      result.failures.emplace_back(i, status.take_error());
    }
  }
  s.Tally(result);
  return result;
}

Result<BulkResult> BulkImport::AddFigures(std::span<const CodedFigures> items) {
  State& s = *state_;
  s.kind = "figures";
  BulkResult result;
  result.outcomes.assign(items.size(), ItemOutcome::kCreated);
  for (size_t i = 0; i < items.size(); ++i) {
    const CodedFigures& item = items[i];
    HOPTAC_ASSIGN_OR_RETURN(BulkOrgCache::Loaded * loaded,
                            s.cache.Get(*s.txn, item.registry_code, BulkOrgCache::For::kFigures));
    if (loaded == nullptr) {
      result.failures.emplace_back(i, Error::NotFound("no organisation has this registry code",
                                                      "registry_code", item.registry_code));
      continue;
    }
    const domain::YearlyFigures* latest = nullptr;
    for (const domain::YearlyFigures& r : loaded->revisions) {
      if (r.year == item.figures.year && (!latest || r.recorded_at >= latest->recorded_at)) {
        latest = &r;
      }
    }
    if (latest && SameFigures(*latest, item.figures)) {
      result.outcomes[i] = ItemOutcome::kUnchanged;
      continue;
    }
    domain::YearlyFigures f = item.figures;
    f.recorded_at = s.now;
    Status status = s.impl.Figures(*s.txn, loaded->org, loaded->founded_on, f, s.actor, s.now);
    if (!status.ok()) {
      result.failures.emplace_back(i, status.take_error());
      continue;
    }
    loaded->revisions.push_back(std::move(f));
  }
  s.Tally(result);
  return result;
}

Result<BulkResult> BulkImport::AddMembers(std::span<const CodedMember> items) {
  State& s = *state_;
  s.kind = "members";
  BulkResult result;
  result.outcomes.assign(items.size(), ItemOutcome::kCreated);
  for (size_t i = 0; i < items.size(); ++i) {
    const CodedMember& item = items[i];
    HOPTAC_ASSIGN_OR_RETURN(BulkOrgCache::Loaded * loaded,
                            s.cache.Get(*s.txn, item.registry_code, BulkOrgCache::For::kMembers));
    if (loaded == nullptr) {
      result.failures.emplace_back(i, Error::NotFound("no organisation has this registry code",
                                                      "registry_code", item.registry_code));
      continue;
    }
    domain::Member m = item.member;
    if (Status prepared = s.impl.PrepareMember(loaded->org, m, s.actor, s.now); !prepared.ok()) {
      result.failures.emplace_back(i, prepared.take_error());
      continue;
    }
    if (!s.members_seen.insert(item.registry_code + '\n' + m.member_no).second) {
      result.failures.emplace_back(
          i, Error::Invalid("member_no", m.member_no,
                            "another row of the file has this member; one row per member",
                            "member.duplicate_row"));
      continue;
    }
    const domain::Member* latest = nullptr;
    for (const domain::Member& r : loaded->members) {
      if (r.member_no == m.member_no && (!latest || r.recorded_at >= latest->recorded_at)) {
        latest = &r;
      }
    }
    if (latest && domain::SameMember(*latest, m)) {
      result.outcomes[i] = ItemOutcome::kUnchanged;
      continue;
    }
    if (Status status = s.impl.CheckAndAppendMember(*s.txn, loaded->events, m); !status.ok()) {
      result.failures.emplace_back(i, status.take_error());
      continue;
    }
    loaded->members.push_back(std::move(m));
  }
  s.Tally(result);
  return result;
}

Result<bool> BulkImport::Finish(bool commit) {
  State& s = *state_;
  if (s.finished) return Error::Internal("a bulk import was finished twice");
  s.finished = true;
  if (!commit || s.failed) {
    s.txn.reset();  // rolls back
    return false;
  }
  if (s.kind != nullptr) {
    HOPTAC_RETURN_IF_ERROR(
        Registry::Impl::AuditImport(*s.txn, s.actor, s.now, s.kind, s.items, s.created));
  }
  HOPTAC_RETURN_IF_ERROR(s.txn->Commit());
  return true;
}

namespace {

// One batch, then Finish: the bulk methods for a whole set of items.
template <typename Item, typename Add>
Result<BulkResult> ImportAll(Registry& registry, const Actor& actor, bool dry_run, Add add) {
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<BulkImport> bulk, registry.BeginImport(actor));
  HOPTAC_ASSIGN_OR_RETURN(BulkResult result, add(*bulk));
  HOPTAC_ASSIGN_OR_RETURN(result.committed, bulk->Finish(!dry_run));
  return result;
}

}  // namespace

Result<BulkResult> Registry::ImportOrganisations(std::span<const NewOrganisation> items,
                                                 const Actor& actor, bool dry_run) {
  return ImportAll<NewOrganisation>(*this, actor, dry_run,
                                    [&](BulkImport& b) { return b.AddOrganisations(items); });
}

Result<BulkResult> Registry::ImportEvents(std::span<const CodedEvent> items, const Actor& actor,
                                          bool dry_run) {
  return ImportAll<CodedEvent>(*this, actor, dry_run,
                               [&](BulkImport& b) { return b.AddEvents(items); });
}

Result<BulkResult> Registry::ImportFigures(std::span<const CodedFigures> items, const Actor& actor,
                                           bool dry_run) {
  return ImportAll<CodedFigures>(*this, actor, dry_run,
                                 [&](BulkImport& b) { return b.AddFigures(items); });
}

Result<BulkResult> Registry::ImportMembers(std::span<const CodedMember> items, const Actor& actor,
                                           bool dry_run) {
  return ImportAll<CodedMember>(*this, actor, dry_run,
                                [&](BulkImport& b) { return b.AddMembers(items); });
}

Result<OrgView> Registry::Show(std::string_view code, std::optional<Date> as_of,
                               std::optional<Timestamp> known_at) {
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, impl_->Units());
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(impl_->store, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, impl_->store.LoadEvents(org.id));
  OrgView v;
  const Date today = impl_->clock.Today();
  v.as_of = as_of.value_or(today);
  v.known_at = known_at.value_or(impl_->clock.Now());
  v.state = domain::Fold(org, events, v.as_of, v.known_at);
  if (!v.state.exists) return v;
  v.conversion = domain::ConversionAsOf(v.state);
  v.unit = units->At(v.state.unit_code, v.state.unit_since);
  if (v.unit != nullptr) {
    v.unit_path = domain::UnitPath(*units, *v.unit, v.state.unit_since);
    v.units_now = units->MapTo(v.state.unit_code, v.state.unit_since, today);
    if (const domain::Unit* primary =
            domain::PrimarySuccessor(*units, v.state.unit_code, v.state.unit_since, today)) {
      v.unit_now_path = domain::UnitPath(*units, *primary, today);
    }
  }
  for (OrgId id : v.state.successors) {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> s, impl_->store.FindOrganisation(id));
    if (s) v.successor_codes.push_back(s->registry_code);
  }
  HOPTAC_ASSIGN_OR_RETURN(std::vector<OrgId> linked, impl_->store.LinkedTo(org.id));
  for (OrgId id : linked) {
    HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> p, impl_->store.FindOrganisation(id));
    if (p) v.predecessor_codes.push_back(p->registry_code);
  }
  return v;
}

Result<HistoryView> Registry::History(std::string_view code) {
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(impl_->store, code));
  HistoryView h;
  h.organisation = org;
  HOPTAC_ASSIGN_OR_RETURN(h.events, impl_->store.LoadEvents(org.id));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::YearlyFigures> figures,
                          impl_->store.LoadFigures(org.id));
  h.revision = app::Revision(org, h.events, figures.size());
  std::unordered_map<OrgId, std::string> codes;
  for (const Event& e : h.events) {
    std::string joined;
    for (OrgId id : e.related) {
      if (!codes.count(id)) {
        HOPTAC_ASSIGN_OR_RETURN(std::optional<Organisation> o, impl_->store.FindOrganisation(id));
        codes[id] = o ? o->registry_code : std::to_string(id);
      }
      if (!joined.empty()) joined += ", ";
      joined += codes[id];
    }
    h.related_codes.push_back(std::move(joined));
  }
  return h;
}

Result<std::string> Registry::Revision(std::string_view code) {
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(impl_->store, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, impl_->store.LoadEvents(org.id));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::YearlyFigures> figures,
                          impl_->store.LoadFigures(org.id));
  return app::Revision(org, events, figures.size());
}

Result<std::vector<domain::AuditEntry>> Registry::Audit(const domain::AuditQuery& q) {
  return impl_->store.QueryAudit(q);
}

Result<std::vector<domain::YearlyFigures>> Registry::Figures(std::string_view code,
                                                             std::optional<Timestamp> known_at) {
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(impl_->store, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::YearlyFigures> all, impl_->store.LoadFigures(org.id));
  return domain::FiguresAsKnown(all, known_at.value_or(impl_->clock.Now()));
}

Result<ListPage> Registry::List(const ListQuery& q) {
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, impl_->Units());
  const Date today = impl_->clock.Today();
  const Date as_of = q.as_of.value_or(today);
  const size_t limit = std::clamp<size_t>(q.limit, 1, 10000);
  HOPTAC_ASSIGN_OR_RETURN(const After after, ParseCursor(q.after, q.sort, q.descending));
  std::vector<std::string> unit_codes;
  if (!q.unit_code.empty()) {
    unit_codes = domain::CodesWithin(*units, q.unit_code, as_of);
    if (unit_codes.empty()) {
      return Error::Invalid("unit", q.unit_code, "no administrative unit has this code",
                            "unit.exists");
    }
  }
  const std::vector<std::string> tokens = text::Tokens(text::Fold(q.query));
  ListPage page;
  if (!q.as_of && !q.known_at) {
    // Today, as known now: the projection answers.
    domain::OrgQuery sq;
    sq.name_tokens = tokens;
    sq.kind = q.kind;
    sq.status = q.status;
    sq.field = q.field;
    sq.model = q.model;
    sq.unit_codes = unit_codes;
    sq.limit = limit + 1;
    sq.sort = q.sort;
    sq.descending = q.descending;
    sq.after_value = after.value;
    sq.after_key = after.key;
    HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::OrgListRow> rows, impl_->QueryLatest(sq));
    if (rows.size() > limit) {
      rows.resize(limit);
      page.next = Cursor(q.sort, q.descending, domain::SortValue(rows.back().state, q.sort),
                         rows.back().sort_key);
    }
    for (auto& r : rows) page.items.push_back(std::move(r.state));
    return page;
  }
  // Any other date or knowledge time: fold every organisation, and order as the store does.
  struct Hit {
    std::string value, key;
    OrgState state;
  };
  const auto before = [&q](const std::string& av, const std::string& ak, const std::string& bv,
                           const std::string& bk) {
    if (q.sort == domain::OrgSort::kName) return q.descending ? bk < ak : ak < bk;
    if (av != bv) return q.descending ? bv < av : av < bv;
    return ak < bk;
  };
  const Timestamp known_at = q.known_at.value_or(impl_->clock.Now());
  std::vector<Hit> hits;
  HOPTAC_RETURN_IF_ERROR(
      impl_->store.ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
        if (q.kind && org.kind != *q.kind) return;
        OrgState s = domain::Fold(org, events, as_of, known_at);
        if (!s.exists) return;
        if (q.status && s.status != *q.status) return;
        if (q.field && s.field != *q.field) return;
        if (!q.model.empty() &&
            std::find(s.models.begin(), s.models.end(), q.model) == s.models.end()) {
          return;
        }
        if (!unit_codes.empty() &&
            !std::binary_search(unit_codes.begin(), unit_codes.end(), s.unit_code)) {
          return;
        }
        if (!tokens.empty() && !NameMatches(s, tokens)) return;
        std::string key = impl_->collator.RowKey(s.name, s.id);
        std::string value = domain::SortValue(s, q.sort);
        if (!after.key.empty() && !before(after.value, after.key, value, key)) return;
        hits.push_back({std::move(value), std::move(key), std::move(s)});
      }));
  std::sort(hits.begin(), hits.end(),
            [&](const Hit& a, const Hit& b) { return before(a.value, a.key, b.value, b.key); });
  if (hits.size() > limit) {
    hits.resize(limit);
    page.next = Cursor(q.sort, q.descending, hits.back().value, hits.back().key);
  }
  for (Hit& h : hits) page.items.push_back(std::move(h.state));
  return page;
}

Result<std::vector<OrgState>> Registry::Search(std::string_view raw_query, size_t limit) {
  HOPTAC_ASSIGN_OR_RETURN(std::string query, text::ToNfc(raw_query, "q"));
  const std::vector<std::string> tokens = text::Tokens(text::Fold(query));
  if (tokens.empty()) return Error::Invalid("q", query, "the search text is empty", "search.empty");
  constexpr size_t kCandidates = 2000;
  domain::OrgQuery sq;
  sq.limit = kCandidates;
  const bool looks_like_code =
      query.size() >= 3 && std::all_of(query.begin(), query.end(),
                                       [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  if (looks_like_code) {
    sq.code_prefix = query;
  } else {
    sq.name_tokens = tokens;
  }
  HOPTAC_ASSIGN_OR_RETURN(std::vector<domain::OrgListRow> rows, impl_->QueryLatest(sq));
  // Names with the query's exact diacritics first; both groups stay in Vietnamese order.
  const std::string lowered = text::Lower(query);
  std::stable_partition(rows.begin(), rows.end(), [&](const domain::OrgListRow& r) {
    return text::Lower(r.state.name).find(lowered) != std::string::npos;
  });
  std::vector<OrgState> out;
  for (auto& r : rows) {
    if (out.size() >= limit) break;
    out.push_back(std::move(r.state));
  }
  return out;
}

Result<std::vector<domain::EventType>> Registry::AllowedNext(std::string_view code) {
  HOPTAC_ASSIGN_OR_RETURN(Organisation org, impl_->FindByCode(impl_->store, code));
  HOPTAC_ASSIGN_OR_RETURN(std::vector<Event> events, impl_->store.LoadEvents(org.id));
  return domain::AllowedNext(org, events);
}

Result<domain::StoreCounts> Registry::Counts() { return impl_->store.Counts(); }

Status Registry::ForEachState(Date as_of, std::optional<Timestamp> known_at,
                              const std::function<void(const OrgState&)>& visit) {
  const Timestamp r = known_at.value_or(impl_->clock.Now());
  return impl_->store.ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
    visit(domain::Fold(org, events, as_of, r));
  });
}

}  // namespace hoptac::app
