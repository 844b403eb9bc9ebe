import DICOM
import Foundation
import Testing

/// densa's SCU against DCMTK's storescp and dcmqrscp, started by the tests on loopback.
@Suite(.serialized) struct DICOMClientTests {
  let client = DICOMClient(callingAETitle: "DENSATEST", timeouts: DICOMTimeouts(connect: 5, acse: 10, dimse: 30))

  /// storescp (bit-preserving) on a free port; `acceptAll` accepts compressed syntaxes too.
  static func storescp(in dir: URL, acceptAll: Bool) throws -> (BackgroundTool, DICOMPeer, URL) {
    let out = dir.appendingPathComponent("storescp")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let port = try Loopback.freePort()
    let tool = try BackgroundTool(
      "storescp", ["-aet", "STORESCP", "+B", "-od", out.path] + (acceptAll ? ["+xa"] : []) + ["\(port)"])
    try Loopback.waitUntilListening(port, tool: tool)
    return (tool, DICOMPeer(aeTitle: "STORESCP", host: "127.0.0.1", port: port), out)
  }

  @Test func echoesAndStoresEachFileInItsOwnSyntax() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (storescp, peer, out) = try Self.storescp(in: dir, acceptAll: true)
    defer { storescp.stop() }
    try client.echo(peer)

    // storescp +xa accepts JPEG lossless SV1 but not the non-SV1 process 14.
    let syntaxes: [TransferSyntax] = [
      .explicitVRLittleEndian, .jpegLSLossless, .jpegLosslessSV1, .rleLossless, .jpeg2000Lossless,
    ]
    var files = try syntaxes.enumerated().map { n, syntax in
      try NetworkFixture.mammogram(syntax, in: dir, instance: n + 1)
    }
    let junk = dir.appendingPathComponent("not-dicom.dcm")
    try Data("hello".utf8).write(to: junk)
    files.insert(junk, at: 2)
    let outcomes = try client.store(files, to: peer)
    #expect(outcomes.count == files.count)
    #expect(outcomes.map(\.file) == files)
    #expect(outcomes[2].status == nil && outcomes[2].problem?.contains("not readable") == true)
    let sent = outcomes.enumerated().filter { $0.offset != 2 }.map(\.element)
    #expect(sent.allSatisfy { $0.status == DIMSEStatus.success && $0.isSuccess }, "\(sent)")
    #expect(sent.map(\.sopInstanceUID) == (1...5).map { "2.25.71.1.\($0)" })

