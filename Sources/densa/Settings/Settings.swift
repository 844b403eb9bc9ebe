import Classifier
import Configuration
import DICOM
import Logging
import Reports

/// Every setting densa reads, with its default. `config/densa.yaml` documents each one.
struct Settings: Sendable {
  /// `log.level`: trace, debug, info, notice, warning, error, critical.
  var logLevel: String
  /// `output.directory`: where results, SRs and heatmaps go.
  var outputDirectory: String
  /// `model.weights`: the safetensors file of the classifier.
  var modelWeights: String
  /// `model.precision`: fp32 (default) or bf16 for the block MLPs' and downsampling GEMMs.
  var modelPrecision: InferencePrecision
  /// `database.path`: the SQLite store.
  var databasePath: String
  /// `reports.accessionPattern`: regular expression whose first group is the accession number in
  /// a report file's name.
  var reportAccessionPattern: String
  /// `reports.csv.*`: column names of RIS CSV/TSV exports (accession, patientID, date, text,
  /// radiologist, status).
  var csvColumns: [String: String]
  /// `pairing.accessionPrefixes`: prefixes stripped from accession numbers before matching.
  var accessionPrefixes: [String]
  /// `pairing.dateWindowDays`: how far a report's date may be from the study's when pairing by
  /// patient ID and date.
  var pairingDateWindowDays: Int
  /// `process.heatmaps`: write a Grad-CAM overlay per view.
  var heatmaps: Bool
  /// `process.structuredReports`: write a DICOM SR per exam.
  var structuredReports: Bool
  /// `process.maxImagePixels`: an image declaring more pixels (all frames) is refused undecoded.
  var maxImagePixels: Int
  /// `classification.uncertainMargin`: an exam whose top-two probability margin is below this is
  /// flagged uncertain (0…1; 0 flags only breasts on both sides of b/c).
  var uncertainMargin: Double
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
    // A relative path not found from the working directory is looked up where densa is installed.
    modelWeights = Installation.resolve(
      config.string(forKey: "model.weights", default: "models/densa-demo.safetensors"))
    let precision = config.string(forKey: "model.precision", default: "fp32")
    guard let parsedPrecision = InferencePrecision(setting: precision) else {
      throw SettingsError(key: "model.precision", message: "must be fp32 or bf16, got '\(precision)'")
    }
    modelPrecision = parsedPrecision
    databasePath = config.string(forKey: "database.path", default: "out/densa.sqlite")
    reportAccessionPattern = config.string(forKey: "reports.accessionPattern", default: "^(.+)$")
    accessionPrefixes = config.stringArray(forKey: "pairing.accessionPrefixes", default: [])
    var columns = [String: String]()
    for (key, fallback) in [
      ("accession", "accession"), ("patientID", "patient_id"), ("date", "date"), ("text", "text"),
      ("radiologist", "radiologist"), ("status", "status"),
    ] {
      columns[key] = config.string(forKey: ConfigKey("reports.csv.\(key)"), default: fallback)
    }
    csvColumns = columns
    let window = config.string(forKey: "pairing.dateWindowDays", default: "3")
    guard let days = Int(window), (0...365).contains(days) else {
      throw SettingsError(
        key: "pairing.dateWindowDays", message: "must be a number of days from 0 to 365, got '\(window)'")
    }
    pairingDateWindowDays = days
    heatmaps = try Self.flag(config, "process.heatmaps", default: true)
    structuredReports = try Self.flag(config, "process.structuredReports", default: true)
    let pixels = config.string(forKey: "process.maxImagePixels", default: String(PixelBudget.standard.maxPixels))
    guard let maxPixels = Int(pixels), (1_000_000...1_000_000_000).contains(maxPixels) else {
      throw SettingsError(
        key: "process.maxImagePixels", message: "must be a number of pixels from 1000000 to 1000000000, got '\(pixels)'"
      )
    }
    maxImagePixels = maxPixels
    let margin = config.string(
      forKey: "classification.uncertainMargin", default: String(ExamUncertainty.defaultMarginThreshold))
    guard let parsedMargin = Double(margin), parsedMargin.isFinite, (0...1).contains(parsedMargin) else {
      throw SettingsError(
        key: "classification.uncertainMargin", message: "must be a probability margin from 0 to 1, got '\(margin)'")
    }
    uncertainMargin = parsedMargin
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

  /// A true/false setting; anything else is an error naming the key.
  static func flag(_ config: ConfigReader, _ key: String, default value: Bool) throws -> Bool {
    let raw = config.string(forKey: ConfigKey(key), default: value ? "true" : "false").lowercased()
    switch raw {
    case "true", "yes", "1", "on": return true
    case "false", "no", "0", "off": return false
    default: throw SettingsError(key: key, message: "must be true or false, got '\(raw)'")
    }
  }

  /// The CSV column names as the report reader takes them.
  var reportColumns: CSVReportReader.Columns {
    var c = CSVReportReader.Columns()
    c.accession = csvColumns["accession"]!
    c.patientID = csvColumns["patientID"]!
    c.date = csvColumns["date"]!
    c.text = csvColumns["text"]!
    c.radiologist = csvColumns["radiologist"]!
    c.status = csvColumns["status"]!
    return c
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
      ("model.precision", modelPrecision.rawValue),
      ("database.path", databasePath),
      ("reports.accessionPattern", reportAccessionPattern),
      ("pairing.accessionPrefixes", accessionPrefixes.joined(separator: ",")),
      ("reports.csv.accession", csvColumns["accession"]!), ("reports.csv.patientID", csvColumns["patientID"]!),
      ("reports.csv.date", csvColumns["date"]!), ("reports.csv.text", csvColumns["text"]!),
      ("reports.csv.radiologist", csvColumns["radiologist"]!), ("reports.csv.status", csvColumns["status"]!),
      ("pairing.dateWindowDays", String(pairingDateWindowDays)),
      ("process.heatmaps", String(heatmaps)),
      ("process.structuredReports", String(structuredReports)),
      ("process.maxImagePixels", String(maxImagePixels)),
      ("classification.uncertainMargin", String(uncertainMargin)),
      ("dicom.aeTitle", aeTitle),
      ("dicom.bindAddress", bindAddress),
      ("dicom.port", String(dicomPort)),
      ("dicom.allowedCallingAETitles", allowedCallingAETitles.joined(separator: ",")),
    ]
  }
}
