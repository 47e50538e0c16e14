#include "app/list_index.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace hoptac::app {
namespace {

// A string of Snapshot::text.
struct Span {
  uint32_t at = 0;
  uint32_t size = 0;
};

// One organisation, its strings in Snapshot::text.
struct Entry {
  domain::OrgId id = 0;
  Span sort_key, code, name, unit_code, models, names;  // models and folded names: '\n'-joined
  Date unit_since, founded_on, ended_on;
  uint32_t unit = 0;  // index in Snapshot::unit_postings
  domain::OrgKind kind = domain::OrgKind::kHTX;
  domain::LegalStatus status = domain::LegalStatus::kOperating;
  domain::Field field = domain::Field::kAgriculture;
  bool ended = false;
};

// The organisations of a word, a unit, a kind or a status: their ranks, ascending, and when they
// are at least one in 64 the same as a bitmap (marking them is then a pass over n / 64 words).
struct Postings {
  std::vector<uint32_t> ranks;
  std::vector<uint64_t> bits;
  size_t size() const { return ranks.size(); }
};

// Enough slots for every value of the small enums (kind, status), indexed by their number.
constexpr size_t kEnumSlots = 32;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Ids = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

// Calls `f` with each '\n'-separated line of `s`.
template <typename F>
bool AnyLine(std::string_view s, F&& f) {
  while (true) {
    const size_t end = s.find('\n');
    if (f(s.substr(0, end))) return true;
    if (end == std::string_view::npos) return false;
    s.remove_prefix(end + 1);
  }
}

}  // namespace

struct ListIndex::Snapshot {
  int64_t version = 0;
  std::string text;
  std::vector<Entry> entries;  // in list order: an organisation's rank is its index
  // The name words, each between '\n's ("\nan\nbinh\n…"), and where each begins in it: a query
  // word is found in all of them with one search of this text.
  std::string vocabulary = "\n";
  std::vector<uint32_t> word_at;
  std::vector<Postings> word_postings;  // the organisations with a name holding the word
  Ids unit_ids;
  std::vector<Postings> unit_postings;
  std::vector<Postings> kind_postings = std::vector<Postings>(kEnumSlots);
  std::vector<Postings> status_postings = std::vector<Postings>(kEnumSlots);
  std::vector<std::pair<domain::OrgId, uint32_t>> ranks_by_id;  // sorted

  // The rank of organisation `id`, or none.
  std::optional<uint32_t> RankOf(domain::OrgId id) const {
    const auto it = std::lower_bound(ranks_by_id.begin(), ranks_by_id.end(),
                                     std::pair<domain::OrgId, uint32_t>{id, 0});
    if (it == ranks_by_id.end() || it->first != id) return std::nullopt;
    return it->second;
  }

  std::string_view View(Span s) const { return {text.data() + s.at, s.size}; }
  Span Put(std::string_view s) {
    const Span span{static_cast<uint32_t>(text.size()), static_cast<uint32_t>(s.size())};
    text.append(s);
    return span;
  }

  domain::OrgListRow Row(uint32_t rank) const {
    const Entry& e = entries[rank];
    domain::OrgListRow r;
    domain::OrgState& st = r.state;
    st.id = e.id;
    r.sort_key = View(e.sort_key);
    st.kind = e.kind;
    st.registry_code = View(e.code);
    st.status = e.status;
    st.name = View(e.name);
    st.field = e.field;
    st.unit_code = View(e.unit_code);
    st.unit_since = e.unit_since;
    st.founded_on = e.founded_on;
    if (e.ended) st.ended_on = e.ended_on;
    if (e.models.size > 0) {
      AnyLine(View(e.models), [&](std::string_view m) {
        st.models.emplace_back(m);
        return false;
      });
    }
    st.exists = true;
    return r;
  }

  // The postings of every word holding `token`.
  std::vector<const Postings*> WordsHolding(std::string_view token) const {
    std::vector<const Postings*> out;
    size_t from = 0;
    while (true) {
      const size_t at = vocabulary.find(token, from);
      if (at == std::string::npos) break;
      // The word around `at`: the last one beginning at or before it.
      const auto next = std::upper_bound(word_at.begin(), word_at.end(), at);
      if (next == word_at.begin()) break;  // only a token holding '\n' is found there
      const size_t word = static_cast<size_t>(next - word_at.begin()) - 1;
      out.push_back(&word_postings[word]);
      if (next == word_at.end()) break;
      from = *next;  // on to the next word
    }
    return out;
  }

