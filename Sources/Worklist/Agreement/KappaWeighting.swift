/// How much a disagreement between two ordinal categories counts in Cohen's kappa.
public enum KappaWeighting: String, Sendable, CaseIterable, Codable {
  /// Every disagreement counts fully.
  case unweighted
  /// A disagreement counts in proportion to the distance between categories.
  case linear
  /// A disagreement counts with the square of the distance: near misses cost little.
  case quadratic

  /// The disagreement weight of categories `i` and `j` (indices 0...3), 0 on the diagonal, 1 at most.
  func disagreement(_ i: Int, _ j: Int) -> Double {
    let distance = Double(abs(i - j)) / 3
    switch self {
    case .unweighted: return i == j ? 0 : 1
    case .linear: return distance
    case .quadratic: return distance * distance
    }
  }
}
