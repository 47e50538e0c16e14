#pragma once
// The options that describe an event (its date, legal basis, the fields it sets, its links), shared
// by `org add`, `event add` and `event correct`, and their conversion into an app::NewEvent.

#include <optional>
#include <string>
#include <vector>

#include "app/registry.hpp"

namespace CLI {
class App;
}

namespace hoptac::cli {

struct EventOptions {
  std::string type;
  std::string date;
  std::optional<std::string> name, short_name, foreign_name, field, sectors, unit, address,
      representative, capital, certificate_no;
  std::vector<std::string> models;
  bool clear_models = false;
  std::string decision_no, decision_date, decided_by, ground, note, recorded_at;
  std::vector<std::string> related;

  // Registers the options on `cmd`. `with_type` adds --type (not for `org add`).
  void Register(CLI::App& cmd, bool with_type);
  // Parses the values; errors name the option and the value.
  Result<app::NewEvent> ToNewEvent() const;
};

}  // namespace hoptac::cli
