import Foundation

/// How a program a test ran ended, and what it printed.
public struct ProcessOutput: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String

  /// Both streams, standard output first: for checks that do not care which one a line went to.
  public var text: String { stdout + stderr }

  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// A program that did not finish within its bounded wait (it was killed).
public struct ProcessTimeout: Error, CustomStringConvertible {
  public var arguments: [String]
  public var seconds: TimeInterval
  public var description: String { "\(arguments.joined(separator: " ")) did not finish in \(seconds) s" }
}

/// Runs any program with a bounded wait and captures what it prints: the one runner of the test
/// targets (the densa binary, DCMTK's and dicom3tools' commands, Python).
public enum ExternalProcess {
  /// Runs `executable ARGS` in `directory` with extra environment variables and, when given,
  /// `input` on its standard input; kills it and throws ``ProcessTimeout`` after `timeout`
  /// seconds. An `executable` without a slash is looked up on PATH.
  public static func run(
    _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    input: String? = nil, timeout: TimeInterval = 120
  ) throws -> ProcessOutput {
    let process = Process()
    if executable.contains("/") {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [executable] + arguments
    }
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
      throw ProcessTimeout(arguments: [executable] + arguments, seconds: timeout)
    }
    process.waitUntilExit()
    group.wait()
    return ProcessOutput(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
