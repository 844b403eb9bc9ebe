/// Exponential backoff between send attempts: `initial × 2^(attempt − 1)`, at most `maximum`.
public struct Backoff: Sendable, Hashable {
  public var initial: Double
  public var maximum: Double

  public init(initial: Double, maximum: Double) {
    self.initial = initial
    self.maximum = maximum
  }

  /// Seconds to wait after the `attempt`-th failed attempt (1 for the first).
  public func delay(afterAttempt attempt: Int) -> Double {
    let exponent = Double(max(0, min(attempt - 1, 30)))
    return min(maximum, initial * pow2(exponent))
  }

  private func pow2(_ e: Double) -> Double {
    var v = 1.0
    for _ in 0..<Int(e) { v *= 2 }
    return v
  }
}
