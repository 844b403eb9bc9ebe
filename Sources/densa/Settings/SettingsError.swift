/// A setting with a value densa cannot use, named by its configuration key.
struct SettingsError: Error, CustomStringConvertible {
  var key: String
  var message: String

  var description: String { "setting \(key): \(message)" }
}