  // The first rank whose key is above `key` (ascending), or at or above it.
  uint32_t Bound(std::string_view key, bool above) const {
    const auto it =
        above ? std::upper_bound(
                    entries.begin(), entries.end(), key,
                    [this](std::string_view k, const Entry& e) { return k < View(e.sort_key); })
              : std::lower_bound(
                    entries.begin(), entries.end(), key,
                    [this](const Entry& e, std::string_view k) { return View(e.sort_key) < k; });
    return static_cast<uint32_t>(it - entries.begin());
  }
};

// What queries read: the index built from every row, and, when rows were written since, theirs
// laid over it.
struct ListIndex::Current {
  std::shared_ptr<const Snapshot> whole;
  std::shared_ptr<const Snapshot> written;  // the rows written since `whole` was read, or null
  std::vector<uint64_t> hidden;             // the ranks of `whole` whose rows `written` replaces
  int64_t version = 0;                      // the registry version of the state both hold
};

namespace {

// The rows written since the whole index was read are laid over it while they are at most one in
// this many of its organisations (and at least kMinWritten are always allowed): past that, building
// it whole again costs less than the queries' walk of both.
constexpr size_t kWrittenShare = 16;
constexpr size_t kMinWritten = 256;

size_t Count(const std::vector<const Postings*>& lists) {
  size_t n = 0;
  for (const Postings* p : lists) n += p->size();
  return n;
}

// Fills a snapshot from the store's rows (any set of them: the whole projection, or the rows
// written since a version).
class Builder {
 public:
  Builder() : s_(std::make_shared<ListIndex::Snapshot>()) {}

  // A LatestVisitor.
  void Add(domain::OrgListRow& r, std::string& names) {
    const domain::OrgState& st = r.state;
    Entry e;
    e.id = st.id;
    e.sort_key = s_->Put(r.sort_key);
    e.code = s_->Put(st.registry_code);
    e.name = s_->Put(st.name);
    e.unit_code = s_->Put(st.unit_code);
    e.models.at = static_cast<uint32_t>(s_->text.size());
    for (size_t i = 0; i < st.models.size(); ++i) {
      if (i > 0) s_->text.push_back('\n');
      s_->text.append(st.models[i]);
    }
    e.models.size = static_cast<uint32_t>(s_->text.size() - e.models.at);
    e.names = s_->Put(names);
    e.unit_since = st.unit_since;
    e.founded_on = st.founded_on;
    e.ended = st.ended_on.has_value();
    if (st.ended_on) e.ended_on = *st.ended_on;
    e.kind = st.kind;
    e.status = st.status;
    e.field = st.field;
    s_->entries.push_back(e);
  }

  // The index of the rows added, labelled with the registry version of the state they were read in.
  Result<std::shared_ptr<const ListIndex::Snapshot>> Finish(int64_t version);

