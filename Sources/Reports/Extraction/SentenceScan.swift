import BIRADS

/// Walks a report sentence by sentence, tracking context token by token (which exam a clause is
/// about, which breast), and collects every composition statement with the guards that may
/// exclude it.
struct SentenceScan {
  let tokens: [Token]
  let bytes: [UInt8]
  /// Which exam each token's clause is about.
  var scope: [MentionScope]
  /// The side each token's statement is about, if one was named.
  var side: [Laterality?]
  var mentions: [CompositionMention] = []
  /// Breasts the report says were removed (not negated).
  var mastectomy: Set<Laterality> = []
  /// A sentence says the prior exam's density was the same, without naming it.
  var priorSameAsCurrent = false
  /// The sentence opens by likening the exam to a prior one ("Al igual que en el estudio de
  /// 2022, …", "Como en el control previo, …"): what follows is the current exam, the same as then.
  private var stableLead = false
  /// The report is about a man's breast (gynaecomastia, "paciente masculino"): "tejido adiposo"
  /// there is no composition category.
  private var malePatient = false

  init(tokens: [Token], bytes: [UInt8]) {
    self.tokens = tokens
    self.bytes = bytes
    scope = Array(repeating: .unspecified, count: tokens.count)
    side = Array(repeating: nil, count: tokens.count)
  }

  static let denseWords: Set<Concept> = [.dense, .density]
  static let priorAnchors: Set<Concept> = [.exam, .density, .pattern, .composition]
  static let labelWords: Set<Concept> = [.density, .composition, .pattern]
  static let tableLabels: Set<Concept> = [.density, .composition, .pattern, .acr]

  /// Whether each token lies in a statement about a prior study.
  var prior: [Bool] { scope.map { $0 == .prior } }

  /// The breasts a table's header line names, in column order ("MD        MI").
  private var columnSides: [Laterality]?
  /// The side of a "MAMA DERECHA:" section, kept for the sentences under it.
  private var sectionSide: Laterality?
  /// "Right breast - b. There are scattered areas…": a side label opening a line speaks for the
  /// line's later sentences too (the side and the label's first token).
  private var lineSide: (side: Laterality, from: Int)?
  /// The sentence being scanned continues such a line (a density list stays open across it).
  private var continuesSideLine = false
  /// A "Densidad mamaria:" / "Patrón actual:" label closed its line: the lines under it give each
  /// breast its category ("MD: B", "- Mama izquierda: c.").
  private var densityListOpen = false
  /// Tokens after such a label, where "MD: B" is a composition statement.
  private var underDensityLabel = Set<Int>()
  /// The report's own exam is an ultrasound or an MRI (its title says so and names no mammogram):
  /// a mammographic composition it states is an earlier mammogram's.
  private var otherModality = false
  /// Where an addendum begins, and its last correction cue ("debe decir", "the correct density is").
  private(set) var addendumStart: Int?
  private var correctionAt: Int?

  mutating func run() {
    malePatient = (0..<tokens.count).contains { k in
      tokens[k].isWord
        && ["ginecomastia", "gynecomastia", "masculino", "varon", "male"].contains { isWord(k, $0) }
    }
    markBareSideItems()
    otherModality = reportsAnotherModality()
    addendumStart = Addendum.start(tokens, bytes)
    correctionAt = addendumStart.flatMap { Addendum.correction(tokens, bytes, after: $0) }
    var start = 0
    while start < tokens.count {
      var end = start
      while end < tokens.count, tokens[end].kind != .sentenceEnd { end += 1 }
      if end > start {
        scanSentence(start, end)
      } else if end < tokens.count, isBlankLine(end) {
        sectionSide = nil
        densityListOpen = false
      }
      start = end + 1
    }
    assignRemainingBreast()
  }

  private func concept(_ index: Int) -> Concept? { tokens[index].concept }

  private func isMark(_ index: Int, _ m: Character) -> Bool {
    guard index >= 0, index < tokens.count, case .mark(let v) = tokens[index].kind else { return false }
    return v == m.asciiValue
  }

  private func isClauseMark(_ index: Int) -> Bool {
    switch tokens[index].kind {
    case .mark(let m):
      m == UInt8(ascii: ",") || m == UInt8(ascii: ";") || m == UInt8(ascii: ":") || m == UInt8(ascii: "(")
        || m == UInt8(ascii: ")")
    default: false
    }
  }

  private func word(_ index: Int) -> ArraySlice<UInt8> { bytes[tokens[index].start..<tokens[index].end] }

  private func isWord(_ index: Int, _ text: String) -> Bool {
    // The length first: most words differ in it, and the byte comparison is the hot path.
    index >= 0 && index < tokens.count && tokens[index].isWord
      && tokens[index].end - tokens[index].start == text.utf8.count && word(index).elementsEqual(text.utf8)
  }

  private func lineBreak(between a: Int, _ b: Int) -> Bool {
    bytes[tokens[a].end..<tokens[b].start].contains(0x0A)
  }

  /// A newline sentence end right after another one: an empty line, which ends a section.
  private func isBlankLine(_ index: Int) -> Bool {
    guard bytes[tokens[index].start] == 0x0A, index > 0, tokens[index - 1].kind == .sentenceEnd else { return false }
    return bytes[tokens[index - 1].start] == 0x0A
  }

  // MARK: Scope

  /// "previo", "anterior", "prior" name a prior exam only next to an exam or a density word
  /// ("estudio previo", "mastografía anterior", "densidad previa", "prior study"): "cirugía previa"
  /// and "tercio anterior" do not.
  private func isPriorReference(_ i: Int, _ start: Int, _ end: Int) -> Bool {
    guard concept(i) == .priorWeak else { return false }
    // "Previa: B", "Prior: C", "(previo 2021: B)", "Previo (2019): patrón tipo B": a label.
    if isMark(i + 1, ":") || (i + 2 < end && tokens[i + 1].kind.isYear && isMark(i + 2, ":")) { return true }
    if i + 4 < end, isMark(i + 1, "("), tokens[i + 2].kind.isYear, isMark(i + 3, ")"), isMark(i + 4, ":") {
      return true
    }
    // "Previo de 2020 con patrón II", "Previa 2019: …": a sentence opened by the prior and its year.
    if i == start, i + 1 < end {
      let yearAt = isWord(i + 1, "de") || isWord(i + 1, "del") ? i + 2 : i + 1
      if yearAt < end, tokens[yearAt].kind.isYear, tokens[yearAt].end - tokens[yearAt].start == 4 { return true }
    }
    let anchors = Self.priorAnchors
    for j in max(start, i - 3)..<i where concept(j).map(anchors.contains) == true { return true }
    for j in (i + 1)..<min(end, i + 3) where concept(j).map(anchors.contains) == true { return true }
    // "Informe externo", "outside report": the prior exam's report.
    if isWord(i - 1, "informe") || isWord(i - 1, "reporte") || isWord(i + 1, "report") || isWord(i + 1, "reports") {
      return true
    }
    // "respecto al previo", "compared to prior", "the prior": the word stands for the exam.
    if isWord(i - 1, "al") || isWord(i - 1, "el") || isWord(i - 1, "del") || isWord(i - 1, "la")
      || isWord(i - 1, "the") || isWord(i - 1, "to") || isWord(i - 1, "with") || isWord(i - 1, "from")
      || isWord(i - 1, "than")
    {
      return !(i + 1 < end && tokens[i + 1].isWord && tokens[i + 1].concept == nil && word(i + 1).count > 3)
    }
    return false
  }

