import BIRADS
import Classifier
import Foundation

/// The samples of a `densa dataset export` folder, as `samples.csv` lists them, with the
/// preprocessing `dataset.json` says they were made with.
public struct DatasetSamples: Sendable {
  /// One exported view.
  public struct Sample: Sendable, Hashable {
    public var name: String
    /// The `.npy` input (float32 [C, H, W], already normalised).
    public var file: URL
    public var label: BreastComposition
    /// `train`, `validation` or `test`.
    public var split: String
  }

  public var directory: URL
  public var preprocessing: PreprocessingOptions
  public var samples: [Sample]

  /// Reads `directory/dataset.json` and `directory/samples.csv`.
  public init(directory: URL) throws(CalibrationError) {
    self.directory = directory
    let manifestURL = directory.appendingPathComponent("dataset.json")
    let csvURL = directory.appendingPathComponent("samples.csv")
    guard let manifestData = try? Data(contentsOf: manifestURL) else {
      throw CalibrationError(file: manifestURL.path, reason: "cannot read it (is this a densa dataset export folder?)")
    }
    do {
      preprocessing = try JSONDecoder().decode(DatasetManifest.self, from: manifestData).preprocessing
    } catch {
      throw CalibrationError(file: manifestURL.path, reason: "not a densa-dataset/1 manifest: \(error)")
    }
    guard let text = try? String(contentsOf: csvURL, encoding: .utf8) else {
      throw CalibrationError(file: csvURL.path, reason: "cannot read it")
    }
    var samples = [Sample]()
    for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where number > 0 {
      // sample, file and label are the first three fields and split the last; none of them can
      // hold a comma or a quote (DatasetExport writes safe names), so a plain split finds them
      // even when a patient ID in between is quoted.
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard fields.count >= 8, let label = BreastComposition(rawValue: fields[2]), let split = fields.last else {
        throw CalibrationError(
          file: csvURL.path, reason: "line \(number + 1): expected sample,file,label,…,split with label a, b, c or d")
      }
      samples.append(
        Sample(name: fields[0], file: directory.appendingPathComponent(fields[1]), label: label, split: split))
    }
    self.samples = samples
  }

  /// The samples of one split, in file order.
  public func split(_ name: String) -> [Sample] { samples.filter { $0.split == name } }
}

/// A dataset or model that cannot be calibrated, naming the file.
public struct CalibrationError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var reason: String

  public init(file: String, reason: String) {
    self.file = file
    self.reason = reason
  }

  public var description: String { "\(file): \(reason)" }
}
