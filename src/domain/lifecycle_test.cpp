#include "domain/lifecycle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "domain/unit.hpp"

namespace hoptac::domain {
namespace {

// ---------------------------------------------------------------------------------------------
// Terse builders.

Date D(const char* iso) { return Date::Parse(iso).value(); }
Date Today() { return D("2026-11-29"); }
// Noon UTC of a day: when an office records what it learnt that day.
Timestamp At(const char* iso) {
  return Timestamp::FromMicros(Timestamp::StartOf(D(iso)).micros() + int64_t{12} * 3600 * 1000000);
}
Timestamp JustBefore(Timestamp t) { return Timestamp::FromMicros(t.micros() - 1); }

constexpr OrgId kSelf = 1;
constexpr OrgId kPartner = 101;      // founded 2010, suspended 2021-03-01 .. 2022-03-01
constexpr OrgId kFoundedLate = 102;  // founded 2020-01-01
constexpr OrgId kDissolved = 103;    // founded 2008, dissolved 2015-06-30
constexpr OrgId kHeirA = 104;        // founded 2019-03-01
constexpr OrgId kHeirB = 105;        // founded 2019-03-01
constexpr OrgId kNobody = 999;       // not in the registry

constexpr const char* kName = "Hợp tác xã Việt Lâm";
constexpr const char* kNewName = "Hợp tác xã Nông nghiệp Việt Lâm";

// An event of `type` taking effect on `date`, recorded at noon that day.
Event Ev(EventType type, const char* date) {
  Event e;
  e.org_id = kSelf;
  e.type = type;
  e.effective_date = D(date);
  e.recorded_at = At(date);
  e.recorded_by = "test";
  return e;
}

// `e` changed by `f`: With(Ev(...), [](Event& e) { e.changes.name = ""; }).
template <typename F>
Event With(Event e, F f) {
  f(e);
  return e;
}

Event Founded(const char* date, const char* unit = "00967", Field field = Field::kAgriculture) {
  return With(Ev(EventType::kFounded, date), [&](Event& e) {
    e.changes.name = kName;
    e.changes.field = field;
    e.changes.unit_code = unit;
    e.changes.address_detail = "Thôn Nà Sài";
  });
}
Event F() { return Founded("2010-03-15"); }
Event Amended(const char* date, const char* name) {
  return With(Ev(EventType::kAmended, date), [&](Event& e) { e.changes.name = name; });
}
Event Relocated(const char* date, const char* unit) {
  return With(Ev(EventType::kRelocated, date), [&](Event& e) { e.changes.unit_code = unit; });
}
Event Forced(const char* date, DissolutionGround ground) {
  return With(Ev(EventType::kDissolvedForced, date), [&](Event& e) { e.ground = ground; });
}
Event Linked(EventType type, const char* date, std::vector<OrgId> related) {
  return With(Ev(type, date), [&](Event& e) { e.related = std::move(related); });
}
Event Recorded(Event e, Timestamp at) {
  e.recorded_at = at;
  return e;
}
Event Voided(Event e, Timestamp at) {
  e.voided = EventVoid{at, "test", "recorded by mistake"};
  return e;
}

// A history as the store would give it: events numbered 1..n in the order given.
std::vector<Event> H(std::vector<Event> events) {
  EventId id = 0;
  for (Event& e : events) e.id = ++id;
  return events;
}

// How ValidateHistory names a stored event in Error::field.
std::string Ref(const Event& e) {
  return "event " + std::to_string(e.id) + " (" + Id(e.type) + ", " + e.effective_date.ToString() +
         ")";
}

Organisation Org(OrgId id, OrgKind kind, const char* code) {
  Organisation o;
  o.id = id;
  o.kind = kind;
  o.registry_code = code;
  return o;
}
Organisation Self(OrgKind kind = OrgKind::kHTX) { return Org(kSelf, kind, "5100000041"); }

// A well-formed event of each type, for placing any type anywhere.
Event Any(EventType t, const char* date) {
  switch (t) {
    case EventType::kFounded:
      return Founded(date);
    case EventType::kAmended:
      return Amended(date, kNewName);
    case EventType::kRelocated:
      return Relocated(date, "00913");
    case EventType::kDissolvedForced:
      return Forced(date, DissolutionGround::kNotOperating12Months);
    case EventType::kMergedInto:
    case EventType::kConsolidatedInto:
    case EventType::kSeparatedFrom:
      return Linked(t, date, {kPartner});
    case EventType::kDividedInto:
      return Linked(t, date, {kHeirA, kHeirB});
    default:
      return Ev(t, date);
  }
}

Unit MakeUnit(const char* code, const char* name, UnitLevel level, const char* parent, Date from,
              Date to) {
  Unit u;
  u.code = code;
  u.name = name;
  u.level = level;
  u.parent_code = parent;
  u.valid_from = from;
  u.valid_to = to;
  return u;
}

// Hà Giang's district 030 and two of its communes until the 2025 reform; from 2025-07-01 the
// communes belong directly to the new province 08, and 00990 is a commune that exists only since.
UnitCatalog TestUnits() {
  const Date last_old = D("2025-06-30");
  const Date first_new = D("2025-07-01");
  using L = UnitLevel;
  std::vector<Unit> units = {
      MakeUnit("02", "Tỉnh Hà Giang", L::kProvince, "", Date::Min(), last_old),
      MakeUnit("030", "Huyện Vị Xuyên", L::kDistrict, "02", Date::Min(), last_old),
      MakeUnit("00967", "Xã Việt Lâm", L::kCommune, "030", Date::Min(), last_old),
      MakeUnit("00913", "Xã Đạo Đức", L::kCommune, "030", Date::Min(), last_old),
      MakeUnit("08", "Tỉnh Tuyên Quang", L::kProvince, "", first_new, Date::Max()),
      MakeUnit("00967", "Xã Việt Lâm", L::kCommune, "08", first_new, Date::Max()),
      MakeUnit("00913", "Xã Vị Xuyên", L::kCommune, "08", first_new, Date::Max()),
      MakeUnit("00990", "Xã Tân Quang", L::kCommune, "08", first_new, Date::Max()),
  };
  std::vector<UnitSuccession> successions = {
      {"00967", "00967", first_new, true},
      {"00967", "00913", first_new, true},
      {"00913", "00913", first_new, false},
  };
  auto catalog = UnitCatalog::Build(std::move(units), std::move(successions));
  if (!catalog.ok()) {
    ADD_FAILURE() << catalog.error().ToString();
    return {};
  }
  return std::move(catalog).value();
}

// The other organisations events can link to, each with its own history.
struct Other {
  Organisation org;
  std::vector<Event> events;
};

std::map<OrgId, Other> OtherOrganisations() {
  std::map<OrgId, Other> m;
  m[kPartner] = {Org(kPartner, OrgKind::kHTX, "0100109106"),
                 H({Founded("2010-01-10", "00913"), Ev(EventType::kSuspended, "2021-03-01"),
                    Ev(EventType::kResumed, "2022-03-01")})};
  m[kFoundedLate] = {Org(kFoundedLate, OrgKind::kHTX, "0300588569"), H({Founded("2020-01-01")})};
  m[kDissolved] = {Org(kDissolved, OrgKind::kHTX, "5100123452"),
                   H({Founded("2008-05-05"), Ev(EventType::kDissolvedVoluntary, "2015-06-30")})};
  m[kHeirA] = {Org(kHeirA, OrgKind::kHTX, "5100000002"), H({Founded("2019-03-01")})};
  m[kHeirB] = {Org(kHeirB, OrgKind::kHTX, "5100000027"), H({Founded("2019-03-01", "00913")})};
  return m;
}

class LifecycleTest : public ::testing::Test {
 protected:
  LifecycleTest() : units_(TestUnits()), others_(OtherOrganisations()) {}

