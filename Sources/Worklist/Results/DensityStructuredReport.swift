import BIRADS
import Classifier
import Crypto
import DICOM
import Foundation

/// Builds and writes the DICOM SR of one classified exam.
enum DensityStructuredReport {
  /// Writes the SR to `url`; returns its SOP Instance UID. The series and instance UIDs depend only
  /// on the study and the model's weights, so a rewrite replaces the same object in a PACS
  /// instead of adding a second one.
  static func write(
    _ classified: ExamClassification, prepared: PreparedExam, model: DensityModel, to url: URL
  ) throws -> String {
    let study = prepared.exam.studyInstanceUID
    let sha = model.identity.sha256
    let views = zip(prepared.views, classified.viewDensities).map { view, density in
      DensityReport.View(
        image: view.image.mammogram, laterality: view.standard.laterality, viewName: view.standard.rawValue,
        composition: density.probabilities.category, probabilities: density.probabilities.values)
    }
    let breasts = [classified.examDensity.right, classified.examDensity.left].compactMap { $0 }.map { b in
      DensityReport.Breast(
        laterality: b.laterality, composition: b.category, probabilities: b.probabilities.values, score: b.score)
    }
    let card = model.card
    let report = DensityReport(
      views: views, breasts: breasts, examComposition: classified.examDensity.category,
      algorithm: .init(name: model.identity.name, version: model.identity.version, weightsSHA256: sha),
      notice: card.requiresNotice ? card.noticeText : nil,
      seriesInstanceUID: uid("series", study, sha), sopInstanceUID: uid("instance", study, sha),
      contentDate: Date(), softwareVersion: "densa \(densaLibraryVersion)")
    try DensityReportWriter.write(report, to: url)
    return report.sopInstanceUID
  }

  private static func uid(_ kind: String, _ study: String, _ sha: String) -> String {
    DICOMUID.fromBytes(Array(SHA256.hash(data: Data("densa-sr:\(kind):\(study):\(sha)".utf8))))
  }
}
