import BIRADS
import GRDB

extension Store {
  /// The patient's latest exam before `studyDate` (another study) that has a result, with its
  /// latest result's composition and its report's density; nil when there is none or no date.
  public func priorExam(patientID: String, before studyDate: String?, excluding studyInstanceUID: String)
    throws(StoreError) -> StoredPrior?
  {
    guard let studyDate, !studyDate.isEmpty else { return nil }
    return try read { db -> StoredPrior? in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT e.study_instance_uid, e.accession, e.study_date, r.composition, r.report_density
            FROM exam e JOIN exam_result r ON r.exam_id = e.id
            WHERE e.patient_id = ? AND e.study_date < ? AND e.study_instance_uid <> ?
              AND r.id = (SELECT MAX(id) FROM exam_result WHERE exam_id = e.id)
            ORDER BY e.study_date DESC, r.id DESC LIMIT 1
            """, arguments: [patientID, studyDate, studyInstanceUID]),
        let model = BreastComposition(rawValue: row[3] as String)
      else { return nil }
      return StoredPrior(
        studyInstanceUID: row[0], accession: row[1], studyDate: row[2], modelComposition: model,
        reportDensity: (row[4] as String?).flatMap(BreastComposition.init(rawValue:)))
    }
  }

  /// Stores the comparison of a result just inserted (migration `v4-prior-comparison`).
  static func recordPriorComparison(_ db: Database, _ comparison: PriorComparison?, resultID: Int64) throws {
    guard let c = comparison else { return }
    try db.execute(
      sql: """
        UPDATE exam_result SET prior_composition = ?, prior_source = ?, prior_study_date = ?, prior_accession = ?,
          crosses_dense_since_prior = ?
        WHERE id = ?
        """,
      arguments: [c.priorComposition, c.source, c.priorStudyDate, c.priorAccession, c.crossesDenseBoundary, resultID])
  }
}
