import Foundation
import TestSupport

/// Outside programs (dciodvfy, dcmdump, DCMTK's codecs) through the test targets' one runner.
struct ExternalTool {
  struct TimeoutError: Error, CustomStringConvertible {
    var command: String
    var description: String { "\(command) did not finish in time" }
  }

  /// `name` is looked up on PATH; `text` has stdout and stderr together.
  static func run(_ name: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessOutput {
    try ExternalProcess.run(name, arguments, timeout: timeout)
  }

  /// dciodvfy's error lines for a file (warnings are not errors).
  static func dciodvfyErrors(_ url: URL) throws -> [String] {
    let out = try run("dciodvfy", [url.path])
    return out.text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Error") }
  }
}
