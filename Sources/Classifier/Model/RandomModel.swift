import Foundation
import Seeded

/// A timm-layout ConvNeXt with seeded random weights (and non-trivial layer scales), for tests,
/// benchmarks and pipeline checks. It knows nothing about breasts: its outputs are noise.
public enum RandomModel {
  /// The state_dict tensors of `architecture`, named as timm names them.
  public static func tensors(_ architecture: ConvNeXtArchitecture, seed: UInt64) -> [String: WeightTensor] {
    var rng = SeededGenerator(seed: seed)
    func random(_ shape: [Int], scale: Float) -> WeightTensor {
      WeightTensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in scale * rng.uniform() })
    }
    func norm(_ prefix: String, _ c: Int, into t: inout [String: WeightTensor]) {
      t["\(prefix).weight"] = WeightTensor(shape: [c], values: (0..<c).map { _ in 1 + 0.1 * rng.uniform() })
      t["\(prefix).bias"] = random([c], scale: 0.1)
    }
    var t = [String: WeightTensor]()
    let dims = architecture.dims
    let cin = architecture.inputChannels
    t["stem.0.weight"] = random([dims[0], cin, 4, 4], scale: 1 / Float(cin * 16).squareRoot())
    t["stem.0.bias"] = random([dims[0]], scale: 0.1)
    norm("stem.1", dims[0], into: &t)
    for (s, c) in dims.enumerated() {
      if s > 0 {
        norm("stages.\(s).downsample.0", dims[s - 1], into: &t)
        t["stages.\(s).downsample.1.weight"] = random(
          [c, dims[s - 1], 2, 2], scale: 1 / Float(dims[s - 1] * 4).squareRoot())
        t["stages.\(s).downsample.1.bias"] = random([c], scale: 0.1)
      }
      for b in 0..<architecture.depths[s] {
        let p = "stages.\(s).blocks.\(b)"
        t["\(p).conv_dw.weight"] = random([c, 1, 7, 7], scale: 1 / 7)
        t["\(p).conv_dw.bias"] = random([c], scale: 0.1)
        norm("\(p).norm", c, into: &t)
        t["\(p).mlp.fc1.weight"] = random([4 * c, c], scale: 1 / Float(c).squareRoot())
        t["\(p).mlp.fc1.bias"] = random([4 * c], scale: 0.1)
        t["\(p).mlp.fc2.weight"] = random([c, 4 * c], scale: 1 / Float(4 * c).squareRoot())
        t["\(p).mlp.fc2.bias"] = random([c], scale: 0.1)
        t["\(p).gamma"] = random([c], scale: 0.5)
      }
    }
    norm("head.norm", dims.last!, into: &t)
    t["head.fc.weight"] = random([architecture.classes, dims.last!], scale: 1 / Float(dims.last!).squareRoot())
    t["head.fc.bias"] = random([architecture.classes], scale: 0.1)
    return t
  }

  /// Writes `NAME.safetensors` and `NAME.card.json` into `directory`; returns the weights' URL.
  /// The card says the model is random and not for any use but testing.
  @discardableResult
  public static func write(
    _ architecture: ConvNeXtArchitecture, seed: UInt64, preprocessing: PreprocessingOptions, name: String,
    to directory: URL
  ) throws -> URL {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let weights = directory.appendingPathComponent("\(name).safetensors")
    try SafetensorsWriter.encode(tensors(architecture, seed: seed)).write(to: weights, options: .atomic)
    let card = ModelCard(
      name: name, version: "0.0.0-random", architecture: architecture.variantName, preprocessing: preprocessing,
      intendedUse: "Testing the pipeline only: random weights, outputs are noise.", clinicalUse: false,
      notice: "Random weights for testing; not for clinical use.",
      training: .init(data: "none", provenance: "seeded random initialisation (seed \(seed))", syntheticPhantoms: false)
    )
    try card.encoded().write(to: ModelCard.url(forWeights: weights), options: .atomic)
    return weights
  }
}

extension SeededGenerator {
  /// A uniform float in -1...1.
  fileprivate mutating func uniform() -> Float { Float(unit()) * 2 - 1 }
}
