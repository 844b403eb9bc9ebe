import Classifier
import Raster

/// A reliability diagram drawn as a PNG: one column per confidence bin (0 to 1, left to right),
/// its height the bin's accuracy (blue), a grey marker at the bin's mean confidence, and the
/// diagonal a perfectly calibrated model would follow; the gap between bar and marker is the
/// bin's miscalibration. The ECE is written in the top-left corner (in per mille, the font has
/// digits only).
public func reliabilityDiagramImage(_ bins: ReliabilityBins, width: Int = 480, height: Int = 480) -> PNGImage {
  let margin = 24
  let plot = (x: margin, y: margin, w: width - 2 * margin, h: height - 2 * margin)
  var samples = [UInt8](repeating: 255, count: width * height * 3)
  func fill(_ x0: Int, _ y0: Int, _ w: Int, _ h: Int, _ rgb: (UInt8, UInt8, UInt8)) {
    for y in max(0, y0)..<max(max(0, y0), min(height, y0 + h)) {
      for x in max(0, x0)..<max(max(0, x0), min(width, x0 + w)) {
        let i = (y * width + x) * 3
        samples[i] = rgb.0
        samples[i + 1] = rgb.1
        samples[i + 2] = rgb.2
      }
    }
  }
  // Axes box.
  fill(plot.x, plot.y + plot.h, plot.w, 1, (0, 0, 0))
  fill(plot.x, plot.y, 1, plot.h, (0, 0, 0))
  let n = max(1, bins.bins.count)
  let columnWidth = plot.w / n
  for (m, bin) in bins.bins.enumerated() {
    let x = plot.x + m * columnWidth
    if let accuracy = bin.accuracy {
      let h = Int((accuracy * Double(plot.h)).rounded())
      fill(x + 1, plot.y + plot.h - h, columnWidth - 2, h, (66, 120, 200))
    }
    if let confidence = bin.meanConfidence {
      let y = plot.y + plot.h - Int((confidence * Double(plot.h)).rounded())
      fill(x + 1, y - 1, columnWidth - 2, 3, (90, 90, 90))
    }
  }
  // Perfect calibration: accuracy = confidence.
  for step in 0..<plot.w {
    let y = plot.y + plot.h - Int(Double(step) / Double(plot.w) * Double(plot.h))
    fill(plot.x + step, y, 1, 1, (200, 40, 40))
  }
  let perMille = String(Int((bins.ece * 1000).rounded()))
  var x = plot.x + 6
  for glyph in perMille.compactMap({ BitmapFont.glyphs[$0] }) {
    for (row, bits) in glyph.enumerated() {
      for col in 0..<3 where bits & (4 >> col) != 0 { fill(x + col * 3, plot.y + 6 + row * 3, 3, 3, (0, 0, 0)) }
    }
    x += 12
  }
  return PNGImage(width: width, height: height, channels: .rgb, samples: samples)
}