  // The other organisations' states, folded from their histories as known now.
  RelatedStateFn Related() const {
    return [this](OrgId id, Date d) -> std::optional<OrgState> {
      auto it = others_.find(id);
      if (it == others_.end()) return std::nullopt;
      return Fold(it->second.org, it->second.events, d, Timestamp::Max());
    };
  }

  Status Validate(const std::vector<Event>& events, OrgKind kind = OrgKind::kHTX) const {
    return ValidateHistory(Self(kind), events, units_, Related(), Today());
  }

  // Asserts that `events` break `rule` at their last event, naming `value`.
  void ExpectRejected(const std::vector<Event>& events, const std::string& rule,
                      const std::string& value, OrgKind kind = OrgKind::kHTX) const {
    const Status s = Validate(events, kind);
    ASSERT_FALSE(s.ok()) << "accepted; expected " << rule;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(s.error().rule, rule) << s.error().ToString();
    EXPECT_EQ(s.error().field, Ref(events.back()));
    EXPECT_EQ(s.error().value, value);
  }

  static OrgState StateAt(const std::vector<Event>& events, const char* as_of,
                          Timestamp known_at = Timestamp::Max(), OrgKind kind = OrgKind::kHTX) {
    return Fold(Self(kind), events, D(as_of), known_at);
  }

