import Foundation

/// How densa's Storage SCP listens, whom it accepts and what it negotiates.
public struct StorageSCPConfiguration: Sendable, Hashable {
  /// Our AE title: the called AE title of every association must be exactly this.
  public var aeTitle: String
  /// The IPv4 address to listen on; loopback unless a site configures otherwise.
  public var bindAddress: String
  /// The TCP port; 0 picks a free one (read it back from `StorageSCP.port`).
  public var port: Int
  /// Calling AE titles allowed to associate. Empty refuses everyone.
  public var allowedCallingAETitles: Set<String>
  /// For the AE titles listed here, the addresses they may connect from (an AE not listed may
  /// connect from anywhere).
  public var allowedHosts: [String: Set<String>]
  /// Associations served at once; one more is refused with a transient A-ASSOCIATE-RJ.
  public var maxAssociations: Int
  /// The largest PDU we receive, in bytes (4096…131072).
  public var maxPDU: Int
  /// Seconds a connected peer has to send its A-ASSOCIATE-RQ (ARTIM).
  public var acseTimeout: Int
  /// Seconds a DIMSE message may take once it has begun to arrive.
  public var dimseTimeout: Int
  /// Seconds an association may sit between commands before it is aborted.
  public var idleTimeout: Int
  /// Where each received instance is written first (it should be on the same file system as the
  /// final store, so the handler can rename it into place).
  public var temporaryDirectory: URL
  /// Abstract syntaxes accepted besides Verification; every other is refused at negotiation.
  public var sopClasses: [String]
  /// Transfer syntaxes accepted, in order of preference when a presentation context proposes
  /// several: lossless compressed, then uncompressed, then lossy (densa never recompresses).
  public var transferSyntaxes: [TransferSyntax]

  /// Every transfer syntax densa's decoder reads, in the SCP's order of preference.
  public static let decodableTransferSyntaxes: [TransferSyntax] = [
    .jpeg2000Lossless, .jpegLSLossless, .jpegLosslessSV1, .jpegLossless, .rleLossless, .explicitVRLittleEndian,
    .implicitVRLittleEndian, .jpeg2000, .jpegLSNearLossless, .jpegExtended, .jpegBaseline,
  ]

  public init(
    aeTitle: String, bindAddress: String = "127.0.0.1", port: Int = 0, allowedCallingAETitles: Set<String>,
    allowedHosts: [String: Set<String>] = [:], maxAssociations: Int = 8, maxPDU: Int = 65536, acseTimeout: Int = 30,
    dimseTimeout: Int = 60, idleTimeout: Int = 60, temporaryDirectory: URL,
    sopClasses: [String] = SOPClass.breastImagingStorage,
    transferSyntaxes: [TransferSyntax] = StorageSCPConfiguration.decodableTransferSyntaxes
  ) {
    self.aeTitle = aeTitle
    self.bindAddress = bindAddress
    self.port = port
    self.allowedCallingAETitles = allowedCallingAETitles
    self.allowedHosts = allowedHosts
    self.maxAssociations = maxAssociations
    self.maxPDU = maxPDU
    self.acseTimeout = acseTimeout
    self.dimseTimeout = dimseTimeout
    self.idleTimeout = idleTimeout
    self.temporaryDirectory = temporaryDirectory
    self.sopClasses = sopClasses
    self.transferSyntaxes = transferSyntaxes
  }

  /// The first thing wrong with the configuration, if any.
  func problem() -> String? {
    if let bad = ([aeTitle] + allowedCallingAETitles + allowedHosts.keys).first(where: { !AETitle.isValid($0) }) {
      return "AE title '\(bad)' is not 1 to 16 printable characters"
    }
    if !(0...65535).contains(port) { return "port \(port) is outside 0…65535" }
    if maxAssociations < 1 { return "maxAssociations must be at least 1" }
    if !(4096...131072).contains(maxPDU) { return "maxPDU \(maxPDU) is outside 4096…131072" }
    if acseTimeout < 1 || dimseTimeout < 1 || idleTimeout < 1 { return "timeouts must be at least 1 second" }
    if sopClasses.isEmpty { return "no SOP class to accept" }
    if transferSyntaxes.isEmpty { return "no transfer syntax to accept" }
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: temporaryDirectory.path, isDirectory: &isDirectory)
      || !isDirectory.boolValue
    {
      return "temporary directory \(temporaryDirectory.path) does not exist"
    }
    return nil
  }
}

/// AE title rules (PS3.5 VR AE): 1–16 characters, no control characters or backslash, not all
/// spaces; leading and trailing spaces are not significant.
enum AETitle {
  static func isValid(_ title: String) -> Bool {
    let t = title.trimmingCharacters(in: .whitespaces)
    return !t.isEmpty && title.utf8.count <= 16
      && title.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\\" }
  }
}
