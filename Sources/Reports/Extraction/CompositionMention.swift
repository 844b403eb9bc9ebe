import BIRADS

/// One statement about breast composition found in a sentence, before the report-level decision.
struct CompositionMention: Sendable {
  enum Form: String, Sendable {
    /// An atlas sentence or paraphrase ("heterogéneamente densas").
    case phrase
    /// "Patrón graso", "predominio graso": overruled by any more specific statement.
    case weakFat = "weak-fat"
    /// A letter, or a 4th-edition number (arabic or roman), after ACR/tipo/patrón/composición.
    case code
    /// A fibroglandular percentage quartile.
    case quartile
    /// "Mamas densas": c or d, undecided.
    case ambiguous
  }
  /// Why a statement is not about this exam's breasts at all.
  enum Exclusion: String, Sendable {
    case negated
    /// Part of a lesion description ("nódulo de densidad grasa").
    case lesion
    /// Advice about dense breasts in general ("en pacientes con mamas densas …").
    case generic
    /// A man's breast ("ginecomastia", "paciente masculino"): fat there is no composition.
    case male
  }
  var category: BreastComposition?
  var form: Form
  var notation: DensityNotation
  var side: Laterality?
  /// Why the side is what it is, when it was not named in the statement's own clause.
  var sideReason: String?
  var scope: MentionScope = .unspecified
  /// The words that set the scope, for `densa reports explain`.
  var scopeReason: String?
  /// First and last token of the statement.
  var first: Int
  var last: Int
  var fuzzy: Bool
  var exclusion: Exclusion?
  /// The statement says the prior exam was the same ("similar al estudio previo").
  var sameAsPrior = false
  /// The double readers' agreed value ("Composición mamaria (consenso): c"), which stands over
  /// each reader's own.
  var consensus = false
  /// Stated in an addendum, and after its correction cue ("debe decir", "the correct density is").
  var inAddendum = false
  var corrected = false

  /// About the exam being reported: not excluded and not the prior study's.
  var isCurrent: Bool { exclusion == nil && scope != .prior }
  var isPrior: Bool { exclusion == nil && scope == .prior }
}
