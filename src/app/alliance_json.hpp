#pragma once
// JSON shapes of the Alliance's work: what the API answers and accepts (http/alliance_handlers),
// what `hoptac activity|inspection|plan … --format json` prints and `--file` reads, and the
// before/after of the audit log. Readers refuse unknown members and wrong types, naming the
// member ("recommendations[2].deadline") and the value; the rules are domain/alliance's.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/alliance.hpp"

namespace hoptac::app {

nlohmann::json ActivityJson(const domain::Activity& a);
// Recommendations carry their state as of `as_of` (open, done, overdue).
nlohmann::json InspectionJson(const domain::Inspection& i, Date as_of);
nlohmann::json PlanJson(const domain::Plan& p);
nlohmann::json ProgressEntryJson(const domain::ProgressEntry& e);
nlohmann::json PilotCommuneJson(const domain::PilotCommune& c);
nlohmann::json FollowUpItemJson(const FollowUpItem& f);
nlohmann::json PlanProgressJson(const PlanProgress& p);
nlohmann::json ReviewNoteJson(const domain::ReviewNote& n);
// The data lists: activity types and computed indicators.
nlohmann::json AllianceListsJson();

// Readers. id, revision and the recording fields are not read (the caller sets them).
Result<domain::Activity> ActivityFromJson(const nlohmann::json& body);
Result<domain::Inspection> InspectionFromJson(const nlohmann::json& body);
Result<domain::Plan> PlanFromJson(const nlohmann::json& body, int year);
Result<std::vector<domain::PilotCommune>> PilotCommunesFromJson(const nlohmann::json& body,
                                                                int year);

}  // namespace hoptac::app