  /// "la mastografía de 2021", "estudio del 03/07/2023", "en 2020": an exam of another date.
  private func isDatedExam(_ i: Int, _ end: Int) -> Bool {
    // "on the 2021 exam", "el control 2022": the year before the exam word.
    if tokens[i].kind.isYear, tokens[i].end - tokens[i].start == 4, i + 1 < end, concept(i + 1) == .exam,
      ["the", "la", "el", "su", "her"].contains(where: { isWord(i - 1, $0) })
    {
      return true
    }
    // "en dicho examen", "en aquella mamografía": the exam just named, which was a prior one.
    if ["dicho", "dicha", "aquel", "aquella"].contains(where: { isWord(i, $0) }), i + 1 < end, concept(i + 1) == .exam {
      return true
    }
    let opener = concept(i) == .exam || isWord(i, "en") || isWord(i, "in")
    guard opener else { return false }
    let reach = concept(i) == .exam ? 7 : 1
    var j = i + 1
    while j < end, j <= i + reach {
      if case .number(let n) = tokens[j].kind {
        if (1980...2100).contains(n) && tokens[j].end - tokens[j].start == 4 { return true }
        // A day/month date: "03/07/2023", "09/2021".
        if concept(i) == .exam, isMark(j + 1, "/"), j + 2 < end, case .number = tokens[j + 2].kind { return true }
        return false
      }
      // "la mamografía de screening del 19/02/2024", "mamografía de fecha 20/10/2023": ordinary
      // words may sit between the exam and its date; a word of the vocabulary may not.
      if tokens[j].isWord, concept(j) != nil, concept(j) != .priorWeak, concept(j) != .exam { return false }
      j += 1
    }
    return false
  }

  /// "informada como", "reportado como", "descrita como", "reported as": how a prior was read.
  private func reportedAs(_ i: Int) -> Bool {
    guard tokens[i].isWord, isWord(i + 1, "como") || isWord(i + 1, "as") else { return false }
    let w = word(i)
    return ["informad", "reportad", "descrit", "clasificad", "catalogad", "reported", "described", "read"].contains {
      w.starts(with: $0.utf8)
    }
  }

  /// "igual que en el estudio de 2022", "como en el control previo": a likeness word followed, in
  /// its clause, by a prior exam.
  private func likensToPrior(_ i: Int, _ end: Int) -> Bool {
    // "como en el estudio previo", "similar a la del previo", "igual que en 2022"; not "se realiza
    // como complemento de la mamografía de 2023".
    let joiners = isWord(i, "como") ? ["en", "el", "la", "al", "in"] : Self.likenessJoiners
    guard i + 1 < end, tokens[i + 1].isWord, joiners.contains(where: { isWord(i + 1, $0) })
    else { return false }
    var j = i + 1
    while j < end, j <= i + 6 {
      if isClauseMark(j) { return false }
      if isDatedExam(j, end) || concept(j) == .priorWeak { return true }
      j += 1
    }
    return false
  }

  static let likenessJoiners = ["a", "al", "que", "en", "to", "as", "with", "con", "del", "de", "at", "from", "la"]

  /// "no presente en el estudio de 2022", "not seen on the prior": a prior named as the place a
  /// finding was absent; the sentence is about the current exam.
  private func absentFromPrior(_ i: Int, _ start: Int) -> Bool {
    (max(start, i - 4)..<i).contains { concept($0) == .negation }
  }

  /// "este estudio", "this exam", "el estudio actual": the exam being reported.
  private func isCurrentReference(_ i: Int, _ end: Int) -> Bool {
    if concept(i) == .current { return true }
    if concept(i) == .this, i + 1 < end, concept(i + 1) == .exam { return true }
    return false
  }

  private mutating func assignScopes(_ start: Int, _ end: Int) -> [Int: String] {
    var reasons: [Int: String] = [:]
    var current = MentionScope.unspecified
    var reason: String?
    var weak = false
    var comparison = false
    var stack: [(MentionScope, String?, Bool)] = []
    // The last prior exam named, even inside a comparison ("comparado con mamografía de 2022").
    var priorNamedAt: Int?
    // Where a likeness word stood.
    var stableAt: Int?
    // A relative clause about a prior exam, which ends at the next comma.
    var relativeClause = false
    stableLead = false
    // "Antecedente: mastografía de 2021 en otra unidad; su reporte describe patrón tipo 3": the
    // history line speaks of an earlier exam throughout.
    let historyLine =
      tokens[start].isWord
      && ["antecedente", "antecedentes", "history", "historia"].contains { isWord(start, $0) }
      && isMark(start + 1, ":")
      && (start..<end).contains { concept($0) == .exam || tokens[$0].kind.isYear }
    if historyLine {
      current = .prior
      reason = String(decoding: word(start), as: UTF8.self) + ":"
    }
    for i in start..<end {
      if isDatedExam(i, end) || isPriorReference(i, start, end) { priorNamedAt = i }
      if isMark(i, "(") {
        stack.append((current, reason, weak))
        // "… mamografía de 2022 (BI-RADS 2)", "respecto del estudio de 2020 (ACR B)": the
        // parenthesis right after a prior exam describes that exam.
        // "densidad similar a la del estudio previo (tipo c)": the value is the current exam's,
        // said to be the prior's too.
        let likenedDensity =
          stableAt.map { at in
            (start..<at).contains { concept($0) == .density || concept($0) == .composition || concept($0) == .pattern }
          } ?? false
        if let named = priorNamedAt, i - named <= 4, current != .current, !likenedDensity {
          current = .prior
          reason = String(decoding: word(named), as: UTF8.self) + " (…)"
          weak = true
        } else if i > start, tokens[i - 1].kind.isYear, priorNamedAt != nil || comparison, current != .current,
          !likenedDensity
        {
          // "estudios de 2019 (…) y 2022 (mamas con densidades dispersas)", "del 15/01/2024 (mamas
          // tipo B)": a parenthesis after a prior's date describes that exam.
          current = .prior
          reason = String(decoding: word(i - 1), as: UTF8.self) + " (…)"
          weak = true
        }
      } else if isMark(i, ")"), let saved = stack.popLast() {
        (current, reason, weak) = saved
      } else if isMark(i, ";"), weak {
        current = .unspecified
        reason = nil
        weak = false
      } else if isMark(i, ","), relativeClause {
        current = .unspecified
        reason = nil
        weak = false
        relativeClause = false
      }
      // "mamografía de 03/2022 …, informada como patrón fibroglandular disperso", "estudios de
      // 2019 y 2022, en los cuales las mamas correspondían a tipo C", "donde se describió …": what
      // a clause says of a prior exam named before it is that exam's.
      if let named = priorNamedAt, current != .current, current != .prior, i - named <= 12,
        reportedAs(i)
          || (concept(i) == .relative || isWord(i, "cuales") || isWord(i, "donde") || isWord(i, "where"))
            && i - named <= 6
      {
        current = .prior
        reason = String(decoding: word(i), as: UTF8.self)
        weak = true
        relativeClause = !reportedAs(i)
      }
      // "Mammogram reported heterogeneously dense breasts", "la mamografía mostró …": an exam in the
      // past tense.
      if concept(i) == .exam, i + 1 < end, tokens[i + 1].isWord,
        ["reported", "showed", "demonstrated", "described", "revealed", "informo", "mostro", "reporto", "describio"]
          .contains(where: { isWord(i + 1, $0) })
      {
        current = .prior
        reason = String(decoding: word(i + 1), as: UTF8.self)
        weak = false
      }
      if !comparison, current != .prior, isDatedExam(i, end), !absentFromPrior(i, start) {
        current = .prior
        reason = String(decoding: word(i), as: UTF8.self) + " (dated)"
        weak = true
      }
      switch concept(i) {
      // "COMPARISON: 2021 (heterogeneously dense)": a section about the prior exam.
      // The section runs on past a semicolon ("COMPARISON: Outside mammogram from 2022; the outside
      // report describes …").
      case .comparison where isMark(i + 1, ":"):
        current = .prior
        reason = String(decoding: word(i), as: UTF8.self) + ":"
        weak = false
      case .comparison: comparison = true
      case .stable where !comparison && likensToPrior(i, end):
        comparison = true
        stableLead = true
        stableAt = i
      case .priorStrong:
        current = .prior
        reason = String(decoding: word(i), as: UTF8.self)
        weak = false
      case .priorWeak:
        // "Comparado con el estudio previo, …": the current exam is being described.
        if !comparison, isPriorReference(i, start, end), !absentFromPrior(i, start) {
          current = .prior
          reason = String(decoding: word(i), as: UTF8.self)
          weak = true
        }
      case .current, .this:
        if isCurrentReference(i, end) {
          current = .current
          reason = String(decoding: word(i), as: UTF8.self)
          weak = false
        }
      default: break
      }
      scope[i] = current
      if let reason { reasons[i] = reason }
    }
    return reasons
  }

