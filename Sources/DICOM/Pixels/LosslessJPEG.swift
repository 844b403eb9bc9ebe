import CDCMTK

/// densa's own decoder for lossless JPEG (T.81 process 14, the transfer syntaxes .57 and .70) of
/// one grayscale component. It gives the samples DCMTK's IJG decoder gives; decoding and reducing
/// a 3328 × 4096 view takes 0.35–0.40 of the time of DCMTK's dcmj2pnm (BENCHMARKS.md). What it
/// declines (several components, damage, restart intervals that are not whole rows) goes to
/// DCMTK, which has the last word on damaged data.
enum LosslessJPEG {
  /// Why a frame was not decoded here.
  struct Declined: Error, CustomStringConvertible {
    /// Whether the stream is valid JPEG this decoder does not handle (rather than damaged).
    var unsupported: Bool
    var message: String
    var description: String { message }
  }

  /// The `width` × `height` samples of the lossless JPEG stream `frame`, row-major.
  static func decode(_ frame: [UInt8], width: Int, height: Int) throws(Declined) -> [UInt16] {
    var error = [CChar](repeating: 0, count: 256)
    var status: Int32 = 0
    // Not zero-filled first: the decoder writes every sample or fails.
    let samples = [UInt16](unsafeUninitializedCapacity: width * height) { buffer, initialized in
      status = frame.withUnsafeBufferPointer { bytes in
        densa_ljpeg_decode(
          bytes.baseAddress, bytes.count, buffer.baseAddress!, Int32(width), Int32(height), &error, error.count)
      }
      initialized = status == DENSA_LJPEG_OK ? width * height : 0
    }
    guard status == DENSA_LJPEG_OK else {
      throw Declined(unsupported: status == DENSA_LJPEG_UNSUPPORTED, message: String(cBuffer: error))
    }
    return samples
  }
}
