/// A remote DICOM application entity: who to call, and where.
public struct DICOMPeer: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The peer's AE title (the called AE title of associations densa requests).
  public var aeTitle: String
  public var host: String
  public var port: Int

  public init(aeTitle: String, host: String, port: Int) {
    self.aeTitle = aeTitle
    self.host = host
    self.port = port
  }

  /// `AE@host:port`, the way logs and errors name a peer.
  public var description: String { "\(aeTitle)@\(host):\(port)" }
}
