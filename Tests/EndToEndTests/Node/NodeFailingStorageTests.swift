import Foundation
import TestSupport
import Testing

/// The node's reception path on storage that fails: `densa serve` with its storage folder on a
/// small tmpfs of its own (as root, as in CI). A full disk or a read-only remount refuses stores
/// with 0xA700 (the sender keeps its copy and may retry), the log says why in words, health says
/// stores are not accepted, nothing half-received stays, and what was stored before is intact.
@Suite(.serialized, .enabled(if: TmpfsMount.isPossible, "needs root and tmpfs mounts"))
struct NodeFailingStorageTests {
  /// A node over two synthetic studies whose storage folder is a 16 MB tmpfs; the first study is
  /// received and classified before the disk fails.
  struct Node {
    let f: NodeFixture
    var storage: URL { f.dir.appendingPathComponent("storage") }

    init(seed: Int) throws {
      f = try NodeFixture(exams: 2, seed: seed, name: "failing-storage")
      try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
      try #require(try TmpfsMount.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", storage.path]))
      try f.startNode()
      let first = try f.send([f.studies[0]])
      try #require(!first.isEmpty && first.allSatisfy { $0.status == 0 }, "\(first.map(\.stderr))")
      try #require(try f.waitForResults(1))
    }

    func remove() {
      f.node?.stop()
      _ = try? TmpfsMount.run("/bin/umount", [storage.path])
      f.remove()
    }

    /// Every stored file under the storage folder (relative path → contents), the filler excepted.
    func storedFiles() -> [String: Data] {
      var files = [String: Data]()
      for case let path as String in FileManager.default.enumerator(atPath: storage.path)?.allObjects ?? []
      where path != "filler" {
        var isFolder: ObjCBool = false
        let full = storage.appendingPathComponent(path).path
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else {
          continue
        }
        files[path] = FileManager.default.contents(atPath: full) ?? Data()
      }
      return files
    }

    /// Writes zeros until the tmpfs is full.
    func fill() throws {
      let url = storage.appendingPathComponent("filler")
      try #require(FileManager.default.createFile(atPath: url.path, contents: nil))
      let handle = try FileHandle(forWritingTo: url)
      let block = Data(count: 64 * 1024)
      while (try? handle.write(contentsOf: block)) != nil {}
      try? handle.close()
    }

    /// What the node logged since `offset` characters of its standard error.
    func log(since offset: Int) -> String { String((f.node?.stderr ?? "").dropFirst(offset)) }

    func health() throws -> String { try f.http("/health").stdout }
  }

  @Test func aFullStorageDiskRefusesStoresWithA700AndKeepsWhatItHas() throws {
    let node = try Node(seed: 73)
    defer { node.remove() }
    let store = try node.f.store()
    let instancesBefore = try store.instanceCounts().instances
    let filesBefore = node.storedFiles()
    #expect(filesBefore.count == instancesBefore)

    try node.fill()
    let logged = node.f.node?.stderr.count ?? 0
    let refused = try node.f.send([node.f.studies[1]])
    // storescu exits non-zero when a store is refused; the node stays up.
    #expect(!refused.isEmpty && refused.allSatisfy { $0.status != 0 })
    #expect(node.f.node?.isRunning == true)
    let said = node.log(since: logged)
    #expect(said.contains("the disk holding the storage folder is full; free space there"), "\(said.suffix(2000))")
    let health = try node.health()
    #expect(health.contains("\"acceptingStores\" : false"), "\(health)")

    // Nothing half-received stays, and what was stored is untouched.
    #expect(node.storedFiles() == filesBefore)
    #expect(try store.instanceCounts().instances == instancesBefore)
    #expect(try SchemaCheck.sqlite(node.f.databasePath, "PRAGMA integrity_check") == "ok")
    #expect(try store.worklist().count == 1)

    // With room again the sender's retry is stored and the study classified.
    try FileManager.default.removeItem(at: node.storage.appendingPathComponent("filler"))
    let retried = try node.f.send([node.f.studies[1]])
    #expect(retried.allSatisfy { $0.status == 0 }, "\(retried.map(\.stderr))")
    #expect(try node.f.waitForResults(2))
    #expect(try store.instanceCounts().instances == instancesBefore + node.f.studies[1].files.count)
    #expect(try node.health().contains("\"acceptingStores\" : true"))
  }

