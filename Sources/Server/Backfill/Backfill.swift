import DICOM
import Dispatch
import Foundation
import Logging
import Worklist

/// `densa backfill`: finds the mammography studies of a period on a PACS (C-FIND, study level,
/// modality MG) and retrieves them (C-MOVE) to densa's own listener, a bounded number at a time so
/// the PACS is not flooded. The list of studies and each study's outcome are kept in SQLite, so an
/// interrupted backfill run again with the same arguments resumes where it stopped; the retrieved
/// studies are processed by `densa serve` like pushed ones.
public struct Backfill: Sendable {
  public let store: Store
  public let client: DICOMClient
  public let pacs: DICOMDestination
  /// The AE title the PACS moves the studies to: densa's own listener, known to the PACS.
  public let destinationAETitle: String
  /// C-MOVEs in flight at once.
  public let concurrency: Int
  /// Attempts per study before it is marked failed.
  public let maxAttempts: Int
  public let logger: Logger

  public init(
    store: Store, client: DICOMClient, pacs: DICOMDestination, destinationAETitle: String, concurrency: Int = 2,
    maxAttempts: Int = 3, logger: Logger
  ) {
    self.store = store
    self.client = client
    self.pacs = pacs
    self.destinationAETitle = destinationAETitle
    self.concurrency = max(1, concurrency)
    self.maxAttempts = maxAttempts
    self.logger = logger
  }

  /// Runs (or resumes) the backfill of `from`…`to` (YYYYMMDD); `progress` is called after the query
  /// and after each study.
  public func run(
    from: String, to: String, progress: @escaping @Sendable (BackfillProgress) -> Void = { _ in }
  ) async throws -> BackfillProgress {
    let peer = DICOMPeer(aeTitle: pacs.aeTitle, host: pacs.host, port: pacs.port)
    let job = try store.backfillJob(pacs: pacs.name, from: from, to: to)
    if !job.queried {
      let client = self.client
      let matches = try await blocking {
        try client.findStudies(on: peer, query: StudyQuery(modality: "MG", studyDateFrom: from, studyDateTo: to))
      }
      try store.addBackfillStudies(matches.map(\.studyInstanceUID), job: job.id)
      logger.info("backfill: studies found", metadata: ["pacs": "\(pacs.name)", "studies": "\(matches.count)"])
    }
    progress(try store.backfillProgress(job: job.id))
    let pending = try store.pendingBackfillStudies(job: job.id)
    let store = self.store
    let client = self.client
    let destination = destinationAETitle
    let maxAttempts = self.maxAttempts
    let logger = self.logger
    try await withThrowingTaskGroup(of: Void.self) { group in
      var next = pending.makeIterator()
      func add() -> Bool {
        guard let study = next.next() else { return false }
        group.addTask {
          var retrieved = false
          var count = 0
          var failure: String? = nil
          do {
            let outcome = try await blocking { try client.moveStudy(study, from: peer, to: destination) }
            count = outcome.completed
            retrieved = outcome.failed == 0 && outcome.completed > 0
            if !retrieved { failure = "C-MOVE: \(outcome.completed) completed, \(outcome.failed) failed" }
          } catch {
            failure = "\(error)"
          }
          if let failure { logger.warning("backfill: study not retrieved", metadata: ["error": "\(failure)"]) }
          try store.recordBackfillMove(
            job: job.id, study: study, retrieved: retrieved, instances: count, error: failure, maxAttempts: maxAttempts)
          progress(try store.backfillProgress(job: job.id))
        }
        return true
      }
      for _ in 0..<concurrency where add() {}
      while try await group.next() != nil { _ = add() }
    }
    return try store.backfillProgress(job: job.id)
  }
}

/// Runs a blocking call (DCMTK's network I/O) on a thread of its own instead of the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread.detachNewThread {
      continuation.resume(with: Result { try body() })
    }
  }
}
