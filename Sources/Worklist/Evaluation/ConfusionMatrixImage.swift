import Raster

/// A confusion matrix drawn as a PNG: rows are the truth (a…d, top to bottom), columns the
/// prediction (a…d, left to right); cell shade is the row share, and each cell shows its count.
public func confusionMatrixImage(_ matrix: ConfusionMatrix, cell: Int = 72) -> PNGImage {
  let n = 4
  let margin = cell / 2
  let size = margin + n * cell + 4
  var samples = [UInt8](repeating: 255, count: size * size * 3)
  func fill(_ x0: Int, _ y0: Int, _ w: Int, _ h: Int, _ rgb: (UInt8, UInt8, UInt8)) {
    for y in max(0, y0)..<min(size, y0 + h) {
      for x in max(0, x0)..<min(size, x0 + w) {
        let i = (y * size + x) * 3
        samples[i] = rgb.0
        samples[i + 1] = rgb.1
        samples[i + 2] = rgb.2
      }
    }
  }
  func text(_ s: String, centreX: Int, centreY: Int, scale: Int, colour: (UInt8, UInt8, UInt8)) {
    let glyphs = s.compactMap { BitmapFont.glyphs[$0] }
    let width = glyphs.count * 4 * scale - scale
    var x = centreX - width / 2
    let y = centreY - 5 * scale / 2
    for glyph in glyphs {
      for (row, bits) in glyph.enumerated() {
        for col in 0..<3 where bits & (4 >> col) != 0 {
          fill(x + col * scale, y + row * scale, scale, scale, colour)
        }
      }
      x += 4 * scale
    }
  }
  let labels = ["a", "b", "c", "d"]
  for i in 0..<n {
    text(labels[i], centreX: margin + i * cell + cell / 2, centreY: margin / 2, scale: 3, colour: (60, 60, 60))
    text(labels[i], centreX: margin / 2, centreY: margin + i * cell + cell / 2, scale: 3, colour: (60, 60, 60))
    let rowTotal = max(1, matrix.counts[i].reduce(0, +))
    for j in 0..<n {
      let share = Double(matrix.counts[i][j]) / Double(rowTotal)
      let shade = UInt8(255 - Int(share * 200))
      let colour: (UInt8, UInt8, UInt8) = i == j ? (shade, 255, shade) : (255, shade, shade)
      fill(margin + j * cell + 1, margin + i * cell + 1, cell - 2, cell - 2, colour)
      text(
        String(matrix.counts[i][j]), centreX: margin + j * cell + cell / 2, centreY: margin + i * cell + cell / 2,
        scale: 3, colour: (0, 0, 0))
    }
  }
  return PNGImage(width: size, height: size, channels: .rgb, samples: samples)
}

/// A 3×5 pixel font for digits and the category letters.
enum BitmapFont {
  static let glyphs: [Character: [UInt8]] = [
    "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7],
    "4": [5, 5, 7, 1, 1], "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1],
    "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7], "a": [0, 7, 1, 7, 7], "b": [4, 4, 7, 5, 7],
    "c": [0, 7, 4, 4, 7], "d": [1, 1, 7, 5, 7],
  ]
}
