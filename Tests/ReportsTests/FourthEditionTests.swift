import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func numberedPatternsInArabicAndRomanNumerals() {
  let cases: [(String, BreastComposition)] = [
    ("Patrón mamario 2.", .b), ("Patrón tipo III.", .c), ("Densidad tipo IV.", .d), ("ACR 1.", .a),
    ("Densidad mamaria grado II.", .b), ("Patrón mamario tipo I de la ACR.", .a), ("Tipo 3 de 4.", .c),
    ("Composición: II.", .b), ("Densidad categoría 3. BI-RADS 1.", .c), ("Densidad ACR: IV.", .d),
  ]
  for (text, expected) in cases {
    let found = extractor.extract(text)
    #expect(found.density == expected, "\(text)")
    #expect(found.notation == .numeral, "\(text)")
    #expect(found.isFourthEdition, "\(text)")
  }
  // The assessment stays an assessment.
  let assessment = extractor.extract("Densidad categoría 3. BI-RADS 1.")
  #expect(assessment.birads == .negative)
  #expect(extractor.extract("BI-RADS III.").density == nil)
  #expect(extractor.extract("Categoría III.").density == nil)
}

@Test func percentageQuartilesAreFourthEditionCategories() {
  let cases: [(String, BreastComposition)] = [
    ("Tejido fibroglandular menor al 25 %.", .a), ("Densidad fibroglandular del 25-50 %.", .b),
    ("Densidad mamaria entre 51 y 75 %.", .c), ("Tejido fibroglandular mayor al 75%.", .d),
    ("Densidad mamaria aproximada del 40 %.", .b), ("Fibroglandular tissue less than 25%.", .a),
    ("Patrón 3 (51-75 %).", .c),
  ]
  for (text, expected) in cases {
    let found = extractor.extract(text)
    #expect(found.density == expected, "\(text)")
    #expect(found.isFourthEdition, "\(text)")
  }
}

@Test func lettersAndWordsAreTheFifthEdition() {
  #expect(extractor.extract("ACR C.").notation == .letter)
  #expect(extractor.extract("Mamas heterogéneamente densas.").notation == .words)
  #expect(!extractor.extract("ACR C.").isFourthEdition)
}

@Test func numbersThatAreNotCategoriesStayOut() {
  #expect(extractor.extract("Nódulo tipo 2 mm en mama derecha.").density == nil)
  #expect(extractor.extract("Densidad de 4 cm. BI-RADS 2.").density == nil)
  #expect(extractor.extract("Riesgo del 20 % a 10 años.").density == nil)
}
