import Foundation
import Reports

/// An HL7 v2 acknowledgement (ACK) for one received message.
///
/// Original mode (MSH-15 and MSH-16 empty): an application acknowledgement, MSA-1 AA (stored),
/// AE (the message cannot be used: the reason is in MSA-3 and ERR) or AR (refused: unknown
/// sender, too large). Enhanced mode (MSH-15 present): an accept acknowledgement CA / CE / CR, sent
/// or not as MSH-15 asks (AL always, NE never, ER on error only, SU on success only). MSA-2 echoes
/// the message's MSH-10 control ID.
struct HL7Acknowledgement: Sendable, Hashable {
  enum Outcome: Sendable, Hashable {
    case accepted
    case error(String)
    case rejected(String)
  }

  /// The header fields echoed from the message (empty when it had no readable MSH).
  struct Header: Sendable, Hashable {
    var sendingApplication = ""
    var sendingFacility = ""
    var controlID = ""
    var processingID = "P"
    var version = "2.5.1"
    var acceptAckType = ""
    var applicationAckType = ""

    init() {}

    init(_ m: HL7Message) {
      guard let msh = m.segments(named: "MSH").first else { return }
      sendingApplication = m.field(msh, 3)
      sendingFacility = m.field(msh, 4)
      controlID = m.field(msh, 10)
      processingID = m.field(msh, 11).isEmpty ? "P" : m.field(msh, 11)
      version = m.field(msh, 12).isEmpty ? "2.5.1" : m.component(m.field(msh, 12), 1)
      acceptAckType = m.field(msh, 15)
      applicationAckType = m.field(msh, 16)
    }

    /// The header fields of a message too large or too broken to parse whole: read from its head.
    init(head: [UInt8]) {
      let text = String(decoding: head.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
      guard text.hasPrefix("MSH"), text.count > 8 else { return }
      let fields = text.split(separator: Array(text)[3], omittingEmptySubsequences: false).map(String.init)
      // fields[n] is MSH-(n+1): MSH-1 is the separator itself.
      func f(_ n: Int) -> String { n - 1 < fields.count ? fields[n - 1] : "" }
      sendingApplication = f(3)
      sendingFacility = f(4)
      controlID = f(10)
      if !f(12).isEmpty { version = f(12) }
      acceptAckType = f(15)
      applicationAckType = f(16)
    }

    var isEnhancedMode: Bool { !acceptAckType.isEmpty }
  }

  var header: Header
  var outcome: Outcome
  /// Our application and facility (MSH-3/4 of the ACK).
  var application = "DENSA"
  var facility = "DENSA"

  /// The ACK to send, or nil when enhanced mode asks for none in this case.
  func message(controlID ourID: String, at date: Date = Date()) -> String? {
    let code: String
    var reason: String? = nil
    switch (header.isEnhancedMode, outcome) {
    case (false, .accepted): code = "AA"
    case (false, .error(let why)):
      code = "AE"
      reason = why
    case (false, .rejected(let why)):
      code = "AR"
      reason = why
    case (true, .accepted): code = "CA"
    case (true, .error(let why)):
      code = "CE"
      reason = why
    case (true, .rejected(let why)):
      code = "CR"
      reason = why
    }
    if header.isEnhancedMode {
      switch header.acceptAckType.uppercased() {
      case "NE": return nil
      case "ER" where reason == nil: return nil
      case "SU" where reason != nil: return nil
      default: break
      }
    }
    let time = Self.timestamp(date)
    var segments = [
      "MSH|^~\\&|\(application)|\(facility)|\(Self.escape(header.sendingApplication))|\(Self.escape(header.sendingFacility))|\(time)||ACK^R01^ACK|\(ourID)|\(header.processingID)|\(header.version)",
      "MSA|\(code)|\(Self.escape(header.controlID))" + (reason.map { "|\(Self.escape($0))" } ?? ""),
    ]
    if let reason {
      // ERR-3 error code (HL7 table 0357), ERR-4 severity, ERR-8 user message.
      let errorCode =
        code == "AR" || code == "CR" ? "200^Unsupported message type^HL70357" : "207^Application internal error^HL70357"
      segments.append("ERR|||\(errorCode)|E||||\(Self.escape(reason))")
    }
    return segments.joined(separator: "\r") + "\r"
  }

  static func timestamp(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return String(format: "%04d%02d%02d%02d%02d%02d+0000", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
  }

  /// HL7 escaping of the delimiters in a value we echo or write.
  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "\\": out += "\\E\\"
      case "|": out += "\\F\\"
      case "^": out += "\\S\\"
      case "&": out += "\\T\\"
      case "~": out += "\\R\\"
      case "\r", "\n": out += " "
      default: out.append(ch)
      }
    }
    return out
  }
}
