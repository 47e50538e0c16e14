#pragma once
// The Alliance's work over HTTP (alliance_handlers.cpp): activities, inspections and their
// follow-ups, pilot communes, plans with progress, the yearly review.

#include "http/routes.hpp"

namespace hoptac::http {

Response GetAllianceLists(Services& s, Call& c);
Response GetActivities(Services& s, Call& c);
Response PostActivity(Services& s, Call& c);
Response GetActivity(Services& s, Call& c);
Response PutActivity(Services& s, Call& c);
Response GetInspections(Services& s, Call& c);
Response PostInspection(Services& s, Call& c);
Response GetInspection(Services& s, Call& c);
Response PutInspection(Services& s, Call& c);
Response PostFollowUp(Services& s, Call& c);
Response GetFollowUps(Services& s, Call& c);
Response GetEventInspections(Services& s, Call& c);
Response GetPilotCommunes(Services& s, Call& c);
Response PutPilotCommunes(Services& s, Call& c);
Response GetPlans(Services& s, Call& c);
Response GetPlan(Services& s, Call& c);
Response PutPlan(Services& s, Call& c);
Response PostPlanProgress(Services& s, Call& c);
Response GetAnnualReview(Services& s, Call& c);
Response PutDifficulties(Services& s, Call& c);

}  // namespace hoptac::http
