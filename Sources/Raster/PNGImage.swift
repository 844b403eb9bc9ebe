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

  /// Each row prefixed with filter type 0 (None): simple, and zlib does the rest.
  private func filteredRows() -> [UInt8] {
    let stride = width * channels.rawValue
    var out = [UInt8]()
    out.reserveCapacity((stride + 1) * height)
    for row in 0..<height {
      out.append(0)
      out.append(contentsOf: samples[(row * stride)..<((row + 1) * stride)])
    }
    return out
  }

  private static func deflate(_ bytes: [UInt8]) -> Data {
    var size = compressBound(uLong(bytes.count))
    var out = [UInt8](repeating: 0, count: Int(size))
    let status = compress2(&out, &size, bytes, uLong(bytes.count), 6)
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
