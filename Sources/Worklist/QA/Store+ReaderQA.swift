import BIRADS
import GRDB

extension Store {
  /// Report density audited against one model (default: the newest) per reading radiologist, over
  /// study dates `from...to`, most exams first; exams whose report names no reader come last
  /// (reader nil). Nil when the database has no model yet.
  public func readerAgreement(modelSHA256: String? = nil, from: String? = nil, to: String? = nil) throws(StoreError)
    -> [ReaderAgreement]?
  {
    let sha = modelSHA256
    return try read { db -> [ReaderAgreement]? in
      let modelID: Int64? =
        if let sha {
          try Int64.fetchOne(db, sql: "SELECT id FROM model WHERE weights_sha256 = ?", arguments: [sha])
        } else {
          try Int64.fetchOne(db, sql: "SELECT id FROM model ORDER BY id DESC LIMIT 1")
        }
      guard let modelID else { return nil }
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT rep.reader, r.composition, r.report_density
          FROM exam_result r JOIN exam e ON e.id = r.exam_id LEFT JOIN report rep ON rep.id = r.report_id
          WHERE r.model_id = ? AND r.report_id IS NOT NULL
            AND (? IS NULL OR e.study_date >= ?) AND (? IS NULL OR e.study_date <= ?)
          """, arguments: [modelID, from, from, to, to])
      var exams: [String?: Int] = [:]
      var pairs: [String?: [(report: BreastComposition, model: BreastComposition)]] = [:]
      for row in rows {
        let reader: String? = row[0]
        exams[reader, default: 0] += 1
        if let model = BreastComposition(rawValue: row[1]), let raw: String = row[2],
          let report = BreastComposition(rawValue: raw)
        {
          pairs[reader, default: []].append((report, model))
        }
      }
      return exams.map { reader, count in ReaderAgreement(reader: reader, exams: count, pairs: pairs[reader] ?? []) }
        .sorted { a, b in
          if (a.reader == nil) != (b.reader == nil) { return b.reader == nil }
          if a.exams != b.exams { return a.exams > b.exams }
          return (a.reader ?? "") < (b.reader ?? "")
        }
    }
  }
}
