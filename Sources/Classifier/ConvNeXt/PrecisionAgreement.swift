import Foundation

/// How far a lower-precision forward pass strays from fp32 on the same inputs: the largest
/// |Δ probability| over every view and category, and how often the category agrees, per view and
/// per exam. The bf16 contract: ``maxProbabilityDifference`` ≤ 0.01, views agreeing ≥ 99.5 %, every
/// exam agreeing (``meetsContract``).
public struct PrecisionAgreement: Sendable, Equatable, CustomStringConvertible {
  public private(set) var views = 0
  public private(set) var viewsAgreeing = 0
  public private(set) var exams = 0
  public private(set) var examsAgreeing = 0
  public private(set) var maxProbabilityDifference = 0.0
  /// Among the views whose category differs, the widest gap between fp32's two most probable
  /// categories (nil when none differs). A gap within ``maxProbabilityDifference`` is a near-tie
  /// in fp32 that any rounding could tip, not a gross error; random weights make such near-ties
  /// common, trained ones rare.
  public private(set) var widestDisagreeingGap: Double?

  public init() {}

  /// Adds views given as `[view][4]` logits from the reference (fp32) and the candidate pass.
  public mutating func addViews(reference: [Float], candidate: [Float]) {
    precondition(reference.count == candidate.count && reference.count % 4 == 0, "four logits per view")
    for v in 0..<(reference.count / 4) {
      add(
        reference: DensityProbabilities(logits: Array(reference[(4 * v)..<(4 * v + 4)])),
        candidate: DensityProbabilities(logits: Array(candidate[(4 * v)..<(4 * v + 4)])))
    }
  }

  /// Adds one view's probabilities.
  public mutating func add(reference: DensityProbabilities, candidate: DensityProbabilities) {
    views += 1
    if reference.category == candidate.category {
      viewsAgreeing += 1
    } else {
      let top = reference.values.sorted(by: >)
      widestDisagreeingGap = max(widestDisagreeingGap ?? 0, top[0] - top[1])
    }
    for k in 0..<4 {
      maxProbabilityDifference = max(maxProbabilityDifference, abs(reference.values[k] - candidate.values[k]))
    }
  }

  /// Adds one exam's category under both passes.
  public mutating func addExam(reference: BreastComposition, candidate: BreastComposition) {
    exams += 1
    if reference == candidate { examsAgreeing += 1 }
  }

  /// Share of views whose category agrees (1 when there are none).
  public var viewAgreement: Double { views == 0 ? 1 : Double(viewsAgreeing) / Double(views) }

  /// The bf16 contract against fp32.
  public var meetsContract: Bool {
    maxProbabilityDifference <= 0.01 && viewAgreement >= 0.995 && examsAgreeing == exams
  }

  public var description: String {
    var s =
      "max |Δp| \(String(format: "%.2e", maxProbabilityDifference)), views agreeing \(viewsAgreeing)/\(views)"
    if exams > 0 { s += ", exams agreeing \(examsAgreeing)/\(exams)" }
    if let gap = widestDisagreeingGap {
      s += " (where views disagree, fp32's top two categories are at most \(String(format: "%.2e", gap)) apart)"
    }
    return s
  }
}
