import BIRADS

/// How the model's exam density compares with the report's.
public enum AgreementStatus: String, Sendable, Codable, CaseIterable {
  case agree
  /// One category apart.
  case adjacent
  /// Two or more categories apart.
  case major
  /// No report was paired with the exam.
  case noReport = "no-report"
  /// The report states no clear density (absent, ambiguous or contradictory).
  case noReportDensity = "no-report-density"

  /// Compares the two densities; `hasReport` tells a missing report from a report without density.
  public init(model: BreastComposition, report: BreastComposition?, hasReport: Bool) {
    guard hasReport else {
      self = .noReport
      return
    }
    guard let report else {
      self = .noReportDensity
      return
    }
    switch Disagreement(report: report, model: model).grade {
    case .agree: self = .agree
    case .adjacent: self = .adjacent
    case .major: self = .major
    }
  }

  /// True for adjacent and major disagreements.
  public var isDisagreement: Bool { self == .adjacent || self == .major }
}
