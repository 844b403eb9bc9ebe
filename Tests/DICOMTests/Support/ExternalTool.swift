import Foundation

/// Runs an outside program (dciodvfy, dcmdump, DCMTK's codecs) with a bounded wait.
struct ExternalTool {
  struct Output {
    var status: Int32
    var text: String
  }

  struct TimeoutError: Error, CustomStringConvertible {
    var command: String
    var description: String { "\(command) did not finish in time" }
  }

  /// `name` is looked up on PATH; stdout and stderr are returned together.
  static func run(_ name: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    nonisolated(unsafe) var data = Data()
    let reader = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      data = pipe.fileHandleForReading.readDataToEndOfFile()
      reader.signal()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      throw TimeoutError(command: ([name] + arguments).joined(separator: " "))
    }
    process.waitUntilExit()
    reader.wait()
    return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
  }

  /// dciodvfy's error lines for a file (warnings are not errors).
  static func dciodvfyErrors(_ url: URL) throws -> [String] {
    let out = try run("dciodvfy", [url.path])
    return out.text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Error") }
  }
}
