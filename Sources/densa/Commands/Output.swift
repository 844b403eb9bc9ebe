import Foundation

extension JSONEncoder {
  /// Compact JSON with sorted keys, for JSON Lines.
  static var sortedKeys: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// Indented JSON with sorted keys, for files people read.
  static var pretty: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}

/// `s` padded with spaces to `n` characters for a table column (a longer `s` is kept whole).
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

/// One line on standard error.
func standardError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A command that cannot go on; ArgumentParser prints the message and exits with status 1.
struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
