import Foundation
import Logging
import ServiceLifecycle
import Worklist

/// Watches studies that are receiving images and moves each to `ready` when the completion rule
/// says so (or to `not-classified`). State lives in SQLite, so a restart resumes it.
struct CompletionService: Service {
  let store: Store
  let rule: CompletionRule
  let assembly: StudyAssembly
  let pollSeconds: Double
  let logger: Logger

  func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      do { try step(now: Date().timeIntervalSince1970) } catch {
        logger.error("completion queue: store error", metadata: ["error": "\(error)"])
      }
      try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pollSeconds)) }
    }
  }

  /// One look at every receiving study.
  func step(now: Double) throws(StoreError) {
    for study in try store.queuedStudies(.receiving) {
      let instances = try store.instances(studyInstanceUID: study.studyInstanceUID)
      let exam = assembly.exam(of: instances)
      switch rule.decide(exam: exam, idle: now - study.lastReceived) {
      case .wait: continue
      case .process(let complete):
        if try store.markStudyReady(study.studyInstanceUID, seenLastReceived: study.lastReceived) {
          logger.info(
            "study ready", metadata: ["images": "\(instances.count)", "complete": "\(complete)"])
        }
      case .notClassifiable:
        try store.finishStudy(
          study.studyInstanceUID, startedAt: study.lastReceived, state: .notClassified,
          error: "no mammogram with a standard view (stored, not classified)")
        assembly.forget(instances)
        logger.info("study stored without classification", metadata: ["images": "\(instances.count)"])
      }
    }
  }
}
