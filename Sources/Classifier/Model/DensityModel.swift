import BIRADS
import Foundation
import Raster

/// A breast-density classifier ready to run: the ConvNeXt, its model card and its identity.
///
/// Load it once and share it; ``predict(_:heatmaps:)`` may run from several tasks at once.
public final class DensityModel: Sendable {
  public let network: ConvNeXt
  public let card: ModelCard
  public let identity: ModelIdentity
  public let weightsURL: URL

  /// Loads `weights` (timm safetensors) and the card beside it, and hashes the weights.
  /// - Parameter precision: the arithmetic of the block MLPs' and downsampling GEMMs; bf16 is refused on a CPU without a bf16 GEMM.
  public convenience init(weights url: URL, precision: InferencePrecision = .fp32) throws(ModelError) {
    if let reason = precision.unavailableReason { throw ModelError(file: url.path, reason: reason) }
    let cardURL = ModelCard.url(forWeights: url)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ModelError(file: url.path, reason: "model weights not found (set model.weights or --model)")
    }
    guard FileManager.default.fileExists(atPath: cardURL.path) else {
      throw ModelError(
        file: url.path,
        reason: "no model card beside the weights (expected \(cardURL.lastPathComponent)); a model must say what it is")
    }
    let card = try ModelCard(contentsOf: cardURL)
    let network: ConvNeXt
    do { network = try ConvNeXt(file: try SafetensorsFile(path: url.path), precision: precision) } catch {
      // The model error names the file; the safetensors error says only what is wrong with it.
      throw ModelError(file: url.path, reason: error.reason)
    }
    try self.init(network: network, card: card, weightsURL: url, sha256: try ModelIdentity.sha256(ofFile: url))
  }

  /// Wraps an already loaded network (tests, benchmarks); checks that card and network agree.
  public init(network: ConvNeXt, card: ModelCard, weightsURL: URL, sha256: String) throws(ModelError) {
    let arch = network.architecture
    guard arch.classes == ModelCard.requiredClasses.count else {
      throw ModelError(
        file: weightsURL.path, reason: "the head has \(arch.classes) outputs; densa needs 4 (a, b, c, d)")
    }
    guard arch.inputChannels == card.preprocessing.channels else {
      throw ModelError(
        file: weightsURL.path,
        reason: "the stem takes \(arch.inputChannels) channels but the card normalises \(card.preprocessing.channels)")
    }
    let p = card.preprocessing
    guard p.inputHeight % 32 == 0, p.inputWidth % 32 == 0 else {
      throw ModelError(file: weightsURL.path, reason: "input \(p.inputHeight)x\(p.inputWidth) is not a multiple of 32")
    }
    self.network = network
    self.card = card
    self.weightsURL = weightsURL
    self.identity = ModelIdentity(name: card.name, version: card.version, sha256: sha256, precision: network.precision)
  }

  /// Turns a decoded view into this model's input (the shared preprocessing path).
  public func prepare(_ view: GrayImage, laterality: Laterality?) throws(PreprocessingError) -> ModelInput {
    try preprocess(view, laterality: laterality, options: card.preprocessing)
  }

  /// Runs the network on prepared views as one batch. Probabilities are the softmax of the logits
  /// divided by the card's temperature; ``ViewPrediction/logits`` stay the network's own.
  /// - Parameter heatmaps: also compute each view's Grad-CAM map for its predicted class.
  public func predict(_ inputs: [ModelInput], heatmaps: Bool = false) -> [ViewPrediction] {
    guard !inputs.isEmpty else { return [] }
    let p = card.preprocessing
    var batch = [Float]()
    batch.reserveCapacity(inputs.count * p.channels * p.inputHeight * p.inputWidth)
    for input in inputs {
      precondition(input.height == p.inputHeight && input.width == p.inputWidth, "input was not prepared by this model")
      batch += input.tensor
    }
    let out = network.forward(batch: batch, n: inputs.count, height: p.inputHeight, width: p.inputWidth)
    let classes = network.architecture.classes
    let head = heatmaps ? network.weights.classifierHead : nil
    return inputs.indices.map { i in
      let logits = Array(out.logits[(i * classes)..<((i + 1) * classes)])
      // Calibration rescales the logits; the category, and so Grad-CAM's class, stay the same.
      let probabilities = DensityProbabilities(logits: logits, temperature: card.temperature)
      var cam: [Float]? = nil
      if let head { cam = GradCAM.map(out.features(ofImage: i), head: head, classIndex: probabilities.category.index) }
      return ViewPrediction(
        logits: logits, probabilities: probabilities, geometry: inputs[i].geometry, cam: cam,
        camWidth: out.featureWidth, camHeight: out.featureHeight)
    }
  }
}

extension ConvNeXtWeights {
  /// The head's parameters in the form Grad-CAM takes.
  public var classifierHead: ClassifierHead {
    ClassifierHead(normWeight: headNorm.weight, normBias: headNorm.bias, fcWeight: headWeight, fcBias: headBias)
  }
}
