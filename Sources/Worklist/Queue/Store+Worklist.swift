import GRDB

extension Store {
  /// Exams for pre-reading: unread first, then newest study first; each with its latest result.
  public func worklist(_ filter: WorklistFilter = .init()) throws(StoreError) -> [WorklistEntry] {
    var conditions = ["r.id = (SELECT MAX(id) FROM exam_result WHERE exam_id = e.id)"]
    var arguments = StatementArguments()
    if let state = filter.readState {
      conditions.append("e.read_state = ?")
      _ = arguments.append(contentsOf: [state])
    }
    if let density = filter.density {
      conditions.append("r.composition = ?")
      _ = arguments.append(contentsOf: [density.rawValue])
    }
    switch filter.disagreement {
    case nil: break
    case .any: conditions.append("r.agreement IN ('adjacent', 'major')")
    case .adjacent: conditions.append("r.agreement = 'adjacent'")
    case .major: conditions.append("r.agreement = 'major'")
    case .denseBoundary: conditions.append("r.crosses_dense_boundary = 1")
    case .agreeing: conditions.append("r.agreement NOT IN ('adjacent', 'major')")
    }
    if let from = filter.from {
      conditions.append("e.study_date >= ?")
      _ = arguments.append(contentsOf: [from])
    }
    if let to = filter.to {
      conditions.append("e.study_date <= ?")
      _ = arguments.append(contentsOf: [to])
    }
    let limit = filter.limit.map { " LIMIT \(max(0, $0))" } ?? ""
    let sql = """
      SELECT e.accession, e.patient_id, e.study_date, e.study_instance_uid, e.status, e.read_state,
        m.name, m.version, r.composition, r.score, r.confidence, r.right_composition, r.left_composition,
        r.report_density, r.agreement, r.crosses_dense_boundary, d.review_state, d.id, r.json_path, r.sr_path
      FROM exam e JOIN exam_result r ON r.exam_id = e.id JOIN model m ON m.id = r.model_id
      LEFT JOIN disagreement d ON d.result_id = r.id
      WHERE \(conditions.joined(separator: " AND "))
      ORDER BY e.read_state = 'read', e.study_date DESC, e.accession\(limit)
      """
    return try read { [arguments] db in
      try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
        WorklistEntry(
          accession: row[0], patientID: row[1], studyDate: row[2], studyInstanceUID: row[3], examStatus: row[4],
          readState: row[5], modelName: row[6], modelVersion: row[7], composition: row[8], score: row[9],
          confidence: row[10], rightComposition: row[11], leftComposition: row[12], reportDensity: row[13],
          agreement: row[14], crossesDenseBoundary: row[15], reviewState: row[16], disagreementID: row[17],
          resultJSON: row[18], structuredReport: row[19])
      }
    }
  }

  /// Marks an exam read or unread (by accession or Study Instance UID); false when no exam matches.
  @discardableResult
  public func setReadState(_ state: String, exam: String, actor: String) throws(StoreError) -> Bool {
    guard state == "read" || state == "unread" else {
      throw StoreError(path: path, reason: "read state must be read or unread, got \(state)")
    }
    return try write { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT id, read_state FROM exam WHERE accession = ? OR study_instance_uid = ?",
          arguments: [exam, exam])
      else { return false }
      let id: Int64 = row[0]
      let before: String = row[1]
      try db.execute(sql: "UPDATE exam SET read_state = ? WHERE id = ?", arguments: [state, id])
      try db.execute(
        sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arguments: [Store.timestamp(), actor, "set-read-state", "exam", id, before, state])
      return true
    }
  }
}

extension Store {
  /// The result JSON files written for a model, one per exam.
  public func resultFiles(modelKey: String) throws(StoreError) -> [String] {
    try read { db in
      try String.fetchAll(
        db,
        sql:
          "SELECT r.json_path FROM exam_result r JOIN model m ON m.id = r.model_id WHERE m.weights_sha256 = ? ORDER BY r.id",
        arguments: [modelKey])
    }
  }
}
