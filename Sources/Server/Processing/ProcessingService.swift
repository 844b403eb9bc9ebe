import DICOM
import Foundation
import Logging
import Reports
import ServiceLifecycle
import Worklist

/// Classifies ready studies one at a time with the same pipeline as `densa process`, then queues
/// each result for the configured destinations.
///
/// A study whose images changed after it was processed is classified again and the new result
/// supersedes the old one (new SR naming its predecessor). After a crash a study left
/// `processing` is taken up again; if its result was already committed for exactly these images
/// it is not classified twice.
struct ProcessingService: Service {
  let store: Store
  let pipeline: ExamPipeline
  let assembly: StudyAssembly
  let release: ResultRelease
  let destinations: [DICOMDestination]
  /// Names of `hl7.destinations`: each gets the result's ORU^R01 (outbox kind `oru`).
  var hl7Destinations: [String] = []
  let maxAttempts: Int
  let pollSeconds: Double
  let metrics: NodeMetrics
  let logger: Logger

  func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      var worked = false
      do {
        // The exam in progress is finished before a shutdown takes effect (at most one exam).
        if let study = try store.claimReadyStudy(at: Date().timeIntervalSince1970) {
          worked = true
          await process(study)
        }
      } catch {
        logger.error("processing queue: store error", metadata: ["error": "\(error)"])
      }
      if !worked { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pollSeconds)) } }
    }
  }

  func process(_ study: QueuedStudy) async {
    let started = Date().timeIntervalSince1970
    let uid = study.studyInstanceUID
    do {
      let instances = try store.instances(studyInstanceUID: uid)
      guard let exam = assembly.exam(of: instances) else {
        try store.finishStudy(uid, startedAt: started, state: .notClassified, error: "no usable mammogram")
        return
      }
      let recorded = try store.recordedImageUIDs(studyInstanceUID: uid)
      let current = try store.currentResult(studyInstanceUID: uid, modelKey: pipeline.model.identity.key)
      let upToDate = current != nil && Set(exam.images.map(\.mammogram.sopInstanceUID)).isSubset(of: recorded)
      if !upToDate {
        let key = StudyKey(
          accession: exam.accessionNumber, patientID: exam.patientID, studyDate: exam.studyDate,
          studyInstanceUID: exam.studyInstanceUID)
        let reports = try store.currentReports(near: [key])
        let summary = try await pipeline.run(exams: [exam], reports: reports)
        if let failure = summary.failed.first {
          metrics.examsFailed.increment()
          let final = study.attempts >= maxAttempts
          try store.finishStudy(uid, startedAt: started, state: final ? .failed : .ready, error: failure)
          logger.error("exam not processed", metadata: ["attempt": "\(study.attempts)", "final": "\(final)"])
          if !final { try? await Task.sleep(for: .seconds(1)) }
          return
        }
        metrics.examsProcessed.increment()
        metrics.processingLatency.record(Date().timeIntervalSince1970 - study.lastReceived)
      }
      try enqueueResult(of: uid)
      assembly.forget(instances)
      try store.finishStudy(uid, startedAt: started, state: .done)
      logger.info(
        "exam processed",
        metadata: ["views": "\(exam.views.count)", "status": "\(exam.status.rawValue)", "rerun": "\(current != nil)"])
    } catch {
      metrics.examsFailed.increment()
      logger.error("exam processing failed", metadata: ["error": "\(error)"])
      try? store.finishStudy(
        uid, startedAt: started, state: study.attempts >= maxAttempts ? .failed : .ready, error: "\(error)")
      try? await Task.sleep(for: .seconds(1))
    }
  }

  /// Queues the current SR of the study and the scorecard written beside it for every DICOM
  /// destination, and its ORU^R01 for every HL7
  /// destination, when the model's results may be sent.
  private func enqueueResult(of uid: String) throws(StoreError) {
    guard !destinations.isEmpty || !hl7Destinations.isEmpty, release.allows(pipeline.model.card) else { return }
    guard let result = try store.currentResult(studyInstanceUID: uid, modelKey: pipeline.model.identity.key),
      let sr = result.structuredReport, let path = result.srPath
    else { return }
    let now = Date().timeIntervalSince1970
    try store.enqueue(
      sopInstanceUID: sr.sopInstanceUID, studyInstanceUID: uid, path: path, kind: "sr",
      destinations: destinations.map(\.name), at: now)
    // The message belongs to the same result revision as the SR, so the SR's UID keys it.
    let message = URL(fileURLWithPath: result.jsonPath).deletingLastPathComponent()
      .appendingPathComponent(ResultMessage.fileName)
    try store.enqueue(
      sopInstanceUID: sr.sopInstanceUID, studyInstanceUID: uid, path: message.path, kind: "oru",
      destinations: hl7Destinations, at: now)
    // The scorecard's file and UID are in the result's JSON (the store keeps only the SR's).
    guard let json = try? Data(contentsOf: URL(fileURLWithPath: result.jsonPath)),
      let scorecard = try? JSONDecoder().decode(ExamResultDocument.self, from: json).scorecard
    else { return }
    let scorecardPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(scorecard.file)
    try store.enqueue(
      sopInstanceUID: scorecard.sopInstanceUID, studyInstanceUID: uid, path: scorecardPath.path, kind: "scorecard",
      destinations: destinations.map(\.name), at: now)
  }
}
