import Foundation
import TestSupport
import Testing
import Worklist

/// `densa serve` against real peers on loopback: DCMTK's storescu and echoscu send, Debian's
/// Orthanc receives the SRs and scorecards and serves studies for backfill, python3-hl7's mllp_send sends reports.
@Suite(.serialized, .enabled(if: OrthancPeer.isInstalled, "Debian's orthanc is not installed (make test installs it)"))
struct ServeTests {
  static let srClass = "1.2.840.10008.5.1.4.1.1.88.34"

  @Test func studiesInEveryTransferSyntaxAreProcessedAndEachSRAndScorecardReachesOrthancOnce() throws {
    let f = try NodeFixture(exams: 6, seed: 41, name: "serve")
    defer { f.remove() }
    // One exam in RLE too (synth writes uncompressed, JPEG lossless, JPEG-LS and JPEG 2000).
    let uncompressed = try #require(try f.studies.first { try DICOMTools.proposalOption(for: $0.files[0]).isEmpty })
    for file in uncompressed.files {
      let rle = try ExternalProcess.run("/usr/bin/dcmcrle", [file.path, file.path], timeout: 60)
      try #require(rle.status == 0, "\(rle.stderr)")
    }
    try f.startOrthanc()
    try f.startNode()
    #expect(try DICOMTools.echo(callingAE: "STORESCU", calledAE: "DENSA", port: f.dicomPort).status == 0)
    for result in try f.send(f.studies) { #expect(result.status == 0, "\(result.stderr)") }
    #expect(try f.waitForResults(f.studies.count))
    let arrived = BackgroundProcess.waitUntil(timeout: 60, every: 0.5) {
      ((try? f.structuredReportsInOrthanc().values.reduce(0, +)) ?? 0) >= f.studies.count
        && ((try? f.scorecardsInOrthanc().values.reduce(0, +)) ?? 0) >= f.studies.count
    }
    #expect(arrived)
    let srs = try f.structuredReportsInOrthanc()
    // Exactly one SR and one scorecard per study, each in the study it describes: Orthanc accepts both.
    #expect(Set(srs.keys) == Set(f.studies.map(\.studyInstanceUID)))
    #expect(srs.values.allSatisfy { $0 == 1 })
    let scorecards = try f.scorecardsInOrthanc()
    #expect(Set(scorecards.keys) == Set(f.studies.map(\.studyInstanceUID)))
    #expect(scorecards.values.allSatisfy { $0 == 1 })
    let store = try f.store()
    #expect(Set(try store.outboxItems().map(\.kind)) == ["sr", "scorecard"])
    #expect(try store.outboxCounts()[.sent] == 2 * f.studies.count)
    #expect(try store.instanceCounts().instances == f.studies.flatMap(\.files).count)
    let health = try f.http("/health")
    #expect(health.stdout.contains("\"status\" : \"ok\""))
    let metrics = try f.http("/metrics").stdout
    #expect(metrics.contains("densa_instances_received_total \(f.studies.flatMap(\.files).count)"))
    #expect(metrics.contains("densa_exams_processed_total \(f.studies.count)"))
    #expect(metrics.contains("densa_outbox_sent_total \(2 * f.studies.count)"))
  }

  @Test func unknownCallingAndWrongCalledAETitlesAreRejectedAndLogged() throws {
    let f = try NodeFixture(exams: 1, seed: 42, name: "aet")
    defer { f.remove() }
    try f.startNode()
    #expect(try DICOMTools.echo(callingAE: "INTRUDER", calledAE: "DENSA", port: f.dicomPort).status != 0)
    #expect(try DICOMTools.echo(callingAE: "STORESCU", calledAE: "NOTDENSA", port: f.dicomPort).status != 0)
    #expect(try DICOMTools.echo(callingAE: "STORESCU", calledAE: "DENSA", port: f.dicomPort).status == 0)
    let log = try #require(f.node).stderr
    let rejections = log.split(separator: "\n").filter { $0.contains("association rejected") }
    #expect(rejections.count == 2)
    #expect(rejections.contains { $0.contains("INTRUDER") })
    #expect(rejections.contains { $0.contains("NOTDENSA") })
  }

  @Test func theSameInstanceSentAgainIsStoredOnce() throws {
    let f = try NodeFixture(exams: 1, seed: 43, name: "dup")
    defer { f.remove() }
    try f.startNode()
    let file = f.studies[0].files[0]
    // A sender whose acknowledgement was lost sends the same object again.
    for _ in 0..<3 {
      let r = try DICOMTools.store([file], callingAE: "STORESCU", calledAE: "DENSA", port: f.dicomPort)
      #expect(r.allSatisfy { $0.status == 0 })
    }
    let counts = try f.store().instanceCounts()
    #expect(counts.instances == 1)
    #expect(counts.conflicts == 0)
    #expect(try f.http("/metrics").stdout.contains("densa_instances_duplicate_total 2"))
    #expect(FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("storage").path))
  }

  @Test func resultsQueuedWhileOrthancIsDownAreSentWhenItComesBack() throws {
    let f = try NodeFixture(exams: 2, seed: 44, name: "down")
    defer { f.remove() }
    try f.startOrthanc()
    try #require(f.orthanc).stop()
    try f.startNode()
    try f.send(f.studies)
    #expect(try f.waitForResults(f.studies.count))
    let store = try f.store()
    // Attempts fail while the PACS is down; nothing is marked sent.
    #expect(
      BackgroundProcess.waitUntil(timeout: 30) {
        (try? store.outboxItems().allSatisfy { $0.state == .pending && $0.attempts >= 1 }) == true
      })
    #expect(try store.outboxCounts()[.sent] == nil)
    try #require(f.orthanc).start()
    // Each study's SR and scorecard.
    #expect(BackgroundProcess.waitUntil(timeout: 60) { (try? store.outboxCounts()[.sent]) == 2 * f.studies.count })
    #expect(try f.structuredReportsInOrthanc().values.allSatisfy { $0 == 1 })
    #expect(try f.structuredReportsInOrthanc().count == f.studies.count)
    #expect(try f.scorecardsInOrthanc().count == f.studies.count)
  }

