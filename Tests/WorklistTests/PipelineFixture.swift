import Classifier
import DICOM
import Foundation
import Logging
import Reports
import Synth
import Worklist

/// A small synthetic set, a random-weights model and a fresh database in a temporary folder.
struct PipelineFixture {
  let directory: URL
  let manifest: Manifest
  let model: DensityModel
  let exams: [Exam]
  let reports: [Report]

  init(exams count: Int = 4, seed: UInt64 = 21, missingViewRate: Double = 0) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("densa-worklist-\(UUID().uuidString)")
    var options = SynthOptions(exams: count, seed: seed)
    options.scale = 0.08
    options.missingViewRate = missingViewRate
    manifest = try StudyFactory.make(options, in: directory.appendingPathComponent("set"))
    let arch = ConvNeXtArchitecture.named("atto", classes: 4)!
    let weights = try RandomModel.write(
      arch, seed: 3, preprocessing: PreprocessingOptions(inputHeight: 64, inputWidth: 64), name: "random-atto",
      to: directory.appendingPathComponent("model"))
    model = try DensityModel(weights: weights)
    let scan = StudyScanner.scan([directory.appendingPathComponent("set/studies")])
    exams = ExamAssembler.assemble(scan.images)
    reports = ReportSource().load(directory.appendingPathComponent("set/reports")).reports
  }

  var databasePath: String { directory.appendingPathComponent("densa.sqlite").path }
  var outputDirectory: URL { directory.appendingPathComponent("out") }

  func pipeline(store: Store) -> ExamPipeline {
    ExamPipeline(
      model: model, store: store, options: ProcessOptions(outputDirectory: outputDirectory, structuredReports: false),
      logger: Logger(label: "test"))
  }

  func remove() { try? FileManager.default.removeItem(at: directory) }
}
