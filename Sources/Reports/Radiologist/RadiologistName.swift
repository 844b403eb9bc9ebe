import Foundation

/// A reading radiologist's name as QA groups by it: no titles ("Dr.", "Dra.", "MD", "Médico
/// radiólogo"), no licence numbers ("Cédula Prof. 1234567", "M.N. 12345", "Col. 2828"), no dates,
/// in natural order ("PÉREZ, Ana" → "Ana Pérez"), accents as written; a name written all in capitals
/// gets its words capitalised so that one radiologist is one name.
public enum RadiologistName {
  /// The normalised name, or nil when nothing name-like is left.
  public static func normalize(_ raw: String) -> String? {
    // "Dra. Rocío Villalba (lectora de arbitraje)", "Dr. Pablo Navas (MIR 3er año)": a parenthesis
    // is a role, not part of the name ("Dr(a).": the title's own is dropped with the title).
    var text = Substring(removingParentheses(raw))
    // A dash or bar ends the name ("Dra. Ana Pérez – Radióloga", "Dr. Luis Gómez | M.N. 1234").
    if let dash = text.firstIndex(where: { "–—|".contains($0) }) { text = text[..<dash] }
    if let dash = text.range(of: " - ") { text = text[..<dash.lowerBound] }
    // A RIS layout separates fields by runs of spaces ("Dr. Ricardo Ulloa  Guadalajara").
    if let gap = text.range(of: "  "), text[..<gap.lowerBound].contains(where: \.isLetter) {
      text = text[..<gap.lowerBound]
    }
    // "Dra. Ana Vilaró Castells. Facultativo especialista": a full stop after a word ends it.
    text = cutAtFullStop(text)
    // A licence number, registration or date ends the name: cut at the first keyword or digit.
    text = cutAtLicence(text)
    var parts = text.split(separator: ",", omittingEmptySubsequences: true).map {
      words(of: $0).filter { !isTitle($0) }
    }
    parts.removeAll { $0.isEmpty }
    // "…, Hospital de Barbastro", "…, Unidad de Mama": a place after the name.
    parts.removeAll { part in
      part.first.map { placeWords.contains(String(decoding: FoldedText(String($0)).bytes, as: UTF8.self)) } ?? false
    }
    guard !parts.isEmpty else { return nil }
    var nameWords: [Substring]
    // "PÉREZ LÓPEZ, Ana María": surname first, as RIS exports and HL7 XCN write it.
    if parts.count == 2, parts[1].count <= 3, parts[0].count <= 3 {
      nameWords = parts[1] + parts[0]
    } else {
      nameWords = parts[0]
    }
    nameWords = nameWords.filter { !isTitle($0) }
    // "Omar Tenorio Bautista HGR": an acronym in capitals without a vowel, after a name that is not
    // in capitals, is the unit, not a surname ("PAZ", "RUIZ" are surnames).
    if nameWords.contains(where: { $0.contains(where: \.isLowercase) }),
      let acronym = nameWords.firstIndex(where: { w in
        w.count >= 2 && w.count <= 5 && w.allSatisfy(\.isUppercase) && !w.contains(where: { "AEIOUÁÉÍÓÚ".contains($0) })
      }),
      acronym >= 2
    {
      nameWords = Array(nameWords[..<acronym])
    }
    guard !nameWords.isEmpty, nameWords.count <= 7 else { return nil }
    guard nameWords.allSatisfy(isNameWord) else { return nil }
    guard nameWords.joined().filter(\.isLetter).count >= 2 else { return nil }
    // A word in capitals ("PÉREZ") is written as a name, so that one radiologist is one name.
    return nameWords.map { word in
      word.filter(\.isLetter).count >= 2 && word.allSatisfy({ !$0.isLowercase }) ? capitalised(word) : String(word)
    }.joined(separator: " ")
  }

  /// The text before the first full stop that follows a word of four letters or more (initials
  /// and short abbreviations, "K.", "Ma.", "Fco.", keep their dot).
  static func cutAtFullStop(_ text: Substring) -> Substring {
    var letters = 0
    // Only after a word of the name itself: "Prof. Dr. Osvaldo …", "Md. Jorge …" keep going.
    var named = false
    for index in text.indices {
      let c = text[index]
      if c.isLetter {
        letters += 1
      } else {
        if letters > 0 {
          let word = text[text.index(index, offsetBy: -letters)..<index]
          if c == "." && named {
            if letters >= 4 { return text[..<index] }
            // "Ana Pérez, MD. Transcribed by: kl": a degree's dot ends the name too.
            if ["md", "do", "phd", "facr", "frcr"].contains(word.lowercased()) { return text[..<index] }
          }
          if letters >= 2, !isTitle(word) { named = true }
        }
        letters = 0
      }
    }
    return text
  }

  /// A short, stable pseudonym for logs: names are patient-free but still personal.
  public static func pseudonym(_ name: String) -> String {
    // FNV-1a over the folded name: the same radiologist gets the same tag in every log.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in FoldedText(name).bytes where byte != 0x20 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash >> 32, radix: 16)
    return "reader-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
  }

  static func words(of text: Substring) -> [Substring] {
    text.split { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }.map { word in
      Substring(word.trimmingCharacters(in: trimmed))
    }.filter { !$0.isEmpty && $0 != "-" && $0 != "–" }
  }

