import DICOM
import Foundation
import Logging
import Worklist

/// What the DICOM listener received: a complete object in a temporary file.
public struct IncomingInstance: Sendable {
  public var sopClassUID: String
  public var sopInstanceUID: String
  public var transferSyntaxUID: String
  public var temporaryFile: URL
  public var callingAETitle: String

  public init(
    sopClassUID: String, sopInstanceUID: String, transferSyntaxUID: String, temporaryFile: URL,
    callingAETitle: String
  ) {
    self.sopClassUID = sopClassUID
    self.sopInstanceUID = sopInstanceUID
    self.transferSyntaxUID = transferSyntaxUID
    self.temporaryFile = temporaryFile
    self.callingAETitle = callingAETitle
  }
}

/// Files and registers each received instance before it is acknowledged.
///
/// The DIMSE status it returns is what the sender is told: 0000 only once the bytes are fsynced,
/// renamed into `storage/<study>/<instance>-<digest>.dcm` and registered in SQLite. The same SOP
/// Instance UID with the same bytes is acknowledged without a second copy; with other bytes it is
/// kept as a conflict (the first object stays authoritative) and logged.
public struct InstanceIntake: Sendable {
  let store: Store
  let storageDirectory: URL
  let minimumFreeBytes: Int64
  let metrics: NodeMetrics
  let logger: Logger
  /// Called after a new instance is registered (wakes the completion queue).
  let onStored: @Sendable (String) -> Void

  public init(
    store: Store, storageDirectory: URL, minimumFreeBytes: Int64, metrics: NodeMetrics, logger: Logger,
    onStored: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.store = store
    self.storageDirectory = storageDirectory
    self.minimumFreeBytes = minimumFreeBytes
    self.metrics = metrics
    self.logger = logger
    self.onStored = onStored
  }

  /// True while the storage folder has at least the configured free space, its disk is not full
  /// (with a watermark of 0 too) and it is writable.
  public func hasRoom() -> Bool {
    guard let free = DiskSpace.available(at: storageDirectory) else { return false }
    return free >= minimumFreeBytes && !DiskSpace.isFull(at: storageDirectory)
      && !DiskSpace.isReadOnly(at: storageDirectory)
  }

  /// Why stores are refused now, in words for the log; nil while there is room.
  func refusal() -> String? {
    if DiskSpace.isReadOnly(at: storageDirectory) {
      return "store refused: the file system holding the storage folder is mounted read-only; "
        + "make it writable (the sender may retry)"
    }
    if DiskSpace.isFull(at: storageDirectory) {
      return "store refused: the disk holding the storage folder is full; free space there (the sender may retry)"
    }
    if !hasRoom() {
      return "store refused: free disk below the watermark (storage.minimumFreeBytes); free space there "
        + "(the sender may retry)"
    }
    return nil
  }

  /// Files one instance and returns the status for the sender. The temporary file is consumed.
  public func accept(_ incoming: IncomingInstance) -> UInt16 {
    let temporary = incoming.temporaryFile
    defer { try? FileManager.default.removeItem(at: temporary) }
    if let refusal = refusal() {
      metrics.instancesRefused.increment()
      logger.error(
        "\(refusal)", metadata: ["storage": "\(storageDirectory.path)", "minimumFreeBytes": "\(minimumFreeBytes)"])
      return DIMSEStatus.outOfResources
    }
    let header: InstanceHeader
    do { header = try InstanceHeader.read(temporary) } catch {
      metrics.instancesRefused.increment()
      logger.warning(
        "store refused: object not readable",
        metadata: ["from": "\(incoming.callingAETitle)", "error": "\(error.reasonText)"])
      return DIMSEStatus.cannotUnderstand
    }
    do {
      let (sha, size) = try DurableFile.digest(of: temporary)
      let folder = storageDirectory.appendingPathComponent(Self.safeName(header.studyInstanceUID))
      let target = folder.appendingPathComponent("\(Self.safeName(incoming.sopInstanceUID))-\(sha.prefix(16)).dcm")
      try DurableFile.place(temporary, at: target)
      let record = ReceivedInstanceRecord(
        sopInstanceUID: incoming.sopInstanceUID, sopClassUID: incoming.sopClassUID,
        studyInstanceUID: header.studyInstanceUID, transferSyntax: incoming.transferSyntaxUID, path: target.path,
        sha256: sha, size: size, callingAETitle: incoming.callingAETitle)
      switch try store.registerInstance(record, at: Date().timeIntervalSince1970) {
      case .stored:
        metrics.instancesReceived.increment()
        onStored(header.studyInstanceUID)
      case .duplicate:
        metrics.instancesDuplicate.increment()
        logger.info(
          "duplicate instance acknowledged, not stored twice", metadata: ["from": "\(incoming.callingAETitle)"])
      case .conflict(let existing):
        metrics.instancesConflicting.increment()
        logger.warning(
          "instance UID received again with other bytes: kept as a conflict",
          metadata: [
            "sopInstanceUID": "\(incoming.sopInstanceUID)", "stored": "\(existing.prefix(16))",
            "received": "\(sha.prefix(16))", "file": "\(target.path)",
          ])
      }
      return DIMSEStatus.success
    } catch {
      metrics.instancesRefused.increment()
      logger.error(
        "\(refusal() ?? "store failed: instance not kept")",
        metadata: ["storage": "\(storageDirectory.path)", "error": "\(error)"])
      return DIMSEStatus.outOfResources
    }
  }

  /// A UID as a file name (UIDs are digits and dots already; anything else is replaced).
  static func safeName(_ uid: String) -> String {
    String(uid.map { $0.isNumber || $0 == "." ? $0 : "_" }.prefix(64))
  }
}
