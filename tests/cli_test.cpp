// Black-box tests of the command line: the real `hoptac` binary ($HOPTAC_BINARY) runs on a
// temporary database, and the tests look only at its exit code, its output and the database file.
//
// The core is the bad-input table: every parse or rule failure, for every event type, must exit
// with 3, name the field or option, the offending value and the rule (when the domain has one)
// on stderr, and leave the database exactly as it was (same content digest).

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/vocabulary.hpp"
#include "raw_sqlite.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace hoptac {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// --- Running the binary --------------------------------------------------------------------

std::string Binary() {
  const char* env = std::getenv("HOPTAC_BINARY");
  return env != nullptr && *env != '\0' ? env : HOPTAC_BINARY_DEFAULT;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << "exit " << o.exit_code << "\n--- stdout:\n" << o.out << "--- stderr:\n" << o.err;
}

// Runs hoptac with `args`; stdout and stderr go to files in `scratch`, stdin is /dev/null.
Outcome RunHoptac(const std::vector<std::string>& args, const testing::TempDir& scratch) {
  const std::string out_path = scratch.File("stdout"), err_path = scratch.File("stderr");
  const std::string binary = Binary();
  std::vector<std::string> argv_s = {binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  Outcome o;
  if (rc != 0) {
    o.err = "cannot start " + binary + ": error " + std::to_string(rc);
    return o;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = ReadFile(out_path);
  o.err = ReadFile(err_path);
  return o;
}

// "recorded event 12 (suspended, 2016-03-01)" -> 12
int64_t RecordedId(const std::string& out) {
  const std::string marker = "recorded event ";
  const size_t at = out.rfind(marker);
  return at == std::string::npos ? 0 : std::stoll(out.substr(at + marker.size()));
}

// `event add CODE --type TYPE --date DATE more...`
std::vector<std::string> EventAdd(const std::string& code, const std::string& type,
                                  const std::string& date, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"event", "add", code, "--type", type, "--date", date};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// --- The registry the tests start from -----------------------------------------------------

// Valid registry codes (check digit included).
constexpr char kVietLam[] = "5100123452";     // HTX, founded 2010-03-15, operating
constexpr char kDongVan[] = "0100000010";     // HTX, founded 2015-01-10, a history with a void
constexpr char kDissolved[] = "0100000028";   // dissolved on 2018-06-01
constexpr char kSuspended[] = "0100000035";   // suspended since 2019-01-01
constexpr char kFlagged[] = "0100000042";     // flagged not at its address on 2019-01-01
constexpr char kDissolving[] = "0200000014";  // dissolution started on 2020-01-01
constexpr char kGroup[] = "0300000000";       // THT, founded 2011-01-01, operating
constexpr char kMerged[] = "0500000008";      // merged into kVietLam on 2019-01-01
constexpr char kUnregistered[] = "0300000018";
constexpr char kFree[] = "0400000011";

// Ids of events in the shared registry, read from the commands' output.
struct ScenarioIds {
  int64_t dong_van_founded = 0, dong_van_suspended = 0, dong_van_resumed = 0, dong_van_amended = 0,
          group_founded = 0, merger = 0, viet_lam_founded = 0;
};

// A directory with two prepared databases, built once through the command line itself:
// "initialised.db" (units loaded, nothing else) and "registry.db" (the organisations above).
class Templates {
 public:
  // Built on first use, once for every test of the binary; removed at exit.
  static const Templates& Get() {
    static const Templates t;
    return t;
  }
  const std::string& error() const { return error_; }
  std::string Initialised() const { return dir_.File("initialised.db"); }
  std::string Registry() const { return dir_.File("registry.db"); }
  const ScenarioIds& ids() const { return ids_; }

 private:
  Templates() { Build(); }

  void Run(const std::vector<std::string>& args, const std::string& db, int64_t* id = nullptr) {
    if (!error_.empty()) return;
    std::vector<std::string> full = {"--db", db};
    full.insert(full.end(), args.begin(), args.end());
    const Outcome o = RunHoptac(full, dir_);
    if (o.exit_code != 0) {
      std::ostringstream why;
      why << "setup command failed:";
      for (const auto& a : args) why << " " << a;
      why << "\n" << o;
      error_ = why.str();
    }
    if (id != nullptr) *id = RecordedId(o.out);
  }

  void Found(const std::string& code, const std::string& kind, const std::string& date,
             const std::string& name) {
    Run({"org", "add", "--kind", kind, "--code", code, "--date", date, "--name", name, "--field",
         "agriculture", "--unit", "00967"},
        Registry());
  }

  int64_t FoundingId(const std::string& code) {
    if (!error_.empty()) return 0;
    const Outcome o =
        RunHoptac({"--db", Registry(), "--format", "json", "org", "history", code}, dir_);
    const json j = json::parse(o.out, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || j["events"].empty()) {
      error_ = "cannot read the history of " + code;
      return 0;
    }
    return j["events"][0]["id"].get<int64_t>();
  }

  void Build() {
    Run({"init"}, Initialised());
    if (!error_.empty()) return;
    std::filesystem::copy_file(Initialised(), Registry());
    const std::string r = Registry();
    std::vector<std::string> viet_lam = {
        "org",    "add",    "--kind",     "HTX",    "--code",
        kVietLam, "--date", "15/03/2010", "--name", "Hợp tác xã Nông nghiệp Việt Lâm"};
    viet_lam.insert(viet_lam.end(), {"--field", "agriculture", "--unit", "00967", "--address",
                                     "Thôn Khuổi Luông", "--representative", "Nguyễn Văn An"});
    viet_lam.insert(viet_lam.end(), {"--capital", "1.500.000.000", "--model", "HTX toàn thôn",
                                     "--sectors", "Trồng chè, Chăn nuôi"});
    Run(viet_lam, r);
    Run({"org", "add", "--kind", "HTX", "--code", kDongVan, "--date", "2015-01-10", "--name",
         "Hợp tác xã Dịch vụ Đồng Văn", "--field", "non_agriculture", "--unit", "00721"},
        r);
    Run({"event", "add", kDongVan, "--type", "suspended", "--date", "2016-03-01"}, r,
        &ids_.dong_van_suspended);
    Run({"event", "add", kDongVan, "--type", "resumed", "--date", "2017-03-01"}, r,
        &ids_.dong_van_resumed);
    Run({"event", "add", kDongVan, "--type", "amended", "--date", "2018-03-01", "--representative",
         "Lò Văn Sai"},
        r, &ids_.dong_van_amended);
    Run({"event", "void", std::to_string(ids_.dong_van_amended), "--reason", "nhầm người"}, r);
    Found(kDissolved, "HTX", "2012-05-01", "Hợp tác xã Đã Giải Thể");
    Run({"event", "add", kDissolved, "--type", "dissolved_voluntary", "--date", "2018-06-01"}, r);
    Found(kSuspended, "HTX", "2011-01-01", "Hợp tác xã Tạm Ngừng");
    Run({"event", "add", kSuspended, "--type", "suspended", "--date", "2019-01-01"}, r);
    Found(kFlagged, "HTX", "2011-01-01", "Hợp tác xã Vắng Mặt");
    Run({"event", "add", kFlagged, "--type", "flagged_not_at_address", "--date", "2019-01-01"}, r);
    Found(kDissolving, "HTX", "2011-01-01", "Hợp tác xã Đang Giải Thể");
    Run({"event", "add", kDissolving, "--type", "dissolution_started", "--date", "2020-01-01"}, r);
    Found(kGroup, "THT", "2011-01-01", "Tổ hợp tác Rau Sạch");
    Found(kMerged, "HTX", "2011-01-01", "Hợp tác xã Sáp Nhập");
    Run(EventAdd(kMerged, "merged_into", "2019-01-01", {"--related", kVietLam}), r, &ids_.merger);
    ids_.group_founded = FoundingId(kGroup);
    ids_.viet_lam_founded = FoundingId(kVietLam);
    ids_.dong_van_founded = FoundingId(kDongVan);
  }

  testing::TempDir dir_;
  std::string error_;
  ScenarioIds ids_;
};

// A command that must be refused (see the bad-input table).
struct BadInput {
  std::string name;               // gtest name of the case
  std::vector<std::string> args;  // after --db
  std::string field;              // the field, option or event named on stderr
  std::string value;              // the offending value, shown as 'value'
  std::string rule;               // the rule id, when the domain gives one
};

// Each test works on its own copy of a template database.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(Templates::Get().error(), IsEmpty());
    db_ = dir_.File("registry.db");
    std::filesystem::copy_file(Templates::Get().Registry(), db_);
  }

  Outcome Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunHoptac(args, dir_);
  }
  Outcome RunJson(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_, "--format", "json"});
    return RunHoptac(args, dir_);
  }
  // Runs a command that must succeed and print JSON; returns it parsed (null on failure).
  json Json(std::vector<std::string> args) {
    const Outcome o = RunJson(std::move(args));
    EXPECT_EQ(o.exit_code, 0) << o;
    json j = json::parse(o.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << o;
    return j;
  }
  std::string Digest() { return testing::RawSqlite(db_).ContentDigest(); }

  // Exit 3, nothing on stdout, "<field> = '<value>'" and the rule on stderr, the same database.
  void ExpectRefused(const BadInput& c) {
    const std::string before = Digest();
    const Outcome o = Run(c.args);
    EXPECT_EQ(o.exit_code, 3) << o;
    EXPECT_THAT(o.out, IsEmpty()) << o;
    EXPECT_THAT(o.err, HasSubstr(c.field)) << o;
    EXPECT_THAT(o.err, HasSubstr(" = '" + c.value + "'")) << o;
    if (!c.rule.empty()) {
      EXPECT_THAT(o.err, HasSubstr("[rule: " + c.rule + "]")) << o;
    }
    EXPECT_EQ(Digest(), before) << "the database changed";
  }

  const ScenarioIds& ids() const { return Templates::Get().ids(); }

  testing::TempDir dir_;
  std::string db_;
};

