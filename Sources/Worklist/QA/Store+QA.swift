import BIRADS
import GRDB

extension Store {
  /// The registered models, newest first: (name, version, sha256).
  public func models() throws(StoreError) -> [(name: String, version: String, sha256: String)] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT name, version, weights_sha256 FROM model ORDER BY id DESC").map {
        (name: $0[0], version: $0[1], sha256: $0[2])
      }
    }
  }

  /// Audits report density against one model (default: the newest) over study dates `from...to`.
  public func qaSummary(modelSHA256: String? = nil, from: String? = nil, to: String? = nil) throws(StoreError)
    -> QASummary?
  {
    let sha = modelSHA256
    return try read { db -> QASummary? in
      let modelRow: Row? =
        if let sha {
          try Row.fetchOne(
            db, sql: "SELECT id, name, version, weights_sha256 FROM model WHERE weights_sha256 = ?", arguments: [sha])
        } else {
          try Row.fetchOne(db, sql: "SELECT id, name, version, weights_sha256 FROM model ORDER BY id DESC LIMIT 1")
        }
      guard let modelRow else { return nil }
      let modelID: Int64 = modelRow[0]
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT r.composition, r.report_density, r.agreement, r.crosses_dense_boundary, d.review_state,
            r.prior_composition, r.crosses_dense_since_prior, r.uncertain
          FROM exam_result r JOIN exam e ON e.id = r.exam_id LEFT JOIN disagreement d ON d.result_id = r.id
          WHERE r.model_id = ? AND (? IS NULL OR e.study_date >= ?) AND (? IS NULL OR e.study_date <= ?)
          """, arguments: [modelID, from, from, to, to])
      var matrix = ConfusionMatrix()
      var byAgreement = [String: Int]()
      var reviews = [String: Int]()
      var crosses = 0
      var withPrior = 0
      var crossesSincePrior = 0
      var uncertain = 0
      var uncertainDisagreements = 0
      for row in rows {
        if row[7] as Bool {
          uncertain += 1
          if (row[2] as String) == "adjacent" || (row[2] as String) == "major" { uncertainDisagreements += 1 }
        }
        if (row[5] as String?) != nil { withPrior += 1 }
        if (row[6] as Bool?) == true { crossesSincePrior += 1 }
        let agreement: String = row[2]
        byAgreement[agreement, default: 0] += 1
        if row[3] as Bool { crosses += 1 }
        if let state: String = row[4] { reviews[state, default: 0] += 1 }
        if let model = BreastComposition(rawValue: row[0]), let reportRaw: String = row[1],
          let report = BreastComposition(rawValue: reportRaw)
        {
          matrix.add(reference: report, predicted: model)
        }
      }
      return QASummary(
        modelName: modelRow[1], modelVersion: modelRow[2], modelSHA256: modelRow[3], from: from, to: to,
        exams: rows.count, byAgreement: byAgreement, crossesDenseBoundary: crosses, confusion: matrix,
        accuracy: matrix.accuracy, macroF1: matrix.macroF1, kappa: matrix.kappa(.unweighted),
        kappaLinear: matrix.kappa(.linear), kappaQuadratic: matrix.kappa(.quadratic), reviews: reviews,
        withPrior: withPrior, crossesDenseSincePrior: crossesSincePrior, uncertain: uncertain,
        uncertainDisagreements: uncertainDisagreements)
    }
  }

  /// Records a reviewer's decision on a disagreement, with an audit-log entry of before and after.
  /// Returns false when there is no such disagreement.
  @discardableResult
  public func review(
    disagreement id: Int64, state: ReviewState, reviewer: String, note: String?
  ) throws(StoreError) -> Bool {
    try write { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT review_state, reviewer, note FROM disagreement WHERE id = ?", arguments: [id])
      else { return false }
      let before = "\(row[0] as String) by \(row[1] as String? ?? "-"): \(row[2] as String? ?? "")"
      let now = Store.timestamp()
      try db.execute(
        sql: "UPDATE disagreement SET review_state = ?, reviewer = ?, note = ?, updated_at = ? WHERE id = ?",
        arguments: [state.rawValue, reviewer, note, now, id])
      try db.execute(
        sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [
          now, reviewer, "review", "disagreement", id, before, "\(state.rawValue) by \(reviewer): \(note ?? "")",
        ])
      return true
    }
  }

  /// The audit log, oldest first: (at, actor, action, entity, id, before, after).
  public func auditLog() throws(StoreError) -> [[String?]] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT at, actor, action, entity, CAST(entity_id AS TEXT), before, after FROM audit_log ORDER BY id"
      ).map { row in (0..<7).map { row[$0] as String? } }
    }
  }
}
