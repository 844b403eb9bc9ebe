import BIRADS
import Foundation
import Reports
import Testing
import Worklist

@Suite struct ReaderAgreementTests {
  @Test func wilsonIntervalsMatchTheTextbook() throws {
    // Newcombe (1998), example: 81/263 gives 0.2553–0.3662.
    let ci = try #require(ConfidenceInterval.wilson(successes: 81, of: 263))
    #expect(abs(ci.lower - 0.2553) < 5e-4)
    #expect(abs(ci.upper - 0.3662) < 5e-4)
    let none = try #require(ConfidenceInterval.wilson(successes: 0, of: 10))
    #expect(none.lower == 0)
    #expect(abs(none.upper - 0.2775) < 5e-4)
    #expect(ConfidenceInterval.wilson(successes: 0, of: 0) == nil)
  }

  @Test func kappaIntervalFollowsFleissCohenEveritt() throws {
    // n = 100, po 0.89, pe 0.66: kappa 0.6765; the Fleiss–Cohen–Everitt SE worked out by hand
    // from its formula is 0.0877, so the interval is 0.5046–0.8484.
    var m = ConfusionMatrix()
    let cells: [(BreastComposition, BreastComposition, Int)] = [
      (.a, .a, 75), (.a, .b, 1), (.a, .c, 4), (.b, .a, 5), (.b, .b, 4), (.b, .c, 1), (.c, .a, 0), (.c, .b, 0),
      (.c, .c, 10),
    ]
    for (r, p, n) in cells { for _ in 0..<n { m.add(reference: r, predicted: p) } }
    let k = try #require(ConfidenceInterval.kappa(m))
    #expect(abs(k.kappa - 0.6765) < 1e-3)
    #expect(abs(k.kappa - m.kappa()!) < 1e-12)
    #expect(abs(k.interval.lower - 0.5046) < 1e-3)
    #expect(abs(k.interval.upper - 0.8484) < 1e-3)
  }

  @Test func perReaderFiguresPartitionTheStoredComparisons() async throws {
    let f = try PipelineFixture(exams: 6, seed: 5)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    let names = ["Dra. ANA PÉREZ, Médica Radióloga", "Luis Gómez", nil]
    let reports = f.reports.enumerated().map { index, report in
      var r = report
      r.radiologist = names[index % names.count]
      return r
    }
    _ = try await f.pipeline(store: store).run(exams: f.exams, reports: reports)
    let q = try #require(try store.qaSummary())
    let readers = try #require(try store.readerAgreement())
    #expect(readers.reduce(0) { $0 + $1.withDensity } == q.confusion.total)
    #expect(readers.reduce(0) { $0 + $1.agree } == q.confusion.agreements)
    #expect(Set(readers.compactMap(\.reader)).isSubset(of: ["Ana Pérez", "Luis Gómez"]))
    for r in readers where r.withDensity > 0 {
      let rate = try #require(r.denseRate)
      let ci = try #require(r.denseRateInterval)
      #expect(ci.lower <= rate && rate <= ci.upper)
    }
  }
}
