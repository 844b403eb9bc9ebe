/// One exam as its page shows it: the chosen images, the latest result of its newest model
/// (per view, per breast and for the exam), the paired report and the disagreement's review.
public struct ExamDetail: Sendable, Codable, Equatable {
  /// Probabilities of compositions a, b, c and d.
  public struct Probabilities: Sendable, Codable, Equatable {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double

    public init(a: Double, b: Double, c: Double, d: Double) {
      self.a = a
      self.b = b
      self.c = c
      self.d = d
    }
  }

  /// One classified view.
  public struct View: Sendable, Codable, Equatable {
    /// R-CC, L-CC, R-MLO or L-MLO.
    public var view: String
    public var probabilities: Probabilities
    public var composition: String
    /// The stored image file (never sent to a client).
    public var imagePath: String?
    /// The Grad-CAM heatmap PNG densa wrote, when it wrote one.
    public var heatmapPath: String?
  }

  /// One breast: the mean of its views.
  public struct Breast: Sendable, Codable, Equatable {
    /// R or L.
    public var laterality: String
    public var probabilities: Probabilities
    public var composition: String
    public var score: Double
  }

  /// The exam's density: the denser breast's.
  public struct ExamDensity: Sendable, Codable, Equatable {
    public var composition: String
    public var score: Double
    public var confidence: Double
    public var decidingBreast: String
    /// The deciding breast's probabilities.
    public var probabilities: Probabilities?
    public var flags: [String]
  }

  /// A stretch of the report the density was read from: UTF-8 byte offsets into `text`.
  public struct EvidenceSpan: Sendable, Codable, Equatable {
    public var start: Int
    public var end: Int
    public var text: String
  }

  /// The paired report.
  public struct ReportText: Sendable, Codable, Equatable {
    public var text: String
    public var source: String
    public var reader: String?
    /// What the report reader found: its density, status and the evidence it read it from.
    public var density: String?
    public var extractionStatus: String?
    public var evidence: [EvidenceSpan]
  }

  /// The disagreement between model and report, and its review.
  public struct Review: Sendable, Codable, Equatable {
    public var disagreementID: Int64
    /// adjacent or major.
    public var grade: String
    public var crossesDenseBoundary: Bool
    /// open, model-correct, report-correct, both-wrong, dismissed.
    public var state: String
    public var reviewer: String?
    public var note: String?
    public var updatedAt: String
  }

  public var examID: Int64
  public var accession: String?
  public var patientID: String
  public var studyDate: String?
  public var studyInstanceUID: String
  /// complete or incomplete.
  public var status: String
  public var problems: [String]
  public var readState: String
  public var modelName: String
  public var modelVersion: String
  public var modelKey: String
  public var exam: ExamDensity
  public var views: [View]
  public var breasts: [Breast]
  public var report: ReportText?
  public var reportDensity: String?
  /// agree, adjacent, major, no-report, no-report-density.
  public var agreement: String
  public var review: Review?
  /// The result JSON and the SR as stored (never sent to a client).
  public var resultJSONPath: String
  public var structuredReportPath: String?
  /// What `result.json` adds to the stored result: why the exam could not be fully assessed, the
  /// comparison with the patient's previous exam and the MQSA sentence the model suggests. Empty
  /// or nil when the file says nothing of them (or was written before they existed).
  public var limitations: [ExamResultDocument.LimitationSection] = []
  public var priorComparison: PriorComparison? = nil
  public var suggestedDensityStatement: ExamResultDocument.SuggestedDensityStatementSection? = nil
  public var uncertainty: ExamResultDocument.UncertaintySection? = nil
  /// The scorecard (Secondary Capture) `result.json` names, beside it; nil when none was written.
  public var scorecardPath: String? = nil
}
