import Prometheus

/// The node's Prometheus metrics, served at `/metrics`.
public final class NodeMetrics: Sendable {
  public let registry = PrometheusCollectorRegistry()
  public let instancesReceived: Counter
  public let instancesDuplicate: Counter
  public let instancesConflicting: Counter
  public let instancesRefused: Counter
  public let associationsRejected: Counter
  public let examsProcessed: Counter
  public let examsFailed: Counter
  public let outboxSent: Counter
  public let outboxFailures: Counter
  public let outboxDepth: Gauge
  public let outboxDead: Gauge
  public let hl7Messages: Counter
  public let hl7Rejected: Counter
  /// Seconds from a study's last image to its stored result.
  public let processingLatency: ValueHistogram

  public init() {
    let r = registry
    instancesReceived = r.makeCounter(
      name: "densa_instances_received_total", help: "DICOM instances stored (new SOP Instance UIDs).")
    instancesDuplicate = r.makeCounter(
      name: "densa_instances_duplicate_total", help: "Instances received again with the same bytes (not stored twice).")
    instancesConflicting = r.makeCounter(
      name: "densa_instances_conflict_total", help: "Instances received again with other bytes (kept as conflicts).")
    instancesRefused = r.makeCounter(
      name: "densa_instances_refused_total", help: "C-STOREs answered with a failure status.")
    associationsRejected = r.makeCounter(
      name: "densa_associations_rejected_total", help: "DICOM associations rejected (unknown peer, full pool).")
    examsProcessed = r.makeCounter(name: "densa_exams_processed_total", help: "Exams classified and stored.")
    examsFailed = r.makeCounter(name: "densa_exams_failed_total", help: "Exam processing attempts that failed.")
    outboxSent = r.makeCounter(name: "densa_outbox_sent_total", help: "Results acknowledged by a destination.")
    outboxFailures = r.makeCounter(name: "densa_outbox_failures_total", help: "Failed attempts to send a result.")
    outboxDepth = r.makeGauge(name: "densa_outbox_depth", help: "Results waiting to be sent.")
    outboxDead = r.makeGauge(name: "densa_outbox_dead", help: "Results that gave up after every attempt.")
    hl7Messages = r.makeCounter(name: "densa_hl7_messages_total", help: "HL7 messages accepted (AA).")
    hl7Rejected = r.makeCounter(name: "densa_hl7_rejected_total", help: "HL7 messages answered AE or AR.")
    processingLatency = r.makeValueHistogram(
      name: "densa_processing_latency_seconds", buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      help: "Seconds from a study's last image to its stored result.")
  }

  /// The metrics in Prometheus' text exposition format.
  public func exposition() -> String { registry.emitToString() }
}
