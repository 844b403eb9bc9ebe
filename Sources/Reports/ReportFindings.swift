import BIRADS

/// What densa read in one report: breast composition (exam and per side) and BI-RADS assessment.
public struct ReportFindings: Sendable, Hashable, Codable {
  /// Exam-level composition: the stated one, or the denser side when sides differ.
  public var density: BreastComposition?
  /// Composition stated for the right breast alone, if any.
  public var right: BreastComposition?
  /// Composition stated for the left breast alone, if any.
  public var left: BreastComposition?
  /// BI-RADS final assessment category, if stated.
  public var birads: AssessmentCategory?
  /// Why `density` is or is not set.
  public var status: ExtractionStatus
  /// How much to trust `density`, 0…1 (0 when none).
  public var confidence: Double
  /// The original text spans the composition was read from.
  public var evidence: [Evidence]
  /// The original text span the BI-RADS category was read from.
  public var biradsEvidence: Evidence?

  public init(
    density: BreastComposition?, right: BreastComposition?, left: BreastComposition?,
    birads: AssessmentCategory?, status: ExtractionStatus, confidence: Double,
    evidence: [Evidence], biradsEvidence: Evidence?
  ) {
    self.density = density
    self.right = right
    self.left = left
    self.birads = birads
    self.status = status
    self.confidence = confidence
    self.evidence = evidence
    self.biradsEvidence = biradsEvidence
  }
}
