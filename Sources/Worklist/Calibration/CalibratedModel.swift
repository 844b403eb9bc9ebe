import Classifier
import Foundation

/// Writes a calibrated copy of a model: `OUT/NAME.safetensors` (the same bytes, so the same
/// SHA-256 and identity) and `OUT/NAME.card.json`, the source card with its `calibration` set.
/// The source model is never touched: `OUT` must be another folder, and an existing card there is
/// replaced only when asked.
public enum CalibratedModel {
  /// Returns the new weights file.
  public static func write(
    weights: URL, calibration: ModelCard.Calibration, to directory: URL, replace: Bool = false
  ) throws(CalibrationError) -> URL {
    let source = weights.standardizedFileURL.resolvingSymlinksInPath()
    let folder = directory.standardizedFileURL.resolvingSymlinksInPath()
    guard folder.path != source.deletingLastPathComponent().path else {
      throw CalibrationError(
        file: directory.path,
        reason: "is the source model's folder; a calibrated card is written beside a copy elsewhere")
    }
    let newWeights = folder.appendingPathComponent(source.lastPathComponent)
    let newCard = ModelCard.url(forWeights: newWeights)
    let fm = FileManager.default
    if fm.fileExists(atPath: newCard.path), !replace {
      throw CalibrationError(file: newCard.path, reason: "exists (use --replace to overwrite it)")
    }
    let sourceCard = ModelCard.url(forWeights: source)
    // The card is edited as JSON so that fields this densa does not model (e.g. a training
    // script's extras) are kept as they were.
    guard let data = try? Data(contentsOf: sourceCard),
      var card = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    else {
      throw CalibrationError(file: sourceCard.path, reason: "cannot read the model card as JSON")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let encoded = try? encoder.encode(calibration), let object = try? JSONSerialization.jsonObject(with: encoded)
    else { throw CalibrationError(file: newCard.path, reason: "cannot encode the calibration") }
    card["calibration"] = object
    do {
      try fm.createDirectory(at: folder, withIntermediateDirectories: true)
      if fm.fileExists(atPath: newWeights.path) { try fm.removeItem(at: newWeights) }
      // A hard link costs nothing; another file system gets a copy.
      do { try fm.linkItem(at: source, to: newWeights) } catch { try fm.copyItem(at: source, to: newWeights) }
      let out = try JSONSerialization.data(
        withJSONObject: card, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
      try out.write(to: newCard, options: .atomic)
    } catch {
      throw CalibrationError(
        file: folder.path, reason: "cannot write the calibrated model (\(error.localizedDescription))")
    }
    // What was written must load as a card again.
    do { _ = try ModelCard(contentsOf: newCard) } catch {
      throw CalibrationError(file: newCard.path, reason: "written card does not load: \(error)")
    }
    return newWeights
  }
}
