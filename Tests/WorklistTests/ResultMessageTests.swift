import BIRADS
import Classifier
import DICOM
import Foundation
import Testing
import Worklist

/// The ORU^R01 that the pipeline writes beside each result.json, parsed back with python3-hl7.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/hl7/__init__.py")))
struct ResultMessageTests {
  static let python = "/usr/bin/python3"

  /// Every segment with its fields, each the components of its first repetition, unescaped by
  /// python3-hl7 (`extract_field`).
  static let dumpScript = """
    import hl7, json, sys
    m = hl7.parse(open(sys.argv[1], encoding="utf-8", newline="").read())
    out = []
    for seg in m:
        name = str(seg[0])
        fields = []
        for f in range(1, len(seg)):
            if name == "MSH" and f in (1, 2):
                fields.append([str(seg[f])])
                continue
            comps = []
            for c in range(1, 12):
                try:
                    comps.append(seg.extract_field(1, f, 1, c, 1))
                except IndexError:
                    break
            while len(comps) > 1 and comps[-1] == "":
                comps.pop()
            fields.append(comps)
        out.append({"name": name, "fields": fields})
    print(json.dumps(out))
    """

  struct Segment: Decodable {
    var name: String
    var fields: [[String]]
    /// Field `n` (1-based, as HL7 numbers them; MSH-1 is the separator).
    func field(_ n: Int) -> [String] { n - 1 < fields.count ? fields[n - 1] : [""] }
    func first(_ n: Int) -> String { field(n).first ?? "" }
  }

