import BIRADS

/// What densa read in one report: breast composition (exam and per side) and BI-RADS assessment
/// of the current exam, the prior exam's composition when the report quotes it, the language and
/// the reading radiologist.
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
  /// The composition the report gives a prior exam it compares with ("previamente tipo B").
  public var prior: BreastComposition?
  /// The spans the prior composition was read from.
  public var priorEvidence: [Evidence]
  /// How the current composition was written; a 4th-edition numeral or percentage is kept apart
  /// from a 5th-edition letter or wording.
  public var notation: DensityNotation?
  public var language: ReportLanguage
  /// The reading radiologist named in the signature block, normalised (no titles or numbers).
  public var reader: String?
  public var readerEvidence: Evidence?

  /// Whether the composition was written the 4th edition's way (numbered, or by percentage).
  public var isFourthEdition: Bool { notation?.isFourthEdition ?? false }

  public init(
    density: BreastComposition?, right: BreastComposition?, left: BreastComposition?,
    birads: AssessmentCategory?, status: ExtractionStatus, confidence: Double,
    evidence: [Evidence], biradsEvidence: Evidence?, prior: BreastComposition? = nil,
    priorEvidence: [Evidence] = [], notation: DensityNotation? = nil, language: ReportLanguage = .es,
    reader: String? = nil, readerEvidence: Evidence? = nil
  ) {
    self.density = density
    self.right = right
    self.left = left
    self.birads = birads
    self.status = status
    self.confidence = confidence
    self.evidence = evidence
    self.biradsEvidence = biradsEvidence
    self.prior = prior
    self.priorEvidence = priorEvidence
    self.notation = notation
    self.language = language
    self.reader = reader
    self.readerEvidence = readerEvidence
  }
}
