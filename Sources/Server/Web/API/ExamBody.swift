import Worklist

/// One exam as the API sends it (`GET /api/exams/{id}`): everything its page shows, with links
/// to its images and files by densa's own id (no file paths, no patient data in a URL).
public struct ExamBody: Sendable, Codable, Equatable {
  /// A classified view and the links to its pictures.
  public struct View: Sendable, Codable, Equatable {
    public var view: String
    public var probabilities: ExamDetail.Probabilities
    public var composition: String
    /// A downsampled PNG densa renders from the stored image; not for diagnostic interpretation.
    public var preview: String?
    /// The Grad-CAM overlay PNG, when `densa` wrote one.
    public var heatmap: String?
  }

  public var id: Int64
  public var accession: String?
  public var patientID: String
  public var studyDate: String?
  public var status: String
  public var problems: [String]
  public var readState: String
  public var model: String
  public var modelVersion: String
  public var modelKey: String
  public var exam: ExamDetail.ExamDensity
  public var views: [View]
  public var breasts: [ExamDetail.Breast]
  public var report: ExamDetail.ReportText?
  public var reportDensity: String?
  public var agreement: String
  public var review: ExamDetail.Review?
  /// The result JSON (`result.json`).
  public var resultLink: String
  /// The DICOM SR, when one was written.
  public var structuredReportLink: String?
  /// The density scorecard (DICOM Secondary Capture), when one was written.
  public var scorecardLink: String?
  /// Why the exam could not be fully assessed, coded as in the SR; empty for a complete exam.
  public var limitations: [ExamResultDocument.LimitationSection]
  /// The patient's previous exam and whether this one crosses the dense line since then.
  public var priorComparison: PriorComparison?
  /// The MQSA density sentence for the model's composition: a suggestion, not the report's.
  public var suggestedDensityStatement: ExamResultDocument.SuggestedDensityStatementSection?
  /// Whether the model's exam density is uncertain, why, and the margin rule in effect.
  public var uncertainty: ExamResultDocument.UncertaintySection?

  public init(_ d: ExamDetail) {
    id = d.examID
    accession = d.accession
    patientID = d.patientID
    studyDate = d.studyDate
    status = d.status
    problems = d.problems
    readState = d.readState
    model = d.modelName
    modelVersion = d.modelVersion
    modelKey = d.modelKey
    exam = d.exam
    views = d.views.map { v in
      View(
        view: v.view, probabilities: v.probabilities, composition: v.composition,
        preview: v.imagePath == nil ? nil : "/api/exams/\(d.examID)/views/\(v.view)/preview",
        heatmap: v.heatmapPath == nil ? nil : "/api/exams/\(d.examID)/views/\(v.view)/heatmap")
    }
    breasts = d.breasts
    report = d.report
    reportDensity = d.reportDensity
    agreement = d.agreement
    review = d.review
    resultLink = "/api/exams/\(d.examID)/result"
    structuredReportLink = d.structuredReportPath == nil ? nil : "/api/exams/\(d.examID)/sr"
    scorecardLink = d.scorecardPath == nil ? nil : "/api/exams/\(d.examID)/scorecard"
    limitations = d.limitations
    priorComparison = d.priorComparison
    suggestedDensityStatement = d.suggestedDensityStatement
    uncertainty = d.uncertainty
  }
}
