import Foundation
import GRDB

extension Store {
  /// Adds an account with an already hashed password (bcrypt; the plain text never reaches the
  /// store), audited as `user-add` by `actor`. Throws when the name is taken or not valid.
  @discardableResult
  public func addUser(name: String, passwordHash: String, role: UserRole, actor: String) throws(StoreError)
    -> UserAccount
  {
    guard UserAccount.isValidName(name) else {
      throw StoreError(path: path, reason: "a user name is 1 to 64 letters, digits, '.', '_', '-' or '@': '\(name)'")
    }
    guard passwordHash.hasPrefix("$2") else {
      throw StoreError(path: path, reason: "refusing to store a password that is not a bcrypt hash")
    }
    let path = self.path
    return try write { db in
      if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_account WHERE name = ?", arguments: [name]) ?? 0 > 0 {
        throw StoreError(path: path, reason: "a user named \(name) already exists")
      }
      let now = Store.timestamp()
      try db.execute(
        sql: "INSERT INTO user_account (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
        arguments: [name, passwordHash, role.rawValue, now])
      let id = db.lastInsertedRowID
      try db.execute(
        sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [now, actor, "user-add", "user", id, nil, "\(name) (\(role.rawValue))"])
      return UserAccount(id: id, name: name, role: role, created: now)
    }
  }

  /// Removes an account (its sessions stop working: they name its id), audited as `user-remove`.
  /// Returns false when there is no such account.
  @discardableResult
  public func removeUser(name: String, actor: String) throws(StoreError) -> Bool {
    try write { db in
      guard let user = try Self.fetchUser(db, where: "name = ?", [name]) else { return false }
      try db.execute(sql: "DELETE FROM user_account WHERE id = ?", arguments: [user.id])
      try db.execute(
        sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [
          Store.timestamp(), actor, "user-remove", "user", user.id, "\(user.name) (\(user.role.rawValue))", nil,
        ])
      return true
    }
  }

  /// Every account, by name.
  public func users() throws(StoreError) -> [UserAccount] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT id, name, role, created_at FROM user_account ORDER BY name").compactMap(
        Self.account)
    }
  }

  /// The account with this id, if it still exists.
  public func user(id: Int64) throws(StoreError) -> UserAccount? {
    try read { db in try Self.fetchUser(db, where: "id = ?", [id]) }
  }

  /// The account with this name (without case) and its bcrypt hash, for checking a password.
  public func credentials(name: String) throws(StoreError) -> (account: UserAccount, passwordHash: String)? {
    try read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT id, name, role, created_at, password_hash FROM user_account WHERE name = ?",
          arguments: [name]),
        let account = Self.account(row)
      else { return nil }
      return (account, row[4])
    }
  }

  /// How many accounts there are.
  public func userCount() throws(StoreError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_account") ?? 0 }
  }

  private static func fetchUser(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
    -> UserAccount?
  {
    try Row.fetchOne(
      db, sql: "SELECT id, name, role, created_at FROM user_account WHERE \(condition)", arguments: arguments
    ).flatMap(account)
  }

  private static func account(_ row: Row) -> UserAccount? {
    guard let role = UserRole(rawValue: row[2]) else { return nil }
    return UserAccount(id: row[0], name: row[1], role: role, created: row[3])
  }
}
