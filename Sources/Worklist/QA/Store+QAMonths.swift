import GRDB

extension Store {
  /// The months (`YYYYMM`) of the study dates of exams with a result from the model keyed
  /// `modelSHA256` within `from...to`, oldest first: the periods a QA trend is read over.
  public func studyMonths(modelSHA256: String, from: String? = nil, to: String? = nil) throws(StoreError) -> [String] {
    try read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT substr(e.study_date, 1, 6) FROM exam e JOIN exam_result r ON r.exam_id = e.id
          JOIN model m ON m.id = r.model_id
          WHERE m.weights_sha256 = ? AND length(e.study_date) = 8
            AND (? IS NULL OR e.study_date >= ?) AND (? IS NULL OR e.study_date <= ?)
          ORDER BY 1
          """, arguments: [modelSHA256, from, from, to, to])
    }
  }
}
