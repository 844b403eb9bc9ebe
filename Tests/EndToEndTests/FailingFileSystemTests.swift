import Foundation
import TestSupport
import Testing

/// A small tmpfs (48 MB: two exams with their scorecards, about 4 MB each) mounted for the test (as root, as in CI), filled or remounted read-only under
/// `densa process`: the run names the file and what to do, exits non-zero, and the exams stored
/// before are intact (`PRAGMA integrity_check`, counts, files); no half-written file stays.
@Suite(.serialized, .enabled(if: TmpfsMount.isPossible, "needs root and tmpfs mounts"))
struct FailingFileSystemTests {
  static func mount(_ arguments: [String]) throws -> Bool { try TmpfsMount.run("/bin/mount", arguments) }

  /// A workspace whose database and output folder can sit on a small tmpfs of their own.
  struct Disk {
    let workspace: ProcessTests.Workspace
    let mountPoint: URL
    /// The first two exams' studies, processed before the file system fails.
    let firstStudies: String

    init(seed: Int) throws {
      workspace = try ProcessTests.Workspace(exams: 4, seed: seed)
      mountPoint = workspace.dir.appendingPathComponent("small-disk")
      try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
      try #require(try FailingFileSystemTests.mount(["-t", "tmpfs", "-o", "size=48m", "tmpfs", mountPoint.path]))
      let studies = URL(fileURLWithPath: workspace.set).appendingPathComponent("studies")
      let first = workspace.dir.appendingPathComponent("first/studies")
      try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
      for patient in try FileManager.default.contentsOfDirectory(atPath: studies.path).sorted().prefix(2) {
        try FileManager.default.copyItem(
          at: studies.appendingPathComponent(patient), to: first.appendingPathComponent(patient))
      }
      firstStudies = first.path
    }

    func process(_ studies: String, db: String, out: String) throws -> DensaBinary.Result {
      try DensaBinary.run(
        ["process", studies, "--db", db, "--out", out, "--model", workspace.weights], in: repositoryRoot,
        timeout: 300)
    }

    /// Writes zeros until the file system is full.
    func fill() throws {
      let url = mountPoint.appendingPathComponent("filler")
      try #require(FileManager.default.createFile(atPath: url.path, contents: nil))
      let handle = try FileHandle(forWritingTo: url)
      let block = Data(count: 64 * 1024)
      while (try? handle.write(contentsOf: block)) != nil {}
      try? handle.close()
    }

    func unfill() throws { try FileManager.default.removeItem(at: mountPoint.appendingPathComponent("filler")) }

    /// Every file under `root` whose name says it was left half-written.
    func partials(under root: String) -> [String] {
      (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".partial") }
    }

    /// Result folders (…/<exam>/<model>) without their result.json.
    func incompleteResults(under out: String) -> [String] {
      let exams = URL(fileURLWithPath: out).appendingPathComponent("exams")
      var incomplete = [String]()
      for exam in (try? FileManager.default.contentsOfDirectory(atPath: exams.path)) ?? [] {
        for model in (try? FileManager.default.contentsOfDirectory(atPath: exams.appendingPathComponent(exam).path))
          ?? []
        where !FileManager.default.fileExists(
          atPath: exams.appendingPathComponent(exam).appendingPathComponent(model).appendingPathComponent("result.json")
            .path)
        {
          incomplete.append("\(exam)/\(model)")
        }
      }
      return incomplete
    }

