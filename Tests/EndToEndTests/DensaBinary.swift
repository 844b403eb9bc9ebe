import Foundation

/// Runs the built `densa` executable and captures what it prints.
struct DensaBinary {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

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

  struct TimeoutError: Error, CustomStringConvertible {
    var arguments: [String]
    var seconds: TimeInterval
    var description: String { "\(arguments.joined(separator: " ")) did not finish in \(seconds) s" }
  }
}

/// Runs any program with a bounded wait and captures what it prints.
enum ExternalProcess {
  static func run(
    _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    input: String? = nil, timeout: TimeInterval = 120
  ) throws -> DensaBinary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin, let input {
      // Small inputs (a password line) go into the pipe's buffer before the child starts, so a
      // child that exits without reading cannot make this write fail; closed so it sees the end.
      process.standardInput = stdin
      stdin.fileHandleForWriting.write(Data(input.utf8))
    }
    try process.run()
    try? stdin?.fileHandleForWriting.close()
    // Read both pipes concurrently with the process so a chatty child never blocks on a full pipe.
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      outData = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      throw DensaBinary.TimeoutError(arguments: [executable] + arguments, seconds: timeout)
    }
    process.waitUntilExit()
    group.wait()
    return DensaBinary.Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