  /// The disk fills while an instance is being received (1.5 MiB free, a 3 MB object): the sender
  /// still gets its 0xA700 for that instance, instead of an association that hangs until the DIMSE
  /// timeout, as it did when DCMTK's file stream was given the data set.
  @Test func aDiskThatFillsDuringReceptionAnswersA700() throws {
    let node = try Node(seed: 75)
    defer { node.remove() }
    let big = try Self.largeInstance(from: node.f.studies[1].files, in: node.f.dir)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int)
    try #require(size > 2 << 20, "the object must not fit in the room left")
    let filesBefore = node.storedFiles()
    try node.fill()
    let filler = try FileHandle(forWritingTo: node.storage.appendingPathComponent("filler"))
    let filled = try filler.seekToEnd()
    try filler.truncate(atOffset: filled - 3 << 19)  // 1.5 MiB free: past the 1 MiB floor, short of the object
    try filler.close()

    let logged = node.f.node?.stderr.count ?? 0
    let sent = try ExternalProcess.run(
      "/usr/bin/storescu",
      ["-v"] + (try DICOMTools.proposalOption(for: big)) + [
        "-aet", "STORESCU", "-aec", "DENSA", "127.0.0.1", "\(node.f.dicomPort)", big.path,
      ], timeout: 120)
    #expect(sent.status != 0)
    let answer = sent.stdout + sent.stderr
    #expect(answer.contains("Received Store Response (Refused: OutOfResources)"), "\(answer.suffix(2000))")
    let said = node.log(since: logged)
    #expect(said.contains("No space left on device"), "\(said.suffix(2000))")
    #expect(node.f.node?.isRunning == true)
    #expect(node.storedFiles() == filesBefore)
    #expect(try SchemaCheck.sqlite(node.f.databasePath, "PRAGMA integrity_check") == "ok")
  }

  /// One of `files` decompressed by DCMTK's tools and scaled up 4×: an object of a few megabytes.
  static func largeInstance(from files: [URL], in dir: URL) throws -> URL {
    let plain = dir.appendingPathComponent("plain.dcm")
    let big = dir.appendingPathComponent("large.dcm")
    for file in files {
      for tool in ["dcmdjpls", "dcmdjpeg", "dcmdrle", "dcmconv"] {
        try? FileManager.default.removeItem(at: plain)
        guard try ExternalProcess.run("/usr/bin/\(tool)", [file.path, plain.path], timeout: 60).status == 0 else {
          continue
        }
        if try ExternalProcess.run("/usr/bin/dcmscale", ["+Sxf", "4", plain.path, big.path], timeout: 60).status == 0 {
          return big
        }
      }
    }
    struct NoScalableFile: Error, CustomStringConvertible {
      var description: String { "none of the study's files could be decompressed and scaled by DCMTK's tools" }
    }
    throw NoScalableFile()
  }

  @Test func aReadOnlyStorageRefusesStoresAndLosesNothing() throws {
    let node = try Node(seed: 74)
    defer { node.remove() }
    let store = try node.f.store()
    let instancesBefore = try store.instanceCounts().instances
    let filesBefore = node.storedFiles()

    try #require(try TmpfsMount.run("/bin/mount", ["-o", "remount,ro", node.storage.path]))
    let logged = node.f.node?.stderr.count ?? 0
    let refused = try node.f.send([node.f.studies[1]])
    #expect(!refused.isEmpty && refused.allSatisfy { $0.status != 0 })
    #expect(node.f.node?.isRunning == true)
    let said = node.log(since: logged)
    #expect(said.contains("the file system holding the storage folder is mounted read-only"), "\(said.suffix(2000))")
    #expect(try node.health().contains("\"acceptingStores\" : false"))
    #expect(node.storedFiles() == filesBefore)
    #expect(try store.instanceCounts().instances == instancesBefore)
    #expect(try SchemaCheck.sqlite(node.f.databasePath, "PRAGMA integrity_check") == "ok")

    try #require(try TmpfsMount.run("/bin/mount", ["-o", "remount,rw", node.storage.path]))
    let retried = try node.f.send([node.f.studies[1]])
    #expect(retried.allSatisfy { $0.status == 0 }, "\(retried.map(\.stderr))")
    #expect(try node.f.waitForResults(2))
  }
}
