import ArgumentParser
import Foundation
import Synth

/// Writes synthetic screening exams: DICOM views, Spanish reports and ground truth.
struct SynthCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synth",
    abstract: "Synthesise screening exams (DICOM + Spanish reports + ground truth) for tests and demos.",
    discussion: """
      Writes OUT/studies/<patient>/<accession>/*.dcm, OUT/reports/<accession>.txt, OUT/manifest.json \
      and OUT/manifest.csv. The same seed gives the same bytes. The images are phantoms: not for \
      clinical use.
      """
  )

  @Option(help: "Output folder.") var out: String
  @Option(help: "Number of exams.") var exams: Int = 20
  @Option(help: "Random seed.") var seed: UInt64 = 1
  @Option(help: "Image size relative to the vendor's matrix (1 = full size).") var scale: Double = 1
  @Option(help: "Share of reports whose density disagrees with the truth.") var disagreementRate: Double = 0.15
  @Option(help: "Share of reports without a density statement.") var noDensityRate: Double = 0.05
  @Option(help: "Share of words with a typo.") var typoRate: Double = 0.04
  @Option(help: "Share of exams missing one view.") var missingViewRate: Double = 0
  @Option(help: "Share of exams with a retaken view.") var retakeRate: Double = 0
  @Option(help: "Share of exams with an extra spot-compression view.") var spotViewRate: Double = 0
  @Option(help: "Share of exams with a FOR PROCESSING copy.") var forProcessingRate: Double = 0
  @Option(help: "Share of patients with a prior study a year earlier.") var priorStudyRate: Double = 0
  @Option(help: "Share of exams with breast implants (Breast Implant Present, implant-displaced CC views).")
  var implantRate: Double = 0
  @Option(help: "Share of exams of one breast only (after a mastectomy).") var unilateralRate: Double = 0
  @Option(help: "Share of exams whose every view is FOR PROCESSING.") var forProcessingOnlyRate: Double = 0
  @Option(help: "Share of exams with XCCL and ML views instead of CC and MLO.") var nonStandardViewRate: Double = 0
  @Flag(help: "Also write a PNG contact sheet per exam under OUT/previews.") var preview = false

  @OptionGroup var settings: SettingsOptions

  func validate() throws {
    guard exams > 0 else { throw ValidationError("--exams must be at least 1") }
    guard scale > 0 && scale <= 1 else { throw ValidationError("--scale must be in (0, 1]") }
    for (name, rate) in [
      ("--disagreement-rate", disagreementRate), ("--no-density-rate", noDensityRate), ("--typo-rate", typoRate),
      ("--missing-view-rate", missingViewRate), ("--retake-rate", retakeRate), ("--spot-view-rate", spotViewRate),
      ("--for-processing-rate", forProcessingRate), ("--prior-study-rate", priorStudyRate),
      ("--implant-rate", implantRate), ("--unilateral-rate", unilateralRate),
      ("--for-processing-only-rate", forProcessingOnlyRate), ("--non-standard-view-rate", nonStandardViewRate),
    ] where !(0...1).contains(rate) {
      throw ValidationError("\(name) must be between 0 and 1")
    }
  }

  func run() async throws {
    let logger = try await settings.load().logger()
    var options = SynthOptions(exams: exams, seed: seed)
    options.scale = scale
    options.disagreementRate = disagreementRate
    options.noDensityRate = noDensityRate
    options.typoRate = typoRate
    options.missingViewRate = missingViewRate
    options.retakeRate = retakeRate
    options.spotViewRate = spotViewRate
    options.forProcessingRate = forProcessingRate
    options.priorStudyRate = priorStudyRate
    options.implantRate = implantRate
    options.unilateralRate = unilateralRate
    options.forProcessingOnlyRate = forProcessingOnlyRate
    options.nonStandardViewRate = nonStandardViewRate
    let root = URL(fileURLWithPath: out)
    let started = Date()
    let manifest = try StudyFactory.make(options, in: root)
    let images = manifest.exams.reduce(0) { $0 + $1.images.count }
    logger.info(
      "synthesised \(manifest.exams.count) exams, \(images) images in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
    )
    if preview {
      let folder = root.appendingPathComponent("previews")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for exam in manifest.exams {
        try ContactSheet.render(exam, root: root).write(to: folder.appendingPathComponent("\(exam.accession).png"))
      }
    }
    print("wrote \(manifest.exams.count) exams (\(images) images) to \(root.path); ground truth in manifest.json")
    print("synthetic phantoms: not for clinical use")
  }
}
