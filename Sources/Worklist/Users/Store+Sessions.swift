import Crypto
import Foundation
import GRDB

/// One stored login session: what the web listener's session middleware keeps under a key.
public struct StoredSession: Sendable, Equatable {
  /// The session's data (JSON).
  public var value: Data
  /// When it expires (seconds since 1970), or nil for never.
  public var expiresAt: Double?

  public init(value: Data, expiresAt: Double?) {
    self.value = value
    self.expiresAt = expiresAt
  }
}

extension Store {
  /// Stores a session under `key` (kept as its SHA-256 only). With `createOnly`, returns false
  /// instead of overwriting one that is there; an update with no expiry keeps the old one.
  @discardableResult
  public func putSession(key: String, _ session: StoredSession, createOnly: Bool = false) throws(StoreError) -> Bool {
    let hash = Self.sessionKeyHash(key)
    return try write { db in
      let existing = try Row.fetchOne(
        db, sql: "SELECT expires_at FROM web_session WHERE key_sha256 = ?", arguments: [hash])
      if existing != nil && createOnly { return false }
      let expires = session.expiresAt ?? existing.flatMap { $0[0] as Double? }
      try db.execute(
        sql: "INSERT OR REPLACE INTO web_session (key_sha256, value, expires_at) VALUES (?, ?, ?)",
        arguments: [hash, session.value, expires])
      return true
    }
  }

  /// The session under `key`, unless it has expired by `now` (an expired one is deleted).
  public func session(key: String, now: Date = Date()) throws(StoreError) -> StoredSession? {
    let hash = Self.sessionKeyHash(key)
    let found = try read { db in
      try Row.fetchOne(db, sql: "SELECT value, expires_at FROM web_session WHERE key_sha256 = ?", arguments: [hash])
        .map { StoredSession(value: $0[0], expiresAt: $0[1]) }
    }
    guard let found else { return nil }
    if let expires = found.expiresAt, expires <= now.timeIntervalSince1970 {
      try removeSession(key: key)
      return nil
    }
    return found
  }

  /// Forgets the session under `key` (logout).
  public func removeSession(key: String) throws(StoreError) {
    let hash = Self.sessionKeyHash(key)
    try write { db in try db.execute(sql: "DELETE FROM web_session WHERE key_sha256 = ?", arguments: [hash]) }
  }

  /// Deletes every session expired by `now`; returns how many.
  @discardableResult
  public func removeExpiredSessions(now: Date = Date()) throws(StoreError) -> Int {
    try write { db in
      try db.execute(
        sql: "DELETE FROM web_session WHERE expires_at IS NOT NULL AND expires_at <= ?",
        arguments: [now.timeIntervalSince1970])
      return db.changesCount
    }
  }

  /// How many sessions are stored (expired ones not yet deleted included).
  public func sessionCount() throws(StoreError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_session") ?? 0 }
  }

  static func sessionKeyHash(_ key: String) -> String {
    SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
  }
}
