import Foundation
import Testing

/// `densa config` on configuration files built to exhaust swift-configuration's flattening:
/// refused within seconds, the limit named, while a large but sensible file still loads.
@Suite struct ConfigFileLimitsTests {
  private func configFile(_ text: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("densa-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("densa.yaml")
    try Data(text.utf8).write(to: url)
    return url
  }

  @Test func nestedAliasesAreRefusedQuickly() throws {
    // "Billion laughs": nine levels of nine aliases, 9^9 settings once flattened, in 720 bytes.
    // Before the check, five levels (404 bytes) kept `densa config` busy for two minutes.
    var lines = ["a: &a {" + (0..<9).map { "k\($0): lol" }.joined(separator: ", ") + "}"]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
      lines.append("\(name): &\(name) {" + (0..<9).map { "k\($0): *\(previous)" }.joined(separator: ", ") + "}")
    }
    let url = try configFile(lines.joined(separator: "\n") + "\n")
    let started = Date()
    let result = try DensaBinary.run(["config", "--config", url.path], in: repositoryRoot, timeout: 60)
    #expect(result.status != 0)
    #expect(result.stderr.contains("more than 4096 settings"))
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test func aKeyThatIsAnAliasOrACollectionIsRefusedWithItsLine() throws {
    // Yams hashes every mapping key to find duplicates; a key that is an anchored mapping of
    // nested aliases (9^8 entries in 665 bytes) is hashed through all of it: 32 s before the
    // check read the event stream. The values are plain, so only the key is to blame.
    var lines = [
      "log:", "  level: info", "? &a {" + (0..<9).map { "k\($0): lol" }.joined(separator: ", ") + "}", ": 1",
    ]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"]
    for (previous, name) in zip(names, names.dropFirst()) {
      lines += ["? &\(name) {" + (0..<9).map { "k\($0): *\(previous)" }.joined(separator: ", ") + "}", ": 1"]
    }
    let started = Date()
    let mapping = try DensaBinary.run(
      ["config", "--config", try configFile(lines.joined(separator: "\n") + "\n").path], in: repositoryRoot,
      timeout: 60)
    #expect(mapping.status != 0)
    #expect(mapping.stderr.contains("line 3: a key is a mapping"))
    #expect(Date().timeIntervalSince(started) < 30)
    let alias = try DensaBinary.run(
      ["config", "--config", try configFile("base: &b {port: 1}\ndicom:\n  *b : 2\n").path], in: repositoryRoot)
    #expect(alias.status != 0)
    #expect(alias.stderr.contains("line 3: a key is an alias"))
    // A merge key is a plain key whose value is an alias: accepted, and merged.
    let merged = try DensaBinary.run(
      ["config", "--config", try configFile("common: &c {port: 11112}\ndicom:\n  <<: *c\n  aeTitle: MERGED\n").path],
      in: repositoryRoot)
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout.contains("dicom.aeTitle = MERGED"))
  }

  @Test func anOversizedFileIsRefusedWithItsSize() throws {
    let text = "log:\n  level: info\n" + String(repeating: "# padding\n", count: 30_000)
    let url = try configFile(text)
    let result = try DensaBinary.run(["config", "--config", url.path], in: repositoryRoot, timeout: 60)
    #expect(result.status != 0)
    #expect(result.stderr.contains("the file is \(text.utf8.count) bytes; the limit is 262144"))
  }

  @Test func manyListEntriesWithinTheLimitStillLoad() throws {
    let titles = (0..<500).map { "AE\($0)" }
    let url = try configFile("dicom:\n  allowedCallingAETitles: [\(titles.joined(separator: ", "))]\n")
    let result = try DensaBinary.run(["config", "--config", url.path], in: repositoryRoot, timeout: 60)
    #expect(result.status == 0)
    #expect(result.stdout.contains("dicom.allowedCallingAETitles = \(titles.joined(separator: ","))"))
  }
}
