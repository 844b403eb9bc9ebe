import ArgumentParser
import Configuration
import Foundation

/// The options every command shares for finding and overriding configuration.
///
/// Precedence, highest first: `--set key=value`, environment variables `DENSA_<KEY>` (for example
/// `DENSA_LOG_LEVEL` for `log.level`), the YAML file, then the defaults in ``Settings``.
struct SettingsOptions: ParsableArguments {
  /// The YAML configuration file. Defaults to `$DENSA_CONFIG`, else `config/densa.yaml` when present.
  @Option(name: .customLong("config"), help: "Configuration file (YAML).")
  var configFile: String?

  /// Overrides one setting, e.g. `--set dicom.port=11112`. Repeatable.
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a setting.", valueName: "key=value"))
  var overrides: [String] = []

  /// Reads the settings through the provider hierarchy.
  func load() async throws -> Settings {
    try Settings(await reader())
  }

  /// Builds the reader over the provider hierarchy.
  func reader() async throws -> ConfigReader {
    var values: [AbsoluteConfigKey: ConfigValue] = [:]
    for entry in overrides {
      guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
        throw ValidationError("--set expects key=value, got '\(entry)'")
      }
      let key = entry[..<eq].split(separator: ".").map(String.init)
      let value = String(entry[entry.index(after: eq)...])
      values[AbsoluteConfigKey(key)] = ConfigValue(.string(value), isSecret: false)
    }
    var providers: [any ConfigProvider] = [
      InMemoryProvider(name: "--set", values: values),
      KeyMappingProvider(upstream: EnvironmentVariablesProvider()) { key in
        key.prepending(["densa"])
      },
    ]
    if let path = try resolvedConfigPath() {
      do {
        // Bounded first: Yams hashes whole keys and swift-configuration flattens quadratically,
        // both following aliases.
        try ConfigFileLimits.check(try Data(contentsOf: URL(fileURLWithPath: path)))
        providers.append(try await FileProvider<YAMLSnapshot>(filePath: .init(path)))
      } catch {
        throw ValidationError("cannot read configuration file \(path): \(error)")
      }
    }
    return ConfigReader(providers: providers)
  }

  /// The configuration file in use, or nil when none is configured or found.
  func resolvedConfigPath() throws -> String? {
    let env = ProcessInfo.processInfo.environment["DENSA_CONFIG"]
    if let explicit = configFile ?? env {
      guard FileManager.default.fileExists(atPath: explicit) else {
        throw ValidationError("configuration file \(explicit) does not exist")
      }
      return explicit
    }
    // The working directory's config/densa.yaml, else the one installed (or in the repository).
    let fallback = Installation.resolve("config/densa.yaml")
    return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
  }
}
