import BIRADS
import Foundation
import Testing

@testable import DICOM

/// Why an exam was not fully assessed, as the SR codes it: `99DENSA` Assessment limitation, in the
/// breast's measurement group when the reason concerns one breast, else among the document's
/// qualitative evaluations.
@Suite struct DensityReportLimitationTests {
  let fixture = DensityReportWriterTests()

  @Test func aUnilateralImplantExamCodesEachReasonWithItsSide() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try fixture.exam(in: dir, views: [(.left, .cc), (.left, .mlo)])
    var report = fixture.report(images, exam: .c, notice: nil)
    report.limitations = [.unilateral(.left), .implantPresent(.left)]
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report, to: url)
    #expect(try ExternalTool.dciodvfyErrors(url) == [])
    let tree = try SRReadBack(url)
    #expect(tree.items.filter { $0.concept == "DENSA-LIMIT" }.map(\.value) == ["DENSA-UNILAT", "2282003"])
    // Both are evaluations of the left breast's group: after its finding site's laterality (left),
    // its composition and its score, and before the document's own evaluations.
    let at = try #require(tree.items.firstIndex { $0.concept == "DENSA-LIMIT" })
    let group = try #require(tree.items[..<at].lastIndex { $0.concept == "125007" })
    #expect(tree.items[group..<at].contains { $0.concept == "272741003" && $0.value == "7771000" })
    #expect(tree.items[group..<at].contains { $0.concept == "DENSA-SCORE" })
    #expect(tree.items[at...].contains { $0.concept == "C0034375" })
    let dump = try ExternalTool.run("dsrdump", [url.path])
    #expect(dump.text.contains("Assessment limitation") && dump.text.contains("Breast implant, type not specified"))
  }

  @Test func anExamOfNonStandardViewsListsItsImagesAndWhyWithoutMeasurements() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try fixture.exam(in: dir, views: [(.right, .xccl), (.left, .xccl), (.right, .ml), (.left, .ml)])
    var report = fixture.report(images, exam: nil, notice: "Random weights; not for clinical use.")
    report.views = []
    report.breasts = []
    report.suggestedDensityStatement = nil
    report.limitations = [.nonStandardViewsOnly]
    report.unclassifiedImages = images
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report, to: url)
    #expect(try ExternalTool.dciodvfyErrors(url) == [])
    let tree = try SRReadBack(url)
    #expect(tree.items.filter { $0.concept == "DENSA-LIMIT" }.map(\.value) == ["DENSA-NONSTD"])
    #expect(!tree.items.contains { $0.concept == "126010" || $0.concept == "129715009" })
    #expect(Set(tree.evidenceInstances) == Set(images.map(\.sopInstanceUID)))
    // The library says what the views were: XCCL (399192008) and ML (399260004).
    let views = tree.items.filter { $0.concept == "111031" }.map(\.value)
    #expect(views.sorted() == ["399192008", "399192008", "399260004", "399260004"])
  }
}
