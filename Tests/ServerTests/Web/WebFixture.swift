import Classifier
import DICOM
import Foundation
import Hummingbird
import Logging
import Reports
import Server
import Synth
import Worklist

/// A small synthetic set classified by a random-weights model into a fresh database (results,
/// heatmaps and SRs written as `densa process` writes them), and the web site over it.
struct WebFixture {
  let directory: URL
  let store: Store
  let model: DensityModel
  /// The scanned exams the pipeline classified.
  let exams: [Exam]
  let site: WebSite

  static func make(
    exams count: Int = 8, seed: UInt64 = 21, eventStreamSeconds: Double = 15, loginRequired: Bool = false,
    synth adjust: (inout SynthOptions) -> Void = { _ in }, uncertainMargin: Double? = nil
  ) async throws -> WebFixture {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("densa-web-\(UUID().uuidString)")
    var options = SynthOptions(exams: count, seed: seed)
    options.scale = 0.08
    adjust(&options)
    _ = try StudyFactory.make(options, in: directory.appendingPathComponent("set"))
    let arch = ConvNeXtArchitecture.named("atto", classes: 4)!
    let weights = try RandomModel.write(
      arch, seed: 3, preprocessing: PreprocessingOptions(inputHeight: 64, inputWidth: 64), name: "random-atto",
      to: directory.appendingPathComponent("model"))
    let model = try DensityModel(weights: weights)
    let exams = ExamAssembler.assemble(StudyScanner.scan([directory.appendingPathComponent("set/studies")]).images)
    let reports = ReportSource().load(directory.appendingPathComponent("set/reports")).reports
    let store = try Store(path: directory.appendingPathComponent("densa.sqlite").path)
    var process = ProcessOptions(outputDirectory: directory.appendingPathComponent("out"))
    if let uncertainMargin { process.uncertainMargin = uncertainMargin }
    _ = try await ExamPipeline(model: model, store: store, options: process, logger: Logger(label: "test"))
      .run(exams: exams, reports: reports)
    let site = WebSite(
      store: store, model: model.identity, card: model.card,
      configuration: WebConfiguration(allowedHosts: ["localhost", "127.0.0.1"], loginRequired: loginRequired),
      assets: try WebAssets.bundled(),
      eventStreamSeconds: eventStreamSeconds)
    return WebFixture(directory: directory, store: store, model: model, exams: exams, site: site)
  }

  /// The application over the site's router, as `densa serve` builds it (without the node's own
  /// `/health` and `/metrics`).
  func application() -> some ApplicationProtocol {
    Application(router: site.router(logger: Logger(label: "test")))
  }

  func remove() { try? FileManager.default.removeItem(at: directory) }
}
