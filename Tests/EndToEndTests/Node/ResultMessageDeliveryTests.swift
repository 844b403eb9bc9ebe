import Foundation
import Testing
import Worklist

/// `densa serve` sends each result's ORU^R01 to HL7 destinations through the outbox, to MLLP
/// listeners made with python3-hl7 (`hl7.mllp.start_hl7_server`) that answer with real ACKs.
@Suite(
  .serialized,
  .enabled(if: FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/hl7/mllp/__init__.py"))
)
struct ResultMessageDeliveryTests {
  /// Keeps every message it receives as `received-N.hl7` in its folder and answers the N-th with
  /// the N-th code of its list (the last one from then on).
  static let listenerScript = """
    import asyncio, os, sys
    from hl7.mllp import start_hl7_server
    folder, answers = sys.argv[1], sys.argv[2].split(",")
    count = 0
    async def handle(reader, writer):
        global count
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                code = answers[min(count, len(answers) - 1)]
                count += 1
                with open(os.path.join(folder, "received-%d.hl7" % count), "w", encoding="utf-8", newline="") as f:
                    f.write(str(message))
                writer.writemessage(message.create_ack(code, application="RIS", facility="HOSP"))
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()
    async def main():
        server = await start_hl7_server(handle, "127.0.0.1", 0, encoding="utf-8")
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        async with server:
            await server.serve_forever()
    asyncio.run(main())
    """

  /// A running listener, its port and the messages it has received so far.
  final class Listener {
    let folder: URL
    let process: BackgroundProcess
    let port: Int

    init(in dir: URL, name: String, answers: [String]) throws {
      folder = dir.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let p = try BackgroundProcess(
        "/usr/bin/python3",
        ["-c", ResultMessageDeliveryTests.listenerScript, folder.path, answers.joined(separator: ",")],
        in: dir, name: name)
      process = p
      let ready = BackgroundProcess.waitUntil(timeout: 30) { p.stdout.contains("listening") || !p.isRunning }
      try #require(ready && p.isRunning, "listener did not start: \(p.stderr)")
      port = Int(p.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
      try #require(port > 0)
    }

    var received: [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("received-") }
        .sorted().compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    func stop() { process.stop(grace: 5) }
  }

  /// MSH-n or another segment's field n of a message, raw.
  static func field(_ message: String, _ segment: String, _ n: Int) -> String {
    guard let line = message.split(separator: "\r").first(where: { $0.hasPrefix(segment + "|") }) else { return "" }
    let parts = line.split(separator: "|", omittingEmptySubsequences: false)
    let index = segment == "MSH" ? n - 1 : n
    return index < parts.count ? String(parts[index]) : ""
  }

  @Test func eachDestinationGetsTheMessageOnceAndAnErrorAckIsRetried() throws {
    let f = try NodeFixture(exams: 1, seed: 57, name: "oru")
    defer { f.remove() }
    let accepting = try Listener(in: f.dir, name: "ris", answers: ["AA"])
    defer { accepting.stop() }
    let erring = try Listener(in: f.dir, name: "ris2", answers: ["AE", "AA"])
    defer { erring.stop() }
    try f.startNode([
      "outbox.sendNonClinicalResults=true",
      "hl7.destinations=ris RIS^HOSP@127.0.0.1:\(accepting.port),ris2 RIS2@127.0.0.1:\(erring.port)",
      "hl7.ackTimeoutSeconds=5",
    ])
    try f.send(f.studies)
    #expect(try f.waitForResults(1))
    let store = try f.store()
    let delivered = BackgroundProcess.waitUntil(timeout: 60, every: 0.25) {
      let oru = ((try? store.outboxItems()) ?? []).filter { $0.kind == "oru" }
      return oru.count == 2 && oru.allSatisfy { $0.state == .sent }
    }
    #expect(delivered, "outbox: \(String(describing: try? store.outboxItems()))")
    let items = Dictionary(
      uniqueKeysWithValues: try store.outboxItems().filter { $0.kind == "oru" }.map { ($0.destination, $0) })
    #expect(items["ris"]?.attempts == 1 && items["ris"]?.lastStatus == "AA")
    #expect(items["ris2"]?.attempts == 2 && items["ris2"]?.lastStatus == "AA")

    // Nothing more arrives once sent (the outbox polls every 0.25 s; backoff is at most 2 s).
    Thread.sleep(forTimeInterval: 4)
    let toRIS = accepting.received
    let toRIS2 = erring.received
    #expect(toRIS.count == 1)
    #expect(toRIS2.count == 2)
    let study = f.studies[0]
    for message in toRIS + toRIS2 {
      #expect(Self.field(message, "MSH", 3) == "DENSA")
      #expect(Self.field(message, "MSH", 9) == "ORU^R01^ORU_R01")
      #expect(Self.field(message, "PID", 3) == study.patientID)
      #expect(Self.field(message, "OBR", 3) == study.accession)
      #expect(Self.field(message, "OBX", 3) == "129715009^Breast composition^SCT")
    }
    #expect(toRIS.first.map { Self.field($0, "MSH", 5) + "^" + Self.field($0, "MSH", 6) } == "RIS^HOSP")
    #expect(toRIS2.allSatisfy { Self.field($0, "MSH", 5) == "RIS2" })
    // The retry is the same message: the receiver can tell it from a new one by MSH-10.
    #expect(toRIS2.count == 2 && toRIS2[0] == toRIS2[1])
    let ids = Set((toRIS + toRIS2).map { Self.field($0, "MSH", 10) })
    #expect(ids.count == 2)
    // Patient data never reaches the node's log.
    let log = (f.node?.stdout ?? "") + (f.node?.stderr ?? "")
    #expect(!log.contains(study.patientID))
  }

  @Test func theDemoModelsResultsAreNotSentUnlessConfigured() throws {
    let f = try NodeFixture(exams: 1, seed: 58, name: "oru-demo")
    defer { f.remove() }
    let listener = try Listener(in: f.dir, name: "ris", answers: ["AA"])
    defer { listener.stop() }
    try f.startNode([
      "outbox.sendNonClinicalResults=false", "hl7.destinations=ris RIS^HOSP@127.0.0.1:\(listener.port)",
    ])
    try f.send(f.studies)
    #expect(try f.waitForResults(1))
    let store = try f.store()
    // The result is stored before it would be queued; give the queue and the outbox time to act.
    Thread.sleep(forTimeInterval: 3)
    #expect(try store.outboxItems().filter { $0.kind == "oru" }.isEmpty)
    #expect(listener.received.isEmpty)
    // The message is still written beside result.json, for the record.
    let json = try #require(try store.worklist().first?.resultJSON)
    let oru = URL(fileURLWithPath: json).deletingLastPathComponent().appendingPathComponent(ResultMessage.fileName)
    #expect(FileManager.default.fileExists(atPath: oru.path))
    let log = (f.node?.stdout ?? "") + (f.node?.stderr ?? "")
    #expect(log.contains("not for clinical use"))
  }
}
