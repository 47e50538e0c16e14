#pragma once
// Who is acting: the name recorded with everything written (recorded_by, the audit log), and,
// for requests over HTTP, where the request came from and its id.

#include <string>
#include <utility>

namespace hoptac::app {

struct Actor {
  Actor() = default;
  // NOLINTNEXTLINE(google-explicit-constructor): {"name"} reads well at call sites
  Actor(std::string actor_name, std::string client_address = {}, std::string request = {})
      : name(std::move(actor_name)),
        address(std::move(client_address)),
        request_id(std::move(request)) {}

  std::string name;
  std::string address;     // client address; "" from the command line
  std::string request_id;  // the HTTP request id; "" from the command line
};

}  // namespace hoptac::app