  /// "Patrón tipo B en el estudio previo", "densidad C descrita en la mastografía anterior": a
  /// reference to the prior exam after the statement, in its clause, makes it the prior's;
  /// "similar al previo", "sin cambios respecto al anterior" do not.
  private func trailingScope(_ mention: CompositionMention, _ end: Int) -> (MentionScope, String)? {
    var j = mention.last + 1
    while j < end, j <= mention.last + 8 {
      if isClauseMark(j) || concept(j) == .relative { return nil }
      if concept(j) == .stable || concept(j) == .comparison { return nil }
      // "… dense breasts on mammogram dated 01/22/2024": the exam named after the statement.
      if concept(j) == .priorStrong || isPriorReference(j, mention.first, end) || isDatedExam(j, end) {
        return (.prior, String(decoding: word(j), as: UTF8.self))
      }
      if isCurrentReference(j, end) { return (.current, String(decoding: word(j), as: UTF8.self)) }
      j += 1
    }
    return nil
  }

  // MARK: Sentences

  private mutating func scanSentence(_ start: Int, _ end: Int) {
    let reasons = assignScopes(start, end)
    // "MAMA DERECHA:" opens a section about that breast; a title ("IMPRESIÓN:") or a statement
    // about both breasts closes it.
    // Only a title on its own line opens a section ("Mama derecha: nódulo de 5 mm." speaks of the
    // right breast in that sentence alone).
    var k = start
    if k < end, concept(k) == .breast { k += 1 }
    if k < end, concept(k) == .right || concept(k) == .left,
      k + 1 == end || (isMark(k + 1, ":") && (k + 2 == end || lineBreak(between: k + 1, k + 2)))
    {
      sectionSide = concept(k) == .right ? .right : .left
    } else if concept(start) == .heading, start + 1 < end, isMark(start + 1, ":") {
      sectionSide = nil
    } else if (start..<end).contains(where: { concept($0) == .breasts }) {
      sectionSide = nil
    }
    var currentSide: Laterality? = sectionSide
    if let line = lineSide, line.from < start, !lineBreak(between: line.from, start) {
      currentSide = currentSide ?? line.side
      continuesSideLine = true
    } else {
      lineSide = nil
      continuesSideLine = false
    }
    var generic: [Int] = []
    for i in start..<end {
      switch concept(i) {
      case .right: currentSide = .right
      case .left: currentSide = .left
      case .breasts: currentSide = nil
      case .generic: generic.append(i)
      case .mastectomy:
        if !negated(i, start) {
          let named = sideOf(i, i, end) ?? currentSide
          if let named {
            mastectomy.insert(named)
          } else if isWord(i + 1, "bilateral") {
            mastectomy.formUnion([.right, .left])
          }
        }
      default: break
      }
      side[i] = currentSide
    }
    markDensityList(start, end)
    let firstNew = mentions.count
    var used = Set<Int>()
    tableRow(start, end, &used)
    for i in start..<end { detect(at: i, start, end, &used) }
    // Ambiguous "mamas densas": a density word not already part of a decided statement.
    for i in start..<end where concept(i) == .dense && !used.contains(i) {
      guard let j = find([.breast, .breasts, .pattern, .density], in: max(start, i - 3)..<i) else { continue }
      // "patrón denso IV", "patrón denso tipo c", "MD: denso 4": the code that follows decides.
      if namesCategory(i + 1, end) { continue }
      // "Patrón mamario: denso", "mamas densas", "dense breasts": c or d, so undecided unless
      // another statement names the category (LABELS.md: one writer read "patrón denso" as d,
      // every other read bare "dense" as either).
      mentions.append(
        CompositionMention(
          category: nil, form: .ambiguous, notation: .words, side: side[j], first: j, last: i, fuzzy: false))
    }
    // "Left breast - c. Heterogeneously dense, with …": the line's later sentences describe the
    // category its side label gave ("Mama izquierda: sin hallazgos." gives none, and no side).
    // ("BREAST COMPOSITION:\nRight breast - b" is one sentence: the label's line is its first.)
    if mentions.count > firstNew {
      let lastLine = (start..<end).last { k in k > start && lineBreak(between: k - 1, k) } ?? start
      if let side = sideItemSide(lastLine, end) { lineSide = (side, lastLine) }
    }
    // "heterogéneas o extremadamente densas", "scattered or heterogeneously dense": undecided.
    for index in firstNew..<mentions.count where mentions[index].category != nil && mentions[index].form == .phrase {
      let m = mentions[index]
      let phraseWords: Set<Concept> = [.fat, .scattered, .heterogeneous, .extremely]
      let before =
        m.first >= start + 2 && isAlternative(m.first - 1) && concept(m.first - 2).map(phraseWords.contains) == true
      let after = m.last + 2 < end && isAlternative(m.last + 1) && concept(m.last + 2).map(phraseWords.contains) == true
      if before || after {
        mentions[index].category = nil
        mentions[index].form = .ambiguous
      }
    }
    // "Composición: intermedia entre b y c, con áreas de densidad heterogénea": the undecided
    // letters speak for the sentence; its words only describe them.
    // "entre b y c, predominantemente heterogéneamente densa": a phrase the radiologist favours stands.
    if mentions[firstNew...].contains(where: { $0.form == .ambiguous && $0.notation == .letter }) {
      for index in firstNew..<mentions.count where mentions[index].form == .phrase {
        let first = mentions[index].first
        let favouring = (max(start, first - 2)..<first).contains { k in
          tokens[k].isWord
            && ["predomin", "favo", "probabl", "mostly", "mainly"].contains { word(k).starts(with: $0.utf8) }
        }
        if favouring { continue }
        mentions[index].category = nil
        mentions[index].form = .ambiguous
      }
    }
    // "Prior studies showed similar density", "densidad sin cambios respecto al previo": the
    // prior exam had the current exam's density.
    if (start..<end).contains(where: { concept($0) == .stable }),
      (start..<end).contains(where: {
        concept($0) == .density || concept($0) == .composition || concept($0) == .pattern
      }),
      (start..<end).contains(where: {
        isPriorReference($0, start, end) || concept($0) == .priorStrong || isDatedExam($0, end)
      }),
      mentions.count == firstNew
    {
      priorSameAsCurrent = true
    }
    // "Comparado con la mastografía de 2023, con patrón tipo 2, en el presente estudio tipo 3":
    // what comes before the current exam is named, after a comparison, is the prior's.
    let currentAt = (start..<end).first { isCurrentReference($0, end) }
    let priorContext =
      currentAt.map { c in
        (start..<c).contains { concept($0) == .comparison || concept($0) == .priorWeak || concept($0) == .priorStrong }
      } ?? false
    for index in firstNew..<mentions.count {
      var mention = mentions[index]
      if isGeneric(mention, generic) {
        mention.exclusion = .generic
      } else if negated(mention.first, start) {
        mention.exclusion = .negated
      } else if lesion(mention.first, start, last: mention.last) {
        mention.exclusion = .lesion
      }
      mention.scope = scope[mention.last]
      mention.scopeReason = reasons[mention.last]
      if mention.scope == .unspecified, let (trailing, why) = trailingScope(mention, end) {
        // "ACR B en todos los estudios previos y en el actual": both exams.
        let alsoCurrent =
          trailing == .prior
          && {
            // Within the clause: "…; the breasts are now …" speaks of the current exam apart.
            var k = mention.last + 1
            while k < min(end, mention.last + 14), !isMark(k, ";") {
              if isCurrentReference(k, end) { return true }
              k += 1
            }
            return false
          }()
        if alsoCurrent {
          mention.sameAsPrior = true
          mention.scope = .current
          mention.scopeReason = "both the prior exams and the current one"
        } else {
          mention.scope = trailing
          mention.scopeReason = why
        }
      }
      mention.sameAsPrior =
        mention.sameAsPrior
        || mention.scope != .prior
          && (stableLead || saysUnchanged(after: mention.last, start, end)
            || labelSaysUnchanged(before: mention.first, start, end))
      if malePatient, mention.form == .weakFat, mention.exclusion == nil { mention.exclusion = .male }
      if otherModality, mention.scope == .unspecified {
        mention.scope = .prior
        mention.scopeReason =
          "the report's exam is an ultrasound or MRI: a mammogram's composition is an earlier exam's"
      }
      mention.inAddendum = addendumStart.map { mention.first > $0 } ?? false
      mention.corrected = correctionAt.map { mention.first > $0 } ?? false
      mention.consensus = (start...mention.last).contains { k in
        tokens[k].isWord && (isWord(k, "consenso") || isWord(k, "consensus"))
      }
      if mention.scope == .unspecified, priorContext, let c = currentAt, mention.last < c {
        mention.scope = .prior
        mention.scopeReason = "before \"\(String(decoding: word(c), as: UTF8.self))\" after a comparison"
      }
      // "tipo B en mama derecha y tipo C en mama izquierda": a side named after the statement, with
      // its preposition, is the statement's own.
      if let named = sideOf(mention.first, mention.last, end, preposition: true) {
        mention.side = named
      } else if mention.side == nil, let named = sideOf(mention.first, mention.last, end) {
        mention.side = named
      } else if mention.side != nil, sectionSide == mention.side,
        !(start..<mention.first).contains(where: {
          concept($0) == .right || concept($0) == .left
        })
      {
        mention.sideReason = "section"
      }
      mentions[index] = mention
    }
    // "decreased from heterogeneously dense to scattered", "pasó de tipo C a tipo B": with a word
    // of change, the first is the prior's, the second the current exam's ("de densidad heterogénea
    // a extremadamente densa" alone is a range: undecided).
    let changeStems = [
      "dismin", "aument", "paso", "cambi", "evoluc", "decreas", "increas", "chang", "progres", "reduc",
    ]
    if mentions.count - firstNew >= 2,
      (start..<end).contains(where: { k in
        tokens[k].isWord && changeStems.contains { word(k).starts(with: $0.utf8) }
      })
    {
      for index in firstNew..<(mentions.count - 1) {
        let a = mentions[index]
        let b = mentions[index + 1]
        let from = (max(start, a.first - 2)..<a.first).contains {
          isWord($0, "from") || isWord($0, "de") || isWord($0, "desde")
        }
        let to =
          b.first > a.last && b.first - a.last <= 3
          && ((a.last + 1)..<b.first).contains { isWord($0, "to") || isWord($0, "a") || isWord($0, "hasta") }
        if from, to, a.category != nil, b.category != nil, a.category != b.category, a.scope != .prior {
          mentions[index].scope = .prior
          mentions[index].scopeReason = "from … to …"
          if mentions[index + 1].scope == .unspecified { mentions[index + 1].scope = .current }
        }
      }
    }
  }

