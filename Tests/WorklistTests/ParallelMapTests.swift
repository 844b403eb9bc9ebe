import Testing

@testable import Worklist

@Suite struct ParallelMapTests {
  /// A result whose release can be observed through a weak reference.
  final class Token: Sendable {
    let value: Int
    init(_ value: Int) { self.value = value }
  }

  struct Watcher {
    weak var token: Token?
  }

  /// Maps, checks the order, and keeps only weak references to the results.
  static func mapAndWatch(_ count: Int) -> [Watcher] {
    let tokens = parallelMap(Array(0..<count)) { Token($0 * 3) }
    #expect(tokens.map(\.value) == (0..<count).map { $0 * 3 })
    return tokens.map { Watcher(token: $0) }
  }

  @Test func resultsKeepTheItemsOrderAndAreReleasedWithTheReturnedArray() {
    let watchers = Self.mapAndWatch(16)
    #expect(watchers.count == 16)
    #expect(watchers.allSatisfy { $0.token == nil }, "parallelMap kept its results alive after returning them")
  }
}
