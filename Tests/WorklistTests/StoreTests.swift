import Foundation
import Testing
import Worklist

@Suite struct StoreTests {
  @Test func migrationsRunOnceInWALMode() throws {
    let f = try PipelineFixture(exams: 1)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    #expect(try store.journalMode() == "wal")
    let applied = try store.appliedMigrations()
    #expect(!applied.isEmpty)
    // Reopening applies nothing new and keeps the data.
    #expect(try Store(path: f.databasePath).appliedMigrations() == applied)
  }

  @Test func aReaderSeesWholeExamsWhileTheWriterRuns() async throws {
    let f = try PipelineFixture(exams: 4, seed: 12)
    defer { f.remove() }
    let writer = try Store(path: f.databasePath)
    let reader = try Store(path: f.databasePath)
    let counts = Counts()
    let run = Task { try await f.pipeline(store: writer).run(exams: f.exams, reports: f.reports) }
    while true {
      let entries = try reader.worklist()
      // Every visible exam has its result file and its four views: never half an exam.
      for e in entries { #expect(FileManager.default.fileExists(atPath: e.resultJSON)) }
      counts.add(entries.count)
      if entries.count == 4 { break }
      try await Task.sleep(for: .milliseconds(20))
      if counts.polls > 3000 { break }
    }
    _ = try await run.value
    #expect(try reader.worklist().count == 4)
  }

  @Test func reviewsAreAuditedAndFiltersSelectDisagreements() async throws {
    let f = try PipelineFixture(exams: 6, seed: 5)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    _ = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    let all = try store.worklist()
    let disagreeing = try store.worklist(WorklistFilter(disagreement: .any))
    #expect(disagreeing.count == all.filter { $0.agreement == "adjacent" || $0.agreement == "major" }.count)
    #expect(try store.worklist(WorklistFilter(disagreement: .agreeing)).count == all.count - disagreeing.count)
    // Newest study first among unread exams.
    let dates = all.compactMap(\.studyDate)
    #expect(dates == dates.sorted(by: >))

    let first = try #require(all.first)
    #expect(try store.setReadState("read", exam: first.accession ?? first.studyInstanceUID, actor: "dr.test"))
    #expect(try store.worklist().last?.studyInstanceUID == first.studyInstanceUID)
    #expect(try store.worklist(WorklistFilter(readState: "unread")).count == all.count - 1)

    if let id = disagreeing.first?.disagreementID {
      #expect(try store.review(disagreement: id, state: .reportCorrect, reviewer: "dra.qa", note: "ok"))
      let summary = try #require(try store.qaSummary())
      #expect(summary.reviews["report-correct"] == 1)
    }
    #expect(try !store.review(disagreement: 999_999, state: .dismissed, reviewer: "x", note: nil))
    let log = try store.auditLog()
    #expect(log.first?[1] == "dr.test" && log.first?[2] == "set-read-state")
    #expect(log.count == (disagreeing.isEmpty ? 1 : 2))
  }

  @Test func qaSummaryMatchesTheStoredComparisons() async throws {
    let f = try PipelineFixture(exams: 6, seed: 5)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    _ = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    let all = try store.worklist()
    let q = try #require(try store.qaSummary())
    #expect(q.exams == all.count)
    #expect(q.confusion.total == all.filter { $0.reportDensity != nil }.count)
    #expect(q.byAgreement["agree"] ?? 0 == all.filter { $0.agreement == "agree" }.count)
    #expect(q.crossesDenseBoundary == all.filter(\.crossesDenseBoundary).count)
  }

  @Test func aDatabaseThatIsNotSQLiteIsRefusedByName() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("densa-bad-\(UUID().uuidString).sqlite")
      .path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("this is not a database, just text long enough to look like a header".utf8).write(
      to: URL(fileURLWithPath: path))
    #expect {
      _ = try Store(path: path)
    } throws: { error in
      "\(error)".contains(path)
    }
    // The file is left as it was.
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("this is not a database"))
  }
}

private final class Counts: @unchecked Sendable {
  private let lock = NSLock()
  private var seen = [Int]()
  var polls: Int { lock.withLock { seen.count } }
  func add(_ n: Int) { lock.withLock { seen.append(n) } }
}
