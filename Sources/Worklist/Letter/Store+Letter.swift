import BIRADS
import GRDB

extension Store {
  /// The lay-summary density paragraph of an exam (by accession or Study Instance UID), from the
  /// report's density of its latest result; nil when no exam matches.
  public func densityLetter(exam: String) throws(StoreError) -> DensityLetter? {
    try read { db in
      let sql = """
        SELECT e.accession, e.study_instance_uid, r.report_density
        FROM exam e JOIN exam_result r ON r.exam_id = e.id
        WHERE (e.accession = ? OR e.study_instance_uid = ?)
          AND r.id = (SELECT MAX(id) FROM exam_result WHERE exam_id = e.id)
        ORDER BY e.id LIMIT 1
        """
      guard let row = try Row.fetchOne(db, sql: sql, arguments: [exam, exam]) else { return nil }
      let density: String? = row[2]
      return DensityLetter(
        accession: row[0], studyInstanceUID: row[1], reportDensity: density.flatMap(BreastComposition.init))
    }
  }
}
