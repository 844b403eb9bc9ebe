/// Where a disagreement's review stands.
public enum ReviewState: String, Sendable, Codable, CaseIterable {
  case open
  /// The reviewer agrees with the model.
  case modelCorrect = "model-correct"
  /// The reviewer agrees with the report.
  case reportCorrect = "report-correct"
  case bothWrong = "both-wrong"
  case dismissed
}
