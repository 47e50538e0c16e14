#include "domain/access.hpp"

namespace hoptac::domain {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOfficer:
      return "officer";
    case Role::kManager:
      return "manager";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

Result<Role> ParseRole(std::string_view text, std::string_view field) {
  for (Role r : {Role::kAdmin, Role::kOfficer, Role::kManager, Role::kViewer}) {
    if (text == RoleName(r)) return r;
  }
  return Error::Invalid(std::string(field), std::string(text),
                        "expected admin, officer, manager or viewer", "role.known");
}

}  // namespace hoptac::domain
