#include "domain/unit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace hoptac::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Date D(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

const Date kMerge2020 = D(2020, 1, 1);
const Date kReform = D(2025, 7, 1);
const Date kEve = D(2025, 6, 30);

Unit U(std::string code, std::string name, UnitLevel level, std::string parent,
       Date from = Date::Min(), Date to = Date::Max()) {
  return Unit{std::move(code), std::move(name), level, std::move(parent), from, to, false};
}

// A small country around Hà Giang and Tuyên Quang:
//   2020-01-01: commune 00970 Quảng Ngần merged wholly into 00972 Thượng Sơn.
//   2025-07-01: districts and province 02 abolished; 00967 Việt Lâm split between the new 00967
//               and 00913; 00972 went wholly into the new 00967.
std::vector<Unit> Units() {
  const auto p = UnitLevel::kProvince;
  const auto ds = UnitLevel::kDistrict;
  const auto c = UnitLevel::kCommune;
  return {
      U("02", "Tỉnh Hà Giang", p, "", Date::Min(), kEve),
      U("08", "Tỉnh Tuyên Quang", p, "", Date::Min(), kEve),
      U("08", "Tỉnh Tuyên Quang", p, "", kReform),
      U("026", "Huyện Đồng Văn", ds, "02", Date::Min(), kEve),
      U("030", "Huyện Vị Xuyên", ds, "02", Date::Min(), kEve),
      U("070", "Thành phố Tuyên Quang", ds, "08", Date::Min(), kEve),
      U("00715", "Thị trấn Đồng Văn", c, "026", Date::Min(), kEve),
      U("00715", "Xã Đồng Văn", c, "08", kReform),
      U("00913", "Thị trấn Vị Xuyên", c, "030", Date::Min(), kEve),
      U("00913", "Xã Vị Xuyên", c, "08", kReform),
      U("00967", "Xã Việt Lâm", c, "030", Date::Min(), kEve),
      U("00967", "Xã Việt Lâm", c, "08", kReform),
      U("00970", "Xã Quảng Ngần", c, "030", Date::Min(), kMerge2020.AddDays(-1)),
      U("00972", "Xã Thượng Sơn", c, "030", Date::Min(), kEve),
      U("02212", "Phường Minh Xuân", c, "070", Date::Min(), kEve),
      U("02212", "Phường Minh Xuân", c, "08", kReform),
  };
}

std::vector<UnitSuccession> Successions() {
  return {
      {"00970", "00972", kMerge2020, false}, {"00715", "00715", kReform, false},
      {"00913", "00913", kReform, false},    {"00967", "00967", kReform, true},
      {"00967", "00913", kReform, true},     {"00972", "00967", kReform, false},
      {"02212", "02212", kReform, false},
  };
}

UnitCatalog Catalog() {
  auto catalog =
      UnitCatalog::Build(Units(), Successions(), {{"02212", "Xã Minh Xuân", "units-2022"}});
  EXPECT_TRUE(catalog.ok()) << catalog.error().ToString();
  return std::move(catalog).value();
}

// "code" or "code@valid_from" when the code has several versions in the test data.
std::string Describe(const Unit* unit) {
  if (unit == nullptr) return "null";
  return unit->valid_from == Date::Min() ? unit->code
                                         : unit->code + "@" + unit->valid_from.ToString();
}

std::vector<std::string> Codes(const std::vector<const Unit*>& units) {
  std::vector<std::string> out;
  for (const Unit* u : units) out.push_back(Describe(u));
  return out;
}

std::vector<std::string> Codes(const std::vector<UnitCatalog::Mapped>& mapped) {
  std::vector<std::string> out;
  for (const auto& m : mapped) out.push_back(m.unit->code + (m.partial ? " partial" : ""));
  return out;
}

TEST(UnitLevel, NamesRoundTrip) {
  for (UnitLevel level : {UnitLevel::kProvince, UnitLevel::kDistrict, UnitLevel::kCommune}) {
    auto parsed = ParseUnitLevel(UnitLevelName(level));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, level);
  }
  auto bad = ParseUnitLevel("ward");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(bad.error().value, "ward");
}

