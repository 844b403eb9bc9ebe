/// One exam as the pre-reading worklist shows it: the latest model result and the report's density.
public struct WorklistEntry: Sendable, Codable, Equatable {
  /// densa's own id of the exam (what URLs name; never the accession or the patient ID).
  public var examID: Int64
  public var accession: String?
  public var patientID: String
  public var studyDate: String?
  public var studyInstanceUID: String
  /// complete or incomplete.
  public var examStatus: String
  /// unread or read.
  public var readState: String
  public var modelName: String
  public var modelVersion: String
  public var composition: String
  public var score: Double
  public var confidence: Double
  public var rightComposition: String?
  public var leftComposition: String?
  public var reportDensity: String?
  /// The reading radiologist of the paired report, normalised.
  public var reader: String?
  /// agree, adjacent, major, no-report, no-report-density.
  public var agreement: String
  public var crossesDenseBoundary: Bool
  /// The open/closed state of the disagreement, when there is one.
  public var reviewState: String?
  public var disagreementID: Int64?
  public var resultJSON: String
  public var structuredReport: String?
  /// The previous exam's density (``PriorComparison``) and whether the model's density crosses the
  /// dense line since; nil without a prior.
  public var priorComposition: String? = nil
  public var crossesDenseSincePrior: Bool? = nil
  /// The model's exam density is uncertain (``ExamUncertainty``): low top-two margin or breasts on
  /// both sides of b/c.
  public var uncertain: Bool = false
  /// Why, as stored: `low-margin`, `breasts-straddle-b-c`, comma-separated; nil when not uncertain.
  public var uncertainReasons: String? = nil
}
