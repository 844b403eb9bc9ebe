import Foundation

/// What the running node's listeners report about themselves (bound ports, open associations),
/// read by `/health` and by whoever started the node.
public final class NodeStatus: @unchecked Sendable {
  private let lock = NSLock()
  private var dicom: Int?
  private var hl7: Int?
  private var http: Int?
  private var associations = 0
  /// Called once every configured listener is bound, with the ports.
  private let onReady: @Sendable (NodeStatus) -> Void
  private let expected: (dicom: Bool, hl7: Bool, http: Bool)
  private var announced = false

  init(expectDICOM: Bool, expectHL7: Bool, expectHTTP: Bool, onReady: @escaping @Sendable (NodeStatus) -> Void) {
    expected = (expectDICOM, expectHL7, expectHTTP)
    self.onReady = onReady
  }

  public var dicomPort: Int? { lock.withLock { dicom } }
  public var hl7Port: Int? { lock.withLock { hl7 } }
  public var httpPort: Int? { lock.withLock { http } }
  public var openAssociations: Int { lock.withLock { associations } }

  func setDICOMPort(_ port: Int) { update { dicom = port } }
  func setHL7Port(_ port: Int) { update { hl7 = port } }
  func setHTTPPort(_ port: Int) { update { http = port } }
  func associationOpened() { lock.withLock { associations += 1 } }
  func associationClosed() { lock.withLock { associations = max(0, associations - 1) } }

  private func update(_ body: () -> Void) {
    let ready: Bool = lock.withLock {
      body()
      let ok =
        (!expected.dicom || dicom != nil) && (!expected.hl7 || hl7 != nil) && (!expected.http || http != nil)
      if ok && !announced {
        announced = true
        return true
      }
      return false
    }
    if ready { onReady(self) }
  }
}