TEST(ParseUnitCode, AcceptsTwoThreeOrFiveDigitsOnly) {
  struct Case {
    std::string text;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"02", true},    {"030", true},     {"00967", true}, {"", false},    {"2", false},
      {"0096", false}, {"009670", false}, {"0a9", false},  {" 02", false}, {"０２", false},
  };
  for (const Case& c : cases) {
    auto parsed = ParseUnitCode(c.text, "commune_code");
    EXPECT_EQ(parsed.ok(), c.ok) << c.text;
    if (parsed.ok()) {
      EXPECT_EQ(*parsed, c.text);
    } else {
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid);
      EXPECT_EQ(parsed.error().field, "commune_code");
      EXPECT_EQ(parsed.error().value, c.text);
      EXPECT_EQ(parsed.error().rule, "unit.code");
    }
  }
}

TEST(UnitCatalog, AtFindsTheVersionValidOnTheDay) {
  const UnitCatalog catalog = Catalog();
  ASSERT_NE(catalog.At("00967", kEve), nullptr);
  EXPECT_EQ(catalog.At("00967", kEve)->parent_code, "030");
  ASSERT_NE(catalog.At("00967", kReform), nullptr);
  EXPECT_EQ(catalog.At("00967", kReform)->parent_code, "08");
  EXPECT_EQ(catalog.At("00970", kMerge2020.AddDays(-1))->name, "Xã Quảng Ngần");
  EXPECT_EQ(catalog.At("00970", kMerge2020), nullptr);
  EXPECT_EQ(catalog.At("99999", kEve), nullptr);
  EXPECT_EQ(Describe(catalog.Latest("00967")), "00967@2025-07-01");
  EXPECT_EQ(Describe(catalog.Latest("030")), "030");
  EXPECT_EQ(catalog.Latest("99999"), nullptr);
}

TEST(UnitCatalog, ParentAndAncestorFollowTheDatedChange) {
  const UnitCatalog catalog = Catalog();
  const Unit& old_commune = *catalog.At("00967", kEve);
  const Unit& new_commune = *catalog.At("00967", kReform);
  EXPECT_EQ(Describe(catalog.Parent(old_commune, kEve)), "030");
  EXPECT_EQ(Describe(catalog.Parent(new_commune, kReform)), "08@2025-07-01");
  EXPECT_EQ(Describe(catalog.Ancestor(old_commune, UnitLevel::kProvince, kEve)), "02");
  EXPECT_EQ(Describe(catalog.Ancestor(old_commune, UnitLevel::kDistrict, kEve)), "030");
  EXPECT_EQ(Describe(catalog.Ancestor(old_commune, UnitLevel::kCommune, kEve)), "00967");
  EXPECT_EQ(Describe(catalog.Ancestor(new_commune, UnitLevel::kProvince, kReform)),
            "08@2025-07-01");
  EXPECT_EQ(catalog.Ancestor(new_commune, UnitLevel::kDistrict, kReform), nullptr);
  const Unit& province = *catalog.At("02", kEve);
  EXPECT_EQ(catalog.Parent(province, kEve), nullptr);
  EXPECT_EQ(catalog.Ancestor(province, UnitLevel::kCommune, kEve), nullptr);
}

TEST(UnitCatalog, ChildrenAtListsTheUnitsValidOnTheDaySortedByCode) {
  const UnitCatalog catalog = Catalog();
  EXPECT_THAT(Codes(catalog.ChildrenAt("", kEve)), ElementsAre("02", "08"));
  EXPECT_THAT(Codes(catalog.ChildrenAt("", kReform)), ElementsAre("08@2025-07-01"));
  EXPECT_THAT(Codes(catalog.ChildrenAt("030", D(2019, 6, 1))),
              ElementsAre("00913", "00967", "00970", "00972"));
  EXPECT_THAT(Codes(catalog.ChildrenAt("030", kEve)), ElementsAre("00913", "00967", "00972"));
  EXPECT_THAT(
      Codes(catalog.ChildrenAt("08", kReform)),
      ElementsAre("00715@2025-07-01", "00913@2025-07-01", "00967@2025-07-01", "02212@2025-07-01"));
  EXPECT_THAT(catalog.ChildrenAt("030", kReform), IsEmpty());
  EXPECT_THAT(catalog.ChildrenAt("99", kEve), IsEmpty());
}

