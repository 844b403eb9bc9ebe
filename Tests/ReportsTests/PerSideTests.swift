import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func eachSideWithItsOwnEvidenceAndTheExamTakesTheDenser() {
  let found = extractor.extract(
    "Mama derecha heterogéneamente densa; izquierda con áreas dispersas de tejido fibroglandular.")
  #expect(found.right == .c)
  #expect(found.left == .b)
  #expect(found.density == .c)
  let right = found.evidence.first { $0.side == .right }
  let left = found.evidence.first { $0.side == .left }
  #expect(right?.text == "heterogéneamente densa")
  #expect(left?.text == "áreas dispersas de tejido fibroglandular")
}

@Test func sectionTitlesCarryTheirSide() {
  let text = """
    MAMA DERECHA:
    Sin nódulos ni calcificaciones.
    Patrón mamario tipo B.

    MAMA IZQUIERDA:
    Quiste simple de 5 mm.
    Patrón mamario tipo C.

    IMPRESIÓN: BI-RADS 2.
    """
  let found = extractor.extract(text)
  #expect(found.right == .b)
  #expect(found.left == .c)
  #expect(found.density == .c)
}

@Test func anInlineSideTitleSpeaksOnlyForItsSentence() {
  let found = extractor.extract("Mama derecha: quiste simple. Mama izquierda: sin hallazgos. Patrón mamario tipo C.")
  #expect(found.density == .c)
  #expect(found.right == nil)
  #expect(found.left == nil)
}

@Test func afterAUnilateralMastectomyTheRemainingBreastHasTheDensity() {
  let found = extractor.extract("Antecedente de mastectomía derecha. Tejido mamario heterogéneamente denso. BI-RADS 2.")
  #expect(found.left == .c)
  #expect(found.right == nil)
  #expect(found.density == .c)
  let contralateral = extractor.extract("Mastectomía izquierda. Mama contralateral con densidad tipo B.")
  #expect(contralateral.right == .b)
  #expect(contralateral.left == nil)
  // No mastectomy said: a bilateral statement has no side.
  #expect(extractor.extract("Sin antecedente de mastectomía. Mamas con densidad tipo B.").right == nil)
}