    for (n, syntax) in syntaxes.enumerated() {
      let received = out.appendingPathComponent("DXm.2.25.71.1.\(n + 1)")  // storescp names files by modality
      try #require(FileManager.default.fileExists(atPath: received.path), "\(storescp.output)")
      #expect(try MammogramReader.read(received).transferSyntax == syntax)
      let original = files[n < 2 ? n : n + 1]
      #expect(try NetworkFixture.datasetBytes(received) == NetworkFixture.datasetBytes(original), "\(syntax)")
    }
  }

  /// A peer that takes only uncompressed data: the JPEG-LS file is not sent (DCMTK cannot
  /// recompress for it), the others are, and each outcome says which.
  @Test func aSyntaxThePeerRefusesIsReportedPerInstance() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (storescp, peer, _) = try Self.storescp(in: dir, acceptAll: false)
    defer { storescp.stop() }
    let files = [
      try NetworkFixture.mammogram(.explicitVRLittleEndian, in: dir, instance: 1),
      try NetworkFixture.mammogram(.jpegLSLossless, in: dir, instance: 2),
      try NetworkFixture.mammogram(.implicitVRLittleEndian, in: dir, instance: 3),
    ]
    let outcomes = try client.store(files, to: peer)
    #expect(outcomes.map(\.isSuccess) == [true, false, true])
    #expect(outcomes[1].status == nil)
    #expect(outcomes[1].problem?.contains(TransferSyntax.jpegLSLossless.rawValue) == true, "\(outcomes[1])")
  }

  @Test func anUnreachablePeerIsNamed() throws {
    let port = try Loopback.freePort()
    let peer = DICOMPeer(aeTitle: "NOBODY", host: "127.0.0.1", port: port)
    #expect {
      try client.echo(peer)
    } throws: { error in
      guard let e = error as? DICOMNetworkError, case .failed = e.reason else { return false }
      return e.description.hasPrefix("NOBODY@127.0.0.1:\(port): ") && e.isRetryable
    }
    #expect {
      try client.findStudies(on: peer, query: StudyQuery(studyDateFrom: "2026-03-01"))
    } throws: { error in
      "\(error)".contains("study date '2026-03-01' is not YYYYMMDD")
    }
  }

  /// Three MG studies in dcmqrscp; C-FIND by date range finds the right one, C-MOVE brings its
  /// instances to densa's own SCP, and a move to an unknown AE title says so.
  @Test func findsAndMovesStudiesFromDcmqrscp() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let recorder = SCPRecorder(storeDirectory: dir.appendingPathComponent("moved"))
    let scp = try NetworkFixture.scp(in: dir, allowed: ["ARCHIVE"], recorder: recorder)
    defer { scp.stop() }

    let database = dir.appendingPathComponent("archive")
    try FileManager.default.createDirectory(at: database, withIntermediateDirectories: true)
    let port = try Loopback.freePort()
    let config = dir.appendingPathComponent("dcmqrscp.cfg")
    try """
    NetworkTCPPort  = \(port)
    MaxPDUSize      = 16384
    MaxAssociations = 16

    HostTable BEGIN
    densa = (DENSA, 127.0.0.1, \(scp.port))
    HostTable END

    VendorTable BEGIN
    VendorTable END

    AETable BEGIN
    ARCHIVE  \(database.path)  RW  (200, 1024mb)  ANY
    AETable END
    """.write(to: config, atomically: true, encoding: .utf8)
    // dcmqrscp 3.6.7 crashes after an association in --single-process mode; it forks by default.
    let archive = try BackgroundTool("dcmqrscp", ["-c", config.path])
    defer { archive.stop() }
    try Loopback.waitUntilListening(port, tool: archive)
    let peer = DICOMPeer(aeTitle: "ARCHIVE", host: "127.0.0.1", port: port)

    let studies = [(1, "20260310", 2), (2, "20260315", 4), (3, "20260320", 2)]
    for (study, date, count) in studies {
      let files = try (1...count).map {
        try NetworkFixture.mammogram(
          $0 % 2 == 0 ? .implicitVRLittleEndian : .explicitVRLittleEndian, in: dir, study: study, instance: $0,
          studyDate: date)
      }
      let outcomes = try client.store(files, to: peer)
      #expect(outcomes.allSatisfy { $0.isSuccess }, "\(outcomes)")
    }

    let all = try client.findStudies(on: peer, query: StudyQuery())
    #expect(Set(all.map(\.studyInstanceUID)) == ["2.25.71", "2.25.72", "2.25.73"])
    let march15 = try client.findStudies(
      on: peer, query: StudyQuery(modality: "MG", studyDateFrom: "20260312", studyDateTo: "20260318"))
    try #require(march15.count == 1, "\(march15)")
    #expect(march15[0].studyInstanceUID == "2.25.72")
    #expect(march15[0].accessionNumber == "ACC2")
    #expect(march15[0].patientID == "P2")
    #expect(march15[0].studyDate == "20260315")
    let fromThe16th = try client.findStudies(on: peer, query: StudyQuery(studyDateFrom: "20260316"))
    #expect(fromThe16th.map(\.studyInstanceUID) == ["2.25.73"])

    let moved = try client.moveStudy("2.25.72", from: peer, to: "DENSA")
    #expect(moved == MoveOutcome(status: DIMSEStatus.success, completed: 4, failed: 0, warning: 0, remaining: 0))
    #expect(moved.isSuccess)
    let received = recorder.instances
    #expect(Set(received.map(\.sopInstanceUID)) == Set((1...4).map { "2.25.72.1.\($0)" }))
    #expect(received.allSatisfy { $0.callingAETitle == "ARCHIVE" })

    let nowhere = try client.moveStudy("2.25.71", from: peer, to: "NOWHERE")
    #expect(nowhere.status == DIMSEStatus.moveDestinationUnknown, "\(DIMSEStatus.describe(nowhere.status))")
    #expect(!nowhere.isSuccess)
  }
}