std::vector<std::string> CodesOf(const json& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i["registry_code"].get<std::string>());
  return out;
}

// --- Commands that succeed -----------------------------------------------------------------

TEST_F(CliTest, InitCreatesTheDatabaseOnceAndOrgAddRegisters) {
  const std::string fresh = dir_.File("fresh.db");
  Outcome o = RunHoptac({"--db", fresh, "init"}, dir_);
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("administrative unit versions loaded"));
  const std::string loaded = testing::RawSqlite(fresh).Scalar("SELECT count(*) FROM units");
  EXPECT_GT(std::stoi(loaded), 10000);

  o = RunHoptac({"--db", fresh, "init"}, dir_);
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("already loaded"));
  EXPECT_EQ(testing::RawSqlite(fresh).Scalar("SELECT count(*) FROM units"), loaded);

  o = RunHoptac({"--db", fresh, "--user", "Cán bộ A", "org", "add", "--kind", "LHHTX", "--code",
                 kFree, "--date", "2016-02-29", "--name", "Liên hiệp HTX Hà Giang", "--field",
                 "non_agriculture", "--unit", "00967"},
                dir_);
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr(std::string("added ") + kFree));
  EXPECT_THAT(o.err, IsEmpty());
  testing::RawSqlite raw(fresh);
  EXPECT_EQ(raw.Scalar("SELECT kind || ' ' || created_by FROM organisations"), "LHHTX Cán bộ A");
  EXPECT_EQ(raw.Scalar("SELECT type || ' ' || effective_date FROM events"), "founded 2016-02-29");
}