  UnitCatalog units_;
  std::map<OrgId, Other> others_;
};

// ---------------------------------------------------------------------------------------------
// Every rule: the legal case is accepted, the illegal one rejected with exactly that rule.

struct RuleCase {
  const char* rule;
  std::vector<Event> legal;
  std::vector<Event> illegal;  // its last event (in history order) breaks the rule
  const char* value;           // the offending value the error names
  OrgKind kind = OrgKind::kHTX;
  OrgKind legal_kind = OrgKind::kHTX;
  bool illegal_without_units = false;  // validated against an empty catalogue
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.rule; }

std::vector<RuleCase> RuleCases() {
  using T = EventType;
  using G = DissolutionGround;
  const auto susp = [](const char* date) { return Ev(T::kSuspended, date); };
  return {
      // The state machine.
      {.rule = "lifecycle.first_event_founded",
       .legal = H({F(), susp("2012-01-01")}),
       .illegal = H({susp("2012-01-01")}),
       .value = "suspended"},
      {.rule = "lifecycle.single_founding",
       .legal = H({F()}),
       .illegal = H({F(), Founded("2012-01-01")}),
       .value = "founded"},
      {.rule = "lifecycle.after_end",
       .legal = H({F(), Amended("2014-01-01", kNewName), Ev(T::kDissolvedVoluntary, "2015-06-30")}),
       .illegal =
           H({F(), Ev(T::kDissolvedVoluntary, "2015-06-30"), Amended("2016-01-01", kNewName)}),
       .value = "amended"},
      {.rule = "lifecycle.after_end",
       .legal = H({F(), Ev(T::kBankrupt, "2015-06-30")}),
       .illegal =
           H({F(), Ev(T::kBankrupt, "2015-06-30"), Ev(T::kDissolvedVoluntary, "2015-07-01")}),
       .value = "dissolved_voluntary"},
      {.rule = "lifecycle.dissolving_only_ends",
       .legal = H({F(), Ev(T::kDissolutionStarted, "2015-01-01"),
                   Ev(T::kDissolvedVoluntary, "2015-06-30")}),
       .illegal = H({F(), Ev(T::kDissolutionStarted, "2015-01-01"), susp("2015-03-01")}),
       .value = "suspended"},
      {.rule = "lifecycle.dissolving_only_ends",
       .legal = H({F(), Ev(T::kCertificateRevoked, "2015-01-01"),
                   Forced("2015-06-30", G::kCertificateRevoked)}),
       .illegal = H({F(), Ev(T::kCertificateRevoked, "2015-01-01"),
                     Ev(T::kDissolutionStarted, "2015-03-01")}),
       .value = "dissolution_started"},
      {.rule = "lifecycle.suspend_requires_operating",
       .legal = H({F(), susp("2016-05-01")}),
       .illegal = H({F(), susp("2016-05-01"), susp("2017-05-01")}),
       .value = "suspended"},
      {.rule = "lifecycle.suspend_requires_operating",
       .legal = H({F(), Ev(T::kFlaggedNotAtAddress, "2016-05-01"),
                   Ev(T::kClearedNotAtAddress, "2016-09-01"), susp("2017-05-01")}),
       .illegal = H({F(), Ev(T::kFlaggedNotAtAddress, "2016-05-01"), susp("2017-05-01")}),
       .value = "suspended"},
      {.rule = "lifecycle.resume_requires_suspended",
       .legal = H({F(), susp("2016-05-01"), Ev(T::kResumed, "2017-05-01")}),
       .illegal = H({F(), Ev(T::kResumed, "2017-05-01")}),
       .value = "resumed"},
      {.rule = "lifecycle.flag_once",
       .legal = H({F(), Ev(T::kFlaggedNotAtAddress, "2016-05-01")}),
       .illegal = H({F(), Ev(T::kFlaggedNotAtAddress, "2016-05-01"),
                     Ev(T::kFlaggedNotAtAddress, "2017-05-01")}),
       .value = "flagged_not_at_address"},
      {.rule = "lifecycle.clear_requires_flag",
       .legal = H({F(), Ev(T::kFlaggedNotAtAddress, "2016-05-01"),
                   Ev(T::kClearedNotAtAddress, "2017-05-01")}),
       .illegal = H({F(), Ev(T::kClearedNotAtAddress, "2017-05-01")}),
       .value = "cleared_not_at_address"},
      {.rule = "lifecycle.reregister_2012_kind",
       .legal = H({F(), Ev(T::kReregistered2012, "2014-05-20")}),
       .illegal = H({F(), Ev(T::kReregistered2012, "2014-05-20")}),
       .value = "reregistered_2012",
       .kind = OrgKind::kTHT},
      {.rule = "lifecycle.reregister_2012_founded_before_law",
       .legal = H({Founded("2013-06-30"), Ev(T::kReregistered2012, "2013-07-01")}),
       .illegal = H({Founded("2013-07-01"), Ev(T::kReregistered2012, "2014-01-01")}),
       .value = "reregistered_2012"},
      {.rule = "lifecycle.reregister_2012_after_law",
       .legal = H({F(), Ev(T::kReregistered2012, "2013-07-01")}),
       .illegal = H({F(), Ev(T::kReregistered2012, "2013-06-30")}),
       .value = "reregistered_2012"},
      {.rule = "lifecycle.reregister_2012_once",
       .legal = H({F(), Ev(T::kReregistered2012, "2014-05-20")}),
       .illegal =
           H({F(), Ev(T::kReregistered2012, "2014-05-20"), Ev(T::kReregistered2012, "2015-01-01")}),
       .value = "reregistered_2012"},
      {.rule = "lifecycle.charter_2023_kind",
       .legal = H({F(), Ev(T::kCharterAmended2023, "2024-08-01")}),
       .illegal = H({F(), Ev(T::kCharterAmended2023, "2024-08-01")}),
       .value = "charter_amended_2023",
       .kind = OrgKind::kTHT},
      {.rule = "lifecycle.charter_2023_after_law",
       .legal = H({F(), Ev(T::kCharterAmended2023, "2024-07-01")}),
       .illegal = H({F(), Ev(T::kCharterAmended2023, "2024-06-30")}),
       .value = "charter_amended_2023"},
      {.rule = "lifecycle.charter_2023_founded_before_law",
       .legal = H({Founded("2024-06-30"), Ev(T::kCharterAmended2023, "2024-07-01")}),
       .illegal = H({Founded("2024-07-01"), Ev(T::kCharterAmended2023, "2024-08-01")}),
       .value = "charter_amended_2023"},
      {.rule = "lifecycle.charter_2023_once",
       .legal = H({F(), Ev(T::kCharterAmended2023, "2024-08-01")}),
       .illegal = H({F(), Ev(T::kCharterAmended2023, "2024-08-01"),
                     Ev(T::kCharterAmended2023, "2025-01-01")}),
       .value = "charter_amended_2023"},

      // The shape of one event.
      {.rule = "event.no_changes",
       .legal = H({F(), susp("2016-05-01")}),
       .illegal = H({F(), With(susp("2016-05-01"), [](Event& e) { e.changes.name = kNewName; })}),
       .value = "suspended"},
      {.rule = "event.no_changes",
       .legal = H({F(), Relocated("2016-05-01", "00913")}),
       .illegal = H({F(), With(Ev(T::kDissolvedVoluntary, "2016-05-01"),
                               [](Event& e) { e.changes.unit_code = "00913"; })}),
       .value = "dissolved_voluntary"},
      {.rule = "event.founded_requires_name",
       .legal = H({F()}),
       .illegal = H({With(F(), [](Event& e) { e.changes.name.reset(); })}),
       .value = ""},
      {.rule = "event.founded_requires_name",
       .legal = H({F()}),
       .illegal = H({With(F(), [](Event& e) { e.changes.name = ""; })}),
       .value = ""},
      {.rule = "event.founded_requires_field",
       .legal = H({F()}),
       .illegal = H({With(F(), [](Event& e) { e.changes.field.reset(); })}),
       .value = ""},
      {.rule = "event.founded_requires_unit",
       .legal = H({F()}),
       .illegal = H({With(F(), [](Event& e) { e.changes.unit_code.reset(); })}),
       .value = ""},
      {.rule = "event.amended_requires_change",
       .legal = H({F(), Amended("2016-09-01", kNewName)}),
       .illegal = H({F(), Ev(T::kAmended, "2016-09-01")}),
       .value = ""},
      {.rule = "event.amended_no_address",
       .legal = H({F(), Relocated("2016-09-01", "00913")}),
       .illegal = H({F(), With(Ev(T::kAmended, "2016-09-01"),
                               [](Event& e) { e.changes.unit_code = "00913"; })}),
       .value = "00913"},
      {.rule = "event.relocated_requires_unit",
       .legal = H({F(), Relocated("2016-09-01", "00913")}),
       .illegal = H({F(), With(Ev(T::kRelocated, "2016-09-01"),
                               [](Event& e) { e.changes.address_detail = "Thôn Bản Cáo"; })}),
       .value = ""},
      {.rule = "kind.qtdnd_credit",
       .legal = H({Founded("2010-03-15", "00967", Field::kCredit)}),
       .illegal = H({Founded("2010-03-15", "00967", Field::kAgriculture)}),
       .value = "agriculture",
       .kind = OrgKind::kQTDND,
       .legal_kind = OrgKind::kQTDND},
      {.rule = "kind.qtdnd_credit",
       .legal = H({Founded("2010-03-15", "00967", Field::kCredit),
                   Amended("2016-09-01", "Quỹ tín dụng nhân dân Việt Lâm")}),
       .illegal = H({Founded("2010-03-15", "00967", Field::kCredit),
                     With(Ev(T::kAmended, "2016-09-01"),
                          [](Event& e) { e.changes.field = Field::kNonAgriculture; })}),
       .value = "non_agriculture",
       .kind = OrgKind::kQTDND,
       .legal_kind = OrgKind::kQTDND},
      {.rule = "event.name_empty",
       .legal = H({F(), Amended("2016-09-01", kNewName)}),
       .illegal = H({F(), Amended("2016-09-01", "")}),
       .value = ""},
      {.rule = "charter_capital.non_negative",
       .legal = H({F(), With(Ev(T::kAmended, "2016-09-01"),
                             [](Event& e) { e.changes.charter_capital = Money::Vnd(0); })}),
       .illegal = H({F(), With(Ev(T::kAmended, "2016-09-01"),
                               [](Event& e) { e.changes.charter_capital = Money::Vnd(-1); })}),
       .value = "-1"},

      // Head-office units.
      {.rule = "units.loaded",
       .legal = H({F()}),
       .illegal = H({F()}),
       .value = "00967",
       .illegal_without_units = true},
      {.rule = "event.unit_exists",
       .legal = H({F(), Relocated("2016-09-01", "00913")}),
       .illegal = H({F(), Relocated("2016-09-01", "99999")}),
       .value = "99999"},
      {.rule = "event.unit_valid_on_date",
       .legal = H({F(), Relocated("2025-08-01", "00990")}),
       .illegal = H({F(), Relocated("2025-06-30", "00990")}),
       .value = "00990"},
      {.rule = "event.unit_valid_on_date",
       .legal = H({Founded("2025-06-30", "00967")}),
       .illegal = H({Founded("2025-07-01", "030")}),
       .value = "030"},
      {.rule = "event.unit_commune_level",
       .legal = H({F(), Relocated("2016-09-01", "00913")}),
       .illegal = H({F(), Relocated("2016-09-01", "030")}),
       .value = "030"},
      {.rule = "event.unit_commune_level",
       .legal = H({F(), Relocated("2025-08-01", "00967")}),
       .illegal = H({F(), Relocated("2025-08-01", "08")}),
       .value = "08"},
      {.rule = "event.unit_commune_level",
       .legal = H({Founded("2010-03-15", "00913")}),
       .illegal = H({Founded("2010-03-15", "02")}),
       .value = "02"},

      // Dissolution grounds.
      {.rule = "event.ground_required",
       .legal = H({F(), Forced("2016-09-01", G::kNoGeneralMeeting18Months)}),
       .illegal = H({F(), Ev(T::kDissolvedForced, "2016-09-01")}),
       .value = ""},
      {.rule = "event.ground_not_allowed",
       .legal = H({F(), Ev(T::kDissolvedVoluntary, "2016-09-01")}),
       .illegal = H({F(), With(Ev(T::kDissolvedVoluntary, "2016-09-01"),
                               [](Event& e) { e.ground = G::kCourtDecision; })}),
       .value = "court_decision"},

      // Links to other organisations.
      {.rule = "event.related_count",
       .legal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kPartner})}),
       .illegal = H({F(), Linked(T::kMergedInto, "2016-09-01", {})}),
       .value = "0"},
      {.rule = "event.related_count",
       .legal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kPartner})}),
       .illegal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kPartner, kDissolved})}),
       .value = "2"},
      {.rule = "event.related_count",
       .legal = H({F(), Linked(T::kDividedInto, "2019-03-01", {kHeirA, kHeirB})}),
       .illegal = H({F(), Linked(T::kDividedInto, "2019-03-01", {kHeirA})}),
       .value = "1"},
      {.rule = "event.related_count",
       .legal = H({F(), susp("2016-09-01")}),
       .illegal = H({F(), Linked(T::kSuspended, "2016-09-01", {kPartner})}),
       .value = "1"},
      {.rule = "event.related_self",
       .legal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kPartner})}),
       .illegal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kSelf})}),
       .value = "1"},
      {.rule = "event.related_exists",
       .legal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kPartner})}),
       .illegal = H({F(), Linked(T::kMergedInto, "2016-09-01", {kNobody})}),
       .value = "999"},
      {.rule = "event.related_founded",
       .legal = H({F(), Linked(T::kConsolidatedInto, "2020-01-01", {kFoundedLate})}),
       .illegal = H({F(), Linked(T::kConsolidatedInto, "2019-12-31", {kFoundedLate})}),
       .value = "0300588569"},
      {.rule = "event.related_founded",
       .legal = H({F(), Linked(T::kDividedInto, "2019-03-01", {kHeirA, kHeirB})}),
       .illegal = H({F(), Linked(T::kDividedInto, "2019-02-28", {kHeirA, kHeirB})}),
       .value = "5100000002"},
      {.rule = "event.related_active",
       .legal = H({F(), Linked(T::kMergedInto, "2015-06-29", {kDissolved})}),
       .illegal = H({F(), Linked(T::kMergedInto, "2015-06-30", {kDissolved})}),
       .value = "5100123452"},
      {.rule = "event.related_active",
       .legal = H({Founded("2014-01-01"), Linked(T::kSeparatedFrom, "2014-01-01", {kDissolved})}),
       .illegal = H({Founded("2016-01-01"), Linked(T::kSeparatedFrom, "2016-01-01", {kDissolved})}),
       .value = "5100123452"},

      // Dates.
      {.rule = "event.future",
       .legal = H({F(), susp("2026-11-29")}),
       .illegal = H({F(), susp("2026-11-30")}),
       .value = "2026-11-30"},
      {.rule = "event.decision_future",
       .legal = H({F(), With(susp("2026-11-01"),
                             [](Event& e) { e.basis.decision_date = D("2026-11-29"); })}),
       .illegal = H({F(), With(susp("2026-11-01"),
                               [](Event& e) { e.basis.decision_date = D("2026-11-30"); })}),
       .value = "2026-11-30"},
  };
}

