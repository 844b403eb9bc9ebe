import Foundation
import Testing

@testable import Classifier

@Suite("Aggregation")
struct AggregationTests {
  func view(_ side: Laterality, _ name: String, _ p: [Double]) -> ViewDensity {
    ViewDensity(laterality: side, view: name, probabilities: DensityProbabilities(p))
  }

  @Test("softmax, category, score, confidence and margin")
  func probabilities() {
    let logits: [Float] = [1, 3, 0.5, -2]
    let exps = logits.map { Foundation.exp(Double($0)) }
    let p = DensityProbabilities(logits: logits)
    for k in 0..<4 { #expect(abs(p.values[k] - exps[k] / exps.reduce(0, +)) < 1e-12) }
    #expect(p.category == .b)
    #expect(abs(p.score - (p.values[0] + 2 * p.values[1] + 3 * p.values[2] + 4 * p.values[3])) < 1e-12)
    #expect(p.confidence == p.values[1])
    #expect(abs(p.margin - (p.values[1] - p.values[0])) < 1e-12)
    // Huge logits don't overflow.
    #expect(DensityProbabilities(logits: [1000, 0, 0, 999]).category == .a)
    #expect(DensityProbabilities([0, 0, 1, 0]).score == 3)
  }

  @Test("a breast's views are averaged by default")
  func meanOfViews() throws {
    let views = [
      view(.left, "CC", [0.1, 0.2, 0.3, 0.4]), view(.left, "MLO", [0.3, 0.4, 0.2, 0.1]),
      view(.right, "CC", [1, 0, 0, 0]),
    ]
    let left = try #require(BreastDensity(laterality: .left, views: views))
    #expect(left.views.count == 2)
    for (k, expected) in [0.2, 0.3, 0.25, 0.25].enumerated() {
      #expect(abs(left.probabilities.values[k] - expected) < 1e-12)
    }
    #expect(left.category == .b)
  }

  @Test("max-density takes the view with the highest expected density")
  func maxDensity() throws {
    let views = [view(.right, "CC", [0.1, 0.6, 0.3, 0]), view(.right, "MLO", [0, 0.3, 0.6, 0.1])]
    let right = try #require(BreastDensity(laterality: .right, views: views, rule: .maxDensity))
    #expect(right.probabilities == views[1].probabilities)
    #expect(right.category == .c)
  }

  @Test("the denser breast decides the exam and both breasts are kept")
  func denserBreastDecides() throws {
    let views = [
      view(.right, "CC", [0.1, 0.7, 0.2, 0]), view(.right, "MLO", [0.1, 0.6, 0.3, 0]),
      view(.left, "CC", [0, 0.2, 0.7, 0.1]), view(.left, "MLO", [0, 0.3, 0.6, 0.1]),
    ]
    let exam = try #require(ExamDensity(views: views))
    #expect(exam.decidingBreast == .left)
    #expect(exam.category == .c)
    #expect(exam.right?.category == .b && exam.left?.category == .c)
    #expect(exam.score == exam.left?.score)
    #expect(exam.flags.isEmpty)
  }

  @Test("equal categories: the higher expected density decides")
  func tieBrokenByScore() throws {
    let views = [view(.right, "CC", [0, 0.5, 0.3, 0.2]), view(.left, "CC", [0, 0.6, 0.4, 0])]
    let exam = try #require(ExamDensity(views: views))
    #expect(exam.right?.category == exam.left?.category)
    #expect(exam.decidingBreast == .right)
  }

  @Test("incomplete exams are aggregated and flagged")
  func incompleteExams() throws {
    let oneSide = try #require(
      ExamDensity(views: [view(.left, "CC", [0, 0, 0.2, 0.8]), view(.left, "MLO", [0, 0, 0.4, 0.6])]))
    #expect(oneSide.decidingBreast == .left && oneSide.right == nil && oneSide.category == .d)
    #expect(oneSide.flags == [.missingBreast(.right)])
    let singleView = try #require(
      ExamDensity(views: [
        view(.right, "MLO", [0.9, 0.1, 0, 0]), view(.left, "CC", [0.8, 0.2, 0, 0]),
        view(.left, "MLO", [0.8, 0.2, 0, 0]),
      ]))
    #expect(singleView.flags == [.singleView(.right)])
    #expect("\(ExamDensityFlag.missingBreast(.right))".contains("right"))
    #expect(ExamDensity(views: []) == nil)
  }
}
