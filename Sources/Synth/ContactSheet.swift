import Foundation

/// A PNG of an exam's four views as a reading station hangs them: R-CC beside L-CC above R-MLO
/// beside L-MLO, chest walls facing each other. Views are decoded from the written DICOM files,
/// so the sheet shows what a reader of the files gets.
public enum ContactSheet {
  public static func render(_ exam: Manifest.Exam, root: URL, tileHeight: Int = 320) throws -> PNGImage {
    let tileWidth = tileHeight * 3 / 4
    let gap = 4
    let width = tileWidth * 2 + gap
    let height = tileHeight * 2 + gap
    var samples = [UInt8](repeating: 40, count: width * height)
    let layout: [(StandardView, Int, Int)] = [(.rightCC, 0, 0), (.leftCC, 1, 0), (.rightMLO, 0, 1), (.leftMLO, 1, 1)]
    for (view, column, row) in layout {
      guard let image = exam.images.first(where: { $0.view == view.rawValue && $0.quirk == nil }) else { continue }
      let decoded = try MammogramDecoder.decode(root.appendingPathComponent(image.path), maxDimension: tileHeight)
      let fit = decoded.sizeFitting(maxDimension: min(tileHeight, tileWidth * decoded.height / max(1, decoded.width)))
      let tile = decoded.areaResized(width: min(tileWidth, fit.width), height: min(tileHeight, fit.height))
      // Right views hug the inner edge on their right, left views on their left.
      let x0 = column * (tileWidth + gap) + (view.laterality == .right ? tileWidth - tile.width : 0)
      let y0 = row * (tileHeight + gap)
      for y in 0..<tile.height {
        for x in 0..<tile.width {
          samples[(y0 + y) * width + x0 + x] = UInt8(max(0, min(255, (tile[x, y] * 255).rounded())))
        }
      }
    }
    return PNGImage(width: width, height: height, channels: .gray, samples: samples)
  }
}
