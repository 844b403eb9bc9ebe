/// An 8-bit RGB canvas, samples interleaved (R, G, B) row by row, to compose pictures on: rectangles,
/// scaled copies of other pictures and text (``TextRenderer``). ``png`` hands it to the PNG encoder;
/// the same samples are what a DICOM RGB image with Planar Configuration 0 stores.
public struct RGBImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height * 3` samples.
  public var samples: [UInt8]

  /// A canvas of one colour.
  public init(width: Int, height: Int, fill: RGBColour = .black) {
    precondition(width > 0 && height > 0, "an image has at least one pixel")
    self.width = width
    self.height = height
    var samples = [UInt8](repeating: 0, count: width * height * 3)
    for i in stride(from: 0, to: samples.count, by: 3) {
      samples[i] = fill.red
      samples[i + 1] = fill.green
      samples[i + 2] = fill.blue
    }
    self.samples = samples
  }

  public subscript(x: Int, y: Int) -> RGBColour {
    let i = (y * width + x) * 3
    return RGBColour(samples[i], samples[i + 1], samples[i + 2])
  }

  /// The canvas as an RGB ``PNGImage``.
  public var png: PNGImage { PNGImage(width: width, height: height, channels: .rgb, samples: samples) }

  /// Fills the rectangle, clipped to the canvas.
  public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, colour: RGBColour) {
    let x0 = max(0, x), x1 = min(width, x + w), y0 = max(0, y), y1 = min(height, y + h)
    guard x0 < x1, y0 < y1 else { return }
    for row in y0..<y1 {
      for column in x0..<x1 {
        let i = (row * width + column) * 3
        samples[i] = colour.red
        samples[i + 1] = colour.green
        samples[i + 2] = colour.blue
      }
    }
  }

  /// A one-pixel-wide rectangle outline of `thickness` pixels inside the given bounds.
  public mutating func stroke(x: Int, y: Int, width w: Int, height h: Int, thickness: Int = 1, colour: RGBColour) {
    fill(x: x, y: y, width: w, height: thickness, colour: colour)
    fill(x: x, y: y + h - thickness, width: w, height: thickness, colour: colour)
    fill(x: x, y: y, width: thickness, height: h, colour: colour)
    fill(x: x + w - thickness, y: y, width: thickness, height: h, colour: colour)
  }

  /// Mixes `colour` into one pixel with opacity `coverage` (0...255); outside the canvas, nothing.
  public mutating func blend(x: Int, y: Int, colour: RGBColour, coverage: UInt8) {
    guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
    let i = (y * width + x) * 3
    let a = Int(coverage)
    func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Int(old) * (255 - a) + Int(new) * a + 127) / 255) }
    samples[i] = mix(samples[i], colour.red)
    samples[i + 1] = mix(samples[i + 1], colour.green)
    samples[i + 2] = mix(samples[i + 2], colour.blue)
  }

  /// Draws `picture` (gray or RGB) scaled to fit inside the box, aspect kept, centred vertically
  /// and placed across by `across` (0 at the box's left edge, 0.5 centred, 1 at its right edge),
  /// optionally mirrored left to right. Each target pixel averages the source pixels it covers
  /// (area resampling, so a 10× reduction does not alias). Returns the rectangle drawn.
  @discardableResult
  public mutating func draw(
    _ picture: PNGImage, fittingX boxX: Int, y boxY: Int, width boxWidth: Int, height boxHeight: Int,
    across: Double = 0.5, mirrored: Bool = false
  ) -> (x: Int, y: Int, width: Int, height: Int) {
    let scale = min(Double(boxWidth) / Double(picture.width), Double(boxHeight) / Double(picture.height))
    let w = max(1, Int((Double(picture.width) * scale).rounded()))
    let h = max(1, Int((Double(picture.height) * scale).rounded()))
    let ox = boxX + Int((Double(boxWidth - w) * min(max(across, 0), 1)).rounded()), oy = boxY + (boxHeight - h) / 2
    let channels = picture.channels.rawValue
    for ty in 0..<h {
      let sy0 = ty * picture.height / h, sy1 = max(sy0 + 1, (ty + 1) * picture.height / h)
      for tx in 0..<w {
        let column = mirrored ? w - 1 - tx : tx
        let sx0 = column * picture.width / w, sx1 = max(sx0 + 1, (column + 1) * picture.width / w)
        // Three scalars, not an array: an array here was a heap allocation per target pixel.
        var (r, g, b) = (0, 0, 0)
        picture.samples.withUnsafeBufferPointer { source in
          for sy in sy0..<sy1 {
            for sx in sx0..<sx1 {
              let s = (sy * picture.width + sx) * channels
              r += Int(source[s])
              if channels == 3 {
                g += Int(source[s + 1])
                b += Int(source[s + 2])
              }
            }
          }
        }
        if channels == 1 { (g, b) = (r, r) }
        let n = (sy1 - sy0) * (sx1 - sx0)
        let x = ox + tx, y = oy + ty
        guard x >= 0, y >= 0, x < width, y < height else { continue }
        let i = (y * width + x) * 3
        samples[i] = UInt8((r + n / 2) / n)
        samples[i + 1] = UInt8((g + n / 2) / n)
        samples[i + 2] = UInt8((b + n / 2) / n)
      }
    }
    return (ox, oy, w, h)
  }
}
