import Foundation

/// Probabilities of the four breast-composition categories, in class order `a, b, c, d`.
public struct DensityProbabilities: Sendable, Hashable, Codable {
  /// Four probabilities summing to 1.
  public let values: [Double]

  /// Probabilities as given; they are renormalised to sum to 1 (negative or non-finite values
  /// count as 0, and all-zero input becomes uniform).
  public init(_ values: [Double]) {
    precondition(values.count == 4, "one probability per category a, b, c, d")
    let clean = values.map { $0.isFinite && $0 > 0 ? $0 : 0 }
    let total = clean.reduce(0, +)
    self.values = total > 0 ? clean.map { $0 / total } : [0.25, 0.25, 0.25, 0.25]
  }

  /// Softmax of the network's four logits divided by `temperature` (the model card's calibration;
  /// 1 leaves them as they are), shifted by the maximum so large logits don't overflow.
  public init(logits: [Float], temperature: Double = 1) {
    precondition(logits.count == 4, "one logit per category a, b, c, d")
    precondition(temperature > 0 && temperature.isFinite, "the temperature is a positive number")
    let scaled = logits.map { Double($0) / temperature }
    let top = scaled.max() ?? 0
    self.init(scaled.map { exp($0 - top) })
  }

  public func probability(of category: BreastComposition) -> Double { values[category.index] }

  /// The most probable category (the denser one on an exact tie).
  public var category: BreastComposition {
    var best = 0
    for k in 1..<4 where values[k] >= values[best] { best = k }
    return BreastComposition(index: best) ?? .a
  }

  /// Expected category on a 1...4 scale (a = 1, d = 4): `Σ p_k (k + 1)`.
  public var score: Double { values.enumerated().reduce(0) { $0 + $1.element * Double($1.offset + 1) } }

  /// Probability of ``category``.
  public var confidence: Double { values[category.index] }

  /// Probability of ``category`` minus that of the runner-up.
  public var margin: Double {
    let sorted = values.sorted(by: >)
    return sorted[0] - sorted[1]
  }
}
