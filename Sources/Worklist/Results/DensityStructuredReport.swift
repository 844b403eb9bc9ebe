import BIRADS
import Classifier
import Crypto
import DICOM
import Foundation

/// Builds and writes the DICOM SR of one classified exam.
enum DensityStructuredReport {
  /// Writes the SR to `url`; returns its SOP Instance UID. The series and instance UIDs depend only
  /// on the study, the model's identity key (weights, and precision when not fp32) and the
  /// revision, so a rewrite of the same result replaces the same object in a PACS instead of adding
  /// a second one, a bf16 SR never replaces an fp32 one, and a superseding result (late images) is
  /// a new object that names its predecessor.
  static func write(
    _ classified: ExamClassification, prepared: PreparedExam, model: DensityModel, to url: URL,
    revision: Int = 1, predecessors: [DensityReport.Predecessor] = []
  ) throws -> String {
    let study = prepared.exam.studyInstanceUID
    let identity = model.identity
    let key = identity.key
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
      algorithm: .init(
        name: identity.name, version: identity.version, weightsSHA256: algorithmParameters(identity),
        deviceUID: deviceUID(identity)),
      notice: card.requiresNotice ? card.noticeText : nil,
      seriesInstanceUID: seriesUID(study: study, modelKey: key),
      sopInstanceUID: uid("instance", study, revision > 1 ? "\(key):revision-\(revision)" : key),
      contentDate: Date(), softwareVersion: "densa \(densaLibraryVersion)", predecessors: predecessors,
      suggestedDensityStatement: classified.document.suggestedDensityStatement?.statement,
      limitations: classified.limitations,
      prior: classified.document.priorComparison.flatMap { c in
        c.prior.map { DensityReport.PriorDensity(composition: $0, crossesDenseBoundary: c.crossesDenseBoundary) }
      },
      uncertainty: classified.uncertainty.isUncertain ? "Uncertain: \(classified.uncertainty.explanation)" : nil)
    try DensityReportWriter.write(report, to: url)
    return report.sopInstanceUID
  }

  /// Writes the SR of an exam with no screening view: the study's mammograms in the image library
  /// and the evidence, the coded reasons, no measurements. Returns its SOP Instance UID.
  static func writeNotAssessed(
    _ exam: Exam, limitations: [AssessmentLimitation], model: DensityModel, to url: URL
  ) throws -> String {
    let identity = model.identity
    let images = exam.images.map(\.mammogram).filter { !SOPClass.storedNotClassified.contains($0.sopClassUID) }
      .sorted { $0.sopInstanceUID < $1.sopInstanceUID }
    let report = DensityReport(
      views: [], breasts: [], examComposition: nil,
      algorithm: .init(
        name: identity.name, version: identity.version, weightsSHA256: algorithmParameters(identity),
        deviceUID: deviceUID(identity)),
      notice: model.card.requiresNotice ? model.card.noticeText : nil,
      seriesInstanceUID: seriesUID(study: exam.studyInstanceUID, modelKey: identity.key),
      sopInstanceUID: uid("instance", exam.studyInstanceUID, identity.key), contentDate: Date(),
      softwareVersion: "densa \(densaLibraryVersion)", limitations: limitations, unclassifiedImages: images)
    try DensityReportWriter.write(report, to: url)
    return report.sopInstanceUID
  }

  /// The SR series of a study and model: every revision of the result goes in the same series.
  static func seriesUID(study: String, modelKey: String) -> String { uid("series", study, modelKey) }

  /// What follows `weights sha256=` in TID 4019's Algorithm Parameters (DCM 111002): the hex digest,
  /// then ` precision=bf16` under bf16 (fp32 SRs read as they always did). The SR writer takes the
  /// parameters through its `weightsSHA256` field, which also seeds the device and tracking UIDs,
  /// so a bf16 model is a device of its own.
  static func algorithmParameters(_ identity: ModelIdentity) -> String {
    identity.precision == .fp32 ? identity.sha256 : "\(identity.sha256) precision=\(identity.precision.rawValue)"
  }

  /// The algorithm's Device UID: SHA-256 of the weights' digest and the precision, so new weights
  /// (or bf16 arithmetic) make a new device, and the same model is the same device everywhere.
  static func deviceUID(_ identity: ModelIdentity) -> String {
    DICOMUID.fromBytes(
      Array(SHA256.hash(data: Data("densa-device:\(identity.sha256):\(identity.precision.rawValue)".utf8))))
  }

  private static func uid(_ kind: String, _ study: String, _ sha: String) -> String {
    DICOMUID.fromBytes(Array(SHA256.hash(data: Data("densa-sr:\(kind):\(study):\(sha)".utf8))))
  }
}
