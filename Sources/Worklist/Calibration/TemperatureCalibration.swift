import BIRADS
import Classifier
import Foundation

/// A model's temperature fitted on one split of a `densa dataset export` folder and checked on
/// another: the figures `densa model calibrate` prints and the card records.
public struct TemperatureCalibration: Sendable, Codable, Equatable {
  /// NLL and ECE of one split before (the card's temperature as loaded, normally 1) and after.
  public struct SplitFigures: Sendable, Codable, Equatable {
    public var split: String
    public var samples: Int
    public var accuracy: Double
    public var nllBefore: Double
    public var nllAfter: Double
    public var before: ReliabilityBins
    public var after: ReliabilityBins
  }

  public var temperature: Double
  /// The split T was fitted on (normally `validation`).
  public var fitted: SplitFigures
  /// The split it was checked on (normally `test`); nil when the export has none.
  public var checked: SplitFigures?

  /// Runs `model` over the two splits' inputs and fits T on `fitSplit`. The model's own card
  /// temperature is ignored: T is fitted on the raw logits.
  public static func fit(
    _ model: DensityModel, dataset: DatasetSamples, fitSplit: String = "validation", checkSplit: String = "test",
    progress: @Sendable (Int, Int) -> Void = { _, _ in }
  ) throws(CalibrationError) -> TemperatureCalibration {
    guard dataset.preprocessing == model.card.preprocessing else {
      throw CalibrationError(
        file: dataset.directory.appendingPathComponent("dataset.json").path,
        reason: "exported with other preprocessing than the model's card (export it with --card)")
    }
    let fitSamples = dataset.split(fitSplit)
    guard !fitSamples.isEmpty else {
      throw CalibrationError(file: dataset.directory.path, reason: "the export has no \(fitSplit) samples")
    }
    let checkSamples = dataset.split(checkSplit)
    let total = fitSamples.count + checkSamples.count
    let fitLogits = try logits(model, fitSamples) { progress($0, total) }
    let checkLogits = try logits(model, checkSamples) { progress(fitSamples.count + $0, total) }
    let fitLabels = fitSamples.map(\.label.index)
    let t = TemperatureScaling.fit(logits: fitLogits, labels: fitLabels)
    return TemperatureCalibration(
      temperature: t, fitted: figures(fitSplit, fitLogits, fitLabels, temperature: t),
      checked: checkSamples.isEmpty
        ? nil : figures(checkSplit, checkLogits, checkSamples.map(\.label.index), temperature: t))
  }

  /// The figures of one split at T = 1 and at `temperature`.
  public static func figures(_ split: String, _ logits: [[Float]], _ labels: [Int], temperature: Double)
    -> SplitFigures
  {
    func bins(_ t: Double) -> ReliabilityBins {
      let p = logits.map { DensityProbabilities(logits: $0, temperature: t) }
      return ReliabilityBins(
        confidences: p.map(\.confidence), correct: zip(p, labels).map { $0.category.index == $1 })
    }
    let right = zip(logits, labels).filter { DensityProbabilities(logits: $0).category.index == $1 }.count
    return SplitFigures(
      split: split, samples: labels.count, accuracy: labels.isEmpty ? 0 : Double(right) / Double(labels.count),
      nllBefore: TemperatureScaling.negativeLogLikelihood(logits: logits, labels: labels, temperature: 1),
      nllAfter: TemperatureScaling.negativeLogLikelihood(logits: logits, labels: labels, temperature: temperature),
      before: bins(1), after: bins(temperature))
  }

  /// The network's logits for each sample, in batches of 16.
  static func logits(_ model: DensityModel, _ samples: [DatasetSample], progress: (Int) -> Void)
    throws(CalibrationError) -> [[Float]]
  {
    let p = model.card.preprocessing
    let size = p.channels * p.inputHeight * p.inputWidth
    let classes = model.network.architecture.classes
    var out = [[Float]]()
    var start = 0
    while start < samples.count {
      let chunk = samples[start..<min(samples.count, start + 16)]
      var batch = [Float]()
      batch.reserveCapacity(chunk.count * size)
      for sample in chunk {
        let array: NumPyArray
        do { array = try NumPyArray(path: sample.file.path) } catch {
          throw CalibrationError(file: sample.file.path, reason: "\(error)")
        }
        guard array.values.count == size else {
          throw CalibrationError(
            file: sample.file.path,
            reason: "shape \(array.shape) is not [\(p.channels), \(p.inputHeight), \(p.inputWidth)]")
        }
        batch += array.values
      }
      let logits = model.network.logits(batch: batch, n: chunk.count, height: p.inputHeight, width: p.inputWidth)
      for i in 0..<chunk.count { out.append(Array(logits[(i * classes)..<((i + 1) * classes)])) }
      start += chunk.count
      progress(start)
    }
    return out
  }
}

/// One exported view (``DatasetSamples/Sample``).
public typealias DatasetSample = DatasetSamples.Sample
