#pragma once
// The handlers of the route table (routes.cpp), by file.

#include "http/routes.hpp"

namespace hoptac::http {

// read_handlers.cpp
Response GetOrganisations(Services& s, Call& c);
Response GetOrganisation(Services& s, Call& c);
Response GetHistory(Services& s, Call& c);
Response GetFigures(Services& s, Call& c);
Response GetAllowedEvents(Services& s, Call& c);
Response GetUnits(Services& s, Call& c);
Response GetUnitSearch(Services& s, Call& c);
Response GetPublicOrganisations(Services& s, Call& c);
Response GetHealth(Services& s, Call& c);
Response GetMetrics(Services& s, Call& c);
Response GetOpenApi(Services& s, Call& c);

// session_handlers.cpp
Response PostSession(Services& s, Call& c);
Response GetSession(Services& s, Call& c);
Response DeleteSession(Services& s, Call& c);

}  // namespace hoptac::http
