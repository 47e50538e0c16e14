#include "domain/figures.hpp"

#include <algorithm>
#include <map>

#include "domain/lifecycle.hpp"
#include "domain/rating_scheme.hpp"

namespace hoptac::domain {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

}  // namespace

Status ValidateFigures(const YearlyFigures& f, const OrgState& state, Date today) {
  auto fail = [](const char* field, std::string value, std::string message, std::string rule) {
    return Status(Error::Invalid(field, std::move(value), std::move(message), std::move(rule)));
  };
  if (f.year < 1990 || f.year > today.year()) {
    return fail("year", Num(f.year), "the year must be between 1990 and " + Num(today.year()),
                "figures.year_range");
  }
  if (!state.exists) {
    return fail("year", Num(f.year),
                "the organisation was not founded by the end of " + Num(f.year),
                "figures.year_after_founding");
  }
  const std::pair<const char*, const std::optional<int64_t>*> counts[] = {
      {"members", &f.members},
      {"members_individual", &f.members_individual},
      {"members_household", &f.members_household},
      {"members_legal_entity", &f.members_legal_entity},
      {"workers", &f.workers},
      {"workers_members", &f.workers_members},
  };
  for (const auto& [name, v] : counts) {
    if (*v && **v < 0)
      return fail(name, Num(**v), "must not be negative", std::string(name) + ".non_negative");
  }
  const std::pair<const char*, const std::optional<Money>*> amounts[] = {
      {"charter_capital", &f.charter_capital},
      {"total_assets", &f.total_assets},
      {"revenue", &f.revenue},
      {"revenue_from_members", &f.revenue_from_members},
      {"avg_income", &f.avg_income},
  };
  for (const auto& [name, v] : amounts) {
    if (*v && (*v)->vnd() < 0) {
      return fail(name, (*v)->ToString(), "must not be negative",
                  std::string(name) + ".non_negative");
    }
  }
  if (f.members) {
    const int64_t parts = f.members_individual.value_or(0) + f.members_household.value_or(0) +
                          f.members_legal_entity.value_or(0);
    if (parts > *f.members) {
      return fail("members", Num(*f.members),
                  "individual, household and legal-entity members add up to " + Num(parts) +
                      ", more than the total",
                  "figures.member_parts");
    }
  }
  if (f.workers && f.workers_members && *f.workers_members > *f.workers) {
    return fail("workers_members", Num(*f.workers_members),
                "more workers who are members than workers (" + Num(*f.workers) + ")",
                "figures.worker_parts");
  }
  if (f.revenue && f.revenue_from_members && *f.revenue_from_members > *f.revenue) {
    return fail("revenue_from_members", f.revenue_from_members->ToString(),
                "more revenue from members than revenue (" + f.revenue->ToString() + ")",
                "figures.revenue_parts");
  }
  if (f.rating_score) {
    if (f.rating_scheme.empty()) {
      return fail("rating_scheme", "", "a score names the scheme it was given under",
                  "figures.rating_scheme");
    }
    if (const RatingScheme* scheme = FindRatingScheme(f.rating_scheme)) {
      const auto band =
          BandFor(*scheme, static_cast<int>(std::clamp<int64_t>(*f.rating_score, -1, 100000)));
      if (!band) {
        return fail("rating_score", Num(*f.rating_score),
                    "a " + scheme->id + " score is between 0 and " + Num(scheme->max_score),
                    "figures.rating_score_range");
      }
      if (f.rating && *f.rating != Rating::kNotRated && *f.rating != *band) {
        return fail("rating", Id(*f.rating),
                    std::string("the score ") + Num(*f.rating_score) + " is '" + Id(*band) +
                        "' under " + scheme->id,
                    "figures.rating_matches_score");
      }
    }
  }
  if (f.rating && *f.rating != Rating::kNotRated && f.rating_scheme.empty()) {
    return fail("rating_scheme", "", "a rating names the scheme it was given under",
                "figures.rating_scheme");
  }
  return OkStatus();
}

std::vector<YearlyFigures> FiguresAsKnown(const std::vector<YearlyFigures>& revisions,
                                          Timestamp known_at) {
  std::map<int, const YearlyFigures*> latest;
  for (const YearlyFigures& f : revisions) {
    if (f.recorded_at > known_at) continue;
    auto& slot = latest[f.year];
    if (slot == nullptr || slot->recorded_at <= f.recorded_at) slot = &f;
  }
  std::vector<YearlyFigures> out;
  out.reserve(latest.size());
  for (const auto& [year, f] : latest) out.push_back(*f);
  return out;
}

}  // namespace hoptac::domain
