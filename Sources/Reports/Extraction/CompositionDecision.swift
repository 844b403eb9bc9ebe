import BIRADS

/// Combines a report's composition statements into the exam, right and left categories of the
/// current exam, and the prior exam's category when the report quotes one.
struct CompositionDecision {
  var density: BreastComposition?
  var right: BreastComposition?
  var left: BreastComposition?
  var prior: BreastComposition?
  var status: ExtractionStatus
  var confidence: Double
  /// Indices (into the mentions given) of the statements the current decision rests on.
  var used: [Int] = []
  /// Indices of the statements the prior density rests on.
  var priorUsed: [Int] = []
  /// What happened to each statement that was not used, by index.
  var overruled: [Int: String] = [:]
  /// Why the decision is what it is, in words, for `densa reports explain`.
  var reasons: [String] = []

  private enum Resolution {
    case none
    case category(BreastComposition)
    case contradictory
  }

  static func decide(_ all: [CompositionMention], priorSameAsCurrent: Bool = false) -> CompositionDecision {
    var decision = decideCurrent(all)
    var priorIndices = all.indices.filter { all[$0].isPrior && all[$0].category != nil }
    var unchanged = false
    if priorIndices.isEmpty {
      // "Mamas ACR C, sin cambios respecto al examen de 2021": the prior was the same.
      priorIndices = all.indices.filter { all[$0].sameAsPrior && all[$0].isCurrent && all[$0].category != nil }
      unchanged = true
    }
    if case .category(let p) = resolve(priorIndices.map { all[$0] }) {
      decision.prior = p
      decision.priorUsed = priorIndices
      if unchanged { decision.reasons.append("the report says the prior exam was the same: prior \(p.rawValue)") }
    } else if priorIndices.isEmpty, priorSameAsCurrent, let density = decision.density {
      decision.prior = density
      decision.priorUsed = decision.used
      decision.reasons.append("the report says the prior exam's density was the same: prior \(density.rawValue)")
    }
    return decision
  }

  private static func decideCurrent(_ all: [CompositionMention]) -> CompositionDecision {
    var decision = CompositionDecision(status: .found, confidence: 0.95)
    let current = all.indices.filter { all[$0].isCurrent }
    var definite = current.filter { all[$0].category != nil }
    // An addendum revises the report: its statements, and after a correction cue its corrected
    // value, stand over what it corrects.
    for revised in [\CompositionMention.inAddendum, \CompositionMention.corrected]
    where definite.contains(where: { all[$0][keyPath: revised] }) {
      for d in definite where !all[d][keyPath: revised] { decision.overruled[d] = "revised by the addendum" }
      definite.removeAll { !all[$0][keyPath: revised] }
    }
    // Double reading: the consensus stands over each reader's value.
    if definite.contains(where: { all[$0].consensus }) {
      for d in definite where !all[d].consensus { decision.overruled[d] = "one reader's value; the consensus stands" }
      definite.removeAll { !all[$0].consensus }
    }
    if definite.isEmpty {
      let ambiguous = current.filter { all[$0].form == .ambiguous }
      decision.status = ambiguous.isEmpty ? .absent : .ambiguous
      decision.confidence = 0
      decision.used = ambiguous
      let priors = all.filter(\.isPrior).count
      decision.reasons.append(
        ambiguous.isEmpty
          ? (priors > 0
            ? "only the prior exam's composition is stated: none for the current exam"
            : "no composition statement about the current exam")
          : "the composition is named without a category (\"mamas densas\": c or d)")
      return decision
    }
    // "Predominio graso con áreas dispersas de densidad fibroglandular" is b, not a.
    let specific = definite.filter { all[$0].form != .weakFat && all[$0].category != .a }
    let weak = definite.filter { w in
      all[w].form == .weakFat && specific.contains { all[$0].side == all[w].side }
    }
    for w in weak { decision.overruled[w] = "a fatty pattern overruled by a more specific statement" }
    definite.removeAll { weak.contains($0) }
    decision.used = definite
    let both = resolve(definite.filter { all[$0].side == nil }.map { all[$0] })
    let rightOnly = definite.filter { all[$0].side == .right }.map { all[$0] }
    let leftOnly = definite.filter { all[$0].side == .left }.map { all[$0] }
    if rightOnly.isEmpty && leftOnly.isEmpty {
      guard case .category(let category) = both else {
        decision.status = .contradictory
        decision.confidence = 0
        decision.reasons.append("the current exam's statements name different categories")
        return decision
      }
      decision.density = category
      decision.reasons.append("both breasts: \(category.rawValue)")
    } else {
      let right = rightOnly.isEmpty ? both : resolve(rightOnly)
      let left = leftOnly.isEmpty ? both : resolve(leftOnly)
      if case .contradictory = right { return contradictory(decision, "the right breast") }
      if case .contradictory = left { return contradictory(decision, "the left breast") }
      if case .category(let r) = right { decision.right = r }
      if case .category(let l) = left { decision.left = l }
      decision.density = [decision.right, decision.left].compactMap { $0 }.max()
      decision.confidence = 0.9
      let sides = [("right", decision.right), ("left", decision.left)].compactMap { name, value in
        value.map { "\(name) \($0.rawValue)" }
      }
      decision.reasons.append(
        "per side: " + sides.joined(separator: ", ")
          + (sides.count == 2 ? "; the exam takes the denser breast, \(decision.density!.rawValue)" : ""))
    }
    let forms = Set(definite.map { all[$0].form })
    if forms.contains(.code) && forms.count > 1 { decision.confidence = 0.99 }
    if !forms.contains(.phrase) && !forms.contains(.weakFat) { decision.confidence = 0.85 }
    if definite.contains(where: { all[$0].fuzzy }) {
      decision.confidence -= 0.1
      decision.reasons.append("a typo was forgiven to read it")
    }
    return decision
  }

  private init(status: ExtractionStatus, confidence: Double) {
    self.status = status
    self.confidence = confidence
  }

  private static func contradictory(_ base: CompositionDecision, _ what: String) -> CompositionDecision {
    var decision = base
    decision.density = nil
    decision.right = nil
    decision.left = nil
    decision.status = .contradictory
    decision.confidence = 0
    decision.reasons.append("the statements about \(what) name different categories")
    return decision
  }

  private static func resolve(_ mentions: [CompositionMention]) -> Resolution {
    let categories = Set(mentions.compactMap(\.category))
    if categories.isEmpty { return .none }
    if categories.count == 1, let only = categories.first { return .category(only) }
    // A letter the radiologist wrote out overrides a paraphrase that reads differently ("on balance
    // assessed as scattered (B)"), unless the only sentences that describe the breasts all say
    // otherwise: a template field left at "b" above "heterogéneamente densas" is a contradiction.
    let codes = Set(mentions.filter { $0.form == .code }.compactMap(\.category))
    if codes.count == 1, let code = codes.first {
      let phrases = mentions.filter { $0.form == .phrase }.compactMap(\.category)
      if !phrases.isEmpty, !phrases.contains(code) { return .contradictory }
      return .category(code)
    }
    return .contradictory
  }
}
