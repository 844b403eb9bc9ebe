import BIRADS

/// Reads breast composition, the BI-RADS assessment and the reading radiologist from a free-text
/// mammography report in Spanish (Mexico, Spain, South America), English, or a mix of the two.
///
/// A small rule engine over vocabulary tokens: the text is folded (case, accents), tokenized with
/// typo-tolerant vocabulary lookup, cut into sentences and clauses; each clause is attached to the
/// exam it describes (current or prior), each statement to its breast, and the statements are
/// screened (negation, lesion, generic advice) and combined per side.
public struct ReportExtractor: Sendable {
  public init() {}

  /// Everything densa reads from one report.
  public func extract(_ text: String) -> ReportFindings { analyse(text).findings }

  /// The findings with every statement found and the reasons for the decision.
  public func explain(_ text: String) -> ReportExplanation {
    let analysis = analyse(text)
    let evidence = analysis.evidence
    var mentions: [ReportExplanation.Mention] = []
    let decision = analysis.decision
    for (index, m) in analysis.mentions.enumerated() {
      let outcome: String
      let why: String
      if let exclusion = m.exclusion {
        outcome = "excluded"
        why =
          switch exclusion {
          case .negated: "negated"
          case .lesion: "describes a lesion, not the breast"
          case .generic: "general advice, not this patient"
          case .male: "a male patient's breast: no composition category"
          }
      } else if m.scope == .prior {
        outcome = "prior"
        why =
          decision.priorUsed.contains(index)
          ? "about the prior exam: kept as its density" : "about the prior exam: conflicting prior statements"
      } else if let reason = decision.overruled[index] {
        outcome = "overruled"
        why = reason
      } else if decision.used.contains(index) {
        outcome = m.category == nil ? "ambiguous" : "used"
        why =
          m.category == nil
          ? "names density without a category"
          : "about the current exam" + (m.scope == .unspecified ? " (no other said)" : "")
      } else {
        outcome = "ignored"
        why = "not needed for the decision"
      }
      mentions.append(
        .init(
          kind: .composition, evidence: evidence(m.first, m.last), category: m.category?.rawValue,
          form: m.form.rawValue, notation: m.category == nil ? nil : m.notation, scope: m.scope,
          scopeReason: m.scopeReason, side: m.side, sideReason: m.sideReason, outcome: outcome, why: why))
    }
    let chosen = AssessmentScan.pick(analysis.assessments)
    for a in analysis.assessments {
      let isChosen = chosen.map { $0.first == a.first } ?? false
      mentions.append(
        .init(
          kind: .assessment, evidence: evidence(a.first, a.last), category: a.category.rawValue, form: nil,
          notation: nil, scope: a.prior ? .prior : .unspecified, scopeReason: nil, side: nil, sideReason: nil,
          outcome: a.prior ? "prior" : isChosen ? "used" : "overruled",
          why: a.prior
            ? "about the prior exam" : isChosen ? "the most severe category stated" : "a more severe category is stated"
        ))
    }
    mentions.sort { $0.evidence.start < $1.evidence.start }
    var lines = decision.reasons
    if let prior = analysis.findings.prior { lines.append("prior exam: \(prior.rawValue)") }
    if let notation = analysis.findings.notation {
      lines.append(
        "written as \(notation.rawValue)" + (notation.isFourthEdition ? " (BI-RADS 4th edition, 1→a … 4→d)" : ""))
    }
    if let birads = analysis.findings.birads { lines.append("BI-RADS \(birads.rawValue)") }
    if let reader = analysis.findings.reader { lines.append("reader: \(reader)") }
    return ReportExplanation(
      findings: analysis.findings, mentions: mentions, decision: lines, spanishWords: analysis.spanish,
      englishWords: analysis.english)
  }

  private struct Analysis {
    var findings: ReportFindings
    var mentions: [CompositionMention]
    var decision: CompositionDecision
    var assessments: [AssessmentScan.Found]
    var evidence: (Int, Int) -> Evidence
    var spanish: Int
    var english: Int
  }

  private func analyse(_ text: String) -> Analysis {
    let folded = FoldedText(text)
    let tokens = Tokenizer.tokens(folded)
    var scan = SentenceScan(tokens: tokens, bytes: folded.bytes)
    scan.run()
    let original = Array(text.utf8)
    let evidence = { (first: Int, last: Int) -> Evidence in
      let start = folded.starts[tokens[first].start]
      let end = folded.ends[tokens[last].end - 1]
      return Evidence(
        start: start, end: end, text: String(decoding: original[start..<end], as: UTF8.self))
    }
    let mentions = scan.mentions
    let decision = CompositionDecision.decide(mentions, priorSameAsCurrent: scan.priorSameAsCurrent)
    func located(_ index: Int) -> Evidence {
      var e = evidence(mentions[index].first, mentions[index].last)
      e.side = mentions[index].side
      e.scope = mentions[index].scope
      return e
    }
    let assessments = AssessmentScan.all(
      tokens: tokens, bytes: folded.bytes, prior: scan.prior, addendum: scan.addendumStart)
    let assessment = AssessmentScan.pick(assessments)
    let language = ReportLanguage.detect(tokens: tokens, bytes: folded.bytes)
    let signature = SignatureScan.find(text: text, folded: folded, tokens: tokens)
    let notations = Set(decision.used.compactMap { mentions[$0].category == nil ? nil : mentions[$0].notation })
    // The most explicit notation the decision rests on; a numeral or percentage marks the 4th edition.
    let notation = [DensityNotation.numeral, .percentage, .letter, .words].first { notations.contains($0) }
    let findings = ReportFindings(
      density: decision.density, right: decision.right, left: decision.left, birads: assessment?.category,
      status: decision.status, confidence: decision.confidence, evidence: decision.used.map(located),
      biradsEvidence: assessment.map { evidence($0.first, $0.last) }, prior: decision.prior,
      priorEvidence: decision.prior == nil ? [] : decision.priorUsed.map(located),
      notation: decision.density == nil ? nil : notation, language: language.language,
      reader: signature?.name,
      readerEvidence: signature.map {
        Evidence(
          start: $0.start, end: $0.end, text: String(decoding: original[$0.start..<$0.end], as: UTF8.self))
      })
    return Analysis(
      findings: findings, mentions: mentions, decision: decision, assessments: assessments, evidence: evidence,
      spanish: language.spanish, english: language.english)
  }
}
