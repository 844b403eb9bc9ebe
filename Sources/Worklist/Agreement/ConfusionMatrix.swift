/// Counts of paired ratings over the four composition categories: rows are the reference
/// (report or ground truth), columns the model.
///
/// QA (model against report) and evaluation (model against labels) both read their figures
/// from here, so accuracy, F1 and kappa are computed one way only.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
  /// `counts[reference][predicted]`, indexed by ``BreastComposition/index``.
  public private(set) var counts: [[Int]]

  public init() {
    counts = Array(repeating: Array(repeating: 0, count: 4), count: 4)
  }

  /// A matrix of the given pairs.
  public init<S: Sequence>(pairs: S) where S.Element == (reference: BreastComposition, predicted: BreastComposition) {
    self.init()
    for pair in pairs { add(reference: pair.reference, predicted: pair.predicted) }
  }

  public mutating func add(reference: BreastComposition, predicted: BreastComposition) {
    counts[reference.index][predicted.index] += 1
  }

  /// Number of pairs.
  public var total: Int { counts.joined().reduce(0, +) }

  /// Pairs on the diagonal.
  public var agreements: Int { (0..<4).reduce(0) { $0 + counts[$1][$1] } }

  /// Share of pairs that agree exactly; nil when empty.
  public var accuracy: Double? {
    total == 0 ? nil : Double(agreements) / Double(total)
  }

  /// Recall of a category: of the pairs whose reference is `category`, the share predicted so.
  public func recall(_ category: BreastComposition) -> Double? {
    let row = counts[category.index].reduce(0, +)
    return row == 0 ? nil : Double(counts[category.index][category.index]) / Double(row)
  }

  /// Precision of a category: of the pairs predicted `category`, the share whose reference is so.
  public func precision(_ category: BreastComposition) -> Double? {
    let column = (0..<4).reduce(0) { $0 + counts[$1][category.index] }
    return column == 0 ? nil : Double(counts[category.index][category.index]) / Double(column)
  }

  /// F1 of a category; 0 when the category was neither predicted nor present correctly.
  public func f1(_ category: BreastComposition) -> Double? {
    guard let p = precision(category) ?? (recall(category) == nil ? nil : 0),
      let r = recall(category) ?? (precision(category) == nil ? nil : 0)
    else { return nil }
    return p + r == 0 ? 0 : 2 * p * r / (p + r)
  }

  /// Unweighted mean of the per-category F1 over the categories that occur.
  public var macroF1: Double? {
    let scores = BreastComposition.allCases.compactMap(f1)
    return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
  }

  /// Cohen's kappa with the given disagreement weights; nil when empty or when chance
  /// agreement is already perfect (kappa undefined).
  public func kappa(_ weighting: KappaWeighting = .unweighted) -> Double? {
    let n = Double(total)
    guard n > 0 else { return nil }
    let rowSums = counts.map { Double($0.reduce(0, +)) }
    let columnSums = (0..<4).map { j in Double((0..<4).reduce(0) { $0 + counts[$1][j] }) }
    var observed = 0.0
    var expected = 0.0
    for i in 0..<4 {
      for j in 0..<4 {
        let w = weighting.disagreement(i, j)
        observed += w * Double(counts[i][j]) / n
        expected += w * rowSums[i] * columnSums[j] / (n * n)
      }
    }
    return expected == 0 ? nil : 1 - observed / expected
  }
}
