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

extension JPEGLS {
  /// One frame to decode: the JPEG-LS stream and the size its header must declare.
  struct Frame {
    var bytes: [UInt8]
    var width: Int
    var height: Int
  }

  /// Two frames decoded on the calling thread, a sample of each in turn
  /// (`densa_jpegls_decode_pair`): each frame's samples, or why it was declined, exactly as
  /// ``decode(_:width:height:)`` gives them, in less time than the two one after the other.
  /// `together` is false where the two were decoded one by one (either declined or damaged, or
  /// one lossless and the other near-lossless).
  static func decode(
    pair first: Frame, _ second: Frame
  ) -> (first: Result<[UInt16], Declined>, second: Result<[UInt16], Declined>, together: Bool) {
    var errors = ([CChar](repeating: 0, count: 256), [CChar](repeating: 0, count: 256))
    var status: (Int32, Int32) = (2, 2)
    var together = false
    // Not zero-filled first: the decoder writes every sample of a frame or reports it declined.
    var b = [UInt16]()
    let a = [UInt16](unsafeUninitializedCapacity: first.width * first.height) { outA, initializedA in
      b = [UInt16](unsafeUninitializedCapacity: second.width * second.height) { outB, initializedB in
        first.bytes.withUnsafeBufferPointer { bytesA in
          second.bytes.withUnsafeBufferPointer { bytesB in
            errors.0.withUnsafeMutableBufferPointer { errorA in
              errors.1.withUnsafeMutableBufferPointer { errorB in
                var frameA = densa_jpegls_frame(
                  bytes: bytesA.baseAddress, length: bytesA.count, out: outA.baseAddress, width: Int32(first.width),
                  height: Int32(first.height), error: errorA.baseAddress, error_len: errorA.count, status: 2,
                  together: 0)
                var frameB = densa_jpegls_frame(
                  bytes: bytesB.baseAddress, length: bytesB.count, out: outB.baseAddress, width: Int32(second.width),
                  height: Int32(second.height), error: errorB.baseAddress, error_len: errorB.count, status: 2,
                  together: 0)
                densa_jpegls_decode_pair(&frameA, &frameB)
                status = (frameA.status, frameB.status)
                together = frameA.together == 1
              }
            }
          }
        }
        initializedB = status.1 == 0 ? second.width * second.height : 0
      }
      initializedA = status.0 == 0 ? first.width * first.height : 0
    }
    func result(_ code: Int32, _ samples: [UInt16], _ error: [CChar]) -> Result<[UInt16], Declined> {
      code == 0 ? .success(samples) : .failure(Declined(unsupported: code == 1, message: String(cBuffer: error)))
    }
    return (result(status.0, a, errors.0), result(status.1, b, errors.1), together)
  }
}
