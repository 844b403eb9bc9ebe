// libFuzzer target: an HL7 v2 message through HL7Message (every field split into repetitions and
// components and unescaped) and HL7ReportReader (the ORU reports, the latest of each).
@testable import Reports

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let message = try? HL7Message(bytes: bytes, source: "fuzz.hl7") {
    for segment in message.segments {
      for n in 0..<min(segment.count, 32) {
        let raw = message.field(segment, n)
        for repetition in message.repetitions(raw) {
          for c in 1...3 { _ = message.unescape(message.component(repetition, c)) }
        }
      }
    }
  }
  if let reports = try? HL7ReportReader.reports(bytes: bytes, source: "fuzz.hl7") {
    _ = HL7ReportReader.latest(reports)
  }
  return 0
}
