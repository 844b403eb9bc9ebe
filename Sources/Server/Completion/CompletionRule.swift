import DICOM

/// When a study that is still receiving images should be processed.
public struct CompletionRule: Sendable {
  /// Seconds without a new image after which a study with all four standard views is processed.
  public var settleSeconds: Double
  /// Seconds without a new image after which any study is processed (as incomplete when views
  /// are missing, or recorded as not classified when it has no usable mammogram).
  public var quietSeconds: Double

  public init(settleSeconds: Double, quietSeconds: Double) {
    self.settleSeconds = settleSeconds
    self.quietSeconds = quietSeconds
  }

  public enum Decision: Sendable, Equatable {
    /// Keep waiting for images.
    case wait
    /// Classify it now; `complete` when all four standard views are there.
    case process(complete: Bool)
    /// Nothing to classify (no mammogram with a standard view); keep the images, say so.
    case notClassifiable
  }

  /// The decision for a study whose last image came `idle` seconds ago, given the exam its
  /// mammograms assemble to (nil when none of its images is a usable mammogram).
  public func decide(exam: Exam?, idle: Double) -> Decision {
    if let exam, exam.status == .complete, idle >= settleSeconds { return .process(complete: true) }
    guard idle >= quietSeconds else { return .wait }
    guard let exam, !exam.views.isEmpty else { return .notClassifiable }
    return .process(complete: exam.status == .complete)
  }
}