 private:
  std::shared_ptr<ListIndex::Snapshot> s_;
};

Result<std::shared_ptr<const ListIndex::Snapshot>> Builder::Finish(int64_t version) {
  std::shared_ptr<ListIndex::Snapshot> s = std::move(s_);
  s->version = version;
  std::vector<Entry>& entries = s->entries;
  if (s->text.size() > std::numeric_limits<uint32_t>::max())
    return Error::Internal("the list index outgrew 4 GB of text");
  std::sort(entries.begin(), entries.end(), [&s](const Entry& a, const Entry& b) {
    return s->View(a.sort_key) < s->View(b.sort_key);
  });
  s->ranks_by_id.reserve(entries.size());
  Ids word_ids;
  std::vector<std::string_view> words;  // of one organisation
  for (uint32_t rank = 0; rank < entries.size(); ++rank) {
    Entry& e = entries[rank];
    s->ranks_by_id.emplace_back(e.id, rank);
    auto [unit, added] = s->unit_ids.try_emplace(std::string(s->View(e.unit_code)),
                                                 static_cast<uint32_t>(s->unit_postings.size()));
    if (added) s->unit_postings.emplace_back();
    e.unit = unit->second;
    s->unit_postings[e.unit].ranks.push_back(rank);
    s->kind_postings[static_cast<size_t>(e.kind) % kEnumSlots].ranks.push_back(rank);
    s->status_postings[static_cast<size_t>(e.status) % kEnumSlots].ranks.push_back(rank);
    // The words of every name, each once.
    words.clear();
    AnyLine(s->View(e.names), [&](std::string_view name) {
      while (!name.empty()) {
        const size_t end = name.find(' ');
        if (end != 0) words.push_back(name.substr(0, end));
        if (end == std::string_view::npos) break;
        name.remove_prefix(end + 1);
      }
      return false;
    });
    for (std::string_view w : words) {
      auto it = word_ids.find(w);
      if (it == word_ids.end()) {
        it = word_ids.emplace(std::string(w), static_cast<uint32_t>(s->word_postings.size())).first;
        s->word_at.push_back(static_cast<uint32_t>(s->vocabulary.size()));
        s->vocabulary.append(w).push_back('\n');
        s->word_postings.emplace_back();
      }
      std::vector<uint32_t>& ranks = s->word_postings[it->second].ranks;
      if (ranks.empty() || ranks.back() != rank) ranks.push_back(rank);
    }
  }
  std::sort(s->ranks_by_id.begin(), s->ranks_by_id.end());
  const size_t n = entries.size();
  for (auto* all : {&s->word_postings, &s->unit_postings, &s->kind_postings, &s->status_postings}) {
    for (Postings& p : *all) {
      if (p.ranks.size() * 64 < n) continue;
      p.bits.assign((n + 63) / 64, 0);
      for (uint32_t r : p.ranks) p.bits[r >> 6] |= uint64_t{1} << (r & 63);
    }
  }
  return std::shared_ptr<const ListIndex::Snapshot>(std::move(s));
}

// The query's test of one organisation.
class Match {
 public:
  // `units`: the indexes of the units asked (when q asks for units).
  // `hidden`: ranks to pass over (or null).
  Match(const ListIndex::Snapshot& s, const domain::OrgQuery& q, const std::vector<uint32_t>& units,
        const std::vector<uint64_t>* hidden)
      : s_(s), q_(q), hidden_(hidden) {
    if (!q.unit_codes.empty()) {
      units_.assign(s.unit_postings.size(), 0);
      for (uint32_t u : units) units_[u] = 1;
    }
  }

  bool operator()(uint32_t rank) const {
    if (hidden_ != nullptr && ((*hidden_)[rank >> 6] >> (rank & 63) & 1) != 0) return false;
    const Entry& e = s_.entries[rank];
    if (q_.kind && e.kind != *q_.kind) return false;
    if (q_.status && e.status != *q_.status) return false;
    if (q_.field && e.field != *q_.field) return false;
    if (!units_.empty() && units_[e.unit] == 0) return false;
    if (!q_.code_prefix.empty() && !s_.View(e.code).starts_with(q_.code_prefix)) return false;
    if (!q_.model.empty() &&
        !AnyLine(s_.View(e.models), [&](std::string_view m) { return m == q_.model; })) {
      return false;
    }
    if (!q_.name_tokens.empty()) {
      // Every word of the query in one name.
      return AnyLine(s_.View(e.names), [&](std::string_view name) {
        return std::all_of(q_.name_tokens.begin(), q_.name_tokens.end(),
                           [&](const std::string& t) { return name.find(t) != name.npos; });
      });
    }
    return true;
  }

 private:
  const ListIndex::Snapshot& s_;
  const domain::OrgQuery& q_;
  const std::vector<uint64_t>* hidden_;
  std::vector<char> units_;  // by unit index: 1 for the units asked
};

// Marks the ranks of `lists` in `bits`.
void Mark(const std::vector<const Postings*>& lists, std::vector<uint64_t>& bits) {
  for (const Postings* p : lists) {
    if (p->bits.empty()) {
      for (uint32_t r : p->ranks) bits[r >> 6] |= uint64_t{1} << (r & 63);
    } else {
      for (size_t w = 0; w < bits.size(); ++w) bits[w] |= p->bits[w];
    }
  }
}

std::vector<domain::OrgListRow> Find(const ListIndex::Snapshot& s, const domain::OrgQuery& q,
                                     const std::vector<uint64_t>* hidden);
std::vector<domain::OrgListRow> Answer(const ListIndex::Current& c, const domain::OrgQuery& q);

}  // namespace

ListIndex::ListIndex() = default;

ListIndex::ListIndex(std::unique_ptr<domain::Store> own) : own_(std::move(own)) {
  wanted_ = true;  // at once: the first requests find it built
  builder_ = std::thread([this] { BuildLoop(); });
}

