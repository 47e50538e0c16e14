// Black-box tests of `hoptac db migrate` and `hoptac db copy` on both backends: the demo province
// (with a member register and API tokens added) in SQLite, copied to a fresh PostgreSQL database
// (the server of $HOPTAC_TEST_PG_URL; these tests fail without it) and back into a new SQLite
// file. The three databases give byte-identical backups, both copies print the same counts and
// checksum, a target that holds anything is refused and left as it was, and bad URLs are named.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "api_support.hpp"
#include "pg_test_database.hpp"
#include "temp_dir.hpp"

namespace hoptac::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `hoptac backup export` of `db`: the whole database as bytes.
std::string Export(const TempDir& dir, const std::string& db, const std::string& name) {
  const std::string file = dir.File(name);
  std::string out;
  EXPECT_EQ(RunHoptac({"backup", "export", "--db", db, "-o", file}, &out), 0) << out;
  return ReadFile(file);
}

// The lines of a copy's report from the counts to the checksum (without the first line, which
// names the two databases).
std::string CountsAndChecksum(const std::string& out) { return out.substr(out.find('\n') + 1); }

class DbCopyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    demo_ = dir_->File("demo.db");
    ASSERT_EQ(RunHoptac({"demo", "--db", demo_}), 0);
    // What the demo has not: members (one left), API tokens (one revoked).
    ASSERT_EQ(RunHoptac({"member", "add", "5100086384", "--no", "1", "--name", "Nguyễn Văn Đức",
                         "--joined", "2019-03-01", "--capital", "5000000", "--db", demo_}),
              0);
    ASSERT_EQ(RunHoptac({"member", "add", "5100086384", "--no", "2", "--name", "Hộ bà Lò Thị Mai",
                         "--type", "household", "--joined", "2019-03-01", "--db", demo_}),
              0);
    ASSERT_EQ(RunHoptac({"member", "leave", "5100086384", "2", "--date", "2023-06-30", "--reason",
                         "chuyển đi", "--db", demo_}),
              0);
    ASSERT_EQ(RunHoptac({"user", "token", "admin", "--name", "reports", "--db", demo_}), 0);
    ASSERT_EQ(RunHoptac({"user", "token", "admin", "--name", "old", "--db", demo_}), 0);
    std::string list;
    ASSERT_EQ(RunHoptac({"user", "tokens", "admin", "--db", demo_}, &list), 0);
    const std::string id = list.substr(list.find_first_of("0123456789"), 1);
    ASSERT_EQ(RunHoptac({"user", "revoke", id, "--db", demo_}), 0);
  }
  static void TearDownTestSuite() { delete dir_; }

  static inline TempDir* dir_ = nullptr;
  static inline std::string demo_;
};

