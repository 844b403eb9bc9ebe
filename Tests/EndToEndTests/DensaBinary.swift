import Foundation
import TestSupport

/// Runs the built `densa` executable and captures what it prints.
struct DensaBinary {
  typealias Result = ProcessOutput

  /// The `densa` executable next to the test bundle, in the same build products folder. On
  /// Linux the bundle is the test runner's own executable (`densaPackageTests.xctest`); found
  /// once, from `/proc/self/exe`, because Foundation's `Bundle.allBundles` leaks the array it
  /// copies on every call (LeakSanitizer, `make test-sanitize`).
  static let url: URL = {
    let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let candidate = runner.deletingLastPathComponent().appendingPathComponent("densa")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    return Bundle.main.bundleURL.appendingPathComponent("densa")
  }()

  /// Runs `densa ARGS` in `directory` with extra environment variables and, when given, `input`
  /// on its standard input; waits at most `timeout` seconds.
  static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    input: String? = nil, timeout: TimeInterval = 120
  ) throws -> Result {
    try ExternalProcess.run(
      url.path, arguments, in: directory, environment: environment, input: input, timeout: timeout)
  }
}
