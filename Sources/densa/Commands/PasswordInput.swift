import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A password from standard input: at a terminal, prompted on stderr with echo off (and asked
/// twice when `confirm`); from a pipe, its first line.
enum PasswordInput {
  static func read(confirm: Bool) throws -> String {
    guard isatty(STDIN_FILENO) == 1 else {
      guard let line = readLine(strippingNewline: true) else {
        throw ValidationError("no password on standard input")
      }
      return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
    let first = try prompted("Password: ")
    if confirm, try prompted("Password again: ") != first {
      throw ValidationError("the two passwords differ")
    }
    return first
  }

  /// One line typed with echo off; the terminal's settings are put back whatever happens.
  private static func prompted(_ prompt: String) throws -> String {
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
    if canHide {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    }
    defer {
      if canHide { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
      FileHandle.standardError.write(Data("\n".utf8))
    }
    guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password typed") }
    return line
  }
}
