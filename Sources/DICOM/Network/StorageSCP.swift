import CDCMTK
import Foundation
import Synchronization

/// densa's Storage SCP (with C-ECHO), over DCMTK's dcmnet through the C shim.
///
/// Each TCP connection gets its own thread, which negotiates the association and serves its
/// commands. A received instance is written to a temporary Part 10 file in the transfer syntax it
/// arrived in and fsynced; then `handler` is called synchronously on that thread and its return
/// value is the C-STORE status sent back. The handler must answer
/// ``DIMSEStatus/success`` only once the instance is durable; a thrown error answers
/// ``DIMSEStatus/outOfResources`` (the sender retries later) and is reported as a
/// ``AssociationEvent/storeFailed(_:sopInstanceUID:status:reason:)`` event. Handlers run
/// concurrently, one per association.
public final class StorageSCP: Sendable {
  /// The settings it was created with.
  public let configuration: StorageSCPConfiguration
  private let callbacks: Callbacks
  private let state = Mutex<State>(State())

  private struct State: ~Copyable {
    var handle: Handle?
    var port = 0
  }

  /// The shim's SCP; only `start` and `stop` touch it, under `state`'s lock.
  private struct Handle: @unchecked Sendable {
    let pointer: OpaquePointer
  }

  /// Holds the closures the shim's threads call, for as long as the SCP runs.
  private final class Callbacks: Sendable {
    let handler: @Sendable (ReceivedInstance) throws -> UInt16
    let events: @Sendable (AssociationEvent) -> Void
    init(
      handler: @escaping @Sendable (ReceivedInstance) throws -> UInt16,
      events: @escaping @Sendable (AssociationEvent) -> Void
    ) {
      self.handler = handler
      self.events = events
    }
  }

  /// - Parameters:
  ///   - handler: called for every instance received; returns the C-STORE status to send.
  ///   - events: called for every association accepted, refused, released or aborted, and every
  ///     failed store; from the SCP's threads, so it must not block for long.
  public init(
    configuration: StorageSCPConfiguration, handler: @escaping @Sendable (ReceivedInstance) throws -> UInt16,
    events: @escaping @Sendable (AssociationEvent) -> Void = { _ in }
  ) {
    self.configuration = configuration
    self.callbacks = Callbacks(handler: handler, events: events)
  }

  deinit { stop(gracePeriod: 0) }

  /// How errors name this SCP.
  private var name: String { "\(configuration.aeTitle) on \(configuration.bindAddress):\(configuration.port)" }

  /// Binds and starts accepting associations. Throws if the configuration is unusable or the
  /// address cannot be bound; does nothing if already started.
  public func start() throws(DICOMNetworkError) {
    let c = configuration
    if let problem = c.problem() { throw DICOMNetworkError(peer: name, .invalidArgument(problem)) }
    let result: Result<Void, DICOMNetworkError> = state.withLock { state in
      if state.handle != nil { return .success(()) }
      let allowed = CStringArray(Array(c.allowedCallingAETitles))
      let pairs = c.allowedHosts.flatMap { ae, hosts in hosts.map { (ae, $0) } }
      let hostAE = CStringArray(pairs.map(\.0))
      let hostAddress = CStringArray(pairs.map(\.1))
      let sopClasses = CStringArray(c.sopClasses)
      let syntaxes = CStringArray(c.transferSyntaxes.map(\.rawValue))
      var error = [CChar](repeating: 0, count: 512)
      let context = Unmanaged.passUnretained(callbacks).toOpaque()
      let pointer: OpaquePointer? = c.aeTitle.withCString { ae in
        c.bindAddress.withCString { bind in
          c.temporaryDirectory.path.withCString { directory in
            allowed.pointers.withUnsafeBufferPointer { allowedPointers in
              hostAE.pointers.withUnsafeBufferPointer { hostAEPointers in
                hostAddress.pointers.withUnsafeBufferPointer { hostAddressPointers in
                  sopClasses.pointers.withUnsafeBufferPointer { sopPointers in
                    syntaxes.pointers.withUnsafeBufferPointer { syntaxPointers in
                      var config = densa_scp_config()
                      config.ae_title = ae
                      config.bind_address = bind
                      config.port = Int32(c.port)
                      config.allowed_calling_ae = allowedPointers.baseAddress
                      config.allowed_calling_ae_count = allowed.count
                      config.allowed_host_ae = hostAEPointers.baseAddress
                      config.allowed_host_address = hostAddressPointers.baseAddress
                      config.allowed_host_count = pairs.count
                      config.sop_classes = sopPointers.baseAddress
                      config.sop_class_count = sopClasses.count
                      config.transfer_syntaxes = syntaxPointers.baseAddress
                      config.transfer_syntax_count = syntaxes.count
                      config.max_associations = Int32(c.maxAssociations)
                      config.max_pdu = UInt32(c.maxPDU)
                      config.acse_timeout = Int32(c.acseTimeout)
                      config.dimse_timeout = Int32(c.dimseTimeout)
                      config.idle_timeout = Int32(c.idleTimeout)
                      config.temporary_directory = directory
                      config.context = context
                      config.on_store = { context, instance, reason, reasonLength in
                        StorageSCP.store(context, instance, reason, reasonLength)
                      }
                      config.on_event = { context, event in StorageSCP.event(context, event) }
                      return densa_scp_start(&config, &error, error.count)
                    }
                  }
                }
              }
            }
          }
        }
      }
      guard let pointer else { return .failure(DICOMNetworkError(peer: name, .cannotListen(String(cBuffer: error)))) }
      state.handle = Handle(pointer: pointer)
      state.port = Int(densa_scp_port(pointer))
      return .success(())
    }
    try result.get()
  }

