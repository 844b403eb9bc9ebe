import Classifier
import DICOM
import Foundation
import Logging
import Reports
import ServiceLifecycle
import Worklist

/// `densa serve`: the DICOM listener, the HL7 listener, the completion and processing queues, the
/// outbox and the HTTP listener, run as one `ServiceGroup` and stopped together on SIGTERM.
///
/// Shutdown goes in reverse order of start: the listeners stop accepting first (an association in
/// flight gets a few seconds), then the completion queue, then the exam being processed is
/// finished (never half-stored: an exam is one transaction), then the outbox, then HTTP. All
/// queues live in SQLite, so a restart resumes each of them.
public struct DensaNode: Sendable {
  public let configuration: NodeConfiguration
  public let model: DensityModel
  public let store: Store
  public let options: ProcessOptions
  public let logger: Logger
  public let metrics = NodeMetrics()

  public init(
    configuration: NodeConfiguration, model: DensityModel, store: Store, options: ProcessOptions, logger: Logger
  ) {
    self.configuration = configuration
    self.model = model
    self.store = store
    var options = options
    options.supersedeExisting = true
    self.options = options
    self.logger = logger
  }

  /// Runs until SIGTERM or SIGINT. `onReady` is called once every listener is bound.
  public func run(onReady: @escaping @Sendable (NodeStatus) -> Void = { _ in }) async throws {
    let c = configuration
    let status = NodeStatus(
      expectDICOM: true, expectHL7: c.hl7Port != nil, expectHTTP: c.httpPort != nil, onReady: onReady)
    try FileManager.default.createDirectory(at: c.storageDirectory, withIntermediateDirectories: true)
    let incoming = c.storageDirectory.appendingPathComponent(".incoming")
    try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
    // Temporary files of a previous run were never acknowledged: the senders will send them again.
    for leftover in (try? FileManager.default.contentsOfDirectory(at: incoming, includingPropertiesForKeys: nil)) ?? []
    {
      try? FileManager.default.removeItem(at: leftover)
    }
    let resumed = try store.resumeInterruptedStudies()
    if resumed > 0 {
      logger.notice("resuming studies interrupted by the last stop", metadata: ["studies": "\(resumed)"])
    }

    let release = ResultRelease(sendNonClinicalResults: c.sendNonClinicalResults)
    if !(c.destinations.isEmpty && c.hl7Destinations.isEmpty) && !release.allows(model.card) {
      logger.notice(
        "results of this model are not sent to the configured destinations: its card says it is not for clinical use (set outbox.sendNonClinicalResults: true to send them anyway)",
        metadata: ["model": "\(model.identity)"])
    }
    let intake = InstanceIntake(
      store: store, storageDirectory: c.storageDirectory, minimumFreeBytes: c.minimumFreeBytes, metrics: metrics,
      logger: logger)
    let assembly = StudyAssembly()
    let pipeline = ExamPipeline(model: model, store: store, options: options, logger: logger)
    var services: [any Service] = []
    if let port = c.httpPort {
      if c.web.loginRequired && ((try? store.userCount()) ?? 0) == 0 {
        logger.warning(
          "the web listener requires login but no user exists: add one with densa user add NAME --role radiologist|qa|admin"
        )
      }
      let site = WebSite(
        store: store, model: model.identity, card: model.card, configuration: c.web, assets: try WebAssets.bundled())
      services.append(
        HTTPService(
          host: c.bindAddress, port: port, health: { [self] in health(status: status, intake: intake) },
          metrics: metrics, status: status, site: site, logger: logger))
    }
    let client = DICOMClient(
      callingAETitle: c.aeTitle,
      timeouts: .init(connect: c.acseTimeout, acse: c.acseTimeout, dimse: c.dimseTimeout))
    services.append(
      OutboxService(
        store: store, destinations: Dictionary(uniqueKeysWithValues: c.destinations.map { ($0.name, $0) }),
        send: { file, destination in
          let outcome = try client.store(
            [file], to: DICOMPeer(aeTitle: destination.aeTitle, host: destination.host, port: destination.port))
          guard let first = outcome.first, let status = first.status else {
            throw OutboxService.NoAnswer(reason: outcome.first?.problem ?? "no C-STORE response")
          }
          return status
        },
        hl7Destinations: Dictionary(uniqueKeysWithValues: c.hl7Destinations.map { ($0.name, $0) }),
        sendHL7: { [timeout = c.hl7AckTimeout] message, destination in
          try MLLPClient(timeout: timeout).exchange(message, host: destination.host, port: destination.port)
        },
        backoff: Backoff(initial: c.outboxInitialBackoff, maximum: c.outboxMaxBackoff),
        maxAttempts: c.outboxMaxAttempts,
        pollSeconds: c.pollSeconds, metrics: metrics, logger: logger))
    services.append(
      ProcessingService(
        store: store, pipeline: pipeline, assembly: assembly, release: release, destinations: c.destinations,
        hl7Destinations: c.hl7Destinations.map(\.name),
        maxAttempts: c.processingMaxAttempts, pollSeconds: c.pollSeconds, metrics: metrics, logger: logger))
    services.append(
      CompletionService(
        store: store, rule: CompletionRule(settleSeconds: c.settleSeconds, quietSeconds: c.quietSeconds),
        assembly: assembly, pollSeconds: c.pollSeconds, logger: logger))
    if let port = c.hl7Port {
      services.append(
        HL7Listener(
          host: c.bindAddress, port: port, maxMessageBytes: c.hl7MaxMessageBytes, allowedHosts: Set(c.hl7AllowedHosts),
          intake: HL7ReportIntake(
            store: store, pairing: options.pairing, allowedSenders: Set(c.hl7AllowedSenders), metrics: metrics,
            logger: logger), status: status, logger: logger))
    }
    services.append(
      StorageListener(
        configuration: scpConfiguration(temporaryDirectory: incoming), intake: intake, status: status,
        metrics: metrics, logger: logger, grace: 5))
    let group = ServiceGroup(
      configuration: .init(
        services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
        cancellationSignals: [], logger: logger))
    try await group.run()
  }

