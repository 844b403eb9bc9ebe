import Foundation
import TestSupport
import Testing
import Worklist

/// A synthesised set, a real Orthanc and `densa serve`, all on loopback in one temporary folder.
final class NodeFixture: @unchecked Sendable {
  struct Study {
    var accession: String
    var patientID: String
    var studyInstanceUID: String
    var studyDate: String
    var files: [URL]
  }

  let dir: URL
  let studies: [Study]
  var orthanc: OrthancPeer?
  var node: BackgroundProcess?
  private(set) var dicomPort = 0
  private(set) var hl7Port = 0
  private(set) var httpPort = 0
  /// The DICOM port densa listens on, fixed for the fixture's life so Orthanc can be told it.
  let fixedDICOMPort = freePort()
  var databasePath: String { dir.appendingPathComponent("densa.sqlite").path }

  /// `synthOptions` are extra `densa synth` options (e.g. `--disagreement-rate 0.5`).
  init(exams: Int, seed: Int, name: String = "node", synthOptions: [String] = []) throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-\(name)-\(UUID().uuidString)")
    let set = dir.appendingPathComponent("set")
    let synth = try DensaBinary.run(
      ["synth", "--out", set.path, "--exams", "\(exams)", "--seed", "\(seed)", "--scale", "0.1"] + synthOptions,
      in: repositoryRoot,
      timeout: 600)
    try #require(synth.status == 0, "\(synth.stderr)")
    let manifest = try String(contentsOf: set.appendingPathComponent("manifest.csv"), encoding: .utf8)
    let lines = manifest.split(separator: "\n").dropFirst()
    studies = lines.map { line in
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let folder = set.appendingPathComponent("studies").appendingPathComponent(f[1]).appendingPathComponent(f[0])
      return Study(
        accession: f[0], patientID: f[1], studyInstanceUID: f[2], studyDate: f[3], files: DICOMTools.files(in: folder))
    }
  }

  /// Starts Orthanc knowing densa (DENSA) and the tests' own sender (LOADER).
  func startOrthanc() throws {
    orthanc = try OrthancPeer(
      directory: dir.appendingPathComponent("orthanc"),
      modalities: ["densa": ("DENSA", fixedDICOMPort), "loader": ("LOADER", 1)])
  }

  /// Starts `densa serve`; `settings` are extra `--set` values.
  func startNode(_ settings: [String] = [], sendNonClinicalResults: Bool = true) throws {
    var arguments = [
      "serve", "--dicom-port", "\(fixedDICOMPort)", "--hl7-port", "0", "--http-port", "0", "--db", databasePath,
      "--storage", dir.appendingPathComponent("storage").path, "--out", dir.appendingPathComponent("out").path,
      "--allow-ae", "STORESCU", "--allow-ae", "ORTHANC", "--model",
      repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path,
      "--set", "completion.settleSeconds=1", "--set", "completion.quietSeconds=20", "--set", "hl7.allowedSenders=RIS",
      "--set", "outbox.initialBackoffSeconds=0.5", "--set", "outbox.maxBackoffSeconds=2", "--set",
      "storage.minimumFreeBytes=0",
    ]
    if let orthanc {
      arguments += [
        "--set", "dicom.destinations=pacs ORTHANC@127.0.0.1:\(orthanc.dicomPort)", "--set",
        "dicom.pacs=orthanc ORTHANC@127.0.0.1:\(orthanc.dicomPort)", "--set",
        "outbox.sendNonClinicalResults=\(sendNonClinicalResults)",
      ]
    }
    for s in settings { arguments += ["--set", s] }
    let p = try BackgroundProcess(
      DensaBinary.url.path, arguments, in: dir, name: "serve-\(UUID().uuidString.prefix(6))")
    node = p
    let ready = BackgroundProcess.waitUntil(timeout: 60) { p.stdout.contains("densa serve: listening") || !p.isRunning }
    try #require(ready && p.isRunning, "densa serve did not start: \(p.stderr.suffix(3000))")
    let line = p.stdout.split(separator: "\n").first { $0.hasPrefix("densa serve: listening") } ?? ""
    func port(_ key: String) -> Int {
      Int(line.split(separator: " ").first { $0.hasPrefix("\(key)=") }?.dropFirst(key.count + 1) ?? "") ?? 0
    }
    dicomPort = port("dicom")
    hl7Port = port("hl7")
    httpPort = port("http")
  }

  /// Opens the node's database (a second connection; WAL lets it read while the node writes).
  func store() throws -> Store { try Store(path: databasePath) }

  /// Sends studies with storescu as STORESCU, each file in its own transfer syntax.
  @discardableResult
  func send(_ studies: [Study], timeout: Double = 300) throws -> [DensaBinary.Result] {
    try DICOMTools.store(
      studies.flatMap(\.files), callingAE: "STORESCU", calledAE: "DENSA", port: dicomPort, timeout: timeout)
  }

  /// Waits until every study has a stored result, at most `timeout` seconds.
  func waitForResults(_ count: Int, timeout: Double = 180) throws -> Bool {
    let store = try store()
    return BackgroundProcess.waitUntil(timeout: timeout, every: 0.25) { ((try? store.worklist().count) ?? 0) >= count }
  }

  /// The SR instances in Orthanc, by study.
  func structuredReportsInOrthanc() throws -> [String: Int] {
    var byStudy = [String: Int]()
    for i in try orthanc?.instances() ?? [] where i.sopClass == "1.2.840.10008.5.1.4.1.1.88.34" {
      byStudy[i.study, default: 0] += 1
    }
    return byStudy
  }

  /// Secondary Captures (densa's scorecards) in Orthanc, by study.
  func scorecardsInOrthanc() throws -> [String: Int] {
    var byStudy = [String: Int]()
    for i in try orthanc?.instances() ?? [] where i.sopClass == "1.2.840.10008.5.1.4.1.1.7" {
      byStudy[i.study, default: 0] += 1
    }
    return byStudy
  }

  func http(_ path: String) throws -> DensaBinary.Result {
    try ExternalProcess.run(
      "/usr/bin/curl", ["-s", "--max-time", "10", "http://127.0.0.1:\(httpPort)\(path)"], timeout: 15)
  }

  func remove() {
    node?.stop()
    orthanc?.stop()
    try? FileManager.default.removeItem(at: dir)
  }
}
