import Foundation

/// Why a `.npy` file was rejected.
public struct NumPyError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var reason: String
  public var description: String { "\(file): not a little-endian float32 C-order .npy: \(reason)" }
}

/// A float32 NumPy array (`.npy` format 1.0/2.0, `'<f4'`, C order): the interchange format with
/// PyTorch for parity checks.
public struct NumPyArray: Sendable, Equatable {
  public var shape: [Int]
  public var values: [Float]

  public init(shape: [Int], values: [Float]) {
    self.shape = shape
    self.values = values
  }

  /// Reads `path`.
  public init(path: String) throws(NumPyError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw NumPyError(file: path, reason: "cannot read the file")
    }
    try self.init(data: data, name: path)
  }

  /// Parses `.npy` bytes; `name` is used in errors.
  public init(data: Data, name: String) throws(NumPyError) {
    let bytes = [UInt8](data)
    guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
      throw NumPyError(file: name, reason: "missing the \\x93NUMPY magic")
    }
    var headerStart = 10
    var headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    if bytes[6] >= 2 {
      guard bytes.count >= 12 else { throw NumPyError(file: name, reason: "truncated header") }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    }
    guard headerStart + headerLength <= bytes.count,
      let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .ascii)
    else { throw NumPyError(file: name, reason: "truncated header") }
    let compact = header.filter { !$0.isWhitespace }
    guard compact.contains("'descr':'<f4'") else { throw NumPyError(file: name, reason: "dtype is not '<f4'") }
    guard compact.contains("'fortran_order':False") else {
      throw NumPyError(file: name, reason: "Fortran order is not supported")
    }
    guard let open = compact.range(of: "'shape':("), let close = compact[open.upperBound...].firstIndex(of: ")")
    else { throw NumPyError(file: name, reason: "no shape in header") }
    var shape: [Int] = []
    for part in compact[open.upperBound..<close].split(separator: ",") {
      guard let v = Int(part), v >= 0, v < 1 << 40 else { throw NumPyError(file: name, reason: "bad shape") }
      shape.append(v)
    }
    // Multiplied with an overflow check: a hostile shape such as (4, 3333, 4, 3333, …) would
    // trap (found by fuzz/swift/NumPyFuzzer.swift; fuzz/regressions/npy/shape-overflow.npy).
    var count = 1
    for v in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: v)
      guard !overflow, product < 1 << 40 else { throw NumPyError(file: name, reason: "shape \(shape) is too large") }
      count = product
    }
    let start = headerStart + headerLength
    guard bytes.count - start == 4 * count else {
      throw NumPyError(file: name, reason: "data holds \(bytes.count - start) bytes, shape \(shape) needs \(4 * count)")
    }
    self.shape = shape
    values = bytes[start...].withUnsafeBytes { raw in
      (0..<count).map {
        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
      }
    }
  }

  /// The `.npy` 1.0 encoding.
  public var data: Data {
    let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
    // Pad so the data starts on a 64-byte boundary, as NumPy does.
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    let length = UInt16(header.utf8.count)
    out.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
    out.append(contentsOf: Array(header.utf8))
    for v in values {
      let bits = v.bitPattern
      out.append(contentsOf: [
        UInt8(bits & 0xff), UInt8((bits >> 8) & 0xff), UInt8((bits >> 16) & 0xff), UInt8(bits >> 24),
      ])
    }
    return out
  }
}
