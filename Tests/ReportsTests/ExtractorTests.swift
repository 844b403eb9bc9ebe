import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func evidencePointsAtTheOriginalText() {
  let text = "Mamografía bilateral.  Mamas  HETEROGÉNEAMENTE densas. BI-RADS 2."
  let found = extractor.extract(text)
  #expect(found.density == .c)
  let evidence = try! #require(found.evidence.first)
  let bytes = Array(text.utf8)[evidence.start..<evidence.end]
  #expect(String(decoding: bytes, as: UTF8.self) == evidence.text)
  #expect(evidence.text == "HETEROGÉNEAMENTE densas")
  #expect(found.biradsEvidence?.text == "BI-RADS 2")
}

@Test func decomposedAccentsMatchLikeComposedOnes() {
  let nfd = "Mamas heteroge\u{301}neamente densas. BI-RADS 1."
  #expect(extractor.extract(nfd).density == .c)
}

@Test func typosWithinTheScaledDistanceAreForgiven() {
  #expect(extractor.extract("Mamas hetreogeneamente densas.").density == .c)
  #expect(extractor.extract("Mamas extremadamnte densas.").density == .d)
  #expect(extractor.extract("Areas dispresas de densidad fibroglandular.").density == .b)
}

@Test func mamasDensasAloneIsAmbiguous() {
  let found = extractor.extract("Mamas densas. Sin lesiones. BI-RADS 1.")
  #expect(found.density == nil)
  #expect(found.status == .ambiguous)
}

@Test func lesionDensityAsymmetryAndAdviceAreNotComposition() {
  for text in [
    "Nódulo de densidad grasa compatible con lipoma.",
    "Asimetría focal de densidad en la mama izquierda.",
    "Se recomienda ecografía en pacientes con mamas extremadamente densas.",
    "No presenta mamas extremadamente densas.",
  ] {
    let found = extractor.extract(text)
    #expect(found.density == nil, "\(text)")
    #expect(found.status == .absent, "\(text)")
  }
}

@Test func thePriorStudyDoesNotCountButTheCurrentOneDoes() {
  let text = "En el estudio previo eran heterogéneamente densas, actualmente casi completamente grasas."
  #expect(extractor.extract(text).density == .a)
  #expect(extractor.extract("En la mamografía previa se describían mamas extremadamente densas.").density == nil)
}

@Test func perSideStatementsGiveTheDenserSide() {
  let found = extractor.extract("MD: tipo B. MI: tipo D. BI-RADS 2.")
  #expect(found.right == .b)
  #expect(found.left == .d)
  #expect(found.density == .d)
}

@Test func incompatibleStatementsAreContradictory() {
  let found = extractor.extract("Mamas casi completamente grasas. Mamas extremadamente densas.")
  #expect(found.density == nil)
  #expect(found.status == .contradictory)
}

@Test func assessmentCategoriesInTheirUsualSpellings() {
  let cases: [(String, AssessmentCategory?)] = [
    ("BI-RADS 4B.", .suspiciousModerate), ("BIRADS: 2", .benign), ("Categoría III.", .probablyBenign),
    ("BI RADS 0", .incomplete), ("BI-RADS IV-C", .suspiciousHigh), ("Léxico BI-RADS 5a edición.", nil),
    ("ACR BI-RADS C.", nil),
  ]
  for (text, expected) in cases { #expect(extractor.extract(text).birads == expected, "\(text)") }
  #expect(extractor.extract("ACR BI-RADS C.").density == .c)
}

@Test func stuckKeysAndDroppedLettersInShortWordsAreForgiven() {
  #expect(extractor.extract("Patrón mamario graaso.").density == .a)
  #expect(extractor.extract("Patrón mamario gaso.").density == .a)
  #expect(extractor.extract("Parénquima mamario extremadamente dennso.").density == .d)
  #expect(extractor.extract("Patrón mamario tippo c de la ACR.").density == .c)
  #expect(extractor.extract("Patrón mamario tio b de la ACR.").density == .b)
  // A collapsed or shortened ordinary word does not become a density.
  #expect(extractor.extract("Se observa grosor cutáneo normal. BI-RADS 1.").density == nil)
}

@Test func letterAIsTheCategoryWhenTheAtlasIsNamedAfterIt() {
  #expect(extractor.extract("Patrón mamario tipo a de la ACR.").density == .a)
  #expect(extractor.extract("Densidad mamaria tipo a según BI-RADS.").density == .a)
  // …but stays a preposition in ordinary prose.
  #expect(extractor.extract("Control tipo a los doce meses. BI-RADS 2.").density == nil)
}

@Test func aConsequenceInAnotherClauseDoesNotMakeTheStatementGeneric() {
  let stated = "Las mamas son extremadamente densas, lo que disminuye la sensibilidad de la mamografía."
  #expect(extractor.extract(stated).density == .d)
  let advice = "En mujeres con mamas extremadamente densas se sugiere complementar con ecografía."
  #expect(extractor.extract(advice).density == nil)
  let sameClause = "Las mamas extremadamente densas disminuyen la sensibilidad del estudio."
  #expect(extractor.extract(sameClause).density == nil)
}
