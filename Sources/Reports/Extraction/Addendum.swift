/// An addendum or corrected report appended to the original text ("ADDENDUM 07/11/2024: …",
/// "ADENDA: se corrige la composición …", "INFORME DEFINITIVO (tras comité): …"): what it says
/// revises what came before it.
enum Addendum {
  static let markers: [[[UInt8]]] = [
    ["addendum"], ["adenda"], ["addenda"], ["adendum"], ["informe", "definitivo"], ["informe", "corregido"],
    ["corrected", "report"], ["fe", "de", "erratas"],
  ].map { $0.map { Array($0.utf8) } }

  /// Words after which the corrected value follows ("donde dice tipo D debe decir tipo C", "the
  /// correct density is heterogeneously dense", "se modifica la categoría a BI-RADS 3").
  static let corrections: [[[UInt8]]] = [
    ["debe", "decir"], ["should", "read"], ["correct"], ["corrected", "to"], ["corrige"], ["correcta"],
    ["revised", "to"],
    ["modifica"], ["changed", "to"], ["amended", "to"],
  ].map { $0.map { Array($0.utf8) } }

  /// The token where the addendum starts, if the report has one.
  static func start(_ tokens: [Token], _ bytes: [UInt8]) -> Int? { first(markers, tokens, bytes, from: 0) }

  /// The last correction cue after `start`: values after it are the corrected ones.
  static func correction(_ tokens: [Token], _ bytes: [UInt8], after start: Int) -> Int? {
    var found: Int?
    var from = start
    while let k = first(corrections, tokens, bytes, from: from) {
      found = k
      from = k + 1
    }
    return found
  }

  private static func first(_ phrases: [[[UInt8]]], _ tokens: [Token], _ bytes: [UInt8], from: Int) -> Int? {
    guard from < tokens.count else { return nil }
    for k in from..<tokens.count where tokens[k].isWord {
      // Most words start with none of the phrases' first letters.
      let firstByte = bytes[tokens[k].start]
      guard phrases.contains(where: { $0[0][0] == firstByte }) else { continue }
      for phrase in phrases {
        var ok = true
        for (offset, word) in phrase.enumerated() {
          let t = k + offset
          // The length first: this runs over every word of every report.
          guard t < tokens.count, tokens[t].isWord, tokens[t].end - tokens[t].start == word.count,
            bytes[tokens[t].start..<tokens[t].end].elementsEqual(word)
          else {
            ok = false
            break
          }
        }
        if ok { return k }
      }
    }
    return nil
  }
}
