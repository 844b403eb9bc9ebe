import DICOM
import Foundation
import GRDB

/// The result an exam already has from a model: what a new result for it supersedes.
public struct PreviousResult: Sendable, Hashable {
  public var id: Int64
  public var revision: Int
  public var composition: String
  public var jsonPath: String
  public var srPath: String?
  /// The SR to name as predecessor, when one was written.
  public var structuredReport: DensityReport.Predecessor?
}

extension Store {
  /// The current result of an exam from the model with this identity key (``ModelIdentity/key``:
  /// the weights' SHA-256, with the precision when not fp32), if any.
  public func currentResult(studyInstanceUID: String, modelKey: String) throws(StoreError) -> PreviousResult? {
    try read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT r.id, r.revision, r.composition, r.json_path, r.sr_path, r.sr_sop_instance_uid, r.sr_series_instance_uid
            FROM exam_result r JOIN exam e ON e.id = r.exam_id JOIN model m ON m.id = r.model_id
            WHERE e.study_instance_uid = ? AND m.weights_sha256 = ?
            """, arguments: [studyInstanceUID, modelKey])
      else { return nil }
      let sop: String? = row[5]
      let series: String? = row[6]
      let predecessor = sop.map { sop in
        DensityReport.Predecessor(
          studyInstanceUID: studyInstanceUID,
          seriesInstanceUID: series ?? DensityStructuredReport.seriesUID(study: studyInstanceUID, modelKey: modelKey),
          sopClassUID: SOPClass.comprehensive3DSR, sopInstanceUID: sop)
      }
      return PreviousResult(
        id: row[0], revision: row[1], composition: row[2], jsonPath: row[3], srPath: row[4],
        structuredReport: predecessor)
    }
  }

  /// Replaces `earlier` by the new result in one transaction. The earlier result stays in
  /// `exam_result_history` (its files are not touched); a review of its disagreement carries over
  /// when the new result disagrees in the same way, and the change is written to the audit log.
  public func supersede(_ earlier: PreviousResult, with r: ExamRecord) throws(StoreError) {
    try write { db in
      let now = Self.timestamp()
      guard
        let old = try Row.fetchOne(
          db,
          sql: """
            SELECT exam_id, model_id, revision, composition, json_path, sr_path, sr_sop_instance_uid, created_at
            FROM exam_result WHERE id = ?
            """, arguments: [earlier.id])
      else {
        throw StoreError(path: "exam \(r.exam.studyInstanceUID)", reason: "the result being superseded is gone")
      }
      let review = try Row.fetchOne(
        db,
        sql: """
          SELECT grade, model_density, report_density, review_state, reviewer, note FROM disagreement
          WHERE result_id = ? AND review_state != 'open'
          """, arguments: [earlier.id])
      try db.execute(
        sql: """
          INSERT INTO exam_result_history (exam_id, model_id, revision, composition, json_path, sr_path,
            sr_sop_instance_uid, created_at, superseded_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [old[0], old[1], old[2], old[3], old[4], old[5], old[6], old[7], now])
      try db.execute(sql: "DELETE FROM exam_result WHERE id = ?", arguments: [earlier.id])
      let examID = try Self.upsertExam(db, r.exam, now: now)
      try Self.insertImages(db, r.exam, examID: examID)
      let modelID = try Self.registerModel(db, r.model, card: r.modelCard, now: now)
      var reportID: Int64? = nil
      if let report = r.report {
        reportID = try Self.insertReport(db, report, reader: r.reader, examID: examID, now: now)
        if let findings = r.findings, let reportID { try Self.insertExtraction(db, findings, reportID: reportID) }
      }
      try Self.insertResult(db, r, examID: examID, modelID: modelID, reportID: reportID, now: now)
      let newID = db.lastInsertedRowID
      let resultID =
        try Int64.fetchOne(
          db, sql: "SELECT id FROM exam_result WHERE exam_id = ? AND model_id = ?", arguments: [examID, modelID])
        ?? newID
      if let review {
        try db.execute(
          sql: """
            UPDATE disagreement SET review_state = ?, reviewer = ?, note = ?
            WHERE result_id = ? AND grade = ? AND model_density = ? AND report_density = ?
            """, arguments: [review[3], review[4], review[5], resultID, review[0], review[1], review[2]])
      }
      let before: String = "revision \(earlier.revision): \(earlier.composition)"
      let after = "revision \(r.revision): \(r.document.examDensity?.composition ?? "-")"
      try db.execute(
        sql: """
          INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
          VALUES (?, 'densa', 'result-superseded', 'exam_result', ?, ?, ?)
          """, arguments: [now, resultID, before, after])
    }
  }
}

extension Store {
  /// SOP Instance UIDs of the images stored with an exam's results (every image known when its
  /// latest result was recorded).
  public func recordedImageUIDs(studyInstanceUID: String) throws(StoreError) -> Set<String> {
    try read { db in
      Set(
        try String.fetchAll(
          db,
          sql: """
            SELECT i.sop_instance_uid FROM image i JOIN exam e ON e.id = i.exam_id WHERE e.study_instance_uid = ?
            """, arguments: [studyInstanceUID]))
    }
  }
}
