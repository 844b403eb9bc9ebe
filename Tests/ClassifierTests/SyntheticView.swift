import Classifier
import Foundation

/// A small deterministic generator (SplitMix64), so fixtures are the same on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

/// A breast-like view: a half-ellipse of textured tissue against the chest-wall border with a
/// soft skin edge, a noisy dark background and a bright burned-in label in a far corner.
struct SyntheticView {
  let image: GrayImage
  let chestWallOnRight: Bool
  let centreX: Double, centreY: Double, semiX: Double, semiY: Double
  /// The label's rectangle (x, y, width, height), when drawn.
  let label: (x: Int, y: Int, width: Int, height: Int)?

  /// `denseCore`: bright dense tissue over the inner 70 % of the breast, against which Otsu's
  /// threshold falls between fat and dense tissue rather than between air and breast.
  init(
    width: Int = 800, height: Int = 1000, chestWallOnRight: Bool, label: Bool = true, denseCore: Bool = false,
    seed: UInt64 = 7
  ) {
    self.chestWallOnRight = chestWallOnRight
    centreX = chestWallOnRight ? Double(width) : 0
    centreY = Double(height) * 0.48
    semiX = Double(width) * 0.6
    semiY = Double(height) * 0.38
    let labelRect = (x: chestWallOnRight ? 40 : width - 140, y: 30, width: 100, height: 40)
    self.label = label ? labelRect : nil
    var rng = SplitMix(state: seed)
    var pixels = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
      for x in 0..<width {
        let dx = (Double(x) + 0.5 - centreX) / semiX
        let dy = (Double(y) + 0.5 - centreY) / semiY
        let r = (dx * dx + dy * dy).squareRoot()
        var v = 0.03 * rng.unit()
        if r < 1 {
          // Tissue thins towards the skin; dense texture is brighter near the chest wall.
          let edge = Float(min(1, (1 - r) / 0.06))
          let wave: Double = sin(Double(x) / 23) * cos(Double(y) / 31)
          let texture: Float = 0.15 * Float(wave) + 0.1 * rng.unit()
          var tissue: Float = 0.35 + 0.25 * Float(1 - r) + texture
          if denseCore && r < 0.7 { tissue = 0.95 }
          if denseCore && r >= 0.7 { tissue = 0.3 + 0.05 * rng.unit() }
          v += edge * tissue
        }
        pixels[y * width + x] = min(1, max(0, v))
      }
    }
    if label {
      for y in labelRect.y..<(labelRect.y + labelRect.height) {
        for x in labelRect.x..<(labelRect.x + labelRect.width) where (x / 7 + y / 9) % 2 == 0 || y % 13 < 3 {
          pixels[y * width + x] = 0.95
        }
      }
    }
    image = GrayImage(width: width, height: height, pixels: pixels)
  }

  /// Normalised elliptical radius: below 1 inside the breast.
  func radius(x: Double, y: Double) -> Double {
    let dx = (x - centreX) / semiX
    let dy = (y - centreY) / semiY
    return (dx * dx + dy * dy).squareRoot()
  }

  /// Whether view pixel (x, y) is inside the true breast.
  func isBreast(x: Int, y: Int) -> Bool { radius(x: Double(x) + 0.5, y: Double(y) + 0.5) < 1 }
}
