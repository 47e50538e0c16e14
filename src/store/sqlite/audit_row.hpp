#pragma once
// Writes of the SQLite stores that carry their audit entry: the audit row, and one BEGIN IMMEDIATE
// transaction around a write and its row. Private to store/.

#include <functional>
#include <string_view>

#include "base/result.hpp"
#include "domain/audit.hpp"
#include "store/sqlite/connection.hpp"

namespace hoptac::store::sqlite {

// Appends one audit entry (audit_log is append-only); parameters ?1..?8 as BindAuditRow binds them.
inline constexpr std::string_view kInsertAuditRow =
    "INSERT INTO audit_log (at, actor, address, request_id, action, entity, before, after) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
void BindAuditRow(Statement& st, const domain::AuditEntry& a);
// Prepares kInsertAuditRow on `db` and runs it for `a`.
Status InsertAuditRow(Connection& db, const domain::AuditEntry& a);

// Runs `write` in one BEGIN IMMEDIATE transaction: COMMIT when it succeeds, ROLLBACK (and its
// error) otherwise.
Status InImmediateTransaction(Connection& db, const std::function<Status()>& write);

}  // namespace hoptac::store::sqlite
