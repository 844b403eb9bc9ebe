import Foundation
import Testing

@testable import Reports

@Suite struct ReportSourceTests {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-reports-\(UUID().uuidString)")

  func write(_ name: String, _ bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data(bytes).write(to: dir.appendingPathComponent(name))
  }

  @Test func aFolderMixesTextCSVAndHL7AndNamesWhatItCannotUse() throws {
    defer { try? FileManager.default.removeItem(at: dir) }
    try write("INF-000123_final.txt", Array("Mamas heterogéneamente densas. BI-RADS 2.".utf8))
    // Windows-1252 text, as many RIS exports are.
    try write("INF-000124_final.txt", Array("Patr".utf8) + [0xF3] + Array("n graso. BI-RADS 1.".utf8))
    try write("notes.txt", Array("no accession here".utf8))
    try write(
      "export.csv", Array("accession;patient_id;date;text\nA77;P1;20260301;Mamas extremadamente densas.\n".utf8))
    try write(
      "oru.hl7",
      Array(
        "MSH|^~\\&|RIS|H|D|H|2026||ORU^R01|1|P|2.5\rPID|1||P2\rOBR|1||A88|||20260302\rOBX|1|TX|||Tipo b de la ACR.".utf8
      ))
    try write("image.png", [0x89, 0x50])

    let loaded = ReportSource(accessionPattern: "^INF-0*([0-9]+)_").load(dir)
    let byAccession = Dictionary(uniqueKeysWithValues: loaded.reports.map { ($0.accession, $0) })
    #expect(Set(byAccession.keys) == ["123", "124", "A77", "A88"])
    #expect(byAccession["124"]?.text.contains("Patrón graso") == true)
    #expect(byAccession["A77"]?.patientID == "P1")
    #expect(byAccession["A88"]?.patientID == "P2")
    let extractor = ReportExtractor()
    #expect(extractor.extract(byAccession["123"]!.text).density == .c)
    #expect(extractor.extract(byAccession["124"]!.text).density == .a)
    // The file without an accession in its name is named, not silently dropped.
    #expect(loaded.problems.count == 1 && loaded.problems[0].contains("notes.txt"))
  }

  @Test func aMissingSourceAndABadPatternAreReported() {
    let missing = ReportSource().load(dir.appendingPathComponent("nowhere"))
    #expect(missing.reports.isEmpty && missing.problems.first?.contains("no such file") == true)
    let bad = ReportSource(accessionPattern: "([").load(dir)
    #expect(bad.problems.contains { $0.contains("not a valid regular expression") })
  }
}
