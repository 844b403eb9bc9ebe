import ArgumentParser
import Classifier
import DICOM
import Foundation
import Reports
import Worklist

/// The main job: classify every exam, pair and read its report, compare, write and store.
struct ProcessCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "process",
    abstract: "Classify breast density for every exam, compare with the reports, write results and store them.",
    discussion: """
      A folder written by `densa synth` serves as both studies and reports source. Exams already \
      processed with the same model weights are skipped, so a run can be repeated or resumed \
      after an interruption. Exit status: 0 when every exam was processed, 2 when an exam or a \
      file could not be used.
      """
  )

  @Argument(help: "Folders or files holding the studies (or a `densa synth` folder).")
  var studies: [String]

  @Option(help: "Reports: a folder of text files, a CSV/TSV export or HL7 v2 files (default: STUDIES/reports).")
  var reports: String?

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @Option(help: "Output folder (default: output.directory).")
  var out: String?

  @Option(help: "Model weights (default: model.weights).")
  var model: String?

  @Flag(help: "Print the summary as JSON.")
  var json = false

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    // A mistyped path stops the run before a database or output folder is created for it.
    try StudyInputs.requireExisting(studies + (reports.map { [$0] } ?? []), nothingWas: "processed")
    let logger = s.logger()
    let model = try DensityModel(weights: URL(fileURLWithPath: model ?? s.modelWeights), precision: s.modelPrecision)
    let store = try Store(path: db ?? s.databasePath)
    let outputDirectory = URL(fileURLWithPath: out ?? s.outputDirectory)

    let inputs = StudyInputs(
      paths: studies, reports: reports, accessionPattern: s.reportAccessionPattern, columns: s.reportColumns)
    for skipped in inputs.skipped { standardError("skipped \(skipped)") }
    let exams = inputs.exams
    let loadedReports = inputs.reports

    var options = ProcessOptions(
      outputDirectory: outputDirectory, heatmaps: s.heatmaps, structuredReports: s.structuredReports,
      pairing: PairingRules(accessionPrefixes: s.accessionPrefixes, dateWindowDays: s.pairingDateWindowDays),
      pixelBudget: PixelBudget(maxPixels: s.maxImagePixels))
    options.uncertainMargin = s.uncertainMargin
    let pipeline = ExamPipeline(model: model, store: store, options: options, logger: logger)
    let progress = ProgressDisplay(label: "exams")
    let summary = try await pipeline.run(exams: exams, reports: loadedReports) { done, total in
      progress.update(done, of: total)
    }
    progress.finish()
    let summaryCSV = try pipeline.writeSummaryCSV()

    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(summary), as: UTF8.self))
    } else {
      print(render(summary, model: model))
      print("summary       \(summaryCSV.path)")
    }
    if !summary.failed.isEmpty || !inputs.skipped.isEmpty { throw ExitCode(2) }
  }

  private func render(_ s: ProcessSummary, model: DensityModel) -> String {
    var lines = [
      "model         \(model.identity)",
      "exams         \(s.exams) found, \(s.processed) processed, \(s.alreadyDone) already done, \(s.incomplete) incomplete, \(s.failed.count) failed",
    ]
    let order = ["agree", "adjacent", "major", "no-report", "no-report-density"]
    lines.append("vs report     " + order.map { "\($0) \(s.agreement[$0] ?? 0)" }.joined(separator: ", "))
    lines.append(
      "dense/not     \(s.crossesDenseBoundary) exams where model and report disagree on dense (c, d) vs not dense (a, b)"
    )
    lines.append(
      "uncertain     \(s.uncertain) exams (top-two margin below classification.uncertainMargin or b/c straddle)")
    if s.unmatchedReports + s.ambiguousReports > 0 {
      lines.append(
        "reports       \(s.unmatchedReports) matched no exam, \(s.ambiguousReports) matched several (left unpaired)")
    }
    for source in s.unmatchedReportSources { lines.append("no exam for   \(source)") }
    for source in s.ambiguousReportSources { lines.append("ambiguous     \(source) (several exams match; not paired)") }
    if !s.examsWithoutReport.isEmpty {
      lines.append("no report for \(s.examsWithoutReport.count) exams: \(s.examsWithoutReport.joined(separator: ", "))")
    }
    for failure in s.failed { lines.append("failed        \(failure)") }
    lines.append("results       \(s.outputDirectory)/exams/<exam>/<model>/ (result.json, heatmaps, density-sr.dcm)")
    lines.append("database      \(s.database)")
    if model.card.requiresNotice { lines.append("NOTICE        \(model.card.noticeText)") }
    return lines.joined(separator: "\n")
  }
}
