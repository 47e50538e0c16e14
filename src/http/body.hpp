#pragma once
// Typed members of JSON request bodies, and the registry's commands built from them. Every error
// names the member (a nested one as "replacement.effective_date") and the value given; nothing
// here knows the registry's rules, which app/ and domain/ check.

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/registry.hpp"
#include "base/result.hpp"

namespace hoptac::http {

// kInvalid naming the first member of `object` not in `allowed` (prefixed with `prefix`).
Status CheckMembers(const nlohmann::json& object, std::span<const std::string_view> allowed,
                    std::string_view prefix = {});

// The members of POST /api/organisations, POST …/events, PUT …/figures/{year}.
std::span<const std::string_view> OrganisationMembers();
std::span<const std::string_view> EventMembers();
std::span<const std::string_view> FiguresMembers();

Result<app::NewOrganisation> OrganisationFromJson(const nlohmann::json& body);
// `prefix` names the object in errors ("replacement." for a void's replacement).
Result<app::NewEvent> EventFromJson(const nlohmann::json& body, std::string_view prefix = {});
Result<domain::YearlyFigures> FiguresFromJson(const nlohmann::json& body, int year);

}  // namespace hoptac::http
