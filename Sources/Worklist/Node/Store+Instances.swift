import Foundation
import GRDB

/// An instance the DICOM node has written to its storage folder, ready to be registered.
public struct ReceivedInstanceRecord: Sendable, Hashable {
  public var sopInstanceUID: String
  public var sopClassUID: String
  public var studyInstanceUID: String
  public var transferSyntax: String
  /// Where the file now lies (already fsynced and renamed into place).
  public var path: String
  /// SHA-256 of the file's bytes, lowercase hex.
  public var sha256: String
  public var size: Int
  public var callingAETitle: String

  public init(
    sopInstanceUID: String, sopClassUID: String, studyInstanceUID: String, transferSyntax: String, path: String,
    sha256: String, size: Int, callingAETitle: String
  ) {
    self.sopInstanceUID = sopInstanceUID
    self.sopClassUID = sopClassUID
    self.studyInstanceUID = studyInstanceUID
    self.transferSyntax = transferSyntax
    self.path = path
    self.sha256 = sha256
    self.size = size
    self.callingAETitle = callingAETitle
  }
}

/// What registering a received instance did.
public enum InstanceRegistration: Sendable, Equatable {
  /// A new instance: stored, and its study marked as receiving.
  case stored
  /// The same SOP Instance UID with the same bytes was already stored: nothing new.
  case duplicate
  /// The same SOP Instance UID with other bytes: kept apart as a conflict, the stored one untouched.
  case conflict(existingSHA256: String)
}

/// An instance as the node stored it.
public struct StoredInstance: Sendable, Hashable {
  public var sopInstanceUID: String
  public var sopClassUID: String
  public var studyInstanceUID: String
  public var path: String
  public var sha256: String
}

extension Store {
  /// Registers a received instance in one transaction: a new SOP Instance UID is stored and its
  /// study (re)opened for completion at `time` (seconds since 1970); the same UID with the same
  /// digest is a duplicate; with another digest it is recorded as a conflict.
  public func registerInstance(_ r: ReceivedInstanceRecord, at time: Double) throws(StoreError) -> InstanceRegistration
  {
    try write { db in
      let now = Self.timestamp(Date(timeIntervalSince1970: time))
      if let existing = try String.fetchOne(
        db, sql: "SELECT sha256 FROM instance WHERE sop_instance_uid = ?", arguments: [r.sopInstanceUID])
      {
        if existing == r.sha256 { return .duplicate }
        try db.execute(
          sql: """
            INSERT INTO instance_conflict (sop_instance_uid, sha256, path, calling_ae, received_at)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT (sop_instance_uid, sha256) DO NOTHING
            """, arguments: [r.sopInstanceUID, r.sha256, r.path, r.callingAETitle, now])
        return .conflict(existingSHA256: existing)
      }
      try db.execute(
        sql: """
          INSERT INTO instance (sop_instance_uid, sop_class_uid, study_instance_uid, transfer_syntax, path, sha256,
            size, calling_ae, received_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          r.sopInstanceUID, r.sopClassUID, r.studyInstanceUID, r.transferSyntax, r.path, r.sha256, r.size,
          r.callingAETitle, now,
        ])
      // A study already processed (or given up on) is reopened: its result will be superseded.
      try db.execute(
        sql: """
          INSERT INTO study_queue (study_instance_uid, state, first_received, last_received) VALUES (?, 'receiving', ?, ?)
          ON CONFLICT (study_instance_uid) DO UPDATE SET last_received = excluded.last_received,
            state = CASE WHEN state IN ('done', 'not-classified', 'failed') THEN 'receiving' ELSE state END,
            attempts = CASE WHEN state = 'failed' THEN 0 ELSE attempts END
          """, arguments: [r.studyInstanceUID, time, time])
      return .stored
    }
  }

  /// The instances stored for a study, in the order they arrived.
  public func instances(studyInstanceUID: String) throws(StoreError) -> [StoredInstance] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT sop_instance_uid, sop_class_uid, study_instance_uid, path, sha256 FROM instance
          WHERE study_instance_uid = ? ORDER BY id
          """, arguments: [studyInstanceUID]
      ).map { row in
        StoredInstance(
          sopInstanceUID: row[0], sopClassUID: row[1], studyInstanceUID: row[2], path: row[3], sha256: row[4])
      }
    }
  }

  /// How many instances, distinct studies and conflicts the node holds.
  public func instanceCounts() throws(StoreError) -> (instances: Int, studies: Int, conflicts: Int) {
    try read { db in
      let instances = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM instance") ?? 0
      let studies = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT study_instance_uid) FROM instance") ?? 0
      let conflicts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM instance_conflict") ?? 0
      return (instances, studies, conflicts)
    }
  }
}