  /// "…, similar al estudio previo", "sin cambios respecto al examen de 2021", "unchanged from
  /// 2021": the statement says the prior exam had the same composition.
  private func saysUnchanged(after last: Int, _ start: Int, _ end: Int) -> Bool {
    var j = last + 1
    while j < end, j <= last + 16 {
      if concept(j) == .stable {
        return (start..<end).contains { k in
          concept(k) == .priorWeak || concept(k) == .priorStrong || concept(k) == .comparison || isDatedExam(k, end)
            || (tokens[k].kind.isYear)
        }
      }
      j += 1
    }
    return false
  }

  /// "Densidad mamaria sin cambios respecto al previo: extremadamente densa", "Densidad sin
  /// variación respecto al estudio del 2021: C": the density itself is said unchanged from a prior
  /// before it is given ("sin cambios en los hallazgos" is about the findings, not the density).
  private func labelSaysUnchanged(before first: Int, _ start: Int, _ end: Int) -> Bool {
    let densityWords = Self.labelWords
    let stable = (start..<first).filter { concept($0) == .stable }
    guard
      stable.contains(where: { k in
        (max(start, k - 3)..<min(first, k + 5)).contains { concept($0).map(densityWords.contains) == true }
      })
    else { return false }
    return (start..<first).contains { k in
      isPriorReference(k, start, end) || concept(k) == .comparison || isDatedExam(k, end)
    }
  }

  /// After a unilateral mastectomy only one breast is left: what the report says without a side
  /// is about that breast.
  private mutating func assignRemainingBreast() {
    guard mastectomy.count == 1, let removed = mastectomy.first else { return }
    let remaining: Laterality = removed == .right ? .left : .right
    for index in mentions.indices where mentions[index].side == nil {
      mentions[index].side = remaining
      mentions[index].sideReason = "mastectomy"
    }
  }

  /// Advice about dense breasts in general ("en mujeres con mamas densas …") is not this exam's
  /// composition; a consequence stated after it in another clause ("… extremadamente densas, lo
  /// que disminuye la sensibilidad", "… extremely dense, which lowers the sensitivity") does not
  /// make it generic.
  private func isGeneric(_ mention: CompositionMention, _ generic: [Int]) -> Bool {
    generic.contains { g in
      // After the statement only a word close by makes it general ("mamas densas disminuyen la
      // sensibilidad"); further on it is the consequence ("dense this may lower the sensitivity").
      g < mention.first
        || (g > mention.last && g - mention.last <= 4
          && !((mention.last + 1)..<g).contains(where: { isClauseMark($0) || concept($0) == .relative }))
    }
  }

  private func find(_ concepts: Set<Concept>, in range: Range<Int>) -> Int? {
    guard !range.isEmpty else { return nil }
    for j in range where tokens[j].concept.map(concepts.contains) == true { return j }
    return nil
  }

  /// The last token of these concepts in the range, not past a clause mark; a colon is crossed
  /// when `acrossColon` ("Densidad: heterogénea", "Patrón mamario: graso").
  private func findLast(_ concepts: Set<Concept>, in range: Range<Int>, acrossColon: Bool = false) -> Int? {
    guard !range.isEmpty else { return nil }
    for j in range.reversed() {
      if isClauseMark(j), !(acrossColon && isMark(j, ":")) { return nil }
      if tokens[j].concept.map(concepts.contains) == true { return j }
    }
    return nil
  }

