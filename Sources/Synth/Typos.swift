/// Transcription errors of dictated reports: swapped vowels, lost accents, doubled or dropped
/// letters and irregular spacing. The first letter of a word is kept, as people mostly do.
enum Typos {
  static func apply(_ text: String, rate: Double, rng: inout SeededGenerator) -> String {
    var out = ""
    for (i, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
      if i > 0 { out += rng.unit() < rate * 0.3 ? "  " : " " }
      var letters = Array(word)
      if letters.count > 3 && rng.unit() < rate {
        let position = 1 + Int(rng.next() % UInt64(letters.count - 2))
        switch rng.next() % 4 {
        case 0:
          let vowels: [Character] = ["a", "e", "i", "o", "u"]
          if vowels.contains(letters[position]) { letters[position] = vowels[Int(rng.next() % 5)] }
        case 1:
          letters = letters.map { accentless[$0] ?? $0 }
        case 2:
          letters.insert(letters[position], at: position)
        default:
          letters.remove(at: position)
        }
      }
      out += String(letters)
    }
    return out
  }

  static let accentless: [Character: Character] = [
    "á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "Á": "A", "É": "E", "Í": "I", "Ó": "O", "Ú": "U",
  ]
}
