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
}
