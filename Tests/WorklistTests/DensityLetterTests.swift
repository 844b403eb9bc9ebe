import BIRADS
import Testing

@testable import Worklist

@Suite struct DensityLetterTests {
  @Test func theParagraphFollowsTheReportsDensityAndIsAbsentWithoutOne() {
    let dense = DensityLetter(accession: "A1", studyInstanceUID: "2.25.1", reportDensity: .d)
    #expect(dense.category == "dense" && dense.paragraph == MQSADensityStatement.denseLaySummary)
    #expect(dense.spanish?.label == MQSASpanishTranslation.label)
    let fatty = DensityLetter(accession: "A2", studyInstanceUID: "2.25.2", reportDensity: .b)
    #expect(fatty.category == "not-dense" && fatty.paragraph == MQSADensityStatement.notDenseLaySummary)
    let none = DensityLetter(accession: "A3", studyInstanceUID: "2.25.3", reportDensity: nil)
    #expect(none.paragraph == nil && none.category == nil && none.spanish == nil)
  }

  @Test func resultJSONCarriesTheModelsSuggestionMarkedAsSuch() throws {
    let s = ExamResultDocument.SuggestedDensityStatementSection(composition: .c, breasts: .one)
    #expect(s.source == "model-suggestion" && s.breasts == "one")
    #expect(s.statement == "The breast is heterogeneously dense, which may obscure small masses.")
    #expect(s.spanish.label == MQSASpanishTranslation.label)
  }
}

@Suite struct DeviceUIDTests {
  @Test func theAlgorithmsDeviceUIDChangesWithTheWeightsAndThePrecisionOnly() {
    let sha = String(repeating: "ab", count: 32)
    let fp32 = DensityStructuredReport.deviceUID(.init(name: "m", version: "1", sha256: sha))
    #expect(fp32 == DensityStructuredReport.deviceUID(.init(name: "renamed", version: "2", sha256: sha)))
    #expect(fp32 != DensityStructuredReport.deviceUID(.init(name: "m", version: "1", sha256: sha, precision: .bf16)))
    #expect(
      fp32
        != DensityStructuredReport.deviceUID(.init(name: "m", version: "1", sha256: String(repeating: "cd", count: 32)))
    )
    #expect(fp32.hasPrefix("2.25.") && fp32.count <= 64 && fp32.dropFirst(5).allSatisfy(\.isNumber))
  }
}