    func remove() {
      _ = try? TmpfsMount.run("/bin/umount", [mountPoint.path])
      workspace.remove()
    }
  }

  @Test func resultsOnAFullDiskAreNamedAndNothingHalfWrittenStays() throws {
    let disk = try Disk(seed: 71)
    defer { disk.remove() }
    let out = disk.mountPoint.appendingPathComponent("out").path
    let first = try disk.process(disk.firstStudies, db: disk.workspace.db, out: out)
    try #require(first.status == 0, "\(first.stderr)")
    let written = disk.workspace.resultFiles().count
    #expect(written == 0)  // the workspace's own out/ is not used here
    try disk.fill()

    let run = try disk.process(disk.workspace.set, db: disk.workspace.db, out: out)
    #expect(run.status != 0)
    let said = run.stdout + run.stderr
    #expect(said.contains("cannot be written: the disk is full"), "\(said)")
    #expect(said.contains(out), "the file is named: \(said)")
    #expect(!said.contains("NSCocoaErrorDomain") && !said.contains("NSUnderlyingError"), "\(said)")
    // The two exams stored first are intact, nothing of the others is stored or left on disk.
    #expect(try SchemaCheck.sqlite(disk.workspace.db, "PRAGMA integrity_check") == "ok")
    #expect(try SchemaCheck.sqlite(disk.workspace.db, "SELECT COUNT(*) FROM exam_result") == "2")
    for path in try SchemaCheck.sqlite(disk.workspace.db, "SELECT json_path FROM exam_result").split(separator: "\n") {
      #expect(FileManager.default.fileExists(atPath: String(path)))
    }
    #expect(disk.partials(under: out).isEmpty, "\(disk.partials(under: out))")
    #expect(disk.incompleteResults(under: out).isEmpty, "\(disk.incompleteResults(under: out))")

    // With room again, the same command finishes the rest.
    try disk.unfill()
    let again = try disk.process(disk.workspace.set, db: disk.workspace.db, out: out)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try SchemaCheck.sqlite(disk.workspace.db, "SELECT COUNT(*) FROM exam_result") == "4")
  }

  @Test func aDatabaseOnAFullDiskIsNamedAndStaysIntact() throws {
    let disk = try Disk(seed: 72)
    defer { disk.remove() }
    let db = disk.mountPoint.appendingPathComponent("densa.sqlite").path
    let first = try disk.process(disk.firstStudies, db: db, out: disk.workspace.out)
    try #require(first.status == 0, "\(first.stderr)")
    try disk.fill()

    let run = try disk.process(disk.workspace.set, db: db, out: disk.workspace.out)
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(db): the disk holding the database is full"), "\(run.stderr)")
    #expect(run.stderr.contains("free space and run again"), "\(run.stderr)")
    try disk.unfill()
    #expect(try SchemaCheck.sqlite(db, "PRAGMA integrity_check") == "ok")
    #expect(try SchemaCheck.sqlite(db, "SELECT COUNT(*) FROM exam_result") == "2")
  }

  @Test func aReadOnlyFileSystemIsNamedAndNothingIsLost() throws {
    let disk = try Disk(seed: 73)
    defer { disk.remove() }
    let db = disk.mountPoint.appendingPathComponent("densa.sqlite").path
    let out = disk.mountPoint.appendingPathComponent("out").path
    let first = try disk.process(disk.firstStudies, db: db, out: out)
    try #require(first.status == 0, "\(first.stderr)")
    let before = try SchemaCheck.sqlite(db, "SELECT id, json_path FROM exam_result ORDER BY id")
    try #require(try Self.mount(["-o", "remount,ro", disk.mountPoint.path]))

    let run = try disk.process(disk.workspace.set, db: db, out: out)
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(db): the file system holding the database is mounted read-only"), "\(run.stderr)")
    try #require(try Self.mount(["-o", "remount,rw", disk.mountPoint.path]))
    #expect(try SchemaCheck.sqlite(db, "PRAGMA integrity_check") == "ok")
    #expect(try SchemaCheck.sqlite(db, "SELECT id, json_path FROM exam_result ORDER BY id") == before)
  }

  @Test func aDatabaseLockedByAnotherWriterIsNamedAfterTheBusyTimeout() throws {
    let workspace = try ProcessTests.Workspace(exams: 2, seed: 74)
    defer { workspace.remove() }
    let first = try workspace.process()
    try #require(first.status == 0, "\(first.stderr)")
    // Another program takes the write lock and keeps it longer than densa waits (10 s).
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    holder.arguments = [
      "-c",
      "import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1],isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\n"
        + "print('locked',flush=True)\ntime.sleep(25)",
      workspace.db,
    ]
    let ready = Pipe()
    holder.standardOutput = ready
    try holder.run()
    defer { holder.terminate() }
    #expect(String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self).contains("locked"))

    let accession = try SchemaCheck.sqlite(workspace.db, "SELECT accession FROM exam ORDER BY id LIMIT 1")
    let run = try DensaBinary.run(
      ["worklist", "mark", accession, "--db", workspace.db], in: repositoryRoot, timeout: 60)
    #expect(run.status != 0)
    #expect(run.stderr.contains(workspace.db) && run.stderr.contains("another program holds the database locked"))
    holder.terminate()
    holder.waitUntilExit()
    #expect(try SchemaCheck.sqlite(workspace.db, "PRAGMA integrity_check") == "ok")
    #expect(try SchemaCheck.sqlite(workspace.db, "SELECT COUNT(*) FROM exam_result") == "2")
    #expect(try SchemaCheck.sqlite(workspace.db, "SELECT COUNT(*) FROM exam WHERE read_state = 'read'") == "0")
  }
}

/// Mounting a small tmpfs for a test: possible as root with the capability (CI runs as root).
enum TmpfsMount {
  static let isPossible: Bool = {
    guard getuid() == 0 else { return false }
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent("densa-mount-probe-\(getpid())")
    try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: probe) }
    guard (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.path])) == true else { return false }
    _ = try? run("/bin/umount", [probe.path])
    return true
  }()

  static func run(_ tool: String, _ arguments: [String]) throws -> Bool {
    try ExternalProcess.run(tool, arguments, timeout: 30).status == 0
  }
}
