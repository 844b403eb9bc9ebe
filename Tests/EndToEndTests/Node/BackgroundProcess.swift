import Foundation

/// A program started in the background by a test (densa serve, Orthanc), its output going to
/// files; stopped with SIGTERM or SIGKILL, and always within bounded waits.
final class BackgroundProcess: @unchecked Sendable {
  let process = Process()
  let stdoutURL: URL
  let stderrURL: URL

  init(
    _ executable: String, _ arguments: [String], in directory: URL, name: String, environment: [String: String] = [:]
  )
    throws
  {
    stdoutURL = directory.appendingPathComponent("\(name).stdout")
    stderrURL = directory.appendingPathComponent("\(name).stderr")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try process.run()
  }

  var stdout: String { Self.text(of: stdoutURL) }
  var stderr: String { Self.text(of: stderrURL) }

  /// A log's text so far. An empty file is not read: swift-foundation's `readBytesFromFile` leaks
  /// 4 KiB on every read of an empty file (RELIABILITY.md, finding 5), and a log is polled empty.
  static func text(of url: URL) -> String {
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    guard size > 0 else { return "" }
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  }
  var isRunning: Bool { process.isRunning }

  /// Waits until `condition` holds, at most `timeout` seconds; false if it never did.
  @discardableResult
  static func waitUntil(timeout: Double, every: Double = 0.1, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if try condition() { return true }
      usleep(UInt32(every * 1_000_000))
    }
    return try condition()
  }

  /// SIGTERM, then SIGKILL if it has not exited within `grace` seconds. Returns the exit status.
  @discardableResult
  func stop(grace: Double = 20) -> Int32 {
    if process.isRunning { process.terminate() }
    if !Self.waitUntil(timeout: grace, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// SIGKILL: no chance to clean up, as in a crash or power cut.
  func crash() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }

  deinit { crash() }
}

/// A TCP port free on loopback now (bound and released), for a peer that must be told its port.
func freePort() -> Int {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = 0
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
  _ = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
  }
  return Int(UInt16(bigEndian: address.sin_port))
}