TEST_F(DbCopyTest, SqliteToPostgresAndBackIsExact) {
  PgTestDatabase pg;
  ASSERT_FALSE(pg.url().empty()) << pg.error();
  std::string there, back;
  ASSERT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to", pg.url()}, &there), 0) << there;
  const std::string copy = dir_->File("back.db");
  ASSERT_EQ(RunHoptac({"db", "copy", "--from", pg.url(), "--to", "sqlite:" + copy}, &back), 0)
      << back;

  // The counts printed: every kind present, the same on both sides of both copies.
  EXPECT_NE(there.find("(SQLite) to postgresql://"), std::string::npos) << there;
  EXPECT_NE(back.find("(PostgreSQL) to sqlite:"), std::string::npos) << back;
  // Every kind present (the demo's member registers, market and Alliance's work; the two
  // members and two tokens added above), the same number on both sides.
  for (const std::string kind : {"members", "api tokens", "products", "zones", "demands",
                                 "programmes", "partner offers", "Alliance work"}) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(there, m, std::regex("\n  " + kind + " +([0-9]+) +([0-9]+)\n")))
        << kind << " is not among the counts:\n"
        << there;
    EXPECT_GT(std::stoll(m[1]), 0) << kind;
    EXPECT_EQ(m[1], m[2]) << kind;
  }
  EXPECT_NE(there.find("  api tokens              2         2\n"), std::string::npos) << there;
  EXPECT_EQ(CountsAndChecksum(there), CountsAndChecksum(back));

  // The three databases hold the same, to the byte: ids, times, hashes, voids, the audit log.
  const std::string a = Export(*dir_, demo_, "a.json");
  const std::string b = Export(*dir_, pg.url(), "b.json");
  const std::string c = Export(*dir_, copy, "c.json");
  ASSERT_GT(a.size(), 1000000u);
  EXPECT_TRUE(a == b) << "the PostgreSQL copy differs from the SQLite original";
  EXPECT_TRUE(a == c) << "the SQLite copy of the PostgreSQL copy differs from the original";
  EXPECT_NE(a.find("\"void\":"), std::string::npos);
  EXPECT_NE(a.find("\"related\":[7,8]"), std::string::npos);
  EXPECT_NE(a.find("\"revoked_at\":"), std::string::npos);
  EXPECT_NE(a.find("\"password_hash\":\"$argon2"), std::string::npos);

  // The checksum printed is the one of the backup stream (of `backup export`).
  std::string sum;
  ASSERT_EQ(RunHoptac({"db", "copy", "--from", copy, "--to", dir_->File("third.db")}, &sum), 0);
  EXPECT_EQ(CountsAndChecksum(sum), CountsAndChecksum(there));
  EXPECT_NE(there.find("sha256 of the backup stream: "), std::string::npos) << there;

  // The copy answers like the original.
  std::string s1, s2;
  EXPECT_EQ(RunHoptac({"summary", "--db", demo_}, &s1), 0);
  EXPECT_EQ(RunHoptac({"summary", "--db", pg.url()}, &s2), 0);
  EXPECT_EQ(s1.substr(s1.find(": ")), s2.substr(s2.find(": ")));  // after the database's name

  // The copy takes new records after the ids it was given (identities resynchronised).
  ASSERT_EQ(RunHoptac({"org", "add", "--kind", "HTX", "--code", "1001000043", "--name",
                       "Hợp tác xã Sau Bản Sao", "--field", "agriculture", "--unit", "00763",
                       "--address", "Thôn Sán Trồ", "--date", "2018-03-15", "--db", pg.url()}),
            0);
  ASSERT_EQ(RunHoptac({"event", "add", "1001000043", "--type", "suspended", "--date", "2020-04-01",
                       "--decision-no", "12/QĐ", "--db", pg.url()}),
            0);
  ASSERT_EQ(RunHoptac({"figures", "set", "1001000043", "--year", "2020", "--members", "25", "--db",
                       pg.url()}),
            0);
  ASSERT_EQ(RunHoptac({"member", "add", "1001000043", "--no", "1", "--name", "Lò Văn Sử",
                       "--joined", "2018-03-15", "--db", pg.url()}),
            0);
  ASSERT_EQ(RunHoptac({"user", "add", "ann", "--role", "viewer", "--password", "ann-password-1",
                       "--db", pg.url()}),
            0);
  ASSERT_EQ(RunHoptac({"user", "token", "ann", "--name", "later", "--db", pg.url()}), 0);
  std::string history;
  ASSERT_EQ(
      RunHoptac({"--format", "json", "org", "history", "1001000043", "--db", pg.url()}, &history),
      0);
  EXPECT_NE(history.find("\"id\": 17860"), std::string::npos) << history;  // after 17859
}

