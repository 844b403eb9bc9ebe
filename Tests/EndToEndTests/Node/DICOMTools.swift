import Foundation
import TestSupport

/// DCMTK's command-line tools as the tests' DICOM peers.
enum DICOMTools {
  /// The storescu option that proposes a file's own (compressed) transfer syntax.
  static func proposalOption(for file: URL) throws -> [String] {
    let dump = try ExternalProcess.run("/usr/bin/dcmdump", ["-M", "+P", "0002,0010", file.path], timeout: 30)
    let ts = dump.stdout
    if ts.contains("JPEG2000LosslessOnly") { return ["-xv"] }
    if ts.contains("JPEG2000") { return ["-xw"] }
    if ts.contains("JPEGLSLossless") { return ["-xt"] }
    if ts.contains("JPEGLSLossy") { return ["-xu"] }
    if ts.contains("JPEGLossless:Non-hierarchical-1stOrderPrediction") { return ["-xs"] }
    if ts.contains("RLELossless") { return ["-xr"] }
    if ts.contains("JPEGBaseline") { return ["-xy"] }
    if ts.contains("JPEGExtended") { return ["-xx"] }
    return []
  }

  /// `storescu` of `files` (grouped by transfer syntax, one association per group) to a peer.
  static func store(
    _ files: [URL], callingAE: String, calledAE: String, port: Int, timeout: Double = 120
  ) throws -> [DensaBinary.Result] {
    var groups = [[String]: [URL]]()
    for file in files { groups[try proposalOption(for: file), default: []].append(file) }
    return try groups.sorted { $0.key.joined() < $1.key.joined() }.map { option, group in
      try ExternalProcess.run(
        "/usr/bin/storescu",
        option + ["-aet", callingAE, "-aec", calledAE, "127.0.0.1", "\(port)"] + group.map(\.path),
        timeout: timeout)
    }
  }

  static func echo(callingAE: String, calledAE: String, port: Int) throws -> DensaBinary.Result {
    try ExternalProcess.run(
      "/usr/bin/echoscu", ["-aet", callingAE, "-aec", calledAE, "127.0.0.1", "\(port)"], timeout: 30)
  }

  /// Every `.dcm` file below `folder`, sorted.
  static func files(in folder: URL) -> [URL] {
    let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "dcm" }.sorted { $0.path < $1.path }
  }
}
