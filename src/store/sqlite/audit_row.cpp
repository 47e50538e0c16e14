#include "store/sqlite/audit_row.hpp"

namespace hoptac::store::sqlite {

void BindAuditRow(Statement& st, const domain::AuditEntry& a) {
  st.Bind(1, a.at.ToString())
      .Bind(2, a.actor)
      .Bind(3, a.address)
      .Bind(4, a.request_id)
      .Bind(5, a.action)
      .Bind(6, a.entity)
      .Bind(7, a.before)
      .Bind(8, a.after);
}

Status InsertAuditRow(Connection& db, const domain::AuditEntry& a) {
  HOPTAC_ASSIGN_OR_RETURN(Statement st, db.Prepare(kInsertAuditRow));
  BindAuditRow(st, a);
  return st.Run();
}

Status InImmediateTransaction(Connection& db, const std::function<Status()>& write) {
  HOPTAC_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status done = [&] {
    try {
      return write();
    } catch (...) {  // out of memory, say: the transaction must not stay open
      (void)db.Exec("ROLLBACK");
      throw;
    }
  }();
  if (!done.ok()) {
    (void)db.Exec("ROLLBACK");
    return done;
  }
  return db.Exec("COMMIT");
}

}  // namespace hoptac::store::sqlite
