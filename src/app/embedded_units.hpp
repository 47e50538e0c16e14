#pragma once
// The CSV files of data/admin-units as compiled into the program, byte for byte. Defined in a
// file generated at build time by cmake/embed_units.cmake; internal to app/ (use
// EmbeddedReferenceUnitFiles in app/reference_units.hpp).

#include <string_view>

namespace hoptac::app {

std::string_view EmbeddedUnits2022();
std::string_view EmbeddedUnits2024();
std::string_view EmbeddedUnits2025();
std::string_view EmbeddedMapping2025();

}  // namespace hoptac::app
