import Foundation

/// The display transform of a grayscale image: modality rescale, VOI window, MONOCHROME1
/// inversion, applied as one lookup table over every possible stored value.
struct VOITransform {
  enum Function: String {
    case linear = "LINEAR"
    case linearExact = "LINEAR_EXACT"
    case sigmoid = "SIGMOID"
  }

  var slope = 1.0
  var intercept = 0.0
  /// The window, or nil to stretch the image's own range.
  var window: (center: Double, width: Double)?
  var function = Function.linear
  /// A VOI LUT, used when there is no window.
  var lut: LookupTable?
  var invert = false

  /// Output in 0...1 for a modality value (PS3.3 C.11.2.1.2).
  func display(_ x: Double, range: ClosedRange<Double>) -> Double {
    var y: Double
    if let (c, w) = window {
      switch function {
      case .linear:
        if w <= 1 {
          y = x > c - 0.5 ? 1 : 0
        } else {
          y = min(1, max(0, (x - (c - 0.5)) / (w - 1) + 0.5))
        }
      case .linearExact:
        y = w <= 0 ? (x > c ? 1 : 0) : min(1, max(0, (x - c) / w + 0.5))
      case .sigmoid:
        y = 1 / (1 + exp(-4 * (x - c) / w))
      }
    } else if let lut {
      y = lut.output(x)
    } else {
      let span = range.upperBound - range.lowerBound
      y = span > 0 ? (x - range.lowerBound) / span : 0
    }
    return invert ? 1 - y : y
  }
}
