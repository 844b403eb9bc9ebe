/// Reads the reports of HL7 v2 ORU^R01 messages: one report per OBR, its text the TX/FT/ST OBX
/// values that follow it, joined in order.
public enum HL7ReportReader {
  /// Reports in one message file. Accession: OBR-3 (filler order number), else OBR-18, else
  /// ORC-3; patient: PID-3; date: OBR-7; status: OBR-25 (else OBX-11); radiologist: OBR-32.
  public static func reports(bytes: [UInt8], source: String) throws(HL7Error) -> [Report] {
    let message = try HL7Message(bytes: bytes, source: source)
    var patient: String?
    var orcAccession = ""
    var reports: [Report] = []
    var current: (obr: [String], lines: [String], obxStatus: String)?
    func finish() {
      guard let group = current else { return }
      let obr = group.obr
      var accession = message.component(message.field(obr, 3), 1)
      if accession.isEmpty { accession = message.component(message.field(obr, 18), 1) }
      if accession.isEmpty { accession = orcAccession }
      let statusCode = message.component(message.field(obr, 25), 1)
      let status = Report.Status(rawValue: statusCode.isEmpty ? group.obxStatus : statusCode) ?? .final
      let date = String(message.component(message.field(obr, 7), 1).prefix(8))
      reports.append(
        Report(
          accession: accession, patientID: patient, studyDate: date.isEmpty ? nil : date,
          text: group.lines.joined(separator: "\n"), source: source, status: status,
          radiologist: radiologist(message, message.field(obr, 32))))
      current = nil
    }
    for segment in message.segments {
      switch segment.first {
      case "PID": patient = message.component(message.field(segment, 3), 1)
      case "ORC": orcAccession = message.component(message.field(segment, 3), 1)
      case "OBR":
        finish()
        current = (segment, [], "")
      case "OBX":
        guard current != nil else { continue }
        let type = message.field(segment, 2)
        guard type == "TX" || type == "FT" || type == "ST" else { continue }
        let values = message.repetitions(message.field(segment, 5)).map(message.unescape)
        current?.lines.append(values.joined(separator: "\n"))
        let status = message.field(segment, 11)
        if !status.isEmpty { current?.obxStatus = status }
      default: continue
      }
    }
    finish()
    if reports.isEmpty { throw HL7Error(source: source, reason: "no OBR segment (not an ORU^R01 report)") }
    return reports
  }

  /// OBR-32 (NDL): component 1 is the interpreter as ID&family&given&middle&suffix&prefix&degree
  /// subcomponents; the name comes back normalised (given names first, no title or degree).
  private static func radiologist(_ message: HL7Message, _ raw: String) -> String? {
    let first = raw.split(separator: message.componentSeparator, omittingEmptySubsequences: false).first ?? ""
    let parts = first.split(separator: message.subcomponentSeparator, omittingEmptySubsequences: false)
      .map { message.unescape(String($0)) }
    let name =
      parts.count >= 3
      ? [parts[2], parts.count > 3 ? parts[3] : "", parts[1]].filter { !$0.isEmpty }.joined(separator: " ")
      : parts.joined(separator: " ")
    return RadiologistName.normalize(name)
  }

  /// One report per accession: a corrected version supersedes the final one, which supersedes a
  /// preliminary one; within a status, the later report wins.
  public static func latest(_ reports: [Report]) -> [Report] {
    func rank(_ s: Report.Status) -> Int { s == .corrected ? 2 : s == .final ? 1 : 0 }
    var chosen: [String: Int] = [:]
    for (index, report) in reports.enumerated() {
      if let existing = chosen[report.accession], rank(reports[existing].status) > rank(report.status) {
        continue
      }
      chosen[report.accession] = index
    }
    return chosen.values.sorted().map { reports[$0] }
  }
}
