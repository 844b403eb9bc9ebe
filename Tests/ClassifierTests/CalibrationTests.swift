import Foundation
import Testing

@testable import Classifier

@Suite("Calibration")
struct CalibrationTests {
  @Test("ECE is 0 when each bin's accuracy equals its confidence")
  func perfectlyCalibratedBins() {
    // Fifty samples at 0.58 with 29 right, ten at 0.9 with 9 right.
    let confidences = [Double](repeating: 0.58, count: 50) + [Double](repeating: 0.9, count: 10)
    let correct = (0..<50).map { $0 < 29 } + (0..<10).map { $0 < 9 }
    let bins = ReliabilityBins(confidences: confidences, correct: correct)
    #expect(bins.samples == 60)
    #expect(abs(bins.ece) < 1e-12)
    #expect(bins.bins.count == 15)
    #expect(bins.bins.map(\.count).reduce(0, +) == 60)
    // 0.58 = 8.7/15 falls in bin 8, (8/15, 9/15]; 0.9 = 13.5/15 in bin 13.
    #expect(bins.bins[8].count == 50)
    #expect(bins.bins[13].count == 10)
    // Moving the 0.9 samples' outcomes off their confidence makes the ECE their share of the gap.
    let off = ReliabilityBins(confidences: confidences, correct: (0..<50).map { $0 < 29 } + (0..<10).map { $0 < 5 })
    #expect(abs(off.ece - 10.0 / 60.0 * 0.4) < 1e-12)
  }

  @Test("ECE by hand: weighted mean of |accuracy - confidence| over bins")
  func handComputedECE() {
    // Four samples at 0.95 (3 right: accuracy 0.75, gap 0.2) and two at 0.5 (0 right: gap 0.5).
    // ECE = 4/6 * 0.2 + 2/6 * 0.5 = 0.3; MCE = 0.5.
    let bins = ReliabilityBins(
      confidences: [0.95, 0.95, 0.95, 0.95, 0.5, 0.5], correct: [true, true, true, false, false, false])
    #expect(abs(bins.ece - 0.3) < 1e-12)
    #expect(abs(bins.mce - 0.5) < 1e-12)
    let top = bins.bins[14]
    #expect(top.count == 4)
    #expect(abs((top.accuracy ?? -1) - 0.75) < 1e-12)
    #expect(abs((top.meanConfidence ?? -1) - 0.95) < 1e-12)
    // Always right at confidence 1: no gap; never right at 1: gap 1.
    #expect(ReliabilityBins(confidences: [1, 1], correct: [true, true]).ece == 0)
    #expect(ReliabilityBins(confidences: [1, 1], correct: [false, false]).ece == 1)
    #expect(ReliabilityBins(confidences: [], correct: []).ece == 0)
  }

  /// Logits whose labels are drawn from softmax(logits / trueT): the fit must find trueT.
  private func sample(trueT: Double, count: Int, seed: UInt64) -> (logits: [[Float]], labels: [Int]) {
    var rng = SplitMix(state: seed)
    var logits = [[Float]]()
    var labels = [Int]()
    for _ in 0..<count {
      let row = (0..<4).map { _ in Float(rng.gaussian() * 3) }
      let p = DensityProbabilities(logits: row, temperature: trueT).values
      let u = rng.unitDouble()
      var cumulative = 0.0
      var label = 3
      for k in 0..<4 {
        cumulative += p[k]
        if u < cumulative {
          label = k
          break
        }
      }
      logits.append(row)
      labels.append(label)
    }
    return (logits, labels)
  }

  @Test("the fitted temperature recovers the one the labels were drawn with", arguments: [0.5, 1.0, 2.5])
  func fitRecoversTemperature(trueT: Double) {
    let (logits, labels) = sample(trueT: trueT, count: 6000, seed: 7)
    let fitted = TemperatureScaling.fit(logits: logits, labels: labels)
    #expect(abs(fitted / trueT - 1) < 0.08, "fitted \(fitted) for true \(trueT)")
    // The fit is the minimum: nudging T either way raises the NLL.
    let best = TemperatureScaling.negativeLogLikelihood(logits: logits, labels: labels, temperature: fitted)
    for t in [fitted * 0.9, fitted * 1.1] {
      #expect(TemperatureScaling.negativeLogLikelihood(logits: logits, labels: labels, temperature: t) > best)
    }
  }

