import BIRADS

/// Reads breast composition and the BI-RADS assessment from a free-text mammography report in
/// Spanish (Mexico, Spain, South America) or English.
///
/// A small rule engine over vocabulary tokens: the text is folded (case, accents), tokenized with
/// typo-tolerant vocabulary lookup, cut into sentences, and each sentence is scanned for
/// composition statements, which are then screened (prior study, negation, lesion, generic
/// advice) and combined per side.
public struct ReportExtractor: Sendable {
  public init() {}

  /// Everything densa reads from one report.
  public func extract(_ text: String) -> ReportFindings {
    let folded = FoldedText(text)
    let tokens = Tokenizer.tokens(folded)
    var scan = SentenceScan(tokens: tokens, bytes: folded.bytes)
    scan.run()
    let original = Array(text.utf8)
    func evidence(_ first: Int, _ last: Int) -> Evidence {
      let start = folded.starts[tokens[first].start]
      let end = folded.ends[tokens[last].end - 1]
      return Evidence(
        start: start, end: end, text: String(decoding: original[start..<end], as: UTF8.self))
    }
    var findings = CompositionDecision.decide(scan.mentions)
    findings.evidence = findings.evidenceMentions.map { evidence($0.first, $0.last) }
    let assessment = AssessmentScan.find(tokens: tokens, bytes: folded.bytes, prior: scan.prior)
    return ReportFindings(
      density: findings.density, right: findings.right, left: findings.left,
      birads: assessment?.category, status: findings.status, confidence: findings.confidence,
      evidence: findings.evidence,
      biradsEvidence: assessment.map { evidence($0.first, $0.last) })
  }
}
