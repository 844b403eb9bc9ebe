/// Fibroglandular fractions for the four compositions. The quartile cut-offs are used only to
/// synthesise (a < 25 %, b 25–50 %, c 50–75 %, d > 75 %); about a fifth of the draws fall near a
/// boundary so a classifier has something to get wrong.
public enum CompositionSampler {
  static let bounds: [(Double, Double)] = [(0.03, 0.25), (0.25, 0.50), (0.50, 0.75), (0.75, 0.95)]

  public static func fraction(for category: BreastComposition, using rng: inout SeededGenerator) -> Double {
    let (low, high) = bounds[category.index]
    if rng.unit() < 0.2 {
      // Near one of the category's edges, but inside it.
      let inset = 0.003 + 0.02 * rng.unit()
      return rng.unit() < 0.5 ? low + inset : high - inset
    }
    return low + (high - low) * (0.1 + 0.8 * rng.unit())
  }

  public static func category(forFraction f: Double) -> BreastComposition {
    f < 0.25 ? .a : f < 0.50 ? .b : f < 0.75 ? .c : .d
  }
}
