#include "app/reference_units.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace hoptac::app {
namespace {

using domain::Unit;
using domain::UnitCatalog;
using domain::UnitLevel;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

std::string SourceDir() {
  if (const char* dir = std::getenv("HOPTAC_SOURCE_DIR")) return dir;
  return HOPTAC_SOURCE_DIR_DEFAULT;
}

class ReferenceUnitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto parsed = ParseReferenceUnits(EmbeddedReferenceUnitFiles());
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    reference_ = new ReferenceUnits(*parsed);
    auto catalog = UnitCatalog::Build(parsed->units, parsed->successions, parsed->aliases);
    ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
    catalog_ = new UnitCatalog(std::move(catalog).value());
  }
  static void TearDownTestSuite() {
    delete catalog_;
    delete reference_;
    catalog_ = nullptr;
    reference_ = nullptr;
  }

  // Units valid on `d` per level: province, district, commune.
  static std::array<int, 3> CountValidOn(Date d) {
    std::array<int, 3> counts{};
    for (const Unit& u : catalog_->units()) {
      if (u.ValidOn(d)) ++counts[static_cast<size_t>(u.level)];
    }
    return counts;
  }

  static const ReferenceUnits* reference_;
  static const UnitCatalog* catalog_;
};

const ReferenceUnits* ReferenceUnitsTest::reference_ = nullptr;
const UnitCatalog* ReferenceUnitsTest::catalog_ = nullptr;

TEST_F(ReferenceUnitsTest, CountsMatchTheOfficialListsBeforeAndAfterTheReform) {
  EXPECT_EQ(CountValidOn(D(2025, 6, 30)), (std::array<int, 3>{63, 696, 10047}));
  EXPECT_EQ(CountValidOn(D(2025, 7, 1)), (std::array<int, 3>{34, 0, 3321}));
  EXPECT_EQ(catalog_->ChildrenAt("", D(2025, 6, 30)).size(), 63u);
  EXPECT_EQ(catalog_->ChildrenAt("", D(2025, 7, 1)).size(), 34u);
  EXPECT_EQ(reference_->successions.size(), 10603u);
}

TEST_F(ReferenceUnitsTest, UnitsOnlyIn2022AreLegacyAndRenamedOnesAreAliases) {
  const auto legacy = std::count_if(reference_->units.begin(), reference_->units.end(),
                                    [](const Unit& u) { return u.legacy; });
  EXPECT_EQ(legacy, 567 + 11);
  const Unit* yen_dung = catalog_->At("221", D(2022, 10, 1));
  ASSERT_NE(yen_dung, nullptr);
  EXPECT_EQ(yen_dung->name, "Huyện Yên Dũng");
  EXPECT_TRUE(yen_dung->legacy);
  EXPECT_EQ(catalog_->At("221", D(2022, 10, 2)), nullptr);

  EXPECT_EQ(reference_->aliases.size(), 521u);
  EXPECT_THAT(catalog_->Search("huyen moc chau", std::nullopt, 5),
              Contains(catalog_->At("123", D(2025, 6, 30))));
}

TEST_F(ReferenceUnitsTest, OldVietLamIsSplitBetweenTheNewVietLamAndViXuyen) {
  const Unit* old_commune = catalog_->At("00967", D(2025, 6, 30));
  ASSERT_NE(old_commune, nullptr);
  EXPECT_EQ(old_commune->name, "Xã Việt Lâm");
  EXPECT_EQ(old_commune->parent_code, "030");
  EXPECT_EQ(catalog_->Ancestor(*old_commune, UnitLevel::kProvince, D(2025, 6, 30))->code, "02");

  const auto mapped = catalog_->MapTo("00967", D(2025, 6, 30), D(2025, 7, 1));
  ASSERT_EQ(mapped.size(), 2u);
  EXPECT_EQ(mapped[0].unit->code, "00913");
  EXPECT_TRUE(mapped[0].partial);
  EXPECT_EQ(mapped[1].unit->code, "00967");
  EXPECT_EQ(mapped[1].unit->parent_code, "08");
  EXPECT_TRUE(mapped[1].partial);
}

TEST_F(ReferenceUnitsTest, HaGiangMapsToTheNewTuyenQuang) {
  const auto mapped = catalog_->MapTo("02", D(2025, 6, 30), D(2025, 7, 1));
  ASSERT_EQ(mapped.size(), 1u);
  EXPECT_EQ(mapped[0].unit->code, "08");
  EXPECT_EQ(mapped[0].unit->name, "Tỉnh Tuyên Quang");
  EXPECT_FALSE(mapped[0].partial);
}

