import Classifier
import Crypto
import DICOM
import Foundation
import GRDB
import Reports

extension Store {
  /// The extractor name stored with each extraction, so a better reader can add its own rows.
  public static let extractorName = "densa-reports/2"

  /// True when this exam already has a result from the model with these weights run in this
  /// precision (`modelKey` is ``ModelIdentity/key``: the weights' SHA-256, `+bf16` under bf16).
  public func hasResult(studyInstanceUID: String, modelKey: String) throws(StoreError) -> Bool {
    try read { db in
      try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS (SELECT 1 FROM exam_result r JOIN exam e ON e.id = r.exam_id JOIN model m ON m.id = r.model_id
          WHERE e.study_instance_uid = ? AND m.weights_sha256 = ?)
          """, arguments: [studyInstanceUID, modelKey]) ?? false
    }
  }

  /// Stores one exam's result, its images, report, extraction and disagreement in one transaction.
  /// A result that already exists for the same exam and model is left untouched.
  @discardableResult
  public func record(_ r: ExamRecord) throws(StoreError) -> Bool {
    try write { db in
      let now = Self.timestamp()
      let examID = try Self.upsertExam(db, r.exam, now: now)
      try Self.insertImages(db, r.exam, examID: examID)
      let modelID = try Self.registerModel(db, r.model, card: r.modelCard, now: now)
      if try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM exam_result WHERE exam_id = ? AND model_id = ?)",
        arguments: [examID, modelID]) == true
      {
        return false
      }
      var reportID: Int64? = nil
      if let report = r.report {
        reportID = try Self.insertReport(db, report, reader: r.reader, examID: examID, now: now)
        if let findings = r.findings, let reportID { try Self.insertExtraction(db, findings, reportID: reportID) }
      }
      try Self.insertResult(db, r, examID: examID, modelID: modelID, reportID: reportID, now: now)
      return true
    }
  }

  /// Inserts the result rows of `r` (result, view and breast predictions, disagreement).
  static func insertResult(
    _ db: Database, _ r: ExamRecord, examID: Int64, modelID: Int64, reportID: Int64?, now: String
  ) throws {
    let d = r.document
    guard let density = d.examDensity else {
      throw StoreError(path: "exam \(r.exam.studyInstanceUID)", reason: "no exam density to store")
    }
    let breast = { (side: String) in d.breasts.first { $0.laterality == side }?.composition }
    try db.execute(
      sql: """
        INSERT INTO exam_result (exam_id, model_id, composition, score, confidence, right_composition,
          left_composition, deciding_breast, flags, report_id, report_density, agreement, crosses_dense_boundary,
          json_path, sr_path, sr_sop_instance_uid, sr_series_instance_uid, revision, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        examID, modelID, density.composition, density.score, density.confidence, breast("R"), breast("L"),
        density.decidingBreast, density.flags.joined(separator: "; "), reportID, d.report?.density,
        d.agreement.status, d.agreement.crossesDenseBoundary, r.jsonPath, r.srPath,
        d.structuredReport?.sopInstanceUID, d.structuredReport.map { _ in r.srSeriesInstanceUID }, r.revision, now,
      ])
    let resultID = db.lastInsertedRowID
    try recordPriorComparison(db, d.priorComparison, resultID: resultID)
    try recordUncertainty(db, d.uncertainty, resultID: resultID)
    for v in d.views {
      let p = v.probabilities
      try db.execute(
        sql: """
          INSERT INTO view_prediction (result_id, view, sop_instance_uid, p_a, p_b, p_c, p_d, composition, heatmap_path)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [resultID, v.view, v.sopInstanceUID, p.a, p.b, p.c, p.d, v.composition, r.heatmapPaths[v.view]])
    }
    for b in d.breasts {
      let p = b.probabilities
      try db.execute(
        sql: """
          INSERT INTO breast_prediction (result_id, laterality, p_a, p_b, p_c, p_d, composition, score)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """, arguments: [resultID, b.laterality, p.a, p.b, p.c, p.d, b.composition, b.score])
    }
    if let status = AgreementStatus(rawValue: d.agreement.status), status.isDisagreement,
      let reportDensity = d.report?.density
    {
      try db.execute(
        sql: """
          INSERT INTO disagreement (result_id, grade, crosses_dense_boundary, model_density, report_density, updated_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          resultID, status.rawValue, d.agreement.crossesDenseBoundary, density.composition, reportDensity, now,
        ])
    }
  }

