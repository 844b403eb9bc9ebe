import BIRADS

/// One statement about breast composition found in a sentence, before the report-level decision.
struct CompositionMention: Sendable {
  enum Form: Sendable {
    /// An atlas sentence or paraphrase ("heterogéneamente densas").
    case phrase
    /// "Patrón graso", "predominio graso": overruled by any more specific statement.
    case weakFat
    /// A letter or 4th-edition number after ACR/tipo/composición.
    case code
    /// A fibroglandular percentage quartile.
    case quartile
    /// "Mamas densas": c or d, undecided.
    case ambiguous
  }
  var category: BreastComposition?
  var form: Form
  var side: Laterality?
  /// First and last token of the statement.
  var first: Int
  var last: Int
  var fuzzy: Bool
  /// Prior study, negated, lesion description or generic advice: not this exam's composition.
  var excluded = false
}
