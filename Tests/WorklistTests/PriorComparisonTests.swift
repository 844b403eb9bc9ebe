import BIRADS
import Testing
import Worklist

@Suite struct PriorComparisonTests {
  let notDenseLastYear = StoredPrior(
    studyInstanceUID: "2.25.7", accession: "A1", studyDate: "20250105", modelComposition: .c, reportDensity: .b)

  @Test func theStoredPriorsReportDensityIsThePriorsDensity() throws {
    let c = try #require(PriorComparison(stored: notDenseLastYear, statedPrior: .a, model: .c, report: .b))
    #expect(c.source == "prior-report" && c.priorComposition == "b" && c.priorAccession == "A1")
    #expect(c.priorStudyDate == "20250105")
    // b last year, c now: across the dense line; the report's b now is not.
    #expect(c.crossesDenseBoundary && c.composition == "c")
    #expect(c.reportComposition == "b" && c.reportCrossesDenseBoundary == false)
  }

  @Test func withoutAReportDensityThePriorsModelResultStands() throws {
    var prior = notDenseLastYear
    prior.reportDensity = nil
    let c = try #require(PriorComparison(stored: prior, statedPrior: nil, model: .d, report: nil))
    #expect(c.source == "prior-model" && c.priorComposition == "c")
    #expect(!c.crossesDenseBoundary && c.reportCrossesDenseBoundary == nil)
  }

  @Test func theReportsStatedPriorIsUsedWhenTheStoreHasNone() throws {
    let c = try #require(PriorComparison(stored: nil, statedPrior: .d, model: .a, report: .a))
    #expect(c.source == "current-report" && c.priorComposition == "d" && c.priorAccession == nil)
    #expect(c.crossesDenseBoundary && c.reportCrossesDenseBoundary == true)
    #expect(PriorComparison(stored: nil, statedPrior: nil, model: .a, report: .a) == nil)
  }
}
