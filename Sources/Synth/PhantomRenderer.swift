import Foundation

/// What a phantom should show.
public struct PhantomSpec: Sendable {
  public var width: Int
  public var height: Int
  public var isMLO: Bool
  /// Share of the breast area that is fibroglandular (dense), 0...1.
  public var fibroglandularFraction: Double
  public var seed: UInt64

  public init(width: Int, height: Int, isMLO: Bool, fibroglandularFraction: Double, seed: UInt64) {
    self.width = width
    self.height = height
    self.isMLO = isMLO
    self.fibroglandularFraction = fibroglandularFraction
    self.seed = seed
  }
}

/// A rendered phantom: display intensities with the chest wall on the left (x = 0).
public struct Phantom: Sendable {
  /// 0...1, dense tissue bright, background black.
  public var image: GrayImage
  /// The dense share actually rendered, measured on the working grid.
  public var measuredFibroglandularFraction: Double
}

/// Renders mammogram-like phantoms: a compressed breast against the chest wall with skin line and
/// thickness fall-off, pectoral muscle on MLO views, nipple, power-law (1/f³) parenchymal texture
/// thresholded to the requested dense fraction and gathered behind the nipple, and Cooper's
/// ligament-like strands. It works on a grid of at most 512 px and upsamples bilinearly, adding
/// fine grain at full size, so full-field images take well under a second each.
public enum PhantomRenderer {
  public static func render(_ spec: PhantomSpec) -> Phantom {
    var rng = SeededGenerator(seed: spec.seed)
    let scale = min(1, 512 / Double(max(spec.width, spec.height)))
    let w = max(32, Int(Double(spec.width) * scale))
    let h = max(32, Int(Double(spec.height) * scale))
    let field = PowerLawField(width: w, height: h, rng: &rng)

    // Breast outline: a half-ellipse from the chest wall, its radius wobbling slowly.
    let depth = 0.72 + 0.12 * rng.unit()
    let halfHeight = (spec.isMLO ? 0.46 : 0.40) + 0.05 * rng.unit()
    let centreY = spec.isMLO ? 0.56 : 0.5
    let wobble = (0..<4).map { _ in (rng.unit() - 0.5) * 0.06 }
    let pectoralDepth = 0.22 + 0.12 * rng.unit()
    let pectoralLength = 0.55 + 0.2 * rng.unit()
    // Cooper's ligaments and vessels: curves from the chest wall converging on the nipple.
    let strands = (0..<18).map { _ in
      (centreY + (rng.unit() - 0.5) * 2 * halfHeight, rng.unit() * 2 * Double.pi, 0.5 + rng.unit())
    }

    var radius = [Double](repeating: 2, count: w * h)
    var gland = [Double](repeating: 0, count: w * h)
    var textures = [Double](repeating: 0, count: w * h)
    var inside: [Int] = []
    for y in 0..<h {
      for x in 0..<w {
        let u = Double(x) / Double(w) / depth
        let v = (Double(y) / Double(h) - centreY) / halfHeight
        let angle = atan2(v, u)
        let edge = 1 + wobble[0] * cos(angle * 2) + wobble[1] * sin(angle * 3) + wobble[2] * cos(angle * 5)
        let r = (u * u + v * v).squareRoot() / edge
        let i = y * w + x
        // On MLO views the pectoral muscle runs up to the image edge, beyond the breast outline.
        let py = Double(y) / Double(h)
        let muscleRegion = spec.isMLO && Double(x) / Double(w) < pectoralDepth * (1 - py / pectoralLength)
        radius[i] = muscleRegion ? min(r, 0.95) : r
        guard r < 1 || muscleRegion else { continue }
        inside.append(i)
        // Ducts and stroma radiate from the nipple: sample the texture in polar coordinates
        // around it, so features stretch along the radial direction.
        let du = depth - Double(x) / Double(w)
        let dv = Double(y) / Double(h) - centreY
        let polarR = min(Double(w - 1), (du * du + dv * dv).squareRoot() * Double(w) * 0.9)
        let polarT = min(Double(h - 1), max(0, (atan2(dv, du) / Double.pi + 0.5) * Double(h - 1)))
        let radial = field.values[Int(polarT) * w + Int(polarR)]
        // Glandular tissue gathers behind the nipple and thins toward skin and chest wall.
        let prior = exp(-pow(r / 0.75, 4)) * (0.55 + 0.45 * min(1, u * 3))
        gland[i] = radial * 0.6 + field.values[i] * 0.35 + prior * 1.1 + wobble[3]
        textures[i] = radial
      }
    }
    // The dense threshold that gives the requested share of the breast.
    let sorted = inside.map { gland[$0] }.sorted()
    let fraction = min(0.98, max(0.01, spec.fibroglandularFraction))
    let threshold = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * (1 - fraction)))]

    var small = [Float](repeating: 0, count: w * h)
    var dense = 0
    for i in inside {
      let x = i % w
      let y = i / w
      let r = radius[i]
      let u = Double(x) / Double(w)
      // Membership is a steep sigmoid around the threshold: mostly crisp, slightly fuzzy edges.
      let membership = 1 / (1 + exp(-(gland[i] - threshold) * 7))
      if membership > 0.5 { dense += 1 }
      let thickness = (1 - r * r).squareRoot()
      var value = 0.16 + 0.2 * thickness + 0.4 * membership * (0.6 + 0.4 * thickness)
      value += (0.05 + 0.06 * membership) * textures[i] * thickness
      // Cooper's ligaments and vessels: faint curved strands.
      for (start, phase, frequency) in strands {
        let t = min(1, u / depth)
        let curve = start + (centreY - start) * pow(t, 0.8) + 0.015 * sin(t * 8 * frequency + phase)
        let d = abs(Double(y) / Double(h) - curve)
        if d < 0.0035 { value += 0.045 * (1 - d / 0.0035) * thickness }
      }
      if r > 0.965 { value += 0.12 * (1 - abs(r - 0.985) / 0.02) }  // skin line
      if spec.isMLO {
        let py = Double(y) / Double(h)
        let boundary = pectoralDepth * (1 - py / pectoralLength)
        let muscle = 1 / (1 + exp(-(boundary - u) * 120))
        value = value * (1 - muscle) + (0.74 + 0.08 * (1 - u / max(boundary, 1e-3)) + 0.03 * textures[i]) * muscle
      }
      small[i] = Float(min(1, max(0, value)))
    }
    // Nipple at the apex of the outline.
    let nippleY = Int(centreY * Double(h))
    let nippleX = Int(depth * Double(w) * (1 + wobble[0] + wobble[2]))
    for dy in -3...3 {
      for dx in 0...3 {
        let x = nippleX + dx - 2
        let y = nippleY + dy
        if x >= 0 && x < w && y >= 0 && y < h && dx * dx + dy * dy <= 9 {
          small[y * w + x] = max(small[y * w + x], 0.42)
        }
      }
    }
    let measured = inside.isEmpty ? 0 : Double(dense) / Double(inside.count)
    let coarse = GrayImage(width: w, height: h, pixels: small)
    let full = upsample(coarse, width: spec.width, height: spec.height, grainSeed: spec.seed &+ 0x51_7A1E)
    return Phantom(image: full, measuredFibroglandularFraction: measured)
  }

  /// Bilinear upsampling with fine grain inside the breast (quantum-noise-like texture).
  static func upsample(_ image: GrayImage, width: Int, height: Int, grainSeed: UInt64) -> GrayImage {
    var out = [Float](repeating: 0, count: width * height)
    let sx = Double(image.width) / Double(width)
    let sy = Double(image.height) / Double(height)
    var grain = SeededGenerator(seed: grainSeed)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<height {
          let fy = max(0, (Double(y) + 0.5) * sy - 0.5)
          let y0 = min(Int(fy), image.height - 1)
          let y1 = min(y0 + 1, image.height - 1)
          let ty = Float(fy - Double(y0))
          for x in 0..<width {
            let fx = max(0, (Double(x) + 0.5) * sx - 0.5)
            let x0 = min(Int(fx), image.width - 1)
            let x1 = min(x0 + 1, image.width - 1)
            let tx = Float(fx - Double(x0))
            let top = src[y0 * image.width + x0] * (1 - tx) + src[y0 * image.width + x1] * tx
            let bottom = src[y1 * image.width + x0] * (1 - tx) + src[y1 * image.width + x1] * tx
            var v = top * (1 - ty) + bottom * ty
            if v > 0.05 { v += Float(Int64(bitPattern: grain.next() >> 1) % 1000) * 0.000_02 - 0.01 }
            dst[y * width + x] = min(1, max(0, v))
          }
        }
      }
    }
    return GrayImage(width: width, height: height, pixels: out)
  }
}

