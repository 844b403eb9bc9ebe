import Foundation
import Testing

@testable import Classifier

/// Builds a safetensors file from a JSON header and a data section.
func safetensors(header: String, data: [UInt8]) -> Data {
  let h = Array(header.utf8)
  var out = Data()
  var n = UInt64(h.count)
  for _ in 0..<8 {
    out.append(UInt8(n & 0xff))
    n >>= 8
  }
  out.append(contentsOf: h)
  out.append(contentsOf: data)
  return out
}

@Suite struct SafetensorsFileTests {
  @Test func readsF32F16AndBF16() throws {
    var bytes: [UInt8] = []
    for v: Float in [1.5, -2] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    bytes += [0x00, 0x3c, 0x00, 0xc0]  // F16 1.0, -2.0
    bytes += [0x80, 0x3f, 0x40, 0x40]  // BF16 1.0, 3.0
    let header = """
      {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\
      "b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},\
      "c":{"dtype":"BF16","shape":[1,2],"data_offsets":[12,16]},"__metadata__":{"format":"pt"}}
      """
    let file = try SafetensorsFile(data: safetensors(header: header, data: bytes), name: "w.safetensors")
    #expect(try file.tensor("a").values == [1.5, -2])
    #expect(try file.tensor("b").values == [1, -2])
    #expect(try file.tensor("c").values == [1, 3])
    #expect(try file.tensor("c").shape == [1, 2])
    #expect(file.metadata["format"] == "pt")
  }

  @Test func halfPrecisionCoversSubnormalsAndInfinity() {
    #expect(SafetensorsFile.halfToFloat(0x0001) == 0x1p-24)
    #expect(SafetensorsFile.halfToFloat(0x7c00) == .infinity)
    #expect(SafetensorsFile.halfToFloat(0x3555) == Float(Float16(bitPattern: 0x3555)))
  }

  func rejects(_ data: Data, _ check: (SafetensorsError) -> Bool) {
    do {
      _ = try SafetensorsFile(data: data, name: "bad.safetensors")
      Issue.record("accepted a malformed file")
    } catch {
      #expect(check(error), "\(error)")
      #expect(error.description.contains("bad.safetensors"))
    }
  }

  @Test func rejectsTruncatedFile() {
    rejects(Data([1, 2, 3])) { if case .truncated = $0 { true } else { false } }
    let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
    rejects(safetensors(header: header, data: [UInt8](repeating: 0, count: 8))) {
      $0 == .offsetOutOfRange(file: "bad.safetensors", tensor: "a")
    }
  }

  @Test func rejectsOverlappingOffsets() {
    let header = """
      {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}
      """
    rejects(safetensors(header: header, data: [UInt8](repeating: 0, count: 12))) {
      if case .overlapping = $0 { true } else { false }
    }
  }

  @Test func rejectsShapeThatDisagreesWithOffsets() {
    let header = #"{"w":{"dtype":"F32","shape":[3,2],"data_offsets":[0,16]}}"#
    rejects(safetensors(header: header, data: [UInt8](repeating: 0, count: 16))) {
      $0 == .sizeMismatch(file: "bad.safetensors", tensor: "w", expected: 24, actual: 16)
    }
    let negative = #"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#
    rejects(safetensors(header: negative, data: [0, 0, 0, 0])) { $0 == .badShape(file: "bad.safetensors", tensor: "w") }
  }

  @Test func rejectsHugeHeaderLength() {
    var data = Data([0, 0, 0, 0, 0, 0, 0, 0x7f])
    data.append(contentsOf: Array("{}".utf8))
    rejects(data) { if case .headerTooLarge = $0 { true } else { false } }
  }

  @Test func rejectsNonJSONHeader() {
    rejects(safetensors(header: "not json at all", data: [])) { $0 == .headerNotJSON(file: "bad.safetensors") }
    rejects(safetensors(header: "[1,2]", data: [])) { $0 == .headerNotJSON(file: "bad.safetensors") }
  }

  @Test func rejectsUnknownDType() {
    let header = #"{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#
    rejects(safetensors(header: header, data: [UInt8](repeating: 0, count: 8))) {
      $0 == .unknownDType(file: "bad.safetensors", tensor: "w", dtype: "I64")
    }
  }

  @Test func namesAMissingTensor() throws {
    let file = try SafetensorsFile(data: safetensors(header: "{}", data: []), name: "empty.safetensors")
    #expect(throws: SafetensorsError.missingTensor(file: "empty.safetensors", tensor: "head.fc.weight")) {
      try file.tensor("head.fc.weight")
    }
  }
}