TEST_F(CliTest, OrgShowPrintsTheRegisteredStateAsTableAndJson) {
  Outcome o = Run({"org", "show", kVietLam});
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("Hợp tác xã Nông nghiệp Việt Lâm"));
  EXPECT_THAT(o.out, HasSubstr("Thôn Khuổi Luông, Xã Việt Lâm, Huyện Vị Xuyên, Tỉnh Hà Giang"));
  EXPECT_THAT(o.out, HasSubstr("Nguyễn Văn An"));
  EXPECT_THAT(o.out, HasSubstr("1.500.000.000"));
  EXPECT_THAT(o.out, HasSubstr("15/03/2010"));
  EXPECT_THAT(o.out, HasSubstr("HTX toàn thôn"));

  const json j = Json({"org", "show", kVietLam});
  EXPECT_EQ(j["registry_code"], kVietLam);
  EXPECT_EQ(j["exists"], true);
  EXPECT_EQ(j["kind"], "HTX");
  EXPECT_EQ(j["status"], "operating");
  EXPECT_EQ(j["name"], "Hợp tác xã Nông nghiệp Việt Lâm");
  EXPECT_EQ(j["field"], "agriculture");
  EXPECT_EQ(j["founded_on"], "2010-03-15");
  EXPECT_EQ(j["charter_capital"], 1500000000);
  EXPECT_EQ(j["representative"], "Nguyễn Văn An");
  EXPECT_EQ(j["models"], json::array({"HTX toàn thôn"}));
  EXPECT_EQ(j["sectors"], json::array({"Trồng chè", "Chăn nuôi"}));
  EXPECT_EQ(j["unit"]["code"], "00967");
  EXPECT_EQ(j["unit"]["path"], "Xã Việt Lâm, Huyện Vị Xuyên, Tỉnh Hà Giang");
  ASSERT_FALSE(j["units_now"].empty());
  EXPECT_THAT(j["unit_now_path"].get<std::string>(), HasSubstr("Tỉnh Tuyên Quang"));
  EXPECT_EQ(j["linked_from"], json::array({kMerged}));
  const json merged = Json({"org", "show", kMerged});
  EXPECT_EQ(merged["status"], "ended_by_reorganisation");
  EXPECT_EQ(merged["successors"], json::array({kVietLam}));
}

TEST_F(CliTest, OrgShowAsOfADateFoldsTheHistoryUpToThatDate) {
  EXPECT_EQ(Json({"org", "show", kVietLam, "--as-of", "14/03/2010"})["exists"], false);
  EXPECT_EQ(Json({"org", "show", kDongVan, "--as-of", "2016-06-01"})["status"], "suspended");
  EXPECT_EQ(Json({"org", "show", kDongVan, "--as-of", "2017-03-01"})["status"], "operating");
  const json dissolved = Json({"org", "show", kDissolved});
  EXPECT_EQ(dissolved["status"], "dissolved");
  EXPECT_EQ(dissolved["ended_on"], "2018-06-01");
}

TEST_F(CliTest, OrgListFiltersAndPagesInVietnameseOrder) {
  const json all = Json({"org", "list"});
  EXPECT_THAT(CodesOf(all["items"]), ElementsAre(kDongVan, kDissolved, kDissolving, kVietLam,
                                                 kMerged, kSuspended, kFlagged, kGroup));
  EXPECT_TRUE(all["next"].is_null());
  EXPECT_THAT(CodesOf(Json({"org", "list", "--kind", "THT"})["items"]), ElementsAre(kGroup));
  EXPECT_THAT(CodesOf(Json({"org", "list", "--status", "dissolving"})["items"]),
              ElementsAre(kDissolving));
  EXPECT_THAT(CodesOf(Json({"org", "list", "--field", "non_agriculture"})["items"]),
              ElementsAre(kDongVan));
  EXPECT_THAT(CodesOf(Json({"org", "list", "--model", "HTX toàn thôn"})["items"]),
              ElementsAre(kVietLam));
  EXPECT_THAT(CodesOf(Json({"org", "list", "--unit", "00721"})["items"]), ElementsAre(kDongVan));
  EXPECT_THAT(CodesOf(Json({"org", "list", "--q", "dong van"})["items"]), ElementsAre(kDongVan));
  // Another date: folded from the events.
  EXPECT_THAT(
      CodesOf(Json({"org", "list", "--as-of", "2016-06-01", "--status", "suspended"})["items"]),
      ElementsAre(kDongVan));

  std::vector<std::string> paged;
  std::vector<std::string> args = {"org", "list", "--limit", "3"};
  for (int page = 0; page < 5; ++page) {
    const json j = Json(args);
    for (const auto& code : CodesOf(j["items"])) paged.push_back(code);
    if (j["next"].is_null()) break;
    args = {"org", "list", "--limit", "3", "--after", j["next"].get<std::string>()};
  }
  EXPECT_EQ(paged, CodesOf(all["items"]));

  const Outcome table = Run({"org", "list", "--status", "suspended"});
  ASSERT_EQ(table.exit_code, 0) << table;
  EXPECT_THAT(table.out, HasSubstr("Hợp tác xã Tạm Ngừng"));
  EXPECT_THAT(table.out, HasSubstr("1 tổ chức"));
}

TEST_F(CliTest, OrgSearchIgnoresDiacriticsAndMatchesCodePrefixes) {
  const Outcome o = Run({"org", "search", "viet lam"});
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("Hợp tác xã Nông nghiệp Việt Lâm"));
  EXPECT_THAT(CodesOf(Json({"org", "search", "viet lam"})["items"]), ElementsAre(kVietLam));
  EXPECT_THAT(CodesOf(Json({"org", "search", "VIỆT LÂM"})["items"]), ElementsAre(kVietLam));
  EXPECT_THAT(CodesOf(Json({"org", "search", "510012"})["items"]), ElementsAre(kVietLam));
  EXPECT_THAT(Json({"org", "search", "khong co"})["items"], IsEmpty());
}

TEST_F(CliTest, OrgHistoryListsEventsInOrderWithTheVoidedOneMarked) {
  const json j = Json({"org", "history", kDongVan});
  EXPECT_EQ(j["registry_code"], kDongVan);
  std::vector<std::string> types, dates;
  for (const auto& e : j["events"]) {
    types.push_back(e["type"].get<std::string>());
    dates.push_back(e["effective_date"].get<std::string>());
  }
  EXPECT_THAT(types, ElementsAre("founded", "suspended", "resumed", "amended"));
  EXPECT_THAT(dates, ElementsAre("2015-01-10", "2016-03-01", "2017-03-01", "2018-03-01"));
  ASSERT_EQ(j["events"].size(), 4u);
  EXPECT_TRUE(j["events"][2]["voided"].is_null());
  EXPECT_EQ(j["events"][3]["id"], ids().dong_van_amended);
  EXPECT_EQ(j["events"][3]["voided"]["reason"], "nhầm người");
  EXPECT_EQ(j["events"][3]["changes"]["representative"], "Lò Văn Sai");

  const Outcome table = Run({"org", "history", kDongVan});
  ASSERT_EQ(table.exit_code, 0) << table;
  std::istringstream lines(table.out);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 7u) << table;  // code, header, rule, four events
  EXPECT_THAT(rows[3], HasSubstr("founded"));
  EXPECT_THAT(rows[4], HasSubstr("suspended"));
  EXPECT_THAT(rows[5], Not(HasSubstr("HỦY")));
  EXPECT_THAT(rows[6], HasSubstr("amended"));
  EXPECT_THAT(rows[6], HasSubstr("HỦY"));
  EXPECT_THAT(rows[6], HasSubstr("nhầm người"));
  // The voided representative was never in force.
  EXPECT_EQ(Json({"org", "show", kDongVan})["representative"], "");
}