  /// Parses `message` with python3-hl7, waiting at most 30 s.
  static func parse(_ message: String, in directory: URL) throws -> [Segment] {
    let file = directory.appendingPathComponent("parse-\(UUID().uuidString).hl7")
    try Data(message.utf8).write(to: file)
    let script = directory.appendingPathComponent("dump.py")
    try Data(dumpScript.utf8).write(to: script)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script.path, file.path]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    try #require(
      process.terminationStatus == 0,
      "python3-hl7 failed: \(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
    return try JSONDecoder().decode([Segment].self, from: data)
  }

  @Test func theMessageCarriesTheResultCodedAsTheSRIs() async throws {
    let f = try PipelineFixture(exams: 2, seed: 41)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    let summary = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    #expect(summary.processed == 2)
    let entries = try store.worklist()
    #expect(entries.count == 2)
    for entry in entries {
      let folder = URL(fileURLWithPath: entry.resultJSON).deletingLastPathComponent()
      let text = try String(contentsOf: folder.appendingPathComponent(ResultMessage.fileName), encoding: .utf8)
      let document = try JSONDecoder().decode(
        ExamResultDocument.self, from: Data(contentsOf: URL(fileURLWithPath: entry.resultJSON)))
      let exam = try #require(f.exams.first { $0.studyInstanceUID == document.exam.studyInstanceUID })
      let segments = try Self.parse(text, in: f.directory)
      let names = segments.map(\.name)
      let notice = document.model.notice
      #expect(Array(names.prefix(3)) == ["MSH", "PID", "OBR"])
      #expect(names.contains("NTE") == (notice != nil))
      #expect(names.drop { $0 != "OBX" }.allSatisfy { $0 == "OBX" })

      let msh = segments[0]
      #expect(msh.first(3) == "DENSA")
      #expect(msh.field(9) == ["ORU", "R01", "ORU_R01"])
      #expect(msh.first(10).count == 20)
      #expect(msh.first(11) == "P" && msh.first(12) == "2.5.1" && msh.first(18) == "UNICODE UTF-8")
      #expect(msh.first(5).isEmpty && msh.first(6).isEmpty)

      let pid = segments[1]
      #expect(pid.first(3) == exam.patientID)
      let family = exam.images[0].mammogram.patientName.split(separator: "^", omittingEmptySubsequences: false)[0]
      #expect(pid.first(5) == String(family) && !family.isEmpty)

      let obr = segments[2]
      let accession = try #require(document.exam.accession)
      #expect(obr.first(2) == accession && obr.first(3) == accession)
      #expect(obr.field(4) == ["71651007", "Mammography", "SCT"])
      let studyDate = try #require(document.exam.studyDate)
      #expect(obr.first(7).hasPrefix(studyDate))
      #expect(obr.first(25) == "P")
      if let notice { #expect(segments.first { $0.name == "NTE" }?.first(3) == notice) }

      let obx = segments.filter { $0.name == "OBX" }
      #expect(obx.map { $0.first(1) } == (1...obx.count).map(String.init))
      #expect(obx.allSatisfy { $0.first(11) == "P" })
      func values(_ code: String, subID: String = "") -> [[String]] {
        obx.filter { $0.first(3) == code && $0.first(4) == subID }.map { $0.field(5) }
      }
      func sct(_ letter: String) throws -> [String] {
        let c = DensityReportCodes.composition(try #require(BreastComposition(rawValue: letter)))
        return [c.value, c.meaning, "SCT"]
      }
      let examComposition = try #require(document.examDensity?.composition)
      let examCode = try sct(examComposition)
      #expect(values("129715009") == [examCode])
      #expect(document.breasts.count == 2)
      for breast in document.breasts {
        let subID = breast.laterality == "R" ? "1" : "2"
        let side = breast.laterality == "R" ? ["24028007", "Right", "SCT"] : ["7771000", "Left", "SCT"]
        #expect(values("272741003", subID: subID) == [side])
        let breastCode = try sct(breast.composition)
        #expect(values("129715009", subID: subID) == [breastCode])
        let score = try #require(Double(values("DENSA-SCORE", subID: subID).first?.first ?? ""))
        #expect(abs(score - breast.score) < 0.0006)
      }
      #expect(values("111001") == [[f.model.identity.name]])
      #expect(values("111003") == [[f.model.identity.version]])
      #expect(values("111002") == [["weights sha256=\(f.model.identity.sha256)"]])
      #expect(values("DENSA-AGREE").first?.first == document.agreement.status)
      let statement = try #require(document.suggestedDensityStatement?.statement)
      #expect(values("DENSA-MQSA") == [[statement]])
      if let stated = document.report?.density {
        let statedCode = try sct(stated)
        #expect(values("DENSA-REPORT") == [statedCode])
        let crosses = document.agreement.crossesDenseBoundary ? "373066001" : "373067005"
        #expect(values("DENSA-XDENSE").first?.first == crosses)
      }

      // Addressed per destination: MSH-5/6 set, MSH-10 unique per destination and stable.
      let a = ResultMessage.addressed(text, to: "RIS", facility: "HOSP", destination: "ris")
      let b = ResultMessage.addressed(text, to: "RIS", facility: "HOSP", destination: "ris2")
      #expect(a == ResultMessage.addressed(text, to: "RIS", facility: "HOSP", destination: "ris"))
      let parsedA = try Self.parse(a, in: f.directory)
      #expect(parsedA[0].first(5) == "RIS" && parsedA[0].first(6) == "HOSP")
      #expect(ResultMessage.controlID(of: a) == parsedA[0].first(10))
      #expect(ResultMessage.controlID(of: a) != ResultMessage.controlID(of: b))
      #expect(ResultMessage.controlID(of: a) != msh.first(10))
      #expect(Array(parsedA.dropFirst()).map(\.fields) == Array(segments.dropFirst()).map(\.fields))
    }
  }

  @Test func delimitersInValuesAreEscapedAndARevisionIsACorrection() async throws {
    let f = try PipelineFixture(exams: 1, seed: 42)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    _ = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    let entry = try #require(try store.worklist().first)
    var document = try JSONDecoder().decode(
      ExamResultDocument.self, from: Data(contentsOf: URL(fileURLWithPath: entry.resultJSON)))
    document.model.notice = "Demo | not ^ for ~ clinical & use \\ at all"
    let patient = ResultMessage.Patient(
      id: "P|1^2", name: "O'Neil\\Smith^Ana~Maria&Jose^^Dr", birthDate: "19700101", sex: "F",
      studyTime: "101500.123")
    let first = ResultMessage.build(document, patient: patient, model: f.model.identity, revision: 1)
    let segments = try Self.parse(first, in: f.directory)
    // Nothing split a segment: the same segments as an unescaped message would have.
    #expect(segments.map(\.name).prefix(4) == ["MSH", "PID", "OBR", "NTE"])
    let pid = try #require(segments.first { $0.name == "PID" })
    #expect(pid.field(3) == ["P|1^2"])
    #expect(pid.field(5) == ["O'Neil\\Smith", "Ana~Maria&Jose", "", "", "Dr"])
    #expect(pid.first(7) == "19700101" && pid.first(8) == "F")
    let obr = try #require(segments.first { $0.name == "OBR" })
    #expect(obr.first(7) == (document.exam.studyDate ?? "") + "101500")
    #expect(segments.first { $0.name == "NTE" }?.field(3) == [document.model.notice!])

    let second = ResultMessage.build(document, patient: patient, model: f.model.identity, revision: 2)
    let revised = try Self.parse(second, in: f.directory)
    #expect(revised.first { $0.name == "OBR" }?.first(25) == "C")
    #expect(revised.filter { $0.name == "OBX" }.allSatisfy { $0.first(11) == "C" })
    #expect(ResultMessage.controlID(of: first) != ResultMessage.controlID(of: second))
  }
}
