import Testing

@testable import Reports

/// Accuracy of the extractor on the labelled corpus, printed and held to the issue's targets.
@Test func corpusAccuracyMeetsTargets() throws {
  let corpus = try LabelledReport.corpus()
  #expect(corpus.count >= 300)
  let extractor = ReportExtractor()
  var densityCorrect = 0
  var biradsCorrect = 0
  var sideCorrect = 0
  var invented = 0
  var statingNone = 0
  var failuresByPhenomenon: [String: Int] = [:]
  var failures: [String] = []
  for report in corpus {
    let found = extractor.extract(report.text)
    let densityOK = found.density?.rawValue == report.density
    let biradsOK = found.birads?.rawValue == report.birads
    let sidesOK = found.right?.rawValue == report.right && found.left?.rawValue == report.left
    if densityOK { densityCorrect += 1 }
    if biradsOK { biradsCorrect += 1 }
    if sidesOK { sideCorrect += 1 }
    if report.density == nil {
      statingNone += 1
      if found.density != nil { invented += 1 }
    }
    if !densityOK || !biradsOK || !sidesOK {
      for tag in report.phenomena { failuresByPhenomenon[tag, default: 0] += 1 }
      failures.append(
        "\(report.id): expected \(report.density ?? "-")/\(report.right ?? "-")/\(report.left ?? "-")/\(report.birads ?? "-") got \(found.density?.rawValue ?? "-")/\(found.right?.rawValue ?? "-")/\(found.left?.rawValue ?? "-")/\(found.birads?.rawValue ?? "-") (\(found.status))"
      )
    }
  }
  let n = Double(corpus.count)
  let densityAccuracy = Double(densityCorrect) / n
  let biradsAccuracy = Double(biradsCorrect) / n
  print("Report corpus: \(corpus.count) reports")
  print("  exact exam-level density: \(densityCorrect)/\(corpus.count) = \(densityAccuracy * 100) %")
  print("  per-side (right and left) exact: \(sideCorrect)/\(corpus.count)")
  print("  densities invented for \(statingNone) reports stating none: \(invented)")
  print("  BI-RADS assessment: \(biradsCorrect)/\(corpus.count) = \(biradsAccuracy * 100) %")
  print("  failures by phenomenon: \(failuresByPhenomenon.sorted { $0.key < $1.key })")
  for failure in failures { print("  FAIL \(failure)") }
  #expect(densityAccuracy >= 0.98)
  #expect(invented == 0)
  #expect(biradsAccuracy >= 0.98)
}
