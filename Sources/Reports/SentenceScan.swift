import BIRADS

/// Walks a report sentence by sentence, tracking context (side, prior study) token by token, and
/// collects every composition statement with the guards that may exclude it.
struct SentenceScan {
  let tokens: [Token]
  let bytes: [UInt8]
  /// Whether each token lies in a statement about a prior study.
  var prior: [Bool]
  /// The side each token's statement is about, if one was named.
  var side: [Laterality?]
  var mentions: [CompositionMention] = []

  init(tokens: [Token], bytes: [UInt8]) {
    self.tokens = tokens
    self.bytes = bytes
    prior = Array(repeating: false, count: tokens.count)
    side = Array(repeating: nil, count: tokens.count)
  }

  static let denseWords: Set<Concept> = [.dense, .density]

  mutating func run() {
    var start = 0
    while start < tokens.count {
      var end = start
      while end < tokens.count, tokens[end].kind != .sentenceEnd { end += 1 }
      if end > start { scanSentence(start, end) }
      start = end + 1
    }
  }

  private func concept(_ index: Int) -> Concept? { tokens[index].concept }

  private func isClauseMark(_ index: Int) -> Bool {
    switch tokens[index].kind {
    case .mark(let m): m == UInt8(ascii: ",") || m == UInt8(ascii: ";") || m == UInt8(ascii: ":")
    default: false
    }
  }

  private func word(_ index: Int) -> ArraySlice<UInt8> { bytes[tokens[index].start..<tokens[index].end] }

  private mutating func scanSentence(_ start: Int, _ end: Int) {
    var strongPrior = false
    var weakPrior = false
    var currentSide: Laterality?
    var generic: [Int] = []
    for i in start..<end {
      if isClauseMark(i) { weakPrior = false }
      switch concept(i) {
      case .priorStrong: strongPrior = true
      case .priorWeak: weakPrior = true
      case .current:
        strongPrior = false
        weakPrior = false
      case .right: currentSide = .right
      case .left: currentSide = .left
      case .breasts: currentSide = nil
      case .generic: generic.append(i)
      default: break
      }
      prior[i] = strongPrior || weakPrior
      side[i] = currentSide
    }
    let firstNew = mentions.count
    var used = Set<Int>()
    for i in start..<end { detect(at: i, start, end, &used) }
    // Ambiguous "mamas densas": a density word not already part of a decided statement.
    for i in start..<end where concept(i) == .dense && !used.contains(i) {
      if let j = find([.breast, .breasts, .pattern, .density], in: max(start, i - 3)..<i) {
        mentions.append(
          CompositionMention(category: nil, form: .ambiguous, side: nil, first: j, last: i, fuzzy: false))
      }
    }
    for index in firstNew..<mentions.count {
      var mention = mentions[index]
      mention.excluded =
        isGeneric(mention, generic) || prior[mention.first] || negated(mention.first, start)
        || lesion(mention.first, start)
      if mention.side == nil { mention.side = sideOf(mention, end) }
      mentions[index] = mention
    }
  }

  /// Advice about dense breasts in general ("en mujeres con mamas densas …") is not this exam's
  /// composition; a consequence stated after it in another clause ("… extremadamente densas, lo
  /// que disminuye la sensibilidad") does not make it generic.
  private func isGeneric(_ mention: CompositionMention, _ generic: [Int]) -> Bool {
    generic.contains { g in
      g < mention.first || (g > mention.last && !((mention.last + 1)..<g).contains(where: isClauseMark))
    }
  }

  private func find(_ concepts: Set<Concept>, in range: Range<Int>) -> Int? {
    for j in range where tokens[j].concept.map(concepts.contains) == true { return j }
    return nil
  }

  private func findLast(_ concepts: Set<Concept>, in range: Range<Int>) -> Int? {
    for j in range.reversed() {
      if isClauseMark(j) { return nil }
      if tokens[j].concept.map(concepts.contains) == true { return j }
    }
    return nil
  }

  private func fuzzy(_ a: Int, _ b: Int) -> Bool { (a...b).contains { tokens[$0].fuzzy } }

  private mutating func add(_ category: BreastComposition?, _ form: CompositionMention.Form, _ a: Int, _ b: Int) {
    mentions.append(
      CompositionMention(
        category: category, form: form, side: side[a], first: a, last: b, fuzzy: fuzzy(a, b)))
  }

  private mutating func detect(at i: Int, _ start: Int, _ end: Int, _ used: inout Set<Int>) {
    let dense = Self.denseWords
    switch concept(i) {
    case .extremely:
      guard let j = find(dense, in: (i + 1)..<min(end, i + 3)) else { return }
      used.insert(j)
      if word(i).elementsEqual("muy".utf8) {
        add(nil, .ambiguous, i, j)
      } else {
        add(.d, .phrase, i, j)
      }
    case .heterogeneous:
      if let j = find(dense, in: (i + 1)..<min(end, i + 3)) {
        used.insert(j)
        add(.c, .phrase, i, j)
      } else if let j = findLast([.density, .pattern, .breast, .breasts, .dense], in: max(start, i - 3)..<i) {
        used.insert(j)
        add(.c, .phrase, j, i)
      }
    case .scattered:
      let window = max(start, i - 5)..<min(end, i + 6)
      guard let j = find([.fibroglandular], in: window) else { return }
      add(.b, .phrase, min(i, j), max(i, j))
    case .fat:
      if let j = findLast([.almost, .completely], in: max(start, i - 3)..<i) {
        let first = findLast([.almost], in: max(start, j - 2)..<j) ?? j
        add(.a, .phrase, first, i)
      } else if let j = findLast(
        [.pattern, .predominance, .breast, .breasts, .composition, .density], in: max(start, i - 3)..<i)
      {
        add(.a, .weakFat, j, i)
      }
    case .acr, .type, .composition, .density, .pattern, .birads:
      code(at: i, end, &used)
    default:
      if case .number = tokens[i].kind { quartile(at: i, start, end) }
    }
  }

