import Foundation

/// The JSON document beside a model's weights (`NAME.card.json` next to `NAME.safetensors`): what
/// the model is, how its inputs are made, what it was trained on, how well it did, and what it is
/// for. Written by `training/` (format `densa-model-card/1`), read by every command that runs it.
public struct ModelCard: Sendable, Codable, Hashable {
  /// `densa-model-card/1`.
  public var format: String
  public var name: String
  public var version: String
  /// timm architecture name, e.g. `convnext_atto`; informative (the variant is read from the tensors).
  public var architecture: String
  /// Output order of the logits; densa requires `["a", "b", "c", "d"]`.
  public var classes: [String]
  public var preprocessing: PreprocessingOptions
  public var training: Training?
  public var validation: Validation?
  public var intendedUse: String
  /// False for every model not validated for clinical use (the bundled demo model among them).
  public var clinicalUse: Bool
  /// A statement every output of this model must carry, e.g. that it was trained on phantoms.
  public var notice: String?
  /// Temperature scaling fitted after training (absent: the logits are used as they are, T = 1).
  public var calibration: Calibration?

  /// How the logits are rescaled before the softmax: `softmax(logits / temperature)`, with the
  /// temperature fitted on a validation split by minimising the negative log-likelihood (Guo et
  /// al. 2017). It changes probabilities, never the predicted category.
  public struct Calibration: Sendable, Codable, Hashable {
    /// `temperature-scaling`.
    public var method: String
    /// T > 0; T > 1 softens over-confident probabilities.
    public var temperature: Double
    /// What it was fitted on, e.g. the validation split of a `densa dataset export` folder.
    public var fittedOn: String
    /// Views it was fitted on.
    public var samples: Int
    /// Mean negative log-likelihood and expected calibration error (15 bins) on the fitting set,
    /// before (T = 1) and after.
    public var nllBefore: Double?
    public var nllAfter: Double?
    public var eceBefore: Double?
    public var eceAfter: Double?
    /// Who fitted it: `densa model calibrate` or `training/train.py`, and when.
    public var provenance: String?

    public init(
      temperature: Double, fittedOn: String, samples: Int, nllBefore: Double? = nil, nllAfter: Double? = nil,
      eceBefore: Double? = nil, eceAfter: Double? = nil, provenance: String? = nil
    ) {
      self.method = Self.temperatureScaling
      self.temperature = temperature
      self.fittedOn = fittedOn
      self.samples = samples
      self.nllBefore = nllBefore
      self.nllAfter = nllAfter
      self.eceBefore = eceBefore
      self.eceAfter = eceAfter
      self.provenance = provenance
    }

    public static let temperatureScaling = "temperature-scaling"
  }

  /// The softmax temperature of this model: the calibration's, else 1.
  public var temperature: Double { calibration?.temperature ?? 1 }

  /// Where the training data came from.
  public struct Training: Sendable, Codable, Hashable {
    public var data: String
    public var provenance: String
    public var syntheticPhantoms: Bool
    public var recipe: [String: JSONValue]?
    public var samples: [String: Int]?

    public init(
      data: String, provenance: String, syntheticPhantoms: Bool, recipe: [String: JSONValue]? = nil,
      samples: [String: Int]? = nil
    ) {
      self.data = data
      self.provenance = provenance
      self.syntheticPhantoms = syntheticPhantoms
      self.recipe = recipe
      self.samples = samples
    }
  }

  /// Held-out metrics recorded at training time.
  public struct Validation: Sendable, Codable, Hashable {
    public var split: String
    public var samples: Int
    public var accuracy: Double
    public var macroF1: Double
    public var perClassF1: [String: Double]?
    public var perClassRecall: [String: Double]?
    public var confusionMatrix: [[Int]]?

    public init(
      split: String, samples: Int, accuracy: Double, macroF1: Double, perClassF1: [String: Double]? = nil,
      perClassRecall: [String: Double]? = nil, confusionMatrix: [[Int]]? = nil
    ) {
      self.split = split
      self.samples = samples
      self.accuracy = accuracy
      self.macroF1 = macroF1
      self.perClassF1 = perClassF1
      self.perClassRecall = perClassRecall
      self.confusionMatrix = confusionMatrix
    }
  }

  public init(
    name: String, version: String, architecture: String, preprocessing: PreprocessingOptions,
    intendedUse: String, clinicalUse: Bool = false, notice: String? = nil, training: Training? = nil,
    validation: Validation? = nil
  ) {
    self.format = Self.currentFormat
    self.name = name
    self.version = version
    self.architecture = architecture
    self.classes = Self.requiredClasses
    self.preprocessing = preprocessing
    self.intendedUse = intendedUse
    self.clinicalUse = clinicalUse
    self.notice = notice
    self.training = training
    self.validation = validation
  }

  public static let currentFormat = "densa-model-card/1"
  public static let requiredClasses = ["a", "b", "c", "d"]

  /// The card that belongs to a weights file: same folder, `.safetensors` replaced by `.card.json`.
  public static func url(forWeights weights: URL) -> URL {
    weights.deletingPathExtension().appendingPathExtension("card.json")
  }

  /// Reads and checks a card.
  public init(contentsOf url: URL) throws(ModelError) {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      // Foundation's wording ("The operation could not be completed") says nothing of the cause.
      let cause =
        !FileManager.default.fileExists(atPath: url.path)
        ? "no such file"
        : FileManager.default.isReadableFile(atPath: url.path) ? error.localizedDescription : "permission denied"
      throw ModelError(file: url.path, reason: "cannot read the model card: \(cause)")
    }
    do { self = try JSONDecoder().decode(ModelCard.self, from: data) } catch {
      throw ModelError(file: url.path, reason: "not a densa model card: \(error)")
    }
    guard format == Self.currentFormat else {
      throw ModelError(file: url.path, reason: "unsupported card format \"\(format)\" (expected \(Self.currentFormat))")
    }
    guard classes == Self.requiredClasses else {
      throw ModelError(file: url.path, reason: "class order must be a, b, c, d; got \(classes.joined(separator: ", "))")
    }
    do { try preprocessing.validate() } catch {
      throw ModelError(file: url.path, reason: "preprocessing: \(error)")
    }
    if let calibration {
      guard calibration.method == Calibration.temperatureScaling else {
        throw ModelError(
          file: url.path, reason: "calibration method \"\(calibration.method)\" is not temperature-scaling")
      }
      guard calibration.temperature.isFinite, calibration.temperature > 0 else {
        throw ModelError(file: url.path, reason: "calibration temperature must be a positive number")
      }
    }
  }

  /// The card as pretty, key-sorted JSON.
  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain values cannot fail.
    return (try? encoder.encode(self)) ?? Data()
  }

  /// True when the outputs must say the model is not for clinical use.
  public var requiresNotice: Bool { !clinicalUse || training?.syntheticPhantoms == true }

  /// The statement outputs carry when ``requiresNotice``.
  public var noticeText: String {
    if let notice { return notice }
    if training?.syntheticPhantoms == true { return "Trained on synthetic phantoms; not for clinical use." }
    return "Model \(name) \(version) is not validated for clinical use."
  }
}
