import Foundation
import Testing

/// Commands tried with a mistyped database or an output path densa cannot create. A command
/// that only reads the store says the database is not there and creates none; a command whose
/// `--out` cannot be made says why in words, not as a Foundation error dump.
@Suite(.serialized) struct DatabaseAndOutputMessagesTests {
  let dir: URL

  init() throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-db-messages-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: dir) }

  @Test func aMissingDatabaseIsNamedAndNotCreated() throws {
    defer { remove() }
    let db = dir.appendingPathComponent("mistyped.sqlite").path
    let commands: [[String]] = [
      ["worklist", "--db", db], ["worklist", "mark", "A1", "--read", "--db", db], ["qa", "--db", db],
      ["qa", "list", "--db", db], ["qa", "audit", "--db", db], ["letter", "A1", "--db", db],
      ["outbox", "list", "--db", db],
      ["user", "list", "--db", db],
    ]
    for arguments in commands {
      let result = try DensaBinary.run(arguments, in: dir)
      #expect(result.status != 0, "\(arguments)")
      #expect(result.stderr.contains("\(db): no densa database there"), "\(arguments): \(result.stderr)")
      #expect(!FileManager.default.fileExists(atPath: db), "\(arguments) created \(db)")
    }
  }

  @Test func anOutputPathThatCannotBeCreatedIsSaidInWords() throws {
    defer { remove() }
    let file = dir.appendingPathComponent("a-file")
    try Data("in the way".utf8).write(to: file)
    let synth = try DensaBinary.run(["synth", "--out", file.path, "--exams", "1"], in: dir)
    #expect(synth.status != 0)
    #expect(synth.stderr.contains("not a directory: a file is in the way"), "\(synth.stderr)")
    #expect(!synth.stderr.contains("NSCocoaErrorDomain"), "\(synth.stderr)")
    let model = try DensaBinary.run(
      ["model", "random", "--variant", "atto", "--out", file.appendingPathComponent("model").path], in: dir)
    #expect(model.status != 0)
    #expect(model.stderr.contains("not a directory"), "\(model.stderr)")
    #expect(!model.stderr.contains("NSCocoaErrorDomain"), "\(model.stderr)")
    #expect(try Data(contentsOf: file) == Data("in the way".utf8))
  }
}
