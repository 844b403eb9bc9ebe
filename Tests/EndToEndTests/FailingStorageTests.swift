import Foundation
import Testing

/// Storage that fails under `densa process`: a damaged database, a truncated model file. The run
/// stops with a non-zero status and a message naming the file and the problem, and what was
/// stored before is still intact.
@Suite(.serialized) struct FailingStorageTests {
  @Test func aDamagedDatabaseIsNamedAndLeftAsItWas() throws {
    let workspace = try ProcessTests.Workspace(exams: 3, seed: 41)
    defer { workspace.remove() }
    let first = try workspace.process()
    try #require(first.status == 0, "\(first.stderr)")
    // A database cut short, as by a copy that ran out of space.
    let whole = try Data(contentsOf: URL(fileURLWithPath: workspace.db))
    try #require(whole.count > 8192)
    let damaged = workspace.dir.appendingPathComponent("damaged.sqlite").path
    try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: damaged))
    let before = try Data(contentsOf: URL(fileURLWithPath: damaged))

    let run = try DensaBinary.run(
      ["process", workspace.set, "--db", damaged, "--out", workspace.out, "--model", workspace.weights],
      in: repositoryRoot, timeout: 300)
    #expect(run.status != 0)
    #expect(run.stderr.contains(damaged), "\(run.stderr)")
    #expect(run.stderr.contains("damaged"), "\(run.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: damaged)) == before)
    // The good database is untouched by the failed run.
    #expect(try SchemaCheck.sqlite(workspace.db, "PRAGMA integrity_check") == "ok")
    #expect(try SchemaCheck.sqlite(workspace.db, "SELECT COUNT(*) FROM exam") == "3")
  }

  @Test func aTruncatedModelIsNamedAndNothingIsStored() throws {
    let workspace = try ProcessTests.Workspace(exams: 3, seed: 42)
    defer { workspace.remove() }
    let first = try workspace.process()
    try #require(first.status == 0, "\(first.stderr)")
    let results = workspace.resultFiles().count
    let model = workspace.dir.appendingPathComponent("model")
    let truncated = model.appendingPathComponent("truncated.safetensors").path
    let weights = try Data(contentsOf: URL(fileURLWithPath: workspace.weights))
    try weights.prefix(4096).write(to: URL(fileURLWithPath: truncated))
    try FileManager.default.copyItem(
      at: model.appendingPathComponent("random.card.json"), to: model.appendingPathComponent("truncated.card.json"))

    let run = try DensaBinary.run(
      ["process", workspace.set, "--db", workspace.db, "--out", workspace.out, "--model", truncated],
      in: repositoryRoot, timeout: 300)
    #expect(run.status != 0)
    #expect(run.stderr.contains(truncated), "\(run.stderr)")
    #expect(run.stderr.contains("not a complete safetensors file"), "\(run.stderr)")
    // Named once, not twice.
    #expect(run.stderr.components(separatedBy: truncated).count == 2, "\(run.stderr)")
    #expect(try SchemaCheck.sqlite(workspace.db, "PRAGMA integrity_check") == "ok")
    #expect(try SchemaCheck.sqlite(workspace.db, "SELECT COUNT(*) FROM exam") == "3")
    #expect(workspace.resultFiles().count == results)
  }
}
