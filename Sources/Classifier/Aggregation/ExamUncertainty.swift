import BIRADS
import Foundation

/// Whether an exam's density should be read as uncertain, and why: the margin between the exam's
/// two most probable categories is below a threshold, or its breasts fall on different sides of
/// the b/c line (one breast a or b, the other c or d), where the exam's category decides between
/// "not dense" and "dense" on one breast's evidence.
public struct ExamUncertainty: Sendable, Hashable, Codable {
  /// Why an exam is uncertain.
  public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Top-two probability margin of the exam below the threshold.
    case lowMargin = "low-margin"
    /// One breast ≤ b, the other ≥ c.
    case breastsStraddleDenseBoundary = "breasts-straddle-b-c"
  }

  /// Empty when the exam is not uncertain.
  public var reasons: [Reason]
  /// The exam's top-two probability margin (its deciding breast's).
  public var margin: Double
  /// The threshold it was compared with (`classification.uncertainMargin`).
  public var marginThreshold: Double

  public var isUncertain: Bool { !reasons.isEmpty }

  /// The threshold used when none is configured: 0.10, i.e. the two leading categories within ten
  /// percentage points of each other (for example 0.45 against 0.36).
  public static let defaultMarginThreshold = 0.10

  /// Applies the rule to an aggregated exam. A margin equal to the threshold is not uncertain,
  /// so a threshold of 0 never flags on margin.
  public init(_ exam: ExamDensity, marginThreshold: Double = defaultMarginThreshold) {
    margin = exam.probabilities.margin
    self.marginThreshold = marginThreshold
    var reasons = [Reason]()
    if margin < marginThreshold { reasons.append(.lowMargin) }
    if let right = exam.right, let left = exam.left, right.category.isDense != left.category.isDense {
      reasons.append(.breastsStraddleDenseBoundary)
    }
    self.reasons = reasons
  }

  /// One line for people: why, with the numbers.
  public var explanation: String {
    reasons.map { reason in
      switch reason {
      case .lowMargin:
        "top-two probability margin \(Self.format(margin)) below \(Self.format(marginThreshold))"
      case .breastsStraddleDenseBoundary: "breasts on different sides of the b/c boundary"
      }
    }.joined(separator: "; ")
  }

  private static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}
