/// What one `densa process` run did.
public struct ProcessSummary: Sendable, Codable, Equatable {
  /// Exams found in the studies.
  public var exams = 0
  /// Exams classified and stored by this run.
  public var processed = 0
  /// Exams that already had a result from this model (left as they were).
  public var alreadyDone = 0
  /// Processed exams that lacked at least one of the four views.
  public var incomplete = 0
  /// Exams that could not be classified, one line each (exam and reason).
  public var failed: [String] = []
  /// Processed exams by agreement status (agree, adjacent, major, no-report, no-report-density).
  public var agreement: [String: Int] = [:]
  /// Processed exams whose model and report densities fall on different sides of dense.
  public var crossesDenseBoundary = 0
  /// Processed exams whose model density is uncertain (``ExamUncertainty``).
  public var uncertain = 0
  /// Reports that matched no study, and reports that matched more than one (never guessed).
  public var unmatchedReports = 0
  public var ambiguousReports = 0
  /// Sources of the reports that matched no study or several, and accession numbers (or Study
  /// Instance UIDs) of the exams no report matched: what a QA lead chases.
  public var unmatchedReportSources: [String] = []
  public var ambiguousReportSources: [String] = []
  public var examsWithoutReport: [String] = []
  /// Wall time of the run, and the part of it spent in the network's forward passes (Grad-CAM
  /// included).
  public var wallSeconds = 0.0
  public var inferenceSeconds = 0.0
  /// The other two stages, summed over the processed exams: decoding and preprocessing the views,
  /// and writing the results (JSON, heatmap PNGs, SR, scorecard) and storing them. The three stages
  /// overlap (the next exam decodes and the previous one is written while the network runs), so
  /// they add up to more than ``wallSeconds`` when the overlap works.
  public var decodeSeconds = 0.0
  public var writeSeconds = 0.0
  /// Where the results are.
  public var outputDirectory = ""
  public var database = ""

  public init() {}
}
