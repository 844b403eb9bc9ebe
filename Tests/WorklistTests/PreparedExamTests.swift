import DICOM
import Foundation
import Testing

@testable import Worklist

/// How an exam's views are decoded: JPEG-LS views two to a task, each view as it decodes alone.
@Suite struct PreparedExamTests {
  @Test func jpegLSViewsGoInPairsAndEveryOtherViewAlone() throws {
    let f = try PipelineFixture(exams: 1, seed: 4)
    defer { f.remove() }
    let exam = try #require(f.exams.first)
    let image = try #require(exam.views.values.first)
    func view(_ standard: StandardView, _ syntax: TransferSyntax) -> (key: StandardView, value: ScannedImage) {
      var copy = image
      copy.mammogram.transferSyntax = syntax
      return (standard, copy)
    }
    let views = [
      view(.rightCC, .jpegLSLossless), view(.leftCC, .jpeg2000Lossless), view(.rightMLO, .jpegLSNearLossless),
      view(.leftMLO, .jpegLSLossless),
    ]
    let tasks = PreparedExam.tasks(views).map { $0.map(\.key) }
    #expect(tasks == [[.leftCC], [.rightCC, .rightMLO], [.leftMLO]])
    #expect(PreparedExam.tasks(Array(views.prefix(3))).map { $0.map(\.key) } == [[.leftCC], [.rightCC, .rightMLO]])
    let plain = views.map { view($0.key, .explicitVRLittleEndian) }
    #expect(PreparedExam.tasks(plain).map { $0.map(\.key) } == plain.map { [$0.key] })
    #expect(PreparedExam.tasks([]).isEmpty)
  }

  /// Exams of every synthetic vendor (the Fuji one stores JPEG-LS): the prepared views are in
  /// the standard order and hold the pixels each file decodes to alone.
  @Test func preparedViewsAreTheSingleDecodesInOrder() throws {
    let f = try PipelineFixture(exams: 8, seed: 11)
    defer { f.remove() }
    let syntaxes = Set(f.exams.flatMap { $0.views.values.map(\.mammogram.transferSyntax) })
    #expect(syntaxes.contains(.jpegLSLossless), "the fixture should hold a JPEG-LS exam: \(syntaxes)")
    for exam in f.exams {
      let prepared = PreparedExam(exam: exam, model: f.model, maxDimension: 256)
      #expect(prepared.problems.isEmpty)
      #expect(prepared.views.map(\.standard) == exam.views.keys.sorted())
      for view in prepared.views {
        let alone = try MammogramDecoder.decode(view.image.url, maxDimension: 256)
        #expect(view.pixels.pixels == alone.pixels, "\(view.standard) \(view.image.mammogram.transferSyntax)")
      }
    }
  }
}