TEST_F(ReferenceUnitsTest, EveryUnitBeforeTheReformMapsToUnitsAfterIt) {
  const Date eve = D(2025, 6, 30);
  const Date reform = D(2025, 7, 1);
  for (const Unit& u : catalog_->units()) {
    if (!u.ValidOn(eve)) continue;
    const auto mapped = catalog_->MapTo(u.code, eve, reform);
    EXPECT_FALSE(mapped.empty()) << u.code;
    for (const auto& m : mapped) EXPECT_TRUE(m.unit->ValidOn(reform)) << u.code;
  }
}

TEST_F(ReferenceUnitsTest, PredecessorsOfTuyenQuangIncludeHaGiangAndItsCommunes) {
  const auto predecessors = catalog_->PredecessorsUnder("08", D(2025, 7, 1));
  const Date eve = D(2025, 6, 30);
  for (const char* code : {"02", "030", "00967", "08"}) {
    EXPECT_THAT(predecessors, Contains(catalog_->At(code, eve))) << code;
  }
  for (const Unit* u : predecessors) EXPECT_LT(u->valid_from, D(2025, 7, 1)) << u->code;
  EXPECT_EQ(std::count_if(predecessors.begin(), predecessors.end(),
                          [](const Unit* u) { return u->level == UnitLevel::kProvince; }),
            2);
  // Hà Nội kept its territory: no old unit of Hà Giang is under it.
  EXPECT_THAT(catalog_->PredecessorsUnder("01", D(2025, 7, 1)),
              ::testing::Not(Contains(catalog_->At("02", eve))));
}

TEST_F(ReferenceUnitsTest, SearchFindsVietLamWithoutDiacritics) {
  const auto found = catalog_->Search("viet lam", D(2025, 7, 1), 20);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front()->code, "00967");
  EXPECT_TRUE(found.front()->ValidOn(D(2025, 7, 1)));
  EXPECT_THAT(found, Contains(catalog_->At("00967", D(2025, 6, 30))));
}

TEST_F(ReferenceUnitsTest, FilesInTheSourceTreeEqualTheEmbeddedCopies) {
  auto files = ReadReferenceUnitFiles(SourceDir() + "/data/admin-units");
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  const ReferenceUnitFiles embedded = EmbeddedReferenceUnitFiles();
  EXPECT_EQ(files->units_2022, embedded.units_2022);
  EXPECT_EQ(files->units_2024, embedded.units_2024);
  EXPECT_EQ(files->units_2025, embedded.units_2025);
  EXPECT_EQ(files->mapping_2025, embedded.mapping_2025);
}

TEST(ReadReferenceUnitFiles, NamesTheMissingFile) {
  auto files = ReadReferenceUnitFiles(SourceDir() + "/src");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(files.error().message, HasSubstr("units-2022.csv"));
}

// A tiny consistent set of files, for the parser's tests.
ReferenceUnitFiles SmallFiles() {
  return {
      "code,name,level,parent_code\n02,Tỉnh Hà Giang,province,\n030,Huyện Vị Xuyên,district,02\n"
      "00967,Xã Việt Lâm,commune,030\n00970,Xã Quảng Ngần,commune,030\n",
      "code,name,level,parent_code\n02,Tỉnh Hà Giang,province,\n030,Huyện Vị Xuyên,district,02\n"
      "00967,Xã Việt Lâm,commune,030\n00913,Thị trấn Vị Xuyên,commune,030\n",
      "code,name,level,parent_code\n08,Tỉnh Tuyên Quang,province,\n"
      "00913,Xã Vị Xuyên,commune,08\n00967,Xã Việt Lâm,commune,08\n",
      "old_commune_code,new_commune_code\n00967,00967\n00967,00913\n00913,00913\n",
  };
}

TEST(ParseReferenceUnits, AppliesTheDatingRules) {
  auto parsed = ParseReferenceUnits(SmallFiles());
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  auto catalog = UnitCatalog::Build(parsed->units, parsed->successions, parsed->aliases);
  ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
  const Unit* legacy = catalog->At("00970", Date::Min());
  ASSERT_NE(legacy, nullptr);
  EXPECT_TRUE(legacy->legacy);
  EXPECT_EQ(legacy->valid_to, D(2022, 10, 1));
  EXPECT_EQ(catalog->At("00967", D(2025, 6, 30))->valid_from, Date::Min());
  EXPECT_EQ(catalog->At("00967", D(2025, 7, 1))->valid_to, Date::Max());
  EXPECT_FALSE(catalog->At("00967", D(2025, 7, 1))->legacy);
  ASSERT_EQ(parsed->successions.size(), 3u);
  for (const auto& s : parsed->successions) {
    EXPECT_EQ(s.effective, D(2025, 7, 1));
    EXPECT_EQ(s.partial, s.from_code == "00967") << s.from_code << "->" << s.to_code;
  }
  EXPECT_TRUE(parsed->aliases.empty());
}

