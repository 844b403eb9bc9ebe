import Foundation
import Testing

/// `densa process` tried as a new user tries it: a mistyped folder, a `densa synth` folder given
/// as `--reports`.
@Suite(.serialized) struct ProcessMessagesTests {
  @Test func aFolderThatDoesNotExistIsNamedAndNothingIsCreated() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-missing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("no-such-studies").path
    let run = try DensaBinary.run(["process", missing], in: dir)
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(missing): no such file or folder"), "\(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func aSynthFolderGivenAsReportsMeansItsReports() throws {
    let workspace = try ProcessTests.Workspace(exams: 3, seed: 43)
    defer { workspace.remove() }
    let run = try workspace.process(["--reports", workspace.set, "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stderr.contains("manifest.csv"), "\(run.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    // Every exam found its report in the synth folder's reports/.
    #expect(summary?["processed"] as? Int == 3, "\(run.stdout)")
    #expect((summary?["examsWithoutReport"] as? [Any])?.isEmpty == true, "\(run.stdout)")
  }

  /// `process.maxImagePixels`: images over it are refused, named with their size and the setting,
  /// and the run says so; a value that is not a pixel count stops before anything runs.
  @Test func imagesOverThePixelBudgetAreRefusedAndNamed() throws {
    // At 0.4 of the vendor matrix the views are about 1.6 megapixels.
    let workspace = try ProcessTests.Workspace(exams: 1, seed: 47, synth: ["--scale", "0.4"])
    defer { workspace.remove() }
    let bad = try workspace.process(["--set", "process.maxImagePixels=lots"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("process.maxImagePixels") && bad.stderr.contains("'lots'"), "\(bad.stderr)")
    #expect(!FileManager.default.fileExists(atPath: workspace.db))

    let refused = try workspace.process(["--set", "process.maxImagePixels=1000000", "--json"])
    #expect(refused.status == 2, "\(refused.stderr)")
    #expect(refused.stdout.contains("(process.maxImagePixels); not decoded"), "\(refused.stdout)")
    #expect(refused.stdout.contains("over the limit of 1 megapixel ("), "\(refused.stdout)")
  }
}
