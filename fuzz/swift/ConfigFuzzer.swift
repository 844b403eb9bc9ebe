// libFuzzer target: densa's YAML configuration file as `SettingsOptions.reader()` reads it.
// The bytes pass densa's `ConfigFileLimits.check` (compiled in with this file), then become swift-configuration's `YAMLSnapshot` (Yams over libyaml: anchors, aliases,
// tags, flow and block collections, merge keys), then a `ConfigReader` over that snapshot, behind
// an empty `--set` provider as in densa, looks up every key `Settings` and `NodeSettings` read,
// as a string and as a string array the way they do, and as every other value type on the
// snapshot itself (the conversions of `YAMLSnapshot.parseValue`).
import Configuration
import Foundation

/// Every configuration key densa reads: the `config.string`/`config.stringArray`/`Self.list`/
/// `Self.int`/`Self.seconds`/`Settings.flag` calls of `Sources/densa/Settings/Settings.swift` and
/// `Sources/densa/Settings/NodeSettings.swift`, in their order; `config/densa.yaml` documents
/// each one. Keep it in step with those files.
let densaKeys: [String] = [
  // Settings.swift
  "log.level", "output.directory", "model.weights", "model.precision", "database.path",
  "reports.accessionPattern", "pairing.accessionPrefixes",
  "reports.csv.accession", "reports.csv.patientID", "reports.csv.date", "reports.csv.text",
  "reports.csv.radiologist", "reports.csv.status",
  "pairing.dateWindowDays", "process.heatmaps", "process.structuredReports", "process.maxImagePixels",
  "classification.uncertainMargin", "dicom.aeTitle", "dicom.bindAddress", "dicom.port",
  "dicom.allowedCallingAETitles",
  // NodeSettings.swift
  "dicom.allowedHosts", "dicom.maxAssociations", "dicom.maxPDU", "dicom.acseTimeout", "dicom.dimseTimeout",
  "dicom.idleTimeout", "dicom.destinations", "dicom.pacs", "storage.directory", "storage.minimumFreeBytes",
  "completion.settleSeconds", "completion.quietSeconds", "process.maxAttempts", "outbox.maxAttempts",
  "outbox.initialBackoffSeconds", "outbox.maxBackoffSeconds", "outbox.sendNonClinicalResults",
  "hl7.enabled", "hl7.port", "hl7.allowedSenders", "hl7.allowedHosts", "hl7.maxMessageBytes",
  "hl7.destinations", "hl7.ackTimeoutSeconds", "http.enabled", "http.port", "http.allowedHosts",
  "http.requireLogin", "http.secureCookie", "web.language", "web.followBrowserLanguage",
]

/// The keys as `ConfigKey`s, split once (densa's string literals become the same keys).
let configKeys = densaKeys.map { ConfigKey($0) }

/// A provider over one already parsed snapshot: what `FileProvider<YAMLSnapshot>` is once it
/// has read its file (its other initialisers need a path, and a file per input would make the
/// fuzzer measure the file system).
struct SnapshotProvider: ConfigProvider {
  let snapshotValue: YAMLSnapshot

  var providerName: String { snapshotValue.providerName }

  func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
    try snapshotValue.value(forKey: key, type: type)
  }

  func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
    try value(forKey: key, type: type)
  }

  // `nonisolated(nonsending)`: the protocol's closures are (swift-configuration is compiled with
  // NonisolatedNonsendingByDefault).
  nonisolated(nonsending) func watchValue<Return: ~Copyable>(
    forKey key: AbsoluteConfigKey, type: ConfigType,
    updatesHandler:
      nonisolated(nonsending) (_ updates: ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>)
      async throws
      -> Return
  ) async throws -> Return {
    try await watchValueFromValue(forKey: key, type: type, updatesHandler: updatesHandler)
  }

  func snapshot() -> any ConfigSnapshot { snapshotValue }

  nonisolated(nonsending) func watchSnapshot<Return: ~Copyable>(
    updatesHandler:
      nonisolated(nonsending) (_ updates: ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
  ) async throws -> Return {
    try await watchSnapshotFromSnapshot(updatesHandler: updatesHandler)
  }
}

/// Every value type a snapshot converts to.
let allTypes: [ConfigType] = [
  .string, .int, .double, .bool, .bytes, .stringArray, .intArray, .doubleArray, .boolArray, .byteChunkArray,
]

/// Whether to print why each input was refused.
let verbose = ProcessInfo.processInfo.environment["CONFIG_FUZZ_VERBOSE"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let buffer = UnsafeRawBufferPointer(start: data, count: size)
  let snapshot: YAMLSnapshot
  do {
    try ConfigFileLimits.check(Data(buffer))
    snapshot = try YAMLSnapshot(
      data: buffer.bytes, providerName: "FileProvider<YAMLSnapshot>", parsingOptions: .default)
  } catch {
    let message = String(describing: error)  // densa puts the error in its message
    // To see why an input is refused: CONFIG_FUZZ_VERBOSE=1 .build/fuzz/config FILE
    if verbose { print("config: refused: \(message.prefix(300))") }
    return 0
  }
  // densa's hierarchy: `--set` values, then the file (the environment provider is left out: its
  // values come from the fuzzer's own environment).
  let reader = ConfigReader(providers: [
    InMemoryProvider(name: "--set", values: [:]), SnapshotProvider(snapshotValue: snapshot),
  ])
  var total = 0
  for key in configKeys {
    // Settings and NodeSettings: string with a default, string array with a default, and
    // NodeSettings.list's fallback to a single string.
    total &+= reader.string(forKey: key, default: "-").utf8.count
    total &+= reader.stringArray(forKey: key, default: []).count
    total &+= reader.string(forKey: key)?.utf8.count ?? 0
    // The snapshot's other conversions (Int.construct, Double.construct, Bool.construct, base64).
    let absolute = AbsoluteConfigKey(key)
    for type in allTypes {
      if let result = try? snapshot.value(forKey: absolute, type: type) {
        total &+= result.encodedKey.utf8.count
        if let value = result.value { total &+= value.description.utf8.count }
      }
    }
  }
  total &+= snapshot.description.utf8.count
  withExtendedLifetime(total) {}  // the lookups' results are used
  return 0
}