TEST_F(DbCopyTest, RefusesATargetThatHoldsAnything) {
  PgTestDatabase pg;
  ASSERT_FALSE(pg.url().empty()) << pg.error();
  ASSERT_EQ(RunHoptac({"init", "--db", pg.url()}), 0);  // units only
  const std::string before = Export(*dir_, pg.url(), "pg-before.json");
  std::string out, err;
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to", pg.url()}, &out, &err), 3) << out;
  EXPECT_NE(err.find("error: --to = 'postgresql://"), std::string::npos) << err;
  EXPECT_NE(err.find("the database is not empty"), std::string::npos) << err;
  EXPECT_EQ(Export(*dir_, pg.url(), "pg-after.json"), before);

  const std::string lite = dir_->File("busy.db");
  ASSERT_EQ(RunHoptac({"user", "add", "ann", "--role", "viewer", "--password", "ann-password-1",
                       "--db", lite}),
            0);  // a user only
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to", lite}, &out, &err), 3) << out;
  EXPECT_NE(err.find("1 users"), std::string::npos) << err;
  const std::string left = Export(*dir_, lite, "lite.json");
  EXPECT_NE(left.find("\"organisations\":[\n]"), std::string::npos)
      << "the refused file was written";
  EXPECT_NE(left.find("\"username\":\"ann\""), std::string::npos);
}

TEST_F(DbCopyTest, BadUrlsAreNamed) {
  std::string out, err;
  EXPECT_EQ(
      RunHoptac({"db", "copy", "--from", "mysql://db/x", "--to", dir_->File("x.db")}, &out, &err),
      3);
  EXPECT_NE(err.find("--from = 'mysql://db/x': expected a SQLite file"), std::string::npos) << err;
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to", "http://x"}, &out, &err), 3);
  EXPECT_NE(err.find("--to = 'http://x'"), std::string::npos) << err;
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", dir_->File("none.db"), "--to", dir_->File("y.db")},
                      &out, &err),
            3);
  EXPECT_NE(err.find("no SQLite database file here"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir_->File("y.db")));
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to", demo_}, &out, &err), 3);
  EXPECT_NE(err.find("the target is the source"), std::string::npos) << err;
  // A server that is not there (port 1), with a password that must not be printed.
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to",
                       "postgresql://hoptac:s3cret@127.0.0.1:1/nothing"},
                      &out, &err),
            1);
  EXPECT_NE(err.find("--to = 'postgresql://hoptac:***@127.0.0.1:1/nothing'"), std::string::npos)
      << err;
  EXPECT_NE(err.find("cannot be reached"), std::string::npos) << err;
  EXPECT_EQ(err.find("s3cret"), std::string::npos) << err;
  EXPECT_EQ(RunHoptac({"db", "copy", "--from", demo_, "--to",
                       "postgresql://hoptac@127.0.0.1:1/nothing?password=s3cret&sslmode=disable"},
                      &out, &err),
            1);
  EXPECT_NE(err.find("?password=***&sslmode=disable'"), std::string::npos) << err;
  EXPECT_EQ(err.find("s3cret"), std::string::npos) << err;
  EXPECT_EQ(RunHoptac({"db", "migrate", "--db", "oracle://x"}, &out, &err), 3);
  EXPECT_NE(err.find("--db = 'oracle://x'"), std::string::npos) << err;
}

TEST_F(DbCopyTest, MigratePrintsTheSchemaVersionBeforeAndAfter) {
  PgTestDatabase pg;
  ASSERT_FALSE(pg.url().empty()) << pg.error();
  for (const std::string& db : {dir_->File("fresh.db"), pg.url()}) {
    std::string first, second;
    ASSERT_EQ(RunHoptac({"db", "migrate", "--db", db}, &first), 0) << first;
    EXPECT_NE(first.find("schema version before: 0\n"), std::string::npos) << first;
    const std::string after = first.substr(first.find("schema version after:"));
    EXPECT_EQ(after.find("schema version after:  0\n"), std::string::npos) << first;
    ASSERT_EQ(RunHoptac({"db", "migrate", "--db", db}, &second), 0) << second;
    // The second run finds what the first left, and applies nothing.
    const std::string version = after.substr(0, after.find('\n')).substr(23);
    EXPECT_NE(second.find("schema version before: " + version + "\n"), std::string::npos) << second;
    EXPECT_NE(second.find("up to date"), std::string::npos) << second;
  }
}

}  // namespace
}  // namespace hoptac::testing
