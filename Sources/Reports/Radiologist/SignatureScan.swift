/// Finds the reading radiologist in a report's signature block: "Firmado electrónicamente por:
/// Dra. Ana Pérez", "Médico radiólogo: Dr. Luis Gómez", "Fdo.: …", "Electronically signed by …",
/// "Interpreted by …", a closing "Dr./Dra." line, a "Name, MD" line, or the name beside a
/// "Médico Radiólogo" title line. Referring physicians, technologists and transcriptionists are
/// not readers.
enum SignatureScan {
  struct Found {
    var name: String
    /// UTF-8 range of the raw name in the original text.
    var start: Int
    var end: Int
  }

  /// Cues after which the reader's name follows on the same line, or on the next one.
  static let leadingCues: [String] = [
    "firmado electronicamente por", "firmado digitalmente por", "firmado por", "firma electronica",
    "electronically signed by", "electronically signed", "digitally signed by", "signed by", "interpreted by",
    "read by", "reported by", "dictated by", "reviewed and signed by", "final report signed by",
    "informado por", "interpretado por", "validado por", "dictado por", "leido por", "revisado por",
    "medico radiologo", "medica radiologa", "medico radiologa", "medico(a) radiologo(a)", "radiologo",
    "radiologa", "radiologist", "medico informante", "informante", "fdo", "firma", "atentamente", "atte",
    "reading radiologist", "radiologo responsable", "medico responsable", "firmado digitalmente",
    "firmado", "firma digital", "lector", "lectora", "report by", "preliminary report by", "signed",
    "validado", "valido", "verified by", "reporting radiologist", "interpreting physician", "signed electronically",
    "medico adjunto", "medica adjunta", "adjunto", "adjunta", "facultativo responsable", "fea responsable",
    "medico adjunto responsable", "fea", "medico adscrito", "medica adscrita", "adscrito", "adscrita",
    "read remotely by", "interpreto", "reviso", "firma informe", "medico que interpreta", "medico que informa",
    "medica que informa", "medica que interpreta", "asdo", "facultativo", "responsable", "conforme", "authorised by",
    "authorized by", "result authorised by", "film reader", "reader",
    // Catalan: "Signat electrònicament", "Validat per", "Supervisat i signat", "Revisa i signa".
    "signat electronicament", "signat", "signa", "validat per", "validat", "supervisat i signat", "revisa i signa",
    // Mexico: "Revisó y autorizó:", "Vo.Bo. Dra. …" (visto bueno: the attending's approval).
    "reviso y autorizo", "autorizo", "vo.bo.", "vo. bo.", "vobo", "visto bueno",
  ]

  /// A resident's, fellow's or registrar's line: the attending who signs is the reader.
  static let traineeMarkers: [String] = [
    "resident", "(mir", "mir)", " mir ", "mir:", "pgy", "registrar", "elaboro", "preliminary read", "(r1", "(r2", "(r3",
    "(r4", "(r5", "fellow",
  ]

  /// Lines about someone other than the reader.
  static let otherPeople: [String] = [
    "solicit", "referi", "referente", "remit", "tratante", "envia", "ordering", "ordered", "requested",
    "referring", "tecnic", "tecnolog", "technolog", "transcri", "mecanograf", "cc:", "copia", "cabecera",
    "attending physician", "medico de base", "enviado", "derivad", "clinico",
  ]

