import Testing

@testable import Server

@Suite struct BackoffTests {
  @Test func delaysDoubleFromTheInitialValueUpToTheMaximum() {
    let b = Backoff(initial: 2, maximum: 60)
    #expect((1...7).map { b.delay(afterAttempt: $0) } == [2, 4, 8, 16, 32, 60, 60])
    #expect(b.delay(afterAttempt: 1000) == 60)
  }
}
