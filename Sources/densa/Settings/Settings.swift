import Configuration
import Logging

/// Every setting densa reads, with its default. `config/densa.yaml` documents each one.
struct Settings: Sendable {
  /// `log.level`: trace, debug, info, notice, warning, error, critical.
  var logLevel: String
  /// `output.directory`: where results, SRs and heatmaps go.
  var outputDirectory: String
  /// `model.weights`: the safetensors file of the classifier.
  var modelWeights: String
  /// `dicom.aeTitle`: our Application Entity title.
  var aeTitle: String
  /// `dicom.bindAddress`: servers listen on loopback unless told otherwise.
  var bindAddress: String
  /// `dicom.port`: the DICOM listener's port.
  var dicomPort: Int
  /// `dicom.allowedCallingAETitles`: the only AE titles whose associations are accepted.
  var allowedCallingAETitles: [String]

  init(_ config: ConfigReader) throws {
    logLevel = config.string(forKey: "log.level", default: "info")
    outputDirectory = config.string(forKey: "output.directory", default: "out")
    modelWeights = config.string(forKey: "model.weights", default: "models/densa-demo.safetensors")
    aeTitle = config.string(forKey: "dicom.aeTitle", default: "DENSA")
    bindAddress = config.string(forKey: "dicom.bindAddress", default: "127.0.0.1")
    let port = config.string(forKey: "dicom.port", default: "11112")
    guard let parsedPort = Int(port), (1...65535).contains(parsedPort) else {
      throw SettingsError(key: "dicom.port", message: "must be a port number from 1 to 65535, got '\(port)'")
    }
    dicomPort = parsedPort
    allowedCallingAETitles = config.stringArray(forKey: "dicom.allowedCallingAETitles", default: [])
    _ = try LogBootstrap.logger(level: logLevel)
  }

  /// densa's logger at the configured level.
  func logger() -> Logger {
    // The level was validated in init, so this cannot throw.
    (try? LogBootstrap.logger(level: logLevel)) ?? Logger(label: "densa")
  }

  /// Every setting as `key = value`, in a stable order, for `densa config`.
  var listing: [(String, String)] {
    [
      ("log.level", logLevel),
      ("output.directory", outputDirectory),
      ("model.weights", modelWeights),
      ("dicom.aeTitle", aeTitle),
      ("dicom.bindAddress", bindAddress),
      ("dicom.port", String(dicomPort)),
      ("dicom.allowedCallingAETitles", allowedCallingAETitles.joined(separator: ",")),
    ]
  }
}
