import ArgumentParser

/// Prints the settings in effect, so an operator can check what densa will do before it does it.
struct ConfigCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Print the effective configuration."
  )

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let effective = try await settings.load()
    print("configuration file: \(try settings.resolvedConfigPath() ?? "(none, built-in defaults)")")
    for (key, value) in effective.listing {
      print("\(key) = \(value)")
    }
  }
}
