/// One association as the SCP saw it.
public struct AssociationInfo: Sendable, Hashable, CustomStringConvertible {
  /// Numbered from 1 in the order associations were accepted, per SCP.
  public var id: UInt64
  public var callingAETitle: String
  public var calledAETitle: String
  public var peerAddress: String

  public init(id: UInt64, callingAETitle: String, calledAETitle: String, peerAddress: String) {
    self.id = id
    self.callingAETitle = callingAETitle
    self.calledAETitle = calledAETitle
    self.peerAddress = peerAddress
  }

  public var description: String { "#\(id) \(callingAETitle)@\(peerAddress) → \(calledAETitle)" }
}

/// Why the SCP refused an association (or a connection that never became one).
public struct AssociationRejection: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    /// The calling AE title is not in `allowedCallingAETitles` (A-ASSOCIATE-RJ permanent, reason 3).
    case callingAETitleNotAllowed
    /// The called AE title is not ours (A-ASSOCIATE-RJ permanent, reason 7).
    case calledAETitleNotRecognized
    /// The calling AE title may not connect from this address (A-ASSOCIATE-RJ permanent).
    case hostNotAllowed
    /// `maxAssociations` are in progress (A-ASSOCIATE-RJ transient, local limit exceeded).
    case tooManyAssociations
    /// So many TCP connections are open that this one was closed before its request was read.
    case tooManyConnections
    /// No proposed abstract syntax is one we accept (A-ASSOCIATE-RJ permanent).
    case noAcceptablePresentationContext
    /// Not the DICOM application context.
    case applicationContextNotSupported
    /// The SCP is stopping (A-ASSOCIATE-RJ transient, or the connection closed).
    case stopping
    /// The peer connected but sent no usable A-ASSOCIATE-RQ in time.
    case noAssociationRequest
  }

  public var kind: Kind
  /// Details for the log: the AE title or address refused, the SOP classes proposed, the limit.
  public var detail: String

  public init(kind: Kind, detail: String) {
    self.kind = kind
    self.detail = detail
  }

  public var description: String { detail }
}

/// What the SCP reports through its events callback, so the server can log every association
/// and every refusal with its reason.
public enum AssociationEvent: Sendable, Hashable {
  case accepted(AssociationInfo)
  /// Refused at negotiation (or before: `callingAETitle` etc. are empty when no request was read).
  case rejected(callingAETitle: String, calledAETitle: String, peerAddress: String, reason: AssociationRejection)
  /// Ended by the peer's A-RELEASE; `instances` were stored successfully in it.
  case released(AssociationInfo, instances: Int)
  /// Ended by an A-ABORT (from either side), a broken connection or a timeout.
  case aborted(AssociationInfo, instances: Int, reason: String)
  /// A C-STORE answered with a failure status (the handler's, or the SCP's own when the data set
  /// could not be written or did not match its command).
  case storeFailed(AssociationInfo, sopInstanceUID: String, status: UInt16, reason: String)
}
