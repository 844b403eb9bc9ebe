/// Report density audited against the model over a period: what a QA lead reads.
public struct QASummary: Sendable, Codable, Equatable {
  public var modelName: String
  public var modelVersion: String
  public var modelSHA256: String
  public var from: String?
  public var to: String?
  /// Exams with a result from this model.
  public var exams: Int
  /// Exams by agreement status (agree, adjacent, major, no-report, no-report-density).
  public var byAgreement: [String: Int]
  /// Exams where model and report fall on different sides of dense (c, d) / not dense (a, b).
  public var crossesDenseBoundary: Int
  /// Report (rows, a…d) against model (columns) for exams with both densities.
  public var confusion: ConfusionMatrix
  public var accuracy: Double?
  public var macroF1: Double?
  public var kappa: Double?
  public var kappaLinear: Double?
  public var kappaQuadratic: Double?
  /// Disagreements by review state (open, model-correct, report-correct, both-wrong, dismissed).
  public var reviews: [String: Int]
  /// Exams compared with a prior exam (``PriorComparison``), and those whose model density crosses
  /// the dense line since the prior.
  public var withPrior: Int = 0
  public var crossesDenseSincePrior: Int = 0
  /// Exams whose model density is uncertain (``ExamUncertainty``), and those of them that disagree
  /// with their report (adjacent or major): the QA views list them first.
  public var uncertain: Int = 0
  public var uncertainDisagreements: Int = 0
}
