import DICOM
import Foundation
import Testing

/// A header for the limitation rules; nothing is written to disk.
private func view(
  _ laterality: Laterality, _ position: ViewPosition, modifiers: Set<ViewModifier> = [],
  intent: PresentationIntent = .forPresentation, implant: Bool? = false
) -> ScannedImage {
  var m = SampleMammogram.header(view: position, laterality: laterality)
  m.viewModifiers = modifiers
  m.presentationIntent = intent
  m.breastImplantPresent = implant
  m.sopInstanceUID =
    "2.25.\(laterality == .right ? 1 : 2)\(position.rawValue.utf8.reduce(0) { $0 + Int($1) })\(modifiers.count)"
  return ScannedImage(url: URL(fileURLWithPath: "/exam/\(m.sopInstanceUID)"), mammogram: m)
}

private func limitations(_ images: [ScannedImage]) throws -> [AssessmentLimitation] {
  let exam = try #require(ExamAssembler.assemble(images).first)
  return AssessmentLimitation.of(exam, classified: Set(exam.views.keys))
}

private let screening = [view(.right, .cc), view(.left, .cc), view(.right, .mlo), view(.left, .mlo)]

@Suite struct AssessmentLimitationTests {
  @Test func aCompleteScreeningExamHasNone() throws {
    #expect(try limitations(screening).isEmpty)
  }

  @Test func aMissingViewIsNamedWithItsOwnCode() throws {
    let found = try limitations(Array(screening.dropLast()))
    #expect(found == [.missingView(.leftMLO)])
    #expect(found[0].code == CodedConcept("DENSA-MISS-LMLO", "99DENSA", "Standard view missing: L-MLO"))
    #expect(found[0].laterality == .left && found[0].view == .leftMLO)
  }

  @Test func oneBreastsViewsMakeAUnilateralExamWithoutMissingViewsForTheOther() throws {
    let found = try limitations([view(.left, .cc), view(.left, .mlo)])
    #expect(found == [.unilateral(.left)])
    #expect(found[0].code.value == "DENSA-UNILAT" && found[0].laterality == .left)
    // One breast with one view: unilateral, and that breast's other view is missing.
    #expect(try limitations([view(.right, .cc)]) == [.unilateral(.right), .missingView(.rightMLO)])
  }

  @Test func anImplantIsFoundFromBreastImplantPresentOrAnImplantDisplacedView() throws {
    var flagged = screening
    flagged[0].mammogram.breastImplantPresent = true
    #expect(try limitations(flagged) == [.implantPresent(.right)])
    let displaced = screening + [view(.left, .cc, modifiers: [.implantDisplaced], implant: nil)]
    let found = try limitations(displaced)
    #expect(found == [.implantPresent(.left)])
    #expect(found[0].code == CodedConcept("2282003", "SCT", "Breast implant, type not specified"))
  }

  @Test func onlyForProcessingImagesIsOneExamLevelReason() throws {
    let raw = screening.map { i -> ScannedImage in
      var j = i
      j.mammogram.presentationIntent = .forProcessing
      return j
    }
    #expect(try limitations(raw) == [.forProcessingOnly])
    // A FOR PROCESSING copy beside the FOR PRESENTATION views is not a limitation: the latter are used.
    #expect(try limitations(screening + [view(.left, .mlo, intent: .forProcessing)]).isEmpty)
  }

  @Test func noScreeningViewAtAllIsNonStandardViewsOnly() throws {
    let found = try limitations([
      view(.right, .xccl), view(.left, .xccl), view(.right, .ml), view(.left, .ml),
      view(.right, .cc, modifiers: [.spotCompression]),
    ])
    #expect(found == [.nonStandardViewsOnly])
    #expect(found[0].code.value == "DENSA-NONSTD" && found[0].code.scheme == "99DENSA")
  }

  @Test func everyCodeValueFitsDICOMsShortString() {
    let all: [AssessmentLimitation] =
      StandardView.allCases.map { .missingView($0) } + [
        .implantPresent(.right), .forProcessingOnly, .unilateral(.left), .nonStandardViewsOnly,
      ]
    for limitation in all {
      #expect(limitation.code.value.count <= 16, "\(limitation.code.value)")
      #expect(limitation.code.meaning.count <= 64, "\(limitation.code.meaning)")
    }
    #expect(Set(all.map(\.code.value)).count == all.count)
  }
}
