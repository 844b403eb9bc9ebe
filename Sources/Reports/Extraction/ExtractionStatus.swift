/// Whether a report yielded a breast composition, and if not, why.
public enum ExtractionStatus: String, Sendable, Codable, Hashable {
  /// A composition was read.
  case found
  /// The report says nothing about breast composition.
  case absent
  /// The report speaks of composition without deciding a category ("mamas densas": c or d).
  case ambiguous
  /// The report states incompatible categories for the same breast(s).
  case contradictory
}
