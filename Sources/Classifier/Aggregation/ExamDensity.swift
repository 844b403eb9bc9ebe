/// What an exam's density result should be read with.
public enum ExamDensityFlag: Sendable, Hashable, Codable, CustomStringConvertible {
  /// This breast has no view: the exam's density comes from the other breast alone.
  case missingBreast(Laterality)
  /// This breast was assessed from a single view.
  case singleView(Laterality)

  public var description: String {
    switch self {
    case .missingBreast(let side):
      "no \(side == .right ? "right" : "left") breast view; exam density from the other breast"
    case .singleView(let side): "\(side == .right ? "right" : "left") breast assessed from a single view"
    }
  }
}

/// The exam's density by the ACR rule: the denser breast decides; both breasts are kept.
public struct ExamDensity: Sendable, Hashable, Codable {
  public var right: BreastDensity?
  public var left: BreastDensity?
  /// The breast whose density is the exam's.
  public var decidingBreast: Laterality
  public var flags: [ExamDensityFlag]

  public var deciding: BreastDensity {
    // Initialisation guarantees the deciding breast exists.
    (decidingBreast == .right ? right : left)!
  }
  public var category: BreastComposition { deciding.category }
  public var probabilities: DensityProbabilities { deciding.probabilities }
  /// Expected category of the deciding breast on 1...4.
  public var score: Double { deciding.score }
  public var confidence: Double { deciding.confidence }

  /// Aggregates an exam's views; nil when there is no view at all.
  public init?(views: [ViewDensity], rule: ViewCombination = .mean) {
    let right = BreastDensity(laterality: .right, views: views, rule: rule)
    let left = BreastDensity(laterality: .left, views: views, rule: rule)
    switch (right, left) {
    case (nil, nil): return nil
    case (let r?, nil): decidingBreast = r.laterality
    case (nil, let l?): decidingBreast = l.laterality
    case (let r?, let l?):
      // Denser category wins; on equal categories the higher expected density.
      if r.category != l.category {
        decidingBreast = r.category > l.category ? .right : .left
      } else {
        decidingBreast = r.score >= l.score ? .right : .left
      }
    }
    self.right = right
    self.left = left
    var flags = [ExamDensityFlag]()
    for (side, breast) in [(Laterality.right, right), (.left, left)] {
      if let breast {
        if breast.views.count == 1 { flags.append(.singleView(side)) }
      } else {
        flags.append(.missingBreast(side))
      }
    }
    self.flags = flags
  }
}
