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
