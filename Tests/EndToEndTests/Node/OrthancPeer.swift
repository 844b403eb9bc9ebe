import Foundation
import TestSupport

/// Debian's Orthanc, started by a test with a temporary configuration on loopback: it accepts
/// DICOM only from the modalities it is told about, and answers its REST API without login.
final class OrthancPeer: @unchecked Sendable {
  let dicomPort: Int
  let httpPort: Int
  let directory: URL
  private var process: BackgroundProcess?
  private let modalities: [String: (ae: String, port: Int)]

  static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/Orthanc") }

  /// `modalities`: name → AE title and port on 127.0.0.1 (the only peers it will talk to).
  init(directory: URL, modalities: [String: (ae: String, port: Int)]) throws {
    self.directory = directory
    self.modalities = modalities
    dicomPort = freePort()
    httpPort = freePort()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try start()
  }

  func start() throws {
    var known = [String: Any]()
    for (name, m) in modalities { known[name] = [m.ae, "127.0.0.1", m.port] }
    let config: [String: Any] = [
      "Name": "densa-test", "StorageDirectory": directory.appendingPathComponent("db").path,
      "IndexDirectory": directory.appendingPathComponent("db").path, "HttpPort": httpPort, "DicomPort": dicomPort,
      "DicomAet": "ORTHANC", "DicomCheckCalledAet": true, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
      "DicomAlwaysAllowStore": false, "DicomAlwaysAllowEcho": false, "DicomAlwaysAllowFind": false,
      "DicomAlwaysAllowMove": false, "DicomCheckModalityHost": true, "DicomModalities": known, "Plugins": [],
      "StableAge": 2, "ConcurrentJobs": 2,
    ]
    let url = directory.appendingPathComponent("orthanc.json")
    try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted]).write(to: url)
    let p = try BackgroundProcess("/usr/sbin/Orthanc", [url.path], in: directory, name: "orthanc")
    process = p
    let up = BackgroundProcess.waitUntil(timeout: 30, every: 0.2) { (try? get("/system")) != nil }
    guard up else { throw Failure(message: "Orthanc did not start: \(p.stderr.suffix(2000))") }
  }

  func stop() { process?.stop(grace: 10) }

  struct Failure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  /// GET on the REST API, parsed as JSON.
  func get(_ path: String) throws -> Any {
    let result = try ExternalProcess.run(
      "/usr/bin/curl", ["-s", "-f", "--max-time", "10", "http://127.0.0.1:\(httpPort)\(path)"], timeout: 15)
    guard result.status == 0 else { throw Failure(message: "GET \(path): curl status \(result.status)") }
    return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
  }

  /// Every instance Orthanc holds: its SOP Class UID, SOP Instance UID and Study Instance UID.
  func instances() throws -> [(sopClass: String, sop: String, study: String)] {
    let ids = try get("/instances") as? [String] ?? []
    return try ids.map { id in
      let tags = try get("/instances/\(id)/simplified-tags") as? [String: Any] ?? [:]
      return (
        tags["SOPClassUID"] as? String ?? "", tags["SOPInstanceUID"] as? String ?? "",
        tags["StudyInstanceUID"] as? String ?? ""
      )
    }
  }

  deinit { process?.crash() }
}
