import ArgumentParser
import DICOM
import Foundation
import Synth

/// Times decode + downsample of a full-field mammogram in every transfer syntax, beside DCMTK's
/// own command-line decoder on the same file, and the four views of an exam serially vs in parallel.
struct DecodeBenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-decode",
    abstract: "Benchmark DICOM decoding (used by make bench).",
    shouldDisplay: false
  )

  @Option(help: "Rows of the test image.") var rows = 4096
  @Option(help: "Columns of the test image.") var columns = 3328
  @Option(help: "Longer side of the decoded image.") var size = 512
  @Option(help: "Timed repetitions (the best is reported).") var repeats = 3

  func run() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-bench-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let phantom = PhantomRenderer.render(
      PhantomSpec(width: columns, height: rows, isMLO: true, fibroglandularFraction: 0.45, seed: 1)
    ).image
    print("decode + area-average to \(size) px of a \(columns)x\(rows) phantom mammogram (best of \(repeats))")
    print("syntax                bits  densa ms  dcmtk tool      tool ms  densa/tool")
    for syntax in TransferSyntax.allCases {
      let bits = syntax == .jpegBaseline ? 8 : 12
      var m = Mammogram(
        patientID: "BENCH", patientName: "BENCH", studyInstanceUID: "2.25.1", seriesInstanceUID: "2.25.2",
        sopInstanceUID: "2.25.3", sopClassUID: SOPClass.digitalMammographyForPresentation, rows: rows, columns: columns,
        bitsStored: bits, photometricInterpretation: .monochrome2, transferSyntax: syntax)
      m.view = .mlo
      m.laterality = .left
      m.presentationIntent = .forPresentation
      let maximum = Float((1 << bits) - 1)
      let url = dir.appendingPathComponent("\(syntax).dcm")
      try MammogramWriter.write(m, pixels: phantom.pixels.map { UInt16(($0 * maximum).rounded()) }, to: url)
      let ours = try best(repeats) { _ = try MammogramDecoder.decode(url, maxDimension: size) }
      let tool = Self.tool(for: syntax)
      var toolMS: Double?
      if let tool {
        let out = dir.appendingPathComponent("out.pgm").path
        toolMS = try best(repeats) { try Self.run(tool.0, tool.1 + [url.path, out]) }
      }
      print(
        String(describing: syntax).padding(toLength: 22, withPad: " ", startingAt: 0)
          + String(bits).padding(toLength: 6, withPad: " ", startingAt: 0)
          + String(format: "%8.0f", ours) + "  "
          + (tool?.0 ?? "(none)").padding(toLength: 12, withPad: " ", startingAt: 0)
          + (toolMS.map { String(format: "%9.0f", $0) } ?? "        —")
          + (toolMS.map { String(format: "  %9.2f", ours / $0) } ?? ""))
    }
    // An exam's four views, one after another and across cores.
    let four = (0..<4).map { _ in dir.appendingPathComponent("\(TransferSyntax.jpegLSLossless).dcm") }
    let serial = try best(repeats) { for url in four { _ = try MammogramDecoder.decode(url, maxDimension: size) } }
    let parallel = try best(repeats) {
      DispatchQueue.concurrentPerform(iterations: 4) { i in
        _ = try? MammogramDecoder.decode(four[i], maxDimension: size)
      }
    }
    // As `densa process` decodes them: two pairs, each on one core (MammogramDecoder.decode(pair:_:)).
    let pair = try best(repeats) { _ = MammogramDecoder.decode(pair: four[0], four[1], maxDimension: size) }
    let pairs = try best(repeats) {
      DispatchQueue.concurrentPerform(iterations: 2) { i in
        _ = MammogramDecoder.decode(pair: four[2 * i], four[2 * i + 1], maxDimension: size)
      }
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(
      String(
        format: "four JPEG-LS views: serial %.0f ms, parallel %.0f ms (%.2fx on %d cores)", serial, parallel,
        serial / parallel, cores))
    print(
      String(
        format: "two JPEG-LS views as a pair on one core: %.0f ms (%.2f of two serial decodes)", pair,
        pair / (serial / 2)))
    print(
      String(
        format: "four JPEG-LS views as two pairs in parallel: %.0f ms (%.2fx the serial time on %d cores)", pairs,
        serial / pairs, cores))
  }

  /// DCMTK's own decoder for a syntax, writing a PGM scaled to the same height.
  static func tool(for syntax: TransferSyntax) -> (String, [String])? {
    switch syntax {
    case .jpeg2000, .jpeg2000Lossless: nil
    case .jpegLSLossless, .jpegLSNearLossless: ("dcml2pnm", ["--scale-y-size", "512"])
    default: ("dcmj2pnm", ["--scale-y-size", "512"])
    }
  }

  private func best(_ n: Int, _ body: () throws -> Void) throws -> Double {
    var best = Double.infinity
    for _ in 0..<n {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return best
  }

  static func run(_ tool: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ValidationError("\(tool) failed on \(arguments.last ?? "")") }
  }
}
