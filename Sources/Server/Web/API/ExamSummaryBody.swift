import Worklist

/// One worklist row as the API sends it (`GET /api/exams`).
public struct ExamSummaryBody: Sendable, Codable, Equatable {
  public var id: Int64
  public var accession: String?
  public var patientID: String
  public var studyDate: String?
  /// complete or incomplete.
  public var status: String
  /// unread or read.
  public var readState: String
  public var model: String
  public var modelVersion: String
  public var density: String
  public var rightDensity: String?
  public var leftDensity: String?
  public var score: Double
  public var confidence: Double
  public var reportDensity: String?
  public var reader: String?
  public var agreement: String
  public var crossesDenseBoundary: Bool
  public var reviewState: String?
  /// The previous exam's density, and whether the model's density crosses the dense line since.
  public var priorDensity: String?
  public var crossesDenseSincePrior: Bool?
  /// The model's exam density is uncertain (``ExamUncertainty``); QA filters list these first.
  public var uncertain: Bool

  public init(_ e: WorklistEntry) {
    id = e.examID
    accession = e.accession
    patientID = e.patientID
    studyDate = e.studyDate
    status = e.examStatus
    readState = e.readState
    model = e.modelName
    modelVersion = e.modelVersion
    density = e.composition
    rightDensity = e.rightComposition
    leftDensity = e.leftComposition
    score = e.score
    confidence = e.confidence
    reportDensity = e.reportDensity
    reader = e.reader
    agreement = e.agreement
    crossesDenseBoundary = e.crossesDenseBoundary
    reviewState = e.reviewState
    priorDensity = e.priorComposition
    crossesDenseSincePrior = e.crossesDenseSincePrior
    uncertain = e.uncertain
  }
}

/// A page of the worklist (`GET /api/exams`).
public struct ExamListBody: Sendable, Codable, Equatable {
  public var total: Int
  public var page: Int
  public var pageSize: Int
  public var exams: [ExamSummaryBody]
}