  private static let trimmed = CharacterSet(charactersIn: ":;|/()[]\"“”'*_")

  /// Titles and degrees, folded and without dots.
  static let titles: Set<String> = [
    "dr", "dra", "dr(a)", "dra(o)", "doctor", "doctora", "lic", "licda", "licdo", "md", "m.d", "do", "phd", "facr",
    "mtro", "mtra", "prof", "medico", "medica", "radiologo", "radiologa", "radiologist", "especialista",
    "en", "radiologia", "imagenologia", "imagenologo", "imagenologa", "diagnostica", "e", "imagen", "mba", "msc",
    "sr", "sra", "staff", "adjunto", "adjunta", "attending", "jefe", "jefa", "servicio", "mammographer",
    "senologo", "senologa", "by", "por", "firmado", "electronicamente", "signed", "electronically",
    "interpreted", "read", "reported", "informado", "interpretado", "validado", "fdo", "firma", "dictated",
    "dictado", "reading", "radiologista", "medico(a)", "residente", "y", "imaging", "breast", "facultativo",
    "facultativa", "responsable", "informante", "consultant", "frcr", "fea", "final", "dict", "valido",
    "interpreting", "physician", "verified", "reporting", "signat", "validat", "supervisat", "signa", "revisa",
    "lector", "lectora", "preliminary", "report", "facs", "mrcp", "frcp", "es", "radiodiagnostico", "authorised",
    "authorized", "film", "reader", "remotely", "board", "certified", "adscrito", "adscrita", "frcpc", "reviso",
    "interpreto", "punto", "asdo", "conforme",
  ]

  /// First words of a place or unit written after the name.
  static let placeWords: Set<String> = [
    "hospital", "clinica", "centro", "unidad", "servicio", "seccion", "sanatorio", "instituto", "departamento",
  ]

  static func isTitle(_ word: Substring) -> Bool {
    var folded = String(decoding: FoldedText(String(word)).bytes, as: UTF8.self)
    // "Y.", "E.": a middle initial, not the conjunction.
    if folded.count == 2, folded.hasSuffix(".") { return false }
    folded.removeAll { $0 == "." }
    return titles.contains(folded)
  }

  /// The text without its parenthesised parts (an unclosed one runs to the end).
  static func removingParentheses(_ raw: String) -> String {
    var out = ""
    var depth = 0
    for c in raw {
      if c == "(" {
        depth += 1
      } else if c == ")" {
        depth = max(0, depth - 1)
      } else if depth == 0 {
        out.append(c)
      }
    }
    return out
  }

  /// Letters (any script, accents), an inner apostrophe or hyphen, or an initial with its dot.
  static func isNameWord(_ word: Substring) -> Bool {
    guard let first = word.first, first.isLetter else { return false }
    return word.allSatisfy { $0.isLetter || $0 == "'" || $0 == "’" || $0 == "-" || $0 == "." }
  }

  /// Keywords that start a licence number or registration, folded and without dots.
  static let licenceWords: Set<String> = [
    "ced", "cedula", "cedprof", "mn", "mp", "matricula", "mat", "reg", "registro", "rm",
    "col", "colegiado", "colegiada", "ncol", "no", "num", "numero", "cmp", "rne", "npi", "license", "lic#",
    "fecha", "date", "ssa", "dgp", "cmcm", "rut",
  ]

  static func cutAtLicence(_ text: Substring) -> Substring {
    var end = text.endIndex
    if let digit = text.firstIndex(where: \.isNumber) { end = digit }
    var index = text.startIndex
    var wordStart: Substring.Index?
    while index < end {
      let c = text[index]
      if c.isLetter || c == "." {
        if wordStart == nil { wordStart = index }
      } else {
        if let start = wordStart, isLicenceWord(text[start..<index], next: c) {
          end = start
          break
        }
        wordStart = nil
      }
      index = text.index(after: index)
    }
    if let start = wordStart, start < end, isLicenceWord(text[start..<end], next: " ") { end = start }
    // "… el 12/03/2024", "… on 03/14/2025": a date follows the name.
    let kept = text[text.startIndex..<end]
    if end < text.endIndex, let last = kept.split(whereSeparator: { $0 == " " || $0 == "\t" }).last,
      ["el", "on", "at", "a", "del", "fecha", "date"].contains(last.lowercased())
    {
      return kept[..<last.startIndex]
    }
    return kept
  }

  private static func isLicenceWord(_ word: Substring, next: Character) -> Bool {
    var folded = String(decoding: FoldedText(String(word)).bytes, as: UTF8.self)
    let dotted = folded.contains(".")
    folded.removeAll { $0 == "." }
    guard licenceWords.contains(folded) else { return false }
    // "No." is a keyword only as an abbreviation.
    return folded != "no" || dotted || next == ":"
  }

  static let particles: Set<String> = ["de", "del", "la", "las", "los", "y", "van", "von", "da", "do", "dos"]

  static func capitalised(_ word: Substring) -> String {
    let lower = word.lowercased()
    if particles.contains(lower) { return lower }
    var out = ""
    var upperNext = true
    for c in lower {
      out += upperNext ? c.uppercased() : String(c)
      upperNext = c == "-" || c == "'" || c == "’"
    }
    return out
  }
}
