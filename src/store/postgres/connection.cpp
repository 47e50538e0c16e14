#include "store/postgres/connection.hpp"

#include <array>
#include <charconv>
#include <pqxx/pqxx>
#include <unordered_map>
#include <utility>

namespace hoptac::store::postgres {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

// SQLSTATE classes (PostgreSQL documentation, appendix A) to domain errors; the server's text
// stays here.
Error ErrorFromState(const std::string& state, std::string_view what) {
  const std::string_view cls = std::string_view(state).substr(0, 2);
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014" ||
      state == "53300" || cls == "08" || cls == "57") {
    return Error::Unavailable("the database is busy or unreachable; try again");
  }
  if (cls == "23") {
    std::string message(what);
    message.append(" conflicts with a stored record");
    return Error::Conflict(std::move(message));
  }
  if (state == "25P02") {
    return Error::Internal("the transaction failed earlier and can only be rolled back");
  }
  if (cls == "53") return Error::Unavailable("the database server is out of resources");
  if (cls == "42" && state != "42501") {
    return Error::Internal("the database schema does not match this program");
  }
  if (state == "42501" || cls == "28") {
    return Error::Unavailable("the database refuses this user");
  }
  std::string message("database error while ");
  message.append(what);
  return Error::Internal(std::move(message));
}

// Runs `f`, turning every exception of the driver into a domain error.
template <typename F>
auto Guard(std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::sql_error& e) {
    return ErrorFromState(e.sqlstate(), what);
  } catch (const pqxx::broken_connection&) {
    return Error::Unavailable("the database server cannot be reached");
  } catch (const pqxx::in_doubt_error&) {
    return Error::Unavailable("the connection was lost while committing; the outcome is unknown");
  } catch (const pqxx::transaction_rollback&) {
    return Error::Unavailable("the database is busy; try again");
  } catch (const pqxx::failure&) {
    return Error::Unavailable("the database server failed");
  } catch (const std::exception&) {
    std::string message("database error while ");
    message.append(what);
    return Error::Internal(std::move(message));
  }
}

// COPY rows of N columns: libpqxx 6.4's stream_to writes tuples (std::array is one), each field
// escaped for COPY's text format, a null const char* as \N.
template <size_t N>
void CopyRows(pqxx::transaction_base& tx, const std::string& table,
              const std::vector<std::string>& columns, const std::vector<Params>& rows) {
  pqxx::stream_to stream(tx, table, columns);
  std::array<const char*, N> fields{};
  for (const Params& row : rows) {
    const auto& values = row.values();
    for (size_t i = 0; i < N; ++i) fields[i] = values[i] ? values[i]->c_str() : nullptr;
    stream << fields;
  }
  stream.complete();
}

using CopyFn = void (*)(pqxx::transaction_base&, const std::string&,
                        const std::vector<std::string>&, const std::vector<Params>&);

template <size_t... I>
constexpr std::array<CopyFn, sizeof...(I)> CopyTable(std::index_sequence<I...>) {
  return {&CopyRows<I + 1>...};
}

}  // namespace

// --- Params ---

Params& Params::Add(std::string_view v) {
  values_.emplace_back(std::string(v));
  return *this;
}
Params& Params::Add(int64_t v) {
  values_.emplace_back(std::to_string(v));
  return *this;
}
Params& Params::Add(bool v) {
  values_.emplace_back(v ? "true" : "false");
  return *this;
}
Params& Params::Add(const std::optional<std::string>& v) {
  values_.push_back(v);
  return *this;
}
Params& Params::Add(const std::optional<int64_t>& v) {
  if (!v) return AddNull();
  return Add(*v);
}
Params& Params::AddNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}
Params& Params::AddBytes(std::string_view bytes) {
  std::string hex;
  hex.reserve(2 + bytes.size() * 2);
  hex.append("\\x");
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xf]);
  }
  values_.emplace_back(std::move(hex));
  return *this;
}
Params& Params::AddArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  values_.emplace_back(std::move(out));
  return *this;
}

// --- Rows ---

struct Rows::Impl {
  pqxx::result result;
};

