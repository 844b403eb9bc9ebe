import Testing

@testable import Reports

@Test func quotedFieldsWithNewlinesAndDetectedDelimiter() throws {
  let csv =
    "accession;patient_id;date;text\nA1;P1;2026-03-01;\"Mamas \"\"densas\"\";\ntipo C\"\nA2;P2;20260302;BI-RADS 2\n"
  let read = try CSVReportReader().reports(bytes: Array(csv.utf8), source: "ris.csv")
  #expect(read.reports.map(\.accession) == ["A1", "A2"])
  #expect(read.reports.first?.text == "Mamas \"densas\";\ntipo C")
  #expect(read.reports.first?.studyDate == "20260301")
  #expect(read.problems.isEmpty)
}

@Test func windows1252ExportIsReadAndSaidSo() throws {
  var columns = CSVReportReader.Columns()
  columns.accession = "Acceso"
  columns.text = "Informe"
  let bytes = Array("Acceso\tInforme\nX1\tSe".utf8) + [0xF1] + Array("ora, mam".utf8) + [0xE1]
  let read = try CSVReportReader(columns: columns).reports(bytes: bytes, source: "ris.tsv")
  #expect(read.encoding == .windows1252)
  #expect(read.reports.first?.text == "Señora, mamá")
}

@Test func rowsWithoutTextAreReportedWithTheirLine() throws {
  let csv = "accession,text\nA1,\n"
  let read = try CSVReportReader().reports(bytes: Array(csv.utf8), source: "ris.csv")
  #expect(read.reports.isEmpty)
  #expect(read.problems == ["ris.csv: row 2: no accession or no text, skipped"])
}