class LifecycleRule : public LifecycleTest, public ::testing::WithParamInterface<RuleCase> {};

TEST_P(LifecycleRule, AcceptsTheLegalCaseAndRejectsTheIllegalOneWithItsRule) {
  const RuleCase& c = GetParam();
  const Status legal = ValidateHistory(Self(c.legal_kind), c.legal, units_, Related(), Today());
  EXPECT_TRUE(legal.ok()) << legal.error().ToString();

  const UnitCatalog no_units;
  const Status illegal = ValidateHistory(
      Self(c.kind), c.illegal, c.illegal_without_units ? no_units : units_, Related(), Today());
  ASSERT_FALSE(illegal.ok()) << "accepted; expected " << c.rule;
  EXPECT_EQ(illegal.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(illegal.error().rule, c.rule) << illegal.error().ToString();
  EXPECT_EQ(illegal.error().field, Ref(c.illegal.back()));
  EXPECT_EQ(illegal.error().value, c.value);
}

// "lifecycle_after_end_3": the rule and the row, as a test name.
std::string RuleCaseName(const ::testing::TestParamInfo<RuleCase>& row) {
  std::string name = row.param.rule;
  std::replace(name.begin(), name.end(), '.', '_');
  return name + "_" + std::to_string(row.index);
}

INSTANTIATE_TEST_SUITE_P(EveryRule, LifecycleRule, ::testing::ValuesIn(RuleCases()), RuleCaseName);

// Where the sources are: HOPTAC_SOURCE_DIR (set by ctest), else the tree this file was built from.
std::string SourceDir() {
  if (const char* env = std::getenv("HOPTAC_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  const std::string here = __FILE__;
  return here.substr(0, here.rfind("/src/domain/"));
}

// Every string literal that looks like a rule id ("prefix.name") in a source file.
std::set<std::string> RuleIdsIn(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  static const std::regex kRuleLiteral("\"([a-z0-9_]+\\.[a-z0-9_]+)\"");
  std::set<std::string> ids;
  for (std::sregex_iterator it(source.begin(), source.end(), kRuleLiteral), end; it != end; ++it) {
    ids.insert((*it)[1].str());
  }
  return ids;
}

TEST(LifecycleRules, EveryRuleInTheSourceHasACaseInTheTable) {
  const std::set<std::string> in_source = RuleIdsIn(SourceDir() + "/src/domain/lifecycle.cpp");
  ASSERT_GT(in_source.size(), 30u);
  std::set<std::string> in_table;
  for (const RuleCase& c : RuleCases()) in_table.insert(c.rule);
  for (const std::string& rule : in_source) {
    EXPECT_TRUE(in_table.count(rule)) << "no test case for rule " << rule;
  }
  for (const std::string& rule : in_table) {
    EXPECT_TRUE(in_source.count(rule)) << "the table tests a rule lifecycle.cpp lacks: " << rule;
  }
}

// ---------------------------------------------------------------------------------------------
// Every event type is accepted somewhere and rejected when misplaced.

// Stories that use the event types no rule case needs.
std::vector<std::vector<Event>> AcceptedStories() {
  using T = EventType;
  return {
      H({F(),
         With(Ev(T::kRegistered, "2010-04-01"),
              [](Event& e) { e.changes.certificate_no = "12/GCN-HTX"; }),
         Ev(T::kReregistered2012, "2014-05-20"), Amended("2016-09-01", kNewName),
         Relocated("2025-08-01", "00913"), Ev(T::kCharterAmended2023, "2025-09-01")}),
      H({Founded("2005-02-01"), Ev(T::kCertificateRevoked, "2016-03-01"),
         Forced("2016-09-01", DissolutionGround::kCertificateRevoked)}),
      H({F(), Ev(T::kFlaggedNotAtAddress, "2017-01-01"), Ev(T::kClearedNotAtAddress, "2018-01-01"),
         Ev(T::kDissolutionStarted, "2020-01-01"), Ev(T::kBankrupt, "2021-01-01")}),
      H({F(), Ev(T::kConvertedToEnterprise, "2018-01-01")}),
      H({F(), Linked(T::kDividedInto, "2019-03-01", {kHeirA, kHeirB})}),
      H({Founded("2019-03-01"), Linked(T::kSeparatedFrom, "2019-03-01", {kPartner})}),
      H({F(), Linked(T::kConsolidatedInto, "2020-01-01", {kFoundedLate})}),
      H({F(), Ev(T::kSuspended, "2016-01-01"), Ev(T::kResumed, "2016-06-01"),
         Linked(T::kMergedInto, "2021-06-01", {kPartner})}),
  };
}

TEST_F(LifecycleTest, AcceptsEveryEventTypeInSomeHistory) {
  std::set<EventType> seen;
  for (const auto& story : AcceptedStories()) {
    const Status s = Validate(story);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    for (const Event& e : story) seen.insert(e.type);
  }
  for (const RuleCase& c : RuleCases()) {
    for (const Event& e : c.legal) seen.insert(e.type);
  }
  for (EventType t : AllEventTypes()) EXPECT_TRUE(seen.count(t)) << Id(t);
}

TEST_F(LifecycleTest, RejectsEveryEventTypeAfterDissolution) {
  for (EventType t : AllEventTypes()) {
    SCOPED_TRACE(Id(t));
    const auto history =
        H({F(), Ev(EventType::kDissolvedVoluntary, "2015-06-30"), Any(t, "2016-01-01")});
    ExpectRejected(history,
                   t == EventType::kFounded ? "lifecycle.single_founding" : "lifecycle.after_end",
                   Id(t));
  }
}

TEST_F(LifecycleTest, RejectsEveryEventTypeButFoundingAsTheFirstEvent) {
  for (EventType t : AllEventTypes()) {
    if (t == EventType::kFounded) continue;
    SCOPED_TRACE(Id(t));
    ExpectRejected(H({Any(t, "2016-01-01")}), "lifecycle.first_event_founded", Id(t));
  }
}

TEST_F(LifecycleTest, RejectsAnEventDatedBeforeTheFounding) {
  const auto history = H({F(), Amended("2009-01-01", kNewName)});
  const Status s = Validate(history);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "lifecycle.first_event_founded");
  EXPECT_EQ(s.error().field, Ref(history[1]));
  EXPECT_EQ(s.error().value, "amended");
}

TEST_F(LifecycleTest, ValidatesEventsInHistoryOrderWhateverTheirOrderInTheVector) {
  auto history =
      H({F(), Ev(EventType::kSuspended, "2016-05-01"), Ev(EventType::kResumed, "2017-05-01")});
  std::reverse(history.begin(), history.end());
  EXPECT_TRUE(Validate(history).ok());
  // Recorded the same day, the suspension precedes the resumption by its recording time.
  auto same_day =
      H({F(), Ev(EventType::kResumed, "2017-05-01"), Ev(EventType::kSuspended, "2017-05-01")});
  same_day[2].recorded_at = JustBefore(same_day[1].recorded_at);
  EXPECT_TRUE(Validate(same_day).ok());
}

TEST_F(LifecycleTest, NamesANewEventByItsPositionWhenCheckingItsShape) {
  const Event e = Ev(EventType::kAmended, "2016-09-01");
  const Status s = ValidateEventShape(Self(), e, units_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "event.amended_requires_change");
  EXPECT_EQ(s.error().field, "event #1 (new) (amended, 2016-09-01)");
  EXPECT_TRUE(ValidateEventShape(Self(), Amended("2016-09-01", kNewName), units_).ok());
}

// ---------------------------------------------------------------------------------------------
// The fold, on hand-worked histories.

std::vector<Event> Story() {
  using T = EventType;
  return H({F(), Ev(T::kReregistered2012, "2014-05-20"), Amended("2016-09-01", kNewName),
            Ev(T::kSuspended, "2018-02-01"), Ev(T::kResumed, "2019-04-01"),
            Relocated("2025-08-01", "00913")});
}

// FoundedOn is the first day Fold says the organisation exists, at every knowledge time: a voided
// founding does not count, nor one recorded after `known_at`; none gives nullopt.
TEST_F(LifecycleTest, FoundedOnIsTheFirstDayTheFoldSaysItExists) {
  const Event early = Founded("2009-06-01");
  const std::vector<Event> histories[] = {
      Story(),
      H({Voided(early, At("2011-01-01")), F()}),
      H({Recorded(early, At("2012-01-01")), F()}),
      H({Ev(EventType::kAmended, "2011-01-01")}),
      {},
  };
  const std::optional<Date> expected[] = {D("2010-03-15"), D("2010-03-15"), D("2009-06-01"),
                                          std::nullopt, std::nullopt};
  for (size_t h = 0; h < std::size(histories); ++h) {
    EXPECT_EQ(FoundedOn(histories[h], Timestamp::Max()), expected[h]) << "history " << h;
    for (const char* known : {"2010-12-31", "2011-06-01", "2013-01-01"}) {
      const std::optional<Date> on = FoundedOn(histories[h], At(known));
      for (const char* day :
           {"2009-05-31", "2009-06-01", "2010-03-14", "2010-03-15", "2020-01-01"}) {
        EXPECT_EQ(StateAt(histories[h], day, At(known)).exists, on && *on <= D(day))
            << "history " << h << " known " << known << " on " << day;
      }
    }
  }
  EXPECT_EQ(FoundedOn(H({Voided(early, At("2011-01-01")), F()}), At("2010-12-31")),
            D("2009-06-01"));
}

TEST_F(LifecycleTest, FoldsAHistoryAcrossTheMergerOfProvinces) {
  const auto story = Story();
  ASSERT_TRUE(Validate(story).ok()) << Validate(story).error().ToString();

  const OrgState before = StateAt(story, "2010-03-14");
  EXPECT_FALSE(before.exists);
  EXPECT_EQ(before.event_count, 0);
  EXPECT_EQ(before.id, kSelf);
  EXPECT_EQ(before.registry_code, "5100000041");

  const OrgState y2012 = StateAt(story, "2012-01-01");
  EXPECT_TRUE(y2012.exists);
  EXPECT_EQ(y2012.founded_on, D("2010-03-15"));
  EXPECT_EQ(y2012.name, kName);
  EXPECT_EQ(y2012.status, LegalStatus::kOperating);
  EXPECT_EQ(y2012.unit_code, "00967");
  EXPECT_EQ(y2012.unit_since, D("2010-03-15"));
  EXPECT_EQ(y2012.address_detail, "Thôn Nà Sài");
  EXPECT_EQ(y2012.field, Field::kAgriculture);
  EXPECT_FALSE(y2012.reregistered_2012_on);

  const OrgState y2015 = StateAt(story, "2015-01-01");
  EXPECT_EQ(y2015.reregistered_2012_on, D("2014-05-20"));
  EXPECT_EQ(y2015.name, kName);

  const OrgState y2017 = StateAt(story, "2017-01-01");
  EXPECT_EQ(y2017.name, kNewName);
  EXPECT_EQ(y2017.status, LegalStatus::kOperating);
  EXPECT_EQ(y2017.address_detail, "Thôn Nà Sài");  // an amendment keeps what it does not change

  const OrgState y2018 = StateAt(story, "2018-06-01");
  EXPECT_EQ(y2018.status, LegalStatus::kSuspended);
  EXPECT_EQ(y2018.suspended_since, D("2018-02-01"));

  const OrgState resumed = StateAt(story, "2019-04-01");
  EXPECT_EQ(resumed.status, LegalStatus::kOperating);
  EXPECT_FALSE(resumed.suspended_since);

  const OrgState before_move = StateAt(story, "2025-07-31");
  EXPECT_EQ(before_move.unit_code, "00967");
  EXPECT_EQ(before_move.event_count, 5);

  const OrgState now = StateAt(story, "2026-11-29");
  EXPECT_EQ(now.unit_code, "00913");
  EXPECT_EQ(now.unit_since, D("2025-08-01"));
  EXPECT_EQ(now.name, kNewName);
  EXPECT_EQ(now.reregistered_2012_on, D("2014-05-20"));
  EXPECT_EQ(now.status, LegalStatus::kOperating);
  EXPECT_EQ(now.last_event_on, D("2025-08-01"));
  EXPECT_EQ(now.event_count, 6);
  EXPECT_FALSE(now.ended_on);
}

TEST_F(LifecycleTest, FoldGivesTheSameStateWhateverTheOrderOfTheEvents) {
  auto story = Story();
  const OrgState sorted = StateAt(story, "2026-11-29");
  std::reverse(story.begin(), story.end());
  const OrgState reversed = StateAt(story, "2026-11-29");
  EXPECT_EQ(reversed.name, sorted.name);
  EXPECT_EQ(reversed.unit_code, sorted.unit_code);
  EXPECT_EQ(reversed.event_count, sorted.event_count);
  SortHistory(story);
  EXPECT_EQ(story.front().type, EventType::kFounded);
  EXPECT_EQ(story.back().type, EventType::kRelocated);
}

TEST_F(LifecycleTest, RejectsARelocationBeforeTheMergerIntoACommuneThatExistsOnlyAfterIt) {
  auto story = Story();
  story.back() = With(Relocated("2025-06-30", "00990"), [](Event& e) { e.id = 6; });
  ExpectRejected(story, "event.unit_valid_on_date", "00990");
  story.back() = With(Relocated("2025-07-01", "00990"), [](Event& e) { e.id = 6; });
  EXPECT_TRUE(Validate(story).ok());
}

TEST_F(LifecycleTest, RejectsARelocationAfterTheMergerIntoTheAbolishedDistrict) {
  ExpectRejected(H({F(), Relocated("2025-08-01", "030")}), "event.unit_valid_on_date", "030");
}

TEST_F(LifecycleTest, AcceptsTheSameCommuneCodeBeforeAndAfterTheMerger) {
  EXPECT_TRUE(Validate(H({F(), Relocated("2025-06-30", "00913")})).ok());
  EXPECT_TRUE(Validate(H({F(), Relocated("2025-07-01", "00913")})).ok());
}

TEST_F(LifecycleTest, AcceptsAHeadOfficeInAnIslandDistrictThatHasNoCommunes) {
  // Côn Đảo had no commune-level units before the 2025 reform: the district is the lowest unit.
  auto catalog = UnitCatalog::Build(
      {MakeUnit("02", "Tỉnh Hà Giang", UnitLevel::kProvince, "", Date::Min(), Date::Max()),
       MakeUnit("030", "Huyện Vị Xuyên", UnitLevel::kDistrict, "02", Date::Min(), Date::Max()),
       MakeUnit("00967", "Xã Việt Lâm", UnitLevel::kCommune, "030", Date::Min(), Date::Max()),
       MakeUnit("77", "Tỉnh Bà Rịa - Vũng Tàu", UnitLevel::kProvince, "", Date::Min(), Date::Max()),
       MakeUnit("755", "Huyện Côn Đảo", UnitLevel::kDistrict, "77", Date::Min(), Date::Max())},
      {});
  ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
  const Status island = ValidateHistory(Self(), H({F(), Relocated("2016-09-01", "755")}), *catalog,
                                        Related(), Today());
  EXPECT_TRUE(island.ok()) << island.error().ToString();
  const auto history = H({F(), Relocated("2016-09-01", "030")});
  const Status district = ValidateHistory(Self(), history, *catalog, Related(), Today());
  ASSERT_FALSE(district.ok());
  EXPECT_EQ(district.error().rule, "event.unit_commune_level");
  EXPECT_EQ(district.error().field, Ref(history.back()));
  EXPECT_EQ(district.error().value, "030");
}

// ---------------------------------------------------------------------------------------------
// Voids, corrections and events recorded later (the second time axis).

TEST_F(LifecycleTest, AppliesAVoidedEventOnlyAsKnownBeforeItsVoid) {
  const Timestamp voided_at = At("2017-02-01");
  const auto history = H({F(), Voided(Ev(EventType::kSuspended, "2016-05-01"), voided_at)});
  EXPECT_EQ(StateAt(history, "2016-12-31", JustBefore(voided_at)).status, LegalStatus::kSuspended);
  EXPECT_EQ(StateAt(history, "2016-12-31", voided_at).status, LegalStatus::kOperating);
  EXPECT_EQ(StateAt(history, "2016-12-31", Timestamp::Max()).status, LegalStatus::kOperating);
  EXPECT_EQ(StateAt(history, "2016-12-31", voided_at).event_count, 1);
  ASSERT_EQ(history.size(), 2u);  // the void marks the event; the history keeps it
}

TEST_F(LifecycleTest, ACorrectionGivesTheOldAnswerAsKnownBeforeAndTheNewOneAfter) {
  const Timestamp corrected_at = At("2016-10-01");
  auto history = H({F(), Recorded(Amended("2016-09-01", "Hợp tác xã Viet Lam"), At("2016-09-02"))});
  // The mistake is corrected: the wrong event is voided and the right one recorded, both kept.
  history[1] = Voided(history[1], corrected_at);
  history.push_back(Recorded(Amended("2016-09-01", kNewName), corrected_at));
  history.back().id = 3;
  ASSERT_EQ(history.size(), 3u);
  ASSERT_TRUE(Validate(history).ok()) << Validate(history).error().ToString();

  EXPECT_EQ(StateAt(history, "2017-01-01", At("2016-09-01")).name, kName);
  EXPECT_EQ(StateAt(history, "2017-01-01", At("2016-09-15")).name, "Hợp tác xã Viet Lam");
  EXPECT_EQ(StateAt(history, "2017-01-01", JustBefore(corrected_at)).name, "Hợp tác xã Viet Lam");
  EXPECT_EQ(StateAt(history, "2017-01-01", corrected_at).name, kNewName);
  EXPECT_EQ(StateAt(history, "2017-01-01").name, kNewName);
  // Before its effective date neither version applies, whatever is known.
  EXPECT_EQ(StateAt(history, "2016-08-31").name, kName);
}

TEST_F(LifecycleTest, IgnoresVoidedEventsWhenValidating) {
  const auto history = H({F(), Voided(Ev(EventType::kResumed, "2016-05-01"), At("2016-06-01")),
                          Voided(Founded("2016-07-01"), At("2016-08-01"))});
  EXPECT_TRUE(Validate(history).ok());
}

TEST_F(LifecycleTest, DoesNotSeeAnEventRecordedLaterAsKnownBeforeItWasRecorded) {
  const auto history =
      H({F(), Recorded(Ev(EventType::kSuspended, "2015-06-01"), At("2017-03-01"))});
  ASSERT_TRUE(Validate(history).ok());
  const OrgState known_2016 = StateAt(history, "2016-01-01", Timestamp::EndOf(D("2016-01-01")));
  EXPECT_EQ(known_2016.status, LegalStatus::kOperating);
  EXPECT_FALSE(known_2016.suspended_since);
  const OrgState known_2018 = StateAt(history, "2016-01-01", Timestamp::EndOf(D("2018-01-01")));
  EXPECT_EQ(known_2018.status, LegalStatus::kSuspended);
  EXPECT_EQ(known_2018.suspended_since, D("2015-06-01"));
  // Known on the day it was recorded (a bare date means the end of that day).
  EXPECT_EQ(StateAt(history, "2016-01-01", Timestamp::Parse("2017-03-01").value()).status,
            LegalStatus::kSuspended);
  EXPECT_EQ(StateAt(history, "2016-01-01", JustBefore(At("2017-03-01"))).status,
            LegalStatus::kOperating);
}

// ---------------------------------------------------------------------------------------------
// Mergers, divisions, separations and consolidations.

TEST_F(LifecycleTest, MergesIntoAnActiveSuccessorAndEnds) {
  // The successor is suspended on 2021-06-01, which still counts as active.
  const auto history = H({F(), Linked(EventType::kMergedInto, "2021-06-01", {kPartner})});
  ASSERT_TRUE(Validate(history).ok()) << Validate(history).error().ToString();
  const OrgState s = StateAt(history, "2022-01-01");
  EXPECT_EQ(s.status, LegalStatus::kEndedByReorganisation);
  EXPECT_EQ(s.ended_on, D("2021-06-01"));
  EXPECT_EQ(s.ended_by, EventType::kMergedInto);
  EXPECT_EQ(s.successors, std::vector<OrgId>{kPartner});
  EXPECT_EQ(StateAt(history, "2021-05-31").status, LegalStatus::kOperating);
}

TEST_F(LifecycleTest, RejectsAMergerIntoADissolvedMissingOrUnfoundedSuccessor) {
  ExpectRejected(H({F(), Linked(EventType::kMergedInto, "2016-01-01", {kDissolved})}),
                 "event.related_active", "5100123452");
  ExpectRejected(H({F(), Linked(EventType::kMergedInto, "2016-01-01", {kNobody})}),
                 "event.related_exists", "999");
  ExpectRejected(H({F(), Linked(EventType::kMergedInto, "2016-01-01", {kFoundedLate})}),
                 "event.related_founded", "0300588569");
}

TEST_F(LifecycleTest, RejectsEveryLinkWhenNoOtherOrganisationCanBeLookedUp) {
  const auto history = H({F(), Linked(EventType::kMergedInto, "2016-01-01", {kPartner})});
  const Status s = ValidateHistory(Self(), history, units_, RelatedStateFn{}, Today());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rule, "event.related_exists");
  EXPECT_EQ(s.error().value, "101");
}

TEST_F(LifecycleTest, DividesIntoTwoSuccessors) {
  const auto history = H({F(), Linked(EventType::kDividedInto, "2019-03-01", {kHeirA, kHeirB})});
  ASSERT_TRUE(Validate(history).ok()) << Validate(history).error().ToString();
  const OrgState s = StateAt(history, "2019-03-01");
  EXPECT_EQ(s.status, LegalStatus::kEndedByReorganisation);
  EXPECT_EQ(s.ended_by, EventType::kDividedInto);
  EXPECT_EQ(s.successors, (std::vector<OrgId>{kHeirA, kHeirB}));
}

TEST_F(LifecycleTest, SeparatedFromLinksTheParentAndKeepsOperating) {
  const auto history =
      H({Founded("2019-03-01"), Linked(EventType::kSeparatedFrom, "2019-03-01", {kPartner})});
  ASSERT_TRUE(Validate(history).ok()) << Validate(history).error().ToString();
  const OrgState s = StateAt(history, "2019-03-01");
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.status, LegalStatus::kOperating);
  EXPECT_EQ(s.separated_from, std::vector<OrgId>{kPartner});
  EXPECT_TRUE(s.successors.empty());
  EXPECT_FALSE(s.ended_on);
}

