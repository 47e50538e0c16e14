#pragma once
// Commands of the Alliance's work (app/alliance.hpp): activity, inspection, plan; and the yearly
// review, `hoptac report annual-review` (called from report_commands.cpp).

#include <string>

namespace CLI {
class App;
}

namespace hoptac::cli {

struct Context;

void RegisterAllianceCommands(CLI::App& app, Context& ctx);  // activity, inspection, plan

// `hoptac report annual-review --year Y [--unit AREA] [--format text|table|json|html|xlsx]
// [-o FILE]`: the committee's yearly review.
void RunAnnualReview(Context& ctx, int year, const std::string& area, const std::string& output);

}  // namespace hoptac::cli