TEST_F(CliTest, EventAddVoidAndCorrectChangeTheFoldedState) {
  Outcome o = Run({"event", "add", kVietLam, "--type", "amended", "--date", "2020-01-02",
                   "--representative", "Trần Thị Bình", "--decision-no", "05/NQ-ĐHTV"});
  ASSERT_EQ(o.exit_code, 0) << o;
  const int64_t wrong = RecordedId(o.out);
  ASSERT_GT(wrong, 0) << o;
  EXPECT_EQ(Json({"org", "show", kVietLam})["representative"], "Trần Thị Bình");

  o = Run({"event", "correct", std::to_string(wrong), "--reason", "sai tên", "--type", "amended",
           "--date", "2020-01-02", "--representative", "Trần Thị Bích"});
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("voided event " + std::to_string(wrong)));
  EXPECT_EQ(Json({"org", "show", kVietLam})["representative"], "Trần Thị Bích");
  const json h = Json({"org", "history", kVietLam});
  ASSERT_EQ(h["events"].size(), 3u);
  EXPECT_EQ(h["events"][1]["id"], wrong);
  EXPECT_EQ(h["events"][1]["voided"]["reason"], "sai tên");
  EXPECT_EQ(h["events"][2]["changes"]["representative"], "Trần Thị Bích");
  EXPECT_TRUE(h["events"][2]["voided"].is_null());

  o = Run({"event", "add", kVietLam, "--type", "suspended", "--date", "2021-05-01"});
  ASSERT_EQ(o.exit_code, 0) << o;
  const int64_t suspended = RecordedId(o.out);
  EXPECT_EQ(Json({"org", "show", kVietLam})["status"], "suspended");
  const std::string suspension_recorded =
      Json({"org", "history", kVietLam})["events"][3]["recorded_at"];
  o = Run({"event", "void", std::to_string(suspended), "--reason", "không có quyết định"});
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_EQ(Json({"org", "show", kVietLam})["status"], "operating");
  // As known before the void, it was suspended: the void is a record, not an erasure.
  EXPECT_EQ(Json({"org", "show", kVietLam, "--known-at", suspension_recorded})["status"],
            "suspended");
}

TEST_F(CliTest, FiguresSetRecordsRevisionsAndShowPrintsTheLatest) {
  Outcome o = Run({"figures",
                   "set",
                   kVietLam,
                   "--year",
                   "2020",
                   "--members",
                   "120",
                   "--members-individual",
                   "100",
                   "--workers",
                   "30",
                   "--revenue",
                   "2.000.000.000",
                   "--profit=-350.000.000",
                   "--rating",
                   "kha",
                   "--rating-scheme",
                   "TT01/2020",
                   "--source",
                   "báo cáo năm"});
  ASSERT_EQ(o.exit_code, 0) << o;
  json j = Json({"figures", "show", kVietLam});
  ASSERT_EQ(j["figures"].size(), 1u);
  const std::string first_recorded = j["figures"][0]["recorded_at"];
  o = Run({"figures", "set", kVietLam, "--year", "2020", "--members", "125", "--profit", "0"});
  ASSERT_EQ(o.exit_code, 0) << o;

  j = Json({"figures", "show", kVietLam});
  EXPECT_EQ(j["registry_code"], kVietLam);
  ASSERT_EQ(j["figures"].size(), 1u);
  EXPECT_EQ(j["figures"][0]["year"], 2020);
  EXPECT_EQ(j["figures"][0]["members"], 125);
  EXPECT_EQ(j["figures"][0]["profit_before_tax"], 0);
  EXPECT_TRUE(j["figures"][0]["rating"].is_null());

  j = Json({"figures", "show", kVietLam, "--known-at", first_recorded});
  ASSERT_EQ(j["figures"].size(), 1u);
  const json& y = j["figures"][0];
  EXPECT_EQ(y["members"], 120);
  EXPECT_EQ(y["members_individual"], 100);
  EXPECT_EQ(y["workers"], 30);
  EXPECT_EQ(y["revenue"], 2000000000LL);
  EXPECT_EQ(y["profit_before_tax"], -350000000LL);
  EXPECT_EQ(y["rating"], "kha");
  EXPECT_EQ(y["rating_scheme"], "TT01/2020");
  EXPECT_EQ(y["source"], "báo cáo năm");

  const Outcome table = Run({"figures", "show", kVietLam});
  ASSERT_EQ(table.exit_code, 0) << table;
  EXPECT_THAT(table.out, HasSubstr("2020"));
  EXPECT_THAT(table.out, HasSubstr("125"));
}

TEST_F(CliTest, UnitsSearchFindsDongVanWithoutDiacritics) {
  const Outcome o = Run({"units", "search", "dong van"});
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("Huyện Đồng Văn"));
  const json j = Json({"units", "search", "huyen dong van"});
  ASSERT_TRUE(j.is_array());
  bool district = false;
  for (const auto& u : j) {
    if (u["code"] == "026" && u["name"] == "Huyện Đồng Văn" && u["level"] == "district") {
      district = true;
    }
  }
  EXPECT_TRUE(district) << j.dump(2);
  const json show = Json({"units", "show", "00967", "--as-of", "2016-01-01"});
  ASSERT_TRUE(show.is_array() && !show.empty());
  EXPECT_EQ(show[0]["name"], "Xã Việt Lâm");
  EXPECT_EQ(show[0]["parent_code"], "030");
}

TEST_F(CliTest, SummaryCountsWhatTheDatabaseHolds) {
  const Outcome o = Run({"summary"});
  ASSERT_EQ(o.exit_code, 0) << o;
  EXPECT_THAT(o.out, HasSubstr("8 organisations"));
  EXPECT_THAT(o.out, HasSubstr("(1 voided)"));
}

