/// How the worklist is sorted.
public struct WorklistOrder: Sendable, Equatable {
  /// What the worklist is sorted by.
  public enum Key: String, Sendable, CaseIterable {
    /// Unread first, then newest study first (pre-reading order).
    case unreadFirst = "unread-first"
    case studyDate = "study-date"
    case accession
    /// The model's exam score (expected category on 1–4).
    case density
    case confidence
    /// agree, adjacent, major, no report… (worst disagreement first when descending).
    case agreement
    case status
  }

  public var key: Key
  public var descending: Bool
  /// Uncertain exams (``ExamUncertainty``) before the others, each group in this order. Always on
  /// in QA views (``WorklistFilter/isQAView``).
  public var uncertainFirst: Bool

  public init(_ key: Key = .unreadFirst, descending: Bool = true, uncertainFirst: Bool = false) {
    self.key = key
    self.descending = descending
    self.uncertainFirst = uncertainFirst
  }

  /// The SQL `ORDER BY` clause; every order ends with the exam id so pages never overlap.
  var sql: String {
    let direction = descending ? "DESC" : "ASC"
    let primary: String =
      switch key {
      // 'unread' sorts after 'read' (the only two values), so DESC puts unread first and the
      // order walks the exam_read_state_study_date index backwards.
      case .unreadFirst: "e.read_state DESC, e.study_date DESC, e.accession"
      case .studyDate: "e.study_date \(direction), e.accession"
      case .accession: "e.accession \(direction)"
      case .density: "r.score \(direction)"
      case .confidence: "r.confidence \(direction)"
      case .agreement:
        "CASE r.agreement WHEN 'major' THEN 4 WHEN 'adjacent' THEN 3 WHEN 'no-report-density' THEN 2 "
          + "WHEN 'no-report' THEN 1 ELSE 0 END \(direction)"
      case .status: "e.status \(direction), e.study_date DESC"
      }
    return "\(primary), e.id \(key == .unreadFirst ? "ASC" : direction)"
  }
}
