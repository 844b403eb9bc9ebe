import BIRADS
import Classifier
import Crypto
import DICOM
import Foundation

/// Builds and writes the DICOM SR of one classified exam.
enum DensityStructuredReport {
  /// Writes the SR to `url`; returns its SOP Instance UID. The series and instance UIDs depend only
  /// on the study, the model's weights and the revision, so a rewrite of the same result replaces
  /// the same object in a PACS instead of adding a second one, while a superseding result (late
  /// images) is a new object that names its predecessor.
  static func write(
    _ classified: ExamClassification, prepared: PreparedExam, model: DensityModel, to url: URL,
    revision: Int = 1, predecessors: [DensityReport.Predecessor] = []
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
      seriesInstanceUID: seriesUID(study: study, sha256: sha),
      sopInstanceUID: uid("instance", study, revision > 1 ? "\(sha):revision-\(revision)" : sha),
      contentDate: Date(), softwareVersion: "densa \(densaLibraryVersion)", predecessors: predecessors)
    try DensityReportWriter.write(report, to: url)
    return report.sopInstanceUID
  }

  /// The SR series of a study and model: every revision of the result goes in the same series.
  static func seriesUID(study: String, sha256: String) -> String { uid("series", study, sha256) }

  private static func uid(_ kind: String, _ study: String, _ sha: String) -> String {
    DICOMUID.fromBytes(Array(SHA256.hash(data: Data("densa-sr:\(kind):\(study):\(sha)".utf8))))
  }
}
