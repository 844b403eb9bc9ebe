import GRDB

extension Store {
  /// Exams for pre-reading, in the filter's order (by default unread first, then newest study
  /// first); each with its latest result.
  public func worklist(_ filter: WorklistFilter = .init()) throws(StoreError) -> [WorklistEntry] {
    try read { db in try Self.worklistEntries(db, filter) }
  }

  /// One page of the worklist (`filter.limit` exams from `filter.offset`) and the number of exams
  /// the filter selects, read from one snapshot.
  public func worklistPage(_ filter: WorklistFilter) throws(StoreError) -> WorklistPage {
    try read { db in
      let (conditions, arguments) = Self.worklistConditions(filter)
      let total =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) \(Self.worklistFrom) WHERE \(conditions.joined(separator: " AND "))",
          arguments: arguments) ?? 0
      return WorklistPage(total: total, entries: try Self.worklistEntries(db, filter))
    }
  }

  private static let worklistFrom = """
    FROM exam e JOIN exam_result r ON r.exam_id = e.id JOIN model m ON m.id = r.model_id
    LEFT JOIN disagreement d ON d.result_id = r.id LEFT JOIN report rp ON rp.id = r.report_id
    """

  private static func worklistEntries(_ db: Database, _ filter: WorklistFilter) throws -> [WorklistEntry] {
    let (conditions, arguments) = worklistConditions(filter)
    // SQLite reads LIMIT -1 as no limit.
    let slice =
      filter.limit == nil && filter.offset == nil
      ? "" : " LIMIT \(filter.limit.map { max(0, $0) } ?? -1) OFFSET \(max(0, filter.offset ?? 0))"
    let sql = """
      SELECT e.id, e.accession, e.patient_id, e.study_date, e.study_instance_uid, e.status, e.read_state,
        m.name, m.version, r.composition, r.score, r.confidence, r.right_composition, r.left_composition,
        r.report_density, r.agreement, r.crosses_dense_boundary, d.review_state, d.id, r.json_path, r.sr_path,
        rp.reader, r.prior_composition, r.crosses_dense_since_prior, r.uncertain, r.uncertain_reasons
      \(worklistFrom)
      WHERE \(conditions.joined(separator: " AND "))
      ORDER BY \(filter.orderSQL)\(slice)
      """
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      WorklistEntry(
        examID: row[0], accession: row[1], patientID: row[2], studyDate: row[3], studyInstanceUID: row[4],
        examStatus: row[5], readState: row[6], modelName: row[7], modelVersion: row[8], composition: row[9],
        score: row[10], confidence: row[11], rightComposition: row[12], leftComposition: row[13],
        reportDensity: row[14], reader: row[21], agreement: row[15], crossesDenseBoundary: row[16],
        reviewState: row[17], disagreementID: row[18], resultJSON: row[19], structuredReport: row[20],
        priorComposition: row[22], crossesDenseSincePrior: row[23], uncertain: row[24], uncertainReasons: row[25])
    }
  }

  private static func worklistConditions(_ filter: WorklistFilter) -> ([String], StatementArguments) {
    var conditions = ["r.id = (SELECT MAX(id) FROM exam_result WHERE exam_id = e.id)"]
    var arguments = StatementArguments()
    func add(_ condition: String, _ value: String) {
      conditions.append(condition)
      _ = arguments.append(contentsOf: [value])
    }
    if let state = filter.readState { add("e.read_state = ?", state) }
    if let density = filter.density { add("r.composition = ?", density.rawValue) }
    if let density = filter.reportDensity { add("r.report_density = ?", density.rawValue) }
    if let status = filter.examStatus { add("e.status = ?", status) }
    if let reader = filter.reader { add("rp.reader = ?", reader) }
    switch filter.disagreement {
    case nil: break
    case .any: conditions.append("r.agreement IN ('adjacent', 'major')")
    case .adjacent: conditions.append("r.agreement = 'adjacent'")
    case .major: conditions.append("r.agreement = 'major'")
    case .denseBoundary: conditions.append("r.crosses_dense_boundary = 1")
    case .agreeing: conditions.append("r.agreement NOT IN ('adjacent', 'major')")
    }
    if let uncertain = filter.uncertain { conditions.append("r.uncertain = \(uncertain ? 1 : 0)") }
    if let from = filter.from { add("e.study_date >= ?", from) }
    if let to = filter.to { add("e.study_date <= ?", to) }
    return (conditions, arguments)
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
