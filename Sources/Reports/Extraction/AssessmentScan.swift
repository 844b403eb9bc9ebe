import BIRADS

/// Finds the BI-RADS final assessment: "BI-RADS 4B", "BIRADS: 2", "Categoría III", "BI-RADS IV-A".
enum AssessmentScan {
  struct Found {
    var category: AssessmentCategory
    var first: Int
    var last: Int
    /// Said of a prior study ("BI-RADS 2 en el estudio previo"): not this exam's assessment.
    var prior = false
    /// Stated after the conclusion's title ("IMPRESIÓN:", "Conclusión:").
    var concluding = false
    /// Stated in an addendum, which revises what the report said before it.
    var addendum = false
  }

  /// Severity order used when a report states several current categories.
  static let severity: [AssessmentCategory] = [
    .negative, .benign, .probablyBenign, .incomplete, .suspiciousLow, .suspicious,
    .suspiciousModerate, .suspiciousHigh, .highlySuggestive, .knownMalignancy,
  ]

  static let romans: [String: AssessmentCategory] = [
    "i": .negative, "ii": .benign, "iii": .probablyBenign, "iv": .suspicious,
    "iva": .suspiciousLow, "ivb": .suspiciousModerate, "ivc": .suspiciousHigh,
    "v": .highlySuggestive, "vi": .knownMalignancy,
  ]

  /// Categories written out in words ("BI-RADS dos", "categoría bi rads uno", "BI-RADS TRES"), as
  /// dictation systems transcribe them.
  static let numberWords: [String: AssessmentCategory] = [
    "cero": .incomplete, "zero": .incomplete, "uno": .negative, "one": .negative, "dos": .benign,
    "two": .benign, "tres": .probablyBenign, "three": .probablyBenign, "cuatro": .suspicious,
    "four": .suspicious, "cinco": .highlySuggestive, "five": .highlySuggestive, "seis": .knownMalignancy,
    "six": .knownMalignancy,
  ]

  /// The most severe current category, within the conclusion when the report has one
  /// ("Control de microcalcificaciones BI-RADS 3 …  Impresión: … BI-RADS 2" is a 2).
  static func pick(_ found: [Found]) -> Found? {
    let current = found.filter { !$0.prior }
    // "ADDENDUM: … Final assessment is revised to BI-RADS 2": the last revision stands.
    if let revised = current.last(where: \.addendum) { return revised }
    let concluding = current.filter(\.concluding)
    return (concluding.isEmpty ? current : concluding).max { rank($0.category) < rank($1.category) }
  }

  static let conclusionWords: Set<String> = [
    "impresion", "conclusion", "conclusiones", "diagnostico", "impression", "opinion", "resultado",
    "interpretacion", "assessment",
  ]

