import DICOM
import Foundation
import Synchronization
import Testing

/// densa's Storage SCP against DCMTK's own echoscu and storescu, on loopback.
@Suite(.serialized) struct StorageSCPTests {
  @Test func echoscuIsAcceptedAndReleased() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder)
    defer { scp.stop() }
    #expect(scp.port > 0)
    let out = try ExternalTool.run("echoscu", ["-aet", "ECHOSCU", "-aec", "DENSA", "127.0.0.1", "\(scp.port)"])
    #expect(out.status == 0, "\(out.text)")
    #expect(recorder.waitFor { $0.contains { if case .released = $0 { true } else { false } } })
    guard case .accepted(let info) = recorder.events.first else {
      Issue.record("first event \(String(describing: recorder.events.first))")
      return
    }
    #expect(info.callingAETitle == "ECHOSCU" && info.calledAETitle == "DENSA" && info.peerAddress == "127.0.0.1")
  }

  /// storescu sends each syntax as it is; the SCP writes exactly the data set it received.
  @Test(arguments: [
    TransferSyntax.explicitVRLittleEndian, .jpegLSLossless, .jpegLSNearLossless, .jpegLosslessSV1, .jpegLossless,
    .jpegExtended, .rleLossless, .jpeg2000Lossless, .jpeg2000,
  ])
  func storescuInstancesArriveAsSent(syntax: TransferSyntax) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder)
    defer { scp.stop() }
    let file = try NetworkFixture.mammogram(syntax, in: dir)
    let out = try ExternalTool.run("storescu", NetworkFixture.storescu([file], port: scp.port, in: dir))
    #expect(out.status == 0, "\(out.text)")
    let received = recorder.instances
    try #require(received.count == 1, "\(recorder.events)")
    #expect(received[0].transferSyntax == syntax)
    #expect(received[0].sopInstanceUID == "2.25.71.1.1")
    #expect(received[0].sopClassUID == SOPClass.digitalMammographyForPresentation)
    #expect(received[0].callingAETitle == "STORESCU")
    let stored = recorder.storeDirectory.appendingPathComponent("2.25.71.1.1.dcm")
    #expect(try NetworkFixture.datasetBytes(stored) == NetworkFixture.datasetBytes(file))
    let header = try MammogramReader.read(stored)
    #expect(header.transferSyntax == syntax)
    // Nothing is left behind in the temporary folder.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: scp.configuration.temporaryDirectory.path)
    #expect(leftovers.isEmpty)
  }

  /// A mammogram written by another toolkit (D. Clunie's test object).
  @Test func anOutsideMammogramArrivesAsSent() throws {
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../../../shared/data/dicom-samples/MG_Explicit_Little.dcm"
    ).standardized
    try #require(FileManager.default.fileExists(atPath: sample.path), "missing \(sample.path)")
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder)
    defer { scp.stop() }
    let out = try ExternalTool.run("storescu", NetworkFixture.storescu([sample], port: scp.port, in: dir))
    #expect(out.status == 0, "\(out.text)")
    let received = try #require(recorder.instances.first)
    #expect(received.transferSyntax == .explicitVRLittleEndian)
    let stored = recorder.storeDirectory.appendingPathComponent(received.sopInstanceUID + ".dcm")
    #expect(
      try NetworkFixture.normalizedDatasetBytes(stored, in: dir)
        == NetworkFixture.normalizedDatasetBytes(sample, in: dir))
  }

  @Test func aNonMammographySOPClassIsRefusedAtNegotiation() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder)
    defer { scp.stop() }
    let ct = "1.2.840.10008.5.1.4.1.1.2"
    let file = try NetworkFixture.mammogram(.explicitVRLittleEndian, in: dir, sopClass: ct)
    let out = try ExternalTool.run(
      "storescu", ["-aet", "STORESCU", "-aec", "DENSA", "-R", "127.0.0.1", "\(scp.port)", file.path])
    #expect(out.status != 0, "\(out.text)")
    #expect(recorder.instances.isEmpty)
    #expect(recorder.waitFor { _ in !recorder.rejections.isEmpty })
    let rejection = try #require(recorder.rejections.first)
    #expect(rejection.kind == .noAcceptablePresentationContext)
    #expect(rejection.detail.contains(ct))
  }

  @Test func unknownCallersAndWrongCalledAETitlesAreRejectedWithTheirReason() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(
      in: dir, recorder: recorder,
      configure: {
        $0.allowedHosts = ["FARAWAY": ["10.20.30.40"], "NEARBY": ["10.20.30.40", "127.0.0.1"]]
        $0.allowedCallingAETitles.formUnion(["FARAWAY", "NEARBY"])
      })
    defer { scp.stop() }
    let port = "\(scp.port)"
    let stranger = try ExternalTool.run("echoscu", ["-aet", "STRANGER", "-aec", "DENSA", "127.0.0.1", port])
    #expect(stranger.status != 0)
    #expect(stranger.text.contains("Calling AE Title Not Recognized"), "\(stranger.text)")
    let wrongCalled = try ExternalTool.run("echoscu", ["-aet", "ECHOSCU", "-aec", "PACS", "127.0.0.1", port])
    #expect(wrongCalled.status != 0)
    #expect(wrongCalled.text.contains("Called AE Title Not Recognized"), "\(wrongCalled.text)")
    let wrongHost = try ExternalTool.run("echoscu", ["-aet", "FARAWAY", "-aec", "DENSA", "127.0.0.1", port])
    #expect(wrongHost.status != 0)
    let rightHost = try ExternalTool.run("echoscu", ["-aet", "NEARBY", "-aec", "DENSA", "127.0.0.1", port])
    #expect(rightHost.status == 0, "\(rightHost.text)")
    #expect(recorder.waitFor { _ in recorder.rejections.count == 3 })
    let reasons = recorder.rejections
    #expect(reasons.map(\.kind) == [.callingAETitleNotAllowed, .calledAETitleNotRecognized, .hostNotAllowed])
    #expect(reasons[0].detail.contains("STRANGER"))
    #expect(reasons[1].detail.contains("PACS"))
    #expect(reasons[2].detail.contains("127.0.0.1"))
    let accepted = recorder.events.compactMap { if case .accepted(let info) = $0 { info.callingAETitle } else { nil } }
    #expect(accepted == ["NEARBY"])

    // densa's own client reads the rejection too.
    let client = DICOMClient(callingAETitle: "STRANGER")
    #expect {
      try client.echo(DICOMPeer(aeTitle: "DENSA", host: "127.0.0.1", port: scp.port))
    } throws: { error in
      guard let e = error as? DICOMNetworkError, case .rejected(false, let text) = e.reason else { return false }
      return text.contains("calling AE title not recognized") && e.description.hasPrefix("DENSA@127.0.0.1:")
    }
  }

  /// Two associations are held open by a handler that waits; a third gets a transient rejection
  /// at once, and both held ones then finish.
  @Test func associationsBeyondTheMaximumAreRefusedTransiently() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let gate = DispatchSemaphore(value: 0)
    let scp = try NetworkFixture.scp(
      in: dir, recorder: recorder,
      handler: { instance in
        _ = gate.wait(timeout: .now() + 30)
        try recorder.keep(instance)
        return DIMSEStatus.success
      }
    ) { $0.maxAssociations = 2 }
    defer { scp.stop(gracePeriod: 0) }
    let senders = try (1...2).map { n in
      try BackgroundTool(
        "storescu",
        [
          "-aet", "STORESCU", "-aec", "DENSA", "-R", "127.0.0.1", "\(scp.port)",
          NetworkFixture.mammogram(.explicitVRLittleEndian, in: dir, study: n).path,
        ])
    }
    let deadline = Date().addingTimeInterval(15)
    while scp.activeAssociations < 2 && Date() < deadline { usleep(20_000) }
    try #require(scp.activeAssociations == 2)

    let started = Date()
    let third = try ExternalTool.run("echoscu", ["-aet", "ECHOSCU", "-aec", "DENSA", "127.0.0.1", "\(scp.port)"])
    #expect(third.status != 0)
    #expect(third.text.contains("Rejected Transient") || third.text.contains("Transient"), "\(third.text)")
    #expect(Date().timeIntervalSince(started) < 10, "a full SCP must answer, not hang")
    let client = DICOMClient(callingAETitle: "DENSATEST")
    #expect {
      try client.echo(DICOMPeer(aeTitle: "DENSA", host: "127.0.0.1", port: scp.port))
    } throws: { error in
      guard let e = error as? DICOMNetworkError, case .rejected(true, _) = e.reason else { return false }
      return e.isRetryable
    }
    #expect(recorder.rejections.filter { $0.kind == .tooManyAssociations }.count == 2)

    gate.signal()
    gate.signal()
    for sender in senders {
      let (status, output) = try sender.wait(timeout: 30)
      #expect(status == 0, "\(output)")
    }
    #expect(recorder.instances.count == 2)
  }

  /// 8 storescu at once, 10 instances each: every instance arrives exactly once.
  @Test func eightConcurrentSendersAllArriveOnce() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder, configure: { $0.maxAssociations = 8 })
    defer { scp.stop() }
    let perSender = 10
    var sent = Set<String>()
    var senders: [BackgroundTool] = []
    for s in 1...8 {
      let folder = dir.appendingPathComponent("sender\(s)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let syntax: TransferSyntax = s % 2 == 0 ? .jpegLSLossless : .explicitVRLittleEndian
      let files = try (1...perSender).map {
        try NetworkFixture.mammogram(syntax, in: folder, study: 10 + s, instance: $0)
      }
      sent.formUnion((1...perSender).map { "2.25.7\(10 + s).1.\($0)" })
      senders.append(try BackgroundTool("storescu", NetworkFixture.storescu(files, port: scp.port, in: dir)))
    }
    for sender in senders {
      let (status, output) = try sender.wait(timeout: 120)
      #expect(status == 0, "\(output)")
    }
    let received = recorder.instances.map(\.sopInstanceUID)
    #expect(received.count == 8 * perSender)
    #expect(Set(received) == sent)
    #expect(Set(recorder.instances.map(\.associationID)).count == 8)
    let stored = try FileManager.default.contentsOfDirectory(atPath: recorder.storeDirectory.path)
    #expect(stored.count == 8 * perSender)
  }

  /// The handler's status is what the sender sees; what it did not keep is removed.
  @Test func theHandlersStatusReachesTheSender() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    struct DiskFull: Error, CustomStringConvertible { var description: String { "disk below watermark" } }
    let calls = Mutex(0)
    let scp = try NetworkFixture.scp(
      in: dir, recorder: recorder,
      handler: { instance in
        recorder.record(instance)
        let n = calls.withLock {
          $0 += 1
          return $0
        }
        if n == 1 { return DIMSEStatus.outOfResources }
        throw DiskFull()
      })
    defer { scp.stop() }
    let files = try (1...2).map { try NetworkFixture.mammogram(.explicitVRLittleEndian, in: dir, instance: $0) }
    let out = try ExternalTool.run(
      "storescu", NetworkFixture.storescu(files, port: scp.port, in: dir, options: ["-nh", "-v"]))
    #expect(
      out.text.components(separatedBy: "Received Store Response (Refused: OutOfResources)").count == 3, "\(out.text)")
    let failures = recorder.events.compactMap { event -> (String, UInt16, String)? in
      if case .storeFailed(_, let uid, let status, let reason) = event { (uid, status, reason) } else { nil }
    }
    try #require(failures.count == 2, "\(recorder.events)")
    #expect(failures.map(\.1) == [0xA700, 0xA700])
    #expect(failures.map(\.0) == ["2.25.71.1.1", "2.25.71.1.2"])
    #expect(failures[1].2.contains("disk below watermark"))
    // The handler kept nothing, so nothing is left.
    #expect(recorder.instances.allSatisfy { !FileManager.default.fileExists(atPath: $0.temporaryFile.path) })
    #expect(try FileManager.default.contentsOfDirectory(atPath: scp.configuration.temporaryDirectory.path).isEmpty)

    // densa's client reports the same status per instance.
    let outcomes = try DICOMClient(callingAETitle: "DENSATEST").store(
      files, to: DICOMPeer(aeTitle: "DENSA", host: "127.0.0.1", port: scp.port))
    #expect(outcomes.map(\.status) == [0xA700, 0xA700])
    #expect(outcomes.allSatisfy { !$0.isSuccess && $0.problem?.contains("out of resources") == true })
  }

  @Test func stopEndsAnIdleAssociationAndRefusesNewOnes() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let gate = DispatchSemaphore(value: 0)
    let scp = try NetworkFixture.scp(
      in: dir, recorder: recorder,
      handler: { instance in
        _ = gate.wait(timeout: .now() + 2)
        try recorder.keep(instance)
        return DIMSEStatus.success
      })
    let port = scp.port
    let files = try (1...3).map { try NetworkFixture.mammogram(.explicitVRLittleEndian, in: dir, instance: $0) }
    let sender = try BackgroundTool("storescu", NetworkFixture.storescu(files, port: port, in: dir))
    let deadline = Date().addingTimeInterval(15)
    while scp.activeAssociations < 1 && Date() < deadline { usleep(20_000) }
    let started = Date()
    scp.stop(gracePeriod: 1)
    #expect(Date().timeIntervalSince(started) < 8, "stop must be bounded")
    #expect(!scp.isRunning)
    #expect(!Loopback.isListening(port))
    try sender.wait(timeout: 30)
    #expect(recorder.events.contains { if case .aborted = $0 { true } else { false } })
    // No handler runs after stop returned.
    let count = recorder.instances.count
    usleep(300_000)
    #expect(recorder.instances.count == count)
  }

  /// A peer that connects and says nothing is dropped after the ARTIM timeout; meanwhile others
  /// are served.
  @Test func aSilentConnectionNeitherHangsNorBlocksOthers() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder, configure: { $0.acseTimeout = 1 })
    defer { scp.stop() }
    let silent = try RawConnection(port: scp.port)
    let echo = try ExternalTool.run("echoscu", ["-aet", "ECHOSCU", "-aec", "DENSA", "127.0.0.1", "\(scp.port)"])
    #expect(echo.status == 0, "\(echo.text)")
    let (bytes, closed) = silent.readUntilClosed(timeout: 10)
    #expect(closed && bytes.isEmpty)
    #expect(recorder.waitFor { _ in recorder.rejections.contains { $0.kind == .noAssociationRequest } })
  }

  /// An association with nothing to do is aborted (A-ABORT) after the idle timeout.
  @Test func anIdleAssociationIsAbortedAfterTheIdleTimeout() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let scp = try NetworkFixture.scp(in: dir, recorder: recorder, configure: { $0.idleTimeout = 1 })
    defer { scp.stop() }
    let peer = try RawConnection(port: scp.port)
    peer.send(RawConnection.associateRequest(calling: "ECHOSCU", called: "DENSA"))
    let started = Date()
    // A peer closes on an A-ABORT (dcmnet waits a few seconds for that).
    let (bytes, _) = peer.read(timeout: 10) { RawConnection.pduTypes($0).count == 2 }
    #expect(RawConnection.pduTypes(bytes) == [0x02, 0x07], "A-ASSOCIATE-AC, then A-ABORT")
    #expect(Date().timeIntervalSince(started) < 5)
    peer.disconnect()
    #expect(
      recorder.waitFor { events in
        events.contains { if case .aborted(_, 0, let reason) = $0 { reason.contains("idle for 1 s") } else { false } }
      })
  }

  @Test func aBadConfigurationOrABusyPortIsNamed() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("store"))
    let first = try NetworkFixture.scp(in: dir, recorder: recorder)
    defer { first.stop() }
    let second = StorageSCP(
      configuration: StorageSCPConfiguration(
        aeTitle: "DENSA", port: first.port, allowedCallingAETitles: ["X"], temporaryDirectory: dir),
      handler: { _ in 0 })
    #expect {
      try second.start()
    } throws: { error in
      "\(error)".contains("cannot bind 127.0.0.1:\(first.port)")
    }
    let tooLong = StorageSCP(
      configuration: StorageSCPConfiguration(
        aeTitle: "AN-AE-TITLE-OVER-16", allowedCallingAETitles: ["X"], temporaryDirectory: dir),
      handler: { _ in 0 })
    #expect {
      try tooLong.start()
    } throws: { error in
      "\(error)".contains("AN-AE-TITLE-OVER-16")
    }
  }
}