  @Test func deadEntriesAreListedAndAnOperatorRetriesOneAndCancelsAnother() throws {
    let f = try NodeFixture(exams: 2, seed: 49, name: "dead")
    defer { f.remove() }
    try f.startOrthanc()
    try #require(f.orthanc).stop()
    try f.startNode(["outbox.maxAttempts=2"])
    try f.send(f.studies)
    #expect(try f.waitForResults(f.studies.count))
    let store = try f.store()
    // An SR and a scorecard per study.
    #expect(BackgroundProcess.waitUntil(timeout: 60) { (try? store.outboxCounts()[.dead]) == 2 * f.studies.count })
    let list = try DensaBinary.run(["outbox", "list", "--state", "dead", "--db", f.databasePath], in: f.dir)
    #expect(list.status == 0)
    #expect(list.stdout.split(separator: "\n").filter { $0.contains(" dead ") }.count == 2 * f.studies.count)
    let dead = try store.outboxItems(state: .dead).filter { $0.kind == "sr" }
    // The PACS back first, as an operator would: a retry while it is still down spends the
    // entry's attempts again (seen under ThreadSanitizer, where Orthanc's start was slower).
    try #require(f.orthanc).start()
    let retried = try DensaBinary.run(
      ["outbox", "retry", "\(dead[0].id)", "--by", "ops", "--db", f.databasePath], in: f.dir)
    #expect(retried.status == 0, "\(retried.stderr)")
    let cancelled = try DensaBinary.run(
      ["outbox", "cancel", "\(dead[1].id)", "--by", "ops", "--db", f.databasePath], in: f.dir)
    #expect(cancelled.status == 0, "\(cancelled.stderr)")
    // A sent or unknown entry cannot be retried.
    #expect(try DensaBinary.run(["outbox", "retry", "999999", "--db", f.databasePath], in: f.dir).status != 0)
    #expect(BackgroundProcess.waitUntil(timeout: 60) { (try? store.outboxCounts()[.sent]) == 1 })
    #expect(try store.outboxCounts()[.cancelled] == 1)
    #expect(try f.structuredReportsInOrthanc() == [dead[0].studyInstanceUID: 1])
  }

