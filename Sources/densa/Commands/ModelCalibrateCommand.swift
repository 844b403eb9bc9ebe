import ArgumentParser
import Classifier
import Foundation
import Worklist

/// `densa model calibrate WEIGHTS --dataset DIR --out DIR`: temperature scaling fitted on an
/// export's validation split, checked on its test split, written into a new model folder.
struct ModelCalibrateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Fit a softmax temperature on a dataset export's validation split and write a calibrated model.",
    discussion: """
      Runs the model over the validation and test samples of a `densa dataset export` folder \
      (made with --card of this model), fits T minimising the validation NLL of softmax(logits / T), \
      and writes OUT/NAME.safetensors (the same weights, so the same SHA-256) with OUT/NAME.card.json \
      carrying the calibration. The source model is never changed. Prints NLL and expected \
      calibration error (15 bins) before and after, on both splits.
      """)

  @Argument(help: "Weights (timm ConvNeXt safetensors); the card is NAME.card.json beside them.")
  var weights: String

  @Option(help: "A `densa dataset export` folder.")
  var dataset: String

  @Option(help: "Folder for the calibrated model (not the source model's folder).")
  var out: String

  @Option(help: "Split to fit on.")
  var fitSplit = "validation"

  @Option(help: "Split to check on.")
  var checkSplit = "test"

  @Flag(help: "Replace a card already in --out.")
  var replace = false

  @Flag(help: "Print JSON.")
  var json = false

  func run() async throws {
    let source = URL(fileURLWithPath: weights)
    let model = try DensityModel(weights: source)
    let samples = try DatasetSamples(directory: URL(fileURLWithPath: dataset))
    let progress = ProgressDisplay(label: "views")
    let result = try TemperatureCalibration.fit(
      model, dataset: samples, fitSplit: fitSplit, checkSplit: checkSplit
    ) { done, total in progress.update(done, of: total) }
    progress.finish()
    let f = result.fitted
    let calibration = ModelCard.Calibration(
      temperature: result.temperature,
      fittedOn: "\(fitSplit) split of densa dataset export \(URL(fileURLWithPath: dataset).lastPathComponent)",
      samples: f.samples, nllBefore: f.nllBefore, nllAfter: f.nllAfter, eceBefore: f.before.ece,
      eceAfter: f.after.ece,
      provenance:
        "densa model calibrate \(densaLibraryVersion), \(ISO8601DateFormatter().string(from: Date()).prefix(10))")
    let written = try CalibratedModel.write(
      weights: source, calibration: calibration, to: URL(fileURLWithPath: out), replace: replace)
    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(result), as: UTF8.self))
      return
    }
    var lines = [
      "model        \(model.identity)",
      String(format: "temperature  %.4f (fitted on %d %@ views)", result.temperature, f.samples, fitSplit),
      "split        views  accuracy  NLL before  NLL after  ECE before  ECE after",
    ]
    for s in [result.fitted] + (result.checked.map { [$0] } ?? []) {
      lines.append(
        String(
          format: "%@%5d  %.3f     %.4f      %.4f     %.4f      %.4f",
          s.split.padding(toLength: 13, withPad: " ", startingAt: 0), s.samples, s.accuracy, s.nllBefore, s.nllAfter,
          s.before.ece, s.after.ece))
    }
    lines.append("written      \(written.path) and \(ModelCard.url(forWeights: written).lastPathComponent)")
    if model.card.requiresNotice { lines.append("NOTICE       \(model.card.noticeText)") }
    print(lines.joined(separator: "\n"))
  }
}