  private func fuzzy(_ a: Int, _ b: Int) -> Bool { (a...b).contains { tokens[$0].fuzzy } }

  private mutating func add(
    _ category: BreastComposition?, _ form: CompositionMention.Form, _ notation: DensityNotation, _ a: Int, _ b: Int
  ) {
    mentions.append(
      CompositionMention(
        category: category, form: form, notation: notation, side: side[a], first: a, last: b, fuzzy: fuzzy(a, b)))
  }

  /// Marks the tokens a density label's list covers: from a "Densidad mamaria:" whose colon ends
  /// its line, and in the sentences after it while each is one breast's item ("MD: B", "Mama
  /// izquierda: c").
  private mutating func markDensityList(_ start: Int, _ end: Int) {
    let labels = Self.labelWords
    var open = densityListOpen && isSideItem(start, end)
    var opened = false
    for i in start..<end {
      if open { underDensityLabel.insert(i) }
      guard concept(i).map(labels.contains) == true else { continue }
      // "Densidad MD: C / MI: C": the sides follow the label without a colon of its own.
      if i + 1 < end, concept(i + 1) == .right || concept(i + 1) == .left {
        for k in (i + 1)..<end { underDensityLabel.insert(k) }
        continue
      }
      // The label's colon, within its parenthesis ("Composición (ACR 5.ª edición):"), at a line end.
      var j = i + 1
      var depth = 0
      while j < end, j <= i + 12 {
        if isMark(j, "(") { depth += 1 } else if isMark(j, ")") { depth -= 1 }
        if isMark(j, ":"), depth <= 0 { break }
        if depth <= 0, tokens[j].isWord, concept(j) == nil, !isWord(j, "de"), !isWord(j, "del") { break }
        j += 1
      }
      guard j < end, isMark(j, ":") else { continue }
      if j + 1 == end || lineBreak(between: j, j + 1) {
        open = true
        opened = true
      } else {
        // "Densidad: MD B, MI C": the items follow the label on its line.
        for k in (j + 1)..<end { underDensityLabel.insert(k) }
      }
    }
    densityListOpen = opened || (densityListOpen && (isSideItem(start, end) || continuesSideLine))
  }

  static let otherModalityWords = [
    "ecografia", "ultrasonido", "ultrasonografia", "ecosonograma", "ultrasound", "sonography", "sonographic",
    "resonancia", "mri", "rm", "ecografica", "ecografico",
  ]
  static let mammographyWords = [
    "mamografia", "mastografia", "mammogram", "mammography", "tomosintesis", "tomosynthesis", "mx", "dbt",
    "mamografica", "mastografica", "mamograficas", "proyeccion", "proyecciones", "compresion", "mammograms",
    "mammographic", "mamografias", "mastografias", "mamografico", "mastografico", "mamograficos",
  ]

  /// Whether the first of the opening four lines that names an exam names an ultrasound or MRI
  /// and no mammogram: "ECOGRAFÍA MAMARIA BILATERAL", "MRI BILATERAL BREAST", "EXAM: US BREAST".
  private func reportsAnotherModality() -> Bool {
    var lines = 0
    var other = false
    var mammography = false
    var institutionLine = false
    var lineHasWord = false
    var wordsOnLine = 0
    for k in tokens.indices {
      if tokens[k].isWord {
        lineHasWord = true
        wordsOnLine += 1
        let w = word(k)
        if Self.mammographyWords.contains(where: { isWord(k, $0) }) { mammography = true }
        // A title names its exam first ("ECOGRAFÍA MAMARIA BILATERAL", "EXAM: US BREAST"); "… se
        // sugiere ecografía" far into a line is advice.
        if wordsOnLine <= 4, Self.otherModalityWords.contains(where: { isWord(k, $0) }) { other = true }
        if RadiologistName.placeWords.contains(String(decoding: w, as: UTF8.self))
          || w.elementsEqual("diagnostico".utf8)
        {
          institutionLine = true
        }
        // "US BREAST": the abbreviation only beside a breast word, as "us" is also a pronoun.
        if wordsOnLine <= 4, w.elementsEqual("us".utf8), k + 1 < tokens.count,
          concept(k + 1) == .breast || concept(k + 1) == .breasts
        {
          other = true
        }
      }
      let lineEnds =
        k + 1 == tokens.count || bytes[tokens[k].end..<tokens[k + 1].start].contains(0x0A)
        || bytes[tokens[k].start] == 0x0A
      if lineEnds, lineHasWord {
        if mammography { return false }
        // "RESONANCIA Y DIAGNÓSTICO CAYMA": an institution's name is no exam.
        if other, !institutionLine { return true }
        other = false
        institutionLine = false
        wordsOnLine = 0
        lines += 1
        lineHasWord = false
        if lines == 4 { break }
      }
    }
    return false
  }

  /// "MD: B.\nMI: B." with no label above: a line per breast holding only a category letter is
  /// the composition when each breast has exactly one.
  private mutating func markBareSideItems() {
    var items: [(Laterality, Range<Int>)] = []
    var start = 0
    while start < tokens.count {
      var end = start
      while end < tokens.count, tokens[end].kind != .sentenceEnd { end += 1 }
      if end > start, isSideItem(start, end), letter(end - 1) != nil, isMark(end - 2, ":") {
        let sideAt = (start..<end).first { concept($0) == .right || concept($0) == .left }!
        items.append((concept(sideAt) == .right ? .right : .left, start..<end))
      }
      start = end + 1
    }
    // Exactly one line per breast (more would be findings listed by side), in a report that names
    // the composition nowhere else.
    guard items.count == 2, Set(items.map(\.0)).count == 2,
      !tokens.contains(where: { $0.concept.map(Self.labelWords.contains) == true })
    else { return }
    for (_, range) in items { underDensityLabel.formUnion(range) }
  }

  /// "MD: B", "- Mama derecha: c", "Izquierda: tipo 3": a sentence that names one breast and then,
  /// after a colon, its category.
  private func isSideItem(_ start: Int, _ end: Int) -> Bool { sideItemSide(start, end) != nil }

  /// The side of a line's label: "MD:", "- Mama izquierda:", "Right breast:", "Right breast - b".
  private func sideItemSide(_ start: Int, _ end: Int) -> Laterality? {
    var k = start
    while k < end, case .mark = tokens[k].kind { k += 1 }
    if k < end, concept(k) == .breast { k += 1 }
    guard k + 1 < end, concept(k) == .right || concept(k) == .left else { return nil }
    let side: Laterality = concept(k) == .right ? .right : .left
    if k + 2 < end, concept(k + 1) == .breast { k += 1 }
    return isMark(k + 1, ":") || isMark(k + 1, "-") ? side : nil
  }

  /// A table: a header line naming the two breasts, then "Densidad:   C   B" gives each column's.
  private mutating func tableRow(_ start: Int, _ end: Int, _ used: inout Set<Int>) {
    let sides = (start..<end).compactMap { k -> Laterality? in
      concept(k) == .right ? .right : concept(k) == .left ? .left : nil
    }
    if sides.count == 2, Set(sides).count == 2, end - start == 2 {
      columnSides = sides
      return
    }
    guard let columns = columnSides else { return }
    let labels = Self.tableLabels
    guard concept(start).map(labels.contains) == true,
      let colon = (start..<end).first(where: { isMark($0, ":") }), colon + 3 == end,
      let first = letter(colon + 1), let second = letter(colon + 2)
    else { return }
    used.formUnion(start..<end)
    for (offset, category) in [first, second].enumerated() {
      var mention = CompositionMention(
        category: category, form: .code, notation: .letter, side: columns[offset], first: start,
        last: colon + 1 + offset,
        fuzzy: false)
      mention.sideReason = "table column"
      mentions.append(mention)
    }
  }

