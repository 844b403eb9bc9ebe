import Foundation
import Reports
import Testing

@testable import Server

@Suite struct HL7AcknowledgementTests {
  static let oru = Array(
    "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260101||ORU^R01|CTRL42|P|2.5.1\rPID|1||P1\rOBR|1||A1\rOBX|1|TX|||texto\r".utf8)

  @Test func originalModeEchoesTheControlIDWithAAOrAEOrAR() throws {
    let header = HL7Acknowledgement.Header(try HL7Message(bytes: Self.oru, source: "t"))
    let aa = try #require(HL7Acknowledgement(header: header, outcome: .accepted).message(controlID: "X1"))
    #expect(aa.contains("\rMSA|AA|CTRL42\r"))
    #expect(aa.hasPrefix("MSH|^~\\&|DENSA|DENSA|RIS|HOSP|"))
    #expect(aa.contains("|ACK^R01^ACK|X1|P|2.5.1\r"))
    let ae = try #require(HL7Acknowledgement(header: header, outcome: .error("no OBR | here")).message(controlID: "X2"))
    #expect(ae.contains("MSA|AE|CTRL42|no OBR \\F\\ here"))
    #expect(ae.contains("\rERR|||207^"))
    let ar = try #require(HL7Acknowledgement(header: header, outcome: .rejected("unknown")).message(controlID: "X3"))
    #expect(ar.contains("MSA|AR|CTRL42|unknown"))
  }

  @Test func enhancedModeSendsAcceptAcknowledgementsOnlyWhenMSH15AsksForThem() throws {
    func header(_ msh15: String) throws -> HL7Acknowledgement.Header {
      let text = "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260101||ORU^R01|C9|P|2.5.1|||\(msh15)|NE\rPID|1\r"
      return HL7Acknowledgement.Header(try HL7Message(bytes: Array(text.utf8), source: "t"))
    }
    #expect(
      try HL7Acknowledgement(header: header("AL"), outcome: .accepted).message(controlID: "1")?.contains("MSA|CA|C9")
        == true)
    #expect(
      try HL7Acknowledgement(header: header("AL"), outcome: .error("x")).message(controlID: "1")?.contains("MSA|CE|C9")
        == true)
    #expect(try HL7Acknowledgement(header: header("NE"), outcome: .accepted).message(controlID: "1") == nil)
    #expect(try HL7Acknowledgement(header: header("ER"), outcome: .accepted).message(controlID: "1") == nil)
    #expect(
      try HL7Acknowledgement(header: header("ER"), outcome: .rejected("x")).message(controlID: "1")?.contains(
        "MSA|CR|C9") == true)
    #expect(try HL7Acknowledgement(header: header("SU"), outcome: .error("x")).message(controlID: "1") == nil)
  }

  @Test func theHeadOfAnUnparsableMessageStillGivesItsControlID() {
    let head = HL7Acknowledgement.Header(head: Array("MSH|^~\\&|RIS|H|DENSA|H|2026||ORU^R01|BIG7|P|2.4\rOBX|".utf8))
    #expect(head.controlID == "BIG7")
    #expect(head.sendingApplication == "RIS")
    #expect(head.version == "2.4")
    #expect(HL7Acknowledgement.Header(head: Array("garbage".utf8)).controlID == "")
  }
}
