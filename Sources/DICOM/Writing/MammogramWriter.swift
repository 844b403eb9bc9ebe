import CDCMTK
import Foundation

/// Writes Digital Mammography X-Ray Image objects (For Presentation or For Processing).
public enum MammogramWriter {
  /// Writes `mammogram`'s attributes and `pixels` to `url` in `mammogram.transferSyntax`.
  ///
  /// `pixels` are `rows × columns` stored values, row by row, already in the sense of the
  /// photometric interpretation (MONOCHROME1 values stored inverted). The file appears atomically:
  /// it is written under a temporary name and renamed.
  /// - Parameter quality: JPEG quality for lossy JPEG, NEAR for near-lossless JPEG-LS, compression
  ///   ratio for lossy JPEG 2000; ignored by lossless syntaxes.
  public static func write(_ mammogram: Mammogram, pixels: [UInt16], to url: URL, quality: Int = 0) throws(DICOMError) {
    let m = mammogram
    guard pixels.count == m.rows * m.columns, m.rows > 0, m.columns > 0 else {
      throw DICOMError(
        url, .writing("\(pixels.count) pixel values for a \(m.rows)×\(m.columns) image"))
    }
    guard (1...16).contains(m.bitsStored) else {
      throw DICOMError(url, .writing("bits stored \(m.bitsStored) is outside 1...16"))
    }
    let dataset = Dataset()
    do throws(ShimError) {
      try MammogramAttributes.put(m, into: dataset)
      try putPixelData(m, pixels: pixels, quality: quality, into: dataset)
      try dataset.saveReplacing(url, transferSyntax: m.transferSyntax, quality: quality)
    } catch {
      throw DICOMError(url, .writing(error.description))
    }
  }

  private static func putPixelData(_ m: Mammogram, pixels: [UInt16], quality: Int, into dataset: Dataset)
    throws(ShimError)
  {
    switch m.transferSyntax {
    case .jpeg2000Lossless, .jpeg2000:
      let lossy = m.transferSyntax == .jpeg2000
      let ratio = lossy ? Float(quality > 0 ? quality : 10) : 0
      let codestream = try encodeJ2K(pixels, width: m.columns, height: m.rows, bits: m.bitsStored, ratio: ratio)
      try dataset.putEncapsulated(codestream, transferSyntax: m.transferSyntax)
      if lossy {
        let bytesIn = Double(pixels.count * (m.bitsStored > 8 ? 2 : 1))
        try dataset.put(Tag(0x0028, 0x2110), "01")
        try dataset.put(Tag(0x0028, 0x2112), String(format: "%.2f", bytesIn / Double(codestream.count)))
        try dataset.put(Tag(0x0028, 0x2114), "ISO_15444_1")
      }
    default:
      try dataset.putPixels(pixels, bitsAllocated: m.bitsAllocated)
    }
  }

  private static func encodeJ2K(_ pixels: [UInt16], width: Int, height: Int, bits: Int, ratio: Float)
    throws(ShimError) -> [UInt8]
  {
    var out: UnsafeMutablePointer<UInt8>?
    var length = 0
    var error = [CChar](repeating: 0, count: 512)
    let status = densa_j2k_encode(pixels, Int32(width), Int32(height), Int32(bits), ratio, &out, &length, &error, 512)
    guard status == 0, let out else { throw ShimError(message: String(cBuffer: error)) }
    defer { densa_j2k_free(out) }
    return Array(UnsafeBufferPointer(start: out, count: length))
  }
}