TEST_F(CliTest, HelpOfEveryCommandAndSubcommandExitsZero) {
  const std::vector<std::vector<std::string>> commands = {
      {},
      {"init"},
      {"units"},
      {"units", "load"},
      {"units", "show"},
      {"units", "search"},
      {"org"},
      {"org", "add"},
      {"org", "show"},
      {"org", "list"},
      {"org", "search"},
      {"org", "history"},
      {"event"},
      {"event", "add"},
      {"event", "void"},
      {"event", "correct"},
      {"figures"},
      {"figures", "set"},
      {"figures", "show"},
      {"summary"},
  };
  const std::string before = Digest();
  for (const auto& command : commands) {
    for (const char* flag : {"--help", "-h"}) {
      std::vector<std::string> args = command;
      args.push_back(flag);
      const Outcome o = Run(args);
      std::string name = "hoptac";
      for (const auto& c : command) name += " " + c;
      EXPECT_EQ(o.exit_code, 0) << name << " " << flag << "\n" << o;
      EXPECT_THAT(o.out, HasSubstr("Usage:")) << name;
      EXPECT_THAT(o.err, IsEmpty()) << name;
    }
  }
  EXPECT_EQ(Digest(), before);
}

// --- Usage errors: exit 2, nothing written -------------------------------------------------

TEST_F(CliTest, UsageErrorsExitTwoAndWriteNothing) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"event"},
      {"org", "add", "--kind", "HTX", "--code", kFree, "--date", "2016-01-01", "--frobnicate"},
      {"event", "add", kVietLam, "--date", "2016-01-01"},               // --type is required
      {"event", "add", "--type", "suspended", "--date", "2016-01-01"},  // the code is required
      {"event", "void", "abc", "--reason", "x"},
      {"event", "void", "1"},  // --reason is required
      {"figures", "set", kVietLam, "--year", "hai nghìn"},
      {"org", "show"},
  };
  const std::string before = Digest();
  for (const auto& args : cases) {
    std::string name;
    for (const auto& a : args) name += a + " ";
    const Outcome o = Run(args);
    EXPECT_EQ(o.exit_code, 2) << name << "\n" << o;
    EXPECT_THAT(o.err, Not(IsEmpty())) << name;
  }
  EXPECT_EQ(Digest(), before);
}

// --- Bad input: exit 3, the field, the value and the rule named, nothing written -----------

std::ostream& operator<<(std::ostream& os, const BadInput& c) { return os << c.name; }

std::vector<std::string> OrgAdd(std::vector<std::string> overrides) {
  std::map<std::string, std::string> opts = {
      {"--kind", "HTX"},          {"--code", kFree},
      {"--date", "2016-01-01"},   {"--name", "Hợp tác xã Mới"},
      {"--field", "agriculture"}, {"--unit", "00967"}};
  for (size_t i = 0; i + 1 < overrides.size(); i += 2) {
    if (overrides[i + 1] == "<none>") {
      opts.erase(overrides[i]);
    } else {
      opts[overrides[i]] = overrides[i + 1];
    }
  }
  std::vector<std::string> args = {"org", "add"};
  for (const auto& [k, v] : opts) {
    args.push_back(k);
    args.push_back(v);
  }
  return args;
}

// An event is named on stderr by its type and date: "event #2 (new) (resumed, 2016-01-01)".
std::string Ref(const std::string& type, const std::string& date) {
  return "(" + type + ", " + date + ")";
}

