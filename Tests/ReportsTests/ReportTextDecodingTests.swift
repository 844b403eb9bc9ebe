import Testing

@testable import Reports

@Test func utf8WithAndWithoutBOM() throws {
  let plain = Array("Señora, mamas heterogéneamente densas".utf8)
  #expect(try decodeReportText(plain).encoding == .utf8)
  let withBOM = try decodeReportText([0xEF, 0xBB, 0xBF] + plain)
  #expect(withBOM.encoding == .utf8WithBOM)
  #expect(withBOM.text.hasPrefix("Señora"))
}

@Test func windows1252IsDetectedAndDecoded() throws {
  // "Señora: mamá" in Windows-1252: ñ = F1, á = E1, and a curly quote (0x93) from the 0x80 block.
  let bytes: [UInt8] = Array("Se".utf8) + [0xF1] + Array("ora: mam".utf8) + [0xE1, 0x20, 0x93]
  let decoded = try decodeReportText(bytes)
  #expect(decoded.encoding == .windows1252)
  #expect(decoded.text == "Señora: mamá \u{201C}")
}

@Test func emptyAndBinaryInputAreRefused() {
  #expect(throws: ReportTextError.empty) { try decodeReportText([]) }
  #expect(throws: ReportTextError.empty) { try decodeReportText([0x20, 0x0A]) }
  #expect(throws: ReportTextError.binary) { try decodeReportText([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]) }
  #expect("\(ReportTextError.binary)" == "binary content, not a text report")
}
