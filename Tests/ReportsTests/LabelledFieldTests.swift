import BIRADS
import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func labelledFieldsWithALetterANumberOrAWord() {
  let cases: [(String, BreastComposition)] = [
    ("Composición: c", .c), ("Patrón mamario: 2", .b), ("Densidad mamaria (ACR): D", .d),
    ("Composición mamaria: tipo b", .b), ("Densidad: heterogénea", .c), ("Densidad: extrema", .d),
    ("Densidad: grasa", .a), ("Densidad mamaria: dispersa", .b), ("Composicion: heterogenamente densa", .c),
    ("Compocición: C", .c), ("Patron mamario: extremadamente denzo", .d),
  ]
  for (text, expected) in cases { #expect(extractor.extract(text + "\nBI-RADS 2.").density == expected, "\(text)") }
}
