import Foundation
import Testing

@Suite struct SynthAndScanTests {
  @Test func synthesisedExamsAreFoundCompleteByScan() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-e2e-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let synth = try DensaBinary.run(
      ["synth", "--out", dir.path, "--exams", "3", "--seed", "9", "--scale", "0.1", "--preview"], in: repositoryRoot)
    #expect(synth.status == 0, "\(synth.stderr)")
    #expect(synth.stdout.contains("not for clinical use"))
    let previews = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("previews").path)
    #expect(previews.count == 3 && previews.allSatisfy { $0.hasSuffix(".png") })

    let scan = try DensaBinary.run(["scan", "--json", dir.appendingPathComponent("studies").path], in: repositoryRoot)
    #expect(scan.status == 0, "\(scan.stderr)")
    let exams = try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as! [[String: Any]]
    #expect(exams.count == 3)
    for exam in exams {
      #expect(exam["status"] as? String == "complete")
      #expect((exam["views"] as? [String: String])?.keys.sorted() == ["L-CC", "L-MLO", "R-CC", "R-MLO"])
      #expect((exam["accession"] as? String)?.isEmpty == false)
      #expect(exam["studyInstanceUID"] is String && exam["patientID"] is String)
    }
    // Patient names never appear in scan output.
    let manifest = try String(contentsOf: dir.appendingPathComponent("manifest.json"), encoding: .utf8)
    #expect(manifest.contains("syntheticNotForClinicalUse"))
    #expect(!scan.stdout.contains("^"))
  }

  @Test func scanSaysWhatItSkippedAndExitsTwo() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data([0, 1, 2, 3]).write(to: dir.appendingPathComponent("broken.dcm"))
    let scan = try DensaBinary.run(["scan", dir.path], in: repositoryRoot)
    #expect(scan.status == 2)
    #expect(scan.stderr.contains("broken.dcm: "))
    #expect(scan.stdout.contains("0 exams"))
  }
}