  private func scpConfiguration(temporaryDirectory: URL) -> StorageSCPConfiguration {
    let c = configuration
    return StorageSCPConfiguration(
      aeTitle: c.aeTitle, bindAddress: c.bindAddress, port: c.dicomPort,
      allowedCallingAETitles: Set(c.allowedCallingAETitles), allowedHosts: c.allowedHosts,
      maxAssociations: c.maxAssociations, maxPDU: c.maxPDU, acseTimeout: c.acseTimeout, dimseTimeout: c.dimseTimeout,
      idleTimeout: c.idleTimeout, temporaryDirectory: temporaryDirectory)
  }

  /// The `/health` answer now.
  func health(status: NodeStatus, intake: InstanceIntake) -> HealthReport {
    var problems = [String]()
    let free = DiskSpace.available(at: configuration.storageDirectory)
    let room = intake.hasRoom()
    if !room { problems.append("free disk below storage.minimumFreeBytes: stores are refused (A700)") }
    let studies = (try? store.studyQueueCounts()) ?? [:]
    let outbox = (try? store.outboxCounts()) ?? [:]
    if let dead = outbox[.dead], dead > 0 { problems.append("\(dead) outbox entries are dead (densa outbox)") }
    if status.dicomPort == nil { problems.append("DICOM listener not listening") }
    if configuration.hl7Port != nil && status.hl7Port == nil { problems.append("HL7 listener not listening") }
    return HealthReport(
      status: problems.isEmpty ? "ok" : "degraded",
      dicom: .init(
        listening: status.dicomPort != nil, port: status.dicomPort, aeTitle: configuration.aeTitle,
        openAssociations: status.openAssociations),
      hl7: .init(listening: status.hl7Port != nil, port: status.hl7Port),
      disk: .init(
        path: configuration.storageDirectory.path, freeBytes: free, minimumFreeBytes: configuration.minimumFreeBytes,
        acceptingStores: room),
      queues: .init(
        studies: Dictionary(uniqueKeysWithValues: studies.map { ($0.key.rawValue, $0.value) }),
        outbox: Dictionary(uniqueKeysWithValues: outbox.map { ($0.key.rawValue, $0.value) })),
      model: "\(model.identity)", problems: problems)
  }
}
