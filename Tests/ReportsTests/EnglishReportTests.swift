import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func theFourAtlasSentencesInEnglish() {
  let cases: [(String, BreastComposition)] = [
    ("The breasts are almost entirely fatty.", .a),
    ("There are scattered areas of fibroglandular density.", .b),
    ("The breasts are heterogeneously dense, which may obscure small masses.", .c),
    ("The breasts are extremely dense, which lowers the sensitivity of mammography.", .d),
    ("The breasts are extremely dense which lowers the sensitivity of mammography.", .d),
  ]
  for (text, expected) in cases { #expect(extractor.extract(text).density == expected, "\(text)") }
}

@Test func aUSScreeningReportIsReadAndDetectedAsEnglish() {
  let text = """
    BILATERAL SCREENING MAMMOGRAM WITH TOMOSYNTHESIS
    HISTORY: Annual screening. No complaints.
    COMPARISON: Prior exams from 2022 and 2023.
    FINDINGS: Breast composition: C. The breasts are heterogeneously dense, which may obscure small masses.
    There is no suspicious mass, architectural distortion or calcification.
    IMPRESSION: Negative. BI-RADS Category 1: Negative.
    Recommend routine screening mammogram in 1 year.
    Electronically signed by: Sarah K. Whitfield, MD on 03/14/2025 10:42
    """
  let found = extractor.extract(text)
  #expect(found.density == .c)
  #expect(found.birads == .negative)
  #expect(found.language == .en)
  #expect(found.reader == "Sarah K. Whitfield")
}

@Test func dictatedPerSideEnglish() {
  let found = extractor.extract(
    "Right breast: scattered fibroglandular densities. Left breast: heterogeneously dense tissue. BI-RADS 2 benign.")
  #expect(found.right == .b)
  #expect(found.left == .c)
  #expect(found.density == .c)
  #expect(found.birads == .benign)
}

@Test func languageIsDetectedPerReport() {
  #expect(extractor.extract("Mamas con patrón heterogéneamente denso. Sin nódulos ni calcificaciones.").language == .es)
  let mixed = """
    FINDINGS: Breast composition: B. Se observan áreas dispersas de densidad fibroglandular en ambas mamas.
    No suspicious findings. IMPRESSION: BI-RADS 1, negative. Control anual.
    """
  #expect(extractor.extract(mixed).language == .mixed)
  #expect(extractor.extract(mixed).density == .b)
}

@Test func usDictationVariants() {
  let change = extractor.extract(
    "Compared to prior examinations dated 01/12/2022, the breast density has decreased from heterogeneously dense to scattered fibroglandular."
  )
  #expect(change.density == .b)
  #expect(change.prior == .c)
  #expect(extractor.extract("Fatty breasts. BI-RADS 1.").density == .a)
  let sides = extractor.extract(
    "Breast density is heterogeneously dense in the left breast and scattered in the right breast.")
  #expect(sides.left == .c)
  #expect(sides.right == .b)
  let similar = extractor.extract("Heterogeneously dense breasts. Prior studies showed similar density.")
  #expect(similar.density == .c)
  #expect(similar.prior == .c)
  // A range of two categories is undecided.
  #expect(extractor.extract("Breast density: fatty to scattered.").density == nil)
  #expect(extractor.extract("Mamas de densidad heterogénea a extremadamente densa.").density == nil)
  #expect(extractor.extract("Your breast tissue is dense.").density == nil)
}