  /// The reader of a report, looked for only on lines holding a signature word (the lexicon's
  /// `.signature` concept: "firmado", "radiólogo", "Dr.", "signed", …), so reports without a
  /// signature cost nothing.
  static func find(text: String, folded: FoldedText, tokens: [Token]) -> Found? {
    var candidates: [Int] = []
    for (index, token) in tokens.enumerated() {
      // "Ana Pérez, MD": MD after a comma is the degree (elsewhere "MD" is mama derecha).
      let degree =
        token.concept == .right && index > 0 && tokens[index - 1].kind == .mark(UInt8(ascii: ","))
        && folded.bytes[token.start..<token.end].elementsEqual("md".utf8)
      // "Roberto Medina, M.D.": an "m" after a comma, then ".d".
      let dotted =
        token.kind == .word && index > 0 && tokens[index - 1].kind == .mark(UInt8(ascii: ","))
        && folded.bytes[token.start..<token.end].elementsEqual("m".utf8) && token.end + 2 < folded.bytes.count
        && folded.bytes[token.end] == UInt8(ascii: ".") && folded.bytes[token.end + 1] == UInt8(ascii: "d")
      // "Hernández, Robert MD": MD closing a line after a word (the name is then held to capitals).
      let closing =
        token.concept == .right && index > 0 && tokens[index - 1].isWord
        && folded.bytes[token.start..<token.end].elementsEqual("md".utf8)
        && (token.end == folded.bytes.count || folded.bytes[token.end] == 0x0A)
      if token.concept == .signature || degree || dotted || closing { candidates.append(token.start) }
    }
    guard !candidates.isEmpty else { return nil }
    let lines = splitLines(text, folded)
    guard !lines.isEmpty else { return nil }
    let marked = Set(candidates.compactMap { offset in lines.lastIndex { $0.foldedStart <= offset } })
    // The signature closes the report: look from the end, strong cues first.
    // The signature closes the report: the last line that names someone, with a cue or a title.
    for index in lines.indices.reversed() where marked.contains(index) && !isTrainee(lines[index]) {
      if let found = cued(lines, index) ?? titled(lines[index]) { return found }
    }
    return dictatedClosing(text, folded)
  }

  /// Titles a dictated report may say after the name ("… dr andres cardona mejia radiologo").
  static let closingTitles: Set<String> = [
    "radiologo", "radiologa", "medico", "medica", "adscrito", "adscrita", "especialista", "mamografista",
  ]

  /// A report dictated without punctuation or line breaks ends with "… atentamente dra ma elena
  /// robles quiroz": the last "dr"/"dra" in its closing words, then two to five name words, then
  /// nothing but a title.
  private static func dictatedClosing(_ text: String, _ folded: FoldedText) -> Found? {
    let bytes = folded.bytes
    guard bytes.count > 12, !bytes.suffix(160).contains(0x0A) else { return nil }
    let tail = String(decoding: bytes.suffix(90), as: UTF8.self)
    let offset = bytes.count - tail.utf8.count
    let words = tail.split(separator: " ").map { w in
      (word: w, start: offset + tail.utf8.distance(from: tail.startIndex, to: w.startIndex))
    }
    guard let title = words.lastIndex(where: { ["dr", "dra", "dr.", "dra."].contains($0.word) }) else { return nil }
    var names = Array(words[(title + 1)...])
    while let last = names.last, closingTitles.contains(String(last.word)) { names.removeLast() }
    guard (2...5).contains(names.count),
      names.allSatisfy({ w in w.word.allSatisfy { $0.isLetter } && !closingTitles.contains(String(w.word)) }),
      let first = names.first, let last = names.last
    else { return nil }
    let start = folded.starts[first.start]
    let end = folded.ends[last.start + last.word.utf8.count - 1]
    let raw = String(decoding: Array(text.utf8)[start..<end], as: UTF8.self)
    guard let name = RadiologistName.normalize(raw) else { return nil }
    return Found(name: name, start: start, end: end)
  }

  struct Line {
    var text: Substring
    var folded: String
    /// UTF-8 offset of the line in the original text.
    var start: Int
    /// Offset of the line in the folded bytes.
    var foldedStart: Int
  }

