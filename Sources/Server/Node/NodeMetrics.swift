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
    func d(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
      MetricNameDescriptor(namespace: "densa", metricName: name, unitName: unit, helpText: help)
    }
    instancesReceived = r.makeCounter(
      descriptor: d("instances_received", "total", "DICOM instances stored (new SOP Instance UIDs)."))
    instancesDuplicate = r.makeCounter(
      descriptor: d("instances_duplicate", "total", "Instances received again with the same bytes (not stored twice)."))
    instancesConflicting = r.makeCounter(
      descriptor: d("instances_conflict", "total", "Instances received again with other bytes (kept as conflicts)."))
    instancesRefused = r.makeCounter(
      descriptor: d("instances_refused", "total", "C-STOREs answered with a failure status."))
    associationsRejected = r.makeCounter(
      descriptor: d("associations_rejected", "total", "DICOM associations rejected (unknown peer, full pool)."))
    examsProcessed = r.makeCounter(descriptor: d("exams_processed", "total", "Exams classified and stored."))
    examsFailed = r.makeCounter(descriptor: d("exams_failed", "total", "Exam processing attempts that failed."))
    outboxSent = r.makeCounter(descriptor: d("outbox_sent", "total", "Results acknowledged by a destination."))
    outboxFailures = r.makeCounter(descriptor: d("outbox_failures", "total", "Failed attempts to send a result."))
    outboxDepth = r.makeGauge(descriptor: d("outbox_depth", "", "Results waiting to be sent."))
    outboxDead = r.makeGauge(descriptor: d("outbox_dead", "", "Results that gave up after every attempt."))
    hl7Messages = r.makeCounter(descriptor: d("hl7_messages", "total", "HL7 messages accepted (AA)."))
    hl7Rejected = r.makeCounter(descriptor: d("hl7_rejected", "total", "HL7 messages answered AE or AR."))
    processingLatency = r.makeValueHistogram(
      descriptor: d("processing_latency", "seconds", "Seconds from a study's last image to its stored result."),
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600])
  }

  /// The metrics in Prometheus' text exposition format.
  public func exposition() -> String { registry.emitToString() }
}
