#include "app/export.hpp"

#include <algorithm>
#include <unordered_map>

#include "exchange/rows.hpp"

namespace hoptac::app {

namespace {

using domain::Event;
using domain::Organisation;
using exchange::RecordKind;

std::string Opt(const std::optional<std::string>& s) { return s.value_or(""); }
// A field an event sets to nothing is written as the clear marker, so that it travels.
std::string Cleared(const std::optional<std::string>& s) {
  if (s && s->empty()) return std::string(exchange::kClearMarker);
  return s.value_or("");
}
std::string Cleared(const std::optional<std::vector<std::string>>& v) {
  if (v && v->empty()) return std::string(exchange::kClearMarker);
  return v ? exchange::JoinList(*v) : "";
}
std::string Opt(const std::optional<domain::Money>& m) { return m ? m->ToString() : ""; }
std::string Opt(const std::optional<Date>& d) { return d ? d->ToString() : ""; }
std::string Opt(const std::optional<std::vector<std::string>>& v) {
  return v ? exchange::JoinList(*v) : "";
}
std::string Opt(const std::optional<domain::Field>& f) { return f ? domain::Id(*f) : ""; }
std::string Opt(const std::optional<int64_t>& n) { return n ? std::to_string(*n) : ""; }

// Figures of `year` are the registry's on `as_of` once the year has ended.
bool YearEnded(int year, const std::optional<Date>& as_of) {
  if (!as_of) return true;
  return year < as_of->year() ||
         (year == as_of->year() && as_of->month() == 12 && as_of->day() == 31);
}

// History order, as the fold sorts: effective date, then recording time, then id.
std::vector<const Event*> InHistoryOrder(const std::vector<Event>& events) {
  std::vector<const Event*> out;
  for (const Event& e : events) {
    if (!e.voided) out.push_back(&e);
  }
  std::stable_sort(out.begin(), out.end(), [](const Event* a, const Event* b) {
    if (a->effective_date != b->effective_date) return a->effective_date < b->effective_date;
    if (a->recorded_at != b->recorded_at) return a->recorded_at < b->recorded_at;
    return a->id < b->id;
  });
  return out;
}

}  // namespace

Result<std::string> Export(domain::Store& store, const ExportOptions& options) {
  const RecordKind kind = options.kind;
  const std::optional<Date>& as_of = options.as_of;
  HOPTAC_ASSIGN_OR_RETURN(std::unique_ptr<exchange::RecordWriter> writer,
                          exchange::MakeRecordWriter(options.format, kind, options.created));
  std::unordered_map<domain::OrgId, std::string> codes;
  auto code_of = [&](domain::OrgId id) -> std::string {
    auto it = codes.find(id);
    if (it != codes.end()) return it->second;
    auto org = store.FindOrganisation(id);
    std::string code = org.ok() && *org ? (*org)->registry_code : std::to_string(id);
    codes.emplace(id, code);
    return code;
  };
  Status failed = OkStatus();
  std::vector<std::string> row;
  auto add = [&] {
    if (Status s = writer->Add(row); !s.ok() && failed.ok()) failed = std::move(s);
  };
  if (kind == RecordKind::kMembers) {
    // The register as known now, organisation by organisation, in member-number order; as of D,
    // the members who had joined by D, without a leaving that came after D.
    HOPTAC_RETURN_IF_ERROR(store.ForEachMembers([&](domain::OrgId id,
                                                    std::vector<domain::Member>& revisions) {
      if (!failed.ok()) return;
      if (as_of) {  // only the organisations the as-of organisations file holds
        auto events = store.LoadEvents(id);
        if (!events.ok()) {
          failed = events.take_error();
          return;
        }
        const bool founded = std::any_of(events->begin(), events->end(), [&](const Event& e) {
          return !e.voided && e.type == domain::EventType::kFounded && e.effective_date <= *as_of;
        });
        if (!founded) return;
      }
      const std::string code = code_of(id);
      for (domain::Member m : domain::MembersAsKnown(revisions, Timestamp::Max())) {
        if (as_of && m.joined_on > *as_of) continue;
        if (as_of && m.left_on && *m.left_on > *as_of) {
          m.left_on.reset();
          m.left_reason.clear();
        }
        row = {code,
               m.member_no,
               domain::Id(m.type),
               domain::Id(m.kind),
               m.name,
               m.representative,
               m.id_number,
               m.nationality,
               m.address,
               m.joined_on.ToString(),
               Opt(m.left_on),
               m.left_reason,
               Opt(m.capital),
               Opt(m.capital_date),
               m.capital_certificate_no,
               Opt(m.capital_certificate_date),
               m.note};
        add();
      }
    }));
    HOPTAC_RETURN_IF_ERROR(failed);
    return writer->Finish();
  }
  HOPTAC_RETURN_IF_ERROR(
      store.ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
        if (!failed.ok()) return;
        std::vector<const Event*> history = InHistoryOrder(events);
        if (as_of) {
          std::erase_if(history, [&](const Event* e) { return e->effective_date > *as_of; });
        }
        const auto founding = std::find_if(history.begin(), history.end(), [](const Event* e) {
          return e->type == domain::EventType::kFounded;
        });
        if (as_of && founding == history.end()) return;  // not founded yet on as_of
        if (kind == RecordKind::kOrganisations) {
          if (founding == history.end()) return;
          const Event& f = **founding;
          const domain::Changes& c = f.changes;
          row = {org.registry_code,
                 org.legacy_code ? "1" : "",
                 domain::Id(org.kind),
                 Opt(c.name),
                 Opt(c.short_name),
                 Opt(c.foreign_name),
                 Opt(c.field),
                 Opt(c.sectors),
                 f.effective_date.ToString(),
                 Opt(c.unit_code),
                 Opt(c.address_detail),
                 Opt(c.representative),
                 Opt(c.charter_capital),
                 Opt(c.models),
                 Opt(c.certificate_no),
                 f.basis.decision_no,
                 Opt(f.basis.decision_date),
                 f.basis.decided_by,
                 f.note};
          add();
        } else if (kind == RecordKind::kEvents) {
          for (const Event* e : history) {
            if (founding != history.end() && e == *founding) continue;
            const domain::Changes& c = e->changes;
            std::vector<std::string> related;
            for (domain::OrgId id : e->related) related.push_back(code_of(id));
            row = {org.registry_code,
                   domain::Id(e->type),
                   e->effective_date.ToString(),
                   e->basis.decision_no,
                   Opt(e->basis.decision_date),
                   e->basis.decided_by,
                   e->ground ? domain::Id(*e->ground) : "",
                   Opt(c.unit_code),
                   Cleared(c.address_detail),
                   Opt(c.name),
                   Cleared(c.short_name),
                   Cleared(c.foreign_name),
                   Opt(c.field),
                   Cleared(c.sectors),
                   Cleared(c.models),
                   Cleared(c.certificate_no),
                   Opt(c.charter_capital),
                   Cleared(c.representative),
                   exchange::JoinList(related),
                   e->note};
            add();
          }
        } else {
          auto revisions = store.LoadFigures(org.id);
          if (!revisions.ok()) {
            failed = revisions.take_error();
            return;
          }
          std::vector<domain::YearlyFigures> latest =
              domain::FiguresAsKnown(*revisions, Timestamp::Max());
          std::sort(latest.begin(), latest.end(),
                    [](const auto& a, const auto& b) { return a.year < b.year; });
          for (const domain::YearlyFigures& f : latest) {
            if (!YearEnded(f.year, as_of)) continue;
            row = {org.registry_code,
                   std::to_string(f.year),
                   Opt(f.members),
                   Opt(f.members_individual),
                   Opt(f.members_household),
                   Opt(f.members_legal_entity),
                   Opt(f.workers),
                   Opt(f.workers_members),
                   Opt(f.charter_capital),
                   Opt(f.total_assets),
                   Opt(f.revenue),
                   Opt(f.revenue_from_members),
                   Opt(f.profit_before_tax),
                   Opt(f.avg_income),
                   f.rating ? domain::Id(*f.rating) : "",
                   Opt(f.rating_score),
                   f.rating_scheme,
                   f.source,
                   domain::FormatRatingPoints(f.rating_points)};
            add();
          }
        }
      }));
  HOPTAC_RETURN_IF_ERROR(failed);
  return writer->Finish();
}

Result<std::string> ExportCsv(domain::Store& store, RecordKind kind) {
  return Export(store, ExportOptions{kind, exchange::FileFormat::kCsv, std::nullopt, Timestamp()});
}

}  // namespace hoptac::app
