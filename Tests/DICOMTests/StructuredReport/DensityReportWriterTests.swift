import BIRADS
import Foundation
import Testing

@testable import DICOM

@Suite struct DensityReportWriterTests {
  /// The four views of a test exam, written as real MG objects.
  func exam(in dir: URL, views: [(Laterality, ViewPosition)]) throws -> [Mammogram] {
    try views.enumerated().map { i, v in
      var m = SampleMammogram.header(view: v.1, laterality: v.0, instance: i + 1)
      m.seriesInstanceUID = "2.25.1002.\(i % 2)"
      try MammogramWriter.write(
        m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 12),
        to: dir.appendingPathComponent("img\(i).dcm"))
      return m
    }
  }

  func report(_ images: [Mammogram], exam: BreastComposition?, notice: String?) -> DensityReport {
    let compositions: [BreastComposition] = [.b, .c, .c, .b]
    let views = images.enumerated().map { i, m in
      DensityReport.View(
        image: m, laterality: m.laterality!, viewName: "\(m.laterality == .right ? "R" : "L")-\(m.view!.rawValue)",
        composition: compositions[i % 4], probabilities: [0.1, 0.2, 0.6, 0.1])
    }
    let breasts = [Laterality.right, .left].filter { side in images.contains { $0.laterality == side } }.map {
      DensityReport.Breast(
        laterality: $0, composition: $0 == .right ? .b : .c, probabilities: [0.1, 0.5, 0.3, 0.1], score: 2.4)
    }
    return DensityReport(
      views: views, breasts: breasts, examComposition: exam,
      algorithm: .init(
        name: "densa-test", version: "1.2.3", weightsSHA256: String(repeating: "ab", count: 32),
        deviceUID: "2.25.4242"),
      notice: notice, seriesInstanceUID: DICOMUID.random(), sopInstanceUID: DICOMUID.random(), contentDate: Date(),
      softwareVersion: "densa test",
      suggestedDensityStatement: exam.map { MQSADensityStatement.report($0) })
  }

  let fourViews: [(Laterality, ViewPosition)] = [(.right, .cc), (.left, .cc), (.right, .mlo), (.left, .mlo)]

  @Test func aFourViewReportIsValidAndReadsBackItsCodes() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try exam(in: dir, views: fourViews)
    let notice = "Trained on synthetic phantoms; not for clinical use."
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report(images, exam: .c, notice: notice), to: url)

    #expect(try ExternalTool.dciodvfyErrors(url) == [])
    let dump = try ExternalTool.run("dsrdump", [url.path])
    #expect(dump.status == 0)
    let warnings = dump.text.split(separator: "\n").filter { $0.hasPrefix("W:") || $0.hasPrefix("E:") }
    #expect(warnings.isEmpty, "\(warnings)")

    let tree = try SRReadBack(url)
    #expect(tree.header("(0008,0016)") == DensityReportWriter.sopClassUID)
    #expect(tree.header("(0010,0010)") == "Núñez^María José")
    #expect(tree.header("(0008,0050)") == "ACC0001" && tree.header("(0020,000d)") == "2.25.1001")
    #expect(tree.header("(0040,a493)") == "UNVERIFIED" && tree.header("(0040,a491)") == "COMPLETE")
    // Every referenced image is in the evidence, grouped by its series.
    #expect(Set(tree.evidenceInstances) == Set(images.map(\.sopInstanceUID)))
    // Compositions: four view groups, two breast groups, and the exam in the qualitative evaluations.
    let compositionValues = tree.items.filter { $0.concept == "129715009" }.map(\.value)
    #expect(
      compositionValues.sorted() == [
        "129717001", "129717001", "129717001", "129718006", "129718006", "129718006", "129718006",
      ])
    let laterality = tree.items.filter { $0.concept == "272741003" }.map(\.value)
    #expect(laterality.filter { $0 == "24028007" }.count == 3 && laterality.filter { $0 == "7771000" }.count == 3)
    #expect(tree.items.filter { $0.concept == "111001" }.allSatisfy { $0.value == "densa-test" })
    #expect(tree.items.filter { $0.concept == "111001" }.count == 6)
    #expect(
      tree.items.filter { $0.concept == "111002" }.allSatisfy { $0.value.contains(String(repeating: "ab", count: 32)) })
    #expect(tree.items.contains { $0.concept == "121106" && $0.value == notice })
    let sources = tree.items.filter { $0.concept == "260753009" }.map(\.value)
    #expect(Set(sources) == Set(images.map(\.sopInstanceUID)))
    #expect(tree.items.filter { $0.concept == "DENSA-PC" }.count == 6)
    // The model's MQSA sentence, as its suggestion, among the document's evaluations.
    #expect(
      tree.items.filter { $0.concept == "DENSA-MQSA" }.map(\.value) == [
        "The breasts are heterogeneously dense, which may obscure small masses."
      ])
    #expect(tree.header("(0040,a730)[0].(0040,a043)[0].(0008,0100)") == "121049")
    // The image library describes each image (TID 1602/1603): modality, region, laterality, view, size.
    #expect(tree.items.filter { $0.concept == "121139" }.map(\.value) == ["MG", "MG", "MG", "MG"])
    #expect(tree.items.filter { $0.concept == "123014" }.allSatisfy { $0.value == "76752008" })
    #expect(
      tree.items.filter { $0.concept == "111027" }.map(\.value) == ["24028007", "7771000", "24028007", "7771000"])
    #expect(
      tree.items.filter { $0.concept == "111031" }.map(\.value) == ["399162004", "399162004", "399368009", "399368009"])
    #expect(tree.items.filter { $0.concept == "110910" }.map(\.value) == images.map { "\($0.rows)" })
  }

  @Test func theAlgorithmIsContributingEquipmentWithIHEsPurposeAndItsDeviceUID() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try exam(in: dir, views: fourViews)
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report(images, exam: .b, notice: nil), to: url)
    #expect(try ExternalTool.dciodvfyErrors(url) == [])
    let tree = try SRReadBack(url)
    let equipment = "(0018,a001)[0]."
    #expect(tree.header(equipment + "(0040,a170)[0].(0008,0100)") == "Newcode1")
    #expect(tree.header(equipment + "(0040,a170)[0].(0008,0102)") == "99IHE")
    #expect(tree.header(equipment + "(0040,a170)[0].(0008,0104)") == "Processing Algorithm")
    #expect(tree.header(equipment + "(0008,0070)") == "densa")
    #expect(tree.header(equipment + "(0008,1090)") == "densa-test")
    #expect(tree.header(equipment + "(0018,1020)") == "1.2.3\\densa test")
    #expect(tree.header(equipment + "(0018,1002)") == "2.25.4242")
    // The same UID is the device observer of the content tree (TID 1004).
    #expect(tree.items.contains { $0.concept == "121012" && $0.value == "2.25.4242" })
    // 99IHE is declared beside 99DENSA.
    #expect(tree.header("(0008,0110)[1].(0008,0102)") == "99IHE")
  }

  @Test func mammographyExtendsCID100AndSaysSo() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try exam(in: dir, views: fourViews)
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report(images, exam: .b, notice: nil), to: url)
    let tree = try SRReadBack(url)
    var index = 0
    while let concept = tree.header("(0040,a730)[\(index)].(0040,a043)[0].(0008,0100)"), concept != "121058" {
      index += 1
    }
    let code = "(0040,a730)[\(index)].(0040,a168)[0]."
    #expect(tree.header(code + "(0008,0100)") == "71651007" && tree.header(code + "(0008,0102)") == "SCT")
    #expect(tree.header(code + "(0008,010f)") == "100")
    #expect(tree.header(code + "(0008,0105)") == "DCMR")
    #expect(tree.header(code + "(0008,010b)") == "Y")
    #expect(tree.header(code + "(0008,010d)")?.hasPrefix("2.25.") == true)
    #expect(tree.header(code + "(0008,0107)") != nil && tree.header(code + "(0008,0106)") != nil)
  }

  @Test func anIncompleteExamWithoutExamCompositionIsStillValid() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try exam(in: dir, views: Array(fourViews.prefix(3)))
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report(images, exam: nil, notice: nil), to: url)
    #expect(try ExternalTool.dciodvfyErrors(url) == [])
    let tree = try SRReadBack(url)
    #expect(tree.items.filter { $0.concept == "129715009" }.count == 3 + 2)
    #expect(!tree.items.contains { $0.concept == "121106" })
    #expect(tree.evidenceInstances.count == 3)
  }

  @Test func aNameOutsideLatin1IsWrittenAsUTF8() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var images = try exam(in: dir, views: fourViews)
    images = images.map {
      var m = $0; m.patientName = "Łukasz^Zoë"; return m
    }
    let url = dir.appendingPathComponent("sr.dcm")
    try DensityReportWriter.write(report(images, exam: .b, notice: nil), to: url)
    #expect(try ExternalTool.dciodvfyErrors(url) == [])
    let tree = try SRReadBack(url)
    #expect(tree.header("(0008,0005)") == "ISO_IR 192")
    #expect(tree.header("(0010,0010)") == "Łukasz^Zoë")
  }

  @Test func anUnwritableDestinationIsNamedAndLeavesNothing() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let images = try exam(in: dir, views: fourViews)
    let url = dir.appendingPathComponent("missing/sr.dcm")
    #expect {
      try DensityReportWriter.write(report(images, exam: .c, notice: nil), to: url)
    } throws: { error in
      "\(error)".contains(url.path)
    }
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("missing").path))
  }

  @Test func uidsFromBytesAreValid2_25UIDs() {
    #expect(DICOMUID.fromBytes([UInt8](repeating: 0, count: 16)) == "2.25.0")
    #expect(DICOMUID.fromBytes([UInt8](repeating: 0, count: 15) + [42]) == "2.25.42")
    // 2^128 - 1
    #expect(DICOMUID.fromBytes([UInt8](repeating: 0xFF, count: 16)) == "2.25.340282366920938463463374607431768211455")
    let uid = DICOMUID.random()
    #expect(uid.count <= 64 && uid.hasPrefix("2.25.") && uid.dropFirst(5).allSatisfy(\.isNumber))
  }
}

