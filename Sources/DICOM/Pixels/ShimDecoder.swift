import CDCMTK

/// The calling convention the shim's own frame decoders share (lossless JPEG in ljpeg.cpp, JPEG-LS
/// in jpegls.cpp): the stream, a `width` × `height` sample buffer they fill completely or not at
/// all, and a status of 0 (decoded), 1 (valid but not handled here) or 2 (damaged), with a reason.
enum ShimDecoder {
  /// Why a frame was not decoded by the shim's own decoder.
  struct Declined: Error, CustomStringConvertible {
    /// Whether the stream is valid data this decoder does not handle (rather than damaged).
    var unsupported: Bool
    var message: String
    var description: String { message }
  }

  /// One of the shim's decoders, as C declares it.
  typealias Decode = (
    UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt16>?, Int32, Int32, UnsafeMutablePointer<CChar>?, Int
  ) -> Int32

  /// The `width` × `height` samples of `frame`, row-major, as `decoder` gives them.
  static func decode(_ frame: [UInt8], width: Int, height: Int, with decoder: Decode) throws(Declined) -> [UInt16] {
    var error = [CChar](repeating: 0, count: 256)
    var status: Int32 = 0
    // Not zero-filled first: the decoder writes every sample or fails.
    let samples = [UInt16](unsafeUninitializedCapacity: width * height) { buffer, initialized in
      status = frame.withUnsafeBufferPointer { bytes in
        decoder(bytes.baseAddress, bytes.count, buffer.baseAddress!, Int32(width), Int32(height), &error, error.count)
      }
      initialized = status == 0 ? width * height : 0
    }
    guard status == 0 else { throw Declined(unsupported: status == 1, message: String(cBuffer: error)) }
    return samples
  }
}
