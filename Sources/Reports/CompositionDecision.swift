import BIRADS

/// Combines a report's composition statements into the exam, right and left categories.
struct CompositionDecision {
  var density: BreastComposition?
  var right: BreastComposition?
  var left: BreastComposition?
  var status: ExtractionStatus
  var confidence: Double
  var evidenceMentions: [CompositionMention]
  var evidence: [Evidence] = []

  private enum Resolution {
    case none
    case category(BreastComposition)
    case contradictory
  }

  static func decide(_ all: [CompositionMention]) -> CompositionDecision {
    let current = all.filter { !$0.excluded }
    var definite = current.filter { $0.category != nil }
    if definite.isEmpty {
      let ambiguous = current.filter { $0.form == .ambiguous }
      return CompositionDecision(
        density: nil, right: nil, left: nil, status: ambiguous.isEmpty ? .absent : .ambiguous,
        confidence: 0, evidenceMentions: ambiguous)
    }
    // "Predominio graso con áreas dispersas de densidad fibroglandular" is b, not a.
    let specific = definite.filter { $0.form != .weakFat && $0.category != .a }
    definite.removeAll { weak in
      weak.form == .weakFat && specific.contains { $0.side == weak.side }
    }
    let both = resolve(definite.filter { $0.side == nil })
    let rightOnly = definite.filter { $0.side == .right }
    let leftOnly = definite.filter { $0.side == .left }
    var decision = CompositionDecision(
      density: nil, right: nil, left: nil, status: .found, confidence: 0.95,
      evidenceMentions: definite)
    if rightOnly.isEmpty && leftOnly.isEmpty {
      guard case .category(let category) = both else {
        decision.status = .contradictory
        decision.confidence = 0
        return decision
      }
      decision.density = category
    } else {
      let right = rightOnly.isEmpty ? both : resolve(rightOnly)
      let left = leftOnly.isEmpty ? both : resolve(leftOnly)
      if case .contradictory = right { return contradictory(definite) }
      if case .contradictory = left { return contradictory(definite) }
      if case .category(let r) = right { decision.right = r }
      if case .category(let l) = left { decision.left = l }
      decision.density = [decision.right, decision.left].compactMap { $0 }.max()
      decision.confidence = 0.9
    }
    let forms = Set(definite.map { "\($0.form)" })
    if forms.contains("code") && forms.count > 1 { decision.confidence = 0.99 }
    if !forms.contains("phrase") && !forms.contains("weakFat") { decision.confidence = 0.85 }
    if definite.contains(where: \.fuzzy) { decision.confidence -= 0.1 }
    return decision
  }

  private static func contradictory(_ mentions: [CompositionMention]) -> CompositionDecision {
    CompositionDecision(
      density: nil, right: nil, left: nil, status: .contradictory, confidence: 0,
      evidenceMentions: mentions)
  }

  private static func resolve(_ mentions: [CompositionMention]) -> Resolution {
    let categories = Set(mentions.compactMap(\.category))
    if categories.isEmpty { return .none }
    if categories.count == 1, let only = categories.first { return .category(only) }
    // A letter the radiologist wrote out overrides a paraphrase that reads differently.
    let codes = Set(mentions.filter { $0.form == .code }.compactMap(\.category))
    if codes.count == 1, let code = codes.first { return .category(code) }
    return .contradictory
  }
}
