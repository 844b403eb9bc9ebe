import Foundation
import Logging
import ServiceLifecycle
import Worklist

/// Sends queued results to their destinations: DICOM objects by C-STORE, HL7 result messages
/// (kind `oru`) over MLLP.
///
/// An entry becomes `sent` only when the peer answered a success status; any other answer, or no
/// answer, is a failed attempt, retried with exponential backoff until the configured number of
/// attempts, then `dead` (`densa outbox retry` brings it back). The queue is in SQLite, so it
/// survives restarts; an entry is queued once per destination, so a result sent successfully is
/// never sent to that destination again. An HL7 message counts as sent only on an ACK with MSA-1
/// AA (or CA) for its own control ID; AE, AR, another control ID or no ACK is a failed attempt.
struct OutboxService: Service {
  /// Sends one file to one destination; returns the peer's DIMSE status.
  typealias Sender = @Sendable (URL, DICOMDestination) throws -> UInt16
  /// Sends one HL7 message (already addressed) to one destination; returns the ACK's bytes.
  typealias HL7Sender = @Sendable (String, HL7Destination) throws -> [UInt8]

  let store: Store
  let destinations: [String: DICOMDestination]
  let send: Sender
  var hl7Destinations: [String: HL7Destination] = [:]
  var sendHL7: HL7Sender = { _, _ in throw NoAnswer(reason: "no HL7 sender") }
  let backoff: Backoff
  let maxAttempts: Int
  let pollSeconds: Double
  let metrics: NodeMetrics
  let logger: Logger

  /// A send that got no status from the peer.
  struct NoAnswer: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
  }

  /// Success, and the warnings that mean the object was stored (PS3.4 B.2.3).
  static func isSuccess(_ status: UInt16) -> Bool { [0x0000, 0xB000, 0xB006, 0xB007].contains(status) }

  func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      var sent = 0
      do { sent = try drainDue(now: Date().timeIntervalSince1970) } catch {
        logger.error("outbox: store error", metadata: ["error": "\(error)"])
      }
      updateGauges()
      if sent == 0 { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pollSeconds)) } }
    }
  }

  /// Attempts every entry that is due; returns how many attempts were made.
  func drainDue(now: Double) throws(StoreError) -> Int {
    let due = try store.dueOutboxItems(at: now)
    for item in due {
      if Task.isShuttingDownGracefully { break }
      attempt(item)
    }
    return due.count
  }

  private func attempt(_ item: OutboxItem) {
    if item.kind == "oru" { return attemptHL7(item) }
    let now = { Date().timeIntervalSince1970 }
    guard let destination = destinations[item.destination] else {
      try? store.markFailed(
        item.id, status: nil, error: "destination '\(item.destination)' is no longer configured",
        retryAfter: backoff.delay(afterAttempt: item.attempts + 1), maxAttempts: maxAttempts, at: now())
      return
    }
    guard FileManager.default.fileExists(atPath: item.path) else {
      try? store.markFailed(
        item.id, status: nil, error: "file missing: \(item.path)", retryAfter: backoff.maximum, maxAttempts: 1,
        at: now())
      logger.error("outbox: result file missing; entry is dead", metadata: ["entry": "\(item.id)"])
      return
    }
    do {
      let status = try send(URL(fileURLWithPath: item.path), destination)
      if Self.isSuccess(status) {
        try store.markSent(item.id, status: status, at: now())
        metrics.outboxSent.increment()
        logger.info("result sent", metadata: ["entry": "\(item.id)", "destination": "\(item.destination)"])
      } else {
        fail(item, status: status, error: String(format: "peer answered status 0x%04X", status))
      }
    } catch {
      fail(item, status: nil, error: "\(error)")
    }
  }

  /// Addresses the stored message to the destination, sends it and reads its ACK.
  private func attemptHL7(_ item: OutboxItem) {
    let now = Date().timeIntervalSince1970
    guard let destination = hl7Destinations[item.destination] else {
      try? store.markFailed(
        item.id, answer: nil, error: "HL7 destination '\(item.destination)' is no longer configured",
        retryAfter: backoff.delay(afterAttempt: item.attempts + 1), maxAttempts: maxAttempts, at: now)
      return
    }
    guard let data = FileManager.default.contents(atPath: item.path) else {
      try? store.markFailed(
        item.id, answer: nil, error: "file missing: \(item.path)", retryAfter: backoff.maximum, maxAttempts: 1, at: now)
      logger.error("outbox: result message missing; entry is dead", metadata: ["entry": "\(item.id)"])
      return
    }
    let message = ResultMessage.addressed(
      String(decoding: data, as: UTF8.self), to: destination.receivingApplication,
      facility: destination.receivingFacility, destination: destination.name)
    let controlID = ResultMessage.controlID(of: message)
    do {
      let reply = try sendHL7(message, destination)
      guard let answer = HL7Answer(bytes: reply) else {
        return fail(item, answer: nil, error: "the answer is not an HL7 acknowledgment")
      }
      if answer.accepts(controlID: controlID) {
        try store.markSent(item.id, answer: answer.code, at: Date().timeIntervalSince1970)
        metrics.outboxSent.increment()
        logger.info("result message sent", metadata: ["entry": "\(item.id)", "destination": "\(item.destination)"])
      } else if answer.controlID != controlID {
        fail(item, answer: answer.code, error: "acknowledgment is for another message (MSA-2 \(answer.controlID))")
      } else {
        fail(
          item, answer: answer.code,
          error: "receiver answered \(answer.code)\(answer.text.isEmpty ? "" : ": " + answer.text)")
      }
    } catch {
      fail(item, answer: nil, error: "\(error)")
    }
  }

  private func fail(_ item: OutboxItem, status: UInt16?, error: String) {
    fail(item, answer: status.map { String(format: "0x%04X", $0) }, error: error)
  }

  private func fail(_ item: OutboxItem, answer: String?, error: String) {
    metrics.outboxFailures.increment()
    let delay = backoff.delay(afterAttempt: item.attempts + 1)
    try? store.markFailed(
      item.id, answer: answer, error: error, retryAfter: delay, maxAttempts: maxAttempts,
      at: Date().timeIntervalSince1970)
    logger.warning(
      "result not sent; will retry",
      metadata: [
        "entry": "\(item.id)", "destination": "\(item.destination)", "attempt": "\(item.attempts + 1)",
        "retryIn": "\(delay)", "error": "\(error)",
      ])
  }

  private func updateGauges() {
    guard let counts = try? store.outboxCounts() else { return }
    metrics.outboxDepth.set(Double(counts[.pending] ?? 0))
    metrics.outboxDead.set(Double(counts[.dead] ?? 0))
  }
}