  @Test("temperature scaling softens probabilities and keeps the category")
  func temperatureKeepsCategory() {
    let logits: [Float] = [0.2, 2.5, 1.9, -1]
    let plain = DensityProbabilities(logits: logits)
    let soft = DensityProbabilities(logits: logits, temperature: 2)
    #expect(plain.category == soft.category)
    #expect(soft.confidence < plain.confidence)
    let expected = logits.map { exp(Double($0) / 2) }
    for k in 0..<4 { #expect(abs(soft.values[k] - expected[k] / expected.reduce(0, +)) < 1e-12) }
  }

  @Test("a card's calibration sets the temperature; a card without one means T = 1")
  func cardTemperature() throws {
    var card = ModelCard(
      name: "t", version: "1", architecture: "convnext_atto",
      preprocessing: PreprocessingOptions(inputHeight: 64, inputWidth: 64), intendedUse: "test")
    #expect(card.temperature == 1)
    card.calibration = .init(temperature: 1.7, fittedOn: "validation", samples: 10)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("calib-\(UUID().uuidString).card.json")
    defer { try? FileManager.default.removeItem(at: url) }
    try card.encoded().write(to: url)
    #expect(try ModelCard(contentsOf: url).temperature == 1.7)
    card.calibration?.temperature = -1
    try card.encoded().write(to: url)
    #expect(throws: ModelError.self) { try ModelCard(contentsOf: url) }
  }
}

@Suite("Uncertain exams")
struct ExamUncertaintyTests {
  func exam(right: [Double], left: [Double]) throws -> ExamDensity {
    let views = [
      ViewDensity(laterality: .right, view: "CC", probabilities: DensityProbabilities(right)),
      ViewDensity(laterality: .left, view: "CC", probabilities: DensityProbabilities(left)),
    ]
    return try #require(ExamDensity(views: views))
  }

  @Test("a top-two margin below the threshold is uncertain; at or above it is not")
  func margin() throws {
    // Both breasts c; the deciding breast's margin is 0.45 - 0.40 = 0.05.
    let e = try exam(right: [0, 0.1, 0.5, 0.4], left: [0, 0.15, 0.45, 0.40])
    let deciding = e.probabilities.margin
    #expect(ExamUncertainty(e, marginThreshold: deciding + 0.01).reasons == [.lowMargin])
    #expect(ExamUncertainty(e, marginThreshold: deciding).reasons.isEmpty)
    #expect(!ExamUncertainty(e, marginThreshold: 0).isUncertain)
    let u = ExamUncertainty(e, marginThreshold: 0.5)
    #expect(u.isUncertain && abs(u.margin - deciding) < 1e-12 && u.marginThreshold == 0.5)
    #expect(u.explanation.contains("margin"))
  }

  @Test("breasts on different sides of b/c are uncertain whatever the margin")
  func straddle() throws {
    let straddling = try exam(right: [0, 0.9, 0.1, 0], left: [0, 0.1, 0.9, 0])
    #expect(ExamUncertainty(straddling, marginThreshold: 0).reasons == [.breastsStraddleDenseBoundary])
    // a and b are both not dense, c and d both dense: no straddle.
    let notDense = try exam(right: [0.9, 0.1, 0, 0], left: [0.1, 0.9, 0, 0])
    #expect(!ExamUncertainty(notDense, marginThreshold: 0).isUncertain)
    let dense = try exam(right: [0, 0, 0.9, 0.1], left: [0, 0, 0.1, 0.9])
    #expect(!ExamUncertainty(dense, marginThreshold: 0).isUncertain)
    // Both reasons at once.
    let both = try exam(right: [0, 0.55, 0.45, 0], left: [0, 0.45, 0.55, 0])
    #expect(ExamUncertainty(both, marginThreshold: 0.2).reasons == [.lowMargin, .breastsStraddleDenseBoundary])
  }
}

extension SplitMix {
  /// Uniform on [0, 1) with 53 bits.
  mutating func unitDouble() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
  /// Standard normal (Box–Muller).
  mutating func gaussian() -> Double {
    let u1 = max(unitDouble(), 1e-300)
    return sqrt(-2 * log(u1)) * cos(2 * Double.pi * unitDouble())
  }
}