TEST_F(LifecycleTest, ConsolidatesOnlyIntoASuccessorFoundedByThatDate) {
  const auto on_time = H({F(), Linked(EventType::kConsolidatedInto, "2020-01-01", {kFoundedLate})});
  ASSERT_TRUE(Validate(on_time).ok()) << Validate(on_time).error().ToString();
  const OrgState s = StateAt(on_time, "2020-01-01");
  EXPECT_EQ(s.status, LegalStatus::kEndedByReorganisation);
  EXPECT_EQ(s.ended_by, EventType::kConsolidatedInto);
  EXPECT_EQ(s.successors, std::vector<OrgId>{kFoundedLate});
  ExpectRejected(H({F(), Linked(EventType::kConsolidatedInto, "2019-12-31", {kFoundedLate})}),
                 "event.related_founded", "0300588569");
}

TEST_F(LifecycleTest, FoldsEachEndingToItsStatus) {
  using T = EventType;
  const struct {
    Event ending;
    LegalStatus status;
  } cases[] = {
      {Ev(T::kDissolvedVoluntary, "2016-01-01"), LegalStatus::kDissolved},
      {Forced("2016-01-01", DissolutionGround::kCourtDecision), LegalStatus::kDissolved},
      {Ev(T::kBankrupt, "2016-01-01"), LegalStatus::kBankrupt},
      {Ev(T::kConvertedToEnterprise, "2016-01-01"), LegalStatus::kConvertedToEnterprise},
      {Linked(T::kMergedInto, "2016-01-01", {kPartner}), LegalStatus::kEndedByReorganisation},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(Id(c.ending.type));
    const auto history = H({F(), c.ending});
    ASSERT_TRUE(Validate(history).ok()) << Validate(history).error().ToString();
    const OrgState s = StateAt(history, "2016-01-01");
    EXPECT_EQ(s.status, c.status);
    EXPECT_EQ(s.ended_on, D("2016-01-01"));
    EXPECT_EQ(s.ended_by, c.ending.type);
    EXPECT_TRUE(IsTerminal(s.status));
  }
  const auto forced = H({F(), Forced("2016-01-01", DissolutionGround::kCourtDecision)});
  EXPECT_EQ(StateAt(forced, "2016-01-01").ground, DissolutionGround::kCourtDecision);
  const auto dissolving = H({F(), Ev(T::kCertificateRevoked, "2015-05-01")});
  EXPECT_EQ(StateAt(dissolving, "2016-01-01").status, LegalStatus::kDissolving);
  EXPECT_EQ(StateAt(dissolving, "2016-01-01").dissolution_started_on, D("2015-05-01"));
}

