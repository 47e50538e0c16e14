#include "domain/figures.hpp"

#include <algorithm>
#include <map>

#include "domain/lifecycle.hpp"
#include "domain/rating_scheme.hpp"

namespace hoptac::domain {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Criterion ids in scheme order: numerically when both are numbers.
bool CriterionBefore(const std::string& a, const std::string& b) {
  const bool na = !a.empty() && std::all_of(a.begin(), a.end(), IsDigit);
  const bool nb = !b.empty() && std::all_of(b.begin(), b.end(), IsDigit);
  if (na && nb && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

// Per-criterion points against the scheme: each criterion once; a criterion the scheme lists
// gets at most its maximum; the criteria it does not list (Circular 01/2020's 10–15, whose
// individual maxima are not known, domain.md §2.1) share what the listed ones leave of the
// maximum score; the stored total, when there is one, is their sum.
Status CheckPoints(const YearlyFigures& f) {
  const std::string text = FormatRatingPoints(f.rating_points);
  auto fail = [&](std::string message, std::string rule) {
    return Status(Error::Invalid("rating_points", text, std::move(message), std::move(rule)));
  };
  const RatingScheme* scheme = FindRatingScheme(f.rating_scheme);
  if (scheme == nullptr) {
    return fail("criterion points need a known rating scheme (e.g. TT01/2020), not '" +
                    f.rating_scheme + "'",
                "figures.rating_points_scheme");
  }
  int64_t listed_max = 0;
  for (const RatingCriterion& c : scheme->criteria) listed_max += c.max_points;
  int64_t unlisted = 0, total = 0;
  std::map<std::string, int> seen;
  for (const CriterionPoints& p : f.rating_points) {
    if (++seen[p.criterion] > 1) {
      return fail("criterion " + p.criterion + " is given twice", "figures.rating_points_once");
    }
    if (p.points < 0) {
      return fail("criterion " + p.criterion + " has negative points",
                  "figures.rating_points_range");
    }
    const auto known = std::find_if(scheme->criteria.begin(), scheme->criteria.end(),
                                    [&](const RatingCriterion& c) { return c.id == p.criterion; });
    if (known != scheme->criteria.end()) {
      if (p.points > known->max_points) {
        return fail("criterion " + p.criterion + " (" + known->label + ") has at most " +
                        Num(known->max_points) + " points under " + scheme->id,
                    "figures.rating_points_range");
      }
    } else {
      const bool numeric = std::all_of(p.criterion.begin(), p.criterion.end(), IsDigit);
      if (listed_max >= scheme->max_score || !numeric || p.criterion.empty()) {
        return fail("criterion " + p.criterion + " is not one of " + scheme->id,
                    "figures.rating_points_criterion");
      }
      unlisted += p.points;
    }
    total += p.points;
  }
  if (unlisted > scheme->max_score - listed_max) {
    return fail("the criteria beyond those listed share at most " +
                    Num(scheme->max_score - listed_max) + " points under " + scheme->id,
                "figures.rating_points_range");
  }
  if (f.rating_score && *f.rating_score != total) {
    return fail("the points add up to " + Num(total) + ", not the score " + Num(*f.rating_score),
                "figures.rating_points_total");
  }
  return OkStatus();
}

}  // namespace

std::optional<int64_t> EffectiveScore(const YearlyFigures& f) {
  if (f.rating_score) return f.rating_score;
  if (f.rating_points.empty()) return std::nullopt;
  int64_t total = 0;
  for (const CriterionPoints& p : f.rating_points) total += p.points;
  return total;
}

std::string FormatRatingPoints(const std::vector<CriterionPoints>& points) {
  std::vector<CriterionPoints> sorted = points;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return CriterionBefore(a.criterion, b.criterion);
  });
  std::string out;
  for (const CriterionPoints& p : sorted) {
    if (!out.empty()) out.append("; ");
    out.append(p.criterion).append("=").append(Num(p.points));
  }
  return out;
}

Result<std::vector<CriterionPoints>> ParseRatingPoints(std::string_view text,
                                                       std::string_view field) {
  std::vector<CriterionPoints> out;
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  text = trim(text);
  while (!text.empty()) {
    const size_t semi = text.find(';');
    const std::string_view item = trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : trim(text.substr(semi + 1));
    const size_t eq = item.find('=');
    const std::string_view id = eq == std::string_view::npos ? item : trim(item.substr(0, eq));
    const std::string_view pts = eq == std::string_view::npos ? "" : trim(item.substr(eq + 1));
    const bool ok = !id.empty() && id.size() <= 8 && !pts.empty() && pts.size() <= 6 &&
                    std::all_of(pts.begin(), pts.end(), IsDigit);
    if (!ok) {
      return Error::Invalid(std::string(field), std::string(item),
                            "expected criterion=points pairs separated by ';', e.g. 1=7; 2=6",
                            "figures.rating_points_format");
    }
    out.push_back({std::string(id), std::stoll(std::string(pts))});
  }
  return out;
}

Status ValidateFigures(const YearlyFigures& f, std::optional<Date> founded_on, Date today) {
  auto fail = [](const char* field, std::string value, std::string message, std::string rule) {
    return Status(Error::Invalid(field, std::move(value), std::move(message), std::move(rule)));
  };
  if (f.year < 1990 || f.year > today.year()) {
    return fail("year", Num(f.year), "the year must be between 1990 and " + Num(today.year()),
                "figures.year_range");
  }
  if (!founded_on || founded_on->year() > f.year) {
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
  if (!f.rating_points.empty()) HOPTAC_RETURN_IF_ERROR(CheckPoints(f));
  if (const std::optional<int64_t> score = EffectiveScore(f)) {
    const char* score_field = f.rating_score ? "rating_score" : "rating_points";
    const std::string score_value =
        f.rating_score ? Num(*f.rating_score) : FormatRatingPoints(f.rating_points);
    if (f.rating_scheme.empty()) {
      return fail("rating_scheme", "", "a score names the scheme it was given under",
                  "figures.rating_scheme");
    }
    if (const RatingScheme* scheme = FindRatingScheme(f.rating_scheme)) {
      const auto band = BandFor(*scheme, static_cast<int>(std::clamp<int64_t>(*score, -1, 100000)));
      if (!band) {
        return fail(score_field, score_value,
                    "a " + scheme->id + " score is between 0 and " + Num(scheme->max_score),
                    "figures.rating_score_range");
      }
      if (f.rating && *f.rating != Rating::kNotRated && *f.rating != *band) {
        return fail(
            "rating", Id(*f.rating),
            std::string("the score ") + Num(*score) + " is '" + Id(*band) + "' under " + scheme->id,
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
