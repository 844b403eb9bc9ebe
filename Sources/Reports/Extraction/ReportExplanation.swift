import BIRADS

/// Everything the reader found in one report and why it decided what it did: what
/// `densa reports explain` prints.
public struct ReportExplanation: Sendable, Codable {
  /// One density or assessment statement.
  public struct Mention: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case composition, assessment }
    public var kind: Kind
    public var evidence: Evidence
    /// a–d for composition, the BI-RADS category for an assessment; nil when undecided.
    public var category: String?
    /// "phrase", "code", "quartile", "weak-fat", "ambiguous" (composition statements).
    public var form: String?
    public var notation: DensityNotation?
    public var scope: MentionScope
    /// The words that set the scope ("previamente", "actualmente", "prior").
    public var scopeReason: String?
    public var side: Laterality?
    /// "section" (under a "MAMA DERECHA:" title), "mastectomy" (the one breast left).
    public var sideReason: String?
    /// used, prior, overruled, excluded, ignored.
    public var outcome: String
    /// Why the statement was or was not used.
    public var why: String
  }

  public var findings: ReportFindings
  public var mentions: [Mention]
  /// The decision in words: one line per step.
  public var decision: [String]
  /// Spanish and English common words counted for the language.
  public var spanishWords: Int
  public var englishWords: Int
}
