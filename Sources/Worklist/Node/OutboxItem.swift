/// One object waiting to be sent to, or sent to, one destination.
public struct OutboxItem: Sendable, Hashable, Codable {
  /// `pending` until the peer answers success (`sent`); `dead` after the last allowed attempt;
  /// `cancelled` by an operator.
  public enum State: String, Sendable, Codable, CaseIterable {
    case pending, sent, dead, cancelled
  }

  public var id: Int64
  /// The configured destination's name.
  public var destination: String
  public var sopInstanceUID: String
  public var studyInstanceUID: String
  /// The file to send.
  public var path: String
  /// What it is: `sr` (the density SR, sent by C-STORE) or `oru` (the HL7 ORU^R01, sent over MLLP).
  public var kind: String
  public var state: State
  public var attempts: Int
  /// Earliest time of the next attempt (seconds since 1970).
  public var nextAttempt: Double
  /// The last DIMSE status the peer answered (hex) or HL7 acknowledgment code (MSA-1), and the
  /// last error.
  public var lastStatus: String?
  public var lastError: String?
  public var createdAt: String
  public var sentAt: String?
}
