import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

// Language classes first met in the second blind set (set B): dictated numbers, per-breast lists
// under a label, scales written beside the label, likeness to a prior, history lines, men.

@Test func assessmentsWrittenOutInWords() {
  let cases: [(String, AssessmentCategory)] = [
    ("Mamas grasas (ACR a).\nCategoría bi rads uno. Negativo.", .negative),
    ("Densidades fibroglandulares dispersas.\nConclusión bi rads dos punto hallazgos benignos.", .benign),
    ("MAMAS HETEROGÉNEAMENTE DENSAS.\nIMPRESIÓN DIAGNÓSTICA: BI-RADS TRES. CONTROL EN 6 MESES.", .probablyBenign),
    ("Mamas heterogéneamente densas (c).\nCategoría birads cuatro a. Se recomienda biopsia.", .suspiciousLow),
    ("Breast density: B\n\nOverall assessment: 1 - Negative", .negative),
    ("Mamas heterogeneamete densas.\nImpresión: BIRDAS 2.", .benign),
  ]
  for (text, expected) in cases { #expect(extractor.extract(text).birads == expected, "\(text)") }
  // An assessment of something else is no category.
  #expect(extractor.extract("Mamas densas. Assessment of the axilla: 2 nodes.").birads == nil)
}

@Test func perBreastListsUnderADensityLabel() {
  let cases: [(String, BreastComposition, BreastComposition)] = [
    ("Densidad mamaria:\nMD: B\nMI: C\n\nBI-RADS 3.", .b, .c),
    (
      "Composición del tejido mamario (ACR 5.ª edición):\n- Mama derecha: c.\n- Mama izquierda: c.\n\nBI-RADS 1.", .c,
      .c
    ),
    (
      "Se compara con estudio de junio 2023, donde se informó patrón C para ambas mamas.\n\nPatrón actual:\nMD: B.\nMI: C.\n\nBI-RADS 1.",
      .b, .c
    ),
  ]
  for (text, right, left) in cases {
    let found = extractor.extract(text)
    #expect(found.right == right && found.left == left, "\(text)")
    #expect(found.density == max(right, left), "\(text)")
  }
  // Without the label the same lines are findings, not composition.
  let findings = extractor.extract("Hallazgos:\nMD: B\nMI: sin hallazgos.\nBI-RADS 2.")
  #expect(findings.density == nil && findings.right == nil)
  // The list ends with a blank line: a later "MD:" line is no longer under the label.
  let ended = extractor.extract("Densidad mamaria:\nMD: B\nMI: B\n\nMD: C\nBI-RADS 2.")
  #expect(ended.density == .b)
}

@Test func aScaleBesideTheLabelIsNotTheCategory() {
  #expect(extractor.extract("Densidad (1-4): 3\nBI-RADS: 3").density == .c)
  #expect(extractor.extract("Patrón (I-IV): II\nBI-RADS 2").density == .b)
}

@Test func aCategoryLetterAfterCategoriaOrBeforeSegun() {
  #expect(
    extractor.extract("MAMAS CON ESCASO TEJIDO FIBROGLANDULAR, CASI EN SU TOTALIDAD GRASAS (CATEGORIA A).\nBIRADS 1.")
      .density == .a)
  #expect(extractor.extract("Mamas categoría C.\nBI-RADS 2.").density == .c)
  // "Categoría 2" alone is the assessment, not a density.
  let assessment = extractor.extract("Mamas sin hallazgos. Categoría 2.")
  #expect(assessment.density == nil && assessment.birads == .benign)
  let prior = extractor.extract(
    "Estudio previo de 2020 (otra institución) con densidad tipo A según su reporte.\nNo hay masas.\nBI-RADS 2.")
  #expect(prior.prior == .a && prior.density == nil)
}

@Test func likenedToAPriorTheCurrentDensityStands() {
  let found = extractor.extract(
    "Al igual que en el estudio de 2022, las mamas son extremadamente densas (d).\nBI-RADS 2.")
  #expect(found.density == .d)
  #expect(found.prior == .d)
  // A prior named without a likeness is still the prior's.
  let only = extractor.extract("En el estudio de 2022 las mamas eran extremadamente densas.\nBI-RADS 2.")
  #expect(only.density == nil && only.prior == .d)
}

@Test func aHistoryLineSpeaksOfThePriorExam() {
  let found = extractor.extract(
    "Antecedente: mastografía de 2021 en otra unidad; su reporte describe patrón mamario tipo 3.\nSin masas.\nBI-RADS 1."
  )
  #expect(found.density == nil)
  #expect(found.prior == .c)
  // A history line without an exam is not about a prior study.
  #expect(extractor.extract("Antecedentes: madre con cáncer de mama.\nMamas grasas.\nBI-RADS 1.").density == .a)
}

@Test func fatInAMansBreastIsNoComposition() {
  let text =
    "Paciente masculino de 64 años.\nTejido fibroglandular retroareolar izquierdo compatible con ginecomastia. Mama derecha con tejido adiposo, sin hallazgos.\nBI-RADS 2."
  #expect(extractor.extract(text).density == nil)
  // An explicit category still counts.
  #expect(extractor.extract("Paciente masculino. Patrón tipo A.\nBI-RADS 1.").density == .a)
}

@Test func theSilentHDropped() {
  #expect(
    extractor.extract("Mamas eterogéneamente densas, lo que dismnuye la sensibilidad.\nBI-RADS 4A.").density == .c)
}

@Test func moreSignatureForms() {
  let cases: [(String, String)] = [
    ("BI-RADS 1.\n\nFdo.: Lucía Benítez Marrero. Radióloga.", "Lucía Benítez Marrero"),
    ("BI-RADS 0.\n\nLector: Dr. Jordi Puig Ferrer", "Jordi Puig Ferrer"),
    ("BI-RADS 1.\n\nLectora: Dra. Lucía Benítez Marrero", "Lucía Benítez Marrero"),
    ("BI-RADS 5.\n\nFirmado digitalmente: Dra. Valeria Lucero", "Valeria Lucero"),
    ("BI-RADS 2.\n\nDictated but not read.\nPreliminary report by: Emily Castillo, MD", "Emily Castillo"),
    ("BI-RADS 1.\n\nHernández, Robert MD\nFinal report signed 05/22/2024 15:07", "Robert Hernández"),
    (
      "BI-RADS 2.\n\nElaboró: Dr. Pablo Garza Treviño (Residente)\nRevisó y firma: Dra. María Fernanda Ortiz Salgado, Médico Radiólogo adscrito",
      "María Fernanda Ortiz Salgado"
    ),
  ]
  for (text, expected) in cases { #expect(extractor.extract(text).reader == expected, "\(text)") }
  // A finding that ends in "MD" is no signature.
  #expect(extractor.extract("Mamas grasas. BI-RADS 2.\nQuiste simple en MD").reader == nil)
}