  @Test func belowTheDiskWatermarkStoresGetA700AndHealthSaysSo() throws {
    let f = try NodeFixture(exams: 1, seed: 52, name: "disk")
    defer { f.remove() }
    try f.startNode(["storage.minimumFreeBytes=9223372036854775807"])
    let r = try DICOMTools.store(f.studies[0].files, callingAE: "STORESCU", calledAE: "DENSA", port: f.dicomPort)
    // storescu exits non-zero when a store is refused (its -v says "Refused: OutOfResources").
    #expect(!r.isEmpty && r.allSatisfy { $0.status != 0 })
    #expect(try f.store().instanceCounts().instances == 0)
    let health = try f.http("/health").stdout
    #expect(health.contains("\"acceptingStores\" : false"))
    #expect(health.contains("\"status\" : \"degraded\""))
  }

  @Test func aTomosynthesisOnlyStudyIsStoredButNotClassified() throws {
    let f = try NodeFixture(exams: 1, seed: 53, name: "bto")
    defer { f.remove() }
    try f.startNode(["completion.quietSeconds=2"])
    // A Breast Tomosynthesis object of a study of its own.
    let bto = f.dir.appendingPathComponent("bto.dcm")
    try FileManager.default.copyItem(at: f.studies[0].files[0], to: bto)
    let modify = try ExternalProcess.run(
      "/usr/bin/dcmodify",
      ["-nb", "-gst", "-gse", "-gin", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.13.1.3", bto.path])
    try #require(modify.status == 0, "\(modify.stderr)")
    // storescu proposes only some SOP classes by default; -R proposes exactly the file's.
    let sent = try ExternalProcess.run(
      "/usr/bin/storescu",
      ["-R"] + (try DICOMTools.proposalOption(for: bto)) + [
        "-aet", "STORESCU", "-aec", "DENSA", "127.0.0.1", "\(f.dicomPort)", bto.path,
      ], timeout: 60)
    #expect(sent.status == 0, "\(sent.stderr)")
    let store = try f.store()
    #expect(BackgroundProcess.waitUntil(timeout: 30) { (try? store.studyQueueCounts()[.notClassified]) == 1 })
    #expect(try store.instanceCounts().instances == 1)
    #expect(try store.worklist().isEmpty)
  }

  @Test func resultsOfTheNotForClinicalUseDemoModelAreNotSentUnlessConfigured() throws {
    let f = try NodeFixture(exams: 1, seed: 50, name: "held")
    defer { f.remove() }
    try f.startOrthanc()
    try f.startNode(sendNonClinicalResults: false)
    try f.send(f.studies)
    #expect(try f.waitForResults(1))
    // Give the outbox time it would need, then check nothing was queued or sent.
    Thread.sleep(forTimeInterval: 3)
    #expect(try f.store().outboxItems().isEmpty)
    #expect(try f.structuredReportsInOrthanc().isEmpty)
    #expect(try #require(f.node).stderr.contains("not for clinical use"))
  }

  @Test func aLateImageGivesANewResultWhoseSRSupersedesTheFirst() throws {
    let f = try NodeFixture(exams: 1, seed: 51, name: "late")
    defer { f.remove() }
    try f.startOrthanc()
    try f.startNode()
    let study = f.studies[0]
    try f.send([study])
    let store = try f.store()
    let key = try demoModelSHA256()
    #expect(BackgroundProcess.waitUntil(timeout: 120) { (try? store.outboxCounts()[.sent]) == 2 })
    let first = try #require(try store.currentResult(studyInstanceUID: study.studyInstanceUID, modelKey: key))
    // A retake of one view arrives after the exam was processed: same view, a new instance.
    let retake = f.dir.appendingPathComponent("retake.dcm")
    try FileManager.default.copyItem(at: study.files[0], to: retake)
    let modify = try ExternalProcess.run("/usr/bin/dcmodify", ["-nb", "-gin", "-m", "(0020,0013)=99", retake.path])
    try #require(modify.status == 0, "\(modify.stderr)")
    for r in try DICOMTools.store([retake], callingAE: "STORESCU", calledAE: "DENSA", port: f.dicomPort) {
      #expect(r.status == 0, "\(r.stderr)")
    }
    #expect(
      BackgroundProcess.waitUntil(timeout: 120) {
        (try? store.currentResult(studyInstanceUID: study.studyInstanceUID, modelKey: key)?.revision) == 2
      })
    let second = try #require(try store.currentResult(studyInstanceUID: study.studyInstanceUID, modelKey: key))
    #expect(second.structuredReport?.sopInstanceUID != first.structuredReport?.sopInstanceUID)
    // Both files are kept; the new SR names the first as its predecessor.
    #expect(FileManager.default.fileExists(atPath: try #require(first.srPath)))
    let dump = try ExternalProcess.run(
      "/usr/bin/dcmdump", ["+P", "0040,a360", "+P", "0008,1155", try #require(second.srPath)])
    #expect(dump.stdout.contains(try #require(first.structuredReport?.sopInstanceUID)))
    // Each revision's SR and scorecard; the second scorecard is a new object too.
    #expect(BackgroundProcess.waitUntil(timeout: 60) { (try? store.outboxCounts()[.sent]) == 4 })
    #expect(try f.structuredReportsInOrthanc() == [study.studyInstanceUID: 2])
    #expect(try f.scorecardsInOrthanc() == [study.studyInstanceUID: 2])
  }

  @Test func eightConcurrentAssociationsOfFiftyImagesAreEachStoredAndProcessedOnce() throws {
    let f = try NodeFixture(exams: 100, seed: 45, name: "load")
    defer { f.remove() }
    try f.startNode(["process.heatmaps=false", "dicom.maxAssociations=8"])
    let files = f.studies.flatMap(\.files)
    try #require(files.count >= 400)
    // 8 senders, 50 images each, all at once (each sender's images in one association per syntax).
    let chunks = (0..<8).map { i in Array(files[(i * 50)..<((i + 1) * 50)]) }
    let results = ResultsBox()
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      let r = (try? DICOMTools.store(chunks[i], callingAE: "STORESCU", calledAE: "DENSA", port: f.dicomPort)) ?? []
      results.add(r)
    }
    #expect(results.all.allSatisfy { $0.status == 0 })
    let store = try f.store()
    #expect(try store.instanceCounts().instances == 400)
    let exams = Set(chunks.joined().map { $0.deletingLastPathComponent().lastPathComponent })
    #expect(try f.waitForResults(exams.count, timeout: 600))
    #expect(try store.worklist().count == exams.count)
    #expect(try store.studyQueueCounts()[.done] == exams.count)
  }

  @Test func killedDuringReceptionProcessingAndSendingItLosesAndDuplicatesNothing() throws {
    let f = try NodeFixture(exams: 8, seed: 46, name: "kill")
    defer { f.remove() }
    try f.startOrthanc()
    try f.startNode()
    let store = try f.store()
    // 1. During reception: a sender is mid-study when densa dies; it sends everything again later.
    let script = try f.studies.flatMap(\.files).map { file in
      (["/usr/bin/storescu"] + (try DICOMTools.proposalOption(for: file))
        + ["-aet", "STORESCU", "-aec", "DENSA", "127.0.0.1", "\(f.dicomPort)", file.path]).joined(separator: " ")
    }.joined(separator: "\n")
    let sender = try BackgroundProcess("/bin/bash", ["-c", script], in: f.dir, name: "sender")
    #expect(
      BackgroundProcess.waitUntil(timeout: 60, every: 0.02) { ((try? store.instanceCounts().instances) ?? 0) >= 3 })
    try #require(f.node).crash()
    sender.crash()
    try f.startNode()
    // 2. During processing: killed as soon as the first result is stored.
    try f.send(f.studies)
    #expect(BackgroundProcess.waitUntil(timeout: 120, every: 0.05) { ((try? store.worklist().count) ?? 0) >= 1 })
    try #require(f.node).crash()
    try f.startNode()
    // 3. During sending: killed as soon as the first SR is acknowledged.
    #expect(BackgroundProcess.waitUntil(timeout: 120, every: 0.05) { ((try? store.outboxCounts()[.sent]) ?? 0) >= 1 })
    try #require(f.node).crash()
    try f.startNode()
    #expect(try f.waitForResults(f.studies.count))
    #expect(BackgroundProcess.waitUntil(timeout: 90) { (try? store.outboxCounts()[.sent]) == 2 * f.studies.count })
    // Nothing lost, nothing duplicated: in SQLite and in Orthanc.
    #expect(try store.instanceCounts().instances == f.studies.flatMap(\.files).count)
    #expect(try store.worklist().count == f.studies.count)
    for study in f.studies {
      let result = try #require(
        try store.currentResult(studyInstanceUID: study.studyInstanceUID, modelKey: demoModelSHA256()))
      #expect(result.revision == 1, "study \(study.accession) processed more than once")
    }
    let srs = try f.structuredReportsInOrthanc()
    #expect(srs.count == f.studies.count)
    #expect(srs.values.allSatisfy { $0 == 1 })
    #expect(try f.scorecardsInOrthanc().values.allSatisfy { $0 == 1 })
  }

