import Testing

@testable import Reports

private func study(_ uid: String, _ accession: String?, _ patient: String?, _ date: String?) -> StudyKey {
  StudyKey(accession: accession, patientID: patient, studyDate: date, studyInstanceUID: uid)
}

@Test func accessionsMatchAfterCaseZerosAndPrefixes() {
  let rules = PairingRules(accessionPrefixes: ["ACC"])
  #expect(rules.normalizedAccession("acc-000123") == "123")
  #expect(rules.normalizedAccession("000123") == "123")
  let result = pairReports(
    [Report(accession: "ACC000123", text: "", source: "r1")], with: [study("1.2", "123", nil, nil)],
    rules: rules)
  #expect(result.pairs.count == 1)
  #expect(result.pairs.first?.rule == .accession)
}

@Test func patientAndDateWithinTheWindow() {
  let rules = PairingRules(dateWindowDays: 2)
  let report = Report(accession: "X9", patientID: "P1", studyDate: "20260301", text: "", source: "r")
  let near = pairReports([report], with: [study("1", nil, "P1", "20260227")], rules: rules)
  #expect(near.pairs.first?.rule == .patientAndDate)
  let far = pairReports([report], with: [study("1", nil, "P1", "20260225")], rules: rules)
  #expect(far.pairs.isEmpty)
  #expect(far.unmatchedReports.count == 1)
  #expect(far.unmatchedStudies.map(\.studyInstanceUID) == ["1"])
}

@Test func twoCandidatesAreFlaggedNotGuessed() {
  let report = Report(accession: "", patientID: "P1", studyDate: "20260301", text: "", source: "r")
  let result = pairReports(
    [report], with: [study("1", nil, "P1", "20260301"), study("2", nil, "P1", "20260302")],
    rules: PairingRules())
  #expect(result.pairs.isEmpty)
  #expect(result.ambiguous.first?.candidates.count == 2)
  #expect(result.unmatchedStudies.isEmpty)
}

@Test func unmatchedOnBothSidesAreListed() {
  let result = pairReports(
    [Report(accession: "55", text: "", source: "r")], with: [study("9", "66", nil, nil)],
    rules: PairingRules())
  #expect(result.unmatchedReports.map(\.accession) == ["55"])
  #expect(result.unmatchedStudies.map(\.studyInstanceUID) == ["9"])
}
