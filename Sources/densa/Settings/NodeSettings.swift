import Configuration
import Foundation
import Server

/// The settings of `densa serve`, `densa outbox` and `densa backfill`; `config/densa.yaml`
/// documents each one.
struct NodeSettings: Sendable {
  var node: NodeConfiguration

  init(_ config: ConfigReader, base: Settings) throws {
    var n = NodeConfiguration()
    n.aeTitle = base.aeTitle
    n.bindAddress = base.bindAddress
    n.dicomPort = base.dicomPort
    n.allowedCallingAETitles = base.allowedCallingAETitles
    for entry in Self.list(config, "dicom.allowedHosts") {
      let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw SettingsError(key: "dicom.allowedHosts", message: "expects AE=address entries, got '\(entry)'")
      }
      n.allowedHosts[parts[0], default: []].insert(parts[1])
    }
    n.maxAssociations = try Self.int(config, "dicom.maxAssociations", n.maxAssociations, 1...64)
    n.maxPDU = try Self.int(config, "dicom.maxPDU", n.maxPDU, 4096...1_048_576)
    n.acseTimeout = try Self.int(config, "dicom.acseTimeout", n.acseTimeout, 1...3600)
    n.dimseTimeout = try Self.int(config, "dicom.dimseTimeout", n.dimseTimeout, 1...3600)
    n.idleTimeout = try Self.int(config, "dicom.idleTimeout", n.idleTimeout, 1...86_400)
    n.destinations = try Self.list(config, "dicom.destinations").map { try Self.peer($0, key: "dicom.destinations") }
    n.pacs = try Self.list(config, "dicom.pacs").map { try Self.peer($0, key: "dicom.pacs") }
    n.storageDirectory = URL(fileURLWithPath: config.string(forKey: "storage.directory", default: "out/storage"))
    n.minimumFreeBytes = Int64(
      try Self.int(config, "storage.minimumFreeBytes", Int(n.minimumFreeBytes), 0...Int(Int64.max)))
    n.settleSeconds = try Self.seconds(config, "completion.settleSeconds", n.settleSeconds)
    n.quietSeconds = try Self.seconds(config, "completion.quietSeconds", n.quietSeconds)
    n.processingMaxAttempts = try Self.int(config, "process.maxAttempts", n.processingMaxAttempts, 1...100)
    n.outboxMaxAttempts = try Self.int(config, "outbox.maxAttempts", n.outboxMaxAttempts, 1...1000)
    n.outboxInitialBackoff = try Self.seconds(config, "outbox.initialBackoffSeconds", n.outboxInitialBackoff)
    n.outboxMaxBackoff = try Self.seconds(config, "outbox.maxBackoffSeconds", n.outboxMaxBackoff)
    n.sendNonClinicalResults = try Settings.flag(config, "outbox.sendNonClinicalResults", default: false)
    n.hl7Port =
      try Settings.flag(config, "hl7.enabled", default: true) ? try Self.int(config, "hl7.port", 2575, 0...65535) : nil
    n.hl7AllowedSenders = Self.list(config, "hl7.allowedSenders")
    n.hl7AllowedHosts = Self.list(config, "hl7.allowedHosts")
    n.hl7MaxMessageBytes = try Self.int(config, "hl7.maxMessageBytes", n.hl7MaxMessageBytes, 1024...(64 << 20))
    n.hl7Destinations = try Self.list(config, "hl7.destinations").map { try Self.hl7Peer($0) }
    if Set(n.hl7Destinations.map(\.name)).count != n.hl7Destinations.count {
      throw SettingsError(key: "hl7.destinations", message: "each destination needs a name of its own")
    }
    for d in n.hl7Destinations where n.destinations.contains(where: { $0.name == d.name }) {
      throw SettingsError(
        key: "hl7.destinations", message: "'\(d.name)' is already a dicom.destinations name; names must differ")
    }
    n.hl7AckTimeout = try Self.seconds(config, "hl7.ackTimeoutSeconds", n.hl7AckTimeout)
    n.httpPort =
      try Settings.flag(config, "http.enabled", default: true)
      ? try Self.int(config, "http.port", 8080, 0...65535) : nil
    n.httpAllowedHosts = Self.list(config, "http.allowedHosts")
    n.httpRequireLogin = try Settings.flag(config, "http.requireLogin", default: false)
    n.httpSecureCookie = try Settings.flag(config, "http.secureCookie", default: false)
    let language = config.string(forKey: "web.language", default: n.webLanguage.rawValue)
    guard let webLanguage = WebLanguage(rawValue: language) else {
      throw SettingsError(key: "web.language", message: "must be es or en, got '\(language)'")
    }
    n.webLanguage = webLanguage
    n.webFollowBrowserLanguage = try Settings.flag(config, "web.followBrowserLanguage", default: true)
    node = n
  }

  /// A peer written `NAME AE@HOST:PORT`, e.g. `pacs ORTHANC@127.0.0.1:4242`.
  static func peer(_ text: String, key: String) throws -> DICOMDestination {
    let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard words.count == 2, let at = words[1].firstIndex(of: "@"), let colon = words[1].lastIndex(of: ":"),
      at < colon, let port = Int(words[1][words[1].index(after: colon)...]), (1...65535).contains(port)
    else {
      throw SettingsError(key: key, message: "expects 'NAME AE@HOST:PORT' entries, got '\(text)'")
    }
    let ae = String(words[1][..<at])
    let host = String(words[1][words[1].index(after: at)..<colon])
    guard (1...16).contains(ae.count), !host.isEmpty else {
      throw SettingsError(key: key, message: "AE title must be 1 to 16 characters and a host is needed: '\(text)'")
    }
    return DICOMDestination(name: words[0], aeTitle: ae, host: host, port: port)
  }

  /// An HL7 destination written `NAME APP^FACILITY@HOST:PORT` (MSH-5^MSH-6; the facility may be
  /// left out), e.g. `ris RIS^HOSP@127.0.0.1:2576`.
  static func hl7Peer(_ text: String) throws -> HL7Destination {
    let key = "hl7.destinations"
    let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard words.count == 2, let at = words[1].lastIndex(of: "@"), let colon = words[1].lastIndex(of: ":"),
      at < colon, let port = Int(words[1][words[1].index(after: colon)...]), (1...65535).contains(port)
    else {
      throw SettingsError(key: key, message: "expects 'NAME APP^FACILITY@HOST:PORT' entries, got '\(text)'")
    }
    let address = words[1][..<at].split(separator: "^", omittingEmptySubsequences: false).map(String.init)
    let host = String(words[1][words[1].index(after: at)..<colon])
    guard address.count <= 2, let application = address.first, !application.isEmpty, !host.isEmpty else {
      throw SettingsError(key: key, message: "a receiving application and a host are needed: '\(text)'")
    }
    return HL7Destination(
      name: words[0], host: host, port: port, receivingApplication: application,
      receivingFacility: address.count > 1 ? address[1] : "")
  }

  /// A list setting: a YAML list, or one comma-separated string (`--set`, environment).
  static func list(_ config: ConfigReader, _ key: String) -> [String] {
    var values = config.stringArray(forKey: ConfigKey(key), default: [])
    // `--set key=a,b` and DENSA_* variables arrive as one string.
    if values.isEmpty, let single = config.string(forKey: ConfigKey(key)) { values = [single] }
    return values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
      .filter { !$0.isEmpty }
  }

  private static func int(_ config: ConfigReader, _ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws
    -> Int
  {
    let raw = config.string(forKey: ConfigKey(key), default: String(fallback))
    guard let value = Int(raw), range.contains(value) else {
      throw SettingsError(
        key: key, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
    }
    return value
  }

  private static func seconds(_ config: ConfigReader, _ key: String, _ fallback: Double) throws -> Double {
    let raw = config.string(forKey: ConfigKey(key), default: String(fallback))
    guard let value = Double(raw), value >= 0, value <= 86_400 else {
      throw SettingsError(key: key, message: "must be a number of seconds from 0 to 86400, got '\(raw)'")
    }
    return value
  }

  /// Every node setting as `key = value`, for `densa config`.
  var listing: [(String, String)] {
    let n = node
    func peers(_ list: [DICOMDestination]) -> String {
      list.map { "\($0.name) \($0.aeTitle)@\($0.host):\($0.port)" }.joined(separator: ",")
    }
    return [
      (
        "dicom.allowedHosts",
        n.allowedHosts.sorted { $0.key < $1.key }.flatMap { ae, hosts in hosts.sorted().map { "\(ae)=\($0)" } }.joined(
          separator: ",")
      ),
      ("dicom.maxAssociations", String(n.maxAssociations)), ("dicom.maxPDU", String(n.maxPDU)),
      ("dicom.acseTimeout", String(n.acseTimeout)), ("dicom.dimseTimeout", String(n.dimseTimeout)),
      ("dicom.idleTimeout", String(n.idleTimeout)), ("dicom.destinations", peers(n.destinations)),
      ("dicom.pacs", peers(n.pacs)), ("storage.directory", n.storageDirectory.path),
      ("storage.minimumFreeBytes", String(n.minimumFreeBytes)),
      ("completion.settleSeconds", String(n.settleSeconds)), ("completion.quietSeconds", String(n.quietSeconds)),
      ("process.maxAttempts", String(n.processingMaxAttempts)), ("outbox.maxAttempts", String(n.outboxMaxAttempts)),
      ("outbox.initialBackoffSeconds", String(n.outboxInitialBackoff)),
      ("outbox.maxBackoffSeconds", String(n.outboxMaxBackoff)),
      ("outbox.sendNonClinicalResults", String(n.sendNonClinicalResults)),
      ("hl7.enabled", String(n.hl7Port != nil)), ("hl7.port", n.hl7Port.map(String.init) ?? "-"),
      ("hl7.allowedSenders", n.hl7AllowedSenders.joined(separator: ",")),
      ("hl7.allowedHosts", n.hl7AllowedHosts.joined(separator: ",")),
      ("hl7.maxMessageBytes", String(n.hl7MaxMessageBytes)),
      (
        "hl7.destinations",
        n.hl7Destinations.map {
          "\($0.name) \($0.receivingApplication)\($0.receivingFacility.isEmpty ? "" : "^" + $0.receivingFacility)@\($0.host):\($0.port)"
        }.joined(separator: ",")
      ),
      ("hl7.ackTimeoutSeconds", String(n.hl7AckTimeout)),
      ("http.enabled", String(n.httpPort != nil)), ("http.port", n.httpPort.map(String.init) ?? "-"),
      ("http.allowedHosts", n.httpAllowedHosts.joined(separator: ",")),
      ("http.requireLogin", String(n.httpRequireLogin)), ("http.secureCookie", String(n.httpSecureCookie)),
      ("web.language", n.webLanguage.rawValue),
      ("web.followBrowserLanguage", String(n.webFollowBrowserLanguage)),
    ]
  }
}
