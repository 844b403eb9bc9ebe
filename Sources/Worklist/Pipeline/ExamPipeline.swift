import Classifier
import DICOM
import Foundation
import Logging
import Reports

/// The main job: classify every exam, compare with its report, write the results and store them.
///
/// Decoding of the next exam overlaps inference on the current one; at most two exams are in
/// memory at once, whatever the number of exams. Each exam is committed in one transaction after
/// its files are in place, so a run killed at any moment is finished by the next run with nothing
/// lost, duplicated or half-written.
public struct ExamPipeline: Sendable {
  public let model: DensityModel
  public let store: Store
  public let options: ProcessOptions
  public let logger: Logger

  public init(model: DensityModel, store: Store, options: ProcessOptions, logger: Logger) {
    self.model = model
    self.store = store
    self.options = options
    self.logger = logger
  }

  /// Processes `exams` with `reports`; `progress(done, total)` is called after each exam.
  public func run(
    exams: [Exam], reports: [Report], progress: @Sendable (Int, Int) -> Void = { _, _ in }
  ) async throws(StoreError) -> ProcessSummary {
    let started = DispatchTime.now().uptimeNanoseconds
    var summary = ProcessSummary()
    summary.exams = exams.count
    summary.outputDirectory = options.outputDirectory.path
    summary.database = store.path
    let paired = pair(exams: exams, reports: reports, summary: &summary)

    var todo = [Exam]()
    for exam in exams {
      if try store.hasResult(studyInstanceUID: exam.studyInstanceUID, modelSHA256: model.identity.sha256) {
        summary.alreadyDone += 1
      } else {
        todo.append(exam)
      }
    }
    logger.info(
      "processing exams",
      metadata: ["todo": "\(todo.count)", "done": "\(summary.alreadyDone)", "model": "\(model.identity)"])
    progress(0, todo.count)
    let p = model.card.preprocessing
    let maxDimension = options.decodeMaxDimension ?? 2 * max(p.inputHeight, p.inputWidth)
    let model = self.model
    try await prefetching(todo) { exam in
      PreparedExam(exam: exam, model: model, maxDimension: maxDimension)
    } consume: { (index, prepared) throws(StoreError) in
      try process(prepared, report: paired[prepared.exam.studyInstanceUID], summary: &summary)
      progress(index + 1, todo.count)
    }
    summary.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    return summary
  }

  private func process(_ prepared: PreparedExam, report: PairedReport?, summary: inout ProcessSummary)
    throws(StoreError)
  {
    let exam = prepared.exam
    let key = ResultLayout.examKey(exam)
    guard
      let classified = ExamClassification(
        prepared, model: model, report: report, options: options, generatedAt: Date())
    else {
      let reason = prepared.problems.isEmpty ? "no usable view" : prepared.problems.joined(separator: "; ")
      summary.failed.append("\(key): \(reason)")
      logger.warning("exam not classified", metadata: ["exam": "\(key)", "views": "\(prepared.problems.count)"])
      return
    }
    let layout = ResultLayout(root: options.outputDirectory, exam: exam, model: model.identity)
    let written: ResultLayout.Written
    do {
      written = try layout.write(
        classified, prepared: prepared, model: model, structuredReport: options.structuredReports)
    } catch {
      summary.failed.append("\(key): \(error)")
      logger.error("cannot write results", metadata: ["exam": "\(key)", "error": "\(error)"])
      return
    }
    let record = ExamRecord(
      exam: exam, model: model.identity, modelCard: String(decoding: model.card.encoded(), as: UTF8.self),
      report: report?.report, findings: classified.findings, document: written.document,
      jsonPath: written.json.path, srPath: written.structuredReport?.path,
      heatmapPaths: written.heatmaps.mapValues(\.path))
    try store.record(record)
    summary.processed += 1
    summary.inferenceSeconds += classified.inferenceSeconds
    if written.document.exam.status == "incomplete" { summary.incomplete += 1 }
    summary.agreement[written.document.agreement.status, default: 0] += 1
    if written.document.agreement.crossesDenseBoundary { summary.crossesDenseBoundary += 1 }
  }

  private func pair(exams: [Exam], reports: [Report], summary: inout ProcessSummary) -> [String: PairedReport] {
    let keys = exams.map {
      StudyKey(
        accession: $0.accessionNumber, patientID: $0.patientID, studyDate: $0.studyDate,
        studyInstanceUID: $0.studyInstanceUID)
    }
    let result = pairReports(reports, with: keys, rules: options.pairing)
    summary.unmatchedReports = result.unmatchedReports.count
    summary.ambiguousReports = result.ambiguous.count
    for ambiguity in result.ambiguous {
      logger.warning(
        "report matches several studies; left unpaired", metadata: ["source": "\(ambiguity.report.source)"])
    }
    var paired = [String: PairedReport]()
    for pair in result.pairs {
      paired[pair.study.studyInstanceUID] = PairedReport(report: pair.report, rule: pair.rule.rawValue)
    }
    return paired
  }
}

extension ExamPipeline {
  /// Rewrites `summary.csv` in the output folder from every stored result of this model.
  /// Returns its URL.
  @discardableResult
  public func writeSummaryCSV() throws -> URL {
    let decoder = JSONDecoder()
    let documents = try store.resultFiles(modelSHA256: model.identity.sha256).compactMap { path in
      (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap { try? decoder.decode(ExamResultDocument.self, from: $0) }
    }
    let url = options.outputDirectory.appendingPathComponent("summary.csv")
    try FileManager.default.createDirectory(at: options.outputDirectory, withIntermediateDirectories: true)
    try ResultLayout.atomicWrite(Data(resultSummaryCSV(documents).utf8), to: url)
    return url
  }
}