TEST(ParseReferenceUnits, AcceptsQuotesCrLfAndAByteOrderMark) {
  ReferenceUnitFiles files = SmallFiles();
  files.units_2025 =
      "\xEF\xBB\xBF"
      "code,name,level,parent_code\r\n08,\"Tỉnh Tuyên Quang\",province,\r\n\r\n"
      "00913,\"Xã Vị Xuyên\",commune,08\r\n00967,\"Xã Việt  Lâm\",commune,\"08\"";
  files.units_2022 =
      "code,name,level,parent_code\n02,Tỉnh Hà Giang,province,\n"
      "030,Huyện Vị Xuyên,district,02\n00913,\"Thị Trấn \"\"Vị Xuyên\"\"\",commune,030\n";
  auto parsed = ParseReferenceUnits(files);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const auto it = std::find_if(parsed->units.begin(), parsed->units.end(), [](const Unit& u) {
    return u.code == "00967" && u.valid_from == D(2025, 7, 1);
  });
  ASSERT_NE(it, parsed->units.end());
  EXPECT_EQ(it->name, "Xã Việt Lâm");
  EXPECT_EQ(it->parent_code, "08");
  ASSERT_EQ(parsed->aliases.size(), 1u);
  EXPECT_EQ(parsed->aliases[0].code, "00913");
  EXPECT_EQ(parsed->aliases[0].name, "Thị Trấn \"Vị Xuyên\"");
  EXPECT_EQ(parsed->aliases[0].source, "units-2022");
}

TEST(ParseReferenceUnits, RejectsMalformedFilesNamingTheLineAndValue) {
  struct Case {
    std::string what;
    ReferenceUnitFiles files;
    std::string where;  // file and line in the message
    std::string field;
    std::string value;
  };
  auto with_2024 = [](std::string extra) {
    ReferenceUnitFiles files = SmallFiles();
    files.units_2024 += extra;
    return files;
  };
  ReferenceUnitFiles bad_header = SmallFiles();
  bad_header.units_2025 = "code;name;level;parent_code\n08,Tỉnh Tuyên Quang,province,\n";
  ReferenceUnitFiles bad_mapping = SmallFiles();
  bad_mapping.mapping_2025 += "00913,9913\n";
  ReferenceUnitFiles twice_mapped = SmallFiles();
  twice_mapped.mapping_2025 += "00967,00913\n";
  ReferenceUnitFiles bad_utf8 = SmallFiles();
  bad_utf8.units_2025 += "00100,X\xC3\x28,commune,08\n";
  const std::vector<Case> cases = {
      {"a code with a letter", with_2024("0091X,Xã Lạ,commune,030\n"), "units-2024.csv line 6",
       "code", "0091X"},
      {"an unknown level", with_2024("00914,Xã Lạ,hamlet,030\n"), "units-2024.csv line 6", "level",
       "hamlet"},
      {"a level that does not fit the code", with_2024("009,Xã Lạ,commune,030\n"),
       "units-2024.csv line 6", "code", "009"},
      {"a missing field", with_2024("00914,Xã Lạ,commune\n"), "units-2024.csv line 6", "row",
       "00914,Xã Lạ,commune"},
      {"a province with a parent", with_2024("04,Tỉnh Cao Bằng,province,02\n"),
       "units-2024.csv line 6", "parent_code", "02"},
      {"a commune without a parent", with_2024("00914,Xã Lạ,commune,\n"), "units-2024.csv line 6",
       "parent_code", ""},
      {"an empty name", with_2024("00914, ,commune,030\n"), "units-2024.csv line 6", "name", " "},
      {"a repeated code", with_2024("00967,Xã Việt Lâm,commune,030\n"), "units-2024.csv line 6",
       "code", "00967"},
      {"an unclosed quote", with_2024("00914,\"Xã Lạ,commune,030\n"), "units-2024.csv line 6",
       "csv", "Xã Lạ,commune,030\n"},
      {"a wrong header", bad_header, "units-2025.csv line 1", "header",
       "code;name;level;parent_code"},
      {"a bad mapping code", bad_mapping, "mapping-2025.csv line 5", "new_commune_code", "9913"},
      {"a repeated mapping row", twice_mapped, "mapping-2025.csv line 5", "old_commune_code",
       "00967"},
      {"a name that is not UTF-8", bad_utf8, "units-2025.csv line 5", "name",
       "(bytes that are not UTF-8)"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseReferenceUnits(c.files);
    ASSERT_FALSE(parsed.ok()) << c.what;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid) << c.what;
    EXPECT_THAT(parsed.error().message, HasSubstr(c.where)) << c.what;
    EXPECT_EQ(parsed.error().field, c.field) << c.what;
    EXPECT_EQ(parsed.error().value, c.value) << c.what;
  }
}

}  // namespace
}  // namespace hoptac::app
