import Logging
import Synchronization

/// Sends densa's logs to standard error at the configured level, once per process.
///
/// Patient names and report text are logged only at `debug` and below; `info` is safe to ship.
enum LogBootstrap {
  private static let bootstrapped = Mutex(false)

  /// A logger at `level`, after routing every logger of the process to standard error.
  static func logger(level: String) throws -> Logger {
    guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
      let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
      throw SettingsError(key: "log.level", message: "'\(level)' is not one of \(names)")
    }
    bootstrapped.withLock { done in
      guard !done else { return }
      done = true
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .trace  // each Logger carries its own level
        return handler
      }
    }
    var logger = Logger(label: "densa")
    logger.logLevel = parsed
    return logger
  }
}