  // MARK: Statements

  private mutating func detect(at i: Int, _ start: Int, _ end: Int, _ used: inout Set<Int>) {
    // Already part of a statement ("fatty to scattered").
    if used.contains(i) { return }
    let dense = Self.denseWords
    switch concept(i) {
    case .extremely:
      if let j = find(dense, in: (i + 1)..<min(end, i + 3)) {
        used.insert(j)
        // "mamas muy densas": every writer, and LABELS.md, read it as extremely dense.
        add(.d, .phrase, .words, i, j)
      } else if !isWord(i, "muy"),
        let j = findLast([.density, .pattern, .composition], in: max(start, i - 4)..<i, acrossColon: true)
      {
        // "Densidad: extrema".
        add(.d, .phrase, .words, j, i)
      }
    case .heterogeneous:
      // "hetero genius lee dense": a cut word reaches further, over the pieces without meaning.
      let reach =
        isWord(i, "hetero")
        ? (i + 1..<min(end, i + 5)).first { tokens[$0].concept != nil }.map { $0 + 1 } ?? i + 3 : i + 3
      if let j = find(dense, in: (i + 1)..<min(end, reach)) {
        used.insert(j)
        add(.c, .phrase, .words, i, j)
      } else if let j = findLast(
        [.density, .pattern, .breast, .breasts, .dense, .composition], in: max(start, i - 4)..<i, acrossColon: true)
      {
        used.insert(j)
        add(.c, .phrase, .words, j, i)
      }
    case .scattered:
      let window = max(start, i - 5)..<min(end, i + 6)
      if let j = find([.fibroglandular], in: window) {
        // "áreas dispersas de …": the statement starts at the areas.
        let first = i > start && concept(i - 1) == .area ? min(i - 1, j) : min(i, j)
        // "scattered fibroglandular densities": the statement ends at the density word.
        var last = max(i, j)
        if last + 1 < end, concept(last + 1) == .density || concept(last + 1) == .breast { last += 1 }
        add(.b, .phrase, .words, first, last)
      } else if let j = find([.area, .density], in: max(start, i - 3)..<min(end, i + 3)) {
        // "áreas dispersas", "densidades dispersas", "Densidad: dispersa".
        add(.b, .phrase, .words, min(i, j), max(i, j))
      } else if find([.density, .composition], in: start..<i) != nil,
        find([.lesion], in: (i + 1)..<min(end, i + 3)) == nil, find([.lesion], in: max(start, i - 2)..<i) == nil
      {
        // "Breast density is heterogeneously dense in the left breast and scattered in the right".
        add(.b, .phrase, .words, i, i)
      }
    case .fat:
      // "fatty to scattered", "grasa a dispersa": a range of two categories, undecided.
      if i + 2 < end, isRangeJoiner(i + 1),
        let other = concept(i + 2), [.scattered, .heterogeneous, .extremely, .dense].contains(other)
      {
        used.insert(i + 2)
        add(nil, .ambiguous, .words, i, i + 2)
        return
      }
      // "patrón mixto fibroglandular y adiposo": a mixed pattern names no one category.
      if let m = (max(start, i - 4)..<i).first(where: {
        isWord($0, "mixto") || isWord($0, "mixta") || isWord($0, "mixed")
      }) {
        add(nil, .ambiguous, .words, m, i)
        return
      }
      if let j = findLast([.almost, .completely], in: max(start, i - 3)..<i) {
        let first = findLast([.almost], in: max(start, j - 2)..<j) ?? j
        add(.a, .phrase, .words, first, i)
      } else if let j = ((i + 1)..<min(end, i + 4)).first(where: {
        concept($0) == .completely || (concept($0) == .almost && isWord($0 + 1, "total")) || isWord($0, "totalmente")
      }) {
        // "Reemplazo graso casi total del tejido mamario", "sustitución grasa completa".
        add(.a, .phrase, .words, i, concept(j) == .almost ? j + 1 : j)
      } else if i + 1 < end, concept(i + 1) == .breasts || concept(i + 1) == .breast,
        findLast([.lesion], in: max(start, i - 3)..<i) == nil
      {
        // "Fatty breasts.", "fatty breast tissue".
        add(.a, .weakFat, .words, i, i + 1)
      } else if let j = findLast(
        [.pattern, .predominance, .breast, .breasts, .composition, .density], in: max(start, i - 4)..<i,
        acrossColon: true)
      {
        add(.a, .weakFat, .words, j, i)
      }
    case .acr, .type, .composition, .density, .pattern, .birads:
      code(at: i, end, &used)
    case .some(let c)
    where (c == .right || c == .left) && underDensityLabel.contains(i)
      && (isMark(i + 1, ":") || letter(i + 1) != nil
        || (i + 2 < end && concept(i + 1) == .breast && (isMark(i + 2, ":") || isMark(i + 2, "-")))):
      // "Densidad mamaria:\nMD: B\nMI: C", "Breast composition:\nRight breast - b".
      code(at: i, end, &used)
    case .category where i + 1 < end && isLetterOrName(nextNonMark(after: i, end)):
      // "(CATEGORIA A)", "categoría C": a letter is a composition, a number the assessment.
      code(at: i, end, &used, lettersOnly: true)
    case .priorWeak
    where (isMark(i + 1, ":") || (i + 2 < end && tokens[i + 1].kind.isYear && isMark(i + 2, ":"))) && i > start
      && concept(i - 1) != .birads
      && find([.density, .composition, .pattern, .acr, .type], in: max(start, i - 8)..<i) != nil:
      // "Densidad: C (previa: B)".
      code(at: i, end, &used)
    default:
      if case .number = tokens[i].kind { quartile(at: i, start, end) }
    }
  }

  static let romanNumerals: [String: BreastComposition] = ["i": .a, "ii": .b, "iii": .c, "iv": .d]

