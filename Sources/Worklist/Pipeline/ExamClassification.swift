import BIRADS
import Classifier
import DICOM
import Foundation
import Raster
import Reports

/// One exam classified by the model and compared with its report: the result document and the
/// heatmaps, not yet written anywhere.
struct ExamClassification: Sendable {
  var document: ExamResultDocument
  var findings: ReportFindings?
  /// Grad-CAM of each view with the view it is drawn on, by view name (R-CC …); the PNGs are
  /// made by the writer, off the inference path.
  var heatmaps: [String: (prediction: ViewPrediction, view: GrayImage)]
  var viewDensities: [ViewDensity]
  var examDensity: ExamDensity
  /// Whether the exam density should be read as uncertain (also in the document).
  var uncertainty: ExamUncertainty
  /// Why the exam could not be fully assessed (also in the document, coded).
  var limitations: [AssessmentLimitation]
  /// Time spent in the network's forward pass (and Grad-CAM) for this exam.
  var inferenceSeconds: Double

  /// Runs the network on the prepared views (one batch) and aggregates per breast and exam.
  /// Returns nil when no view could be prepared.
  init?(
    _ prepared: PreparedExam, model: DensityModel, report: PairedReport?, options: ProcessOptions,
    generatedAt: Date
  ) {
    let start = DispatchTime.now().uptimeNanoseconds
    let predictions = model.predict(prepared.views.map(\.input), heatmaps: options.heatmaps)
    inferenceSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var viewSections = [ExamResultDocument.ViewSection]()
    var densities = [ViewDensity]()
    var heatmaps = [String: (prediction: ViewPrediction, view: GrayImage)]()
    for (view, prediction) in zip(prepared.views, predictions) {
      let name = view.standard.rawValue
      let lateralityCode = view.standard.laterality == .right ? "R" : "L"
      densities.append(
        ViewDensity(laterality: view.standard.laterality, view: name, probabilities: prediction.probabilities))
      var heatmapName: String? = nil
      if prediction.cam != nil {
        heatmapName = "heatmap-\(name).png"
        heatmaps[name] = (prediction, view.pixels)
      }
      viewSections.append(
        .init(
          view: name, laterality: lateralityCode, sopInstanceUID: view.image.mammogram.sopInstanceUID,
          file: view.image.url.path, probabilities: .init(prediction.probabilities.values),
          composition: prediction.probabilities.category.rawValue, heatmap: heatmapName))
    }
    guard let exam = ExamDensity(views: densities, rule: options.viewCombination) else { return nil }
    let breasts = [exam.right, exam.left].compactMap { $0 }.map { b in
      ExamResultDocument.BreastSection(
        laterality: b.laterality == .right ? "R" : "L", views: b.views.map(\.view),
        probabilities: .init(b.probabilities.values), composition: b.category.rawValue, score: b.score,
        confidence: b.confidence)
    }
    let findings = report.map { ReportExtractor().extract($0.report.text) }
    let agreement = AgreementStatus(model: exam.category, report: findings?.density, hasReport: report != nil)
    let crosses = findings?.density.map { $0.isDense != exam.category.isDense } ?? false
    let e = prepared.exam
    let missing = StandardView.allCases.filter { v in !prepared.views.contains { $0.standard == v } }
    let limitations = AssessmentLimitation.of(e, classified: Set(prepared.views.map(\.standard)))
    let uncertainty = ExamUncertainty(exam, marginThreshold: options.uncertainMargin)
    document = ExamResultDocument(
      schemaVersion: ExamResultDocument.currentSchemaVersion,
      generatedAt: Store.timestamp(generatedAt), densaVersion: densaLibraryVersion, model: .init(model),
      exam: .init(
        studyInstanceUID: e.studyInstanceUID, accession: e.accessionNumber, patientID: e.patientID,
        studyDate: e.studyDate, status: missing.isEmpty ? "complete" : "incomplete",
        missingViews: missing.map(\.rawValue), problems: e.problems + prepared.problems),
      views: viewSections, breasts: breasts,
      examDensity: .init(
        composition: exam.category.rawValue, score: exam.score, confidence: exam.confidence,
        decidingBreast: exam.decidingBreast == .right ? "R" : "L", flags: exam.flags.map(\.description)),
      report: report.flatMap { r in
        findings.map { f in
          .init(
            source: r.report.source, status: r.report.status.rawValue, pairedBy: r.rule, density: f.density?.rawValue,
            right: f.right?.rawValue, left: f.left?.rawValue, birads: f.birads?.rawValue,
            extractionStatus: f.status.rawValue, confidence: f.confidence,
            evidence: f.evidence.map { .init(start: $0.start, end: $0.end, text: $0.text) })
        }
      },
      agreement: .init(status: agreement.rawValue, crossesDenseBoundary: crosses),
      structuredReport: nil,
      suggestedDensityStatement: .init(composition: exam.category, breasts: breasts.count == 1 ? .one : .both),
      limitations: limitations.map(ExamResultDocument.LimitationSection.init),
      uncertainty: .init(uncertainty))
    self.findings = findings
    self.limitations = limitations
    self.heatmaps = heatmaps
    self.viewDensities = densities
    self.examDensity = exam
    self.uncertainty = uncertainty
  }
}

extension ExamClassification {
  /// Compares the exam with the patient's stored prior exam, else with the prior density the
  /// report states.
  mutating func comparePrior(with stored: StoredPrior?) {
    document.priorComparison = PriorComparison(
      stored: stored, statedPrior: findings?.prior, model: examDensity.category, report: findings?.density)
  }
}

/// A report paired with an exam, and the rule that paired them.
public struct PairedReport: Sendable {
  public var report: Report
  /// `accession` or `patientAndDate`.
  public var rule: String

  public init(report: Report, rule: String) {
    self.report = report
    self.rule = rule
  }
}

/// The version of the densa libraries, written into every result.
public let densaLibraryVersion = "0.1.0"