  static func splitLines(_ text: String, _ folded: FoldedText) -> [Line] {
    var lines: [Line] = []
    let bytes = folded.bytes
    let original = Array(text.utf8)
    var lineStart = 0
    for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
      defer { lineStart = i + 1 }
      guard i > lineStart, bytes[lineStart..<i].contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { continue }
      let start = folded.starts[lineStart]
      let end = folded.ends[i - 1]
      let line = String(decoding: original[start..<end], as: UTF8.self)
      lines.append(
        Line(
          text: line[...], folded: String(decoding: bytes[lineStart..<i], as: UTF8.self), start: start,
          foldedStart: lineStart))
    }
    return lines
  }

  private static func isOther(_ line: Line) -> Bool { isOther(line.folded[...]) }

  private static func isTrainee(_ line: Line) -> Bool { traineeMarkers.contains { line.folded.contains($0) } }

  /// The part of a line up to the end of its cue: "Dictated by Ana Pérez, MD. Transcribed by: kl"
  /// is the reader's line though it names a transcriptionist after the name.
  private static func isOther(_ folded: Substring) -> Bool { otherPeople.contains { folded.contains($0) } }

  /// A cue at the start of a line (after a heading word or bullet): the name after it, or on the
  /// line after (a "Médico Radiólogo" title line: the line before, which holds the name).
  private static func cued(_ lines: [Line], _ index: Int) -> Found? {
    let line = lines[index]
    let folded = line.folded
    // The cue that opens the line wins ("Fdo.: Ana Pérez. Radióloga." is signed by, not titled).
    let found = cuesLongestFirst.compactMap { cue in folded.range(of: cue).map { (cue, $0) } }
    let ordered = found.sorted { a, b in
      a.1.lowerBound != b.1.lowerBound ? a.1.lowerBound < b.1.lowerBound : a.0.count > b.0.count
    }
    for (cue, range) in ordered {
      // A cue is a word of its own: "firma" is not a cue inside "firmado digitalmente".
      if range.upperBound < folded.endIndex, folded[range.upperBound].isLetter { continue }
      if range.lowerBound > folded.startIndex, folded[folded.index(before: range.lowerBound)].isLetter { continue }
      guard !isOther(folded[..<range.upperBound]) else { return nil }
      let before = folded[..<range.lowerBound]
      let cueOffset = folded.distance(from: folded.startIndex, to: range.upperBound)
      var rest = restOfLine(line, afterFoldedOffset: cueOffset)
      let opensLine = before.allSatisfy { !$0.isLetter }
      let titleCue = cue.hasPrefix("medic") || cue.hasPrefix("radiolog") || cue == "informante"
      if titleCue {
        // "Radiólogo responsable: Dra. …": a title introduces a name only through a colon; after a
        // dash or comma comes the affiliation ("Radióloga – Unidad de Mama").
        if let after = afterColon(rest, within: 40) {
          rest = after
          if let found = name(in: rest.text, start: rest.start, strict: !opensLine) { return found }
        }
        // "Ana Pérez, Médica Radióloga": the name before the title.
        if !opensLine, before.hasSuffix(", ") || before.hasSuffix(" - ") || before.hasSuffix(",") {
          return name(in: line.text[...], start: line.start, stopAtFolded: before.count, strict: true)
        }
        if opensLine {
          // "Vo.Bo. Dra. …" above "Médico Radiólogo adscrito": the line's own cue first.
          if index > 0, !isOther(lines[index - 1]), let found = cued(lines, index - 1) ?? plain(lines[index - 1]) {
            return found
          }
          if rest.text.allSatisfy({ !$0.isLetter }), index + 1 < lines.count, !isOther(lines[index + 1]),
            let found = plain(lines[index + 1])
          {
            return found
          }
        }
        return nil
      }
      // "Revisó y autorizó: Dra. …": the cue's own words run on to a colon.
      if let after = afterColon(rest, within: 16, words: 2) { rest = after }
      // "Firmado electrónicamente por: …", "Informe validado por: …".
      if let found = name(in: rest.text, start: rest.start, strict: !opensLine) { return found }
      if rest.text.allSatisfy({ !$0.isLetter }), index + 1 < lines.count, !isOther(lines[index + 1]),
        let found = plain(lines[index + 1])
      {
        return found
      }
      return nil
    }
    return nil
  }

  static let cuesLongestFirst = leadingCues.sorted { $0.count > $1.count }

  /// The text after a colon in the first `within` characters of `rest`, with at most `words`
  /// words before it ("Radiólogo responsable: Dra. …", "Revisó y autorizó: Dra. …").
  private static func afterColon(
    _ rest: (text: Substring, start: Int), within: Int, words: Int = .max
  ) -> (text: Substring, start: Int)? {
    guard let colon = rest.text.prefix(within).firstIndex(of: ":"),
      rest.text[..<colon].split(separator: " ").count <= words
    else { return nil }
    let after = rest.text[rest.text.index(after: colon)...]
    return (after, rest.start + rest.text.utf8.distance(from: rest.text.startIndex, to: after.startIndex))
  }

  /// A closing "Dr. …"/"Dra. …" line, or "Name, MD".
  private static func titled(_ line: Line) -> Found? {
    guard !isOther(line) else { return nil }
    let f = line.folded.drop { $0 == " " || $0 == "-" || $0 == "*" || $0 == "_" }
    // "Prof. Dr. …", "Md. Jorge …" (médico, in Ecuador), "Arrieta Ugalde, Maite (Dra.)".
    let titledStart =
      ["dr.", "dra.", "dr ", "dra ", "dr(a)", "doctor ", "doctora ", "dr:", "prof. dr", "md. "].contains {
        f.hasPrefix($0)
      }
      || line.folded.contains("(dra") || line.folded.contains("(dr.") || line.folded.contains("(dr)")
    let degree = [", md", ", m.d", ", do", ", facr", " md", " m.d."].contains { d in
      line.folded.hasSuffix(d) || line.folded.contains(d + ",") || line.folded.contains(d + " ")
        || (d.contains(".") && line.folded.contains(d))
    }
    guard titledStart || degree else { return nil }
    // A bare "… MD" at a line end may be "nódulo en MD": only capitalised words make it a name.
    let commaDegree = [", md", ", m.d", ", do", ", facr"].contains { line.folded.contains($0) }
    return name(in: line.text[...], start: line.start, strict: !titledStart && !commaDegree)
  }

  /// A line next to a cue: a name if it looks like one (capitalised words), or carries a title.
  private static func plain(_ line: Line) -> Found? {
    let titledStart = line.folded.drop { !$0.isLetter }.hasPrefix("dr")
    return name(in: line.text[...], start: line.start, strict: !titledStart)
  }

  private static func restOfLine(_ line: Line, afterFoldedOffset offset: Int) -> (text: Substring, start: Int) {
    // Folded bytes map to scalars one to one except combining marks, which the fold drops.
    var scalars = 0
    var index = line.text.startIndex
    var bytes = 0
    while index < line.text.endIndex, scalars < offset {
      let character = line.text[index]
      for scalar in character.unicodeScalars where FoldedText.fold(scalar.value) != nil { scalars += 1 }
      bytes += character.utf8.count
      index = line.text.index(after: index)
    }
    return (line.text[index...], line.start + bytes)
  }

  /// The name in a piece of a line, when what is there is a name (2–7 name words after titles).
  private static func name(in text: Substring, start: Int, stopAtFolded: Int? = nil, strict: Bool) -> Found? {
    var piece = text
    if let stop = stopAtFolded {
      var index = piece.startIndex
      var scalars = 0
      while index < piece.endIndex, scalars < stop {
        for scalar in piece[index].unicodeScalars where FoldedText.fold(scalar.value) != nil { scalars += 1 }
        index = piece.index(after: index)
      }
      piece = piece[..<index]
    }
    let trimmed = piece.drop { !$0.isLetter }
    guard let normalized = RadiologistName.normalize(String(trimmed)) else { return nil }
    let words = normalized.split(separator: " ")
    // Without a cue that introduces a name, only capitalised words are one ("Ana de la Cruz").
    if strict {
      let capitalised = words.allSatisfy { word in
        RadiologistName.particles.contains(word.lowercased()) || word.first?.isUppercase == true
      }
      guard capitalised else { return nil }
    }
    // One word is a name only when a title came with it ("Dr. Pérez").
    let folded = String(decoding: FoldedText(String(trimmed)).bytes, as: UTF8.self)
    guard words.count >= 2 || folded.hasPrefix("dr") else { return nil }
    let lead = text.utf8.distance(from: text.startIndex, to: trimmed.startIndex)
    let raw = trimmed.prefix { $0 != "\n" }.utf8.count
    return Found(name: normalized, start: start + lead, end: start + lead + raw)
  }
}