// ---------------------------------------------------------------------------------------------
// What a form may offer next.

bool Contains(const std::vector<EventType>& types, EventType t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

TEST(LifecycleAllowedNext, OffersOnlyFoundingForAnEmptyHistory) {
  EXPECT_EQ(AllowedNext(Self(), {}), std::vector<EventType>{EventType::kFounded});
}

TEST(LifecycleAllowedNext, OffersSuspensionButNotResumptionToAnOperatingCooperative) {
  const auto next = AllowedNext(Self(), H({F()}));
  EXPECT_TRUE(Contains(next, EventType::kSuspended));
  EXPECT_TRUE(Contains(next, EventType::kFlaggedNotAtAddress));
  EXPECT_TRUE(Contains(next, EventType::kDissolutionStarted));
  EXPECT_TRUE(Contains(next, EventType::kMergedInto));
  EXPECT_TRUE(Contains(next, EventType::kReregistered2012));
  EXPECT_TRUE(Contains(next, EventType::kCharterAmended2023));
  EXPECT_FALSE(Contains(next, EventType::kResumed));
  EXPECT_FALSE(Contains(next, EventType::kClearedNotAtAddress));
  EXPECT_FALSE(Contains(next, EventType::kFounded));
}

TEST(LifecycleAllowedNext, OffersResumptionButNotSuspensionToASuspendedCooperative) {
  const auto next = AllowedNext(Self(), H({F(), Ev(EventType::kSuspended, "2016-05-01")}));
  EXPECT_TRUE(Contains(next, EventType::kResumed));
  EXPECT_FALSE(Contains(next, EventType::kSuspended));
}

TEST(LifecycleAllowedNext, OffersNothingAfterDissolution) {
  EXPECT_TRUE(
      AllowedNext(Self(), H({F(), Ev(EventType::kDissolvedVoluntary, "2016-05-01")})).empty());
}

TEST(LifecycleAllowedNext, OffersOnlyTheEndingsDuringDissolution) {
  const auto next = AllowedNext(Self(), H({F(), Ev(EventType::kDissolutionStarted, "2016-05-01")}));
  EXPECT_EQ(next, (std::vector<EventType>{EventType::kDissolvedVoluntary,
                                          EventType::kDissolvedForced, EventType::kBankrupt}));
}

TEST(LifecycleAllowedNext, NeverOffersTheReregistrationOf2012ToACooperativeGroup) {
  for (const auto& history : {H({F()}), H({F(), Ev(EventType::kSuspended, "2016-05-01")})}) {
    const auto next = AllowedNext(Self(OrgKind::kTHT), history);
    EXPECT_FALSE(Contains(next, EventType::kReregistered2012));
    EXPECT_FALSE(Contains(next, EventType::kCharterAmended2023));
  }
}

TEST(LifecycleAllowedNext, OffersTheLawChangesOnlyOnceAndOnlyToOlderCooperatives) {
  EXPECT_FALSE(
      Contains(AllowedNext(Self(), H({F(), Ev(EventType::kReregistered2012, "2014-05-20")})),
               EventType::kReregistered2012));
  EXPECT_FALSE(
      Contains(AllowedNext(Self(), H({Founded("2014-01-01")})), EventType::kReregistered2012));
  EXPECT_FALSE(
      Contains(AllowedNext(Self(), H({Founded("2024-07-01")})), EventType::kCharterAmended2023));
  EXPECT_FALSE(
      Contains(AllowedNext(Self(), H({F(), Ev(EventType::kCharterAmended2023, "2024-08-01")})),
               EventType::kCharterAmended2023));
}

TEST(LifecycleAllowedNext, IgnoresVoidedEvents) {
  const auto history =
      H({F(), Voided(Ev(EventType::kDissolvedVoluntary, "2016-05-01"), At("2016-06-01"))});
  EXPECT_TRUE(Contains(AllowedNext(Self(), history), EventType::kSuspended));
}

TEST(LifecycleLaw, KnowsWhenTheLawsCameIntoForce) {
  EXPECT_EQ(Law2012InForce(), D("2013-07-01"));
  EXPECT_EQ(Law2023InForce(), D("2024-07-01"));
  EXPECT_EQ(Law2012InForce().year(), kLaw2012Year);
}

}  // namespace
}  // namespace hoptac::domain

