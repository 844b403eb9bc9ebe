import GRDB

extension Store {
  /// Stores whether a result just inserted is uncertain, and why (migration `v5-uncertain`).
  static func recordUncertainty(
    _ db: Database, _ uncertainty: ExamResultDocument.UncertaintySection?, resultID: Int64
  ) throws {
    guard let u = uncertainty else { return }
    try db.execute(
      sql: "UPDATE exam_result SET uncertain = ?, uncertain_reasons = ? WHERE id = ?",
      arguments: [u.uncertain, u.reasons.isEmpty ? nil : u.reasons.joined(separator: ","), resultID])
  }
}