  static func timestamp(_ date: Date = Date()) -> String {
    date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
  }

  static func upsertExam(_ db: Database, _ exam: Exam, now: String) throws -> Int64 {
    try db.execute(
      sql: """
        INSERT INTO exam (study_instance_uid, accession, patient_id, study_date, status, problems, first_seen)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (study_instance_uid) DO UPDATE SET status = excluded.status, problems = excluded.problems
        """,
      arguments: [
        exam.studyInstanceUID, exam.accessionNumber, exam.patientID, exam.studyDate, exam.status.rawValue,
        exam.problems.joined(separator: "; "), now,
      ])
    return try Int64.fetchOne(
      db, sql: "SELECT id FROM exam WHERE study_instance_uid = ?", arguments: [exam.studyInstanceUID])!
  }

  static func insertImages(_ db: Database, _ exam: Exam, examID: Int64) throws {
    let chosen = Dictionary(uniqueKeysWithValues: exam.views.map { ($0.value.mammogram.sopInstanceUID, $0.key) })
    for image in exam.images {
      let m = image.mammogram
      try db.execute(
        sql: """
          INSERT INTO image (exam_id, sop_instance_uid, path, view, chosen, manufacturer, transfer_syntax)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (sop_instance_uid) DO UPDATE SET path = excluded.path, view = excluded.view, chosen = excluded.chosen
          """,
        arguments: [
          examID, m.sopInstanceUID, image.url.path, chosen[m.sopInstanceUID]?.rawValue, chosen[m.sopInstanceUID] != nil,
          m.manufacturer, m.transferSyntax.rawValue,
        ])
    }
  }

  /// The model row is keyed by ``ModelIdentity/key`` (in the `weights_sha256` column): an fp32
  /// identity keeps the bare SHA-256 it always had, a bf16 one gets a row of its own.
  static func registerModel(_ db: Database, _ model: ModelIdentity, card: String, now: String) throws -> Int64 {
    try db.execute(
      sql: """
        INSERT INTO model (name, version, weights_sha256, card, registered_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (weights_sha256) DO NOTHING
        """, arguments: [model.name, model.version, model.key, card, now])
    return try Int64.fetchOne(db, sql: "SELECT id FROM model WHERE weights_sha256 = ?", arguments: [model.key])!
  }

  static func insertReport(_ db: Database, _ report: Report, reader: String?, examID: Int64?, now: String)
    throws -> Int64?
  {
    let digest = SHA256.hash(data: Data(report.text.utf8)).map { String(format: "%02x", $0) }.joined()
    if let id = try Int64.fetchOne(
      db, sql: "SELECT id FROM report WHERE accession = ? AND text_sha256 = ?", arguments: [report.accession, digest])
    {
      // A report that arrived before its images (HL7) is linked to its exam now.
      if let examID {
        try db.execute(sql: "UPDATE report SET exam_id = ? WHERE id = ? AND exam_id IS NULL", arguments: [examID, id])
      }
      return id
    }
    let version =
      (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM report WHERE accession = ?", arguments: [report.accession])
        ?? 0) + 1
    try db.execute(
      sql: """
        INSERT INTO report (exam_id, accession, source, status, radiologist, text, text_sha256, version, received_at,
          reader)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        examID, report.accession, report.source, report.status.rawValue, report.radiologist, report.text, digest,
        version, now, reader,
      ])
    return db.lastInsertedRowID
  }

  static func insertExtraction(_ db: Database, _ f: ReportFindings, reportID: Int64) throws {
    let evidence = String(decoding: (try? JSONEncoder().encode(f.evidence)) ?? Data("[]".utf8), as: UTF8.self)
    try db.execute(
      sql: """
        INSERT INTO extraction (report_id, extractor, density, right_density, left_density, birads, status, confidence,
          evidence, prior_density, notation, language, reader)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (report_id, extractor) DO NOTHING
        """,
      arguments: [
        reportID, extractorName, f.density?.rawValue, f.right?.rawValue, f.left?.rawValue, f.birads?.rawValue,
        f.status.rawValue, f.confidence, evidence, f.prior?.rawValue, f.notation?.rawValue, f.language.rawValue,
        f.reader,
      ])
  }
}
