import Testing

@testable import Reports

/// A crash on any input is a bug: the reader is fed word soups built from its own vocabulary,
/// marks, numbers and signature lines, in every order (a fixed seed, so a failure reproduces).
@Test func anyMixOfVocabularyMarksAndNumbersIsReadWithoutCrashing() {
  let pieces = [
    "mamas", "mama", "derecha", "izquierda", "izda.", "dcha.", "tipo", "patrón", "densidad", "composición", "ACR",
    "BI-RADS", "categoría", "heterogéneamente", "densas", "denso", "extremadamente", "dispersas", "áreas",
    "fibroglandular", "grasa", "casi", "completamente", "previo", "previa", "anterior", "actualmente", "actual",
    "comparado", "con", "similar", "sin", "cambios", "de", "del", "a", "o", "y", "from", "to", "fatty", "scattered",
    "heterogeneously", "dense", "prior", "current", "mastectomía", "contralateral", "Dr.", "Dra.", "Fdo.:",
    "Firmado electrónicamente por:", "Médico Radiólogo", "M.D.", ",", ";", ":", "(", ")", "/", "-", "%", ".", "\n",
    "\n\n", "2", "4", "IV", "II", "b", "c", "d", "25", "50", "75", "2021", "03/07/2023", "favor", "vs", "nódulo",
    "que", "era", "fue", "estudio", "mastografía", "de 2020", "Comparación:", "MAMA DERECHA:\n", "Ana Pérez",
  ]
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next(_ n: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(n))
  }
  let extractor = ReportExtractor()
  var found = 0
  for _ in 0..<20_000 {
    let count = 1 + next(24)
    let text = (0..<count).map { _ in pieces[next(pieces.count)] }.joined(separator: next(3) == 0 ? "" : " ")
    let findings = extractor.extract(text)
    if findings.density != nil { found += 1 }
    for e in findings.evidence + findings.priorEvidence {
      #expect(e.start >= 0 && e.start <= e.end && e.end <= text.utf8.count)
    }
    _ = extractor.explain(text)
  }
  // The soups hold real statements often enough that the rules ran.
  #expect(found > 1000)
}
