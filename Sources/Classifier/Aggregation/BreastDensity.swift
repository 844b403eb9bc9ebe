/// One breast's density, combined from its views.
public struct BreastDensity: Sendable, Hashable, Codable {
  public var laterality: Laterality
  public var probabilities: DensityProbabilities
  /// The views it was combined from.
  public var views: [ViewDensity]

  public var category: BreastComposition { probabilities.category }
  public var score: Double { probabilities.score }
  public var confidence: Double { probabilities.confidence }

  /// Combines the views of `laterality` among `views` with `rule`; nil when that breast has none.
  public init?(laterality: Laterality, views: [ViewDensity], rule: ViewCombination = .mean) {
    let own = views.filter { $0.laterality == laterality }
    guard let first = own.first else { return nil }
    self.laterality = laterality
    self.views = own
    switch rule {
    case .mean:
      var sum = [Double](repeating: 0, count: 4)
      for view in own {
        for k in 0..<4 { sum[k] += view.probabilities.values[k] }
      }
      probabilities = DensityProbabilities(sum.map { $0 / Double(own.count) })
    case .maxDensity:
      probabilities = own.dropFirst().reduce(first.probabilities) {
        $1.probabilities.score > $0.score ? $1.probabilities : $0
      }
    }
  }
}
