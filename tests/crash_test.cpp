// The crash test: a writer process is killed with SIGKILL in the middle of its writes, again and
// again on the same database, and each time the database must be intact and hold every event whose
// transaction returned.
//
// The parent prepares a registry (the embedded administrative units and one cooperative), then
// for each round forks a writer that opens the store and records events through app::Registry in
// a loop (suspended / resumed / amended, one day apart), each RecordEvent one transaction. After
// each RecordEvent returns, the writer writes the event id to a pipe before starting the next one;
// what is in the pipe survives the writer's death. The parent kills the writer after a random
// delay (fixed seed), reaps it, and checks the file: PRAGMA integrity_check, every reported id
// stored (plus at most the one event committed but not yet reported), nothing stored earlier
// lost, the history valid under the domain rules, and the projection equal to the fold.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "app/reference_units.hpp"
#include "app/registry.hpp"
#include "domain/clock.hpp"
#include "domain/lifecycle.hpp"
#include "raw_sqlite.hpp"
#include "store/open_store.hpp"
#include "temp_dir.hpp"

namespace hoptac {
namespace {

constexpr int kRounds = 60;
constexpr uint32_t kSeed = 20240701;
constexpr int64_t kMaxKillDelayMicros = 30'000;
constexpr char kCode[] = "5100123452";
constexpr int64_t kReady = 0;  // what the writer sends once it is about to write

Date D(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

// "Now" for the writers and the checks: far enough ahead that no event is in the future.
Timestamp Now(int round) {
  return Timestamp::FromMicros(Timestamp::StartOf(D(2100, 1, 1)).micros() +
                               int64_t{round} * 3'600'000'000);
}

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "crash_test writer: %s\n", why.c_str());
  _exit(2);
}

void Send(int fd, int64_t value) {
  const char* p = reinterpret_cast<const char*>(&value);
  size_t left = sizeof value;
  while (left > 0) {  // 8 bytes < PIPE_BUF: one write, atomically
    const ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die("cannot write to the pipe");
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// The writer, in the child process: records events until it is killed. Never returns.
[[noreturn]] void RunWriter(const std::string& path, int fd, int round) {
  auto opened = store::OpenStore(path);
  if (!opened.ok()) Die(opened.error().ToString());
  domain::Store& store = **opened;
  domain::ManualClock clock(Now(round));
  app::Registry registry(store, clock);
  if (auto units = registry.Units(); !units.ok()) Die(units.error().ToString());
  auto org = store.FindOrganisationByCode(kCode);
  if (!org.ok() || !*org) Die("the organisation is missing");
  auto events = store.LoadEvents((*org)->id);
  if (!events.ok()) Die(events.error().ToString());
  domain::OrgState state = domain::Fold(**org, *events, Date::Max(), Timestamp::Max());
  const app::Actor actor{"crash-writer-" + std::to_string(round)};
  Send(fd, kReady);
  for (int64_t n = state.event_count;; ++n) {
    app::NewEvent e;
    e.effective_date = state.last_event_on.AddDays(1);
    if (n % 3 == 0) {
      e.type = domain::EventType::kAmended;
      e.changes.representative = "Người đại diện số " + std::to_string(n);
    } else if (state.status == domain::LegalStatus::kOperating) {
      e.type = domain::EventType::kSuspended;
    } else {
      e.type = domain::EventType::kResumed;
    }
    auto id = registry.RecordEvent(kCode, e, actor);
    if (!id.ok()) Die(id.error().ToString());
    Send(fd, *id);
    state.last_event_on = e.effective_date;
    if (e.type == domain::EventType::kSuspended) state.status = domain::LegalStatus::kSuspended;
    if (e.type == domain::EventType::kResumed) state.status = domain::LegalStatus::kOperating;
    clock.Advance(1000);
  }
}

struct Round {
  std::vector<int64_t> reported;  // event ids, in the order they were sent
  bool killed = false;
  std::string how_it_ended;
};

// Forks a writer, kills it `delay` after it says it is ready, and collects what it reported.
Round RunRound(const std::string& path, int round, std::chrono::microseconds delay) {
  Round r;
  int fds[2];
  if (pipe(fds) != 0) {
    r.how_it_ended = "pipe() failed";
    return r;
  }
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    r.how_it_ended = "fork() failed";
    return r;
  }
  if (pid == 0) {
    close(fds[0]);
    RunWriter(path, fds[1], round);
  }
  close(fds[1]);
  std::vector<int64_t> received;
  auto read_one = [&]() -> bool {
    int64_t v = 0;
    char* p = reinterpret_cast<char*>(&v);
    size_t got = 0;
    while (got < sizeof v) {
      const ssize_t n = read(fds[0], p + got, sizeof v - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      got += static_cast<size_t>(n);
    }
    received.push_back(v);
    return true;
  };
  if (read_one()) {  // the writer is ready: let it write for `delay`, then kill it
    timespec ts{static_cast<time_t>(delay.count() / 1'000'000),
                static_cast<long>((delay.count() % 1'000'000) * 1000)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    kill(pid, SIGKILL);
  }
  while (read_one()) {
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (!r.killed) {
    r.how_it_ended = WIFEXITED(status)
                         ? "the writer exited with " + std::to_string(WEXITSTATUS(status))
                         : "the writer ended with status " + std::to_string(status);
  }
  if (!received.empty() && received.front() == kReady) {
    r.reported.assign(received.begin() + 1, received.end());
  } else if (r.how_it_ended.empty()) {
    r.how_it_ended = "the writer never got ready";
  }
  return r;
}

TEST(CrashTest, KilledWritersLoseNoReturnedEventAndLeaveAValidDatabase) {
  testing::TempDir dir;
  const std::string path = dir.File("registry.db");
  domain::UnitCatalog catalog;
  domain::Organisation org;
  std::set<int64_t> stored_before;  // event ids stored when the round starts
  {
    auto opened = store::OpenStore(path);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    domain::ManualClock clock(Now(0));
    app::Registry registry(**opened, clock);
    auto units = app::ParseReferenceUnits(app::EmbeddedReferenceUnitFiles());
    ASSERT_TRUE(units.ok()) << units.error().ToString();
    ASSERT_TRUE(registry.LoadUnits(*units, {"setup"}).ok());
    app::NewOrganisation add{domain::OrgKind::kHTX, domain::RegistryCode::Parse(kCode).value(), {}};
    add.founding.effective_date = D(2000, 1, 3);
    add.founding.changes.name = "Hợp tác xã Nông nghiệp Việt Lâm";
    add.founding.changes.field = domain::Field::kAgriculture;
    add.founding.changes.unit_code = "00967";
    auto id = registry.AddOrganisation(add, {"setup"});
    ASSERT_TRUE(id.ok()) << id.error().ToString();
    auto loaded = (*opened)->LoadUnits();
    ASSERT_TRUE(loaded.ok());
    catalog = std::move(loaded).value();
    auto found = (*opened)->FindOrganisation(*id);
    ASSERT_TRUE(found.ok() && found->has_value());
    org = **found;
    auto founding = (*opened)->LoadEvents(org.id);
    ASSERT_TRUE(founding.ok());
    ASSERT_EQ(founding->size(), 1u);
    stored_before.insert(founding->front().id);
  }  // no connection is open across fork()

  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<int64_t> delay_us(0, kMaxKillDelayMicros);
  size_t reported_total = 0, unreported_commits = 0;
  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const Round r = RunRound(path, round, std::chrono::microseconds(delay_us(rng)));
    ASSERT_TRUE(r.killed) << r.how_it_ended;
    reported_total += r.reported.size();

    {
      testing::RawSqlite raw(path);
      ASSERT_EQ(raw.Scalar("PRAGMA integrity_check"), "ok");
      ASSERT_TRUE(raw.Rows("PRAGMA foreign_key_check").empty());
    }
    auto opened = store::OpenStore(path);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    domain::Store& store = **opened;
    auto events = store.LoadEvents(org.id);
    ASSERT_TRUE(events.ok()) << events.error().ToString();

    std::set<int64_t> stored;
    for (const domain::Event& e : *events) stored.insert(e.id);
    for (int64_t id : stored_before) {
      ASSERT_TRUE(stored.count(id)) << "event " << id << " was stored before and is gone";
    }
    std::set<int64_t> added;
    std::set_difference(stored.begin(), stored.end(), stored_before.begin(), stored_before.end(),
                        std::inserter(added, added.end()));
    for (int64_t id : r.reported) {
      ASSERT_TRUE(added.count(id)) << "event " << id << " was reported and is not stored";
    }
    // At most one transaction committed whose id the writer had no time to report.
    ASSERT_LE(added.size(), r.reported.size() + 1);
    unreported_commits += added.size() - r.reported.size();

    auto counts = store.Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->events, static_cast<int64_t>(stored.size()));
    auto valid = domain::ValidateHistory(
        org, *events, catalog, [](domain::OrgId, Date) { return std::nullopt; }, Now(round).date());
    ASSERT_TRUE(valid.ok()) << valid.error().ToString();

    const domain::OrgState fold = domain::Fold(org, *events, Date::Max(), Timestamp::Max());
    domain::OrgQuery q;
    q.code_prefix = kCode;
    auto rows = store.QueryLatest(q);
    ASSERT_TRUE(rows.ok()) << rows.error().ToString();
    ASSERT_EQ(rows->size(), 1u);
    const domain::OrgState& latest = rows->front().state;
    EXPECT_EQ(latest.id, org.id);
    EXPECT_EQ(latest.status, fold.status);
    EXPECT_EQ(latest.name, fold.name);
    EXPECT_EQ(latest.field, fold.field);
    EXPECT_EQ(latest.unit_code, fold.unit_code);
    EXPECT_EQ(latest.unit_since, fold.unit_since);
    EXPECT_EQ(latest.founded_on, fold.founded_on);
    EXPECT_EQ(latest.ended_on, fold.ended_on);
    EXPECT_EQ(latest.models, fold.models);
    stored_before = std::move(stored);
  }
  // The writers did write: the kills landed among writes, not only before the first one.
  EXPECT_GT(reported_total, 0u);
  std::printf(
      "crash test: %d kills, %zu events reported, %zu committed but unreported, %zu "
      "stored\n",
      kRounds, reported_total, unreported_commits, stored_before.size());
}

}  // namespace
}  // namespace hoptac
