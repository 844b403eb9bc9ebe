import DICOM
import Foundation
import Synth
import Testing

@testable import Server

@Suite struct CompletionRuleTests {
  /// The exams of a small synthesised set, one of them missing a view.
  static func exams() throws -> (complete: Exam, incomplete: Exam, dir: URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-completion-\(UUID().uuidString)")
    var options = SynthOptions(exams: 2, seed: 77)
    options.scale = 0.06
    _ = try StudyFactory.make(options, in: dir)
    let exams = ExamAssembler.assemble(StudyScanner.scan([dir.appendingPathComponent("studies")]).images)
    var incomplete = exams[1]
    incomplete.views.removeValue(forKey: .leftMLO)
    return (exams[0], incomplete, dir)
  }

  @Test func aCompleteStudyWaitsOnlyTheSettleTimeAndAnIncompleteOneTheQuietTime() throws {
    let (complete, incomplete, dir) = try Self.exams()
    defer { try? FileManager.default.removeItem(at: dir) }
    try #require(complete.status == .complete)
    let rule = CompletionRule(settleSeconds: 2, quietSeconds: 60)
    #expect(rule.decide(exam: complete, idle: 1) == .wait)
    #expect(rule.decide(exam: complete, idle: 2) == .process(complete: true))
    #expect(rule.decide(exam: incomplete, idle: 30) == .wait)
    #expect(rule.decide(exam: incomplete, idle: 60) == .process(complete: false))
    #expect(rule.decide(exam: nil, idle: 30) == .wait)
    #expect(rule.decide(exam: nil, idle: 61) == .notClassifiable)
  }
}
