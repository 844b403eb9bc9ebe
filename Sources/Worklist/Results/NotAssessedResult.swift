import Classifier
import DICOM
import Foundation

/// The files of an exam the model could not assess at all (no screening view in the study): a
/// `result.json` and an SR that say why, coded, with no density. Nothing is stored, since there
/// is no result to store; the run lists the exam among its failures, as before.
enum NotAssessedResult {
  /// Writes the SR (when asked) and `result.json` in the exam's result folder; returns the JSON's URL.
  @discardableResult
  static func write(
    exam: Exam, limitations: [AssessmentLimitation], model: DensityModel, options: ProcessOptions, generatedAt: Date
  ) throws -> URL {
    let layout = ResultLayout(root: options.outputDirectory, exam: exam, model: model.identity)
    try ResultLayout.makeDirectory(layout.directory)
    var document = Self.document(exam: exam, limitations: limitations, model: model, generatedAt: generatedAt)
    if options.structuredReports {
      let url = layout.directory.appendingPathComponent("density-sr.dcm")
      let uid = try ResultLayout.placed(at: url) { temporary in
        try DensityStructuredReport.writeNotAssessed(exam, limitations: limitations, model: model, to: temporary)
      }
      document.structuredReport = .init(file: url.lastPathComponent, sopInstanceUID: uid)
    }
    let json = layout.directory.appendingPathComponent("result.json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try ResultLayout.atomicWrite(try encoder.encode(document), to: json)
    return json
  }

  /// The document: the exam, the model, the coded reasons; no views, breasts or density.
  static func document(
    exam e: Exam, limitations: [AssessmentLimitation], model: DensityModel, generatedAt: Date
  ) -> ExamResultDocument {
    ExamResultDocument(
      schemaVersion: ExamResultDocument.currentSchemaVersion, generatedAt: Store.timestamp(generatedAt),
      densaVersion: densaLibraryVersion, model: .init(model),
      exam: .init(
        studyInstanceUID: e.studyInstanceUID, accession: e.accessionNumber, patientID: e.patientID,
        studyDate: e.studyDate, status: "incomplete", missingViews: StandardView.allCases.map(\.rawValue),
        problems: e.problems),
      views: [], breasts: [], examDensity: nil, report: nil,
      agreement: .init(status: "not-assessed", crossesDenseBoundary: false), structuredReport: nil,
      suggestedDensityStatement: nil, limitations: limitations.map(ExamResultDocument.LimitationSection.init))
  }
}