/// A 1/f^β (β ≈ 3) random field from octaves of smooth value noise, normalised to zero mean and
/// unit variance: the classic model of mammographic parenchymal texture.
struct PowerLawField {
  var values: [Double]

  init(width: Int, height: Int, rng: inout SeededGenerator) {
    values = [Double](repeating: 0, count: width * height)
    var cells = 3
    var amplitude = 1.0
    while cells < max(width, height) / 2 {
      let lattice = (0..<((cells + 1) * (cells + 1))).map { _ in rng.normal() }
      for y in 0..<height {
        let fy = Double(y) / Double(height) * Double(cells)
        let y0 = Int(fy)
        let ty = smooth(fy - Double(y0))
        for x in 0..<width {
          let fx = Double(x) / Double(width) * Double(cells)
          let x0 = Int(fx)
          let tx = smooth(fx - Double(x0))
          let a = lattice[y0 * (cells + 1) + x0]
          let b = lattice[y0 * (cells + 1) + x0 + 1]
          let c = lattice[(y0 + 1) * (cells + 1) + x0]
          let d = lattice[(y0 + 1) * (cells + 1) + x0 + 1]
          values[y * width + x] += amplitude * ((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty)
        }
      }
      cells *= 2
      amplitude /= pow(2, 1.5)  // power spectrum ∝ f^-3: amplitude halves by 2^1.5 per octave
    }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    let sd = max(variance.squareRoot(), 1e-9)
    values = values.map { ($0 - mean) / sd }
  }
}

private func smooth(_ t: Double) -> Double { t * t * (3 - 2 * t) }
