/// One unit of a folded report: a word, a number, a punctuation mark or a line break.
struct Token: Sendable {
  enum Kind: Sendable, Equatable {
    case word
    case number(Int)
    case mark(UInt8)
    case sentenceEnd

    /// A four-digit year, 1980–2100.
    var isYear: Bool {
      if case .number(let n) = self { return (1980...2100).contains(n) }
      return false
    }
  }
  var kind: Kind
  /// Range of folded bytes.
  var start: Int
  var end: Int
  /// The meaning of a word, when it belongs to the vocabulary.
  var concept: Concept?
  /// Whether the vocabulary match forgave a typo.
  var fuzzy = false

  var isWord: Bool { kind == .word }
}
