import BIRADS
import Testing

/// The regulation's texts, typed out here from 21 CFR 900.12 and MQSA Alternative Standard #26, so
/// any edit to the sources' wording fails.
@Suite struct MQSADensityStatementTests {
  @Test func theFourReportSentencesAreTheRegulationsWordForWord() {
    #expect(MQSADensityStatement.report(.a) == "The breasts are almost entirely fatty.")
    #expect(MQSADensityStatement.report(.b) == "There are scattered areas of fibroglandular density.")
    #expect(
      MQSADensityStatement.report(.c) == "The breasts are heterogeneously dense, which may obscure small masses.")
    #expect(
      MQSADensityStatement.report(.d)
        == "The breasts are extremely dense, which lowers the sensitivity of mammography.")
  }

  @Test func oneBreastGetsTheSingularFormsOfAlternativeStandard26() {
    #expect(MQSADensityStatement.report(.a, breasts: .one) == "The breast is almost entirely fatty.")
    #expect(MQSADensityStatement.report(.b, breasts: .one) == "There are scattered areas of fibroglandular density.")
    #expect(
      MQSADensityStatement.report(.c, breasts: .one)
        == "The breast is heterogeneously dense, which may obscure small masses.")
    #expect(
      MQSADensityStatement.report(.d, breasts: .one)
        == "The breast is extremely dense, which lowers the sensitivity of mammography.")
  }

  @Test func theLaySummaryHasOneParagraphForAAndBAndAnotherForCAndD() {
    let notDense =
      "Breast tissue can be either dense or not dense. Dense tissue makes it harder to find breast cancer on a "
      + "mammogram and also raises the risk of developing breast cancer. Your breast tissue is not dense. Talk to "
      + "your healthcare provider about breast density, risks for breast cancer, and your individual situation."
    let dense =
      "Breast tissue can be either dense or not dense. Dense tissue makes it harder to find breast cancer on a "
      + "mammogram and also raises the risk of developing breast cancer. Your breast tissue is dense. In some people "
      + "with dense tissue, other imaging tests in addition to a mammogram may help find cancers. Talk to your "
      + "healthcare provider about breast density, risks for breast cancer, and your individual situation."
    #expect(MQSADensityStatement.laySummary(.a) == notDense)
    #expect(MQSADensityStatement.laySummary(.b) == notDense)
    #expect(MQSADensityStatement.laySummary(.c) == dense)
    #expect(MQSADensityStatement.laySummary(.d) == dense)
  }

  @Test func theSpanishRenderingIsLabelledAndFollowsTheSameSplit() {
    #expect(MQSASpanishTranslation.label.contains("no es el texto reglamentario"))
    #expect(
      MQSASpanishTranslation.report(.c) == "Las mamas son heterogéneamente densas, lo que puede ocultar masas pequeñas."
    )
    #expect(MQSASpanishTranslation.report(.a, breasts: .one) == "La mama es casi en su totalidad grasa.")
    for c in BreastComposition.allCases {
      let text = MQSASpanishTranslation.laySummary(c)
      #expect(text.contains(c.isDense ? "Su tejido mamario es denso." : "Su tejido mamario no es denso."))
      #expect(MQSASpanishTranslation.report(c) != MQSADensityStatement.report(c))
    }
  }
}
