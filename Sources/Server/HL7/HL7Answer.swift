import Reports

/// What a receiver answered to a message densa sent: MSA-1 and MSA-2 of its ACK.
struct HL7Answer: Sendable, Hashable {
  /// AA, AE, AR (original mode) or CA, CE, CR (enhanced mode accept acknowledgment).
  var code: String
  /// MSA-2: the control ID of the message acknowledged.
  var controlID: String
  /// MSA-3 or ERR-8, for the log; never patient data (the receiver's words).
  var text: String

  /// Reads an ACK; nil when it is not an HL7 message with an MSA segment.
  init?(bytes: [UInt8]) {
    guard let message = try? HL7Message(bytes: bytes, source: "acknowledgment"),
      let msa = message.segments(named: "MSA").first
    else { return nil }
    code = message.component(message.field(msa, 1), 1).uppercased()
    controlID = message.component(message.field(msa, 2), 1)
    let err = message.segments(named: "ERR").first.map { message.component(message.field($0, 8), 1) } ?? ""
    text = message.component(message.field(msa, 3), 1).isEmpty ? err : message.component(message.field(msa, 3), 1)
  }

  /// Whether the message was taken: AA, or CA from a receiver in enhanced mode.
  func accepts(controlID sent: String) -> Bool { (code == "AA" || code == "CA") && controlID == sent }
}