ListIndex::~ListIndex() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (builder_.joinable()) builder_.join();
}

bool ListIndex::Answers(const domain::OrgQuery& q) {
  // Query words are folded words (text::Tokens): none holds a space or a line break. Models are
  // held '\n'-joined, so a model asked with a line break is left to the store too.
  return q.sort == domain::OrgSort::kName && q.model.find('\n') == std::string::npos &&
         std::none_of(q.name_tokens.begin(), q.name_tokens.end(), [](const std::string& t) {
           return t.find_first_of(" \n") != std::string::npos;
         });
}

ListIndex::Stats ListIndex::stats() const {
  std::lock_guard lock(mu_);
  Stats out = stats_;
  if (current_) {
    out.organisations = current_->whole->entries.size();
    if (current_->written) {
      out.organisations += current_->written->entries.size();
      for (const uint64_t w : current_->hidden) out.organisations -= std::popcount(w);
    }
  }
  return out;
}

Result<std::shared_ptr<const ListIndex::Current>> ListIndex::CatchUp(
    domain::Store& store, const std::shared_ptr<const Current>& from) {
  const auto start = std::chrono::steady_clock::now();
  const auto count = [&](uint64_t Stats::*counter) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::lock_guard lock(mu_);
    ++(stats_.*counter);
    stats_.build_seconds += took.count();
  };
  auto out = std::make_shared<Current>();
  if (from) {
    const Snapshot& whole = *from->whole;
    Builder written;
    HOPTAC_ASSIGN_OR_RETURN(
        const domain::Store::LatestChanges changes,
        store.ForEachLatestChangedSince(
            whole.version, std::max(kMinWritten, whole.entries.size() / kWrittenShare),
            [&](domain::OrgListRow& r, std::string& names) { written.Add(r, names); }));
    // A version below the whole index's is another database at the same place (a restore):
    // built whole again.
    if (!changes.more && changes.version >= whole.version) {
      out->whole = from->whole;
      out->version = changes.version;
      HOPTAC_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> over,
                              written.Finish(changes.version));
      if (!over->entries.empty()) {
        out->hidden.assign((whole.entries.size() + 63) / 64, 0);
        for (const auto& [id, rank] : over->ranks_by_id) {
          if (const std::optional<uint32_t> old = whole.RankOf(id)) {
            out->hidden[*old >> 6] |= uint64_t{1} << (*old & 63);
          }
        }
        out->written = std::move(over);
      }
      count(&Stats::updates);
      return std::shared_ptr<const Current>(std::move(out));
    }
  }
  Builder all;
  HOPTAC_ASSIGN_OR_RETURN(
      const int64_t version,
      store.ForEachLatest([&](domain::OrgListRow& r, std::string& names) { all.Add(r, names); }));
  HOPTAC_ASSIGN_OR_RETURN(out->whole, all.Finish(version));
  out->version = version;
  count(&Stats::builds);
  return std::shared_ptr<const Current>(std::move(out));
}

bool ListIndex::Holds(int64_t version) const { return current_ && current_->version == version; }

void ListIndex::BuildLoop() {
  using Clock = std::chrono::steady_clock;
  // Catch-ups are asked for by queries that found the index behind. One whose index answered no
  // query before a write made it behind again was wasted, and the requests needed its core. After
  // three wasted in a row the builder rests before the next (as long as the last one took,
  // doubling while they stay wasted, at most kMaxRest); after one that answered it catches up at
  // once again. When every write meant a whole build, five writes a second nationally wasted them
  // all (docs/benchmarks.md, session 7); catching up from the rows written takes milliseconds.
  constexpr auto kMaxRest = std::chrono::seconds(8);
  constexpr int kWastedBeforeRest = 3;
  Clock::duration rest{};
  Clock::duration took{};
  int wasted = 0;
  uint64_t answered_when_built = 0;
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return wanted_ || stopping_; });
    wasted = current_ && stats_.answered == answered_when_built ? wasted + 1 : 0;
    rest = wasted < kWastedBeforeRest
               ? Clock::duration{}
               : std::min<Clock::duration>(std::max<Clock::duration>(2 * rest, took), kMaxRest);
    if (rest > Clock::duration{}) wake_.wait_for(lock, rest, [this] { return stopping_; });
    if (stopping_) return;
    wanted_ = false;
    lock.unlock();
    const Clock::time_point start = Clock::now();
    // Queries that found the index behind while it was being built have asked again: it may be
    // current now. A failed read (or build) leaves it as it was; the next query that finds it
    // behind asks again.
    std::shared_ptr<const Current> fresh;
    try {
      const Result<domain::DataVersions> v = own_->Versions();
      bool current = false;
      std::shared_ptr<const Current> from;
      if (v.ok()) {
        std::lock_guard held(mu_);
        current = Holds(v->registry);
        from = current_;
      }
      if (v.ok() && !current) {
        Result<std::shared_ptr<const Current>> built = CatchUp(*own_, from);
        if (built.ok()) fresh = std::move(built).value();
      }
    } catch (const std::exception&) {  // e.g. out of memory: the old index stays
    }
    lock.lock();
    if (fresh) {
      current_ = std::move(fresh);
      took = Clock::now() - start;
      answered_when_built = stats_.answered;
    }
    built_.notify_all();
  }
}

