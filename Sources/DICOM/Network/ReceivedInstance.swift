import Foundation

/// An instance the SCP has received and written, fsynced, to a temporary DICOM Part 10 file in
/// the transfer syntax it arrived in.
///
/// The handler that gets it decides what happens next: make it durable (rename it into place,
/// register it) and answer success, or answer a failure status. Whatever is still at
/// `temporaryFile` when the handler returns is deleted.
public struct ReceivedInstance: Sendable, Hashable {
  public var sopClassUID: String
  public var sopInstanceUID: String
  public var transferSyntax: TransferSyntax
  public var temporaryFile: URL
  public var callingAETitle: String
  public var calledAETitle: String
  /// The peer's IPv4 address.
  public var peerAddress: String
  /// The association it came in, as numbered in `AssociationEvent`s.
  public var associationID: UInt64

  public init(
    sopClassUID: String, sopInstanceUID: String, transferSyntax: TransferSyntax, temporaryFile: URL,
    callingAETitle: String, calledAETitle: String, peerAddress: String, associationID: UInt64
  ) {
    self.sopClassUID = sopClassUID
    self.sopInstanceUID = sopInstanceUID
    self.transferSyntax = transferSyntax
    self.temporaryFile = temporaryFile
    self.callingAETitle = callingAETitle
    self.calledAETitle = calledAETitle
    self.peerAddress = peerAddress
    self.associationID = associationID
  }
}
