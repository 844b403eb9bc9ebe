import Testing

@testable import Reports

private func message(_ segments: [String], separator: String = "\r") -> [UInt8] {
  Array(segments.joined(separator: separator).utf8)
}

private let header = "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260301120000||ORU^R01|MSG1|P|2.5|||||||UNICODE UTF-8"

@Test func everyEscapeSequenceIsResolved() throws {
  let bytes = message([
    header, "PID|1||PAC123^^^HOSP||DOE^JANE",
    "OBR|1||ACC9|MAMO|||20260301||||||||||||||||||F|||||||123&Pérez&Ana",
    "OBX|1|TX|||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X41C3B1\\g\\.br\\h||||||F",
  ])
  let report = try #require(try HL7ReportReader.reports(bytes: bytes, source: "m.hl7").first)
  #expect(report.text == "a|b^c&d~e\\fAñg\nh")
  #expect(report.accession == "ACC9")
  #expect(report.patientID == "PAC123")
  #expect(report.studyDate == "20260301")
  #expect(report.radiologist == "Ana Pérez")
}

@Test func obxTextSegmentsJoinInOrderWhateverTheLineEndings() throws {
  for separator in ["\r", "\n", "\r\n"] {
    let bytes = message(
      [
        header, "PID|1||P1", "OBR|1||A1|||20260301", "OBX|1|TX|||Mamas heterogéneamente densas.",
        "OBX|2|NM|||42", "OBX|3|FT|||BI-RADS 2.~Control anual.",
      ], separator: separator)
    let report = try #require(try HL7ReportReader.reports(bytes: bytes, source: "m").first)
    #expect(report.text == "Mamas heterogéneamente densas.\nBI-RADS 2.\nControl anual.")
  }
}

@Test func latin1CharacterSetFromMSH18() throws {
  let latin1Header = Array(
    "MSH|^~\\&|RIS|H|D|H|2026||ORU^R01|1|P|2.5|||||||8859/1\rPID|1||P\rOBR|1||A\rOBX|1|TX|||Se".utf8)
  let bytes = latin1Header + [0xF1] + Array("ora".utf8)
  let report = try #require(try HL7ReportReader.reports(bytes: bytes, source: "m").first)
  #expect(report.text == "Señora")
}

@Test func correctedReportSupersedesTheFinalOne() throws {
  let first = try HL7ReportReader.reports(
    bytes: message([header, "OBR|1||A7||||||||||||||||||||||F", "OBX|1|TX|||tipo B"]), source: "1")
  let second = try HL7ReportReader.reports(
    bytes: message([header, "OBR|1||A7||||||||||||||||||||||C", "OBX|1|TX|||tipo C"]), source: "2")
  let preliminary = try HL7ReportReader.reports(
    bytes: message([header, "OBR|1||A7||||||||||||||||||||||P", "OBX|1|TX|||tipo A"]), source: "3")
  let latest = HL7ReportReader.latest(first + second + preliminary)
  #expect(latest.count == 1)
  #expect(latest.first?.status == .corrected)
  #expect(latest.first?.text == "tipo C")
}

@Test func malformedMessagesSayWhy() {
  #expect(throws: HL7Error(source: "x.hl7", reason: "does not start with an MSH segment")) {
    try HL7ReportReader.reports(bytes: Array("hello world".utf8), source: "x.hl7")
  }
  #expect(throws: HL7Error(source: "y.hl7", reason: "no OBR segment (not an ORU^R01 report)")) {
    try HL7ReportReader.reports(bytes: message([header, "PID|1||P1"]), source: "y.hl7")
  }
  #expect("\(HL7Error(source: "y.hl7", reason: "r"))" == "y.hl7: malformed HL7 message: r")
}

/// Found while writing the HL7 fuzz target: combining marks right after "MSH" merge into one character
/// with its H, and reading MSH-1 went past the end instead of refusing the message.
@Test func combiningMarksAfterMSHAreRefused() {
  let bytes: [UInt8] = Array("MSH".utf8) + [0xCC, 0x81, 0xCC, 0x81, 0xCC, 0x81]
  #expect {
    try HL7Message(bytes: bytes, source: "m.hl7")
  } throws: { error in
    (error as? HL7Error)?.reason.contains("MSH-1") == true
  }
}