  /// "ACR C", "tipo b", "densidad mamaria tipo D", "composición mamaria: c", "ACR 3".
  private mutating func code(at i: Int, _ end: Int, _ used: inout Set<Int>) {
    let skippable: Set<Concept> = [.breast, .breasts, .type, .acr, .composition, .density, .pattern]
    var j = i + 1
    var assessmentWord = concept(i) == .birads
    while j < end, j <= i + 5 {
      let token = tokens[j]
      if case .mark(let m) = token.kind,
        m == UInt8(ascii: ":") || m == UInt8(ascii: "-")
          || m == UInt8(ascii: "(") || m == UInt8(ascii: "=")
      {
        j += 1
        continue
      }
      if let c = token.concept, skippable.contains(c) {
        j += 1
        continue
      }
      if token.concept == .birads || token.concept == .category {
        assessmentWord = true
        j += 1
        continue
      }
      if token.isWord, word(j).elementsEqual("de".utf8) || word(j).elementsEqual("del".utf8) {
        j += 1
        continue
      }
      break
    }
    guard j < end, !used.contains(j) else { return }
    let token = tokens[j]
    let value = word(j)
    if token.isWord, value.count == 1, let letter = value.first,
      let category = BreastComposition(rawValue: String(UnicodeScalar(letter)))
    {
      // "a" is also a preposition ("tipo a los 40 años"); it is the category only when nothing
      // ordinary follows, or when an attribution to the atlas does ("tipo a de la ACR").
      if category == .a, j + 1 < end, tokens[j + 1].isWord, tokens[j + 1].concept == nil,
        !attributesToAtlas(after: j, end)
      {
        return
      }
      used.insert(j)
      add(category, .code, i, j)
    } else if !assessmentWord, case .number(let n) = token.kind, (1...4).contains(n),
      token.end - token.start == 1
    {
      if j + 1 < end {
        if case .mark(let m) = tokens[j + 1].kind, m == UInt8(ascii: "%") { return }
        if tokens[j + 1].isWord, tokens[j + 1].concept == nil, word(j + 1).count <= 2 { return }
      }
      used.insert(j)
      add(BreastComposition(index: n - 1), .code, i, j)
    }
  }

  /// "de la ACR", "del BI-RADS", "según ACR" right after a category letter.
  private func attributesToAtlas(after j: Int, _ end: Int) -> Bool {
    let first = word(j + 1)
    guard ["de", "del", "segun", "por"].contains(where: { first.elementsEqual($0.utf8) }) else { return false }
    return find([.acr, .birads], in: (j + 2)..<min(end, j + 5)) != nil
  }

  /// Fibroglandular percentage quartiles: "<25 %", "25-50 %", "51 a 75 %", "más del 75 %".
  private mutating func quartile(at i: Int, _ start: Int, _ end: Int) {
    guard case .number(let n) = tokens[i].kind else { return }
    guard find([.density, .fibroglandular, .breast, .breasts, .composition, .pattern, .dense], in: start..<end) != nil
    else { return }
    func isMark(_ k: Int, _ m: Character) -> Bool {
      guard k >= start, k < end, case .mark(let v) = tokens[k].kind else { return false }
      return v == m.asciiValue
    }
    // The first number of a range is handled from there; skip the second.
    if isMark(i - 1, "-"), i >= 2, case .number = tokens[i - 2].kind { return }
    if i >= 2, tokens[i - 1].isWord, word(i - 1).elementsEqual("a".utf8), case .number = tokens[i - 2].kind {
      return
    }
    var k = i + 1
    var upper = n
    var lower: Int?
    if k < end, isMark(k, "%") { k += 1 }
    if k < end, isMark(k, "-") || (tokens[k].isWord && word(k).elementsEqual("a".utf8)),
      k + 1 < end, case .number(let m) = tokens[k + 1].kind
    {
      lower = n
      upper = m
      k += 2
    }
    guard isMark(k, "%") || isMark(k - 1, "%") else { return }
    let last = isMark(k, "%") ? k : k - 1
    let less =
      isMark(i - 1, "<") || (i - 1 >= start && concept(i - 1) == .less)
      || (i - 2 >= start && concept(i - 2) == .less)
    let more =
      isMark(i - 1, ">") || (i - 1 >= start && concept(i - 1) == .more)
      || (i - 2 >= start && concept(i - 2) == .more)
    let first = less || more ? i - 1 : i
    let category: BreastComposition?
    if let lower {
      guard lower < upper, upper - lower <= 30 else { return }
      category = upper <= 25 ? .a : upper <= 50 ? .b : upper <= 75 ? .c : .d
    } else if less, n <= 25 {
      category = .a
    } else if more, n >= 75 {
      category = .d
    } else {
      category = nil
    }
    guard let category else { return }
    add(category, .quartile, first, last)
  }

  private func negated(_ first: Int, _ start: Int) -> Bool {
    findLast([.negation], in: max(start, first - 4)..<first) != nil
  }

  private func lesion(_ first: Int, _ start: Int) -> Bool {
    findLast([.lesion], in: max(start, first - 6)..<first) != nil
  }

  /// A side named just after the statement: "patrón graso en la mama derecha".
  private func sideOf(_ mention: CompositionMention, _ end: Int) -> Laterality? {
    guard let j = findNext([.right, .left, .breasts], after: mention.last, end) else { return nil }
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
