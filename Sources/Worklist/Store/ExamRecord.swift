import Classifier
import DICOM
import Reports

/// Everything `densa process` stores for one exam and one model, written in one transaction.
public struct ExamRecord: Sendable {
  public var exam: Exam
  public var model: ModelIdentity
  /// The model card as JSON, kept in the registry so a result can always be traced to its card.
  public var modelCard: String
  public var report: Report?
  public var findings: ReportFindings?
  public var document: ExamResultDocument
  /// Paths of the written files (the result JSON, the SR), as stored.
  public var jsonPath: String
  public var srPath: String?
  /// Heatmap file per view, as stored.
  public var heatmapPaths: [String: String]
  /// 1 for an exam's first result from a model, then one more for each result that supersedes it.
  public var revision: Int
  /// The SR's series (the same for every revision of one exam and model).
  public var srSeriesInstanceUID: String?

  /// The reading radiologist, normalised: the source's own field (HL7 OBR-32, the CSV column), else
  /// the report's signature block.
  public var reader: String? {
    report?.radiologist.flatMap(RadiologistName.normalize) ?? findings?.reader
  }

  public init(
    exam: Exam, model: ModelIdentity, modelCard: String, report: Report?, findings: ReportFindings?,
    document: ExamResultDocument, jsonPath: String, srPath: String?, heatmapPaths: [String: String],
    revision: Int = 1, srSeriesInstanceUID: String? = nil
  ) {
    self.revision = revision
    self.srSeriesInstanceUID = srSeriesInstanceUID
    self.exam = exam
    self.model = model
    self.modelCard = modelCard
    self.report = report
    self.findings = findings
    self.document = document
    self.jsonPath = jsonPath
    self.srPath = srPath
    self.heatmapPaths = heatmapPaths
  }
}
