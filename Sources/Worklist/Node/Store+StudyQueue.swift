import Foundation
import GRDB

extension Store {
  private static let queuedStudyColumns =
    "study_instance_uid, state, revision, first_received, last_received, attempts, last_error"

  private static func queuedStudy(_ row: Row) -> QueuedStudy {
    QueuedStudy(
      studyInstanceUID: row[0], state: StudyQueueState(rawValue: row[1]) ?? .failed, revision: row[2],
      firstReceived: row[3], lastReceived: row[4], attempts: row[5], lastError: row[6])
  }

  /// Studies in `state`, oldest arrival first.
  public func queuedStudies(_ state: StudyQueueState) throws(StoreError) -> [QueuedStudy] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT \(Self.queuedStudyColumns) FROM study_queue WHERE state = ? ORDER BY first_received",
        arguments: [state.rawValue]
      ).map(Self.queuedStudy)
    }
  }

  /// One study of the queue, if the node has seen it.
  public func queuedStudy(_ studyInstanceUID: String) throws(StoreError) -> QueuedStudy? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.queuedStudyColumns) FROM study_queue WHERE study_instance_uid = ?",
        arguments: [studyInstanceUID]
      ).map(Self.queuedStudy)
    }
  }

  /// Moves a receiving study to `ready` unless an image arrived after `seenLastReceived`.
  @discardableResult
  public func markStudyReady(_ studyInstanceUID: String, seenLastReceived: Double) throws(StoreError) -> Bool {
    try write { db in
      try db.execute(
        sql: """
          UPDATE study_queue SET state = 'ready'
          WHERE study_instance_uid = ? AND state = 'receiving' AND last_received <= ?
          """, arguments: [studyInstanceUID, seenLastReceived])
      return db.changesCount > 0
    }
  }

  /// Takes the oldest ready study for processing: its state becomes `processing` and its revision
  /// and attempt count go up by one.
  public func claimReadyStudy(at time: Double) throws(StoreError) -> QueuedStudy? {
    try write { db in
      guard
        let uid = try String.fetchOne(
          db, sql: "SELECT study_instance_uid FROM study_queue WHERE state = 'ready' ORDER BY last_received LIMIT 1")
      else { return nil }
      try db.execute(
        sql: """
          UPDATE study_queue SET state = 'processing', revision = revision + 1, attempts = attempts + 1,
            processed_at = ? WHERE study_instance_uid = ?
          """, arguments: [time, uid])
      return try Row.fetchOne(
        db, sql: "SELECT \(Self.queuedStudyColumns) FROM study_queue WHERE study_instance_uid = ?", arguments: [uid]
      ).map(Self.queuedStudy)
    }
  }

  /// Ends processing of a study that started at `startedAt`. When images arrived meanwhile the
  /// study goes back to `receiving` (it will be processed again, superseding this result).
  public func finishStudy(
    _ studyInstanceUID: String, startedAt: Double, state: StudyQueueState, error: String? = nil
  ) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: """
          UPDATE study_queue SET
            state = CASE WHEN last_received > ? THEN 'receiving' ELSE ? END,
            last_error = ?
          WHERE study_instance_uid = ?
          """, arguments: [startedAt, state.rawValue, error, studyInstanceUID])
    }
  }

  /// After a restart: studies left `processing` by a process that died go back to `ready` (the
  /// interrupted run stored nothing of the exam, which is one transaction).
  @discardableResult
  public func resumeInterruptedStudies() throws(StoreError) -> Int {
    try write { db in
      try db.execute(
        sql: "UPDATE study_queue SET state = 'ready' WHERE state = 'processing'")
      return db.changesCount
    }
  }

  /// How many studies are in each state.
  public func studyQueueCounts() throws(StoreError) -> [StudyQueueState: Int] {
    try read { db in
      var counts = [StudyQueueState: Int]()
      for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) FROM study_queue GROUP BY state") {
        if let state = StudyQueueState(rawValue: row[0]) { counts[state] = row[1] }
      }
      return counts
    }
  }
}
