/// The language a report is written in, told by its common words: Spanish, English, or a mix
/// (a Spanish report on an English template, "FINDINGS: … IMPRESSION: …", or the reverse).
public enum ReportLanguage: String, Sendable, Codable, Hashable {
  case es
  case en
  case mixed

  static let spanish: [String] = [
    "de", "la", "el", "los", "las", "con", "en", "se", "del", "y", "por", "para", "sin", "que", "una", "un", "es",
    "son", "al", "lo", "hay", "ambas", "mama", "mamas", "estudio", "hallazgos", "impresion", "mastografia",
    "mamografia", "derecha", "izquierda", "densidad", "patron", "tejido", "nodulos", "calcificaciones", "anual",
    "control", "benigno", "negativo", "recomendacion", "se", "observan", "presenta", "sugiere", "tipo",
  ]
  static let english: [String] = [
    "the", "of", "and", "with", "is", "are", "in", "there", "to", "for", "be", "this", "was", "on", "at", "which",
    "may", "an", "or", "by", "as", "breast", "breasts", "left", "right", "findings", "impression", "benign",
    "negative", "composition", "assessment", "recommendation", "screening", "mammogram", "tissue", "dense",
    "fatty", "scattered", "areas", "density", "evidence", "of", "signed", "follow", "up", "year", "routine",
    "suspicious", "malignancy", "category", "exam", "study", "prior",
  ]

  /// Words of at most 7 letters as themselves, longer ones by their first 7 and their length.
  static func key(_ word: ArraySlice<UInt8>) -> UInt64 {
    var key: UInt64 = 0
    for byte in word.prefix(7) { key = key << 8 | UInt64(byte) }
    return key << 8 | UInt64(min(word.count, 255))
  }

  static let table: [UInt64: Bool] = {
    var table: [UInt64: Bool] = [:]
    for word in spanish { table[key(Array(word.utf8)[...])] = false }
    for word in english where table[key(Array(word.utf8)[...])] == nil { table[key(Array(word.utf8)[...])] = true }
    return table
  }()

  /// Counts Spanish and English words among the report's tokens.
  static func detect(tokens: [Token], bytes: [UInt8]) -> (language: ReportLanguage, spanish: Int, english: Int) {
    var es = 0
    var en = 0
    for token in tokens where token.isWord {
      guard let english = table[key(bytes[token.start..<token.end])] else { continue }
      if english { en += 1 } else { es += 1 }
    }
    let minority = min(es, en)
    let majority = max(es, en)
    let language: ReportLanguage
    if majority == 0 {
      language = .es
    } else if minority >= 3 && Double(minority) >= 0.15 * Double(majority) {
      language = .mixed
    } else {
      language = en > es ? .en : .es
    }
    return (language, es, en)
  }
}
