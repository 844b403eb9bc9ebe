import CYaml
import Foundation

/// Bounds on a configuration file, checked before swift-configuration reads it.
///
/// Two things in a YAML file cost more than its size, and a file of a few hundred bytes made of
/// them kept `densa config` busy for minutes:
/// - `YAMLSnapshot` flattens the document into one entry per key path, following every alias, with
///   a queue whose each step costs as much as the queue is long ("billion laughs": nested aliases);
/// - Yams, composing a mapping, hashes every key to find duplicates, and a key that is an alias of
///   a large mapping is hashed through everything it expands to.
///
/// So the file is read here first as libyaml's event stream, in one pass whose cost is its size:
/// it is refused when it is over ``maxBytes``, when a mapping key is anything but a plain value
/// (densa's settings are named by words), or when it would flatten to more than ``maxEntries``
/// entries, each anchor's expansion counted where it is used. densa's own file has about 70
/// settings (lists of hosts or AE titles may add a few hundred); at the limit the flattening
/// takes well under a second.
enum ConfigFileLimits {
  /// The largest configuration file read (densa's own is about 8 KiB).
  static let maxBytes = 256 << 10
  /// The most key paths and list items a file may flatten to, aliases followed.
  static let maxEntries = 4096

  /// Why a configuration file is refused.
  struct Exceeded: Error, CustomStringConvertible {
    /// What was over which limit, or which construct is not accepted, and where.
    var description: String
  }

  /// Throws ``Exceeded`` when `data` is over a limit or has a key that is not a plain value. A
  /// file that is not YAML passes, for Yams to report with its own message (it stops at the same
  /// place libyaml does, and everything before it has been bounded here).
  static func check(_ data: Data) throws {
    guard data.count <= maxBytes else {
      throw Exceeded(description: "the file is \(data.count) bytes; the limit is \(maxBytes)")
    }
    guard !data.isEmpty else { return }
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw Exceeded(description: "no memory to read it")
    }
    defer { yaml_parser_delete(&parser) }
    try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      yaml_parser_set_input_string(&parser, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count)
      var scan = EventScan()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { return }
        try scan.take(event)
      }
    }
  }

  /// The entry count of every open collection and of every anchor, fed one event at a time.
  private struct EventScan {
    /// An open mapping or sequence.
    struct Collection {
      var isMapping: Bool
      /// In a mapping: whether the next node is a key.
      var expectsKey = true
      /// Entries so far: one per pair or item, plus what each value expands to.
      var entries = 0
      var anchor: String?
    }
    var open: [Collection] = []
    /// What each anchor's node expands to, for the aliases that follow it.
    var anchors: [String: Int] = [:]

    mutating func take(_ event: yaml_event_t) throws {
      let line = event.start_mark.line + 1
      let isKey = open.last.map { $0.isMapping && $0.expectsKey } ?? false
      switch event.type {
      case YAML_SCALAR_EVENT:
        if isKey {
          open[open.count - 1].expectsKey = false
          return
        }
        try finished(entries: 0, anchor: Self.name(event.data.scalar.anchor))
      case YAML_ALIAS_EVENT:
        guard !isKey else { throw Self.complexKey("an alias", line: line) }
        try finished(entries: Self.name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 0, anchor: nil)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        guard !isKey else { throw Self.complexKey(isMapping ? "a mapping" : "a list", line: line) }
        let anchor = Self.name(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
        open.append(Collection(isMapping: isMapping, anchor: anchor))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let collection = open.popLast() else { return }
        try finished(entries: collection.entries, anchor: collection.anchor)
      default:
        return  // stream and document boundaries
      }
    }

    /// A node (a value, list item or document root) that expands to `entries` entries is complete.
    private mutating func finished(entries: Int, anchor: String?) throws {
      if let anchor { anchors[anchor] = entries }
      guard let index = open.indices.last else { return }
      // Both terms are at most maxEntries, so this cannot overflow.
      open[index].entries += 1 + entries
      open[index].expectsKey = true
      if open[index].entries > maxEntries {
        throw Exceeded(
          description: "it holds more than \(maxEntries) settings and list items (aliases counted where they are used)")
      }
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      anchor.map { String(cString: $0) }
    }

    private static func complexKey(_ what: String, line: Int) -> Exceeded {
      Exceeded(description: "line \(line): a key is \(what); every setting is named by a plain word")
    }
  }
}
