/// How the model's composition relates to the report's for one exam.
public struct Disagreement: Sendable, Equatable, Codable {
  /// The grade of a disagreement by distance between categories.
  public enum Grade: String, Sendable, Codable, CaseIterable {
    /// Same category.
    case agree
    /// One category apart, e.g. b and c.
    case adjacent
    /// Two or more categories apart.
    case major
  }

  public var report: BreastComposition
  public var model: BreastComposition

  public init(report: BreastComposition, model: BreastComposition) {
    self.report = report
    self.model = model
  }

  public var grade: Grade {
    switch abs(report.index - model.index) {
    case 0: .agree
    case 1: .adjacent
    default: .major
    }
  }

  /// Whether model and report fall on different sides of dense (c, d) / not dense (a, b): the
  /// disagreement that changes supplemental screening and the patient's density notification.
  public var crossesDenseBoundary: Bool { report.isDense != model.isDense }
}
