/// The parameters of ConvNeXt's head after the last stage: global average pool, LayerNorm
/// (`head.norm`), linear layer (`head.fc`). Plain arrays, so Grad-CAM needs no network object.
public struct ClassifierHead: Sendable {
  /// `head.norm.weight` and `head.norm.bias`, `C` values each.
  public var normWeight: [Float]
  public var normBias: [Float]
  /// `head.fc.weight`, `classes x C` row-major, and `head.fc.bias`, `classes` values.
  public var fcWeight: [Float]
  public var fcBias: [Float]
  /// LayerNorm epsilon (timm's ConvNeXt uses 1e-6).
  public var epsilon: Float

  public var channels: Int { normWeight.count }
  public var classes: Int { fcBias.count }

  public init(normWeight: [Float], normBias: [Float], fcWeight: [Float], fcBias: [Float], epsilon: Float = 1e-6) {
    precondition(normBias.count == normWeight.count, "head.norm weight and bias differ in size")
    precondition(fcWeight.count == fcBias.count * normWeight.count, "head.fc weight is not classes x C")
    self.normWeight = normWeight
    self.normBias = normBias
    self.fcWeight = fcWeight
    self.fcBias = fcBias
    self.epsilon = epsilon
  }
}

/// The last stage's output for one image, channels-last: `height * width * channels` values.
public struct FeatureMap: Sendable {
  public var values: [Float]
  public var height: Int
  public var width: Int
  public var channels: Int

  public init(values: [Float], height: Int, width: Int, channels: Int) {
    precondition(values.count == height * width * channels, "feature map is not H x W x C")
    self.values = values
    self.height = height
    self.width = width
    self.channels = channels
  }

  /// Mean over positions, per channel.
  public func pooled() -> [Double] {
    var sum = [Double](repeating: 0, count: channels)
    values.withUnsafeBufferPointer { f in
      for p in 0..<(height * width) {
        let base = p * channels
        for c in 0..<channels { sum[c] += Double(f[base + c]) }
      }
    }
    let n = Double(height * width)
    return sum.map { $0 / n }
  }
}
