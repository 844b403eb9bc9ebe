import Foundation
import GRDB

/// Progress of one backfill (a PACS and a date range).
public struct BackfillProgress: Sendable, Hashable {
  public var jobID: Int64
  public var pending: Int
  public var retrieved: Int
  public var failed: Int
  public var total: Int { pending + retrieved + failed }
}

extension Store {
  /// The backfill of `pacs` over the dates, created when new; the same request later resumes it.
  /// Returns its id and whether its C-FIND has already been done.
  public func backfillJob(pacs: String, from: String, to: String) throws(StoreError) -> (id: Int64, queried: Bool) {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO backfill_job (pacs, date_from, date_to, state, created_at) VALUES (?, ?, ?, 'querying', ?)
          ON CONFLICT (pacs, date_from, date_to) DO NOTHING
          """, arguments: [pacs, from, to, Self.timestamp()])
      let row = try Row.fetchOne(
        db, sql: "SELECT id, state FROM backfill_job WHERE pacs = ? AND date_from = ? AND date_to = ?",
        arguments: [pacs, from, to])!
      let state: String = row[1]
      return (row[0], state != "querying")
    }
  }

  /// Records the studies the PACS listed for a job (once); the job moves on to retrieving.
  public func addBackfillStudies(_ studyInstanceUIDs: [String], job: Int64) throws(StoreError) {
    try write { db in
      for uid in studyInstanceUIDs {
        try db.execute(
          sql: """
            INSERT INTO backfill_study (job_id, study_instance_uid, state) VALUES (?, ?, 'pending')
            ON CONFLICT (job_id, study_instance_uid) DO NOTHING
            """, arguments: [job, uid])
      }
      try db.execute(sql: "UPDATE backfill_job SET state = 'retrieving' WHERE id = ?", arguments: [job])
    }
  }

  /// The studies of a job still to retrieve, in the order they were listed.
  public func pendingBackfillStudies(job: Int64) throws(StoreError) -> [String] {
    try read { db in
      try String.fetchAll(
        db, sql: "SELECT study_instance_uid FROM backfill_study WHERE job_id = ? AND state = 'pending' ORDER BY id",
        arguments: [job])
    }
  }

  /// Records the outcome of one C-MOVE. A failed study stays pending until `maxAttempts`.
  public func recordBackfillMove(
    job: Int64, study: String, retrieved: Bool, instances: Int, error: String?, maxAttempts: Int
  ) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: """
          UPDATE backfill_study SET attempts = attempts + 1, instances = ?, last_error = ?,
            state = CASE WHEN ? THEN 'retrieved' WHEN attempts + 1 >= ? THEN 'failed' ELSE 'pending' END
          WHERE job_id = ? AND study_instance_uid = ?
          """, arguments: [instances, error, retrieved, maxAttempts, job, study])
      let left =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM backfill_study WHERE job_id = ? AND state = 'pending'", arguments: [job]) ?? 0
      if left == 0 { try db.execute(sql: "UPDATE backfill_job SET state = 'done' WHERE id = ?", arguments: [job]) }
    }
  }

  /// How far a job has come.
  public func backfillProgress(job: Int64) throws(StoreError) -> BackfillProgress {
    try read { db in
      var p = BackfillProgress(jobID: job, pending: 0, retrieved: 0, failed: 0)
      for row in try Row.fetchAll(
        db, sql: "SELECT state, COUNT(*) FROM backfill_study WHERE job_id = ? GROUP BY state", arguments: [job])
      {
        let state: String = row[0]
        let n: Int = row[1]
        switch state {
        case "pending": p.pending = n
        case "retrieved": p.retrieved = n
        default: p.failed = n
        }
      }
      return p
    }
  }
}