  @Test func backfillRetrievesFromOrthancResumesAfterAnInterruptionAndProcessesEachStudyOnce() throws {
    let f = try NodeFixture(exams: 4, seed: 47, name: "backfill")
    defer { f.remove() }
    try f.startOrthanc()
    let orthanc = try #require(f.orthanc)
    for r in try DICOMTools.store(
      f.studies.flatMap(\.files), callingAE: "LOADER", calledAE: "ORTHANC", port: orthanc.dicomPort)
    {
      try #require(r.status == 0, "\(r.stderr)")
    }
    try f.startNode(["dicom.destinations="])
    let dates = f.studies.map(\.studyDate).sorted()
    let arguments = [
      "backfill", "--pacs", "orthanc", "--from", dates.first!, "--to", dates.last!, "--concurrency", "1", "--db",
      f.databasePath, "--set", "dicom.pacs=orthanc ORTHANC@127.0.0.1:\(orthanc.dicomPort)",
    ]
    // Interrupted after its first study…
    let first = try BackgroundProcess(DensaBinary.url.path, arguments, in: f.dir, name: "backfill-1")
    let store = try f.store()
    let job = try store.backfillJob(pacs: "orthanc", from: dates.first!, to: dates.last!)
    #expect(
      BackgroundProcess.waitUntil(timeout: 60, every: 0.02) {
        ((try? store.backfillProgress(job: job.id).retrieved) ?? 0) >= 1
      })
    first.crash()
    let before = try store.backfillProgress(job: job.id)
    #expect(before.total == f.studies.count)
    // …and resumed: only what is left is asked for.
    let second = try DensaBinary.run(arguments, in: f.dir, timeout: 300)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("\(f.studies.count) retrieved, 0 failed, 0 pending"))
    #expect(try f.waitForResults(f.studies.count))
    for study in f.studies {
      let result = try #require(
        try store.currentResult(studyInstanceUID: study.studyInstanceUID, modelKey: demoModelSHA256()))
      #expect(result.revision == 1)
    }
    #expect(try store.instanceCounts().instances == f.studies.flatMap(\.files).count)
  }
}

/// The bundled demo model's weights digest, as densa names it.
func demoModelSHA256() throws -> String {
  let info = try DensaBinary.run(
    ["model", "info", repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path], in: repositoryRoot)
  let line = info.stdout.split(separator: "\n").first { $0.hasPrefix("sha256") } ?? ""
  return String(line.split(whereSeparator: { $0 == " " || $0 == ":" }).first { $0.count == 64 } ?? "")
}

final class ResultsBox: @unchecked Sendable {
  private let lock = NSLock()
  private var results = [DensaBinary.Result]()
  func add(_ r: [DensaBinary.Result]) { lock.withLock { results += r } }
  var all: [DensaBinary.Result] { lock.withLock { results } }
}
