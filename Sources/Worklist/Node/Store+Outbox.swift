import Foundation
import GRDB

extension Store {
  private static let outboxColumns = """
    id, destination, sop_instance_uid, study_instance_uid, path, kind, state, attempts, next_attempt,
    last_status, last_error, created_at, sent_at
    """

  private static func outboxItem(_ row: Row) -> OutboxItem {
    OutboxItem(
      id: row[0], destination: row[1], sopInstanceUID: row[2], studyInstanceUID: row[3], path: row[4], kind: row[5],
      state: OutboxItem.State(rawValue: row[6]) ?? .pending, attempts: row[7], nextAttempt: row[8], lastStatus: row[9],
      lastError: row[10], createdAt: row[11], sentAt: row[12])
  }

  /// Queues `path` for every destination; an object already queued for a destination (whatever
  /// its state) is not queued again, so a result is never sent twice to one place.
  /// Returns how many entries were added.
  @discardableResult
  public func enqueue(
    sopInstanceUID: String, studyInstanceUID: String, path: String, kind: String, destinations: [String],
    at time: Double
  ) throws(StoreError) -> Int {
    try write { db in
      let now = Self.timestamp(Date(timeIntervalSince1970: time))
      var added = 0
      for destination in destinations {
        try db.execute(
          sql: """
            INSERT INTO outbox (destination, sop_instance_uid, study_instance_uid, path, kind, state, next_attempt, created_at)
            VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (destination, sop_instance_uid) DO NOTHING
            """, arguments: [destination, sopInstanceUID, studyInstanceUID, path, kind, time, now])
        added += db.changesCount
      }
      return added
    }
  }

  /// Pending entries whose next attempt is due at `time`, oldest first.
  public func dueOutboxItems(at time: Double, limit: Int = 32) throws(StoreError) -> [OutboxItem] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.outboxColumns) FROM outbox WHERE state = 'pending' AND next_attempt <= ?
          ORDER BY next_attempt, id LIMIT ?
          """, arguments: [time, limit]
      ).map(Self.outboxItem)
    }
  }

  /// Every entry, optionally only those in `state`, newest first.
  public func outboxItems(state: OutboxItem.State? = nil, limit: Int = 1000) throws(StoreError) -> [OutboxItem] {
    try read { db in
      if let state {
        return try Row.fetchAll(
          db, sql: "SELECT \(Self.outboxColumns) FROM outbox WHERE state = ? ORDER BY id DESC LIMIT ?",
          arguments: [state.rawValue, limit]
        ).map(Self.outboxItem)
      }
      return try Row.fetchAll(
        db, sql: "SELECT \(Self.outboxColumns) FROM outbox ORDER BY id DESC LIMIT ?", arguments: [limit]
      ).map(Self.outboxItem)
    }
  }

  /// Records that the peer answered success for entry `id`. Only a pending entry becomes sent.
  @discardableResult
  public func markSent(_ id: Int64, status: UInt16, at time: Double) throws(StoreError) -> Bool {
    try markSent(id, answer: Self.hex(status), at: time)
  }

  /// Records that the peer answered success for entry `id`, its answer as text (an HL7 ACK code).
  @discardableResult
  public func markSent(_ id: Int64, answer: String, at time: Double) throws(StoreError) -> Bool {
    try write { db in
      try db.execute(
        sql: """
          UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_status = ?, last_error = NULL, sent_at = ?
          WHERE id = ? AND state = 'pending'
          """,
        arguments: [answer, Self.timestamp(Date(timeIntervalSince1970: time)), id])
      return db.changesCount > 0
    }
  }

  /// Records a failed attempt: the entry waits `retryAfter` seconds, or becomes dead once it has
  /// had `maxAttempts` attempts.
  public func markFailed(
    _ id: Int64, status: UInt16?, error: String, retryAfter: Double, maxAttempts: Int, at time: Double
  ) throws(StoreError) {
    try markFailed(
      id, answer: status.map(Self.hex), error: error, retryAfter: retryAfter, maxAttempts: maxAttempts, at: time)
  }

  /// Records a failed attempt whose answer, if any, is text (an HL7 ACK code).
  public func markFailed(
    _ id: Int64, answer: String?, error: String, retryAfter: Double, maxAttempts: Int, at time: Double
  ) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: """
          UPDATE outbox SET attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt = ?,
            state = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'pending' END
          WHERE id = ? AND state = 'pending'
          """, arguments: [answer, error, time + retryAfter, maxAttempts, id])
    }
  }

  /// Puts a dead or cancelled entry back in the queue, due now, with its attempts reset.
  @discardableResult
  public func retryOutboxItem(_ id: Int64, actor: String, at time: Double) throws(StoreError) -> Bool {
    try changeOutboxState(
      id, from: ["dead", "cancelled"], set: "state = 'pending', attempts = 0, next_attempt = \(time)", action: "retry",
      actor: actor)
  }

  /// Cancels a pending or dead entry: it will not be sent.
  @discardableResult
  public func cancelOutboxItem(_ id: Int64, actor: String) throws(StoreError) -> Bool {
    try changeOutboxState(id, from: ["pending", "dead"], set: "state = 'cancelled'", action: "cancel", actor: actor)
  }

  private func changeOutboxState(
    _ id: Int64, from states: [String], set assignment: String, action: String, actor: String
  ) throws(StoreError) -> Bool {
    try write { db in
      let before = try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE id = ?", arguments: [id])
      guard let before, states.contains(before) else { return false }
      try db.execute(sql: "UPDATE outbox SET \(assignment) WHERE id = ?", arguments: [id])
      let after = try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE id = ?", arguments: [id])
      try db.execute(
        sql: """
          INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
          VALUES (?, ?, ?, 'outbox', ?, ?, ?)
          """, arguments: [Self.timestamp(), actor, "outbox-\(action)", id, before, after])
      return true
    }
  }

  /// Entries per state.
  public func outboxCounts() throws(StoreError) -> [OutboxItem.State: Int] {
    try read { db in
      var counts = [OutboxItem.State: Int]()
      for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) FROM outbox GROUP BY state") {
        if let state = OutboxItem.State(rawValue: row[0]) { counts[state] = row[1] }
      }
      return counts
    }
  }

  static func hex(_ status: UInt16) -> String { String(format: "0x%04X", status) }
}
