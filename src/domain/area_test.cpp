#include "domain/area.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace hoptac::domain {
namespace {

Date D(const char* s) { return Date::Parse(s).value(); }

// Old province 02 > district 030 > communes 00967, 00913 (until 2025-06-30); new province 08 >
// communes 00967, 00913 (from 2025-07-01). Old 00967 split into new 00967 and 00913; old 00913
// went wholly into new 00913.
UnitCatalog Catalog() {
  const Date end = D("2025-06-30"), start = D("2025-07-01");
  return UnitCatalog::Build(
             {
                 {"02", "Tỉnh Hà Giang", UnitLevel::kProvince, "", Date::Min(), end, false},
                 {"030", "Huyện Vị Xuyên", UnitLevel::kDistrict, "02", Date::Min(), end, false},
                 {"00967", "Xã Việt Lâm", UnitLevel::kCommune, "030", Date::Min(), end, false},
                 {"00913", "Thị trấn Vị Xuyên", UnitLevel::kCommune, "030", Date::Min(), end,
                  false},
                 {"08", "Tỉnh Tuyên Quang", UnitLevel::kProvince, "", start, Date::Max(), false},
                 {"00967", "Xã Việt Lâm", UnitLevel::kCommune, "08", start, Date::Max(), false},
                 {"00913", "Xã Vị Xuyên", UnitLevel::kCommune, "08", start, Date::Max(), false},
             },
             {
                 {"00967", "00967", start, true},
                 {"00967", "00913", start, true},
                 {"00913", "00913", start, false},
             })
      .value();
}

TEST(Area, ASplitCommuneGoesToTheSuccessorKeepingItsCode) {
  const UnitCatalog units = Catalog();
  const Unit* p = PrimarySuccessor(units, "00967", D("2016-01-01"), D("2026-01-01"));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->code, "00967");
  EXPECT_EQ(p->parent_code, "08");
}

TEST(Area, CodesWithinANewCommuneExcludeSplitPartsAttributedElsewhere) {
  const UnitCatalog units = Catalog();
  // New Vị Xuyên holds old Vị Xuyên wholly; old Việt Lâm is attributed to new Việt Lâm.
  EXPECT_EQ(CodesWithin(units, "00913", D("2026-01-01")), std::vector<std::string>{"00913"});
  EXPECT_EQ(CodesWithin(units, "00967", D("2026-01-01")), std::vector<std::string>{"00967"});
}

TEST(Area, CodesWithinANewProvinceIncludeItsOldCommunes) {
  const UnitCatalog units = Catalog();
  EXPECT_EQ(CodesWithin(units, "08", D("2026-01-01")),
            (std::vector<std::string>{"00913", "00967"}));
}

TEST(Area, CodesWithinAnOldDistrictOnALaterDateIncludeWhatItBecame) {
  const UnitCatalog units = Catalog();
  EXPECT_EQ(CodesWithin(units, "030", D("2016-01-01")),
            (std::vector<std::string>{"00913", "00967"}));
  EXPECT_EQ(CodesWithin(units, "030", D("2026-01-01")),
            (std::vector<std::string>{"00913", "00967"}));
  EXPECT_TRUE(CodesWithin(units, "999", D("2026-01-01")).empty());
}

TEST(Area, CodesWithinAreKeptByCodeAndDateAndSharedByCopies) {
  const UnitCatalog units = Catalog();
  EXPECT_EQ(units.FindArea("030", D("2016-01-01")), nullptr);
  const std::vector<std::string> first = CodesWithin(units, "030", D("2016-01-01"));
  const auto kept = units.FindArea("030", D("2016-01-01"));
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(*kept, first);
  EXPECT_EQ(units.FindArea("030", D("2016-01-02")), nullptr);  // another date: its own answer
  EXPECT_EQ(units.FindArea("08", D("2016-01-01")), nullptr);
  const UnitCatalog copy = units;
  EXPECT_EQ(copy.FindArea("030", D("2016-01-01")), kept);
  EXPECT_EQ(CodesWithin(copy, "030", D("2016-01-01")), first);
  // What is kept is what it computes: every case above, asked again.
  EXPECT_EQ(CodesWithin(units, "08", D("2026-01-01")), CodesWithin(units, "08", D("2026-01-01")));
  EXPECT_EQ(UnitCatalog().FindArea("030", D("2016-01-01")), nullptr);  // nothing to keep
}

TEST(Area, TheMemoOfCodesWithinIsBounded) {
  // A client asking one date after another cannot make it grow without end: past 200,000 codes
  // it starts again.
  const UnitCatalog units = Catalog();
  const auto many = std::make_shared<const std::vector<std::string>>(90000, "00967");
  units.KeepArea("08", D("2026-01-01"), many);
  units.KeepArea("08", D("2026-01-02"), many);
  EXPECT_NE(units.FindArea("08", D("2026-01-01")), nullptr);
  units.KeepArea("08", D("2026-01-03"), many);
  EXPECT_EQ(units.FindArea("08", D("2026-01-01")), nullptr);
  EXPECT_EQ(units.FindArea("08", D("2026-01-02")), nullptr);
  EXPECT_EQ(units.FindArea("08", D("2026-01-03")), many);
}

TEST(Area, UnitPathNamesTheAncestorsOnTheDate) {
  const UnitCatalog units = Catalog();
  EXPECT_EQ(UnitPath(units, *units.At("00967", D("2016-01-01")), D("2016-01-01")),
            "Xã Việt Lâm, Huyện Vị Xuyên, Tỉnh Hà Giang");
  EXPECT_EQ(UnitPath(units, *units.At("00967", D("2026-01-01")), D("2026-01-01")),
            "Xã Việt Lâm, Tỉnh Tuyên Quang");
}

}  // namespace
}  // namespace hoptac::domain