  /// "ACR C", "tipo b", "densidad mamaria tipo D", "composición mamaria: c", "ACR 3", "patrón II",
  /// "grado IV", "categoría de densidad 2".
  private mutating func code(at i: Int, _ end: Int, _ used: inout Set<Int>, lettersOnly: Bool = false) {
    // "Densidad previa: B", "Composición actual: C": the scope word sits inside the label.
    let skippable: Set<Concept> = [
      .breast, .breasts, .type, .acr, .composition, .density, .pattern, .priorWeak, .current,
    ]
    var j = i + 1
    var assessmentWord = concept(i) == .birads
    while j < end, j <= i + 10 {
      let token = tokens[j]
      if case .mark(let m) = token.kind,
        m == UInt8(ascii: ":") || m == UInt8(ascii: "-")
          || m == UInt8(ascii: "(") || m == UInt8(ascii: "=") || m == UInt8(ascii: ")")
          || m == UInt8(ascii: "'") || m == UInt8(ascii: "\"")
      {
        j += 1
        continue
      }
      // "Densidad (1-4): 3", "(escala ACR 1 a 4): 3", "Patrón (I-IV):": the scale, not the category.
      if case .number(1) = token.kind, j + 2 < end, tokens[j + 2].kind == .number(4),
        isMark(j + 1, "-") || isWord(j + 1, "a") || isWord(j + 1, "al") || isWord(j + 1, "to")
      {
        j += 3
        continue
      }
      if token.isWord, isWord(j, "escala") || isWord(j, "scale") {
        j += 1
        continue
      }
      // "previo 2021: B", "BI-RADS ACR 2013: C": a year is no category.
      if token.kind.isYear, token.end - token.start == 4 {
        j += 1
        continue
      }
      if token.isWord, isWord(j, "i"), isMark(j + 1, "-"), isWord(j + 2, "iv") {
        j += 3
        continue
      }
      // "(BI-RADS 5ª ed.)", "ACR 5th edition": the atlas edition, not a category.
      if case .number = token.kind, j + 1 < end, concept(j + 1) == .edition {
        j += 2
        continue
      }
      if token.concept == .edition {
        j += 1
        continue
      }
      if let c = token.concept, skippable.contains(c) {
        j += 1
        continue
      }
      // "patrón denso IV", "patrón denso tipo D": the pattern's name before its code.
      if token.concept == .dense, j == i + 1, concept(i) == .pattern {
        j += 1
        continue
      }
      if token.concept == .birads {
        assessmentWord = true
        j += 1
        continue
      }
      // "Densidad categoría 2" is a density category; "categoría 2" alone is the assessment.
      if token.concept == .category {
        j += 1
        continue
      }
      // "Composición mamaria (consenso): c", "Density (final): C".
      if token.isWord,
        [
          "de", "del", "consenso", "consensus", "final", "intermedia", "intermedio", "intermediate", "entre",
          "between", "limite", "borderline",
        ].contains(where: { isWord(j, $0) })
      {
        j += 1
        continue
      }
      break
    }
    guard j < end, !used.contains(j) else { return }
    let token = tokens[j]
    let value = word(j)
    if token.isWord, let named = Self.letterNames[Array(value)] {
      used.insert(j)
      add(named, .code, .letter, i, j)
    } else if !assessmentWord, !lettersOnly, token.isWord, concept(i) != .composition,
      let spelled = Self.numberWords[Array(value)]
    {
      // "patrón mamario tipo cuatro": the 4th-edition number dictated in words.
      used.insert(j)
      add(spelled, .code, .numeral, i, j)
    } else if token.isWord, value.count == 1, let letter = value.first,
      let category = BreastComposition(rawValue: String(UnicodeScalar(letter)))
    {
      // "a" is also a preposition ("tipo a los 40 años"); it is the category only when nothing
      // ordinary follows, or when an attribution to the atlas does ("tipo a de la ACR").
      // "se modifica la categoría a BI-RADS 3": after "categoría" a lone "a" followed by more words
      // is the preposition.
      if lettersOnly, category == .a, j + 1 < end, tokens[j + 1].kind != .sentenceEnd, !isClauseMark(j + 1) {
        return
      }
      if category == .a, j + 1 < end, tokens[j + 1].isWord, tokens[j + 1].concept == nil,
        !attributesToAtlas(after: j, end), !Self.afterCategoryLetter.contains(Array(word(j + 1)))
      {
        return
      }
      used.insert(j)
      if let alternative = alternation(after: j, end) {
        // "Density: B/C", "C vs D": undecided, unless the radiologist favours one ("favor D").
        if let favoured = favoured(after: alternative, end) {
          used.insert(favoured.index)
          add(favoured.category, .code, .letter, i, favoured.index)
        } else {
          used.insert(alternative)
          add(nil, .ambiguous, .letter, i, alternative)
        }
        return
      }
      add(category, .code, .letter, i, j)
    } else if lettersOnly {
      return
    } else if !assessmentWord, token.isWord, let category = Self.romanNumerals[String(decoding: value, as: UTF8.self)] {
      // "tipo II", "patrón IV"; "I" is also English for "me", so it needs a category word before it.
      // "patrón mamario I": the breast word between the pattern and its numeral.
      let namedPattern = concept(j - 1) == .breast && j >= 2 && concept(j - 2) == .pattern
      if value.count == 1, concept(j - 1) != .type, concept(j - 1) != .pattern, concept(j - 1) != .acr,
        !isMark(j - 1, ":"), !namedPattern
      {
        return
      }
      used.insert(j)
      add(category, .code, .numeral, i, j)
    } else if !assessmentWord, case .number(let n) = token.kind, (1...4).contains(n),
      token.end - token.start == 1
    {
      if j + 1 < end {
        if isMark(j + 1, "%") { return }
        // "tipo 2 de 4", "2/4" say the scale; "patrón 2 mm" is no category.
        let outOfFour =
          (isWord(j + 1, "de") || isWord(j + 1, "of") || isMark(j + 1, "/")) && j + 2 < end
          && tokens[j + 2].kind == .number(4)
        // "grado 3 de densidad": the scale named after the figure.
        let ofDensity =
          (isWord(j + 1, "de") || isWord(j + 1, "of")) && j + 2 < end
          && (concept(j + 2) == .density || concept(j + 2) == .composition)
        // "patrón 2 y asimetría focal": a conjunction goes on to the next finding.
        let conjunction = ["y", "e", "and", "con", "sin", "en"].contains { isWord(j + 1, $0) }
        if !outOfFour, !ofDensity, !conjunction, !attributesToAtlas(after: j, end), tokens[j + 1].isWord,
          tokens[j + 1].concept == nil, word(j + 1).count <= 2
        {
          return
        }
        // "Patrón mamario: 2-3", "tipo 2 o 3": between two categories, undecided.
        if isMark(j + 1, "-") || isWord(j + 1, "o") || isWord(j + 1, "y") || isWord(j + 1, "or"), j + 2 < end,
          case .number(let m) = tokens[j + 2].kind, (1...4).contains(m), m != n,
          tokens[j + 2].end - tokens[j + 2].start == 1
        {
          used.insert(j)
          used.insert(j + 2)
          add(nil, .ambiguous, .numeral, i, j + 2)
          return
        }
      }
      used.insert(j)
      add(BreastComposition(index: n - 1), .code, .numeral, i, j)
    }
  }

  /// Words that follow a category letter but never the preposition "a" ("tipo A según su reporte",
  /// "tipo A en ambas mamas"): after them "a" is the letter.
  static let afterCategoryLetter: Set<[UInt8]> = Set(
    ["segun", "en", "con", "y", "sin", "bilateral", "por", "para", "desde", "que"].map { Array($0.utf8) })

  private func isLetterOrName(_ k: Int) -> Bool {
    letter(k) != nil || (k < tokens.count && tokens[k].isWord && Self.letterNames[Array(word(k))] != nil)
  }

  private func nextNonMark(after i: Int, _ end: Int) -> Int {
    var k = i + 1
    while k < end, case .mark = tokens[k].kind { k += 1 }
    return k
  }

  /// "o", "or", "u", "vs", "/": one category or the other.
  private func isAlternative(_ k: Int) -> Bool {
    isMark(k, "/") || isWord(k, "o") || isWord(k, "u") || isWord(k, "or") || isWord(k, "vs") || isWord(k, "versus")
  }

  private func isRangeJoiner(_ k: Int) -> Bool {
    isMark(k, "/") || isMark(k, "-") || isWord(k, "to") || isWord(k, "a") || isWord(k, "o") || isWord(k, "or")
      || isWord(k, "y")
  }

  /// Whether the token at `k` is a category code: "tipo", "ACR", a letter, a roman numeral or a
  /// pattern number 1–4.
  private func namesCategory(_ k: Int, _ end: Int) -> Bool {
    guard k < end else { return false }
    if concept(k) == .type || concept(k) == .acr || letter(k) != nil { return true }
    if case .number(let n) = tokens[k].kind { return (1...4).contains(n) }
    return tokens[k].isWord && Self.romanNumerals[String(decoding: word(k), as: UTF8.self)] != nil
  }

