#include "cli/event_options.hpp"

#include <CLI/CLI.hpp>

namespace hoptac::cli {
namespace {

std::vector<std::string> SplitList(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(sep, i);
    if (j == std::string::npos) j = s.size();
    std::string part = s.substr(i, j - i);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(part);
    i = j + 1;
  }
  return out;
}

}  // namespace

void EventOptions::Register(CLI::App& cmd, bool with_type) {
  if (with_type) {
    cmd.add_option("--type", type,
                   "event type: founded, registered, reregistered_2012, amended, relocated, "
                   "suspended, resumed, flagged_not_at_address, cleared_not_at_address, "
                   "dissolution_started, dissolved_voluntary, dissolved_forced, "
                   "certificate_revoked, merged_into, consolidated_into, divided_into, "
                   "separated_from, bankrupt, converted_to_enterprise, charter_amended_2023")
        ->required();
  }
  cmd.add_option("--date", date, "effective date (YYYY-MM-DD or dd/mm/yyyy)")->required();
  cmd.add_option("--name", name, "Vietnamese name");
  cmd.add_option("--short-name", short_name, "abbreviated name");
  cmd.add_option("--foreign-name", foreign_name, "foreign-language name");
  cmd.add_option("--field", field, "main field: agriculture, non_agriculture, credit");
  cmd.add_option("--sectors", sectors, "sectors, comma-separated");
  cmd.add_option("--unit", unit, "commune code of the head office (valid on the date)");
  cmd.add_option("--address", address, "village, street (free text)");
  cmd.add_option("--representative", representative, "legal representative");
  cmd.add_option("--capital", capital, "charter capital in VND (1.234.567 or 1234567)");
  cmd.add_option("--model", models, "model tag (repeatable), e.g. \"HTX toàn thôn\"");
  cmd.add_flag("--clear-models", clear_models, "remove every model tag");
  cmd.add_option("--certificate-no", certificate_no, "registration certificate number");
  cmd.add_option("--decision-no", decision_no, "number of the decision");
  cmd.add_option("--decision-date", decision_date, "date of the decision");
  cmd.add_option("--decided-by", decided_by, "deciding body");
  cmd.add_option("--ground", ground,
                 "ground of a forced dissolution: not_operating_12_months, "
                 "below_minimum_members_12_months, no_general_meeting_18_months, "
                 "certificate_revoked, court_decision");
  cmd.add_option("--related", related,
                 "registry code of a linked organisation (successor or parent; repeatable)");
  cmd.add_option("--note", note, "note");
  cmd.add_option("--recorded-at", recorded_at,
                 "when the fact was first recorded, if earlier than now (older registers)");
}

Result<app::NewEvent> EventOptions::ToNewEvent() const {
  app::NewEvent e;
  if (!type.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(e.type, domain::ParseEventType(type, "--type"));
  }
  HOPTAC_ASSIGN_OR_RETURN(e.effective_date, Date::Parse(date, "--date"));
  domain::Changes& c = e.changes;
  c.name = name;
  c.short_name = short_name;
  c.foreign_name = foreign_name;
  if (field) {
    HOPTAC_ASSIGN_OR_RETURN(c.field, domain::ParseField(*field, "--field"));
  }
  if (sectors) c.sectors = SplitList(*sectors, ',');
  if (unit) {
    HOPTAC_ASSIGN_OR_RETURN(c.unit_code, domain::ParseUnitCode(*unit, "--unit"));
  }
  c.address_detail = address;
  c.representative = representative;
  if (capital) {
    HOPTAC_ASSIGN_OR_RETURN(c.charter_capital,
                            domain::Money::Parse(*capital, "--capital", /*non_negative=*/true));
  }
  if (!models.empty() || clear_models) c.models = models;
  c.certificate_no = certificate_no;
  e.basis.decision_no = decision_no;
  if (!decision_date.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(e.basis.decision_date, Date::Parse(decision_date, "--decision-date"));
  }
  e.basis.decided_by = decided_by;
  if (!ground.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(e.ground, domain::ParseGround(ground, "--ground"));
  }
  for (const std::string& r : related) {
    HOPTAC_ASSIGN_OR_RETURN(domain::RegistryCode code,
                            domain::RegistryCode::Parse(r, /*legacy=*/true, "--related"));
    e.related_codes.push_back(code.value());
  }
  e.note = note;
  if (!recorded_at.empty()) {
    HOPTAC_ASSIGN_OR_RETURN(e.recorded_at, Timestamp::Parse(recorded_at, "--recorded-at"));
  }
  return e;
}

}  // namespace hoptac::cli
