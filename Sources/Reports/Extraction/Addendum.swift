/// An addendum or corrected report appended to the original text ("ADDENDUM 07/11/2024: …",
/// "ADENDA: se corrige la composición …", "INFORME DEFINITIVO (tras comité): …"): what it says
/// revises what came before it.
enum Addendum {
  static let markers: [[String]] = [
    ["addendum"], ["adenda"], ["addenda"], ["adendum"], ["informe", "definitivo"], ["informe", "corregido"],
    ["corrected", "report"], ["fe", "de", "erratas"],
  ]

  /// Words after which the corrected value follows ("donde dice tipo D debe decir tipo C", "the
  /// correct density is heterogeneously dense", "se modifica la categoría a BI-RADS 3").
  static let corrections: [[String]] = [
    ["debe", "decir"], ["should", "read"], ["correct"], ["corrected", "to"], ["corrige"], ["correcta"],
    ["revised", "to"],
    ["modifica"], ["changed", "to"], ["amended", "to"],
  ]

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

  private static func first(_ phrases: [[String]], _ tokens: [Token], _ bytes: [UInt8], from: Int) -> Int? {
    guard from < tokens.count else { return nil }
    for k in from..<tokens.count where tokens[k].isWord {
      for phrase in phrases {
        var ok = true
        for (offset, word) in phrase.enumerated() {
          let t = k + offset
          guard t < tokens.count, tokens[t].isWord, bytes[tokens[t].start..<tokens[t].end].elementsEqual(word.utf8)
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
