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
    var previous = [String: PreviousResult]()
    for exam in exams {
      if let earlier = try store.currentResult(studyInstanceUID: exam.studyInstanceUID, modelKey: model.identity.key) {
        guard options.supersedeExisting else {
          summary.alreadyDone += 1
          continue
        }
        previous[exam.studyInstanceUID] = earlier
      }
      todo.append(exam)
    }
    logger.info(
      "processing exams",
      metadata: ["todo": "\(todo.count)", "done": "\(summary.alreadyDone)", "model": "\(model.identity)"])
    progress(0, todo.count)
    let p = model.card.preprocessing
    let maxDimension = options.decodeMaxDimension ?? 2 * max(p.inputHeight, p.inputWidth)
    let model = self.model
    // Three stages: decoding the next exam and writing the previous one overlap inference on the
    // current one. Writes stay in order, so at most three exams are in memory.
    var pendingWrite: Task<Outcome, Never>? = nil
    try await prefetching(todo) { exam in
      PreparedExam(exam: exam, model: model, maxDimension: maxDimension, budget: options.pixelBudget)
    } consume: { (index, prepared) throws(StoreError) in
      let report = paired[prepared.exam.studyInstanceUID]
      var classified = ExamClassification(
        prepared, model: model, report: report, options: options, generatedAt: Date())
      if let previous = pendingWrite { try apply(await previous.value, to: &summary) }
      // The previous exam is committed by now, so a prior processed in this very run is found.
      if classified != nil {
        let e = prepared.exam
        let stored = try store.priorExam(patientID: e.patientID, before: e.studyDate, excluding: e.studyInstanceUID)
        classified?.comparePrior(with: stored)
      }
      let toWrite = classified
      let earlier = previous[prepared.exam.studyInstanceUID]
      pendingWrite = Task.detached { [self] in
        write(toWrite, prepared: prepared, report: report, superseding: earlier)
      }
      progress(index + 1, todo.count)
    }
    if let last = pendingWrite { try apply(await last.value, to: &summary) }
    summary.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    return summary
  }

  /// What happened to one exam once written.
  enum Outcome: Sendable {
    case stored(ExamResultDocument, inferenceSeconds: Double, decodeSeconds: Double, writeSeconds: Double)
    case failed(String)
    case storeFailed(StoreError)
  }

  private func apply(_ outcome: Outcome, to summary: inout ProcessSummary) throws(StoreError) {
    switch outcome {
    case .storeFailed(let error): throw error
    case .failed(let line): summary.failed.append(line)
    case .stored(let document, let inference, let decode, let write):
      summary.processed += 1
      summary.inferenceSeconds += inference
      summary.decodeSeconds += decode
      summary.writeSeconds += write
      if document.exam.status == "incomplete" { summary.incomplete += 1 }
      summary.agreement[document.agreement.status, default: 0] += 1
      if document.agreement.crossesDenseBoundary { summary.crossesDenseBoundary += 1 }
      if document.uncertainty?.uncertain == true { summary.uncertain += 1 }
    }
  }

  /// Writes an exam's files, then commits it in one transaction.
  private func write(
    _ classified: ExamClassification?, prepared: PreparedExam, report: PairedReport?,
    superseding earlier: PreviousResult?
  ) -> Outcome {
    let exam = prepared.exam
    let key = ResultLayout.examKey(exam)
    let start = DispatchTime.now().uptimeNanoseconds
    guard let classified else {
      let limitations = AssessmentLimitation.of(exam, classified: [])
      if limitations.contains(.nonStandardViewsOnly) {
        // No screening view: the result says so, coded, though there is no density to store.
        do {
          try NotAssessedResult.write(
            exam: exam, limitations: limitations, model: model, options: options, generatedAt: Date())
        } catch {
          logger.error("cannot write results", metadata: ["exam": "\(key)", "error": "\(error)"])
        }
        logger.warning("exam not assessed", metadata: ["exam": "\(key)", "reason": "non-standard views only"])
        return .failed("\(key): not assessed: non-standard views only (no CC or MLO screening view)")
      }
      let reason = prepared.problems.isEmpty ? "no usable view" : prepared.problems.joined(separator: "; ")
      logger.warning("exam not classified", metadata: ["exam": "\(key)", "views": "\(prepared.problems.count)"])
      return .failed("\(key): \(reason)")
    }
    let revision = (earlier?.revision ?? 0) + 1
    let layout = ResultLayout(root: options.outputDirectory, exam: exam, model: model.identity, revision: revision)
    let written: ResultLayout.Written
    do {
      written = try layout.write(
        classified, prepared: prepared, model: model, structuredReport: options.structuredReports,
        revision: revision, predecessors: earlier?.structuredReport.map { [$0] } ?? [])
    } catch {
      logger.error("cannot write results", metadata: ["exam": "\(key)", "error": "\(error)"])
      return .failed("\(key): \(error)")
    }
    let record = ExamRecord(
      exam: exam, model: model.identity, modelCard: String(decoding: model.card.encoded(), as: UTF8.self),
      report: report?.report, findings: classified.findings, document: written.document,
      jsonPath: written.json.path, srPath: written.structuredReport?.path,
      heatmapPaths: written.heatmaps.mapValues(\.path), revision: revision,
      srSeriesInstanceUID: DensityStructuredReport.seriesUID(study: exam.studyInstanceUID, modelKey: model.identity.key)
    )
    do {
      if let earlier { try store.supersede(earlier, with: record) } else { try store.record(record) }
    } catch { return .storeFailed(error) }
    // Readers' names are personal data: logs carry a stable pseudonym, never the name.
    logger.debug(
      "exam stored",
      metadata: [
        "exam": "\(key)", "report": "\(classified.findings?.status.rawValue ?? "none")",
        "reader": "\(record.reader.map(RadiologistName.pseudonym) ?? "-")",
      ])
    return .stored(
      written.document, inferenceSeconds: classified.inferenceSeconds, decodeSeconds: prepared.decodeSeconds,
      writeSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
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
    summary.unmatchedReportSources = result.unmatchedReports.map(\.source).sorted()
    summary.ambiguousReportSources = result.ambiguous.map(\.report.source).sorted()
    summary.examsWithoutReport = result.unmatchedStudies.map { $0.accession ?? $0.studyInstanceUID }.sorted()
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
    let documents = try store.resultFiles(modelKey: model.identity.key).compactMap { path in
      (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap {
        try? decoder.decode(ExamResultDocument.self, from: $0)
      }
    }
    let url = options.outputDirectory.appendingPathComponent("summary.csv")
    try ResultLayout.makeDirectory(options.outputDirectory)
    try ResultLayout.atomicWrite(Data(resultSummaryCSV(documents).utf8), to: url)
    return url
  }
}