// Illegal placements: at least one for every event type (checked by the test below the table).
const std::vector<BadInput>& LifecycleCases() {
  static const auto* cases = new std::vector<BadInput>{
      {"FoundedTwice",
       EventAdd(kVietLam, "founded", "2012-01-01",
                {"--name", "X", "--field", "agriculture", "--unit", "00967"}),
       Ref("founded", "2012-01-01"), "founded", "lifecycle.single_founding"},
      {"RegisteredBeforeFounding", EventAdd(kVietLam, "registered", "2009-12-31"),
       Ref("registered", "2009-12-31"), "registered", "lifecycle.first_event_founded"},
      {"Reregistered2012FoundedAfterTheLaw", EventAdd(kDongVan, "reregistered_2012", "2016-01-01"),
       Ref("reregistered_2012", "2016-01-01"), "reregistered_2012",
       "lifecycle.reregister_2012_founded_before_law"},
      {"Reregistered2012ByACooperativeGroup", EventAdd(kGroup, "reregistered_2012", "2014-01-01"),
       Ref("reregistered_2012", "2014-01-01"), "reregistered_2012",
       "lifecycle.reregister_2012_kind"},
      {"Reregistered2012BeforeTheLaw", EventAdd(kVietLam, "reregistered_2012", "2013-06-30"),
       Ref("reregistered_2012", "2013-06-30"), "reregistered_2012",
       "lifecycle.reregister_2012_after_law"},
      {"AmendedWithoutAChange", EventAdd(kVietLam, "amended", "2016-01-01"),
       Ref("amended", "2016-01-01"), "", "event.amended_requires_change"},
      {"AmendedMovingTheHeadOffice",
       EventAdd(kVietLam, "amended", "2016-01-01", {"--unit", "00721"}),
       Ref("amended", "2016-01-01"), "00721", "event.amended_no_address"},
      {"AmendedWhileDissolving",
       EventAdd(kDissolving, "amended", "2021-01-01", {"--representative", "X"}),
       Ref("amended", "2021-01-01"), "amended", "lifecycle.dissolving_only_ends"},
      {"RelocatedWithoutAUnit", EventAdd(kVietLam, "relocated", "2016-01-01"),
       Ref("relocated", "2016-01-01"), "", "event.relocated_requires_unit"},
      {"SuspendedWhenSuspended", EventAdd(kSuspended, "suspended", "2020-01-01"),
       Ref("suspended", "2020-01-01"), "suspended", "lifecycle.suspend_requires_operating"},
      {"SuspendedChangingTheName",
       EventAdd(kVietLam, "suspended", "2016-01-01", {"--name", "Tên mới"}),
       Ref("suspended", "2016-01-01"), "suspended", "event.no_changes"},
      {"ResumedWhenOperating", EventAdd(kVietLam, "resumed", "2016-01-01"),
       Ref("resumed", "2016-01-01"), "resumed", "lifecycle.resume_requires_suspended"},
      {"FlaggedTwice", EventAdd(kFlagged, "flagged_not_at_address", "2020-01-01"),
       Ref("flagged_not_at_address", "2020-01-01"), "flagged_not_at_address",
       "lifecycle.flag_once"},
      {"ClearedWhenNotFlagged", EventAdd(kVietLam, "cleared_not_at_address", "2016-01-01"),
       Ref("cleared_not_at_address", "2016-01-01"), "cleared_not_at_address",
       "lifecycle.clear_requires_flag"},
      {"DissolutionStartedInTheFuture", EventAdd(kVietLam, "dissolution_started", "2999-01-01"),
       Ref("dissolution_started", "2999-01-01"), "2999-01-01", "event.future"},
      {"DissolvedVoluntaryAfterDissolution",
       EventAdd(kDissolved, "dissolved_voluntary", "2019-01-01"),
       Ref("dissolved_voluntary", "2019-01-01"), "dissolved_voluntary", "lifecycle.after_end"},
      {"DissolvedForcedWithoutGround", EventAdd(kVietLam, "dissolved_forced", "2016-01-01"),
       Ref("dissolved_forced", "2016-01-01"), "", "event.ground_required"},
      {"CertificateRevokedWhileDissolving",
       EventAdd(kDissolving, "certificate_revoked", "2021-01-01"),
       Ref("certificate_revoked", "2021-01-01"), "certificate_revoked",
       "lifecycle.dissolving_only_ends"},
      {"MergedIntoAMissingOrganisation",
       EventAdd(kVietLam, "merged_into", "2016-01-01", {"--related", kUnregistered}), "related",
       kUnregistered, "event.related_exists"},
      {"MergedIntoADissolvedOrganisation",
       EventAdd(kVietLam, "merged_into", "2019-01-01", {"--related", kDissolved}),
       Ref("merged_into", "2019-01-01"), kDissolved, "event.related_active"},
      {"MergedIntoAnOrganisationNotYetFounded",
       EventAdd(kVietLam, "merged_into", "2014-01-01", {"--related", kDongVan}),
       Ref("merged_into", "2014-01-01"), kDongVan, "event.related_founded"},
      {"ConsolidatedIntoNothing", EventAdd(kVietLam, "consolidated_into", "2016-01-01"),
       Ref("consolidated_into", "2016-01-01"), "0", "event.related_count"},
      {"DividedIntoOneSuccessor",
       EventAdd(kVietLam, "divided_into", "2016-01-01", {"--related", kDongVan}),
       Ref("divided_into", "2016-01-01"), "1", "event.related_count"},
      {"DividedIntoItself",
       EventAdd(kVietLam, "divided_into", "2016-01-01",
                {"--related", kVietLam, "--related", kGroup}),
       Ref("divided_into", "2016-01-01"), "1", "event.related_self"},
      {"SeparatedFromADissolvedParent",
       EventAdd(kVietLam, "separated_from", "2019-01-01", {"--related", kDissolved}),
       Ref("separated_from", "2019-01-01"), kDissolved, "event.related_active"},
      {"BankruptAfterDissolution", EventAdd(kDissolved, "bankrupt", "2019-01-01"),
       Ref("bankrupt", "2019-01-01"), "bankrupt", "lifecycle.after_end"},
      {"BankruptBeforeFounding", EventAdd(kVietLam, "bankrupt", "2010-03-14"),
       Ref("bankrupt", "2010-03-14"), "bankrupt", "lifecycle.first_event_founded"},
      {"ConvertedToEnterpriseWithAGround",
       EventAdd(kVietLam, "converted_to_enterprise", "2016-01-01", {"--ground", "court_decision"}),
       Ref("converted_to_enterprise", "2016-01-01"), "court_decision", "event.ground_not_allowed"},
      {"CharterAmended2023BeforeTheLaw", EventAdd(kVietLam, "charter_amended_2023", "2024-06-30"),
       Ref("charter_amended_2023", "2024-06-30"), "charter_amended_2023",
       "lifecycle.charter_2023_after_law"},
      {"CharterAmended2023ByACooperativeGroup",
       EventAdd(kGroup, "charter_amended_2023", "2024-07-01"),
       Ref("charter_amended_2023", "2024-07-01"), "charter_amended_2023",
       "lifecycle.charter_2023_kind"},
      {"DissolvedBeforeAMergerIntoIt", EventAdd(kVietLam, "dissolved_voluntary", "2018-01-01"),
       Ref("merged_into", "2019-01-01"), kVietLam, "event.related_active"},
      {"DecisionDatedInTheFuture",
       EventAdd(kVietLam, "amended", "2016-01-01",
                {"--representative", "X", "--decision-date", "2999-01-01"}),
       Ref("amended", "2016-01-01"), "2999-01-01", "event.decision_future"},
  };
  return *cases;
}

