import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func theCurrentStatementWinsOverTheQuotedPriorOne() {
  let cases: [(String, BreastComposition, BreastComposition)] = [
    ("En la mastografía previa se describía patrón tipo B; actualmente mamas heterogéneamente densas.", .c, .b),
    ("Estudio anterior (2022): mamas con densidad tipo C. En el presente estudio: tipo B.", .b, .c),
    ("Densidad mamaria previa: B. Densidad actual: C. BI-RADS 2.", .c, .b),
    ("Patrón tipo C (previamente tipo B). BI-RADS 1.", .c, .b),
    ("Mamas con densidad tipo D, la cual era tipo C en el estudio anterior.", .d, .c),
    (
      "The prior mammogram showed scattered fibroglandular densities. The breasts are now heterogeneously dense.", .c,
      .b
    ),
  ]
  for (text, current, prior) in cases {
    let found = extractor.extract(text)
    #expect(found.density == current, "\(text)")
    #expect(found.prior == prior, "\(text)")
    #expect(found.status == .found, "\(text)")
  }
}

@Test func aPriorOnlyReportIsAbsentButKeepsThePriorDensity() {
  for text in [
    "Se compara con estudio previo del 2021 que reportaba mamas heterogéneamente densas. Sin cambios. BI-RADS 2.",
    "En la mamografía anterior, mamas con densidad tipo B. Sin lesiones sospechosas.",
    "Patrón tipo B descrito en la mastografía previa. No se observan nódulos.",
    "Prior exam from 2020 described the breasts as extremely dense. No suspicious findings.",
  ] {
    let found = extractor.extract(text)
    #expect(found.density == nil, "\(text)")
    #expect(found.status == .absent, "\(text)")
    #expect(found.prior != nil, "\(text)")
    #expect(found.priorEvidence.first?.scope == .prior, "\(text)")
  }
}

@Test func aComparisonDescribesTheCurrentExam() {
  for text in [
    "En comparación con mastografía anterior de 2022, patrón mamario tipo C.",
    "Compared to prior studies, the breasts are heterogeneously dense.",
  ] {
    let found = extractor.extract(text)
    #expect(found.density == .c, "\(text)")
    #expect(found.prior == nil, "\(text)")
  }
}

@Test func unchangedFromThePriorGivesThePriorTheSameDensity() {
  for text in [
    "Mamas heterogéneamente densas, similares al estudio previo.",
    "Comparado con el estudio previo, mamas heterogéneamente densas sin cambios.",
    "Mamas heterogéneamente densas sin cambios respecto al previo.",
    "Mamas ACR C, sin cambios en la densidad respecto al examen de 2021.",
    "Heterogeneously dense breasts, unchanged from the prior exam.",
  ] {
    let found = extractor.extract(text)
    #expect(found.density == .c, "\(text)")
    #expect(found.prior == .c, "\(text)")
  }
}

@Test func previousSurgeryAndAnteriorRegionAreNotPriorExams() {
  #expect(extractor.extract("Cambios por cirugía previa, mamas con densidad tipo C.").density == .c)
  #expect(extractor.extract("Antecedente de biopsia previa; patrón mamario heterogéneamente denso.").density == .c)
  #expect(extractor.extract("Tejido heterogéneamente denso en tercio anterior de ambas mamas.").density == .c)
}

@Test func priorAssessmentsDoNotCountAsTheCurrentOne() {
  let found = extractor.extract("Estudio previo catalogado BI-RADS 3 en el estudio anterior. Actualmente BI-RADS 2.")
  #expect(found.birads == .benign)
}