bool ListIndex::WaitCurrent(domain::Store& store, int timeout_ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    const Result<domain::DataVersions> v = store.Versions();
    if (!v.ok()) return false;
    std::unique_lock lock(mu_);
    if (Holds(v->registry)) return true;
    if (!own_) return false;
    wanted_ = true;
    wake_.notify_one();
    if (built_.wait_until(lock, until) == std::cv_status::timeout) return false;
  }
}

Result<std::optional<std::vector<domain::OrgListRow>>> ListIndex::Query(domain::Store& store,
                                                                        const domain::OrgQuery& q) {
  HOPTAC_ASSIGN_OR_RETURN(const domain::DataVersions v, store.Versions());
  std::shared_ptr<const Current> snap;
  {
    std::lock_guard lock(mu_);
    if (Holds(v.registry)) {
      snap = current_;
      ++stats_.answered;
    } else if (own_) {
      ++stats_.behind;
      if (!wanted_) {  // else the builder knows already
        wanted_ = true;
        wake_.notify_one();
      }
      return std::optional<std::vector<domain::OrgListRow>>();
    }
  }
  if (!snap) {
    std::lock_guard build(build_mu_);
    std::shared_ptr<const Current> from;
    {
      std::lock_guard lock(mu_);  // another thread may have built it meanwhile
      if (Holds(v.registry)) snap = current_;
      from = current_;
    }
    if (!snap) {
      // Labelled with the version of the state it read: newer than `v` when a write committed
      // since (the caller reads outside a snapshot), and then as good an answer.
      HOPTAC_ASSIGN_OR_RETURN(snap, CatchUp(store, from));
      std::lock_guard lock(mu_);
      current_ = snap;
    }
    std::lock_guard lock(mu_);
    ++stats_.answered;
  }
  return std::optional<std::vector<domain::OrgListRow>>(Answer(*snap, q));
}

