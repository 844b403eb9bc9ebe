import Foundation
import TestSupport
import Testing
import Worklist

/// Reports over MLLP to `densa serve`, sent with python3-hl7's `mllp_send`.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/mllp_send")))
struct HL7Tests {
  /// An ORU^R01 for one study, its report text in OBX TX segments.
  static func oru(
    _ study: NodeFixture.Study, text: String, controlID: String, sender: String = "RIS", status: String = "F"
  ) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
      "OBX|\(i + 1)|TX|MAMMO^Informe||\(line.replacingOccurrences(of: "|", with: "\\F\\"))||||||\(status)"
    }
    return
      ([
        "MSH|^~\\&|\(sender)|HOSP|DENSA|HOSP|20260101120000||ORU^R01|\(controlID)|P|2.5.1",
        "PID|1||\(study.patientID)",
        "OBR|1||\(study.accession)|MAMMO^Mamografia|||\(study.studyDate)1000|||||||||||||||||\(status)|||||||^Perez^Ana",
      ] + lines).joined(separator: "\r") + "\r"
  }

  /// Sends messages (one per file) and returns what mllp_send printed: the ACKs.
  static func send(_ messages: [String], port: Int, in dir: URL) throws -> String {
    var out = ""
    for (i, m) in messages.enumerated() {
      let file = dir.appendingPathComponent("msg-\(UUID().uuidString)-\(i).hl7")
      // mllp_send reads MLLP frames from its file.
      try Data(([0x0B] + Array(m.utf8) + [0x1C, 0x0D]) as [UInt8]).write(to: file)
      let r = try ExternalProcess.run(
        "/usr/bin/mllp_send", ["--file", file.path, "--port", "\(port)", "127.0.0.1"], timeout: 30)
      out += r.stdout + "\n"
    }
    return out
  }

  @Test func reportsBeforeAndAfterTheirImagesArePairedAndBadMessagesGetTheRightAck() throws {
    let f = try NodeFixture(exams: 2, seed: 48, name: "hl7")
    defer { f.remove() }
    try f.startNode(["hl7.maxMessageBytes=4096"])
    let early = f.studies[0]
    let late = f.studies[1]
    let reportText = "Mamografía bilateral de cribado.\nMamas heterogéneamente densas (ACR c).\nBI-RADS 1."
    // Before its images.
    var acks = try Self.send([Self.oru(early, text: reportText, controlID: "MSG001")], port: f.hl7Port, in: f.dir)
    #expect(acks.contains("MSA|AA|MSG001"))
    try f.send(f.studies)
    #expect(try f.waitForResults(2))
    // After its images, a preliminary then a final one that supersedes it.
    acks = try Self.send(
      [
        Self.oru(late, text: "Mamas con densidad fibroglandular dispersa (b).", controlID: "MSG002", status: "P"),
        Self.oru(late, text: "Mamas extremadamente densas (d). BI-RADS 2.", controlID: "MSG003"),
      ], port: f.hl7Port, in: f.dir)
    #expect(acks.contains("MSA|AA|MSG002"))
    #expect(acks.contains("MSA|AA|MSG003"))
    let store = try f.store()
    let entries = Dictionary(uniqueKeysWithValues: try store.worklist().map { ($0.accession ?? "", $0) })
    #expect(entries[early.accession]?.reportDensity == "c")
    #expect(entries[late.accession]?.reportDensity == "d")
    // Unknown sender: AR. Not a report: AR. Unusable: AE. Too large: AR. The listener goes on.
    acks = try Self.send(
      [
        Self.oru(late, text: "Mamas grasas.", controlID: "MSG004", sender: "STRANGER"),
        "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260101||ADT^A01|MSG005|P|2.5.1\rPID|1||X\r",
        "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260101||ORU^R01|MSG006|P|2.5.1\rPID|1||X\r",
        Self.oru(late, text: String(repeating: "Mamas densas. ", count: 600), controlID: "MSG007"),
        Self.oru(early, text: reportText, controlID: "MSG008"),
      ], port: f.hl7Port, in: f.dir)
    #expect(acks.contains("MSA|AR|MSG004"))
    #expect(acks.contains("MSA|AR|MSG005"))
    #expect(acks.contains("MSA|AE|MSG006"))
    #expect(acks.contains("MSA|AR|MSG007"))
    #expect(acks.contains("MSA|AA|MSG008"))
    // Report text and patient IDs stay out of the log at info level.
    let log = try #require(f.node).stderr
    #expect(!log.contains("heterogéneamente"))
    #expect(!log.contains(early.patientID))
  }
}
