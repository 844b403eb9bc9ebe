import Worklist

/// The QA figures for a period (`GET /api/qa`): agreement counts, accuracy, macro-F1, kappa and the
/// confusion matrix from ``Store/qaSummary(modelSHA256:from:to:)``, and the same per reader.
public struct QABody: Sendable, Codable, Equatable {
  /// One month's figures, for the trend.
  public struct Month: Sendable, Codable, Equatable {
    /// `YYYYMM`.
    public var month: String
    public var exams: Int
    /// Exams whose report states a density (the ones compared).
    public var withDensity: Int
    public var agree: Int
    public var accuracy: Double?
    public var macroF1: Double?
    public var kappa: Double?
    public var kappaQuadratic: Double?
    public var crossesDenseBoundary: Int
  }

  /// Nil when the model has no result in the store yet.
  public var summary: QASummary?
  public var readers: [ReaderAgreement]
  /// The period's months, oldest first (at most the last ``QABody/maxMonths``).
  public var months: [Month]

  public static let maxMonths = 36
}
