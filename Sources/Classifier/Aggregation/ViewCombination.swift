/// How the CC and MLO views of one breast are combined into that breast's probabilities.
public enum ViewCombination: String, Sendable, Codable, CaseIterable, Hashable {
  /// Mean of the views' probabilities.
  case mean
  /// The probabilities of the view with the highest expected density.
  case maxDensity
}