  private func letter(_ k: Int) -> BreastComposition? {
    guard k < tokens.count, tokens[k].isWord, tokens[k].end - tokens[k].start == 1 else { return nil }
    return BreastComposition(rawValue: String(UnicodeScalar(bytes[tokens[k].start])))
  }

  /// The 4th-edition pattern numbers written out ("tipo dos", "patrón cuatro").
  static let numberWords: [[UInt8]: BreastComposition] = [
    Array("uno".utf8): .a, Array("dos".utf8): .b, Array("tres".utf8): .c, Array("cuatro".utf8): .d,
  ]

  /// The letters as dictation writes them out: "categoría ce", "tipo be" ("de" is too common a
  /// word to be d).
  static let letterNames: [[UInt8]: BreastComposition] = [Array("be".utf8): .b, Array("ce".utf8): .c]

  /// "B/C", "C o D", "C vs D", "b-c" after a category letter: the index of the second letter.
  private func alternation(after j: Int, _ end: Int) -> Int? {
    guard j + 2 < end else { return nil }
    let joiner =
      isMark(j + 1, "/") || isMark(j + 1, "-") || isWord(j + 1, "o") || isWord(j + 1, "or") || isWord(j + 1, "vs")
      || concept(j + 1) == .comparison || isWord(j + 1, "y")
    guard joiner, letter(j + 2) != nil else { return nil }
    return j + 2
  }

  /// "…, favor D", "favoreciendo C", "probablemente D" after an alternation.
  private func favoured(after j: Int, _ end: Int) -> (index: Int, category: BreastComposition)? {
    var k = j + 1
    while k < end, k <= j + 5 {
      if tokens[k].isWord, word(k).starts(with: "favo".utf8) || word(k).starts(with: "probabl".utf8) {
        var m = k + 1
        while m < end, m <= k + 3 {
          if let category = letter(m) { return (m, category) }
          m += 1
        }
        return nil
      }
      k += 1
    }
    return nil
  }

  /// "de la ACR", "del BI-RADS", "según ACR" right after a category letter.
  private func attributesToAtlas(after j: Int, _ end: Int) -> Bool {
    let first = word(j + 1)
    guard ["de", "del", "segun", "por"].contains(where: { first.elementsEqual($0.utf8) }) else { return false }
    return find([.acr, .birads], in: (j + 2)..<min(end, j + 5)) != nil
  }

  /// Fibroglandular percentage quartiles: "<25 %", "25-50 %", "51 a 75 %", "más del 75 %",
  /// "entre 26 y 50 %", "aproximadamente 40 %" (next to a density word).
  private mutating func quartile(at i: Int, _ start: Int, _ end: Int) {
    guard case .number(let n) = tokens[i].kind else { return }
    guard find([.density, .fibroglandular, .breast, .breasts, .composition, .pattern, .dense], in: start..<end) != nil
    else { return }
    func mark(_ k: Int, _ m: Character) -> Bool { k >= start && k < end && isMark(k, m) }
    func rangeWord(_ k: Int) -> Bool {
      isWord(k, "a") || isWord(k, "y") || isWord(k, "to") || isWord(k, "and") || isWord(k, "al") || isWord(k, "hasta")
    }
    // "entre el 51 y el 75 %": the article before the second figure.
    func article(_ k: Int) -> Bool { isWord(k, "el") || isWord(k, "un") }
    // "6.8 %": the fraction belongs to the figure before it.
    func decimalPoint(_ a: Int, _ b: Int) -> Bool {
      tokens[b].start == tokens[a].end + 1 && bytes[tokens[a].end] == UInt8(ascii: ".")
    }
    if i > start, case .number = tokens[i - 1].kind, decimalPoint(i - 1, i) { return }
    // The first number of a range is handled from there; skip the second.
    if i >= start + 2, mark(i - 1, "-") || rangeWord(i - 1), case .number = tokens[i - 2].kind { return }
    if i >= start + 3, article(i - 1), rangeWord(i - 2), case .number = tokens[i - 3].kind { return }
    if i >= start + 3, mark(i - 1, "-") || rangeWord(i - 1), mark(i - 2, "%"), case .number = tokens[i - 3].kind {
      return
    }
    var k = i + 1
    var upper = n
    var lower: Int?
    if k < end, case .number = tokens[k].kind, decimalPoint(i, k) { k += 1 }
    if k < end, mark(k, "%") { k += 1 }
    if k < end, mark(k, "-") || rangeWord(k) {
      let second = k + 1 < end && article(k + 1) ? k + 2 : k + 1
      if second < end, case .number(let m) = tokens[second].kind {
        lower = n
        upper = m
        k = second + 1
      }
    }
    guard mark(k, "%") || mark(k - 1, "%") else { return }
    let last = mark(k, "%") ? k : k - 1
    let less =
      mark(i - 1, "<") || (i - 1 >= start && concept(i - 1) == .less) || (i - 2 >= start && concept(i - 2) == .less)
    let more =
      mark(i - 1, ">") || (i - 1 >= start && concept(i - 1) == .more) || (i - 2 >= start && concept(i - 2) == .more)
    let first = less || more ? i - 1 : i
    let category: BreastComposition?
    if let lower {
      guard lower < upper, upper - lower <= 30 else { return }
      category = upper <= 25 ? .a : upper <= 50 ? .b : upper <= 75 ? .c : .d
    } else if less, n <= 25 {
      category = .a
    } else if more, n >= 75 {
      category = .d
    } else if !less, !more, n <= 100,
      find([.density, .fibroglandular, .composition, .pattern], in: max(start, i - 6)..<i) != nil
    {
      // A single figure: the quartile it falls in.
      category = n <= 25 ? .a : n <= 50 ? .b : n <= 75 ? .c : .d
    } else {
      category = nil
    }
    guard let category else { return }
    add(category, .quartile, .percentage, first, last)
  }

  private func negated(_ first: Int, _ start: Int) -> Bool {
    findLast([.negation], in: max(start, first - 5)..<first) != nil
  }

  /// A lesion word just before the statement ("nódulo de densidad grasa"), unless the breasts
  /// become the subject between them ("… palpable mass left breast the breasts are heterogeneously
  /// dense", dictated without punctuation).
  private func lesion(_ first: Int, _ start: Int, last: Int? = nil) -> Bool {
    // "patrón ecográfico heterogéneo": a lesion or ultrasound word inside the statement.
    if let last, last > first + 1, ((first + 1)..<last).contains(where: { concept($0) == .lesion }) { return true }
    guard let k = findLast([.lesion], in: max(start, first - 6)..<first) else { return false }
    return !((k + 1)..<first).contains { concept($0) == .breasts }
  }

  /// A side named just after the statement: "patrón graso en la mama derecha".
  private func sideOf(_ first: Int, _ last: Int, _ end: Int, preposition: Bool = false) -> Laterality? {
    guard let j = findNext([.right, .left, .breasts], after: last, end) else { return nil }
    if preposition {
      let linked = ((last + 1)..<j).contains { k in
        isWord(k, "en") || isWord(k, "in") || isWord(k, "on") || isWord(k, "de") || isWord(k, "del") || isWord(k, "of")
      }
      guard linked else { return nil }
    }
    return concept(j) == .right ? .right : concept(j) == .left ? .left : nil
  }

  private func findNext(_ concepts: Set<Concept>, after index: Int, _ end: Int) -> Int? {
    var j = index + 1
    while j < end, j <= index + 4 {
      if isClauseMark(j) { return nil }
      if tokens[j].concept.map(concepts.contains) == true { return j }
      j += 1
    }
    return nil
  }
}
