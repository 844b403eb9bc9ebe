import Foundation
import Testing

@testable import Classifier

@Suite struct NumPyArrayTests {
  @Test func roundTrips() throws {
    let a = NumPyArray(shape: [2, 3], values: [1, 2, 3, -4, 5.5, .pi])
    #expect(try NumPyArray(data: a.data, name: "a.npy") == a)
  }

  @Test func rejectsOtherDTypes() {
    let text = String(decoding: NumPyArray(shape: [1], values: [1]).data, as: UTF8.self)
    let bad = Data(text.replacingOccurrences(of: "<f4", with: "<f8").utf8)
    #expect(throws: NumPyError.self) { try NumPyArray(data: bad, name: "x.npy") }
  }

  /// The fuzzer's first .npy finding: a shape whose product overflows Int trapped instead of
  /// being refused.
  @Test func refusesAShapeWhoseProductOverflows() {
    let header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3333, 4, 3333, 4, 3333, 4, 3333, 4, 3333, 3), }\n"
    let length = header.utf8.count
    let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(header.utf8)
    #expect {
      try NumPyArray(data: Data(bytes), name: "x.npy")
    } throws: { error in
      (error as? NumPyError)?.reason.contains("too large") == true
    }
  }
}