  /// Every category statement, the prior study's included (marked).
  /// `addendum` is where the report's addendum starts (`Addendum.start`, found once by the
  /// sentence scan): categories after it revise the ones before.
  static func all(tokens: [Token], bytes: [UInt8], prior: [Bool], addendum: Int?) -> [Found] {
    var found: [Found] = []
    func isEnd(_ k: Int) -> Bool { k >= tokens.count || tokens[k].kind == .sentenceEnd }
    // A conclusion's title opens its line or carries a colon ("IMPRESIÓN (segunda opinión):"); a
    // title line "SEGUNDA OPINIÓN DE MAMOGRAFÍA" is no conclusion.
    let conclusion = tokens.indices.first { k in
      guard tokens[k].concept == .heading,
        conclusionWords.contains(String(decoding: bytes[tokens[k].start..<tokens[k].end], as: UTF8.self))
      else { return false }
      let opensLine =
        k == 0 || bytes[tokens[k - 1].end..<tokens[k].start].contains(0x0A) || tokens[k - 1].kind == .sentenceEnd
      var j = k + 1
      while !isEnd(j), j <= k + 5 {
        if tokens[j].kind == .mark(UInt8(ascii: ":")) { return true }
        j += 1
      }
      return opensLine
    }
    func word(_ k: Int) -> String { String(decoding: bytes[tokens[k].start..<tokens[k].end], as: UTF8.self) }
    // The subcategory after a 4 ("4 a", "cuatro be", "4-b", "IV-C") and the token it ends at; a lone
    // "a" followed by an article is the preposition ("4 a la biopsia").
    func subcategory(after j: Int) -> (category: AssessmentCategory, last: Int)? {
      if !isEnd(j + 1), tokens[j + 1].isWord,
        let sub = word(j + 1).count == 1
          ? Self.subcategory(Character(word(j + 1))) : spelledSubcategories[word(j + 1)],
        isEnd(j + 2) || !tokens[j + 2].isWord || !articles.contains(word(j + 2))
      {
        return (sub, j + 1)
      }
      if !isEnd(j + 2), tokens[j + 1].kind == .mark(UInt8(ascii: "-")), tokens[j + 2].isWord,
        word(j + 2).count == 1, let sub = Self.subcategory(Character(word(j + 2)))
      {
        return (sub, j + 2)
      }
      // "BI-RADS 4 (4B)", "4 (B)": the subcategory in parentheses.
      if !isEnd(j + 3), tokens[j + 1].kind == .mark(UInt8(ascii: "(")), tokens[j + 3].kind == .mark(UInt8(ascii: ")")) {
        let inner = word(j + 2)
        if case .number(4) = tokens[j + 2].kind, let glued = inner.last, glued.isLetter,
          let sub = Self.subcategory(glued)
        {
          return (sub, j + 3)
        }
        if tokens[j + 2].isWord, inner.count == 1, let sub = Self.subcategory(Character(inner)) { return (sub, j + 3) }
      }
      return nil
    }
    // "for a" is four a, "to benign" is two: only with what must follow them, as "for" and "to" are
    // common words.
    func homophone(_ j: Int) -> (category: AssessmentCategory, last: Int)? {
      let next = isEnd(j + 1) || !tokens[j + 1].isWord ? nil : word(j + 1)
      switch word(j) {
      case "for":
        guard let next, next.count == 1, let sub = Self.subcategory(Character(next)) else { return nil }
        return (sub, j + 1)
      case "to" where next == "benign" || next == "benigno": return (.benign, j)
      case "won" where next == "negative": return (.negative, j)
      default: return nil
      }
    }
    for i in tokens.indices
    where tokens[i].concept == .birads || tokens[i].concept == .category || isAssessmentLabel(i, tokens, bytes) {
      if tokens[i].concept == .category {
        // "Categoría de densidad", "densidad categoría 2": composition, not assessment.
        // Within the sentence: "… incompleto por densidad. Categoría 0" is the assessment.
        var from = i
        while from > max(0, i - 3), tokens[from - 1].kind != .sentenceEnd { from -= 1 }
        let back = tokens[from..<i]
        if back.contains(where: { $0.concept == .density || $0.concept == .composition }) { continue }
      }
      var j = i + 1
      while !isEnd(j), j <= i + 7 {
        if case .mark(let m) = tokens[j].kind, m != UInt8(ascii: "%") {
          j += 1
          continue
        }
        // "CATEGORÍA (BI-RADS 5ª ed.): 1": the atlas edition.
        if case .number = tokens[j].kind, !isEnd(j + 1), tokens[j + 1].concept == .edition {
          j += 2
          continue
        }
        if tokens[j].concept == .edition {
          j += 1
          continue
        }
        // "BI-RADS MD: 2", "BI-RADS mama izquierda: 4B": one breast's category.
        if tokens[j].concept == .birads || tokens[j].concept == .category || tokens[j].concept == .right
          || tokens[j].concept == .left || tokens[j].concept == .breast
        {
          j += 1
          continue
        }
        if tokens[j].isWord,
          ["final", "de", "evaluacion", "assessment", "overall", "is", "of", "es", "r", "del", "la"].contains(word(j))
        {
          j += 1
          continue
        }
        break
      }
      guard !isEnd(j) else { continue }
      var category: AssessmentCategory?
      var last = j
      if case .number(let n) = tokens[j].kind, (0...6).contains(n) {
        let text = word(j)
        let glued = text.last.flatMap { $0.isLetter ? $0 : nil }
        if let glued {
          category = n == 4 ? Self.subcategory(glued) : nil
        } else if n == 4, let sub = subcategory(after: j) {
          category = sub.category
          last = sub.last
        } else {
          category = AssessmentCategory(rawValue: String(n))
        }
      } else if tokens[j].isWord, let spoken = homophone(j) {
        // "Buy rads for a", "bi-rads category to benign": speech recognition's numbers.
        category = spoken.category
        last = spoken.last
      } else if tokens[j].isWord, let roman = romans[word(j)] ?? numberWords[word(j)] {
        category = roman
        // "cuatro a", "IV B", "IV-B".
        if roman == .suspicious, let sub = subcategory(after: j) {
          category = sub.category
          last = sub.last
        }
      }
      guard let category else { continue }
      // "BI-RADS 5a edición", "BI-RADS 5th edition": the atlas, not an assessment.
      if !isEnd(last + 1), tokens[last + 1].concept == .edition { continue }
      if !isEnd(last + 1), case .mark(let m) = tokens[last + 1].kind, m == UInt8(ascii: "%") { continue }
      found.append(
        Found(
          category: category, first: i, last: last, prior: prior[i], concluding: conclusion.map { i > $0 } ?? false,
          addendum: addendum.map { i > $0 } ?? false)
      )
    }
    return found
  }

  /// "Overall assessment: 1 - Negative", "Final assessment: 2": the English template's label, read
  /// only with a colon so that prose ("assessment of the axilla") is not taken for one.
  /// "Overall assessment: 1", "Valoración final: 4b": an assessment label, with "final" allowed
  /// before its colon.
  private static func isAssessmentLabel(_ i: Int, _ tokens: [Token], _ bytes: [UInt8]) -> Bool {
    guard tokens[i].isWord else { return false }
    let word = bytes[tokens[i].start..<tokens[i].end]
    guard word.elementsEqual("assessment".utf8) || word.elementsEqual("valoracion".utf8) else { return false }
    var j = i + 1
    if j < tokens.count, tokens[j].isWord, bytes[tokens[j].start..<tokens[j].end].elementsEqual("final".utf8) { j += 1 }
    return j < tokens.count && tokens[j].kind == .mark(UInt8(ascii: ":"))
  }

  static func rank(_ category: AssessmentCategory) -> Int { severity.firstIndex(of: category) ?? 0 }

  /// Words after which a lone "a" is the preposition, not subcategory A ("4 a la biopsia").
  static let articles: Set<String> = ["la", "las", "el", "los", "un", "una", "the"]

  /// "cuatro be", "4 ce": the subcategory letter as dictation spells it.
  static let spelledSubcategories: [String: AssessmentCategory] = [
    "be": .suspiciousModerate, "ce": .suspiciousHigh,
  ]

  static func subcategory(_ letter: Character) -> AssessmentCategory? {
    switch letter {
    case "a": .suspiciousLow
    case "b": .suspiciousModerate
    case "c": .suspiciousHigh
    default: nil
    }
  }
}