namespace hoptac::domain {
namespace {

TEST(FoldTimeline, VisitsTheStateOnEachDateAsFoldWouldGiveIt) {
  Organisation org;
  org.id = 7;
  std::vector<Event> events(4);
  const char* dates[] = {"2010-01-01", "2012-03-01", "2012-03-01", "2015-06-01"};
  const EventType types[] = {EventType::kFounded, EventType::kSuspended, EventType::kResumed,
                             EventType::kDissolvedVoluntary};
  for (size_t i = 0; i < events.size(); ++i) {
    events[i].id = static_cast<EventId>(i + 1);
    events[i].type = types[i];
    events[i].effective_date = Date::Parse(dates[i]).value();
    events[i].recorded_at = Timestamp::StartOf(events[i].effective_date);
  }
  events[0].changes.name = "HTX A";
  // The dissolution was recorded late, in 2016.
  events[3].recorded_at = Timestamp::Parse("2016-02-01T00:00:00Z").value();
  std::vector<OrgState> seen;
  FoldTimeline(org, events, Timestamp::Max(), [&](const OrgState& s) { seen.push_back(s); });
  ASSERT_EQ(seen.size(), 3u);
  for (const OrgState& s : seen) {
    const OrgState direct = Fold(org, events, s.last_event_on, Timestamp::Max());
    EXPECT_EQ(s.status, direct.status);
    EXPECT_EQ(s.event_count, direct.event_count);
  }
  EXPECT_EQ(seen[1].status, LegalStatus::kOperating);  // suspended and resumed the same day
  std::vector<OrgState> known_2015;
  FoldTimeline(org, events, Timestamp::Parse("2015-12-31").value(),
               [&](const OrgState& s) { known_2015.push_back(s); });
  ASSERT_EQ(known_2015.size(), 2u);
  EXPECT_EQ(known_2015.back().status, LegalStatus::kOperating);
}

}  // namespace
}  // namespace hoptac::domain
