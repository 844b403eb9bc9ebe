import ArgumentParser
import Classifier
import DICOM
import Foundation
import Reports
import Server
import Worklist

/// The DICOM node: receive studies, classify them as they complete, send results, take reports.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract:
      "Run densa as a DICOM node: receive studies, process them as they complete, send results, take HL7 reports.",
    discussion: """
      Listens for DICOM (C-ECHO, C-STORE of mammography objects from the allowed AE titles), HL7 v2 \
      ORU^R01 reports over MLLP and HTTP (/health, /metrics), on 127.0.0.1 unless configured. Each \
      study is classified once its four views are in and quiet (completion.settleSeconds), or after \
      completion.quietSeconds as incomplete; its SR is queued for dicom.destinations. SIGTERM or \
      SIGINT stops it cleanly; every queue resumes at the next start. Prints one line \
      'densa serve: listening dicom=P hl7=P http=P' once all listeners are bound.
      """
  )

  @Option(help: "DICOM port (default: dicom.port; 0 picks a free one).")
  var dicomPort: Int?

  @Option(help: "HL7 MLLP port (default: hl7.port; 0 picks a free one).")
  var hl7Port: Int?

  @Option(help: "HTTP port (default: http.port; 0 picks a free one).")
  var httpPort: Int?

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @Option(help: "Folder for received instances (default: storage.directory).")
  var storage: String?

  @Option(help: "Output folder for results (default: output.directory).")
  var out: String?

  @Option(help: "Our AE title (default: dicom.aeTitle).")
  var aeTitle: String?

  @Option(help: "A calling AE title to accept (repeatable; adds to dicom.allowedCallingAETitles).")
  var allowAe: [String] = []

  @Option(help: "Model weights (default: model.weights).")
  var model: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let reader = try await settings.reader()
    let s = try Settings(reader)
    var node = try NodeSettings(reader, base: s).node
    if let dicomPort { node.dicomPort = dicomPort }
    if let hl7Port { node.hl7Port = hl7Port }
    if let httpPort { node.httpPort = httpPort }
    if let storage { node.storageDirectory = URL(fileURLWithPath: storage) }
    if let aeTitle { node.aeTitle = aeTitle }
    node.allowedCallingAETitles += allowAe
    let logger = s.logger()
    if node.allowedCallingAETitles.isEmpty {
      logger.warning(
        "no calling AE title is allowed (dicom.allowedCallingAETitles, --allow-ae): every association will be rejected")
    }
    let densityModel = try DensityModel(weights: URL(fileURLWithPath: model ?? s.modelWeights))
    let store = try Store(path: db ?? s.databasePath)
    var options = ProcessOptions(
      outputDirectory: URL(fileURLWithPath: out ?? s.outputDirectory), heatmaps: s.heatmaps,
      structuredReports: true,
      pairing: PairingRules(accessionPrefixes: s.accessionPrefixes, dateWindowDays: s.pairingDateWindowDays),
      pixelBudget: PixelBudget(maxPixels: s.maxImagePixels))
    options.uncertainMargin = s.uncertainMargin
    let server = DensaNode(configuration: node, model: densityModel, store: store, options: options, logger: logger)
    try await server.run { status in
      let line =
        "densa serve: listening dicom=\(status.dicomPort ?? 0) hl7=\(status.hl7Port.map(String.init) ?? "off") http=\(status.httpPort.map(String.init) ?? "off")\n"
      FileHandle.standardOutput.write(Data(line.utf8))
    }
    FileHandle.standardOutput.write(Data("densa serve: stopped\n".utf8))
  }
}
