import DICOM
import Foundation
import Testing

/// An image header for assembly rules; nothing is written to disk.
private func image(
  _ name: String, _ laterality: Laterality?, _ view: ViewPosition?, study: String = "2.25.1",
  modifiers: Set<ViewModifier> = [], intent: PresentationIntent = .forPresentation, acquired: String? = nil,
  implant: Bool? = nil, instance: Int = 1
) -> ScannedImage {
  var m = SampleMammogram.header(view: view ?? .cc, laterality: laterality ?? .left, instance: instance)
  m.studyInstanceUID = study
  m.view = view
  m.laterality = laterality
  m.viewModifiers = modifiers
  m.presentationIntent = intent
  m.acquisitionDateTime = acquired
  m.breastImplantPresent = implant
  return ScannedImage(url: URL(fileURLWithPath: "/exam/\(name)"), mammogram: m)
}

private let fourViews = [
  image("rcc", .right, .cc), image("lcc", .left, .cc), image("rmlo", .right, .mlo), image("lmlo", .left, .mlo),
]

@Suite struct ExamAssemblerTests {
  @Test func fourViewsMakeACompleteExam() throws {
    let exams = ExamAssembler.assemble(fourViews)
    let exam = try #require(exams.first)
    #expect(exams.count == 1)
    #expect(exam.status == .complete)
    #expect(exam.problems.isEmpty)
    #expect(exam.views[.rightMLO]?.url.lastPathComponent == "rmlo")
  }

  @Test func aTomosynthesisObjectIsNeverChosenAsAView() throws {
    var bto = image("lmlo-bto", .left, .mlo, acquired: "20990101120000")
    bto.mammogram.sopClassUID = SOPClass.breastTomosynthesis
    let exam = try #require(ExamAssembler.assemble(fourViews + [bto]).first)
    #expect(exam.views[.leftMLO]?.url.lastPathComponent == "lmlo")
    #expect(exam.problems == ["lmlo-bto: tomosynthesis or breast projection object, not classified"])
    let only = try #require(ExamAssembler.assemble([bto]).first)
    #expect(only.views.isEmpty)
  }

  @Test func aMissingViewMakesItIncompleteAndSaysWhich() throws {
    let exam = try #require(ExamAssembler.assemble(Array(fourViews.dropLast())).first)
    #expect(exam.status == .incomplete)
    #expect(exam.problems == ["missing L-MLO"])
    #expect(exam.views.count == 3)
  }

  @Test func studiesAreSeparateExams() {
    let other = fourViews.map { i -> ScannedImage in
      var j = i
      j.mammogram.studyInstanceUID = "2.25.2"
      j.url = URL(fileURLWithPath: "/prior/\(i.url.lastPathComponent)")
      return j
    }
    #expect(ExamAssembler.assemble(fourViews + other).count == 2)
  }

  @Test func spotAndMagnificationViewsAreNeverChosen() throws {
    let spot = image("spot", .right, .cc, modifiers: [.spotCompression], acquired: "20260316")
    let mag = image("mag", .right, .cc, modifiers: [.magnification], acquired: "20260317")
    let exam = try #require(ExamAssembler.assemble(fourViews + [spot, mag]).first)
    #expect(exam.views[.rightCC]?.url.lastPathComponent == "rcc")
    let onlySpot = try #require(ExamAssembler.assemble([spot]).first)
    #expect(onlySpot.views[.rightCC] == nil)
  }

  @Test func forPresentationBeatsForProcessingEvenIfLater() throws {
    let processing = image("proc", .left, .cc, intent: .forProcessing, acquired: "20260399")
    let exam = try #require(ExamAssembler.assemble(fourViews + [processing]).first)
    #expect(exam.views[.leftCC]?.url.lastPathComponent == "lcc")
    let onlyProcessing = try #require(ExamAssembler.assemble([processing]).first)
    #expect(onlyProcessing.views[.leftCC]?.url.lastPathComponent == "proc")
  }

  @Test func theLatestRetakeWins() throws {
    let first = image("first", .left, .mlo, acquired: "20260315090000")
    let retake = image("retake", .left, .mlo, acquired: "20260315091500", instance: 2)
    let exam = try #require(ExamAssembler.assemble([retake, first]).first)
    #expect(exam.views[.leftMLO]?.url.lastPathComponent == "retake")
    #expect(!exam.problems.contains { $0.hasPrefix("ambiguous") })
  }

  @Test func implantDisplacedViewIsChosenWhenTheBreastHasAnImplant() throws {
    let plain = image("plain", .right, .cc, implant: true)
    let displaced = image("id", .right, .cc, modifiers: [.implantDisplaced], implant: true)
    let exam = try #require(ExamAssembler.assemble([plain, displaced]).first)
    #expect(exam.views[.rightCC]?.url.lastPathComponent == "id")
    // Without an implant, the plain view is the standard one.
    let noImplant = try #require(
      ExamAssembler.assemble([image("plain", .right, .cc), image("id", .right, .cc, modifiers: [.implantDisplaced])])
        .first)
    #expect(noImplant.views[.rightCC]?.url.lastPathComponent == "plain")
  }

  @Test func indistinguishableImagesAreReportedAsAmbiguous() throws {
    let exam = try #require(ExamAssembler.assemble(fourViews + [image("rcc-copy", .right, .cc)]).first)
    #expect(exam.problems.contains("ambiguous R-CC: 2 equally eligible images"))
    #expect(exam.views[.rightCC] != nil)
  }

  @Test func imagesWithoutViewOrLateralityAreReported() throws {
    let exam = try #require(
      ExamAssembler.assemble(fourViews + [image("noview", .left, nil), image("noside", nil, .cc)]).first)
    #expect(exam.problems.contains("noview: unknown view"))
    #expect(exam.problems.contains("noside: unknown laterality"))
    #expect(exam.status == .complete)
  }

  @Test func nonScreeningProjectionsDoNotFillScreeningViews() throws {
    let exam = try #require(ExamAssembler.assemble([image("xccl", .right, .xccl), image("ml", .left, .ml)]).first)
    #expect(exam.views.isEmpty)
  }
}
