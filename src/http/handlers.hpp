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
Response GetMembers(Services& s, Call& c);
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

// write_handlers.cpp
Response PostOrganisation(Services& s, Call& c);
Response PostEvent(Services& s, Call& c);
Response PostVoid(Services& s, Call& c);
Response PutFigures(Services& s, Call& c);

// report_handlers.cpp
Response GetReports(Services& s, Call& c);
Response GetReport(Services& s, Call& c);

// exchange_handlers.cpp
Response PostImport(Services& s, Call& c);
Response GetExport(Services& s, Call& c);

// admin_handlers.cpp
Response GetAudit(Services& s, Call& c);
Response GetUsers(Services& s, Call& c);
Response PostUser(Services& s, Call& c);
Response PatchUser(Services& s, Call& c);

// market_handlers.cpp (issue 9)
Response GetPublicMarket(Services& s, Call& c);
Response GetPublicCatalogue(Services& s, Call& c);
Response GetPublicProduct(Services& s, Call& c);
Response GetPublicDemands(Services& s, Call& c);
Response GetPublicDemandForm(Services& s, Call& c);
Response PostPublicDemand(Services& s, Call& c);
Response GetProducts(Services& s, Call& c);
Response PostProduct(Services& s, Call& c);
Response GetProduct(Services& s, Call& c);
Response PutProduct(Services& s, Call& c);
Response DeleteProduct(Services& s, Call& c);
Response GetProductDemands(Services& s, Call& c);
Response GetDemands(Services& s, Call& c);
Response PostDemand(Services& s, Call& c);
Response PostDemandApprove(Services& s, Call& c);
Response PostDemandStatus(Services& s, Call& c);
Response GetDemandOffers(Services& s, Call& c);
Response GetZones(Services& s, Call& c);
Response PostZone(Services& s, Call& c);
Response GetProgrammes(Services& s, Call& c);
Response PostProgramme(Services& s, Call& c);
Response GetPartnerOffers(Services& s, Call& c);
Response GetCatalogueExport(Services& s, Call& c);
Response PostCatalogueImport(Services& s, Call& c);
Response GetMarketReport(Services& s, Call& c);

}  // namespace hoptac::http
