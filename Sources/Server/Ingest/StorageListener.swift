import DICOM
import Foundation
import Logging
import ServiceLifecycle

/// The DICOM listener (`dicom.port`): C-ECHO and C-STORE of mammography objects from the
/// configured peers, every instance filed by ``InstanceIntake`` before it is acknowledged.
struct StorageListener: Service {
  let configuration: StorageSCPConfiguration
  let intake: InstanceIntake
  let status: NodeStatus
  let metrics: NodeMetrics
  let logger: Logger
  /// Seconds in-flight associations get to finish when the node stops.
  let grace: Double

  func run() async throws {
    let intake = self.intake
    let logger = self.logger
    let status = self.status
    let metrics = self.metrics
    let scp = StorageSCP(
      configuration: configuration,
      handler: { received in
        intake.accept(
          IncomingInstance(
            sopClassUID: received.sopClassUID, sopInstanceUID: received.sopInstanceUID,
            transferSyntaxUID: received.transferSyntax.rawValue, temporaryFile: received.temporaryFile,
            callingAETitle: received.callingAETitle))
      },
      events: { event in
        switch event {
        case .accepted(let a):
          status.associationOpened()
          logger.info("association accepted", metadata: ["calling": "\(a.callingAETitle)", "peer": "\(a.peerAddress)"])
        case .rejected(let calling, let called, let peer, let reason):
          metrics.associationsRejected.increment()
          logger.warning(
            "association rejected",
            metadata: ["calling": "\(calling)", "called": "\(called)", "peer": "\(peer)", "reason": "\(reason)"])
        case .released(let a, let instances):
          status.associationClosed()
          logger.info(
            "association released", metadata: ["calling": "\(a.callingAETitle)", "instances": "\(instances)"])
        case .aborted(let a, let instances, let reason):
          status.associationClosed()
          logger.warning(
            "association aborted",
            metadata: ["calling": "\(a.callingAETitle)", "instances": "\(instances)", "reason": "\(reason)"])
        case .storeFailed(let a, _, let code, let reason):
          // Out of resources before the intake ran (the temporary file could not be written):
          // say why in the words of the disk, not only the system call's.
          if code & 0xFF00 == 0xA700, !reason.hasPrefix("the handler answered"), let refusal = intake.refusal() {
            metrics.instancesRefused.increment()
            logger.error(
              "\(refusal)",
              metadata: [
                "calling": "\(a.callingAETitle)", "storage": "\(intake.storageDirectory.path)", "reason": "\(reason)",
              ])
            return
          }
          logger.warning(
            "C-STORE failed",
            metadata: [
              "calling": "\(a.callingAETitle)", "status": "\(String(format: "0x%04X", code))", "reason": "\(reason)",
            ])
        }
      })
    try scp.start()
    status.setDICOMPort(scp.port)
    logger.info(
      "DICOM listener ready",
      metadata: [
        "aeTitle": "\(configuration.aeTitle)", "address": "\(configuration.bindAddress)", "port": "\(scp.port)",
      ])
    try? await gracefulShutdown()
    // Stop accepting; associations in flight may finish for a moment, then are aborted.
    scp.stop(gracePeriod: grace)
    logger.info("DICOM listener stopped")
  }
}