TEST(UnitCatalog, MapToFollowsSuccessionsChildrenAndChains) {
  const UnitCatalog catalog = Catalog();
  struct Case {
    std::string what;
    std::string code;
    Date d;
    Date target;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"a unit still valid maps to itself", "00967", D(2010, 1, 1), kEve, {"00967"}},
      {"a split commune maps to each part, partial",
       "00967",
       kEve,
       kReform,
       {"00913 partial", "00967 partial"}},
      {"a commune kept whole maps wholly", "00913", kEve, kReform, {"00913"}},
      {"a 2020 merge then the 2025 reform: both changes",
       "00970",
       D(2019, 6, 1),
       kReform,
       {"00967"}},
      {"a chain stops at the target date", "00970", D(2019, 6, 1), D(2021, 1, 1), {"00972"}},
      {"an abolished district maps to its communes' new communes",
       "030",
       kEve,
       kReform,
       {"00913 partial", "00967 partial"}},
      {"a district whose only commune went whole maps wholly", "026", kEve, kReform, {"00715"}},
      {"an abolished province maps to the new province", "02", kEve, kReform, {"08"}},
      {"a province kept maps to itself through its communes", "08", kEve, kReform, {"08"}},
      {"an unknown code maps nowhere", "99999", kEve, kReform, {}},
      {"a code not valid on d maps nowhere", "00970", kEve, kReform, {}},
      {"a target before the version maps nowhere", "00967", kReform, kEve, {}},
  };
  for (const Case& c : cases) {
    const auto mapped = catalog.MapTo(c.code, c.d, c.target);
    EXPECT_EQ(Codes(mapped), c.expected) << c.what;
    for (const auto& m : mapped) EXPECT_TRUE(m.unit->ValidOn(c.target)) << c.what;
  }
}

TEST(UnitCatalog, MapToContinuesARenamedCodeWithoutSuccessions) {
  auto catalog = UnitCatalog::Build(
      {U("01", "Tỉnh Hà Tây", UnitLevel::kProvince, "", Date::Min(), D(2007, 12, 31)),
       U("01", "Thành phố Hà Nội", UnitLevel::kProvince, "", D(2008, 1, 1))},
      {});
  ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
  EXPECT_THAT(Codes(catalog->MapTo("01", D(2000, 1, 1), D(2010, 1, 1))), ElementsAre("01"));
}

TEST(UnitCatalog, PredecessorsUnderListsOldUnitsThatWentIntoTheUnitOrBelow) {
  const UnitCatalog catalog = Catalog();
  EXPECT_THAT(Codes(catalog.PredecessorsUnder("08", kReform)),
              ElementsAre("00715", "00913", "00967", "00970", "00972", "02", "02212", "026", "030",
                          "070", "08"));
  // An old province lies above a new commune, not under it; the split district reaches into it.
  EXPECT_THAT(Codes(catalog.PredecessorsUnder("00967", kReform)),
              ElementsAre("00967", "00970", "00972", "030"));
  EXPECT_THAT(Codes(catalog.PredecessorsUnder("00972", D(2021, 1, 1))),
              ElementsAre("00970", "00972"));
  EXPECT_THAT(catalog.PredecessorsUnder("030", kReform), IsEmpty());
}

TEST(UnitCatalog, SearchIgnoresCaseDiacriticsAndDStroke) {
  const UnitCatalog catalog = Catalog();
  for (const char* query : {"dong van", "Đồng Văn", "DONG VAN", "đồng   văn"}) {
    EXPECT_THAT(Codes(catalog.Search(query, std::nullopt, 10)),
                ElementsAre("026", "00715", "00715@2025-07-01"))
        << query;
  }
  EXPECT_THAT(Codes(catalog.Search("huyen dong van", std::nullopt, 10)), ElementsAre("026"));
}