  /// The port actually bound (the configured one, or the free one picked for port 0); 0 when not
  /// running.
  public var port: Int { state.withLock { $0.port } }

  /// Whether the SCP is accepting associations.
  public var isRunning: Bool { state.withLock { $0.handle != nil } }

  /// Associations negotiated and not yet ended.
  public var activeAssociations: Int {
    state.withLock { state in state.handle.map { Int(densa_scp_active_associations($0.pointer)) } ?? 0 }
  }

  /// Stops accepting (new connections are refused at once), lets associations in progress go on
  /// for up to `gracePeriod` seconds, aborts those still open, and returns when every association
  /// thread has ended (a handler already running is waited for). No callback runs after it
  /// returns. Does nothing if not running. It waits for the SCP's threads, so it must not be called
  /// from `handler` or `events` (nor may they drop the last reference to the SCP).
  public func stop(gracePeriod: Double = 10) {
    let handle = state.withLock { state -> Handle? in
      defer {
        state.handle = nil
        state.port = 0
      }
      return state.handle
    }
    guard let handle else { return }
    densa_scp_stop(handle.pointer, gracePeriod)
    densa_scp_free(handle.pointer)
  }

  // MARK: - From the shim's threads

  private static func callbacks(_ context: UnsafeMutableRawPointer?) -> Callbacks {
    Unmanaged<Callbacks>.fromOpaque(context!).takeUnretainedValue()
  }

  private static func store(
    _ context: UnsafeMutableRawPointer?, _ instance: UnsafePointer<densa_scp_instance>?,
    _ reason: UnsafeMutablePointer<CChar>?, _ reasonLength: Int
  ) -> UInt16 {
    let i = instance!.pointee
    func say(_ text: String) {
      guard let reason, reasonLength > 0 else { return }
      let bytes = Array(text.utf8.prefix(reasonLength - 1))
      for (n, b) in bytes.enumerated() { reason[n] = CChar(bitPattern: b) }
      reason[bytes.count] = 0
    }
    let syntaxUID = String(cString: i.transfer_syntax_uid)
    guard let syntax = TransferSyntax(rawValue: syntaxUID) else {
      say("transfer syntax \(syntaxUID) is not one densa reads")
      return DIMSEStatus.cannotUnderstand
    }
    let received = ReceivedInstance(
      sopClassUID: String(cString: i.sop_class_uid), sopInstanceUID: String(cString: i.sop_instance_uid),
      transferSyntax: syntax, temporaryFile: URL(fileURLWithPath: String(cString: i.path)),
      callingAETitle: String(cString: i.calling_ae), calledAETitle: String(cString: i.called_ae),
      peerAddress: String(cString: i.peer_address), associationID: i.association_id)
    do {
      return try callbacks(context).handler(received)
    } catch {
      say("\(error)")
      return DIMSEStatus.outOfResources
    }
  }

  private static func event(_ context: UnsafeMutableRawPointer?, _ event: UnsafePointer<densa_scp_event>?) {
    let e = event!.pointee
    let calling = String(cString: e.calling_ae)
    let called = String(cString: e.called_ae)
    let peer = String(cString: e.peer_address)
    let detail = String(cString: e.detail)
    let info = AssociationInfo(id: e.association_id, callingAETitle: calling, calledAETitle: called, peerAddress: peer)
    let converted: AssociationEvent
    switch e.kind {
    case DENSA_SCP_EVENT_ACCEPTED:
      converted = .accepted(info)
    case DENSA_SCP_EVENT_RELEASED:
      converted = .released(info, instances: Int(e.instances))
    case DENSA_SCP_EVENT_ABORTED:
      converted = .aborted(info, instances: Int(e.instances), reason: detail)
    case DENSA_SCP_EVENT_STORE_FAILED:
      converted = .storeFailed(
        info, sopInstanceUID: String(cString: e.sop_instance_uid), status: e.status, reason: detail)
    default:
      let kind: AssociationRejection.Kind
      switch e.reason {
      case DENSA_SCP_REJECT_CALLING_AE: kind = .callingAETitleNotAllowed
      case DENSA_SCP_REJECT_CALLED_AE: kind = .calledAETitleNotRecognized
      case DENSA_SCP_REJECT_HOST: kind = .hostNotAllowed
      case DENSA_SCP_REJECT_TOO_MANY: kind = .tooManyAssociations
      case DENSA_SCP_REJECT_TOO_MANY_CONNECTIONS: kind = .tooManyConnections
      case DENSA_SCP_REJECT_NO_CONTEXT: kind = .noAcceptablePresentationContext
      case DENSA_SCP_REJECT_APPLICATION_CONTEXT: kind = .applicationContextNotSupported
      case DENSA_SCP_REJECT_STOPPING: kind = .stopping
      default: kind = .noAssociationRequest
      }
      converted = .rejected(
        callingAETitle: calling, calledAETitle: called, peerAddress: peer,
        reason: AssociationRejection(kind: kind, detail: detail))
    }
    callbacks(context).events(converted)
  }
}