// Parse failures, units, codes, amounts, vocabularies, figures, voids and read options.
const std::vector<BadInput>& InputCases() {
  static const auto* cases = new std::vector<BadInput>{
      // Registry codes.
      {"CodeWithAWrongCheckDigit", OrgAdd({"--code", "5100123453"}), "--code", "5100123453",
       "registry_code.check_digit"},
      {"CodeOfNineDigits", OrgAdd({"--code", "510012345"}), "--code", "510012345",
       "registry_code.format"},
      {"CodeWithLetters", OrgAdd({"--code", "51001234AB"}), "--code", "51001234AB",
       "registry_code.format"},
      {"CodeEmpty", OrgAdd({"--code", ""}), "--code", "", "registry_code.required"},
      {"LegacyCodeTooShort",
       [] {
         auto a = OrgAdd({"--code", "ab"});
         a.push_back("--legacy-code");
         return a;
       }(),
       "--code", "ab", "registry_code.legacy_format"},
      {"RelatedCodeMalformed", EventAdd(kVietLam, "merged_into", "2016-01-01", {"--related", "12"}),
       "--related", "12", "registry_code.legacy_format"},
      {"CodeAlreadyRegistered", OrgAdd({"--code", kVietLam}), "registry_code", kVietLam, ""},
      {"EventOfAnUnregisteredCode", EventAdd(kUnregistered, "suspended", "2016-01-01"),
       "registry_code", kUnregistered, ""},
      // Dates.
      {"Date31February", EventAdd(kVietLam, "suspended", "31/02/2016"), "--date", "31/02/2016",
       "date.calendar"},
      {"DateMonth13", EventAdd(kVietLam, "suspended", "2016-13-01"), "--date", "2016-13-01",
       "date.calendar"},
      {"DateEmpty", EventAdd(kVietLam, "suspended", ""), "--date", "", "date.format"},
      {"DateInWords", EventAdd(kVietLam, "suspended", "hôm qua"), "--date", "hôm qua",
       "date.format"},
      {"FoundingOn29February2015", OrgAdd({"--date", "29/02/2015"}), "--date", "29/02/2015",
       "date.calendar"},
      {"FoundingInTheFuture", OrgAdd({"--date", "2999-01-01"}), Ref("founded", "2999-01-01"),
       "2999-01-01", "event.future"},
      {"DecisionDate30February",
       EventAdd(kVietLam, "suspended", "2016-01-01", {"--decision-date", "2016-02-30"}),
       "--decision-date", "2016-02-30", "date.calendar"},
      {"RecordedInTheFuture",
       EventAdd(kVietLam, "amended", "2016-01-01",
                {"--representative", "X", "--recorded-at", "2999-01-01T00:00:00Z"}),
       "recorded_at", "2999-01-01T00:00:00.000000Z", "event.recorded_future"},
      {"RecordedBeforeItTookEffect",
       EventAdd(kVietLam, "amended", "2016-01-01",
                {"--representative", "X", "--recorded-at", "2015-12-31"}),
       "recorded_at", "2015-12-31T23:59:59.999999Z", "event.recorded_before_effective"},
      {"RecordedAtGarbage",
       EventAdd(kVietLam, "amended", "2016-01-01", {"--representative", "X", "--recorded-at", "x"}),
       "--recorded-at", "x", "time.format"},
      // Units.
      {"UnknownUnit", EventAdd(kVietLam, "relocated", "2016-01-01", {"--unit", "99999"}),
       Ref("relocated", "2016-01-01"), "99999", "event.unit_exists"},
      {"UnknownUnitAtFounding", OrgAdd({"--unit", "99999"}), Ref("founded", "2016-01-01"), "99999",
       "event.unit_exists"},
      {"Unit2025OnlyUsedIn2016", EventAdd(kVietLam, "relocated", "2016-01-01", {"--unit", "11948"}),
       Ref("relocated", "2016-01-01"), "11948", "event.unit_valid_on_date"},
      {"Unit2024OnlyUsedAfterTheReform",
       EventAdd(kVietLam, "relocated", "2025-08-01", {"--unit", "00001"}),
       Ref("relocated", "2025-08-01"), "00001", "event.unit_valid_on_date"},
      {"DistrictAsHeadOffice", EventAdd(kVietLam, "relocated", "2016-01-01", {"--unit", "030"}),
       Ref("relocated", "2016-01-01"), "030", "event.unit_commune_level"},
      {"ProvinceAsHeadOfficeAtFounding", OrgAdd({"--unit", "02"}), Ref("founded", "2016-01-01"),
       "02", "event.unit_commune_level"},
      {"UnitCodeMalformed", EventAdd(kVietLam, "relocated", "2016-01-01", {"--unit", "9a"}),
       "--unit", "9a", "unit.code"},
      // Amounts.
      {"NegativeCapital", EventAdd(kVietLam, "amended", "2016-01-01", {"--capital=-5"}),
       "--capital", "-5", "--capital.non_negative"},
      {"NegativeCapitalAsSeparateArgument",
       EventAdd(kVietLam, "amended", "2016-01-01", {"--capital", "-5"}), "--capital", "-5",
       "--capital.non_negative"},
      {"NegativeCapitalAtFounding", OrgAdd({"--capital", "-1.000"}), "--capital", "-1.000",
       "--capital.non_negative"},
      {"CapitalWithADecimalComma",
       EventAdd(kVietLam, "amended", "2016-01-01", {"--capital", "1,5"}), "--capital", "1,5",
       "money.format"},
      {"CapitalInWords", EventAdd(kVietLam, "amended", "2016-01-01", {"--capital", "một tỷ"}),
       "--capital", "một tỷ", "money.format"},
      // Vocabularies.
      {"UnknownKind", OrgAdd({"--kind", "XYZ"}), "--kind", "XYZ", "kind.known"},
      {"UnknownField", EventAdd(kVietLam, "amended", "2016-01-01", {"--field", "forestry"}),
       "--field", "forestry", "field.known"},
      {"UnknownEventType", EventAdd(kVietLam, "XYZ", "2016-01-01"), "--type", "XYZ",
       "event_type.known"},
      {"UnknownGround",
       EventAdd(kVietLam, "dissolved_forced", "2016-01-01", {"--ground", "bad_luck"}), "--ground",
       "bad_luck", "ground.known"},
      {"CreditFundOutsideCredit", OrgAdd({"--kind", "QTDND"}), Ref("founded", "2016-01-01"),
       "agriculture", "kind.qtdnd_credit"},
      // Names.
      {"FoundingWithoutAName", OrgAdd({"--name", "<none>"}), Ref("founded", "2016-01-01"), "",
       "event.founded_requires_name"},
      {"FoundingWithoutAField", OrgAdd({"--field", "<none>"}), Ref("founded", "2016-01-01"), "",
       "event.founded_requires_field"},
      {"FoundingWithoutAUnit", OrgAdd({"--unit", "<none>"}), Ref("founded", "2016-01-01"), "",
       "event.founded_requires_unit"},
      {"EmptyName", EventAdd(kVietLam, "amended", "2016-01-01", {"--name", "  "}),
       Ref("amended", "2016-01-01"), "", "event.name_empty"},
      {"NameNotUtf8", EventAdd(kVietLam, "amended", "2016-01-01", {"--name", "Hợp tác xã \xff"}),
       "name", "(bytes that are not UTF-8)", "text.utf8"},
      // Figures.
      {"FiguresYearBefore1990",
       {"figures", "set", kVietLam, "--year", "1989"},
       "year",
       "1989",
       "figures.year_range"},
      {"FiguresYearInTheFuture",
       {"figures", "set", kVietLam, "--year", "2999"},
       "year",
       "2999",
       "figures.year_range"},
      {"FiguresYearBeforeFounding",
       {"figures", "set", kVietLam, "--year", "2009"},
       "year",
       "2009",
       "figures.year_after_founding"},
      {"FiguresNegativeMembers",
       {"figures", "set", kVietLam, "--year", "2020", "--members=-5"},
       "members",
       "-5",
       "members.non_negative"},
      {"FiguresNegativeRevenue",
       {"figures", "set", kVietLam, "--year", "2020", "--revenue=-1.000"},
       "revenue",
       "-1000",
       "revenue.non_negative"},
      {"FiguresMemberPartsAboveTotal",
       {"figures", "set", kVietLam, "--year", "2020", "--members", "5", "--members-household", "9"},
       "members",
       "5",
       "figures.member_parts"},
      {"FiguresUnknownRating",
       {"figures", "set", kVietLam, "--year", "2020", "--rating", "xuat_sac"},
       "--rating",
       "xuat_sac",
       "rating.known"},
      {"FiguresRevenueWithADecimalComma",
       {"figures", "set", kVietLam, "--year", "2020", "--revenue", "1,5"},
       "--revenue",
       "1,5",
       "money.format"},
      {"FiguresOfAnUnregisteredCode",
       {"figures", "set", kUnregistered, "--year", "2020"},
       "registry_code",
       kUnregistered,
       ""},
      // Voids and corrections.
      {"VoidOfAnUnknownEvent",
       {"event", "void", "99999", "--reason", "x"},
       "event_id",
       "99999",
       ""},
      {"VoidWithoutAReason", {"event", "void", "1", "--reason", " "}, "reason", "", "void.reason"},
      {"CorrectionOfAnUnknownEvent",
       {"event", "correct", "99999", "--reason", "x", "--type", "amended", "--date", "2016-01-01",
        "--name", "Y"},
       "event_id",
       "99999",
       ""},
      // Read commands.
      {"UnknownOutputFormat",
       {"--format", "xml", "org", "show", kVietLam},
       "--format",
       "xml",
       "format.known"},
      {"ShowAsOfAnImpossibleDate",
       {"org", "show", kVietLam, "--as-of", "31/02/2016"},
       "--as-of",
       "31/02/2016",
       "date.calendar"},
      {"ShowOfAnUnregisteredCode",
       {"org", "show", kUnregistered},
       "registry_code",
       kUnregistered,
       ""},
      {"ListWithAnUnknownStatus",
       {"org", "list", "--status", "flying"},
       "--status",
       "flying",
       "status.known"},
      {"ListInAnUnknownUnit", {"org", "list", "--unit", "99999"}, "unit", "99999", "unit.exists"},
      {"HistoryOfAnUnregisteredCode",
       {"org", "history", kUnregistered},
       "registry_code",
       kUnregistered,
       ""},
  };
  return *cases;
}

