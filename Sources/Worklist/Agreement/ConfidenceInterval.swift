import Foundation

/// A 95 % confidence interval.
public struct ConfidenceInterval: Sendable, Codable, Equatable {
  public var lower: Double
  public var upper: Double

  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  /// z for a two-sided 95 % interval.
  public static let z95 = 1.959_963_984_540_054

  /// Wilson's score interval for a proportion `successes / n` (good at small n and near 0 or 1,
  /// where the normal approximation fails); nil when n is 0.
  public static func wilson(successes: Int, of n: Int, z: Double = z95) -> ConfidenceInterval? {
    guard n > 0 else { return nil }
    let nd = Double(n)
    let p = Double(successes) / nd
    let z2 = z * z
    let centre = (p + z2 / (2 * nd)) / (1 + z2 / nd)
    let half = z * (p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot() / (1 + z2 / nd)
    return ConfidenceInterval(lower: max(0, centre - half), upper: min(1, centre + half))
  }

  /// Cohen's unweighted kappa with its large-sample interval, kappa ± z·SE, where SE is the
  /// asymptotic standard error of Fleiss, Cohen & Everitt (1969) for kappa ≠ 0, clipped to
  /// [-1, 1]. Nil when the matrix is empty or chance agreement is perfect.
  public static func kappa(_ m: ConfusionMatrix, z: Double = z95) -> (kappa: Double, interval: ConfidenceInterval)? {
    let n = Double(m.total)
    guard n > 0 else { return nil }
    let p = m.counts.map { $0.map { Double($0) / n } }
    let rows = p.map { $0.reduce(0, +) }
    let cols = (0..<4).map { j in (0..<4).reduce(0) { $0 + p[$1][j] } }
    let po = (0..<4).reduce(0) { $0 + p[$1][$1] }
    let pe = (0..<4).reduce(0) { $0 + rows[$1] * cols[$1] }
    guard pe < 1 else { return nil }
    let kappa = (po - pe) / (1 - pe)
    var a = 0.0
    for i in 0..<4 {
      let t = (1 - pe) - (cols[i] + rows[i]) * (1 - po)
      a += p[i][i] * t * t
    }
    var b = 0.0
    for i in 0..<4 {
      for j in 0..<4 where i != j {
        let t = cols[i] + rows[j]
        b += p[i][j] * t * t
      }
    }
    b *= (1 - po) * (1 - po)
    let c = po * pe - 2 * pe + po
    let variance = max(0, (a + b - c * c) / (n * (1 - pe) * (1 - pe) * (1 - pe) * (1 - pe)))
    let half = z * variance.squareRoot()
    return (kappa, ConfidenceInterval(lower: max(-1, kappa - half), upper: min(1, kappa + half)))
  }
}
