import ArgumentParser
import Classifier
import Foundation
import Reports
import Worklist

/// Training data for the classifier.
struct DatasetCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dataset", abstract: "Export report-labelled views for training.",
    subcommands: [DatasetExportCommand.self])
}

/// `densa dataset export STUDIES... --out DIR`.
struct DatasetExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write preprocessed model inputs labelled with their report's density, split by patient.",
    discussion: """
      Each exam whose report states a clear density gives one sample per view, made by the same \
      preprocessing code as inference. Exams without a report, or whose report density is absent, \
      ambiguous or contradictory, are excluded and counted. The format is read by training/.
      """)

  @Argument(help: "Folders holding the studies (or `densa synth` folders).")
  var studies: [String]

  @Option(help: "Reports source (default: STUDIES/reports).")
  var reports: String?

  @Option(help: "Output folder.")
  var out: String

  @Option(help: "Model input height (multiple of 32).")
  var height = 192

  @Option(help: "Model input width (multiple of 32).")
  var width = 160

  @Option(help: "Take the preprocessing from this model card instead of --height/--width.")
  var card: String?

  @Flag(help: "Label views with a synth folder's ground truth (per breast) instead of its reports.")
  var groundTruth = false

  @Flag(help: "Downsample every class to the rarest class, as the study did.")
  var balance = false

  @Option(help: "Seed of the split and the balancing.")
  var seed: UInt64 = 1

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    try StudyInputs.requireExisting(studies + (reports.map { [$0] } ?? []), nothingWas: "exported")
    var options = PreprocessingOptions(inputHeight: height, inputWidth: width)
    if let card { options = try ModelCard(contentsOf: URL(fileURLWithPath: card)).preprocessing }
    guard options.inputHeight % 32 == 0, options.inputWidth % 32 == 0 else {
      throw ValidationError("--height and --width must be multiples of 32")
    }
    let inputs = StudyInputs(
      paths: studies, reports: reports, accessionPattern: s.reportAccessionPattern, columns: s.reportColumns)
    for skipped in inputs.skipped { standardError("skipped \(skipped)") }
    try inputs.requireExams(in: studies, nothingWas: "exported")
    let labels: ReportLabels
    if groundTruth {
      guard let truth = try synthGroundTruth(in: studies) else {
        throw ValidationError("--ground-truth needs a densa synth folder (with manifest.json)")
      }
      labels = ReportLabels(exams: inputs.exams, truth: truth)
    } else {
      labels = ReportLabels(
        exams: inputs.exams, reports: inputs.reports,
        rules: PairingRules(accessionPrefixes: s.accessionPrefixes, dateWindowDays: s.pairingDateWindowDays))
    }
    let progress = ProgressDisplay(label: "exams")
    let summary = try DatasetExport(preprocessing: options, balance: balance, seed: seed).write(
      labels, to: URL(fileURLWithPath: out)
    ) { done, total in progress.update(done, of: total) }
    progress.finish()
    for failure in summary.failedViews { standardError("view skipped: \(failure)") }
    func list(_ d: [String: Int]) -> String { d.keys.sorted().map { "\($0) \(d[$0]!)" }.joined(separator: ", ") }
    print("samples   \(list(summary.samples))")
    print("exams     \(list(summary.examsBySplit))")
    print("labels    \(list(summary.labels))")
    print("excluded  \(summary.excluded.isEmpty ? "none" : list(summary.excluded))")
    if !summary.droppedByBalancing.isEmpty { print("balancing dropped \(list(summary.droppedByBalancing))") }
    print("written   \(out)/dataset.json, samples.csv, inputs/")
  }
}
