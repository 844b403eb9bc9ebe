import Foundation

/// A progress bar on a terminal, plain log lines otherwise (every 10 % and at the end).
final class ProgressDisplay: @unchecked Sendable {
  private let label: String
  private let isTerminal = isatty(STDERR_FILENO) != 0
  private let lock = NSLock()
  private var lastDecile = -1
  private var drawn = false

  init(label: String) { self.label = label }

  func update(_ done: Int, of total: Int) {
    lock.lock()
    defer { lock.unlock() }
    guard total > 0 else { return }
    if isTerminal {
      let width = 30
      let filled = width * done / total
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(label)".utf8))
      drawn = true
    } else {
      let decile = 10 * done / total
      if decile != lastDecile {
        lastDecile = decile
        standardError("\(done)/\(total) \(label)")
      }
    }
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
