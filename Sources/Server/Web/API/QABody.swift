import Worklist

/// The QA figures for a period (`GET /api/qa`): agreement counts, accuracy, macro-F1, kappa and the
/// confusion matrix from ``Store/qaSummary(modelSHA256:from:to:)``, and the same per reader.
public struct QABody: Sendable, Codable, Equatable {
  /// Nil when the model has no result in the store yet.
  public var summary: QASummary?
  public var readers: [ReaderAgreement]
}