Rows::Rows(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Rows::Rows(Rows&&) noexcept = default;
Rows& Rows::operator=(Rows&&) noexcept = default;
Rows::~Rows() = default;

size_t Rows::size() const { return impl_->result.size(); }
int64_t Rows::affected() const { return static_cast<int64_t>(impl_->result.affected_rows()); }

bool Rows::IsNull(size_t row, int col) const { return impl_->result[row][col].is_null(); }

std::string_view Rows::View(size_t row, int col) const {
  const pqxx::field f = impl_->result[row][col];
  return std::string_view(f.c_str(), f.size());
}

std::optional<std::string> Rows::OptText(size_t row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

int64_t Rows::Int(size_t row, int col) const {
  const std::string_view v = View(row, col);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

std::optional<int64_t> Rows::OptInt(size_t row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

bool Rows::Bool(size_t row, int col) const {
  const std::string_view v = View(row, col);
  return !v.empty() && v[0] == 't';
}

std::string Rows::Bytes(size_t row, int col) const {
  const std::string_view v = View(row, col);  // text form of a bytea: \x then hex digits
  std::string out;
  if (v.size() < 2 || v[0] != '\\' || v[1] != 'x') return out;
  out.reserve((v.size() - 2) / 2);
  for (size_t i = 2; i + 1 < v.size(); i += 2) {
    out.push_back(static_cast<char>(HexValue(v[i]) << 4 | HexValue(v[i + 1])));
  }
  return out;
}

// --- Connection ---

// The connection and one long-lived nontransaction through which every statement runs: BEGIN,
// COMMIT and ROLLBACK are sent as statements, so this class decides the transaction boundaries.
struct Connection::Impl {
  pqxx::connection conn;
  pqxx::nontransaction channel;
  std::unordered_map<std::string, std::string> prepared;  // SQL text -> statement name

  explicit Impl(const std::string& url) : conn(url), channel(conn) {}

  const std::string& Prepared(std::string_view sql) {
    auto it = prepared.find(std::string(sql));
    if (it == prepared.end()) {
      std::string name = "hoptac_" + std::to_string(prepared.size() + 1);
      conn.prepare(name, std::string(sql));
      it = prepared.emplace(std::string(sql), std::move(name)).first;
    }
    return it->second;
  }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Connection::~Connection() {
  if (in_transaction_) Rollback();
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  try {
    auto impl = std::make_unique<Impl>(url);
    impl->channel.exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
    return std::unique_ptr<Connection>(new Connection(std::move(impl)));
  } catch (const pqxx::broken_connection&) {
    return Error::Unavailable("the database server cannot be reached or refused the connection");
  } catch (const pqxx::sql_error& e) {
    return ErrorFromState(e.sqlstate(), "connecting");
  } catch (const std::exception&) {
    return Error::Unavailable("the database server cannot be reached or refused the connection");
  }
}

Result<Rows> Connection::Run(std::string_view sql, const Params& params) {
  if (failed_) return *failed_;
  auto out = Guard("running a statement", [&]() -> Result<Rows> {
    std::vector<const char*> values;
    values.reserve(params.values().size());
    for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
    const std::string& name = impl_->Prepared(sql);
    auto rows = std::make_unique<Rows::Impl>();
    rows->result = impl_->channel.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
    return Rows(std::move(rows));
  });
  if (!out.ok() && in_transaction_) failed_ = out.error();
  return out;
}

Status Connection::RunScript(std::string_view sql) {
  if (failed_) return *failed_;
  auto out = Guard("running a script", [&]() -> Status {
    impl_->channel.exec(std::string(sql));
    return OkStatus();
  });
  if (!out.ok() && in_transaction_) failed_ = out.error();
  return out;
}

Status Connection::Copy(const std::string& table, const std::vector<std::string>& columns,
                        const std::vector<Params>& rows) {
  if (failed_) return *failed_;
  if (columns.empty() || columns.size() > kMaxCopyColumns) {
    return Error::Internal("a COPY of an unsupported number of columns");
  }
  for (const Params& row : rows) {
    if (row.values().size() != columns.size()) {
      return Error::Internal("a COPY row does not have one value per column");
    }
  }
  static constexpr auto kCopy = CopyTable(std::make_index_sequence<kMaxCopyColumns>());
  auto out = Guard("copying rows", [&]() -> Status {
    kCopy[columns.size() - 1](impl_->channel, table, columns, rows);
    return OkStatus();
  });
  if (!out.ok() && in_transaction_) failed_ = out.error();
  return out;
}

Status Connection::Begin(Isolation isolation) {
  if (in_transaction_) return Error::Internal("a transaction is already open");
  failed_.reset();
  HOPTAC_RETURN_IF_ERROR(Guard("starting a transaction", [&]() -> Status {
    impl_->channel.exec(isolation == Isolation::kReadCommitted
                            ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return OkStatus();
  }));
  in_transaction_ = true;
  return OkStatus();
}

Status Connection::Commit() {
  if (!in_transaction_) return Error::Internal("no transaction is open");
  if (failed_) {
    Error first = *failed_;
    Rollback();
    return first;
  }
  in_transaction_ = false;
  return Guard("committing", [&]() -> Status {
    // A statement that failed was recorded in failed_ above, so the server's transaction is
    // not an aborted one (whose COMMIT it would answer with a silent ROLLBACK).
    impl_->channel.exec("COMMIT");
    return OkStatus();
  });
}

void Connection::Rollback() {
  in_transaction_ = false;
  failed_.reset();
  try {
    impl_->channel.exec("ROLLBACK");
  } catch (const std::exception&) {
    // The connection is gone, and the server rolled the transaction back with it.
  }
}

}  // namespace hoptac::store::postgres
