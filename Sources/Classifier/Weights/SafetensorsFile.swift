import Foundation

/// A tensor read from a safetensors file, converted to Float32.
public struct WeightTensor: Sendable {
  /// Dimensions, outermost first.
  public var shape: [Int]
  /// Values in C order.
  public var values: [Float]

  public init(shape: [Int], values: [Float]) {
    self.shape = shape
    self.values = values
  }
}

/// A safetensors file (Hugging Face's safe weights format): an 8-byte little-endian header length,
/// a JSON header naming each tensor's dtype, shape and byte offsets, then the raw data. The file is
/// memory-mapped and every offset checked up front; a tensor is converted to F32 (from F16 or
/// BF16 where stored so) when it is read, and its pages of the file are handed back then.
public struct SafetensorsFile: Sendable {
  /// Path the tensors came from, for messages.
  public let path: String
  /// Where each tensor is, already validated.
  struct Entry: Sendable {
    var dtype: String
    var shape: [Int]
    /// Byte range in the file.
    var range: Range<Int>
  }
  let entries: [String: Entry]
  /// The file's bytes: a private mapping, or the bytes given.
  private let mapping: MappedFile?
  private let data: Data?
  /// The `__metadata__` strings, if any.
  public let metadata: [String: String]

  /// Headers beyond this are refused: real ones are kilobytes, and a huge one is an attack.
  static let maximumHeaderLength: UInt64 = 100 * 1024 * 1024

  /// Reads and validates the file at `path`.
  public init(path: String) throws(SafetensorsError) {
    let mapping = try MappedFile(path: path)
    let data = Data(
      bytesNoCopy: UnsafeMutableRawPointer(mutating: mapping.bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!),
      count: mapping.bytes.count, deallocator: .none)
    try self.init(data: data, name: path, mapping: mapping)
  }

  /// Parses safetensors bytes; `name` is used in errors.
  public init(data: Data, name: String) throws(SafetensorsError) {
    try self.init(data: data, name: name, mapping: nil)
  }

  private init(data: Data, name: String, mapping: MappedFile?) throws(SafetensorsError) {
    path = name
    self.mapping = mapping
    // A mapped file is read through the mapping; the Data only wraps it for parsing.
    self.data = mapping == nil ? data : nil
    guard data.count >= 8 else { throw .truncated(file: name, reason: "shorter than the 8-byte header length") }
    var headerLength: UInt64 = 0
    for i in 0..<8 { headerLength |= UInt64(data[data.startIndex + i]) << (8 * UInt64(i)) }
    guard headerLength <= Self.maximumHeaderLength, headerLength <= UInt64(data.count - 8) else {
      throw .headerTooLarge(file: name, length: headerLength)
    }
    let headerStart = data.startIndex + 8
    let dataStart = headerStart + Int(headerLength)
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: data[headerStart..<dataStart])
    } catch {
      throw .headerNotJSON(file: name)
    }
    guard let header = json as? [String: Any] else { throw .headerNotJSON(file: name) }
    let dataLength = data.count - 8 - Int(headerLength)

    // Ranges are counted from the first byte of `data`.
    let base = dataStart - data.startIndex
    var entries: [(name: String, entry: Entry)] = []
    var metadata: [String: String] = [:]
    for (key, value) in header {
      if key == "__metadata__" {
        if let strings = value as? [String: String] { metadata = strings }
        continue
      }
      guard let info = value as? [String: Any], let dtype = info["dtype"] as? String else {
        throw .headerNotJSON(file: name)
      }
      guard let shapeValues = info["shape"] as? [Any], let offsets = info["data_offsets"] as? [Any],
        offsets.count == 2
      else { throw .badShape(file: name, tensor: key) }
      var shape: [Int] = []
      for s in shapeValues {
        guard let n = s as? NSNumber, let v = Int(exactly: n.doubleValue), v >= 0, v < 1 << 40 else {
          throw .badShape(file: name, tensor: key)
        }
        shape.append(v)
      }
      guard let b = (offsets[0] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
        let e = (offsets[1] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
        b >= 0, e >= b, e <= dataLength
      else { throw .offsetOutOfRange(file: name, tensor: key) }
      entries.append((key, Entry(dtype: dtype, shape: shape, range: (base + b)..<(base + e))))
    }
    for (tensor, entry) in entries {
      let width: Int
      switch entry.dtype {
      case "F32": width = 4
      case "F16", "BF16": width = 2
      default: throw .unknownDType(file: name, tensor: tensor, dtype: entry.dtype)
      }
      var count = 1
      for s in entry.shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: s)
        guard !overflow, product < 1 << 40 else { throw .badShape(file: name, tensor: tensor) }
        count = product
      }
      guard count * width == entry.range.count else {
        throw .sizeMismatch(file: name, tensor: tensor, expected: count * width, actual: entry.range.count)
      }
    }
    // Overlap check before reading: sort by start; empty tensors overlap nothing.
    let sorted = entries.filter { !$0.entry.range.isEmpty }.sorted {
      $0.entry.range.lowerBound < $1.entry.range.lowerBound
    }
    for (a, b) in zip(sorted, sorted.dropFirst()) where b.entry.range.lowerBound < a.entry.range.upperBound {
      throw .overlapping(file: name, tensor: b.name, other: a.name)
    }
    self.entries = Dictionary(entries, uniquingKeysWith: { first, _ in first })
    self.metadata = metadata
  }

  /// Whether the file holds a tensor of that name.
  public func contains(_ name: String) -> Bool { entries[name] != nil }

  /// The named tensor as F32, or an error naming the file and the tensor.
  public func tensor(_ name: String) throws(SafetensorsError) -> WeightTensor {
    guard let entry = entries[name] else { throw .missingTensor(file: path, tensor: name) }
    let bytes = entry.range.count
    let values: [Float] = withBytes(entry.range) { raw in
      switch entry.dtype {
      case "F32":
        return (0..<(bytes / 4)).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
      case "F16":
        return (0..<(bytes / 2)).map {
          Self.halfToFloat(raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))
        }
      default:
        return (0..<(bytes / 2)).map {
          Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) << 16)
        }
      }
    }
    // Converted: the file's copy need not stay resident beside it.
    mapping?.release(entry.range)
    return WeightTensor(shape: entry.shape, values: values)
  }

  private func withBytes<T>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    if let mapping {
      return body(UnsafeRawBufferPointer(rebasing: mapping.bytes[range]))
    }
    return data!.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[range])) }
  }

  /// IEEE 754 binary16 to binary32, subnormals included.
  static func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31
    let exponent = Int(h >> 10) & 0x1f
    let mantissa = UInt32(h & 0x3ff)
    if exponent == 0 {
      let magnitude = Float(mantissa) * 0x1p-24
      return sign != 0 ? -magnitude : magnitude
    }
    if exponent == 31 {
      return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
    }
    return Float(bitPattern: sign | (UInt32(exponent + 112) << 23) | (mantissa << 13))
  }
}
