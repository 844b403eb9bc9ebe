import Foundation
import Testing

/// `densa evaluate` and `densa dataset export` tried as a new user tries them: a mistyped folder,
/// an empty one, a labels file or a model card that is not there. Each stops with a message
/// naming the path and saying what to do, exits non-zero and creates nothing.
@Suite(.serialized) struct EvaluateDatasetMessagesTests {
  let dir: URL

  init() throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-messages-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: dir) }

  var demoModel: String { repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path }

  @Test func aFolderThatDoesNotExistIsNamed() throws {
    defer { remove() }
    let missing = dir.appendingPathComponent("no-such-studies").path
    let evaluate = try DensaBinary.run(["evaluate", missing, "--model", demoModel], in: dir)
    #expect(evaluate.status != 0)
    #expect(evaluate.stderr.contains("\(missing): no such file or folder"), "\(evaluate.stderr)")
    #expect(evaluate.stderr.contains("nothing was evaluated"), "\(evaluate.stderr)")
    #expect(evaluate.stdout.isEmpty, "\(evaluate.stdout)")

    let out = dir.appendingPathComponent("dataset").path
    let export = try DensaBinary.run(["dataset", "export", missing, "--out", out], in: dir)
    #expect(export.status != 0)
    #expect(export.stderr.contains("\(missing): no such file or folder"), "\(export.stderr)")
    #expect(export.stderr.contains("nothing was exported"), "\(export.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func aFolderWithoutExamsIsNamed() throws {
    defer { remove() }
    let empty = dir.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    try Data("not a mammogram".utf8).write(to: empty.appendingPathComponent("notes.txt"))
    let evaluate = try DensaBinary.run(["evaluate", empty.path, "--model", demoModel], in: dir)
    #expect(evaluate.status != 0)
    #expect(evaluate.stderr.contains("no mammography exam found in \(empty.path)"), "\(evaluate.stderr)")
    #expect(!evaluate.stdout.contains("accuracy"), "figures over nothing: \(evaluate.stdout)")

    let out = dir.appendingPathComponent("dataset")
    let export = try DensaBinary.run(["dataset", "export", empty.path, "--out", out.path], in: dir)
    #expect(export.status != 0)
    #expect(export.stderr.contains("no mammography exam found in \(empty.path)"), "\(export.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func aLabelsFileOrModelCardThatIsNotThereIsNamed() throws {
    let workspace = try ProcessTests.Workspace(exams: 1, seed: 48)
    defer { workspace.remove() }
    defer { remove() }
    let labels = dir.appendingPathComponent("labels.csv").path
    let evaluate = try DensaBinary.run(
      ["evaluate", workspace.set, "--model", workspace.weights, "--labels", labels], in: dir)
    #expect(evaluate.status != 0)
    #expect(evaluate.stderr.contains("\(labels): cannot read the labels file: no such file"), "\(evaluate.stderr)")

    let card = dir.appendingPathComponent("model.card.json").path
    let out = dir.appendingPathComponent("dataset")
    let export = try DensaBinary.run(
      ["dataset", "export", workspace.set, "--out", out.path, "--card", card], in: dir)
    #expect(export.status != 0)
    #expect(export.stderr.contains("\(card): cannot read the model card: no such file"), "\(export.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
