import Foundation
import TestSupport
import Testing

/// What `densa process` and `densa qa` print at info level (logs, progress, summaries), and what
/// `densa serve` logs (DICOM, HL7, web), names no patient: no name, patient ID or birth date from the synthesised studies, no sentence of their
/// reports. Results, SRs and the worklist are meant to carry patient data and are not searched.
@Suite(.serialized) struct PatientDataInLogsTests {
  @Test func theMainJobsLogsAndSummariesHoldNoPatientData() throws {
    let workspace = try ProcessTests.Workspace(exams: 6, seed: 31)
    defer { workspace.remove() }
    let process = try workspace.process(["--set", "log.level=info"])
    try #require(process.status == 0, "\(process.stderr)")
    let qa = try DensaBinary.run(["qa", "--db", workspace.db], in: repositoryRoot)
    try #require(qa.status == 0, "\(qa.stderr)")
    let printed = [process.stdout, process.stderr, qa.stdout, qa.stderr].joined(separator: "\n")
    // The run did log something at info level, so an empty log cannot pass.
    #expect(printed.contains(" info "))

    let patient = try Self.patientData(in: URL(fileURLWithPath: workspace.set))
    #expect(patient.ids.count == 6 && patient.names.count == 6 && patient.births.count == 6)
    #expect(patient.sentences.count >= 6)
    for value in patient.ids + patient.names + patient.births + patient.sentences {
      #expect(!printed.contains(value), "printed: \(value)")
    }
    // Names also without DICOM's caret, as a log might format them.
    for name in patient.names {
      #expect(!printed.contains(name.replacingOccurrences(of: "^", with: " ")), "printed: \(name)")
    }
  }

  /// The node's log while it takes the reports over HL7, receives, classifies and stores the
  /// studies over DICOM, and serves the web pages and the API of every exam (with a filter
  /// naming a patient), all at info level.
  @Test func theNodesLogHoldsNoPatientData() throws {
    let f = try NodeFixture(exams: 3, seed: 33, name: "patient-log")
    defer { f.remove() }
    try f.startNode(["log.level=info"])
    let set = f.dir.appendingPathComponent("set")
    let reports = try f.studies.enumerated().map { i, study in
      let text = try String(
        contentsOf: set.appendingPathComponent("reports/\(study.accession).txt"), encoding: .utf8)
      return HL7Tests.oru(study, text: text, controlID: "LOG\(i)")
    }
    let acks = try HL7Tests.send(reports, port: f.hl7Port, in: f.dir)
    #expect(acks.components(separatedBy: "MSA|AA|").count == reports.count + 1, "\(acks)")
    for result in try f.send(f.studies) { #expect(result.status == 0, "\(result.stderr)") }
    #expect(try f.waitForResults(f.studies.count))
    let store = try f.store()
    #expect(try store.worklist().allSatisfy { $0.reportDensity != nil })
    for exam in try store.worklist() {
      for path in ["/exams/\(exam.examID)", "/api/exams/\(exam.examID)", "/api/exams/\(exam.examID)/result"] {
        #expect(try f.http(path).stdout.contains(exam.patientID), "\(path) serves the exam")
      }
      _ = try f.http("/?reader=\(exam.patientID)&patient=\(exam.patientID)")
    }
    _ = try f.http("/qa")
    let log = [f.node?.stdout ?? "", f.node?.stderr ?? ""].joined(separator: "\n")
    #expect(log.contains(" info "))
    #expect(log.contains("path=/api/exams/"), "the web requests are logged")
    let patient = try Self.patientData(in: f.dir.appendingPathComponent("set"))
    #expect(patient.ids.count == 3 && patient.names.count == 3 && patient.births.count == 3)
    for value in patient.ids + patient.names + patient.births + patient.sentences {
      #expect(!log.contains(value), "logged: \(value)")
    }
  }

  struct PatientData {
    var ids: [String] = []
    var names: [String] = []
    var births: [String] = []
    var sentences: [String] = []
  }

  /// The patient attributes of one image per exam (read with DCMTK's dcmdump) and the report
  /// sentences longer than 20 characters, from a `densa synth` folder's manifest.
  static func patientData(in set: URL) throws -> PatientData {
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: set.appendingPathComponent("manifest.json")))
    let exams = (manifest as? [String: Any])?["exams"] as? [[String: Any]] ?? []
    var data = PatientData()
    for exam in exams {
      guard let id = exam["patientID"] as? String, let images = exam["images"] as? [[String: Any]],
        let path = images.first?["path"] as? String
      else { continue }
      if !data.ids.contains(id) { data.ids.append(id) }
      let dump = try ExternalProcess.run(
        "/usr/bin/dcmdump", ["+P", "0010,0010", "+P", "0010,0030", set.appendingPathComponent(path).path])
      for line in dump.stdout.split(separator: "\n") {
        guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]"), open < close else { continue }
        let value = String(line[line.index(after: open)..<close])
        if line.contains("(0010,0010)"), !data.names.contains(value) { data.names.append(value) }
        if line.contains("(0010,0030)"), !data.births.contains(value) { data.births.append(value) }
      }
      if let report = exam["reportPath"] as? String {
        let text = try String(contentsOf: set.appendingPathComponent(report), encoding: .utf8)
        for sentence in text.split(whereSeparator: { $0 == "." || $0 == "\n" }) {
          let trimmed = sentence.trimmingCharacters(in: .whitespaces)
          if trimmed.count > 20 { data.sentences.append(trimmed) }
        }
      }
    }
    return data
  }
}
