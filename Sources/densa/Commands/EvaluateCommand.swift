import ArgumentParser
import BIRADS
import Classifier
import Foundation
import Reports
import Worklist

/// `densa evaluate DATA`: the study's Table I figures for a model on a labelled set.
struct EvaluateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Accuracy, F1, confusion matrix and kappa of a model on labelled exams.",
    discussion: """
      Labels: a `densa synth` folder carries its own ground truth (manifest.json); otherwise \
      --labels FILE (CSV: accession,label[,right,left]); otherwise the density stated by the \
      paired reports. Views are scored against their breast's label, exams against the exam's.
      """)

  @Argument(help: "Folders holding the studies (or a `densa synth` folder).")
  var data: [String]

  @Option(help: "Labels CSV: accession,label[,right,left].")
  var labels: String?

  @Option(help: "Reports source when labels come from reports (default: DATA/reports).")
  var reports: String?

  @Option(help: "Model weights (default: model.weights).")
  var model: String?

  @Flag(help: "Print JSON.")
  var json = false

  @Option(help: "Also draw the exam-level confusion matrix into this PNG.")
  var png: String?

  @Option(help: "Reliability diagram of the views (PNG; default: OUTPUT/reliability-diagram.png).")
  var reliability: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    try StudyInputs.requireExisting(data + (reports.map { [$0] } ?? []), nothingWas: "evaluated")
    let model = try DensityModel(weights: URL(fileURLWithPath: model ?? s.modelWeights), precision: s.modelPrecision)
    let inputs = StudyInputs(
      paths: data, reports: reports, accessionPattern: s.reportAccessionPattern, columns: s.reportColumns)
    for skipped in inputs.skipped { standardError("skipped \(skipped)") }
    try inputs.requireExams(in: data, nothingWas: "evaluated")
    let truth = try groundTruth(inputs: inputs, settings: s)
    let progress = ProgressDisplay(label: "exams")
    var result = await Evaluator(model: model).evaluate(inputs.exams, truth: truth) { done, total in
      progress.update(done, of: total)
    }
    progress.finish()
    if let png { try confusionMatrixImage(result.exams.confusion).write(to: URL(fileURLWithPath: png)) }
    if let bins = result.viewCalibration {
      let path =
        reliability ?? URL(fileURLWithPath: s.outputDirectory).appendingPathComponent("reliability-diagram.png").path
      let url = URL(fileURLWithPath: path)
      do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try reliabilityDiagramImage(bins).write(to: url)
      } catch {
        throw CommandError("\(path): cannot write the reliability diagram (\(error))")
      }
      result.reliabilityDiagram = path
    }
    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(result), as: UTF8.self))
    } else {
      print(EvaluationRendering.text(result, notice: model.card.requiresNotice ? model.card.noticeText : nil))
    }
  }

  private func groundTruth(inputs: StudyInputs, settings s: Settings) throws -> GroundTruth {
    if let labels {
      guard let text = try? String(contentsOfFile: labels, encoding: .utf8) else {
        let cause =
          !FileManager.default.fileExists(atPath: labels)
          ? "no such file" : "not readable as UTF-8 text (a CSV of accession,label[,right,left])"
        throw CommandError("\(labels): cannot read the labels file: \(cause)")
      }
      return try GroundTruth(csv: text, source: labels)
    }
    if let truth = try synthGroundTruth(in: data) { return truth }
    let labelled = ReportLabels(
      exams: inputs.exams, reports: inputs.reports,
      rules: PairingRules(accessionPrefixes: s.accessionPrefixes, dateWindowDays: s.pairingDateWindowDays))
    var entries = [String: GroundTruth.Entry]()
    for l in labelled.exams {
      entries[l.exam.studyInstanceUID] = .init(exam: l.density, right: l.right, left: l.left)
    }
    return GroundTruth(entries: entries, source: "report densities")
  }
}

/// The text form of an evaluation.
enum EvaluationRendering {
  static func text(_ r: EvaluationResult, notice: String?) -> String {
    func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "  -  " }
    var lines = [
      "model    \(r.modelName) \(r.modelVersion) (sha256:\(r.modelSHA256.prefix(12)))\(r.modelPrecision == "fp32" ? "" : ", \(r.modelPrecision)")",
      "labels   \(r.labels)",
      "",
      "level   n      accuracy  macro-F1  kappa   linear  quadratic",
    ]
    for (name, m) in [("views", r.views), ("exams", r.exams)] {
      lines.append(
        "\(name)   \(String(m.samples).padding(toLength: 6, withPad: " ", startingAt: 0)) \(f(m.accuracy))     \(f(m.macroF1))     \(f(m.kappa))   \(f(m.kappaLinear))  \(f(m.kappaQuadratic))"
      )
    }
    for (name, m) in [("views", r.views), ("exams", r.exams)] {
      lines.append("")
      lines.append("\(name): per class   F1     recall  precision")
      for c in BreastComposition.allCases {
        let k = c.rawValue
        lines.append(
          "          \(k)         \(f(m.perClassF1[k]))  \(f(m.perClassRecall[k]))  \(f(m.perClassPrecision[k]))")
      }
      lines.append("          truth \\ model   a     b     c     d")
      for (i, c) in BreastComposition.allCases.enumerated() {
        lines.append(
          "          \(c.rawValue)            "
            + m.confusion.counts[i].map { String(format: "%5d", $0) }.joined(separator: " "))
      }
    }
    lines.append("")
    lines.append(
      String(
        format: "calibration  temperature %.4f%@; ECE (15 bins, top-class confidence)", r.temperature,
        r.temperature == 1 ? " (uncalibrated)" : ""))
    for (name, bins) in [("views", r.viewCalibration), ("exams", r.examCalibration)] {
      guard let bins else { continue }
      lines.append(String(format: "          %@  ECE %.4f, MCE %.4f over %d", name, bins.ece, bins.mce, bins.samples))
    }
    if let diagram = r.reliabilityDiagram { lines.append("reliability  \(diagram)") }
    if r.unlabelled > 0 { lines.append("\n\(r.unlabelled) exams had no label and were not scored") }
    for failure in r.failed { lines.append("failed  \(failure)") }
    if let notice { lines.append("NOTICE   \(notice)") }
    return lines.joined(separator: "\n")
  }
}