TEST(UnitCatalog, SearchRanksUnitsValidOnTheDayFirstAndHonoursTheLimit) {
  const UnitCatalog catalog = Catalog();
  EXPECT_THAT(Codes(catalog.Search("dong van", kReform, 10)),
              ElementsAre("00715@2025-07-01", "026", "00715"));
  EXPECT_THAT(Codes(catalog.Search("dong van", kReform, 1)), ElementsAre("00715@2025-07-01"));
  EXPECT_THAT(catalog.Search("dong van", kReform, 0), IsEmpty());
  EXPECT_THAT(catalog.Search("  ", kReform, 10), IsEmpty());
  EXPECT_THAT(catalog.Search("hanoi", kReform, 10), IsEmpty());
}

TEST(UnitCatalog, SearchMatchesAnAliasOfTheCode) {
  const UnitCatalog catalog = Catalog();
  EXPECT_THAT(Codes(catalog.Search("xa minh xuan", kReform, 10)),
              ElementsAre("02212@2025-07-01", "02212"));
}

TEST(UnitCatalog, BuildRejectsInconsistentData) {
  struct Case {
    std::string what;
    std::vector<Unit> units;
    std::vector<UnitSuccession> successions;
    std::string value;
    std::string rule;
  };
  auto with = [](std::vector<Unit> extra) {
    std::vector<Unit> units = Units();
    for (Unit& u : extra) units.push_back(std::move(u));
    return units;
  };
  auto with_succession = [](UnitSuccession extra) {
    std::vector<UnitSuccession> successions = Successions();
    successions.push_back(std::move(extra));
    return successions;
  };
  const auto c = UnitLevel::kCommune;
  const std::vector<Case> cases = {
      {"overlapping versions", with({U("00967", "Xã Việt Lâm", c, "08", D(2025, 6, 1))}),
       Successions(), "00967", "unit.overlap"},
      {"a missing parent", with({U("00999", "Xã Mới", c, "031")}), Successions(), "031",
       "unit.parent"},
      {"a parent gone before the child ends", with({U("00998", "Xã Cũ", c, "030")}), Successions(),
       "030", "unit.parent"},
      {"a parent of the same level", with({U("00997", "Xã Con", c, "00913", D(2025, 7, 1))}),
       Successions(), "00913", "unit.parent"},
      {"a malformed code", with({U("9x", "Tỉnh Lạ", UnitLevel::kProvince, "")}), Successions(),
       "9x", "unit.code"},
      {"a succession to a unit that does not exist", Units(),
       with_succession({"00970", "00971", kMerge2020, false}), "00971", "unit.succession"},
      {"a succession from a unit not valid the day before", Units(),
       with_succession({"00970", "00972", kReform, false}), "00970", "unit.succession"},
  };
  for (const Case& k : cases) {
    auto catalog = UnitCatalog::Build(k.units, k.successions);
    ASSERT_FALSE(catalog.ok()) << k.what;
    EXPECT_EQ(catalog.error().code, ErrorCode::kInvalid) << k.what;
    EXPECT_EQ(catalog.error().value, k.value) << k.what;
    EXPECT_EQ(catalog.error().rule, k.rule) << k.what;
    EXPECT_NE(catalog.error().message.find(k.value), std::string::npos) << k.what;
  }
}

TEST(UnitCatalog, BuildKeepsUnitsSortedByCodeAndDate) {
  std::vector<Unit> units = Units();
  std::reverse(units.begin(), units.end());
  auto catalog = UnitCatalog::Build(units, Successions());
  ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
  for (size_t i = 1; i < catalog->units().size(); ++i) {
    const Unit& a = catalog->units()[i - 1];
    const Unit& b = catalog->units()[i];
    EXPECT_TRUE(a.code < b.code || (a.code == b.code && a.valid_to < b.valid_from)) << b.code;
  }
  EXPECT_FALSE(catalog->empty());
  EXPECT_TRUE(UnitCatalog().empty());
}

}  // namespace
}  // namespace hoptac::domain