/// The content items of an SR file, flattened: concept code value and value (code value, text,
/// UID or referenced SOP Instance UID).
struct SRReadBack {
  struct Item {
    var concept: String
    var value: String
  }
  let dataset: Dataset
  var items: [Item] = []
  var evidenceInstances: [String] = []

  init(_ url: URL) throws {
    dataset = try Dataset(loading: url, headerOnly: false)
    collect("")
    var s = 0
    while dataset.string("(0040,a375)[0].(0008,1115)[\(s)].(0020,000e)") != nil {
      var i = 0
      while let uid = dataset.string("(0040,a375)[0].(0008,1115)[\(s)].(0008,1199)[\(i)].(0008,1155)") {
        evidenceInstances.append(uid)
        i += 1
      }
      s += 1
    }
  }

  func header(_ path: String) -> String? { dataset.string(path) }

  private mutating func collect(_ prefix: String) {
    var i = 0
    while let type = dataset.string("\(prefix)(0040,a730)[\(i)].(0040,a040)") {
      let item = "\(prefix)(0040,a730)[\(i)]."
      let concept = dataset.string(item + "(0040,a043)[0].(0008,0100)") ?? ""
      let value: String
      switch type {
      case "CODE": value = dataset.string(item + "(0040,a168)[0].(0008,0100)") ?? ""
      case "TEXT": value = dataset.string(item + "(0040,a160)") ?? ""
      case "UIDREF": value = dataset.string(item + "(0040,a124)") ?? ""
      case "IMAGE": value = dataset.string(item + "(0008,1199)[0].(0008,1155)") ?? ""
      case "NUM": value = dataset.string(item + "(0040,a300)[0].(0040,a30a)") ?? ""
      default: value = ""
      }
      items.append(Item(concept: concept, value: value))
      collect(item)
      i += 1
    }
  }
}
