import Foundation
import Yams

/// Bounds on a configuration file, checked before swift-configuration reads it.
///
/// `YAMLSnapshot` flattens the whole document into one entry per key path, following every
/// alias, with a queue whose each step costs as much as the queue is long: a 400-byte file of
/// nested aliases ("billion laughs") or a 1 MB file of plain keys kept `densa config` busy for
/// minutes. densa's own file has about 70 settings (lists of hosts or AE titles may add a few
/// hundred), so a file is refused, with its size or count in the message, when it is over
/// ``maxBytes`` or would flatten to more than ``maxEntries`` entries. Counting stops at the
/// limit, so it costs no more than that; at the limit the flattening takes well under a second.
enum ConfigFileLimits {
  /// The largest configuration file read (densa's own is about 8 KiB).
  static let maxBytes = 256 << 10
  /// The most key paths and list items a file may flatten to, aliases followed.
  static let maxEntries = 4096

  /// Why a configuration file is refused.
  struct Exceeded: Error, CustomStringConvertible {
    /// What was over which limit.
    var description: String
  }

  /// Throws ``Exceeded`` when `data` is over a limit, and Yams' own error when it is not YAML
  /// (swift-configuration would report the same).
  static func check(_ data: Data) throws {
    guard data.count <= maxBytes else {
      throw Exceeded(description: "the file is \(data.count) bytes; the limit is \(maxBytes)")
    }
    guard let root = try Yams.Parser(yaml: data).singleRoot() else { return }
    var budget = maxEntries
    guard fits(root, within: &budget) else {
      throw Exceeded(
        description: "it holds more than \(maxEntries) settings and list items (aliases counted where they are used)")
    }
  }

  /// Whether `node` flattens to no more than `budget` entries; takes what it uses from `budget`.
  /// The recursion is as deep as the document, which libyaml limits to 1000 levels.
  private static func fits(_ node: Node, within budget: inout Int) -> Bool {
    switch node {
    case .scalar, .alias:
      return true
    case .sequence(let sequence):
      budget -= sequence.count
      guard budget >= 0 else { return false }
      for item in sequence where !fits(item, within: &budget) { return false }
      return true
    case .mapping(let mapping):
      for (_, value) in mapping {
        budget -= 1
        guard budget >= 0, fits(value, within: &budget) else { return false }
      }
      return true
    }
  }
}
