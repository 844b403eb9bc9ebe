import Testing
import Worklist

/// Pairs from a worked example, expanded from a table of counts.
private func pairs(_ table: [[Int]]) -> [(reference: BreastComposition, predicted: BreastComposition)] {
  var out: [(reference: BreastComposition, predicted: BreastComposition)] = []
  for (i, row) in table.enumerated() {
    for (j, n) in row.enumerated() {
      out += Array(repeating: (BreastComposition(index: i)!, BreastComposition(index: j)!), count: n)
    }
  }
  return out
}

@Suite struct ConfusionMatrixTests {
  /// Hand-computed: 100 exams, 70 on the diagonal.
  let table = [
    [10, 5, 0, 0],
    [3, 25, 4, 0],
    [0, 6, 20, 4],
    [0, 1, 7, 15],
  ]

  @Test func countsAccuracyAndRecall() throws {
    let m = ConfusionMatrix(pairs: pairs(table))
    #expect(m.total == 100)
    #expect(m.agreements == 70)
    #expect(m.accuracy == 0.70)
    #expect(try #require(m.recall(.a)) == 10.0 / 15.0)
    #expect(try #require(m.precision(.b)) == 25.0 / 37.0)
    #expect(m.recall(.d) == 15.0 / 23.0)
  }

  @Test func unweightedKappaMatchesTheTextbookFormula() throws {
    let m = ConfusionMatrix(pairs: pairs(table))
    // p_o = 0.70; p_e = Σ row_i·col_i / n² with rows (15,32,30,23) and columns (13,37,31,19).
    let rows: [Double] = [15, 32, 30, 23]
    let columns: [Double] = [13, 37, 31, 19]
    let pe = zip(rows, columns).map { $0 * $1 }.reduce(0, +) / 10_000
    let expected = (0.70 - pe) / (1 - pe)
    #expect(abs(try #require(m.kappa(.unweighted)) - expected) < 1e-12)
  }

  @Test func weightedKappasRewardNearMisses() throws {
    let m = ConfusionMatrix(pairs: pairs(table))
    let plain = try #require(m.kappa(.unweighted))
    let linear = try #require(m.kappa(.linear))
    let quadratic = try #require(m.kappa(.quadratic))
    // All disagreements here but one are adjacent, so weighting raises kappa.
    #expect(plain < linear)
    #expect(linear < quadratic)
    // Reference values from an independent NumPy computation of 1 - Σw·O / Σw·E.
    #expect(abs(linear - 0.7112518628912072) < 1e-12)
    #expect(abs(quadratic - 0.8251006995972017) < 1e-12)
  }

  @Test func perfectAgreementHasKappaOneAndAllF1One() throws {
    let m = ConfusionMatrix(pairs: pairs([[5, 0, 0, 0], [0, 5, 0, 0], [0, 0, 5, 0], [0, 0, 0, 5]]))
    for weighting in KappaWeighting.allCases {
      #expect(m.kappa(weighting) == 1)
    }
    #expect(m.macroF1 == 1)
  }

  @Test func emptyOrDegenerateMatricesHaveNoFigures() {
    #expect(ConfusionMatrix().accuracy == nil)
    #expect(ConfusionMatrix().kappa() == nil)
    // One category only on both sides: chance agreement is perfect, kappa undefined.
    let single = ConfusionMatrix(pairs: pairs([[0, 0, 0, 0], [0, 9, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]))
    #expect(single.kappa() == nil)
    #expect(single.macroF1 == 1)
  }

  @Test func f1OfACategoryNeverPredictedIsZero() throws {
    // Reference has d, model never says d.
    let m = ConfusionMatrix(pairs: pairs([[0, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 3, 0]]))
    #expect(m.f1(.d) == 0)
    #expect(m.f1(.a) == nil)
    let f1c = 2 * (2.0 / 5) * 1 / (2.0 / 5 + 1)
    #expect(abs(try #require(m.macroF1) - (1 + f1c + 0) / 3) < 1e-12)
  }
}

@Suite struct DisagreementTests {
  @Test func gradesByDistance() {
    #expect(Disagreement(report: .b, model: .b).grade == .agree)
    #expect(Disagreement(report: .b, model: .c).grade == .adjacent)
    #expect(Disagreement(report: .d, model: .b).grade == .major)
    #expect(Disagreement(report: .a, model: .d).grade == .major)
  }

  @Test func denseBoundaryIsBetweenBAndC() {
    #expect(Disagreement(report: .b, model: .c).crossesDenseBoundary)
    #expect(!Disagreement(report: .c, model: .d).crossesDenseBoundary)
    #expect(!Disagreement(report: .a, model: .b).crossesDenseBoundary)
    #expect(Disagreement(report: .d, model: .a).crossesDenseBoundary)
  }
}
