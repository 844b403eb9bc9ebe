import GRDB

extension Store {
  /// Writes a page view to the audit log: `actor` (the logged-in user, or `loopback` when the
  /// web listener asks for no login) viewed `entity` (`exam`, `worklist`, `qa`, `model`) with
  /// densa's own id (0 for a page that shows no one exam). Nothing of the patient is written.
  public func recordView(of entity: String, id: Int64 = 0, by actor: String) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [Store.timestamp(), actor, "view", entity, id, nil, nil])
    }
  }

  /// Writes a web login event (`login`, `login-failed`, `logout`) for an account to the audit log.
  public func recordLogin(_ action: String, user: UserAccount) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [Store.timestamp(), user.name, action, "user", user.id, nil, user.role.rawValue])
    }
  }
}
