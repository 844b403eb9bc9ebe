import Foundation
import GRDB
import Reports

extension Store {
  /// The exam with densa's id `id` and its latest result; nil when there is no such exam or it
  /// has no result yet.
  public func examDetail(id: Int64) throws(StoreError) -> ExamDetail? {
    guard var detail = try storedExamDetail(id: id) else { return nil }
    // The file is read outside the transaction; a result.json that cannot be read leaves these empty.
    if let data = FileManager.default.contents(atPath: detail.resultJSONPath),
      let document = try? JSONDecoder().decode(ExamResultDocument.self, from: data)
    {
      detail.limitations = document.limitations ?? []
      detail.priorComparison = document.priorComparison
      detail.suggestedDensityStatement = document.suggestedDensityStatement
      detail.uncertainty = document.uncertainty
      // Only a plain file name beside result.json, so the file can never point elsewhere.
      if let file = document.scorecard?.file, !file.isEmpty, !file.contains("/"), file != "..", file != "." {
        detail.scorecardPath =
          URL(fileURLWithPath: detail.resultJSONPath).deletingLastPathComponent()
          .appendingPathComponent(file).path
      }
    }
    return detail
  }

  private func storedExamDetail(id: Int64) throws(StoreError) -> ExamDetail? {
    try read { db -> ExamDetail? in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT e.id, e.accession, e.patient_id, e.study_date, e.study_instance_uid, e.status, e.problems,
              e.read_state, m.name, m.version, m.weights_sha256, r.id, r.composition, r.score, r.confidence,
              r.deciding_breast, r.flags, r.report_id, r.report_density, r.agreement, r.json_path, r.sr_path
            FROM exam e JOIN exam_result r ON r.exam_id = e.id JOIN model m ON m.id = r.model_id
            WHERE e.id = ? ORDER BY r.id DESC LIMIT 1
            """, arguments: [id])
      else { return nil }
      let resultID: Int64 = row[11]
      let images = Dictionary(
        try Row.fetchAll(db, sql: "SELECT view, path FROM image WHERE exam_id = ? AND chosen = 1", arguments: [id])
          .map { ($0[0] as String? ?? "", $0[1] as String) }, uniquingKeysWith: { first, _ in first })
      func probabilities(_ r: Row, from i: Int) -> ExamDetail.Probabilities {
        .init(a: r[i], b: r[i + 1], c: r[i + 2], d: r[i + 3])
      }
      let views = try Row.fetchAll(
        db,
        sql: """
          SELECT view, p_a, p_b, p_c, p_d, composition, heatmap_path FROM view_prediction WHERE result_id = ?
          ORDER BY CASE view WHEN 'R-CC' THEN 0 WHEN 'L-CC' THEN 1 WHEN 'R-MLO' THEN 2 ELSE 3 END
          """, arguments: [resultID]
      ).map { v in
        ExamDetail.View(
          view: v[0], probabilities: probabilities(v, from: 1), composition: v[5], imagePath: images[v[0] as String],
          heatmapPath: v[6])
      }
      let breasts = try Row.fetchAll(
        db,
        sql: """
          SELECT laterality, p_a, p_b, p_c, p_d, composition, score FROM breast_prediction WHERE result_id = ?
          ORDER BY laterality DESC
          """, arguments: [resultID]
      ).map { b in
        ExamDetail.Breast(laterality: b[0], probabilities: probabilities(b, from: 1), composition: b[5], score: b[6])
      }
      let deciding: String = row[15]
      let flags: String = row[16]
      var report: ExamDetail.ReportText? = nil
      if let reportID: Int64 = row[17],
        let r = try Row.fetchOne(
          db,
          sql: """
            SELECT rp.text, rp.source, rp.reader, x.density, x.status, x.evidence
            FROM report rp LEFT JOIN extraction x ON x.report_id = rp.id AND x.extractor = ?
            WHERE rp.id = ?
            """, arguments: [Store.extractorName, reportID])
      {
        let evidence = (r[5] as String?).flatMap { try? JSONDecoder().decode([Evidence].self, from: Data($0.utf8)) }
        report = .init(
          text: r[0], source: r[1], reader: r[2], density: r[3], extractionStatus: r[4],
          evidence: (evidence ?? []).map { .init(start: $0.start, end: $0.end, text: $0.text) })
      }
      let review = try Row.fetchOne(
        db,
        sql: """
          SELECT id, grade, crosses_dense_boundary, review_state, reviewer, note, updated_at
          FROM disagreement WHERE result_id = ?
          """, arguments: [resultID]
      ).map { d in
        ExamDetail.Review(
          disagreementID: d[0], grade: d[1], crossesDenseBoundary: d[2], state: d[3], reviewer: d[4], note: d[5],
          updatedAt: d[6])
      }
      return ExamDetail(
        examID: row[0], accession: row[1], patientID: row[2], studyDate: row[3], studyInstanceUID: row[4],
        status: row[5],
        problems: (row[6] as String).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
          .filter { !$0.isEmpty },
        readState: row[7], modelName: row[8], modelVersion: row[9], modelKey: row[10],
        exam: .init(
          composition: row[12], score: row[13], confidence: row[14], decidingBreast: deciding,
          probabilities: breasts.first { $0.laterality == deciding }?.probabilities,
          flags: flags.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
        views: views, breasts: breasts, report: report, reportDensity: row[18], agreement: row[19], review: review,
        resultJSONPath: row[20], structuredReportPath: row[21])
    }
  }
}
