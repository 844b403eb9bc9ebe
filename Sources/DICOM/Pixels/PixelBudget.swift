import Foundation

/// The most pixels densa decodes from one image. A header is read before any pixel buffer is
/// allocated, so a broken or hostile file (65535 × 65535, thousands of frames, a JPEG 2000
/// codestream larger than the header says) is refused with its size instead of exhausting memory.
public struct PixelBudget: Sendable, Equatable {
  /// Pixels over all frames.
  public var maxPixels: Int

  public init(maxPixels: Int) { self.maxPixels = maxPixels }

  /// 50 megapixels: about twice the largest full-field mammography detector (Fujifilm's 50 µm
  /// 24 × 30 cm plate is 4728 × 5928, 28 MP), and 200 MB of samples.
  public static let standard = PixelBudget(maxPixels: 50_000_000)

  /// Throws when `columns` × `rows` × `frames` exceeds the budget.
  func check(columns: Int, rows: Int, frames: Int, what: String, url: URL) throws(DICOMError) {
    let (area, o1) = columns.multipliedReportingOverflow(by: rows)
    let (total, o2) = area.multipliedReportingOverflow(by: max(frames, 1))
    guard o1 || o2 || total > maxPixels else { return }
    let frameText = frames > 1 ? " × \(frames) frames" : ""
    let limit = String(format: "%g", Double(maxPixels) / 1_000_000)
    throw DICOMError(
      url,
      .tooLarge(
        "\(what) is \(columns) × \(rows) pixels\(frameText), over the limit of \(limit) megapixel\(limit == "1" ? "" : "s") "
          + "(process.maxImagePixels); not decoded"))
  }
}
