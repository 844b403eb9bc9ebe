import Foundation

/// SplitMix64: a tiny, fast, seedable generator, so the same seed gives the same bytes everywhere.
/// The one copy for the synthetic studies (Synth), the seeded dataset split (Worklist) and random
/// test weights (Classifier), which is why it is a module of its own below all three.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in 0..<1.
  public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

  /// A standard normal value (Box–Muller).
  public mutating func normal() -> Double {
    let u = max(unit(), 1e-12)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
  }

  /// A generator for a sub-task, independent of how much this one is used afterwards.
  public func derived(_ salt: UInt64) -> SeededGenerator {
    var copy = SeededGenerator(seed: state ^ (salt &* 0xD1B5_4A32_D192_ED03))
    _ = copy.next()
    return copy
  }
}