// Voids whose ids come from the shared registry (built at run time).
std::vector<BadInput> VoidCases(const ScenarioIds& ids) {
  return {
      {"VoidOfAVoidedEvent",
       {"event", "void", std::to_string(ids.dong_van_amended), "--reason", "again"},
       "event_id",
       std::to_string(ids.dong_van_amended),
       ""},
      {"VoidOfTheOnlyFounding",
       {"event", "void", std::to_string(ids.group_founded), "--reason", "nhầm"},
       "event_id",
       std::to_string(ids.group_founded),
       "void.keeps_founding"},
      {"VoidLeavingAResumptionWithoutSuspension",
       {"event", "void", std::to_string(ids.dong_van_suspended), "--reason", "nhầm"},
       Ref("resumed", "2017-03-01"),
       "resumed",
       "lifecycle.resume_requires_suspended"},
      {"CorrectionIntoAnIllegalEvent",
       {"event", "correct", std::to_string(ids.dong_van_resumed), "--reason", "nhầm", "--type",
        "cleared_not_at_address", "--date", "2017-03-01"},
       Ref("cleared_not_at_address", "2017-03-01"),
       "cleared_not_at_address",
       "lifecycle.clear_requires_flag"},
      {"CorrectionMovingTheFoundingOfASuccessorAfterItsMerger",
       {"event", "correct", std::to_string(ids.viet_lam_founded), "--reason", "nhầm ngày", "--type",
        "founded", "--date", "2019-06-01", "--name", "Hợp tác xã Việt Lâm", "--field",
        "agriculture", "--unit", "00967"},
       Ref("merged_into", "2019-01-01"),
       kVietLam,
       "event.related_founded"},
      {"CorrectionOfTheFoundingIntoAnotherType",
       {"event", "correct", std::to_string(ids.dong_van_founded), "--reason", "nhầm", "--type",
        "registered", "--date", "2015-01-10"},
       Ref("registered", "2015-01-10"),
       "registered",
       "lifecycle.first_event_founded"},
  };
}

class BadInputTest : public CliTest, public ::testing::WithParamInterface<BadInput> {};

std::string CaseName(const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; }

TEST_P(BadInputTest, ExitsThreeNamesTheFieldValueAndRuleAndWritesNothing) {
  ExpectRefused(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, BadInputTest, ::testing::ValuesIn(LifecycleCases()), CaseName);
INSTANTIATE_TEST_SUITE_P(Input, BadInputTest, ::testing::ValuesIn(InputCases()), CaseName);

TEST_F(CliTest, RefusedVoidsAndCorrectionsWriteNothing) {
  for (const BadInput& c : VoidCases(ids())) {
    SCOPED_TRACE(c.name);
    ExpectRefused(c);
  }
}

TEST(BadInputTable, PlacesEveryEventTypeIllegallyAtLeastOnce) {
  std::set<std::string> covered;
  for (const BadInput& c : LifecycleCases()) {
    const auto type = std::find(c.args.begin(), c.args.end(), "--type");
    ASSERT_NE(type, c.args.end()) << c.name;
    covered.insert(*(type + 1));
  }
  std::set<std::string> all;
  for (domain::EventType t : domain::AllEventTypes()) all.insert(domain::Id(t));
  EXPECT_EQ(covered, all);
}

}  // namespace
}  // namespace hoptac
