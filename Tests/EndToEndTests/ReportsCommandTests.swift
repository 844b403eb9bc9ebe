import Foundation
import Testing

@Suite struct ReportsCommandTests {
  private func temporaryFile(_ name: String, _ text: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("densa-reports-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  @Test func extractPrintsPriorLanguageNotationAndReader() throws {
    let record: [String: Any] = [
      "id": "R1",
      "text":
        "Mastografía bilateral.\nEn el estudio de 2021 se reportó patrón tipo 2; actualmente patrón tipo 3.\nBI-RADS 2.\nFirmado electrónicamente por: Dra. Elena Ríos Paredes",
    ]
    let url = try temporaryFile(
      "r.jsonl", String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    let run = try DensaBinary.run(["reports", "extract", url.path])
    #expect(run.status == 0, "\(run.stderr)")
    let line = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    #expect(line["density"] as? String == "c")
    #expect(line["prior"] as? String == "b")
    #expect(line["notation"] as? String == "numeral")
    #expect(line["fourth_edition"] as? Bool == true)
    #expect(line["language"] as? String == "es")
    #expect(line["reader"] as? String == "Elena Ríos Paredes")
    #expect(line["birads"] as? String == "2")
  }

  @Test func explainSaysWhichExamEachStatementIsAbout() throws {
    let url = try temporaryFile(
      "r.txt",
      "Previous mammogram 2021: scattered fibroglandular densities.\nThe breasts are now heterogeneously dense.\nBI-RADS 1."
    )
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    let run = try DensaBinary.run(["reports", "explain", url.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("density    c (found"))
    #expect(run.stdout.contains("prior      b"))
    #expect(run.stdout.contains("\"scattered fibroglandular densities\": density b (phrase, words); scope prior"))
    #expect(run.stdout.contains("\"heterogeneously dense\": density c (phrase, words); scope current"))
    let json = try DensaBinary.run(["reports", "explain", "--json", url.path])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    #expect((object["mentions"] as? [[String: Any]])?.count == 3)
    let missing = try DensaBinary.run(["reports", "explain", "/nonexistent/report.txt"])
    #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/report.txt"))
  }
}
