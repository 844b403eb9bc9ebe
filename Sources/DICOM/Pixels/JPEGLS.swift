import CDCMTK

/// densa's own decoder for JPEG-LS (T.87, the transfer syntaxes .80 and .81) of one grayscale
/// component, lossless or near-lossless. It gives the samples DCMTK's bundled CharLS gives, in
/// less time (BENCHMARKS.md). What it declines (several components, mapping tables, restart
/// intervals, a point transform, damage) goes to DCMTK, which has the last word on damaged data.
enum JPEGLS {
  /// Why a frame was not decoded here.
  typealias Declined = ShimDecoder.Declined

  /// The `width` × `height` samples of the JPEG-LS stream `frame`, row-major.
  static func decode(_ frame: [UInt8], width: Int, height: Int) throws(Declined) -> [UInt16] {
    try ShimDecoder.decode(frame, width: width, height: height, with: densa_jpegls_decode)
  }
}
