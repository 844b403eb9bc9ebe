import ArgumentParser

/// Prints the settings in effect, so an operator can check what densa will do before it does it.
struct ConfigCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Print the effective configuration."
  )

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let reader = try await settings.reader()
    let effective = try Settings(reader)
    let node = try NodeSettings(reader, base: effective)
    print("configuration file: \(try settings.resolvedConfigPath() ?? "(none, built-in defaults)")")
    for (key, value) in effective.listing + node.listing {
      print("\(key) = \(value)")
    }
  }
}
