/// Splits folded text into tokens, repairs split and glued words, and attaches vocabulary meanings.
enum Tokenizer {
  static func tokens(_ text: FoldedText) -> [Token] {
    let bytes = text.bytes
    var tokens: [Token] = []
    tokens.reserveCapacity(bytes.count / 4)
    var i = 0
    let count = bytes.count
    while i < count {
      let byte = bytes[i]
      if isLetter(byte) {
        var j = i + 1
        while j < count, isLetter(bytes[j]) { j += 1 }
        tokens.append(Token(kind: .word, start: i, end: j))
        i = j
      } else if isDigit(byte) {
        var j = i + 1
        var value = Int(byte - 48)
        while j < count, isDigit(bytes[j]), value < 100_000 {
          value = value * 10 + Int(bytes[j] - 48)
          j += 1
        }
        // "4a", "4B": a BI-RADS subcategory glued to its number stays with it.
        if j < count, isLetter(bytes[j]), j + 1 == count || !isLetter(bytes[j + 1]) {
          tokens.append(Token(kind: .number(value), start: i, end: j + 1))
          i = j + 1
        } else {
          tokens.append(Token(kind: .number(value), start: i, end: j))
          i = j
        }
      } else if byte == 0x0A {
        // A line break ends a sentence unless the line ends with a colon or comma (a header).
        let previous = lastNonSpace(bytes, before: i)
        if previous != UInt8(ascii: ":"), previous != UInt8(ascii: ",") {
          tokens.append(Token(kind: .sentenceEnd, start: i, end: i + 1))
        }
        i += 1
      } else if byte == UInt8(ascii: "."), i + 2 < count, bytes[i + 1] == byte, bytes[i + 2] == byte {
        // "Composición mamaria .... C": dot leaders of a RIS form stand for a colon.
        var j = i
        while j < count, bytes[j] == byte { j += 1 }
        tokens.append(Token(kind: .mark(UInt8(ascii: ":")), start: i, end: j))
        i = j
      } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
        // "5.ª edición", "1.º": an ordinal (ª and º fold to "#"), not a full stop.
        let decimal =
          i > 0 && i + 1 < count && isDigit(bytes[i - 1])
          && (isDigit(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: "#"))
        // "Mama izda. con …", "Dra. Ana …", "5ª ed.": an abbreviation's dot inside a line.
        let abbreviation =
          byte == UInt8(ascii: ".")
          && tokens.last.map { $0.kind == .word && isAbbreviation(bytes[$0.start..<$0.end]) }
            == true
          && tokens.last?.end == i && continuesLine(text, after: i)
        if !decimal && !abbreviation { tokens.append(Token(kind: .sentenceEnd, start: i, end: i + 1)) }
        i += 1
      } else if byte == 0x20 || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "*") {
        i += 1
      } else {
        tokens.append(Token(kind: .mark(byte), start: i, end: i + 1))
        i += 1
      }
    }
    return annotate(tokens, bytes)
  }

  /// Attaches concepts, joining a word split in two ("hetero geneamente", "bi rads") when the join
  /// is a vocabulary word and splitting glued words ("extremadamentedensas").
  static func annotate(_ raw: [Token], _ bytes: [UInt8]) -> [Token] {
    var result: [Token] = []
    result.reserveCapacity(raw.count)
    var index = 0
    while index < raw.count {
      var token = raw[index]
      guard token.isWord else {
        result.append(token)
        index += 1
        continue
      }
      let word = bytes[token.start..<token.end]
      // "51 a 75 por ciento", "40 percent": the percent sign in words.
      if word.elementsEqual("por".utf8), index + 1 < raw.count, raw[index + 1].isWord,
        bytes[raw[index + 1].start..<raw[index + 1].end].elementsEqual("ciento".utf8)
      {
        result.append(Token(kind: .mark(UInt8(ascii: "%")), start: token.start, end: raw[index + 1].end))
        index += 2
        continue
      }
      // "entre el veinticinco y el cincuenta por ciento", "setenta y cinco": figures in words
      // (from ten up: the small ones stay words, "BI-RADS dos" reads them).
      if let tens = Self.numberWords[Array(word)] {
        var value = tens
        var last = index
        if tens % 10 == 0, tens >= 30, index + 2 < raw.count, raw[index + 1].isWord,
          bytes[raw[index + 1].start..<raw[index + 1].end].elementsEqual("y".utf8), raw[index + 2].isWord,
          let unit = Self.units[Array(bytes[raw[index + 2].start..<raw[index + 2].end])]
        {
          value += unit
          last = index + 2
        }
        result.append(Token(kind: .number(value), start: token.start, end: raw[last].end))
        index = last + 1
        continue
      }
      if word.elementsEqual("porciento".utf8) || word.elementsEqual("percent".utf8) {
        result.append(Token(kind: .mark(UInt8(ascii: "%")), start: token.start, end: token.end))
        index += 1
        continue
      }
      if let found = Lexicon.lookup(word) {
        token.concept = found.concept
        token.fuzzy = found.fuzzy
        // "bi-rads", "bi rads": the hyphen or space splits the name.
      } else if word.elementsEqual("bi".utf8) || word.elementsEqual("vi".utf8) || word.elementsEqual("buy".utf8)
        || word.elementsEqual("b".utf8),
        let joined = birads(after: index, raw, bytes, spelled: word.count == 1)
      {
        // "vi rads", "buy rads": speech recognition's spellings of the same name.
        token.end = raw[joined].end
        token.concept = .birads
        result.append(token)
        index = joined + 1
        continue
      } else if index + 2 < raw.count, raw[index + 1].kind == .mark(UInt8(ascii: "-")),
        raw[index + 1].start == token.end, raw[index + 2].isWord, raw[index + 2].start == raw[index + 1].end,
        word.count >= 4, Lexicon.longWordStarts.contains(Lexicon.packed(word.prefix(4))),
        let found = Lexicon.exactBytes[Array(word) + Array(bytes[raw[index + 2].start..<raw[index + 2].end])]
      {
        // "hetero-géneamente": a word hyphenated at a line end or by the dictation system.
        token.end = raw[index + 2].end
        token.concept = found
        token.fuzzy = true
        result.append(token)
        index += 3
        continue
      } else if index + 1 < raw.count, raw[index + 1].isWord,
        raw[index + 1].start - token.end <= 1, word.count >= 4,
        word.count + (raw[index + 1].end - raw[index + 1].start) >= 8,
        Lexicon.longWordStarts.contains(Lexicon.packed(word.prefix(4)))
      {
        let next = raw[index + 1]
        let joined = Array(word) + Array(bytes[next.start..<next.end])
        // Exact only: a fuzzy join would be tried on every pair of ordinary words.
        if joined.count >= 8, let found = Lexicon.exactBytes[joined] {
          token.end = next.end
          token.concept = found
          token.fuzzy = true
          result.append(token)
          index += 2
          continue
        }
      }
      if token.concept == nil, word.count >= 10, let parts = split(word, token) {
        result.append(contentsOf: parts)
        index += 1
        continue
      }
      result.append(token)
      index += 1
    }
    return result
  }

  /// The "rads" that ends a split BI-RADS; `spelled`: "b i rads", the letters dictated one by one.
  private static func birads(after index: Int, _ raw: [Token], _ bytes: [UInt8], spelled: Bool) -> Int? {
    var next = index + 1
    if spelled {
      guard next < raw.count, raw[next].isWord, bytes[raw[next].start..<raw[next].end].elementsEqual("i".utf8)
      else { return nil }
      next += 1
    }
    if next < raw.count, raw[next].kind == .mark(UInt8(ascii: "-")) { next += 1 }
    guard next < raw.count, raw[next].isWord else { return nil }
    let word = bytes[raw[next].start..<raw[next].end]
    return word.elementsEqual("rads".utf8) || word.elementsEqual("rad".utf8) ? next : nil
  }

  /// Two vocabulary words glued together, when the word splits cleanly into them.
  private static func split(_ word: ArraySlice<UInt8>, _ token: Token) -> [Token]? {
    for cut in 4...(word.count - 4) {
      let head = word[word.startIndex..<(word.startIndex + cut)]
      let tail = word[(word.startIndex + cut)...]
      guard let first = Lexicon.exactConcept(head), let second = Lexicon.exactConcept(tail)
      else { continue }
      let middle = token.start + cut
      return [
        Token(kind: .word, start: token.start, end: middle, concept: first, fuzzy: true),
        Token(kind: .word, start: middle, end: token.end, concept: second, fuzzy: true),
      ]
    }
    return nil
  }

  static let numberWords: [[UInt8]: Int] = Dictionary(
    uniqueKeysWithValues: [
      ("diez", 10), ("quince", 15), ("veinte", 20), ("veinticinco", 25), ("treinta", 30), ("cuarenta", 40),
      ("cincuenta", 50), ("sesenta", 60), ("setenta", 70), ("ochenta", 80), ("noventa", 90), ("cien", 100),
      ("twenty", 20), ("fifty", 50), ("seventy", 70), ("hundred", 100),
    ].map { (Array($0.0.utf8), $0.1) })
  static let units: [[UInt8]: Int] = Dictionary(
    uniqueKeysWithValues: [("uno", 1), ("cinco", 5), ("seis", 6)].map { (Array($0.0.utf8), $0.1) })

  static let abbreviations: Set<[UInt8]> = Set(
    [
      "izda", "izdo", "izq", "izqda", "dcha", "dcho", "dch", "drcha", "der", "dr", "dra", "sra", "aprox", "ed", "cat",
      "prof", "ced", "lic", "tto", "fdo", "pag", "vs", "aprox", "mod", "bilat",
    ].map { Array($0.utf8) })

  private static func isAbbreviation(_ word: ArraySlice<UInt8>) -> Bool {
    word.count <= 5 && abbreviations.contains(Array(word))
  }

  /// Whether the line goes on after `index` with a lower-case word or punctuation: "izda. con",
  /// "ed.):", not "izq. Patrón" (a new sentence) or the end of the line.
  private static func continuesLine(_ text: FoldedText, after index: Int) -> Bool {
    let bytes = text.bytes
    var j = index + 1
    while j < bytes.count, bytes[j] == 0x20 { j += 1 }
    guard j < bytes.count, bytes[j] != 0x0A else { return false }
    if isLetter(bytes[j]) { return !text.capital[j] }
    return bytes[j] == UInt8(ascii: ":") || bytes[j] == UInt8(ascii: ",") || bytes[j] == UInt8(ascii: ")")
      || bytes[j] == UInt8(ascii: ";") || bytes[j] == UInt8(ascii: "(")
  }

  private static func lastNonSpace(_ bytes: [UInt8], before index: Int) -> UInt8? {
    var i = index - 1
    while i >= 0, bytes[i] == 0x20 { i -= 1 }
    return i >= 0 ? bytes[i] : nil
  }

  static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