namespace {

// The organisations that pass every filter, in list order from the cursor, are those in every set
// the filters name (the organisations with a name word holding a query word, those of the units,
// of the kind, of the status) that pass the whole query's test (every query word in one name).
std::vector<domain::OrgListRow> Find(const ListIndex::Snapshot& s, const domain::OrgQuery& q,
                                     const std::vector<uint64_t>* hidden) {
  std::vector<domain::OrgListRow> out;
  const auto n = static_cast<uint32_t>(s.entries.size());
  if (q.limit == 0 || n == 0) return out;

  // The sets of organisations the filters name, each a union of postings.
  struct Set {
    std::vector<const Postings*> lists;
    bool costly = false;  // its test searches the names
    size_t size = 0;
  };
  std::vector<Set> sets;
  for (const std::string& token : q.name_tokens) {
    if (token.empty()) continue;  // in every name, as the store takes it
    sets.push_back({s.WordsHolding(token), true});
    if (sets.back().lists.empty()) return out;  // no name holds this word
  }
  std::vector<uint32_t> units;
  if (!q.unit_codes.empty()) {
    Set set;
    for (const std::string& code : q.unit_codes) {
      if (const auto it = s.unit_ids.find(code); it != s.unit_ids.end()) {
        units.push_back(it->second);
        set.lists.push_back(&s.unit_postings[it->second]);
      }
    }
    if (units.empty()) return out;
    sets.push_back(std::move(set));
  }
  if (q.kind) sets.push_back({{&s.kind_postings[static_cast<size_t>(*q.kind) % kEnumSlots]}});
  if (q.status) {
    sets.push_back({{&s.status_postings[static_cast<size_t>(*q.status) % kEnumSlots]}});
  }
  for (Set& set : sets) set.size = Count(set.lists);
  std::sort(sets.begin(), sets.end(), [](const Set& a, const Set& b) { return a.size < b.size; });
  // The sets holding at most half the registry are marked in a bitmap, and the walk tests only
  // the organisations in all of them. Marking costs a step per organisation of the set; a test of
  // the names costs far more, and the walk cannot count on meeting matches soon: words cluster in
  // the name order ("Tổ hợp tác trồng …" sort together, after every "Hợp tác xã"), so a walk that
  // tests every organisation may test most of the registry. A set whose test is a comparison
  // (units, kind, status) is marked only when it is small: walking a larger one costs at most a
  // comparison per organisation.
  std::vector<uint64_t> bits;
  std::vector<uint64_t> more;
  for (const Set& set : sets) {
    if (set.size > (set.costly ? n / 2 : n / 16)) continue;
    if (bits.empty()) {
      bits.assign((n + 63) / 64, 0);
      Mark(set.lists, bits);
      continue;
    }
    if (!set.costly && set.size > 8 * sets.front().size) continue;
    more.assign(bits.size(), 0);
    Mark(set.lists, more);
    for (size_t w = 0; w < bits.size(); ++w) bits[w] &= more[w];
  }

  const Match match(s, q, units, hidden);
  // Takes `rank` when it matches; false once the page is full.
  const auto take = [&](uint32_t rank) {
    if (match(rank)) out.push_back(s.Row(rank));
    return out.size() < q.limit;
  };
  if (!q.descending) {
    const uint32_t begin = q.after_key.empty() ? 0 : s.Bound(q.after_key, true);
    if (bits.empty()) {
      for (uint32_t r = begin; r < n; ++r) {
        if (!take(r)) break;
      }
    } else {
      for (size_t w = begin >> 6; w < bits.size(); ++w) {
        uint64_t word = bits[w];
        if (w == begin >> 6) word &= ~uint64_t{0} << (begin & 63);
        for (; word != 0; word &= word - 1) {
          if (!take(static_cast<uint32_t>(w * 64 + static_cast<size_t>(std::countr_zero(word))))) {
            return out;
          }
        }
      }
    }
    return out;
  }
  const uint32_t end = q.after_key.empty() ? n : s.Bound(q.after_key, false);
  if (end == 0) return out;
  if (bits.empty()) {
    for (uint32_t r = end; r-- > 0;) {
      if (!take(r)) break;
    }
    return out;
  }
  const uint32_t last = end - 1;
  for (size_t w = (last >> 6) + 1; w-- > 0;) {
    uint64_t word = bits[w];
    if (w == last >> 6 && (last & 63) != 63) word &= (uint64_t{1} << ((last & 63) + 1)) - 1;
    while (word != 0) {
      const int top = 63 - std::countl_zero(word);
      word &= ~(uint64_t{1} << top);
      if (!take(static_cast<uint32_t>(w * 64 + static_cast<size_t>(top)))) return out;
    }
  }
  return out;
}

// The rows of `q` in the whole index (but those written since) and in the rows written since,
// each in list order: the first q.limit of both together.
std::vector<domain::OrgListRow> Answer(const ListIndex::Current& c, const domain::OrgQuery& q) {
  std::vector<domain::OrgListRow> whole = Find(*c.whole, q, c.written ? &c.hidden : nullptr);
  if (!c.written) return whole;
  std::vector<domain::OrgListRow> written = Find(*c.written, q, nullptr);
  if (written.empty()) return whole;
  std::vector<domain::OrgListRow> out;
  out.reserve(std::min(whole.size() + written.size(), q.limit));
  const auto first = [&q](const domain::OrgListRow& a, const domain::OrgListRow& b) {
    return q.descending ? b.sort_key < a.sort_key : a.sort_key < b.sort_key;
  };
  auto a = whole.begin();
  auto b = written.begin();
  while (out.size() < q.limit && (a != whole.end() || b != written.end())) {
    const bool take_b = a == whole.end() || (b != written.end() && first(*b, *a));
    out.push_back(std::move(take_b ? *b++ : *a++));
  }
  return out;
}

}  // namespace
}  // namespace hoptac::app
