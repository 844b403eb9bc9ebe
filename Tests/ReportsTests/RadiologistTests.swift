import Testing

@testable import Reports

private let extractor = ReportExtractor()

@Test func theReaderFromTheSignatureBlock() {
  let cases: [(String, String)] = [
    (
      "Mamas grasas. BI-RADS 1.\n\nAtentamente,\nDra. María Fernanda Ruiz Ortega\nMédico Radiólogo\nCéd. Prof. 4589123",
      "María Fernanda Ruiz Ortega"
    ),
    ("BI-RADS 2.\nMédico radiólogo: Dr. Luis Alberto Gómez", "Luis Alberto Gómez"),
    ("BI-RADS 2.\nFirmado electrónicamente por: DRA. ANA LUCÍA PÉREZ el 12/03/2024 09:15", "Ana Lucía Pérez"),
    ("BI-RADS 1.\nFdo.: Dr. Javier Martín Sáez. Nº Col. 282812345", "Javier Martín Sáez"),
    ("BI-RADS 1.\nInterpreted by: John A. Miller, MD", "John A. Miller"),
    ("BI-RADS 1.\nDr. Carlos Andrés Mejía - M.P. 45123", "Carlos Andrés Mejía"),
    ("BI-RADS 1.\nValeria Soto Ibáñez\nMédica Radióloga", "Valeria Soto Ibáñez"),
  ]
  for (text, expected) in cases {
    let found = extractor.extract(text)
    #expect(found.reader == expected, "\(text)")
    let evidence = found.readerEvidence
    #expect(evidence.map { String(decoding: Array(text.utf8)[$0.start..<$0.end], as: UTF8.self) } == evidence?.text)
  }
}

@Test func referringPhysiciansAndTechnologistsAreNotReaders() {
  let text = "Médico solicitante: Dr. Pedro Salas\nTécnica: Lic. Rosa Díaz\nMamas grasas. BI-RADS 1."
  #expect(extractor.extract(text).reader == nil)
  #expect(extractor.extract("Se sugiere valoración por el radiólogo de guardia. BI-RADS 0.").reader == nil)
}

@Test func namesAreNormalised() {
  #expect(RadiologistName.normalize("PÉREZ LÓPEZ, Ana María") == "Ana María Pérez López")
  #expect(RadiologistName.normalize("Dr. JUAN DE LA CRUZ") == "Juan de la Cruz")
  #expect(RadiologistName.normalize("Dra. Ana Pérez, Cédula Profesional 1234567") == "Ana Pérez")
  #expect(RadiologistName.normalize("Roberto Díaz M.N. 98765") == "Roberto Díaz")
  #expect(RadiologistName.normalize("12345") == nil)
  #expect(RadiologistName.pseudonym("Ana Pérez") == RadiologistName.pseudonym("ANA PEREZ"))
  #expect(RadiologistName.pseudonym("Ana Pérez") != RadiologistName.pseudonym("Ana Gómez"))
  #expect(RadiologistName.pseudonym("Ana Pérez").hasPrefix("reader-"))
}

@Test func theReaderFromTheCSVRadiologistColumn() throws {
  let csv = "accession,text,radiologist\nA1,Mamas grasas.,\"Dra. GÓMEZ RUIZ, Laura\"\nA2,BI-RADS 2,\n"
  let read = try CSVReportReader().reports(bytes: Array(csv.utf8), source: "ris.csv")
  #expect(read.reports.map(\.radiologist) == ["Laura Gómez Ruiz", nil])
}

@Test func theReaderFromHL7OBR32() throws {
  let header = "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260301120000||ORU^R01|MSG1|P|2.5|||||||UNICODE UTF-8"
  let obr = "OBR|1||ACC1|MAMO|||20260301||||||||||||||||||F|||||||77&MARTÍNEZ&Sofía&Elena&&Dra."
  let bytes = Array(
    [header, "PID|1||P1", obr, "OBX|1|TX|||Mamas grasas. BI-RADS 1.||||||F"].joined(separator: "\r").utf8)
  let report = try #require(try HL7ReportReader.reports(bytes: bytes, source: "m.hl7").first)
  #expect(report.radiologist == "Sofía Elena Martínez")
}
