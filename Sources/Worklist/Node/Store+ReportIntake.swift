import BIRADS
import Foundation
import GRDB
import Reports

/// What storing a report that arrived on its own (HL7) did.
public struct ReportIntake: Sendable, Hashable {
  /// The report's row.
  public var reportID: Int64
  /// False when the same text for the same accession was already stored.
  public var isNew: Bool
  /// The exam it was paired with, if its images are already here.
  public var examStudyInstanceUID: String?
  /// Results whose agreement was graded again against this report.
  public var regradedResults: Int
  /// False when an earlier report of higher standing stays current (a preliminary after a final).
  public var isCurrent: Bool
}

extension Store {
  /// Keys of every exam in the store, for pairing a report that arrives without images.
  public func examKeys() throws(StoreError) -> [StudyKey] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT accession, patient_id, study_date, study_instance_uid FROM exam").map { row in
        StudyKey(accession: row[0], patientID: row[1], studyDate: row[2], studyInstanceUID: row[3])
      }
    }
  }

  /// The current report of every accession that `keys` could pair with: by accession number or by
  /// patient ID (the pairing rules then decide). One report per accession: corrected over final
  /// over preliminary, then the latest version.
  public func currentReports(near keys: [StudyKey]) throws(StoreError) -> [Report] {
    try read { db in
      var reports = [Report]()
      var seen = Set<Int64>()
      for key in keys {
        let rows = try Row.fetchAll(
          db,
          sql: """
            SELECT r.id, r.accession, r.source, r.status, r.radiologist, r.text, r.received_at, x.patient_id, x.study_date
            FROM report r LEFT JOIN report_origin x ON x.report_id = r.id
            WHERE r.accession = ? OR x.patient_id = ?
            ORDER BY r.accession, CASE r.status WHEN 'C' THEN 3 WHEN 'F' THEN 2 ELSE 1 END DESC, r.version DESC
            """, arguments: [key.accession ?? "", key.patientID ?? ""])
        var accessions = Set<String>()
        for row in rows {
          let id: Int64 = row[0]
          let accession: String = row[1]
          guard accessions.insert(accession).inserted, seen.insert(id).inserted else { continue }
          reports.append(
            Report(
              accession: accession, patientID: row[7], studyDate: row[8], text: row[5], source: row[2],
              status: Report.Status(rawValue: row[3]) ?? .final, radiologist: row[4]))
        }
      }
      return reports
    }
  }

  /// Stores a report that arrived on its own, pairs it with `examStudyInstanceUID` when the exam
  /// is already stored, and grades every result of that exam again when this report is now its
  /// current one (a corrected or final report supersedes an earlier one of the same accession; a
  /// preliminary one does not supersede a final one). One transaction.
  public func receiveReport(
    _ report: Report, findings: ReportFindings, examStudyInstanceUID: String?
  ) throws(StoreError) -> ReportIntake {
    try write { db in
      let now = Self.timestamp()
      let examID: Int64? = try examStudyInstanceUID.flatMap {
        try Int64.fetchOne(db, sql: "SELECT id FROM exam WHERE study_instance_uid = ?", arguments: [$0])
      }
      let before = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM report") ?? 0
      let reader = report.radiologist.flatMap(RadiologistName.normalize) ?? findings.reader
      guard let reportID = try Self.insertReport(db, report, reader: reader, examID: examID, now: now) else {
        throw StoreError(path: report.source, reason: "report not stored")
      }
      let isNew = (try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM report") ?? 0) > before
      try db.execute(
        sql: """
          INSERT INTO report_origin (report_id, patient_id, study_date) VALUES (?, ?, ?)
          ON CONFLICT (report_id) DO NOTHING
          """, arguments: [reportID, report.patientID, report.studyDate])
      try Self.insertExtraction(db, findings, reportID: reportID)
      guard let examID else {
        return ReportIntake(
          reportID: reportID, isNew: isNew, examStudyInstanceUID: nil, regradedResults: 0, isCurrent: true)
      }
      // The exam's current report: highest standing (C > F > P), then the latest version.
      let current = try Int64.fetchOne(
        db,
        sql: """
          SELECT id FROM report WHERE exam_id = ? AND accession = ?
          ORDER BY CASE status WHEN 'C' THEN 3 WHEN 'F' THEN 2 ELSE 1 END DESC, version DESC LIMIT 1
          """, arguments: [examID, report.accession])
      guard current == reportID else {
        return ReportIntake(
          reportID: reportID, isNew: isNew, examStudyInstanceUID: examStudyInstanceUID, regradedResults: 0,
          isCurrent: false)
      }
      var regraded = 0
      for row in try Row.fetchAll(
        db, sql: "SELECT id, composition FROM exam_result WHERE exam_id = ?", arguments: [examID])
      {
        let resultID: Int64 = row[0]
        guard let model = BreastComposition(rawValue: row[1]) else { continue }
        let status = AgreementStatus(model: model, report: findings.density, hasReport: true)
        let crosses = findings.density.map { $0.isDense != model.isDense } ?? false
        try db.execute(
          sql: """
            UPDATE exam_result SET report_id = ?, report_density = ?, agreement = ?, crosses_dense_boundary = ?
            WHERE id = ?
            """, arguments: [reportID, findings.density?.rawValue, status.rawValue, crosses, resultID])
        let open = try Row.fetchOne(
          db, sql: "SELECT grade, report_density FROM disagreement WHERE result_id = ?", arguments: [resultID])
        if status.isDisagreement, let density = findings.density {
          if open == nil || (open?[0] as String?) != status.rawValue || (open?[1] as String?) != density.rawValue {
            // A different disagreement is a new question for the reviewer.
            try db.execute(sql: "DELETE FROM disagreement WHERE result_id = ?", arguments: [resultID])
            try db.execute(
              sql: """
                INSERT INTO disagreement (result_id, grade, crosses_dense_boundary, model_density, report_density, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [resultID, status.rawValue, crosses, model.rawValue, density.rawValue, now])
          }
        } else {
          try db.execute(sql: "DELETE FROM disagreement WHERE result_id = ?", arguments: [resultID])
        }
        try db.execute(
          sql: """
            INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
            VALUES (?, 'densa', 'report-regraded', 'exam_result', ?, NULL, ?)
            """, arguments: [now, resultID, status.rawValue])
        regraded += 1
      }
      return ReportIntake(
        reportID: reportID, isNew: isNew, examStudyInstanceUID: examStudyInstanceUID, regradedResults: regraded,
        isCurrent: true)
    }
  }
}
