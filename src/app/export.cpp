#include "app/export.hpp"

#include <algorithm>
#include <unordered_map>

#include "exchange/csv_writer.hpp"
#include "exchange/rows.hpp"

namespace hoptac::app {

namespace {

using domain::Event;
using domain::Organisation;
using exchange::RecordKind;

std::string Opt(const std::optional<std::string>& s) { return s.value_or(""); }
std::string Opt(const std::optional<domain::Money>& m) { return m ? m->ToString() : ""; }
std::string Opt(const std::optional<Date>& d) { return d ? d->ToString() : ""; }
std::string Opt(const std::optional<std::vector<std::string>>& v) {
  return v ? exchange::JoinList(*v) : "";
}
std::string Opt(const std::optional<domain::Field>& f) { return f ? domain::Id(*f) : ""; }
std::string Opt(const std::optional<int64_t>& n) { return n ? std::to_string(*n) : ""; }

std::vector<std::string> Header(RecordKind kind) {
  std::vector<std::string> out;
  for (const exchange::ColumnSpec& c : exchange::Columns(kind)) out.emplace_back(c.name);
  return out;
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

Result<std::string> ExportCsv(domain::Store& store, RecordKind kind) {
  std::string out(exchange::kUtf8Bom);
  exchange::AppendCsvRow(out, Header(kind));
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
  HOPTAC_RETURN_IF_ERROR(
      store.ForEachHistory([&](const Organisation& org, std::vector<Event>& events) {
        if (!failed.ok()) return;
        const std::vector<const Event*> history = InHistoryOrder(events);
        const auto founding = std::find_if(history.begin(), history.end(), [](const Event* e) {
          return e->type == domain::EventType::kFounded;
        });
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
          exchange::AppendCsvRow(out, row);
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
                   Opt(c.address_detail),
                   Opt(c.name),
                   Opt(c.short_name),
                   Opt(c.foreign_name),
                   Opt(c.field),
                   Opt(c.sectors),
                   Opt(c.models),
                   Opt(c.certificate_no),
                   Opt(c.charter_capital),
                   Opt(c.representative),
                   exchange::JoinList(related),
                   e->note};
            exchange::AppendCsvRow(out, row);
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
                   f.rating_scheme,
                   f.source};
            exchange::AppendCsvRow(out, row);
          }
        }
      }));
  HOPTAC_RETURN_IF_ERROR(failed);
  return out;
}

}  // namespace hoptac::app
