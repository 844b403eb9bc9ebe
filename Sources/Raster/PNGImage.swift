import CZlib
import Foundation

/// An 8-bit image ready to be written as PNG: contact sheets, heatmap overlays, plots.
public struct PNGImage: Sendable, Equatable {
  /// Samples per pixel and their meaning.
  public enum Channels: Int, Sendable {
    case gray = 1
    case rgb = 3
  }

  public let width: Int
  public let height: Int
  public let channels: Channels
  /// Row-major samples, `width * height * channels.rawValue` of them.
  public var samples: [UInt8]

  public init(width: Int, height: Int, channels: Channels, samples: [UInt8]) {
    precondition(width > 0 && height > 0, "a PNG has at least one pixel")
    precondition(samples.count == width * height * channels.rawValue, "sample count does not match size")
    self.width = width
    self.height = height
    self.channels = channels
    self.samples = samples
  }

  /// The PNG file bytes: signature, IHDR, one zlib-compressed IDAT, IEND.
  public func encoded() -> Data {
    var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var header = Data()
    header.appendBigEndian(UInt32(width))
    header.appendBigEndian(UInt32(height))
    header.append(contentsOf: [8, channels == .gray ? 0 : 2, 0, 0, 0])
    png.appendChunk("IHDR", header)
    png.appendChunk("IDAT", Self.deflate(filteredRows()))
    png.appendChunk("IEND", Data())
    return png
  }

  /// Writes the PNG atomically, so a reader never sees half a file.
  public func write(to url: URL) throws {
    try encoded().write(to: url, options: .atomic)
  }

  /// Each row filtered with type 1 (Sub: each byte minus the same channel of the pixel to its
  /// left). On heatmap overlays this with zlib's level 1 is a quarter of the time of no filter at
  /// level 6, and the file is smaller (an 832 × 1024 overlay: 23 ms and 511 KB against 89 ms and
  /// 539 KB).
  private func filteredRows() -> [UInt8] {
    let bpp = channels.rawValue
    let stride = width * bpp
    return [UInt8](unsafeUninitializedCapacity: (stride + 1) * height) { out, count in
      samples.withUnsafeBufferPointer { src in
        for row in 0..<height {
          let s = row * stride
          let d = row * (stride + 1)
          out[d] = 1
          for i in 0..<bpp { out[d + 1 + i] = src[s + i] }
          for i in bpp..<stride { out[d + 1 + i] = src[s + i] &- src[s + i - bpp] }
        }
      }
      count = (stride + 1) * height
    }
  }

  private static func deflate(_ bytes: [UInt8]) -> Data {
    var size = compressBound(uLong(bytes.count))
    var out = [UInt8](repeating: 0, count: Int(size))
    // Level 1: after the Sub filter, higher levels buy a few per cent of size for 2-6 x the time.
    let status = compress2(&out, &size, bytes, uLong(bytes.count), 1)
    precondition(status == Z_OK, "zlib compress2 failed with \(status)")
    return Data(out[0..<Int(size)])
  }
}

extension Data {
  fileprivate mutating func appendBigEndian(_ value: UInt32) {
    Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
  }

  fileprivate mutating func appendChunk(_ type: String, _ body: Data) {
    appendBigEndian(UInt32(body.count))
    var typed = Data(type.utf8)
    typed.append(body)
    append(typed)
    let crc = typed.withUnsafeBytes { raw in
      crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count))
    }
    appendBigEndian(UInt32(crc))
  }
}
