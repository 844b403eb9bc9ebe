import BIRADS
import Classifier
import DICOM
import Foundation
import Reports

/// Writes a training set: every view of the labelled exams through the very preprocessing the
/// classifier uses at inference, as `inputs/<sample>.npy` (float32 [C, H, W]), with
/// `samples.csv` (sample, file, label, patient_id, exam_id, view, laterality, split) and
/// `dataset.json` (format `densa-dataset/1`, preprocessing, seed, counts, exclusions).
public struct DatasetExport: Sendable {
  public var preprocessing: PreprocessingOptions
  public var balance: Bool
  public var seed: UInt64

  public init(preprocessing: PreprocessingOptions, balance: Bool, seed: UInt64) {
    self.preprocessing = preprocessing
    self.balance = balance
    self.seed = seed
  }

  /// What was written.
  public struct Summary: Sendable, Codable, Equatable {
    public var samples: [String: Int] = [:]
    public var examsBySplit: [String: Int] = [:]
    public var labels: [String: Int] = [:]
    public var excluded: [String: Int] = [:]
    public var droppedByBalancing: [String: Int] = [:]
    public var failedViews: [String] = []
  }

  /// Exports `labels` into `directory` (created; an existing `samples.csv` there is replaced).
  public func write(_ labels: ReportLabels, to directory: URL, progress: @Sendable (Int, Int) -> Void = { _, _ in })
    throws -> Summary
  {
    try preprocessing.validate()
    let inputs = directory.appendingPathComponent("inputs")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    let split = DatasetSplit(labels.exams, balance: balance, seed: seed)
    var summary = Summary()
    summary.excluded = labels.excluded
    summary.droppedByBalancing = Dictionary(
      uniqueKeysWithValues: split.droppedByBalancing.map { ($0.key.rawValue, $0.value) })
    var rows = ["sample,file,label,patient_id,exam_id,view,laterality,split"]
    let maxDimension = 2 * max(preprocessing.inputHeight, preprocessing.inputWidth)
    let options = preprocessing
    for (index, labelled) in split.kept.enumerated() {
      let exam = labelled.exam
      let part = split.parts[exam.studyInstanceUID] ?? .train
      summary.examsBySplit[part.rawValue, default: 0] += 1
      let examID = exam.accessionNumber ?? exam.studyInstanceUID
      // The four views decode in parallel; each is independent.
      let views = exam.views.sorted { $0.key < $1.key }
      let results = parallelMap(views) { view, image -> Result<NumPyArray, ViewFailure> in
        do {
          let pixels = try MammogramDecoder.decode(image.url, maxDimension: maxDimension)
          let input = try preprocess(pixels, laterality: view.laterality, options: options)
          return .success(NumPyArray(shape: [input.channels, input.height, input.width], values: input.tensor))
        } catch {
          return .failure(ViewFailure(message: "\(image.url.path): \(error)"))
        }
      }
      for (i, (view, _)) in views.enumerated() {
        switch results[i] {
        case .failure(let failure): summary.failedViews.append(failure.message)
        case .success(let array):
          let sample = Self.safeName("\(examID)_\(view.rawValue)")
          let file = "inputs/\(sample).npy"
          try array.data.write(to: directory.appendingPathComponent(file), options: .atomic)
          let label = labelled.label(for: view).rawValue
          rows.append(
            [
              sample, file, label, exam.patientID, examID, view.rawValue, view.laterality == .right ? "R" : "L",
              part.rawValue,
            ]
            .map(csvField).joined(separator: ","))
          summary.samples[part.rawValue, default: 0] += 1
          summary.labels[label, default: 0] += 1
        }
      }
      progress(index + 1, split.kept.count)
    }
    try (rows.joined(separator: "\n") + "\n").write(
      to: directory.appendingPathComponent("samples.csv"), atomically: true, encoding: .utf8)
    let manifest = DatasetManifest(
      format: "densa-dataset/1", classes: ["a", "b", "c", "d"], preprocessing: preprocessing, seed: seed,
      balanced: balance, counts: summary)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(manifest).write(to: directory.appendingPathComponent("dataset.json"), options: .atomic)
    return summary
  }

  static func safeName(_ s: String) -> String {
    String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
  }
}

/// `dataset.json`.
struct DatasetManifest: Codable {
  var format: String
  var classes: [String]
  var preprocessing: PreprocessingOptions
  var seed: UInt64
  var balanced: Bool
  var counts: DatasetExport.Summary
}
