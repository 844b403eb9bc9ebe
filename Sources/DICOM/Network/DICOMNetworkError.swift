/// Why a DICOM network operation failed, naming the peer (or the local SCP) it concerns.
public struct DICOMNetworkError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Reason: Equatable, Sendable {
    /// A setting or argument is unusable (an AE title too long, a date that is not YYYYMMDD).
    case invalidArgument(String)
    /// The SCP could not bind or listen.
    case cannotListen(String)
    /// The peer answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ; `transient` rejections
    /// (the peer is busy) are worth retrying later, permanent ones are not.
    case rejected(transient: Bool, String)
    /// No connection, no answer in time, an abort, or a broken message exchange.
    case failed(String)
    /// The peer answered the operation with a failure status.
    case status(operation: String, UInt16)
  }

  /// The peer as `AE@host:port`, or the local SCP as `AE on address:port`.
  public var peer: String
  public var reason: Reason

  public init(peer: String, _ reason: Reason) {
    self.peer = peer
    self.reason = reason
  }

  public var description: String { "\(peer): \(reasonText)" }

  /// The reason alone.
  public var reasonText: String {
    switch reason {
    case .invalidArgument(let why): "invalid argument: \(why)"
    case .cannotListen(let why): "cannot listen: \(why)"
    case .rejected(_, let why): why
    case .failed(let why): why
    case .status(let operation, let status): "\(operation) answered \(DIMSEStatus.describe(status))"
    }
  }

  /// Whether trying again later may succeed: a transient rejection or a failure to connect or
  /// exchange messages, but not a permanent rejection, a bad argument or a failure status.
  public var isRetryable: Bool {
    switch reason {
    case .rejected(let transient, _): transient
    case .failed: true
    case .status(_, let status): status & 0xFF00 == 0xA700
    case .invalidArgument, .cannotListen: false
    }
  }
}
