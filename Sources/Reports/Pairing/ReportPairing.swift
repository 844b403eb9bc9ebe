/// Rules for pairing reports with studies.
public struct PairingRules: Sendable, Hashable {
  /// Prefixes removed from accession numbers before comparing (case-insensitive), e.g. "ACC", "RX-".
  public var accessionPrefixes: [String]
  /// How far apart (days) a report and a study of the same patient may be when accessions fail.
  public var dateWindowDays: Int

  public init(accessionPrefixes: [String] = [], dateWindowDays: Int = 3) {
    self.accessionPrefixes = accessionPrefixes
    self.dateWindowDays = dateWindowDays
  }

  /// Upper case, prefixes stripped, separators and leading zeros removed.
  public func normalizedAccession(_ raw: String) -> String {
    var value = raw.uppercased().filter { $0.isLetter || $0.isNumber }[...]
    for prefix in accessionPrefixes {
      let p = prefix.uppercased().filter { $0.isLetter || $0.isNumber }
      if !p.isEmpty, value.hasPrefix(p) {
        value = value.dropFirst(p.count)
        break
      }
    }
    return String(value.drop { $0 == "0" })
  }
}

/// The outcome of pairing: certain pairs, flagged ambiguities, and what is left on each side.
public struct PairingResult: Sendable {
  public struct Pair: Sendable {
    public var report: Report
    public var study: StudyKey
    /// How the pair was made.
    public var rule: Rule
  }
  public enum Rule: String, Sendable { case accession, patientAndDate }
  /// A report that several studies (or a study that several reports) could match: never guessed.
  public struct Ambiguity: Sendable {
    public var report: Report
    public var candidates: [StudyKey]
  }
  public var pairs: [Pair] = []
  public var ambiguous: [Ambiguity] = []
  public var unmatchedReports: [Report] = []
  public var unmatchedStudies: [StudyKey] = []
}

/// Pairs reports with studies: by normalised accession, else by patient ID and a study date
/// within the window; a report with more than one candidate is flagged, never guessed.
public func pairReports(_ reports: [Report], with studies: [StudyKey], rules: PairingRules)
  -> PairingResult
{
  var result = PairingResult()
  var byAccession: [String: [Int]] = [:]
  for (index, study) in studies.enumerated() {
    if let accession = study.accession.map(rules.normalizedAccession), !accession.isEmpty {
      byAccession[accession, default: []].append(index)
    }
  }
  var used = Set<Int>()
  var pending: [Report] = []
  for report in reports {
    let key = rules.normalizedAccession(report.accession)
    let candidates = key.isEmpty ? [] : byAccession[key] ?? []
    if candidates.count == 1 {
      result.pairs.append(.init(report: report, study: studies[candidates[0]], rule: .accession))
      used.insert(candidates[0])
    } else if candidates.count > 1 {
      result.ambiguous.append(.init(report: report, candidates: candidates.map { studies[$0] }))
      used.formUnion(candidates)
    } else {
      pending.append(report)
    }
  }
  for report in pending {
    guard let patient = report.patientID, let day = report.studyDate.flatMap(dayNumber) else {
      result.unmatchedReports.append(report)
      continue
    }
    let candidates = studies.indices.filter { index in
      let study = studies[index]
      guard !used.contains(index), study.patientID == patient,
        let studyDay = study.studyDate.flatMap(dayNumber)
      else { return false }
      return abs(studyDay - day) <= rules.dateWindowDays
    }
    if candidates.count == 1 {
      result.pairs.append(.init(report: report, study: studies[candidates[0]], rule: .patientAndDate))
      used.insert(candidates[0])
    } else if candidates.isEmpty {
      result.unmatchedReports.append(report)
    } else {
      result.ambiguous.append(.init(report: report, candidates: candidates.map { studies[$0] }))
    }
  }
  let flagged = Set(result.ambiguous.flatMap { $0.candidates.map(\.studyInstanceUID) })
  result.unmatchedStudies = studies.indices.filter {
    !used.contains($0) && !flagged.contains(studies[$0].studyInstanceUID)
  }.map { studies[$0] }
  return result
}

/// Days since 1 January year 0 (proleptic Gregorian) for YYYYMMDD, or nil when malformed.
func dayNumber(_ date: String) -> Int? {
  let digits = date.filter(\.isNumber)
  guard digits.count == 8, let value = Int(digits) else { return nil }
  var year = value / 10000
  let month = (value / 100) % 100
  let day = value % 100
  guard (1...12).contains(month), (1...31).contains(day) else { return nil }
  // Days-from-civil (H. Hinnant), shifted so March starts the year.
  if month <= 2 { year -= 1 }
  let era = year / 400
  let yoe = year - era * 400
  let mp = (month + 9) % 12
  let doy = (153 * mp + 2) / 5 + day - 1
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  return era * 146097 + doe
}
