import CDCMTK

/// densa's own decoder for lossless JPEG (T.81 process 14, the transfer syntaxes .57 and .70) of
/// one grayscale component. It gives the samples DCMTK's IJG decoder gives; decoding and reducing
/// a 3328 × 4096 view takes 0.35–0.40 of the time of DCMTK's dcmj2pnm (BENCHMARKS.md). What it
/// declines (several components, damage, restart intervals that are not whole rows) goes to
/// DCMTK, which has the last word on damaged data.
enum LosslessJPEG {
  /// Why a frame was not decoded here.
  typealias Declined = ShimDecoder.Declined

  /// The `width` × `height` samples of the lossless JPEG stream `frame`, row-major.
  static func decode(_ frame: [UInt8], width: Int, height: Int) throws(Declined) -> [UInt16] {
    try ShimDecoder.decode(frame, width: width, height: height, with: densa_ljpeg_decode)
  }
}
